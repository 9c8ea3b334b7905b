package script

import (
	"encoding/json"

	"github.com/evanw/esbuild/pkg/api"
)

// builtinNamespace is esbuild's namespace for the k6 modules.
const builtinNamespace = "k6-builtin"

// k6Modules stands in for each k6 module with a CommonJS module that
// returns the runner's require(name). The bundle then imports nothing, so
// it can be evaluated as an ES module (the only format that allows
// top-level await) without a sobek module record per k6 module; esbuild's
// CommonJS interop gives default and named imports their k6 meaning.
func k6Modules() api.Plugin {
	return api.Plugin{Name: "natsk6-k6-modules", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: `^k6(/.*)?$`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			return api.OnResolveResult{Path: a.Path, Namespace: builtinNamespace}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: builtinNamespace}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
			name, _ := json.Marshal(a.Path)
			src := "module.exports = globalThis.require(" + string(name) + ");"
			return api.OnLoadResult{Contents: &src, Loader: api.LoaderJS}, nil
		})
	}}
}
