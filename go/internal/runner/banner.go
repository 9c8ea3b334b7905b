package runner

import (
	"cmp"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/pondigo/natsk6/go/internal/embedded"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// banner is the overview k6 users expect before a run starts: the script,
// outputs, the NATS server the run talks to, and what each scenario does.
// It goes to stderr so that stdout carries only the summary, which
// handleSummary scripts may pipe as JSON.
func (t *testRun) banner() string {
	var b strings.Builder
	var outputs []string
	for _, o := range t.outputs {
		outputs = append(outputs, o.Description())
	}
	output := cmp.Or(strings.Join(outputs, ", "), "-")
	server := redactURL(t.natsURL)
	if t.embedded {
		server = fmt.Sprintf("embedded nats-server %s at %s", embedded.Version, t.natsURL)
	}
	fmt.Fprintf(&b, "\n  execution: local\n     script: %s\n     output: %s\n       nats: %s\n\n",
		filepath.Base(t.cfg.ScriptPath), output, server)

	plural := "s"
	if len(t.opts.Scenarios) == 1 {
		plural = ""
	}
	// The percentage is the part of the test this instance runs, as k6
	// shows it for an execution segment.
	fmt.Fprintf(&b, "  scenarios: (%.2f%%) %d scenario%s, %d max VUs, %s max duration (incl. graceful stop):\n",
		t.opts.Segment.Share()*100, len(t.opts.Scenarios), plural, t.opts.MaxVUs(), scheduler.FormatDuration(t.opts.MaxDuration()))
	for _, s := range t.opts.Scenarios {
		fmt.Fprintf(&b, "           * %s: %s\n", s.Name, s.Description())
	}
	b.WriteString("\n")
	return b.String()
}

// redactURL drops credentials from a server URL (NATS_URL may carry
// user:password or a token), so the banner never prints a secret.
func redactURL(raw string) string {
	parts := strings.Split(raw, ",")
	for i, p := range parts {
		if u, err := url.Parse(strings.TrimSpace(p)); err == nil && u.User != nil {
			u.User = url.User("***")
			parts[i] = u.String()
		}
	}
	return strings.Join(parts, ",")
}
