package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMergeThresholdHoldsPerFileFailsGlobally: two runs of 2 iterations
// each pass count<3 on their own; merged they did 4 and exit 99.
func TestMergeThresholdHoldsPerFileFailsGlobally(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	script := writeScript(t, "count.js", `
export const options = { iterations: 2, thresholds: { iterations: ['count<3'] } };
export default function () {}
`)
	dir := t.TempDir()
	var files []string
	for _, id := range []string{"0", "1"} {
		file := filepath.Join(dir, "result-"+id+".json")
		code, stdout, stderr := natsk6(ctx, t, "run", "-q", "--no-summary", "--tag", "instance_id="+id, "--out", "result="+file, script)
		if code != 0 {
			t.Fatalf("run %s: exit %d\nstdout: %s\nstderr: %s", id, code, stdout, stderr)
		}
		files = append(files, file)
		if code, stdout, stderr := natsk6(ctx, t, append([]string{"merge", "--no-color"}, file)...); code != 0 || !strings.Contains(stdout, "✓ 'count<3' count=2") {
			t.Fatalf("merge of %s alone: exit %d\nstdout: %s\nstderr: %s", file, code, stdout, stderr)
		}
	}
	report := filepath.Join(dir, "report.html")
	code, stdout, stderr := natsk6(ctx, t, append([]string{"merge", "--no-color", "--out", "web-dashboard=export=" + report}, files...)...)
	if code != 99 || !strings.Contains(stdout, "✗ 'count<3' count=4") ||
		!strings.Contains(stderr, "thresholds on metrics 'iterations' have been crossed: iterations 'count<3' count=4") {
		t.Fatalf("merge of both: exit %d, want 99\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	// The HTML report's threshold table has the merged verdict.
	html, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"metric":"iterations","source":"count\u003c3","aggregation":"count","value":4,"ok":false}`; !strings.Contains(string(html), want) {
		t.Fatalf("the report lacks %s", want)
	}
}

func TestMergeRejectsWhatIsNotAResultFile(t *testing.T) {
	dir := t.TempDir()
	summary := filepath.Join(dir, "summary.json")
	if err := os.WriteFile(summary, []byte(`{"root_group":{},"metrics":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		args []string
		code int
		want string
	}{
		"a summary export":       {[]string{"merge", summary}, 104, "has no version: is it a natsk6 --out result=FILE file?"},
		"a missing file":         {[]string{"merge", filepath.Join(dir, "absent.json")}, 104, "no such file"},
		"a file that never came": {[]string{"merge", "--wait", "10ms", filepath.Join(dir, "late.json")}, 104, "after waiting 10ms, no result file yet at"},
		"a bad wait":             {[]string{"merge", "--wait", "soon", summary}, 104, `--wait: want a duration such as 10m, got "soon"`},
		"no file":                {[]string{"merge"}, 255, "requires at least 1 arg"},
		"an unknown output":      {[]string{"merge", "--out", "csv=x.csv", summary}, 104, "merge writes only web-dashboard=export=FILE"},
		"a bad summary mode":     {[]string{"merge", "--summary-mode", "short", summary}, 104, `summary mode "short"`},
		"result given twice":     {[]string{"run", "--out", "result=a", "--out", "result=b", "x.js"}, 104, "--out: the result output is given twice"},
		"result without file":    {[]string{"run", "--out", "result=", "x.js"}, 104, "--out: the result output needs a file: result=FILE"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := natsk6(context.Background(), t, c.args...)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, want %d; stderr %q, want it to contain %q", code, c.code, stderr, c.want)
			}
		})
	}
}

// TestResultOutputFromK6Out: K6_OUT lists the result file like any
// output, next to one whose argument has commas of its own.
func TestResultOutputFromK6Out(t *testing.T) {
	dir := t.TempDir()
	result, points := filepath.Join(dir, "result.json"), filepath.Join(dir, "points.csv")
	t.Setenv("K6_OUT", "csv=file_name="+points+",save_interval=2s,result="+result)
	script := writeScript(t, "one.js", `export default function () {}`)
	code, stdout, stderr := natsk6(context.Background(), t, "run", "-q", "--no-summary", script)
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if _, err := os.Stat(points); err != nil {
		t.Fatalf("the csv output: %v", err)
	}
	code, stdout, stderr = natsk6(context.Background(), t, "merge", "--no-color", result)
	if code != 0 || !strings.Contains(stdout, "iterations...........: 1") {
		t.Fatalf("merge of the K6_OUT result: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
}

func TestResumeFailsOnAnInstanceThatIsNotThere(t *testing.T) {
	addr := freeAddress(t)
	code, stdout, stderr := natsk6(context.Background(), t, "resume", "--address", addr, "--wait", "300ms")
	if code != exitResumeFailed || stdout != "" || !strings.Contains(stderr, "Error: "+addr+" is not ready to resume") || strings.Contains(stderr, "Usage:") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if code, _, stderr := natsk6(context.Background(), t, "resume", "--wait", "soon"); code != 104 || !strings.Contains(stderr, `--wait: want a positive duration such as 5m, got "soon"`) {
		t.Fatalf("a bad --wait: exit %d, stderr %s", code, stderr)
	}
}
