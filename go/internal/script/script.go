// Package script turns a k6-style test script (.js or .ts, ES modules,
// relative, node_modules and https:// imports, top-level await) into one
// ES module bundle that a VU's sobek runtime evaluates, with an inline
// source map so that exceptions point at the author's own files and lines.
package script

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// Program is a bundled script, ready for the runner.
type Program struct {
	// Path is the absolute path of the entry script. Compile the code
	// under this name: the source map's paths are relative to it.
	Path string
	// Dir is the entry script's directory; open() resolves relative
	// paths against it.
	Dir string
	// Code is an ES module ending in an inline source map, so top-level
	// await works. It imports nothing: the k6 modules become calls of the
	// global require(name), which the runner provides. Evaluate it and
	// read its exports through Module.
	Code string
	// CommonJS is set when the entry script is CommonJS (exports.x = ...
	// or module.exports): its exports object is the bundle's default export.
	CommonJS bool
	// DefaultNames matches the function names esbuild gave anonymous
	// default exports ("script_default"); stacks show them as "default",
	// as k6 does. Nil when there are none.
	DefaultNames *regexp.Regexp
}

// unsupported lists syntax that sobek cannot run, for esbuild to lower.
// Everything else is passed through as written (sobek runs ES2017+
// including async/await, class fields, optional chaining). Dynamic
// import() is bundled, resolving to the imported module's namespace.
var unsupported = map[string]bool{
	"async-generator": false,
	"for-await":       false,
	"dynamic-import":  false,
}

// Load bundles the script at path; builtins are the k6 modules the
// runner's require provides, by name.
func Load(path string, builtins map[string]Builtin) (*Program, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("script %s: %w", path, err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("script %s: file not found", abs)
		}
		return nil, fmt.Errorf("script %s: %w", abs, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("script %s: is a directory, not a script file", abs)
	}
	dir := filepath.Dir(abs)
	res := api.Build(api.BuildOptions{
		EntryPoints: []string{abs},
		// Not written: the outfile only anchors the source map's
		// relative paths in the script's directory.
		Outfile:        filepath.Join(dir, "natsk6-bundle.js"),
		Write:          false,
		Bundle:         true,
		Format:         api.FormatESModule,
		Platform:       api.PlatformNeutral,
		MainFields:     []string{"module", "main"},
		Target:         api.ESNext,
		Supported:      unsupported,
		Sourcemap:      api.SourceMapInline,
		SourcesContent: api.SourcesContentInclude,
		LogLevel:       api.LogLevelSilent,
		AbsPaths:       api.LogAbsPath,
		Plugins:        []api.Plugin{k6Modules(builtins), remoteModules()},
		Metafile:       true,
	})
	if len(res.Errors) > 0 {
		return nil, buildError(res.Errors)
	}
	for _, f := range res.OutputFiles {
		if strings.HasSuffix(f.Path, ".js") {
			code, err := nameRemoteSources(string(f.Contents))
			if err != nil {
				return nil, fmt.Errorf("script %s: %w", abs, err)
			}
			cjs, err := entryIsCommonJS(res.Metafile)
			if err != nil {
				return nil, fmt.Errorf("script %s: %w", abs, err)
			}
			names, err := defaultExportNames(res.Metafile)
			if err != nil {
				return nil, fmt.Errorf("script %s: %w", abs, err)
			}
			return &Program{Path: abs, Dir: dir, Code: code, CommonJS: cjs, DefaultNames: names}, nil
		}
	}
	return nil, fmt.Errorf("script %s: esbuild produced no JavaScript output", abs)
}

// entryIsCommonJS reads from esbuild's metafile whether the entry point
// was written as CommonJS.
func entryIsCommonJS(metafile string) (bool, error) {
	var meta struct {
		Inputs map[string]struct {
			Format string `json:"format"`
		} `json:"inputs"`
		Outputs map[string]struct {
			EntryPoint string `json:"entryPoint"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal([]byte(metafile), &meta); err != nil {
		return false, fmt.Errorf("esbuild metafile: %w", err)
	}
	for _, out := range meta.Outputs {
		if out.EntryPoint != "" {
			return meta.Inputs[out.EntryPoint].Format == "cjs", nil
		}
	}
	return false, nil
}

// buildError joins esbuild's messages as "file:line:column: message",
// with a 1-based column as editors count them, and names a k6 module as
// the script imports it, without esbuild's namespace.
func buildError(msgs []api.Message) error {
	errs := make([]error, 0, len(msgs))
	for _, m := range msgs {
		text := strings.ReplaceAll(m.Text, `"`+builtinNamespace+":", `"`)
		if loc := m.Location; loc != nil {
			errs = append(errs, fmt.Errorf("%s:%d:%d: %s", loc.File, loc.Line, loc.Column+1, text))
		} else {
			errs = append(errs, errors.New(text))
		}
	}
	return errors.Join(errs...)
}
