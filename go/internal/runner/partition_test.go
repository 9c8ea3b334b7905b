package runner

import (
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// The stream leader of an R3 stream is cut off by a network partition
// (its veth to the others taken down, no reset sent) during a steady
// acked publish through the majority, then the partition heals: the
// majority elects a new leader, the old one rejoins as a follower and
// catches up, and no acknowledged message is lost or stored twice.
// Needs root and iproute2 (network namespaces); skips saying so
// otherwise.
func TestPartitionIsolatesStreamLeaderR3(t *testing.T) {
	lab := testsupport.NewNetLab(t, 3)
	c := testsupport.StartClusterOn(t, lab.Specs())
	_, all := c.Connect(t)
	createFailoverStream(t, all, 3)
	leader := c.StreamLeader(t, all, "FAILOVER")
	// The script and the test talk to the majority side only: natsk6
	// cannot shorten nats.go's 2-minute ping, so a connection to the cut
	// off node would hang rather than fail over.
	majority := c.Others(leader)
	nc, js := c.Connect(t, majority...)
	finish := failoverRun(t, c.URLs(majority...), nc)

	waitForMoreMsgs(t, js, 200, "before the partition")
	lab.Isolate(leader)
	start := time.Now()
	t.Logf("isolated the stream leader %s", c.Nodes[leader].Name)
	c.WaitNewStreamLeader(t, js, "FAILOVER", leader)
	t.Logf("a new leader after %s", time.Since(start).Round(time.Millisecond))
	waitForMoreMsgs(t, js, 200, "on the majority's leader")
	lab.Heal(leader)
	healed := time.Now()
	c.WaitStreamCurrent(t, js, "FAILOVER", 3)
	t.Logf("healed after %s; all replicas current %s later", healed.Sub(start).Round(time.Millisecond), time.Since(healed).Round(time.Millisecond))
	waitForMoreMsgs(t, js, 100, "after the partition healed")

	r := finish()
	checkFailoverRun(t, r, js)
	if d, rc := r.counter("nats_disconnects"), r.counter("nats_reconnects"); d != 0 || rc != 0 {
		t.Errorf("nats_disconnects = %v, nats_reconnects = %v: the script's majority-side connection should never drop", d, rc)
	}
}
