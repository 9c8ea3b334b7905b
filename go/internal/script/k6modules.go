package script

import (
	"encoding/json"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// builtinNamespace is esbuild's namespace for the k6 modules.
const builtinNamespace = "k6-builtin"

// Builtin is a module the runner's require provides, as the bundle's
// import stub declares it.
type Builtin struct {
	// Exports are the module's named exports.
	Exports []string
	// Methods says its functions are methods of the module object (the
	// NATS module's): a named import is bound to it, so that
	// `import { connect } from 'k6/x/nats'` works as k6 has it.
	Methods bool
}

// k6Modules stands in for each k6 module with a stub that returns the
// runner's require(name). The bundle then imports nothing, so it can be
// evaluated as an ES module (the only format that allows top-level
// await) without a sobek module record per k6 module.
//
// A module in builtins gets an ES module stub: its default export is the
// module object and each named export one member of it, read by a call
// marked pure, so esbuild drops the exports a script does not import.
// Any other name gets a CommonJS stub, which esbuild's interop imports by
// copying every property into getters per VU (more than half of a VU's
// start-up for the usual imports) and whose require reports the unknown
// module when the script runs.
func k6Modules(builtins map[string]Builtin) api.Plugin {
	return api.Plugin{Name: "natsk6-k6-modules", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: `^k6(/.*)?$`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			return api.OnResolveResult{Path: a.Path, Namespace: builtinNamespace}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: builtinNamespace}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
			src := commonJSStub(a.Path)
			if builtin, ok := builtins[a.Path]; ok {
				src = moduleStub(a.Path, builtin)
			}
			return api.OnLoadResult{Contents: &src, Loader: api.LoaderJS}, nil
		})
	}}
}

func commonJSStub(name string) string {
	return "module.exports = globalThis.require(" + jsString(name) + ");"
}

func moduleStub(name string, b Builtin) string {
	var s strings.Builder
	s.WriteString("const m = globalThis.require(" + jsString(name) + ");\nexport default m;\n")
	if len(b.Exports) == 0 {
		return s.String()
	}
	if b.Methods {
		s.WriteString("const member = (k) => typeof m[k] === 'function' ? m[k].bind(m) : m[k];\n")
	} else {
		s.WriteString("const member = (k) => m[k];\n")
	}
	for _, name := range b.Exports {
		s.WriteString("export const " + name + " = /* @__PURE__ */ member(" + jsString(name) + ");\n")
	}
	return s.String()
}

func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}
