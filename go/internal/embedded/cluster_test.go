package embedded

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// A stopped leader hands its stream to another node; the restarted node
// rejoins, a step-down moves the leader again, and Shutdown removes every
// store.
func TestClusterStopRestartAndStepDown(t *testing.T) {
	c, err := StartCluster(3)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Shutdown()
	nc := testsupport.Connect(t, c.URL())
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "EMB_R3", Subjects: []string{"emb.r3"}, Replicas: 3}); err != nil {
		t.Fatal(err)
	}
	leader := currentLeader(t, c, "EMB_R3", -1)
	if err := c.StopNode(leader); err != nil {
		t.Fatal(err)
	}
	if err := c.StopNode(leader); err == nil {
		t.Fatal("stopping a stopped node is no error")
	}
	moved := currentLeader(t, c, "EMB_R3", leader)
	if err := c.RestartNode(leader); err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish(ctx, "emb.r3", []byte("after restart")); err != nil {
		t.Fatal(err)
	}
	// The restarted node must catch up before it can take over.
	testsupport.Eventually(t, 30*time.Second, func() bool {
		s, err := js.Stream(ctx, "EMB_R3")
		if err != nil || s.CachedInfo().Cluster == nil || len(s.CachedInfo().Cluster.Replicas) != 2 {
			return false
		}
		for _, r := range s.CachedInfo().Cluster.Replicas {
			if !r.Current {
				return false
			}
		}
		return true
	}, "the restarted node did not catch up")
	if err := c.StepDownStreamLeader("EMB_R3"); err != nil {
		t.Fatal(err)
	}
	currentLeader(t, c, "EMB_R3", moved)
	if err := c.StepDownStreamLeader("NO_SUCH_STREAM"); err == nil {
		t.Fatal("step-down of an unknown stream is no error")
	}

	stores := []string{}
	for _, n := range c.nodes {
		stores = append(stores, n.opts.StoreDir)
	}
	nc.Close()
	c.Shutdown()
	for _, dir := range stores {
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("store %s still there after Shutdown: %v", dir, err)
		}
	}
}

// currentLeader polls until stream has a leader other than not.
func currentLeader(t *testing.T, c *Cluster, stream string, not int) int {
	t.Helper()
	leader := -1
	testsupport.Eventually(t, 30*time.Second, func() bool {
		l, err := c.LeaderOf(stream)
		leader = l
		return err == nil && l >= 0 && l != not
	}, "stream %s: no leader other than node %d", stream, not)
	return leader
}
