package testsupport

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// clusterTimeout bounds forming the cluster and electing a leader: a
// Raft election takes 4 to 9 s after a leader is lost.
const clusterTimeout = 30 * time.Second

// NodeSpec places one cluster node: the address it listens on and a
// command prefix its nats-server runs under (e.g. ip netns exec NS), both
// optional. Ports are picked free on the host when zero.
type NodeSpec struct {
	Host                               string
	Prefix                             []string
	ClientPort, ClusterPort, MonitPort int
}

// Cluster is a JetStream cluster of bin/nats-server child processes
// routed to each other, each node with its own store and ports.
type Cluster struct {
	Nodes []*ClusterNode
}

// ClusterNode is one node of a Cluster.
type ClusterNode struct {
	*ServerProcess
	Name    string // its server name, as stream info names leaders
	monitor string // its monitoring base URL
}

// StartCluster starts an n-node JetStream cluster on loopback and returns
// once a meta leader exists and every node knows every peer.
func StartCluster(tb testing.TB, n int) *Cluster {
	tb.Helper()
	return StartClusterOn(tb, make([]NodeSpec, n))
}

// StartClusterOn starts one node per spec, all routed to each other.
func StartClusterOn(tb testing.TB, specs []NodeSpec) *Cluster {
	tb.Helper()
	bin := natsServerBinary(tb)
	routes := make([]string, len(specs))
	var held []net.Listener // open until every port is picked, so no two are the same
	for i := range specs {
		s := &specs[i]
		if s.Host == "" {
			s.Host = "127.0.0.1"
		}
		for _, port := range []*int{&s.ClientPort, &s.ClusterPort, &s.MonitPort} {
			if *port == 0 {
				l := freePort(tb, s.Host)
				held = append(held, l)
				*port = l.Addr().(*net.TCPAddr).Port
			}
		}
		routes[i] = "nats://" + net.JoinHostPort(s.Host, strconv.Itoa(s.ClusterPort))
	}
	for _, l := range held {
		_ = l.Close()
	}
	c := &Cluster{}
	for i, s := range specs {
		name := fmt.Sprintf("node%d", i)
		logFile := filepath.Join(tb.TempDir(), name+".log")
		// A node's route to itself is recognized and dropped, so every
		// node gets the same list.
		argv := append(append([]string{}, s.Prefix...), bin,
			"-n", name, "-a", s.Host, "-p", strconv.Itoa(s.ClientPort), "-m", strconv.Itoa(s.MonitPort),
			"-js", "-sd", tb.TempDir(), "-l", logFile, "--cluster_name", "natsk6-test",
			"--cluster", routes[i], "--routes", strings.Join(routes, ","))
		p := startProcess(tb, argv)
		logOnFailure(tb, name, logFile)
		c.Nodes = append(c.Nodes, &ClusterNode{ServerProcess: p, Name: name, monitor: "http://" + net.JoinHostPort(s.Host, strconv.Itoa(s.MonitPort))})
	}
	c.WaitForMetaLeader(tb)
	return c
}

// logOnFailure shows the end of a node's log (kept out of the test's
// output otherwise: three nodes are chatty) when tb failed.
func logOnFailure(tb testing.TB, name, logFile string) {
	tb.Cleanup(func() {
		if !tb.Failed() {
			return
		}
		raw, _ := os.ReadFile(logFile)
		lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
		tb.Logf("last lines of %s's log:\n%s", name, strings.Join(lines[max(0, len(lines)-40):], "\n"))
	})
}

// freePort listens on a port nobody uses at host; the caller closes it
// right before a node takes the port.
func freePort(tb testing.TB, host string) net.Listener {
	tb.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		tb.Fatalf("pick a free port on %s: %v", host, err)
	}
	return l
}

// URLs is the client URLs of the given nodes (all when none are given),
// comma-separated, as NATS_URL takes them.
func (c *Cluster) URLs(nodes ...int) string {
	if len(nodes) == 0 {
		for i := range c.Nodes {
			nodes = append(nodes, i)
		}
	}
	urls := make([]string, len(nodes))
	for i, n := range nodes {
		urls[i] = c.Nodes[n].URL
	}
	return strings.Join(urls, ",")
}

// Others is every node index but skip.
func (c *Cluster) Others(skip int) []int {
	var others []int
	for i := range c.Nodes {
		if i != skip {
			others = append(others, i)
		}
	}
	return others
}

// metaInfo is the part of a node's /jsz this package reads.
type metaInfo struct {
	Meta *struct {
		Leader   string `json:"leader"`
		Size     int    `json:"cluster_size"`
		Replicas []struct {
			Name    string `json:"name"`
			Current bool   `json:"current"`
		} `json:"replicas"`
	} `json:"meta_cluster"`
}

// WaitForMetaLeader waits until the nodes that run agree on one meta
// leader and the leader sees every other node current, so streams can be
// placed on any of them.
func (c *Cluster) WaitForMetaLeader(tb testing.TB) {
	tb.Helper()
	Eventually(tb, clusterTimeout, func() bool {
		leader := ""
		for _, n := range c.Nodes {
			var info metaInfo
			if !n.jsz(&info) || info.Meta == nil || info.Meta.Leader == "" || (leader != "" && info.Meta.Leader != leader) {
				return false
			}
			leader = info.Meta.Leader
			if info.Meta.Leader == n.Name {
				current := 0
				for _, r := range info.Meta.Replicas {
					if r.Current {
						current++
					}
				}
				if current != len(c.Nodes)-1 {
					return false
				}
			}
		}
		return true
	}, "no meta leader that sees all %d nodes", len(c.Nodes))
}

// jsz reads the node's /jsz into v; false while it does not answer.
func (n *ClusterNode) jsz(v any) bool {
	client := http.Client{Timeout: time.Second}
	resp, err := client.Get(n.monitor + "/jsz")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	return resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(v) == nil
}

// StreamLeader waits until stream has a leader and returns its node's
// index, read from $JS.API.STREAM.INFO's cluster.leader.
func (c *Cluster) StreamLeader(tb testing.TB, js jetstream.JetStream, stream string) int {
	tb.Helper()
	leader := -1
	Eventually(tb, clusterTimeout, func() bool {
		info, ok := streamInfo(js, stream)
		if !ok || info.Cluster == nil {
			return false
		}
		leader = c.index(info.Cluster.Leader)
		return leader >= 0
	}, "stream %s has no leader", stream)
	return leader
}

// WaitNewStreamLeader waits until a node other than old leads stream
// and returns its index: after old was killed or cut off, the others
// elected a leader.
func (c *Cluster) WaitNewStreamLeader(tb testing.TB, js jetstream.JetStream, stream string, old int) int {
	tb.Helper()
	leader := -1
	Eventually(tb, clusterTimeout, func() bool {
		info, ok := streamInfo(js, stream)
		if !ok || info.Cluster == nil {
			return false
		}
		leader = c.index(info.Cluster.Leader)
		return leader >= 0 && leader != old
	}, "stream %s: no leader other than %s", stream, c.Nodes[old].Name)
	return leader
}

// WaitStreamCurrent waits until stream has a leader and every replica is
// current, e.g. a restarted node has caught up.
func (c *Cluster) WaitStreamCurrent(tb testing.TB, js jetstream.JetStream, stream string, replicas int) {
	tb.Helper()
	Eventually(tb, clusterTimeout, func() bool {
		info, ok := streamInfo(js, stream)
		if !ok || info.Cluster == nil || info.Cluster.Leader == "" || len(info.Cluster.Replicas) != replicas-1 {
			return false
		}
		for _, r := range info.Cluster.Replicas {
			if !r.Current || r.Offline {
				return false
			}
		}
		return true
	}, "stream %s: not all %d replicas current", stream, replicas)
}

// streamInfo asks for stream's info once, briefly: during an election
// nobody answers.
func streamInfo(js jetstream.JetStream, stream string) (*jetstream.StreamInfo, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		return nil, false
	}
	return s.CachedInfo(), true
}

// StreamMsgs is how many messages stream holds, -1 while it cannot tell.
func StreamMsgs(js jetstream.JetStream, stream string) int64 {
	info, ok := streamInfo(js, stream)
	if !ok {
		return -1
	}
	return int64(info.State.Msgs)
}

func (c *Cluster) index(name string) int {
	for i, n := range c.Nodes {
		if n.Name == name {
			return i
		}
	}
	return -1
}

// Connect connects to the given nodes (all when none are given),
// reconnecting forever and pinging often enough to notice a node cut off
// by a partition within a second; closed when tb ends.
func (c *Cluster) Connect(tb testing.TB, nodes ...int) (*nats.Conn, jetstream.JetStream) {
	tb.Helper()
	urls := c.URLs(nodes...)
	nc, err := nats.Connect(urls, nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond),
		nats.PingInterval(250*time.Millisecond), nats.MaxPingsOutstanding(2))
	if err != nil {
		tb.Fatalf("connect to the cluster %s: %v", urls, err)
	}
	tb.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		tb.Fatal(err)
	}
	return nc, js
}
