package outputs_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/outputs"
	"github.com/pondigo/natsk6/go/internal/runner"
	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// publishLoopScript is the 16 B publish loop of make bench in one VU:
// every publish emits its samples, which each output then receives.
const publishLoopScript = `
import nats from 'k6/x/nats';

export const options = { scenarios: { pub: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } } };
const conn = nats.connect({ urls: [__ENV.NATS_URL] });
const payload = '0123456789abcdef';
const n = Number(__ENV.N);

export default function () {
  for (let i = 0; i < n; i++) conn.publish('overhead.pub', payload);
  conn.flush();
}
`

// BenchmarkPublishLoopWithOutput is the cost of one published message
// (and its samples) with each output attached, from the start of the run
// to the output's Stop, so an output that falls behind shows in the time.
// The remote outputs push to in-test endpoints that accept and discard.
// Compare each row with "none" (goal: at most 5% more per message):
//
//	go test -run '^$' -bench PublishLoopWithOutput -benchtime 300000x -count 5 ./internal/outputs/
func BenchmarkPublishLoopWithOutput(b *testing.B) {
	srv := testsupport.StartServer(b, nil)
	dir := b.TempDir()
	script := filepath.Join(dir, "publish.js")
	if err := os.WriteFile(script, []byte(publishLoopScript), 0o644); err != nil {
		b.Fatal(err)
	}
	// Remote write and OTLP/HTTP both take an empty 2xx answer as accepted.
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	}))
	b.Cleanup(sink.Close)
	rows := []struct {
		name string
		out  []string
		env  map[string]string
	}{
		{"none", nil, nil},
		{"json", []string{"json=" + filepath.Join(dir, "out.json")}, nil},
		{"csv", []string{"csv=" + filepath.Join(dir, "out.csv")}, nil},
		{"experimental-prometheus-rw", []string{"experimental-prometheus-rw"}, map[string]string{
			"K6_PROMETHEUS_RW_SERVER_URL": sink.URL + "/api/v1/write", "K6_PROMETHEUS_RW_PUSH_INTERVAL": "1s",
			"K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM": "true",
		}},
		{"opentelemetry", []string{"opentelemetry"}, map[string]string{
			"K6_OTEL_EXPORTER_TYPE": "http", "K6_OTEL_HTTP_EXPORTER_ENDPOINT": strings.TrimPrefix(sink.URL, "http://"),
			"K6_OTEL_HTTP_EXPORTER_INSECURE": "true", "K6_OTEL_EXPORT_INTERVAL": "1s",
		}},
		{"web-dashboard", []string{"web-dashboard=port=-1&period=1s&export=" + filepath.Join(dir, "report.html")}, nil},
	}
	for _, row := range rows {
		b.Run(row.name, func(b *testing.B) {
			plan, err := outputs.Parse(row.out, row.env)
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			var stdout, stderr bytes.Buffer
			b.ResetTimer()
			code := runner.Run(ctx, runner.Config{ScriptPath: script, Quiet: true, SummaryMode: "disabled",
				Env: map[string]string{"NATS_URL": srv.ClientURL(), "N": strconv.Itoa(b.N)},
				Out: plan, Stdout: &stdout, Stderr: &stderr})
			b.StopTimer()
			if code != 0 {
				b.Fatalf("exit %d\n%s", code, stderr.String())
			}
		})
	}
}
