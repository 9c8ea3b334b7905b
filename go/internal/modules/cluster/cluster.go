// Package cluster is k6/x/nats/cluster, the fault API of the embedded
// cluster (`natsk6 run --embedded-cluster N`): scripts stop, kill and
// restart its nodes and move stream leaders while they measure what the
// clients saw. Against any other server every function throws: natsk6
// cannot fault a server it does not run.
package cluster

import (
	"errors"
	"fmt"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

// Faults is what the embedded cluster lets a script do to it.
type Faults interface {
	Size() int
	StopNode(i int) error
	KillNode(i int) error
	RestartNode(i int) error
	StepDownStreamLeader(stream string) error
	LeaderOf(stream string) (int, error)
}

// New builds the module object; f is nil unless the run started the
// embedded cluster.
func New(rt *sobek.Runtime, f Faults) *sobek.Object {
	obj := rt.NewObject()
	size := 0
	if f != nil {
		size = f.Size()
	}
	// available tells scripts that run either way whether faults work.
	_ = obj.Set("available", f != nil)
	_ = obj.Set("size", size)
	fail := func(what string, err error) {
		panic(rt.NewGoError(&natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: "k6/x/nats/cluster." + what, Cause: err}))
	}
	need := func(what string) {
		if f == nil {
			fail(what, errNoCluster)
		}
	}
	nodeCall := func(what string, call func(Faults, int) error) func(int) {
		return func(i int) {
			need(what)
			if err := call(f, i); err != nil {
				fail(fmt.Sprintf("%s(%d)", what, i), err)
			}
		}
	}
	_ = obj.Set("stopNode", nodeCall("stopNode", Faults.StopNode))
	_ = obj.Set("killNode", nodeCall("killNode", Faults.KillNode))
	_ = obj.Set("restartNode", nodeCall("restartNode", Faults.RestartNode))
	_ = obj.Set("stepDownStreamLeader", func(stream string) {
		need("stepDownStreamLeader")
		if err := f.StepDownStreamLeader(stream); err != nil {
			fail("stepDownStreamLeader", err)
		}
	})
	_ = obj.Set("leaderOf", func(stream string) int {
		need("leaderOf")
		i, err := f.LeaderOf(stream)
		if err != nil {
			fail("leaderOf", err)
		}
		return i
	})
	return obj
}

// errNoCluster is why every function throws without the embedded cluster.
var errNoCluster = errors.New("only available with `natsk6 run --embedded-cluster N` (natsk6 can fault only the cluster it runs itself)")
