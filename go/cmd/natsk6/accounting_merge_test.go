package main

import (
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
)

// accountingScript is one test run in roles: the producer publishes 100
// acked, stamped messages, every tenth to acct.drop and the others to
// acct.keep; a consumer fetches WANT messages of FILTER through its own
// durable consumer. The thresholds are the same in every role, as in
// one test's instances.
const accountingScript = `import nats from 'k6/x/nats';
export const options = { iterations: 1, thresholds: { nats_msgs_lost: ['count==0'] } };
const js = nats.jetStream(nats.connect({ accounting: true }));
export default function () {
  if (__ENV.ROLE === 'producer') {
    for (let i = 1; i <= 100; i++) js.publish(i % 10 === 0 ? 'acct.drop' : 'acct.keep', 'm' + i);
    return;
  }
  const want = Number(__ENV.WANT);
  const sub = js.pullSubscribe('ACCT', __ENV.FILTER, __ENV.CONSUMER);
  let got = 0;
  for (let tries = 0; got < want && tries < 20; tries++) got += sub.ackAll(sub.fetch(want - got, 1000));
  if (got !== want) throw new Error('fetched ' + got + ' of ' + want);
}
`

// TestMergeAccountsForMessagesAcrossProcesses: a producer in one natsk6
// process, consumers in others, each writing its result file. Alone, the
// producer's file loses everything it sent; merged with a consumer of
// acct.keep only, exactly the 10 acct.drop messages are lost and the
// threshold fails (99); with a consumer of acct.drop too, nothing is
// lost (0), and a third process consuming 5 of acct.keep again counts
// 5 duplicates.
func TestMergeAccountsForMessagesAcrossProcesses(t *testing.T) {
	bin := buildNatsk6(t)
	url, nc := startServer(t)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "ACCT", Subjects: []string{"acct.>"}}); err != nil {
		t.Fatal(err)
	}
	script := writeScript(t, "accounting.js", accountingScript)
	dir := t.TempDir()
	run := func(instance int, env ...string) string {
		t.Helper()
		result := filepath.Join(dir, fmt.Sprintf("result-%d.json", instance))
		args := []string{"run", "-q", "--no-summary", "--no-thresholds", "--no-embedded", "--tag", fmt.Sprintf("instance_id=%d", instance),
			"--out", "result=" + result, "-e", "NATS_URL=" + url}
		for _, e := range env {
			args = append(args, "-e", e)
		}
		if out, err := exec.CommandContext(ctx, bin, append(args, script)...).CombinedOutput(); err != nil {
			t.Fatalf("instance %d (%v): %v\n%s", instance, env, err, out)
		}
		return result
	}
	export := filepath.Join(dir, "summary.json")
	merge := func(files ...string) (int, string, string) {
		t.Helper()
		cmd := exec.CommandContext(ctx, bin, append([]string{"merge", "--no-color", "--summary-export", export}, files...)...)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, stdout.String(), stderr.String()
	}
	producer := run(0, "ROLE=producer")
	keep := run(1, "ROLE=consumer", "FILTER=acct.keep", "CONSUMER=keep", "WANT=90")
	drop := run(2, "ROLE=consumer", "FILTER=acct.drop", "CONSUMER=drop", "WANT=10")
	again := run(3, "ROLE=consumer", "FILTER=acct.keep", "CONSUMER=again", "WANT=5")

	cases := []struct {
		name  string
		files []string
		code  int
		want  []string
		// counts are the merged counters, from --summary-export.
		counts map[string]float64
	}{
		{"the producer alone", []string{producer}, 99, []string{
			"sent=100 acked=100 delivered=0 lost=100 unacked=0 duplicated=0",
			"✗ 'count==0' count=100",
		}, map[string]float64{"nats_msgs_lost": 100}},
		{"the producer and the acct.keep consumer", []string{producer, keep}, 99, []string{
			"sent=100 acked=100 delivered=90 lost=10 unacked=0 duplicated=0 out_of_order=0",
			"-js lost 10: 10, 20, 30, 40, 50, 60, 70, 80, 90, 100\n",
			"✗ 'count==0' count=10",
		}, map[string]float64{"nats_msgs_lost": 10, "nats_msgs_duplicated": 0, "nats_js_msgs_fetched": 90}},
		{"every consumer", []string{producer, keep, drop}, 0, []string{
			"sent=100 acked=100 delivered=100 lost=0 unacked=0 duplicated=0 out_of_order=0",
			"✓ 'count==0' count=0",
		}, map[string]float64{"nats_msgs_lost": 0, "nats_msgs_duplicated": 0, "nats_js_msgs_fetched": 100}},
		{"a second consumer of acct.keep", []string{producer, keep, drop, again}, 0, []string{
			"sent=100 acked=100 delivered=100 lost=0 unacked=0 duplicated=5 out_of_order=0",
		}, map[string]float64{"nats_msgs_lost": 0, "nats_msgs_duplicated": 5, "nats_js_msgs_fetched": 105}},
	}
	for _, c := range cases {
		code, stdout, stderr := merge(c.files...)
		ok := code == c.code
		for _, w := range c.want {
			ok = ok && strings.Contains(stdout, w)
		}
		if c.code == 99 {
			ok = ok && strings.Contains(stderr, "thresholds on metrics 'nats_msgs_lost' have been crossed")
		}
		for name, want := range c.counts {
			if got := exportedCount(t, export, name); got != want {
				t.Errorf("%s: merged %s = %v, want %v", c.name, name, got, want)
			}
		}
		if !ok {
			t.Errorf("%s: exit %d, want %d and %q\nstdout: %s\nstderr: %s", c.name, code, c.code, c.want, stdout, stderr)
		}
	}
}

// exportedCount is the count of the counter name in a summary export.
func exportedCount(t *testing.T, path, name string) float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Metrics map[string]struct {
			Count *float64 `json:"count"`
		} `json:"metrics"`
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	m, ok := sum.Metrics[name]
	if !ok || m.Count == nil {
		t.Fatalf("the summary export has no count of %s", name)
	}
	return *m.Count
}
