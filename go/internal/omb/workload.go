package omb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"sigs.k8s.io/yaml"
)

// Workload is an OMB workload file (OMB's Workload class). Durations in
// minutes may be fractional here; NATS holds what natsk6 adds, a key
// OMB itself ignores (it skips unknown properties).
type Workload struct {
	Name                      string   `json:"name"`
	Topics                    int      `json:"topics"`
	PartitionsPerTopic        int      `json:"partitionsPerTopic"`
	KeyDistributor            string   `json:"keyDistributor"` // accepted, unused: NATS partitions round robin
	MessageSize               int      `json:"messageSize"`
	UseRandomizedPayloads     bool     `json:"useRandomizedPayloads"`
	RandomBytesRatio          float64  `json:"randomBytesRatio"`
	RandomizedPayloadPoolSize int      `json:"randomizedPayloadPoolSize"`
	PayloadFile               string   `json:"payloadFile"`
	SubscriptionsPerTopic     int      `json:"subscriptionsPerTopic"`
	ProducersPerTopic         int      `json:"producersPerTopic"`
	ConsumerPerSubscription   int      `json:"consumerPerSubscription"`
	ProducerRate              float64  `json:"producerRate"`
	ConsumerBacklogSizeGB     float64  `json:"consumerBacklogSizeGB"`
	BacklogDrainRatio         *float64 `json:"backlogDrainRatio"`
	TestDurationMinutes       float64  `json:"testDurationMinutes"`
	WarmupDurationMinutes     *float64 `json:"warmupDurationMinutes"`

	NATS NATSOptions `json:"natsk6"`
}

// NATSOptions are natsk6's own settings, under the workload's natsk6 key.
type NATSOptions struct {
	// Mode is "jetstream" (the default: streams, acked publishes, durable
	// consumers) or "core" (plain subjects and queue groups: nothing
	// stored, so no backlog).
	Mode string `json:"mode"`
	// Storage of the streams: "file" (the default, as OMB's NATS driver)
	// or "memory"; Replicas 0 means 1.
	Storage  string `json:"storage"`
	Replicas int    `json:"replicas"`
	// TestDurationSeconds and WarmupDurationSeconds, when set, replace
	// the minutes (scaled-down runs, tests).
	TestDurationSeconds   float64  `json:"testDurationSeconds"`
	WarmupDurationSeconds *float64 `json:"warmupDurationSeconds"`
	// WindowSeconds is the length of one sample of the rate and latency
	// series; 0 means OMB's 10 (its chart script plots sample i at 10·i s).
	WindowSeconds float64 `json:"windowSeconds"`
	// MaxInFlight bounds each producer's JetStream publishes awaiting an
	// ack; 0 means 1000.
	MaxInFlight int `json:"maxInFlight"`
	// DrainTimeoutSeconds bounds the wait, after the producers stop, for
	// the consumers to receive what was published; 0 means 30.
	DrainTimeoutSeconds float64 `json:"drainTimeoutSeconds"`
	// KeepStreams leaves the streams on the server after the run.
	KeepStreams bool `json:"keepStreams"`
}

// Defaults of the zero values, OMB's where OMB has one.
const (
	defaultWarmup       = time.Minute
	defaultWindow       = 10 * time.Second
	defaultMaxInFlight  = 1000
	defaultDrainTimeout = 30 * time.Second
	gigabyte            = 1 << 30
)

// LoadWorkload reads and checks an OMB workload file.
func LoadWorkload(path string) (*Workload, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("workload: %w", err)
	}
	w := &Workload{}
	if err := yaml.UnmarshalStrict(data, w); err != nil {
		return nil, fmt.Errorf("workload %s: %w", path, err)
	}
	if err := w.validate(); err != nil {
		return nil, fmt.Errorf("workload %s: %w", path, err)
	}
	if w.Name == "" {
		// OMB keys its workloads by file name; the result carries the name.
		w.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	return w, nil
}

// validate rejects what cannot run and fills in the defaults.
func (w *Workload) validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if w.Topics < 1 {
		bad("topics must be at least 1, got %d", w.Topics)
	}
	w.PartitionsPerTopic = max(w.PartitionsPerTopic, 1)
	if w.ProducersPerTopic < 1 {
		bad("producersPerTopic must be at least 1, got %d", w.ProducersPerTopic)
	}
	if w.SubscriptionsPerTopic < 1 || w.ConsumerPerSubscription < 1 {
		bad("subscriptionsPerTopic and consumerPerSubscription must be at least 1, got %d and %d", w.SubscriptionsPerTopic, w.ConsumerPerSubscription)
	}
	if w.MessageSize < timestampBytes {
		bad("messageSize must be at least %d bytes (the send timestamp), got %d", timestampBytes, w.MessageSize)
	}
	if w.UseRandomizedPayloads && (w.RandomBytesRatio < 0 || w.RandomBytesRatio > 1) {
		bad("randomBytesRatio must be within [0, 1], got %g", w.RandomBytesRatio)
	}
	if w.ProducerRate < 0 {
		bad("producerRate must not be negative, got %g", w.ProducerRate)
	}
	if w.ConsumerBacklogSizeGB < 0 {
		bad("consumerBacklogSizeGB must not be negative, got %g", w.ConsumerBacklogSizeGB)
	}
	if w.ConsumerBacklogSizeGB > 0 && w.ProducerRate == 0 {
		bad("consumerBacklogSizeGB needs a producerRate: the maximum rate cannot be searched while a backlog builds")
	}
	if r := w.drainRatio(); r < 0 || r > 1 {
		bad("backlogDrainRatio must be within [0, 1], got %g", r)
	}
	if w.testDuration() <= 0 {
		bad("testDurationMinutes (or natsk6.testDurationSeconds) must be above 0")
	}
	if w.warmup() < 0 {
		bad("warmupDurationMinutes must not be negative")
	}
	switch w.NATS.Mode {
	case "":
		w.NATS.Mode = ModeJetStream
	case ModeJetStream, ModeCore:
	default:
		bad("natsk6.mode must be %q or %q, got %q", ModeJetStream, ModeCore, w.NATS.Mode)
	}
	if w.NATS.Mode == ModeCore && w.ConsumerBacklogSizeGB > 0 {
		bad("consumerBacklogSizeGB needs natsk6.mode %q: core NATS keeps no backlog", ModeJetStream)
	}
	switch w.NATS.Storage {
	case "":
		w.NATS.Storage = "file"
	case "file", "memory":
	default:
		bad("natsk6.storage must be \"file\" or \"memory\", got %q", w.NATS.Storage)
	}
	w.NATS.Replicas = max(w.NATS.Replicas, 1)
	if w.NATS.WindowSeconds < 0 || w.NATS.MaxInFlight < 0 || w.NATS.DrainTimeoutSeconds < 0 {
		bad("natsk6.windowSeconds, maxInFlight and drainTimeoutSeconds must not be negative")
	}
	return errors.Join(errs...)
}

// The two ways a workload runs on NATS.
const (
	ModeJetStream = "jetstream"
	ModeCore      = "core"
)

func (w *Workload) testDuration() time.Duration {
	if s := w.NATS.TestDurationSeconds; s > 0 {
		return seconds(s)
	}
	return seconds(w.TestDurationMinutes * 60)
}

func (w *Workload) warmup() time.Duration {
	switch {
	case w.NATS.WarmupDurationSeconds != nil:
		return seconds(*w.NATS.WarmupDurationSeconds)
	case w.WarmupDurationMinutes != nil:
		return seconds(*w.WarmupDurationMinutes * 60)
	}
	return defaultWarmup
}

func (w *Workload) window() time.Duration {
	if s := w.NATS.WindowSeconds; s > 0 {
		return seconds(s)
	}
	return defaultWindow
}

func (w *Workload) maxInFlight() int {
	if w.NATS.MaxInFlight > 0 {
		return w.NATS.MaxInFlight
	}
	return defaultMaxInFlight
}

func (w *Workload) drainTimeout() time.Duration {
	if s := w.NATS.DrainTimeoutSeconds; s > 0 {
		return seconds(s)
	}
	return defaultDrainTimeout
}

// drainRatio is OMB's backlogDrainRatio, 1 (drain fully) when absent.
func (w *Workload) drainRatio() float64 {
	if w.BacklogDrainRatio == nil {
		return 1
	}
	return *w.BacklogDrainRatio
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
