package embedded

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// clusterTimeout bounds forming the cluster and electing its meta
// leader; a Raft election takes 4 to 9 s after a leader is lost.
const clusterTimeout = 30 * time.Second

// apiTimeout bounds one JetStream API call of the fault functions.
const apiTimeout = 5 * time.Second

// infoTimeout bounds LeaderOf's stream info: a stream without a leader
// (an election) does not answer, and callers poll.
const infoTimeout = time.Second

// Cluster is n in-process nats-servers with JetStream, routed to each
// other on loopback, each with its own store. Its nodes can be stopped,
// killed and restarted on the same ports and store while a test runs;
// its methods may be called from any goroutine.
type Cluster struct {
	mu     sync.Mutex
	nodes  []*clusterNode
	client *nats.Conn // for stream info and step-downs, connected on first use
	urls   string
}

// clusterNode is one node: its options (fixed ports and store, so a
// restart is the same node) and its server, nil while it is down.
type clusterNode struct {
	opts *server.Options
	srv  *server.Server
}

// StartCluster starts an n-node JetStream cluster and returns once a meta
// leader exists and knows every node.
func StartCluster(n int) (*Cluster, error) {
	if n < 1 {
		return nil, fmt.Errorf("embedded cluster: %d nodes: want at least 1", n)
	}
	c := &Cluster{}
	ports, err := freePorts(3 * n) // client, route and monitoring ports
	if err != nil {
		return nil, fmt.Errorf("embedded cluster: %w", err)
	}
	routes := make([]string, n)
	for i := range n {
		routes[i] = fmt.Sprintf("nats://127.0.0.1:%d", ports[n+i])
	}
	urls := make([]string, n)
	for i := range n {
		storeDir, err := os.MkdirTemp("", fmt.Sprintf("natsk6-cluster-node%d-", i))
		if err != nil {
			c.Shutdown()
			return nil, fmt.Errorf("embedded cluster: store dir: %w", err)
		}
		opts := &server.Options{
			ServerName: fmt.Sprintf("natsk6-node%d", i),
			Host:       "127.0.0.1",
			Port:       ports[i],
			JetStream:  true,
			StoreDir:   storeDir,
			NoLog:      true,
			NoSigs:     true,
			// stopNode's lame duck mode hands leaderships over, then
			// closes clients within a second instead of two minutes.
			LameDuckDuration:    time.Second,
			LameDuckGracePeriod: 100 * time.Millisecond,
			Cluster:             server.ClusterOpts{Name: "natsk6-embedded", Host: "127.0.0.1", Port: ports[n+i]},
			// A node's route to itself is dropped, so all share one list.
			Routes: server.RoutesFromStr(strings.Join(routes, ",")),
			// The monitoring port, for nats.sample(): fixed like the
			// others, so a restarted node answers where it did.
			HTTPHost: "127.0.0.1",
			HTTPPort: ports[2*n+i],
		}
		c.nodes = append(c.nodes, &clusterNode{opts: opts})
		urls[i] = fmt.Sprintf("nats://127.0.0.1:%d", ports[i])
	}
	c.urls = strings.Join(urls, ",")
	for i := range c.nodes {
		if err := c.startNode(i); err != nil {
			c.Shutdown()
			return nil, err
		}
	}
	if err := c.waitForMetaLeader(); err != nil {
		c.Shutdown()
		return nil, err
	}
	return c, nil
}

// freePorts picks n distinct free loopback ports, holding each until all
// are picked.
func freePorts(n int) ([]int, error) {
	ports := make([]int, n)
	for i := range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("pick a free port: %w", err)
		}
		defer l.Close()
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports, nil
}

// startNode starts node i (lock held or not yet shared) and waits until
// it accepts connections.
func (c *Cluster) startNode(i int) error {
	n := c.nodes[i]
	srv, err := server.NewServer(n.opts)
	if err != nil {
		return fmt.Errorf("embedded cluster node %d: %w", i, err)
	}
	srv.Start()
	if !srv.ReadyForConnections(readyTimeout) {
		srv.Shutdown()
		srv.WaitForShutdown()
		return fmt.Errorf("embedded cluster node %d: not ready for connections within %s", i, readyTimeout)
	}
	n.srv = srv
	return nil
}

// waitForMetaLeader polls the running nodes until they agree on a meta
// leader that sees all n-1 others.
func (c *Cluster) waitForMetaLeader() error {
	deadline := time.Now().Add(clusterTimeout)
	for {
		if c.metaLeaderSeesAll() {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("embedded cluster: no meta leader seeing all %d nodes within %s", len(c.nodes), clusterTimeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (c *Cluster) metaLeaderSeesAll() bool {
	for _, n := range c.nodes {
		info, err := n.srv.Jsz(&server.JSzOptions{})
		if err != nil || info.Meta == nil || info.Meta.Leader == "" {
			return false
		}
		if info.Meta.Leader == n.opts.ServerName {
			current := 0
			for _, r := range info.Meta.Replicas {
				if r.Current {
					current++
				}
			}
			return current == len(c.nodes)-1
		}
	}
	return false
}

// URL is every node's client URL, comma-separated, as NATS_URL takes it.
func (c *Cluster) URL() string { return c.urls }

// MonitorURLs are the nodes' monitoring URLs (/varz, /jsz), by node.
func (c *Cluster) MonitorURLs() []string {
	urls := make([]string, len(c.nodes))
	for i, n := range c.nodes {
		urls[i] = fmt.Sprintf("http://127.0.0.1:%d", n.opts.HTTPPort)
	}
	return urls
}

// Size is the number of nodes, running or not.
func (c *Cluster) Size() int { return len(c.nodes) }

// node returns node i, or an error naming the valid range.
func (c *Cluster) node(i int) (*clusterNode, error) {
	if i < 0 || i >= len(c.nodes) {
		return nil, fmt.Errorf("node %d: the embedded cluster has nodes 0 to %d", i, len(c.nodes)-1)
	}
	return c.nodes[i], nil
}

// StopNode stops node i gracefully: lame duck mode hands its Raft
// leaderships to other nodes and tells clients to move, then it shuts
// down. A stopped node keeps its ports and store for RestartNode.
func (c *Cluster) StopNode(i int) error {
	return c.down(i, func(s *server.Server) { s.LameDuckShutdown() })
}

// KillNode stops node i at once, without handing anything over: its
// peers find it gone and elect new leaders, as after a crash. (In
// process, its files are closed cleanly; only a real process killed with
// SIGKILL loses what the OS had not written.)
func (c *Cluster) KillNode(i int) error {
	return c.down(i, func(s *server.Server) { s.Shutdown() })
}

func (c *Cluster) down(i int, stop func(*server.Server)) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, err := c.node(i)
	if err != nil {
		return err
	}
	if n.srv == nil {
		return fmt.Errorf("node %d is already down", i)
	}
	stop(n.srv)
	n.srv.WaitForShutdown()
	n.srv = nil
	return nil
}

// RestartNode starts a stopped or killed node i again on its ports and
// store, and returns once it accepts connections (it then catches up
// with its streams on its own).
func (c *Cluster) RestartNode(i int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, err := c.node(i)
	if err != nil {
		return err
	}
	if n.srv != nil {
		return fmt.Errorf("node %d is running: stop or kill it first", i)
	}
	return c.startNode(i)
}

// LeaderOf is the index of the node that leads stream now, as the
// stream's info names it; -1 while it has none.
func (c *Cluster) LeaderOf(stream string) (int, error) {
	js, err := c.jetStream()
	if err != nil {
		return -1, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), infoTimeout)
	defer cancel()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		return -1, fmt.Errorf("stream %s info: %w", stream, err)
	}
	info := s.CachedInfo()
	if info.Cluster == nil {
		return -1, nil
	}
	for i, n := range c.nodes {
		if n.opts.ServerName == info.Cluster.Leader {
			return i, nil
		}
	}
	return -1, nil
}

// StepDownStreamLeader asks stream's leader to step down, so another
// replica takes over ($JS.API.STREAM.LEADER.STEPDOWN).
func (c *Cluster) StepDownStreamLeader(stream string) error {
	if _, err := c.jetStream(); err != nil {
		return err
	}
	resp, err := c.client.Request("$JS.API.STREAM.LEADER.STEPDOWN."+stream, nil, apiTimeout)
	if err != nil {
		return fmt.Errorf("step down the leader of stream %s: %w", stream, err)
	}
	var reply struct {
		Success bool `json:"success"`
		Error   *struct {
			Description string `json:"description"`
		} `json:"error"`
	}
	if err := json.Unmarshal(resp.Data, &reply); err != nil {
		return fmt.Errorf("step down the leader of stream %s: reply %q: %w", stream, resp.Data, err)
	}
	if reply.Error != nil {
		return fmt.Errorf("step down the leader of stream %s: %s", stream, reply.Error.Description)
	}
	if !reply.Success {
		return fmt.Errorf("step down the leader of stream %s: not done", stream)
	}
	return nil
}

// jetStream is the cluster's own client, connected to every node on
// first use and reconnecting forever, so it outlives any one node.
func (c *Cluster) jetStream() (jetstream.JetStream, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.client == nil {
		nc, err := nats.Connect(c.urls, nats.Name("natsk6-embedded-cluster-faults"), nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
		if err != nil {
			return nil, fmt.Errorf("connect to the embedded cluster: %w", err)
		}
		c.client = nc
	}
	return jetstream.New(c.client)
}

// Shutdown stops every running node, waits for them and removes their
// stores.
func (c *Cluster) Shutdown() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.client != nil {
		c.client.Close()
	}
	for _, n := range c.nodes {
		if n.srv != nil {
			n.srv.Shutdown()
			n.srv.WaitForShutdown()
		}
		_ = os.RemoveAll(n.opts.StoreDir)
	}
}
