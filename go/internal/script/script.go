// Package script turns a k6-style test script (.js or .ts, ES modules,
// relative and node_modules imports) into one CommonJS bundle that a VU's
// sobek runtime can run, with an inline source map so that exceptions point
// at the author's own files and lines.
package script

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
	// Code is a CommonJS bundle ending in an inline source map. Its
	// exports land on module.exports (esbuild replaces the object), so
	// read module.exports after running it, not the exports argument.
	Code string
}

// Wrapped returns Code as a function expression taking (module, exports,
// require). The wrapper adds no line before the code and ends with a "})"
// line, which sobek skips when it looks for the source map, so mapped
// line numbers stay exact.
func (p *Program) Wrapped() string {
	return "(function (module, exports, require) {" + p.Code + "\n})"
}

// unsupported lists syntax that sobek cannot run, for esbuild to lower.
// Everything else is passed through as written (sobek runs ES2017+
// including async/await, class fields, optional chaining). Dynamic
// import() becomes require(), which the runner provides.
var unsupported = map[string]bool{
	"async-generator": false,
	"for-await":       false,
	"dynamic-import":  false,
}

// Load bundles the script at path.
func Load(path string) (*Program, error) {
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
		Format:         api.FormatCommonJS,
		Platform:       api.PlatformNeutral,
		MainFields:     []string{"module", "main"},
		External:       []string{"k6", "k6/*"},
		Target:         api.ESNext,
		Supported:      unsupported,
		Sourcemap:      api.SourceMapInline,
		SourcesContent: api.SourcesContentInclude,
		LogLevel:       api.LogLevelSilent,
		AbsPaths:       api.LogAbsPath,
	})
	if len(res.Errors) > 0 {
		return nil, buildError(res.Errors)
	}
	for _, f := range res.OutputFiles {
		if strings.HasSuffix(f.Path, ".js") {
			return &Program{Path: abs, Dir: dir, Code: string(f.Contents)}, nil
		}
	}
	return nil, fmt.Errorf("script %s: esbuild produced no JavaScript output", abs)
}

// buildError joins esbuild's messages as "file:line:column: message",
// with a 1-based column as editors count them.
func buildError(msgs []api.Message) error {
	errs := make([]error, 0, len(msgs))
	for _, m := range msgs {
		if loc := m.Location; loc != nil {
			errs = append(errs, fmt.Errorf("%s:%d:%d: %s", loc.File, loc.Line, loc.Column+1, m.Text))
		} else {
			errs = append(errs, errors.New(m.Text))
		}
	}
	return errors.Join(errs...)
}
