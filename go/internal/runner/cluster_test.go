package runner

import (
	"path/filepath"
	"strings"
	"testing"
)

// examples/failover.ts on --embedded-cluster 3: the stream leader is
// killed and restarted, then a leader steps down, during steady acked
// publishing;
// its thresholds (nothing lost, nothing duplicated, every check) hold and
// the summary accounts for every message.
func TestEmbeddedClusterFailoverExample(t *testing.T) {
	script, err := filepath.Abs("../../../examples/failover.ts")
	if err != nil {
		t.Fatal(err)
	}
	r := runFiles(t, nil, Config{ScriptPath: script, EmbeddedCluster: 3, ProgressEvery: noPlainProgress})
	r.wantCode(t, ExitOK)
	if !strings.Contains(r.stderr, "embedded 3-node nats-server") {
		t.Errorf("the banner does not name the embedded cluster:\n%s", r.stderr)
	}
	m := accountingLine.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no accounting line in the summary:\n%s", r.stdout)
	}
	t.Logf("accounting: %s", m[0])
	if r.metric(t, "nats_msgs_lost", "count") != 0 || m[4] != "0" {
		t.Errorf("acknowledged messages lost:\n%s", r.stdout)
	}
	// Two leader changes seen, and a read-back of stamped messages only.
	if r.metric(t, "checks", "passes") != 3 || m[2] == "0" {
		t.Errorf("want acked publishes and 3 passed checks:\n%s\n%s", r.stdout, r.stderr)
	}
}

// Without --embedded-cluster the module imports, says it is unavailable,
// and every fault function throws a 1003 naming the flag.
func TestClusterFaultsNeedTheEmbeddedCluster(t *testing.T) {
	r := run(t, `import cluster from 'k6/x/nats/cluster';
export const options = { iterations: 1 };
export default function () {
  if (cluster.available || cluster.size !== 0) throw new Error('available without the embedded cluster');
  for (const call of [() => cluster.killNode(0), () => cluster.stopNode(0), () => cluster.restartNode(0),
                      () => cluster.leaderOf('S'), () => cluster.stepDownStreamLeader('S')]) {
    try { call(); } catch (e) { console.log('threw: ' + e.message); continue; }
    throw new Error('a fault call did not throw');
  }
}`)
	r.wantCode(t, ExitOK)
	want := "threw: Invalid configuration (1003): k6/x/nats/cluster.killNode: only available with `natsk6 run --embedded-cluster N`"
	if !strings.Contains(r.logs, want) || strings.Count(r.logs, "threw: Invalid configuration (1003)") != 5 {
		t.Errorf("logs lack %q five times:\n%s", want, r.logs)
	}
}

// Node numbers out of range and a restart of a running node are errors
// that name the node, and NATS_URL is refused beside the cluster.
func TestEmbeddedClusterFaultErrors(t *testing.T) {
	r := runFiles(t, map[string]string{"script.js": `import cluster from 'k6/x/nats/cluster';
export const options = { iterations: 1 };
export default function () {
  if (!cluster.available || cluster.size !== 3) throw new Error('size ' + cluster.size);
  for (const call of [() => cluster.killNode(3), () => cluster.restartNode(1)]) {
    try { call(); } catch (e) { console.log('threw: ' + e.message); continue; }
    throw new Error('a bad fault call did not throw');
  }
}`}, Config{EmbeddedCluster: 3})
	r.wantCode(t, ExitOK)
	for _, want := range []string{"killNode(3): node 3: the embedded cluster has nodes 0 to 2", "restartNode(1): node 1 is running: stop or kill it first"} {
		if !strings.Contains(r.logs, want) {
			t.Errorf("logs lack %q:\n%s", want, r.logs)
		}
	}
	both := runFiles(t, map[string]string{"script.js": `export default function () {}`}, Config{EmbeddedCluster: 3, Env: map[string]string{"NATS_URL": "nats://127.0.0.1:4222"}})
	if both.code != ExitScriptException || !strings.Contains(both.stderr, "--embedded-cluster: NATS_URL is set too") {
		t.Errorf("NATS_URL beside --embedded-cluster: exit %d\n%s", both.code, both.stderr)
	}
}
