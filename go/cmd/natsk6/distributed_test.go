package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/merge"
)

// distributedScript is the test deploy/kubernetes runs: TOTAL_ITERATIONS
// split by execution segments.
const distributedScript = "../../../deploy/kubernetes/base/test.ts"

// TestFourInstancesMergeIntoOneVerdict runs the Kubernetes flow with
// local processes: four natsk6 processes against one nats-server, each
// started paused, resumed together by natsk6 resume, running one
// execution segment and writing its result file; then natsk6 merge
// gives the verdict.
func TestFourInstancesMergeIntoOneVerdict(t *testing.T) {
	bin := buildNatsk6(t)
	url, nc := startServer(t)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	stream, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "DISTRIBUTED", Subjects: []string{"distributed.>"}})
	if err != nil {
		t.Fatal(err)
	}
	const instances, total, perIteration = 4, 26, 10
	dir := t.TempDir()
	var results []string
	var procs []*exec.Cmd
	var addrs []string
	var outputs []*bytes.Buffer
	sequence := "0,1/4,2/4,3/4,1"
	bounds := strings.Split(sequence, ",")
	for i := range instances {
		result := filepath.Join(dir, fmt.Sprintf("result-%d.json", i))
		results = append(results, result)
		// The same script and environment for every instance, as in the
		// Indexed Job; the segment flags split the whole test's iterations.
		addrs = append(addrs, freeAddress(t))
		cmd := exec.CommandContext(ctx, bin, "run", "-q", "--no-summary", "--no-thresholds", "--no-embedded", "--paused", "--address", addrs[i],
			"--execution-segment", bounds[i]+":"+bounds[i+1], "--execution-segment-sequence", sequence,
			"--tag", fmt.Sprintf("instance_id=%d", i), "--out", "result="+result,
			"-e", "NATS_URL="+url, "-e", "SUBJECT=distributed", "-e", fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i),
			"-e", fmt.Sprintf("INSTANCES=%d", instances), "-e", fmt.Sprintf("TOTAL_ITERATIONS=%d", total),
			distributedScript)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs, outputs = append(procs, cmd), append(outputs, &out)
	}
	// The start barrier: resume waits until all four are initialized and
	// paused, then starts them together (without it they wait forever).
	resumeArgs := []string{"resume", "--wait", "1m"}
	for _, a := range addrs {
		resumeArgs = append(resumeArgs, "--address", a)
	}
	if out, err := exec.CommandContext(ctx, bin, resumeArgs...).CombinedOutput(); err != nil || !strings.Contains(string(out), "resumed 4 test instance(s)") {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	for i, cmd := range procs {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("instance %d: %v\n%s", i, err, outputs[i])
		}
	}

	// Each segment ran its share; the shares add up to the whole test.
	sum := 0.0
	for _, r := range results {
		one, err := merge.Combine([]string{r})
		if err != nil {
			t.Fatal(err)
		}
		n := one.Aggregator.Query(one.Aggregator.Registry.Get("iterations")).Sum
		if n < 6 || n > 7 {
			t.Fatalf("%s: %v iterations, want a quarter of %d", r, n, total)
		}
		sum += n
	}
	if sum != total {
		t.Fatalf("the instances ran %v iterations, want %d", sum, total)
	}

	// The server stored what the four instances published together.
	if got := storedMessages(ctx, t, stream, total*perIteration); got != total*perIteration {
		t.Fatalf("stream holds %d messages, want %d", got, total*perIteration)
	}

	export := filepath.Join(dir, "summary.json")
	code, stdout, stderr := runMerge(t, bin, append([]string{"--summary-export", export}, results...)...)
	if code != 0 {
		t.Fatalf("merge exit %d, want 0\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	for _, want := range []string{"✓ 'count==26' count=26", "✓ 'rate==1' rate=100.00%", "checks_succeeded...: 100.00% 26 out of 26",
		fmt.Sprintf("nats_msgs_published....: %d", total*perIteration)} {
		if !strings.Contains(stdout, want) {
			t.Errorf("merged summary lacks %q:\n%s", want, stdout)
		}
	}
	var exported struct {
		Metrics map[string]map[string]any `json:"metrics"`
	}
	raw, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &exported); err != nil {
		t.Fatal(err)
	}
	if got := exported.Metrics["iterations"]["count"]; got != float64(total) {
		t.Fatalf("merged iterations.count %v, want the sum over instances, %d", got, total)
	}
	if got := exported.Metrics["nats_msgs_published"]["count"]; got != float64(total*perIteration) {
		t.Fatalf("merged nats_msgs_published.count %v, want %d as the server counted", got, total*perIteration)
	}

	// One instance's file missing: the merge names the segment no file
	// ran, and the global threshold fails without its share.
	code, _, stderr = runMerge(t, bin, results[:3]...)
	if code != 99 || !strings.Contains(stderr, "no result file ran the execution segments 3/4:1") ||
		!strings.Contains(stderr, "thresholds on metrics 'iterations' have been crossed") {
		t.Fatalf("merge of 3 of 4 files: exit %d, want 99\nstderr: %s", code, stderr)
	}
}

func runMerge(t *testing.T, bin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"merge", "--no-color"}, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		return exit.ExitCode(), out.String(), errOut.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, out.String(), errOut.String()
}
