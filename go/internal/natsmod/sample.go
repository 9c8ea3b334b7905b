package natsmod

import (
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Sampling bounds: an interval below minSampleInterval is a typo (a
// number is milliseconds) that would flood the JetStream API.
const (
	DefaultSampleInterval = time.Second
	minSampleInterval     = 100 * time.Millisecond
)

// SampleOptions configure nats.sample(options): what the run's sampler
// reads every Interval while the scenarios run, on its own connection.
type SampleOptions struct {
	// Connect is how the sampler connects; no URLs: the run's NATS URL.
	Connect   ConnectOptions
	Streams   []string
	Consumers []ConsumerRef
	// Interval between samples; 0: DefaultSampleInterval.
	Interval time.Duration
	// Monitors are nats-server monitoring URLs (http://host:8222) whose
	// /varz and /jsz are sampled. Nil: the embedded server's (or the
	// embedded cluster nodes'), when the run uses it and Connect names no
	// server.
	Monitors []string
	// NoMonitor turns the server sampling off, the embedded server's too.
	NoMonitor bool
}

// ConsumerRef names a consumer of a stream; natsk6 need not have made it.
type ConsumerRef struct {
	Stream string `json:"stream"`
	Name   string `json:"name"`
}

// Sampler collects a test run's nats.sample() requests. Every VU runs
// the init code, so the same request arrives once per VU: identical
// requests are one plan. The runner starts the plans as the scenarios
// start (Start) and stops them before teardown.
type Sampler struct {
	defaultMonitors []string

	mu      sync.Mutex
	keys    map[string]bool
	plans   []*samplePlan
	started bool
}

// NewSampler returns a run's sampler. defaultMonitors are the monitoring
// URLs of the embedded server or cluster nodes (none without them).
func NewSampler(defaultMonitors []string) *Sampler {
	return &Sampler{defaultMonitors: defaultMonitors, keys: map[string]bool{}}
}

// samplePlan is one distinct nats.sample() request, validated.
type samplePlan struct {
	conn      *connOptions
	streams   []string
	consumers []ConsumerRef
	interval  time.Duration
	monitors  []string
}

// Sample asks the run's sampler to read the given streams, consumers and
// servers every interval during the run. Calls after the test started may
// only repeat a request already made (VUs initialized late run it again).
func (m *Module) Sample(o SampleOptions) error {
	s := m.host.Sampler
	if s == nil {
		return nil // natsk6 inspect: init code runs, nothing is sampled
	}
	p, err := s.newPlan(o, m.host.DefaultURL)
	if err != nil {
		return err
	}
	key, err := json.Marshal(o)
	if err != nil {
		return newError(CodeInvalidConfig, err, "sample")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys[string(key)] {
		return nil
	}
	if s.started {
		return invalidConfig("sample", "new sampling can only be asked for in init code, before the test starts")
	}
	s.keys[string(key)] = true
	s.plans = append(s.plans, p)
	return nil
}

// newPlan checks a request: something to sample, names, the interval and
// the monitoring URLs.
func (s *Sampler) newPlan(o SampleOptions, defaultURL string) (*samplePlan, error) {
	conn, err := newConnOptions(o.Connect, defaultURL)
	if err != nil {
		return nil, err
	}
	if _, err := conn.natsOptions(); err != nil {
		return nil, err
	}
	p := &samplePlan{conn: conn, streams: o.Streams, consumers: o.Consumers, interval: o.Interval, monitors: o.Monitors}
	for _, name := range o.Streams {
		if err := checkStreamName(name); err != nil {
			return nil, err
		}
	}
	for _, c := range o.Consumers {
		if err := checkNames(c.Stream, c.Name); err != nil {
			return nil, err
		}
	}
	if p.interval == 0 {
		p.interval = DefaultSampleInterval
	}
	if p.interval < minSampleInterval {
		return nil, invalidConfig("sample.interval", "%s is below the minimum of %s", p.interval, minSampleInterval)
	}
	for _, raw := range o.Monitors {
		if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			shown := raw
			if strings.Contains(raw, "@") {
				shown = "(a URL with credentials)" // never echo a password
			}
			return nil, invalidConfig("sample.monitor", "%q is not an http(s)://host:port monitoring URL", shown)
		}
	}
	switch {
	case o.NoMonitor:
		p.monitors = nil
	case p.monitors == nil && len(o.Connect.URLs) == 0:
		p.monitors = s.defaultMonitors
	}
	if len(p.streams)+len(p.consumers)+len(p.monitors) == 0 {
		return nil, invalidConfig("sample", "nothing to sample: give streams, consumers or monitor")
	}
	return p, nil
}
