// Command buildui bundles the web dashboard's front end (ui/, TypeScript
// with uPlot from node_modules) into the assets that package dashboard
// embeds. With -check it only compares a fresh bundle with the committed
// assets and fails when they differ (make lint runs it).
//
//	go run ./internal/dashboard/cmd/buildui [-check]   (from go/, after npm ci)
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

func main() {
	check := flag.Bool("check", false, "compare a fresh bundle with the committed assets instead of writing them")
	dir := flag.String("dir", "internal/dashboard", "the dashboard package's directory (ui/ and assets/ are in it)")
	nodeModules := flag.String("node-modules", "../node_modules", "the npm packages the front end imports (npm ci at the repository root)")
	flag.Parse()
	if err := run(*dir, *nodeModules, *check); err != nil {
		fmt.Fprintln(os.Stderr, "buildui:", err)
		os.Exit(1)
	}
}

// bundles maps each asset to the entry point it is built from.
var bundles = []struct{ entry, asset string }{
	{"ui/main.ts", "assets/dashboard.js"},
	{"ui/style.css", "assets/dashboard.css"},
}

func run(dir, nodeModules string, check bool) error {
	abs, err := filepath.Abs(nodeModules)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(abs, "uplot")); err != nil {
		return fmt.Errorf("uplot is not in %s: run npm ci at the repository root first", abs)
	}
	for _, b := range bundles {
		out, err := bundle(filepath.Join(dir, b.entry), abs)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, b.asset)
		if !check {
			if err := os.WriteFile(path, out, 0o644); err != nil {
				return err
			}
			continue
		}
		committed, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.Equal(committed, out) {
			return fmt.Errorf("%s is not the bundle of %s: run `make dashboard` and commit the result", path, b.entry)
		}
	}
	return nil
}

// bundle builds one entry point, minified, for browsers of the last
// few years; the result is the same bytes for the same sources.
func bundle(entry, nodeModules string) ([]byte, error) {
	res := api.Build(api.BuildOptions{
		EntryPoints:       []string{entry},
		Bundle:            true,
		Write:             false,
		Outdir:            "out",
		Format:            api.FormatIIFE,
		Target:            api.ES2020,
		Platform:          api.PlatformBrowser,
		MinifyWhitespace:  true,
		MinifySyntax:      true,
		MinifyIdentifiers: true,
		NodePaths:         []string{nodeModules},
		Charset:           api.CharsetUTF8,
		LegalComments:     api.LegalCommentsEndOfFile,
		LogLevel:          api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		msgs := api.FormatMessages(res.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage})
		return nil, fmt.Errorf("bundle %s:\n%s", entry, strings.Join(msgs, ""))
	}
	if len(res.OutputFiles) != 1 {
		return nil, fmt.Errorf("bundle %s: want one output file, got %d", entry, len(res.OutputFiles))
	}
	return res.OutputFiles[0].Contents, nil
}
