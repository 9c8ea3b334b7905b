package dashboard

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"time"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// Dashboard is the web-dashboard output: it sums up each period's
// series stats into a snapshot, streams snapshots to the live page and writes
// the HTML report when the run stops.
type Dashboard struct {
	opts   Options
	server *server // nil with port -1

	mu       sync.Mutex
	acc      *periodAccumulator
	state    pageState
	lastTick time.Time
	stopTick chan struct{}
	tickDone chan struct{}
	stopped  bool
}

// pageState is everything the page draws: what the report embeds, and
// what the live page receives (first whole, then snapshot by snapshot).
type pageState struct {
	StartUnixMs int64                 `json:"start"`
	PeriodMs    int64                 `json:"period"`
	Metrics     map[string]MetricInfo `json:"metrics"`
	Snapshots   []Snapshot            `json:"snapshots"`
	Summary     *reportSummary        `json:"summary"`
	Done        bool                  `json:"done"` // the run has ended
}

// FromOutSpec makes the output for --out web-dashboard[=ARG]: ARG holds
// key=value options joined by & (host, port, period, open, export), over
// the K6_WEB_DASHBOARD_* variables of env. The live server listens from
// here on, unless the port is -1.
func FromOutSpec(arg string, env map[string]string) (metrics.Output, error) {
	opts, err := parseOptions(arg, env)
	if err != nil {
		return nil, err
	}
	return start(opts, time.Now())
}

func start(opts Options, now time.Time) (*Dashboard, error) {
	d := &Dashboard{
		opts:     opts,
		acc:      newPeriodAccumulator(),
		state:    pageState{StartUnixMs: now.UnixMilli(), PeriodMs: opts.Period.Milliseconds(), Metrics: map[string]MetricInfo{}},
		lastTick: now,
		stopTick: make(chan struct{}),
		tickDone: make(chan struct{}),
	}
	if opts.Port >= 0 {
		ln, err := net.Listen("tcp", net.JoinHostPort(opts.Host, fmt.Sprint(opts.Port)))
		if err != nil {
			return nil, fmt.Errorf("web dashboard: listen on %s:%d: %w (K6_WEB_DASHBOARD_PORT=-1 turns the server off)", opts.Host, opts.Port, err)
		}
		d.server = newServer(ln, d.currentState)
		if opts.Open {
			openBrowser(d.server.url())
		}
	}
	go d.tick()
	return d, nil
}

// Description names the output, with the live page's address.
func (d *Dashboard) Description() string {
	desc := "web-dashboard"
	if d.server != nil {
		desc += " " + d.server.url()
	}
	if d.opts.Export != "" {
		desc += " (report " + d.opts.Export + ")"
	}
	return desc
}

// AddSeries adds a flush's series stats to the current period; the batch
// is read here and not kept.
func (d *Dashboard) AddSeries(batch []metrics.SeriesStats) {
	d.mu.Lock()
	d.acc.add(batch)
	d.mu.Unlock()
}

// ReportSummary takes the end-of-test summary for the report's tables.
func (d *Dashboard) ReportSummary(s *metrics.Summary) {
	r := toReportSummary(s)
	d.mu.Lock()
	d.state.Summary = r
	d.mu.Unlock()
}

// tick closes a period every opts.Period until Stop.
func (d *Dashboard) tick() {
	defer close(d.tickDone)
	t := time.NewTicker(d.opts.Period)
	defer t.Stop()
	for {
		select {
		case <-d.stopTick:
			return
		case now := <-t.C:
			d.closePeriod(now)
		}
	}
}

// closePeriod appends the period's snapshot and sends it to the pages.
func (d *Dashboard) closePeriod(now time.Time) {
	d.mu.Lock()
	seconds := now.Sub(d.lastTick).Seconds()
	d.lastTick = now
	snap := d.acc.snapshot(now.UnixMilli(), max(seconds, 1e-3))
	d.state.Snapshots = append(d.state.Snapshots, snap)
	d.state.Metrics = d.acc.infos()
	event := snapshotEvent{Metrics: d.state.Metrics, Snapshot: snap}
	d.mu.Unlock()
	if d.server != nil {
		d.server.broadcast("snapshot", event)
	}
}

// snapshotEvent is the data of a live "snapshot" event.
type snapshotEvent struct {
	Metrics  map[string]MetricInfo `json:"metrics"`
	Snapshot Snapshot              `json:"snapshot"`
}

// currentState encodes the state so far, for a page that connects.
func (d *Dashboard) currentState() []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, _ := json.Marshal(d.state) // maps of strings and floats always encode
	return b
}

// Stop closes the last (partial) period, sends the summary to the live
// pages, writes the report and shuts the server down.
func (d *Dashboard) Stop() error {
	d.mu.Lock()
	if d.stopped {
		d.mu.Unlock()
		return nil
	}
	d.stopped = true
	d.mu.Unlock()
	close(d.stopTick)
	<-d.tickDone
	d.closePeriod(time.Now())
	d.mu.Lock()
	d.state.Done = true
	d.mu.Unlock()
	state := d.currentState()
	var errs []error
	if d.opts.Export != "" {
		if err := os.WriteFile(d.opts.Export, reportHTML(state), 0o644); err != nil {
			errs = append(errs, fmt.Errorf("write the HTML report: %w", err))
		}
	}
	if d.server != nil {
		d.server.broadcastRaw("state", state)
		errs = append(errs, d.server.close())
	}
	return errors.Join(errs...)
}
