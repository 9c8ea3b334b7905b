package testsupport

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// NetLab is a private network made of Linux network namespaces for
// partition tests: one namespace per node, each joined by a veth pair to
// a bridge in a hub namespace, and one veth from the test's own
// namespace into the hub so the test reaches every node. Isolate takes a
// node's link to the bridge down: the node and its peers see packets
// stop, with no reset, as in a real partition. Everything is removed
// when the test ends.
type NetLab struct {
	tb     testing.TB
	suffix string // keeps names apart between concurrent test processes
	hub    string
	subnet string // the first three octets of the lab's /24
	nodes  []string
}

// NewNetLab builds a lab for n nodes, or skips tb, saying exactly why,
// where the machine does not allow it (not root, no iproute2, no
// network namespaces).
func NewNetLab(tb testing.TB, n int) *NetLab {
	tb.Helper()
	if os.Geteuid() != 0 {
		tb.Skipf("partition test skipped: network namespaces need root, and this test runs as uid %d", os.Geteuid())
	}
	if _, err := exec.LookPath("ip"); err != nil {
		tb.Skipf("partition test skipped: iproute2's ip command is not installed (%v)", err)
	}
	pid := os.Getpid()
	l := &NetLab{tb: tb, suffix: fmt.Sprintf("%d", pid%100000), subnet: freeSubnet(pid)}
	l.hub = "nk6hub" + l.suffix
	if out, err := exec.Command("ip", "netns", "add", l.hub).CombinedOutput(); err != nil {
		tb.Skipf("partition test skipped: cannot create a network namespace (ip netns add): %v: %s", err, strings.TrimSpace(string(out)))
	}
	tb.Cleanup(l.remove)
	root := "nk6r" + l.suffix
	l.ip("-n", l.hub, "link", "set", "lo", "up")
	l.ip("-n", l.hub, "link", "add", "br0", "type", "bridge")
	l.ip("-n", l.hub, "link", "set", "br0", "up")
	l.ip("link", "add", root, "type", "veth", "peer", "name", "up0", "netns", l.hub)
	l.ip("-n", l.hub, "link", "set", "up0", "master", "br0", "up")
	l.ip("addr", "add", l.subnet+".1/24", "dev", root)
	l.ip("link", "set", root, "up")
	for i := range n {
		ns := fmt.Sprintf("nk6n%d_%s", i, l.suffix)
		l.ip("netns", "add", ns)
		l.nodes = append(l.nodes, ns)
		l.ip("-n", ns, "link", "set", "lo", "up")
		l.ip("-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", l.port(i), "netns", l.hub)
		l.ip("-n", ns, "addr", "add", l.host(i)+"/24", "dev", "eth0")
		l.ip("-n", ns, "link", "set", "eth0", "up")
		l.ip("-n", l.hub, "link", "set", l.port(i), "master", "br0", "up")
	}
	return l
}

// freeSubnet is a 10.234.x /24 no route of this host uses yet, starting
// from one the pid picks, so concurrent test processes stay apart.
func freeSubnet(pid int) string {
	for i := range 250 {
		subnet := fmt.Sprintf("10.234.%d", (pid+i)%250)
		out, err := exec.Command("ip", "-4", "route", "show", subnet+".0/24").Output()
		if err == nil && len(strings.TrimSpace(string(out))) == 0 {
			return subnet
		}
	}
	return fmt.Sprintf("10.234.%d", pid%250)
}

// host is node i's address.
func (l *NetLab) host(i int) string { return fmt.Sprintf("%s.%d", l.subnet, 10+i) }

// port is the name of node i's veth end on the hub's bridge.
func (l *NetLab) port(i int) string { return fmt.Sprintf("node%d", i) }

// Specs places cluster node i in namespace i at its address; a fresh
// namespace has every port free.
func (l *NetLab) Specs() []NodeSpec {
	specs := make([]NodeSpec, len(l.nodes))
	for i, ns := range l.nodes {
		specs[i] = NodeSpec{Host: l.host(i), Prefix: []string{"ip", "netns", "exec", ns}, ClientPort: 4222, ClusterPort: 6222, MonitPort: 8222}
	}
	return specs
}

// Isolate cuts node i off from the other nodes and from the test.
func (l *NetLab) Isolate(i int) { l.ip("-n", l.hub, "link", "set", l.port(i), "down") }

// Heal joins node i to the network again.
func (l *NetLab) Heal(i int) { l.ip("-n", l.hub, "link", "set", l.port(i), "up") }

func (l *NetLab) ip(args ...string) {
	l.tb.Helper()
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		l.tb.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
}

// remove deletes the namespaces; their veths go with them, the test's
// end of the hub link too.
func (l *NetLab) remove() {
	for _, ns := range append(l.nodes, l.hub) {
		_ = exec.Command("ip", "netns", "del", ns).Run()
	}
}
