package main

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// segmentsScript publishes each iteration's iterationInTest, so the
// test reads back from the server which iterations of the whole test
// ran, across the instances.
const segmentsScript = `
import nats from 'k6/x/nats';
import exec from 'k6/execution';
export const options = {
  scenarios: {
    shared: { executor: 'shared-iterations', vus: 3, iterations: 10, exec: 'publish' },
    rate: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 2, exec: 'publish' },
  },
};
const conn = nats.connect();
export function publish() {
  conn.publish('e2e.seg.' + exec.scenario.name, String(exec.scenario.iterationInTest));
  conn.flush();
}
`

// Four paused instances, one per segment, resumed together by natsk6
// resume (through their REST API), do exactly the whole test's work: every iteration of both
// scenarios once.
func TestFourSegmentInstancesDoTheWholeTestOnce(t *testing.T) {
	url, nc := startServer(t)
	shared, err := nc.SubscribeSync("e2e.seg.shared")
	if err != nil {
		t.Fatal(err)
	}
	rate, err := nc.SubscribeSync("e2e.seg.rate")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	script := writeScript(t, "segments.js", segmentsScript)
	bin := buildNatsk6(t)
	sequence := "0,1/4,1/2,3/4,1"
	var procs []*process
	var addrs []string
	for i, seg := range []string{"0:1/4", "1/4:1/2", "1/2:3/4", "3/4:1"} {
		addr := freeAddress(t)
		// Half name their segment, half pick it by index, as Indexed Job pods.
		segment := []string{"--execution-segment", seg}
		if i >= 2 {
			segment = []string{"--execution-segment-index", strconv.Itoa(i)}
		}
		args := append([]string{"run", "-q", "--paused", "--address", addr, "-e", "NATS_URL=" + url,
			"--execution-segment-sequence", sequence, "--tag", "instance_id=" + strconv.Itoa(i)}, segment...)
		procs = append(procs, start(t, bin, append(args, script)...))
		addrs = append(addrs, addr)
	}
	for _, addr := range addrs {
		testsupport.Eventually(t, time.Minute, func() bool {
			doc, ok := getStatus(t, addr)
			return ok && doc.Data.Attributes.Status == 4
		}, "instance on %s to wait paused", addr)
	}
	if n, _, _ := shared.Pending(); n != 0 {
		t.Fatalf("%d iterations ran before the resume", n)
	}
	resume := []string{"resume"}
	for _, addr := range addrs {
		resume = append(resume, "-a", addr)
	}
	if code, _, stderr := natsk6(context.Background(), t, resume...); code != 0 {
		t.Fatalf("natsk6 resume: exit %d\n%s", code, stderr)
	}
	for i, p := range procs {
		if code := p.waitExit(t, time.Minute); code != 0 {
			t.Fatalf("instance %d exited %d\nstderr:\n%s", i, code, p.stderr.text())
		}
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		sub  *nats.Subscription
		want int
	}{"shared": {shared, 10}, "rate": {rate, 20}} {
		got := drainNumbers(t, tc.sub)
		want := make([]int, tc.want)
		for i := range want {
			want[i] = i
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: iterationInTest over the 4 instances %v, want 0..%d once each", name, got, tc.want-1)
		}
	}
}

// drainNumbers reads the pending messages of sub (flushed already) as
// sorted integers.
func drainNumbers(t *testing.T, sub *nats.Subscription) []int {
	t.Helper()
	var got []int
	for {
		m, err := sub.NextMsg(10 * time.Millisecond)
		if err != nil {
			break
		}
		n, err := strconv.Atoi(string(m.Data))
		if err != nil {
			t.Fatalf("payload %q is not a number", m.Data)
		}
		got = append(got, n)
	}
	slices.Sort(got)
	return got
}
