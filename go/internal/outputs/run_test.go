package outputs_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/outputs"
	"github.com/pondigo/natsk6/go/internal/runner"
	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// publishScript publishes 3 messages per iteration, 20 iterations over
// 2 VUs, to a subject the test's stream captures.
const publishScript = `
import nats from 'k6/x/nats';

export const options = { scenarios: { pub: { executor: 'shared-iterations', vus: 2, iterations: 20 } } };

export default function () {
  const conn = nats.connect({ urls: [__ENV.NATS_URL] });
  for (let i = 0; i < 3; i++) conn.publish('out.test', 'x');
  conn.flush();
  conn.close();
}
`

// run is one run of publishScript through the runner against a real
// server, with the outputs of --out flags.
type run struct {
	code   int
	stderr string
	stream jetstream.Stream
}

func runWithOutputs(t *testing.T, flags []string, env map[string]string) run {
	t.Helper()
	srv := testsupport.StartServer(t, nil)
	js, err := jetstream.New(testsupport.Connect(t, srv.ClientURL()))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	stream, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "OUT", Subjects: []string{"out.>"}})
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(t.TempDir(), "publish.js")
	if err := os.WriteFile(script, []byte(publishScript), 0o644); err != nil {
		t.Fatal(err)
	}
	plan, err := outputs.Parse(flags, env)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := runner.Run(ctx, runner.Config{ScriptPath: script, Env: map[string]string{"NATS_URL": srv.ClientURL()},
		Out: plan, SummaryMode: "disabled", Stdout: &stdout, Stderr: &stderr})
	return run{code: code, stderr: stderr.String(), stream: stream}
}

// storedMessages is the stream's message count once it holds at least
// want: the stream stores core publishes asynchronously.
func (r run) storedMessages(t *testing.T, want uint64) uint64 {
	t.Helper()
	var stored uint64
	testsupport.Eventually(t, time.Minute, func() bool {
		info, err := r.stream.Info(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		stored = info.State.Msgs
		return stored >= want
	}, "the stream holds fewer than %d messages", want)
	return stored
}
