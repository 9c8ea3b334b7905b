package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// result is what one run of a test script produced.
type result struct {
	code           int
	stdout, stderr string
	logs           string // stderr with each logfmt entry as "level: message"
	dir            string
	export         map[string]any // --summary-export contents, if written
}

// runFiles writes files into a fresh directory and runs the first entry
// named script.js or script.ts there with the embedded server disabled
// unless the caller's cfg enables it.
func runFiles(t *testing.T, files map[string]string, cfg Config) result {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if cfg.ScriptPath == "" {
		cfg.ScriptPath = filepath.Join(dir, "script.js")
		if _, ok := files["script.ts"]; ok {
			cfg.ScriptPath = filepath.Join(dir, "script.ts")
		}
	} else if !filepath.IsAbs(cfg.ScriptPath) {
		cfg.ScriptPath = filepath.Join(dir, cfg.ScriptPath)
	}
	exportPath := filepath.Join(dir, "summary-export.json")
	cfg.SummaryExport = exportPath
	var stdout, stderr bytes.Buffer
	cfg.Stdout, cfg.Stderr = &stdout, &stderr
	if cfg.Env == nil {
		cfg.Env = map[string]string{}
	}
	cfg.Env["OUT_DIR"] = dir
	code := Run(context.Background(), cfg)
	r := result{code: code, stdout: stdout.String(), stderr: stderr.String(), dir: dir}
	r.logs = decodeLogfmt(t, r.stderr)
	if raw, err := os.ReadFile(exportPath); err == nil {
		if err := json.Unmarshal(raw, &r.export); err != nil {
			t.Fatalf("summary export is not JSON: %v", err)
		}
	}
	return r
}

// run runs one script.js without the embedded server.
func run(t *testing.T, script string) result {
	t.Helper()
	return runFiles(t, map[string]string{"script.js": script}, Config{NoEmbedded: true})
}

// wantCode fails the test unless r exited with code.
func (r result) wantCode(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// metric returns one value of a metric from the summary export.
func (r result) metric(t *testing.T, name, field string) float64 {
	t.Helper()
	m, ok := r.export["metrics"].(map[string]any)[name].(map[string]any)
	if !ok {
		t.Fatalf("summary export has no metric %q: %v", name, r.export["metrics"])
	}
	v, ok := m[field].(float64)
	if !ok {
		t.Fatalf("metric %q has no %q: %v", name, field, m)
	}
	return v
}

// logfmtEntry matches the start of a logfmt line; its msg follows.
var logfmtEntry = regexp.MustCompile(`^time="[^"]*" level=(\w+) msg=`)

// decodeLogfmt rewrites the logfmt entries of stderr (which is not a
// terminal in tests) as "level: message fields", unquoting the message,
// so tests can look for the text a user reads.
func decodeLogfmt(t *testing.T, stderr string) string {
	t.Helper()
	lines := strings.Split(stderr, "\n")
	for i, line := range lines {
		m := logfmtEntry.FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		level, rest := line[m[2]:m[3]], line[m[1]:]
		msg := rest
		if strings.HasPrefix(rest, `"`) {
			quoted, err := strconv.QuotedPrefix(rest)
			if err != nil {
				t.Fatalf("bad logfmt message in %q: %v", line, err)
			}
			msg, _ = strconv.Unquote(quoted)
			rest = rest[len(quoted):]
		} else {
			msg, rest, _ = strings.Cut(rest, " ")
			rest = " " + rest
		}
		lines[i] = level + ": " + msg + rest
	}
	return strings.Join(lines, "\n")
}
