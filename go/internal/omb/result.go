package omb

import (
	"strconv"
	"strings"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// TestResult is OMB's result file (its TestResult class), field for
// field and unit for unit: rates in msgs/s per window, publish and
// end-to-end latencies in milliseconds, publish delay in whole
// microseconds, quantile maps keyed by percentile. NATS is natsk6's
// addition; OMB's chart script reads only the fields before it.
type TestResult struct {
	Workload          string `json:"workload"`
	Driver            string `json:"driver"`
	MessageSize       int64  `json:"messageSize"`
	Topics            int    `json:"topics"`
	Partitions        int    `json:"partitions"`
	ProducersPerTopic int    `json:"producersPerTopic"`
	ConsumersPerTopic int    `json:"consumersPerTopic"`

	PublishRate      []float64 `json:"publishRate"`
	PublishErrorRate []float64 `json:"publishErrorRate"`
	ConsumeRate      []float64 `json:"consumeRate"`
	Backlog          []int64   `json:"backlog"`

	PublishLatencyAvg     []float64 `json:"publishLatencyAvg"`
	PublishLatency50pct   []float64 `json:"publishLatency50pct"`
	PublishLatency75pct   []float64 `json:"publishLatency75pct"`
	PublishLatency95pct   []float64 `json:"publishLatency95pct"`
	PublishLatency99pct   []float64 `json:"publishLatency99pct"`
	PublishLatency999pct  []float64 `json:"publishLatency999pct"`
	PublishLatency9999pct []float64 `json:"publishLatency9999pct"`
	PublishLatencyMax     []float64 `json:"publishLatencyMax"`

	PublishDelayLatencyAvg     []float64 `json:"publishDelayLatencyAvg"`
	PublishDelayLatency50pct   []int64   `json:"publishDelayLatency50pct"`
	PublishDelayLatency75pct   []int64   `json:"publishDelayLatency75pct"`
	PublishDelayLatency95pct   []int64   `json:"publishDelayLatency95pct"`
	PublishDelayLatency99pct   []int64   `json:"publishDelayLatency99pct"`
	PublishDelayLatency999pct  []int64   `json:"publishDelayLatency999pct"`
	PublishDelayLatency9999pct []int64   `json:"publishDelayLatency9999pct"`
	PublishDelayLatencyMax     []int64   `json:"publishDelayLatencyMax"`

	AggregatedPublishLatencyAvg     float64 `json:"aggregatedPublishLatencyAvg"`
	AggregatedPublishLatency50pct   float64 `json:"aggregatedPublishLatency50pct"`
	AggregatedPublishLatency75pct   float64 `json:"aggregatedPublishLatency75pct"`
	AggregatedPublishLatency95pct   float64 `json:"aggregatedPublishLatency95pct"`
	AggregatedPublishLatency99pct   float64 `json:"aggregatedPublishLatency99pct"`
	AggregatedPublishLatency999pct  float64 `json:"aggregatedPublishLatency999pct"`
	AggregatedPublishLatency9999pct float64 `json:"aggregatedPublishLatency9999pct"`
	AggregatedPublishLatencyMax     float64 `json:"aggregatedPublishLatencyMax"`

	AggregatedPublishDelayLatencyAvg     float64 `json:"aggregatedPublishDelayLatencyAvg"`
	AggregatedPublishDelayLatency50pct   int64   `json:"aggregatedPublishDelayLatency50pct"`
	AggregatedPublishDelayLatency75pct   int64   `json:"aggregatedPublishDelayLatency75pct"`
	AggregatedPublishDelayLatency95pct   int64   `json:"aggregatedPublishDelayLatency95pct"`
	AggregatedPublishDelayLatency99pct   int64   `json:"aggregatedPublishDelayLatency99pct"`
	AggregatedPublishDelayLatency999pct  int64   `json:"aggregatedPublishDelayLatency999pct"`
	AggregatedPublishDelayLatency9999pct int64   `json:"aggregatedPublishDelayLatency9999pct"`
	AggregatedPublishDelayLatencyMax     int64   `json:"aggregatedPublishDelayLatencyMax"`

	AggregatedPublishLatencyQuantiles      map[string]float64 `json:"aggregatedPublishLatencyQuantiles"`
	AggregatedPublishDelayLatencyQuantiles map[string]int64   `json:"aggregatedPublishDelayLatencyQuantiles"`

	EndToEndLatencyAvg     []float64 `json:"endToEndLatencyAvg"`
	EndToEndLatency50pct   []float64 `json:"endToEndLatency50pct"`
	EndToEndLatency75pct   []float64 `json:"endToEndLatency75pct"`
	EndToEndLatency95pct   []float64 `json:"endToEndLatency95pct"`
	EndToEndLatency99pct   []float64 `json:"endToEndLatency99pct"`
	EndToEndLatency999pct  []float64 `json:"endToEndLatency999pct"`
	EndToEndLatency9999pct []float64 `json:"endToEndLatency9999pct"`
	EndToEndLatencyMax     []float64 `json:"endToEndLatencyMax"`

	AggregatedEndToEndLatencyQuantiles map[string]float64 `json:"aggregatedEndToEndLatencyQuantiles"`

	AggregatedEndToEndLatencyAvg     float64 `json:"aggregatedEndToEndLatencyAvg"`
	AggregatedEndToEndLatency50pct   float64 `json:"aggregatedEndToEndLatency50pct"`
	AggregatedEndToEndLatency75pct   float64 `json:"aggregatedEndToEndLatency75pct"`
	AggregatedEndToEndLatency95pct   float64 `json:"aggregatedEndToEndLatency95pct"`
	AggregatedEndToEndLatency99pct   float64 `json:"aggregatedEndToEndLatency99pct"`
	AggregatedEndToEndLatency999pct  float64 `json:"aggregatedEndToEndLatency999pct"`
	AggregatedEndToEndLatency9999pct float64 `json:"aggregatedEndToEndLatency9999pct"`
	AggregatedEndToEndLatencyMax     float64 `json:"aggregatedEndToEndLatencyMax"`

	NATS RunFacts `json:"natsk6"`
}

// RunFacts are what natsk6 adds to OMB's result: the whole run's counts
// (warm-up and final drain included) and how the run went.
type RunFacts struct {
	Mode          string   `json:"mode"`
	WindowSeconds float64  `json:"windowSeconds"`
	Streams       []string `json:"streams,omitempty"`
	Published     int64    `json:"published"`     // acked (JetStream) or sent (core), whole run
	Consumed      int64    `json:"consumed"`      // received over all subscriptions, whole run
	PublishErrors int64    `json:"publishErrors"` // whole run
	// TargetRate is the producers' final rate in msgs/s: producerRate,
	// or the maximum sustainable rate found for producerRate 0.
	TargetRate float64 `json:"targetRate"`
	// MaxRateSearched says TargetRate was searched for.
	MaxRateSearched bool `json:"maxRateSearched,omitempty"`
	// BacklogBuildSeconds and BacklogDrainSeconds time the backlog phase
	// of a workload with consumerBacklogSizeGB.
	BacklogBuildSeconds float64 `json:"backlogBuildSeconds,omitempty"`
	BacklogDrainSeconds float64 `json:"backlogDrainSeconds,omitempty"`
}

// quantileTicks is OMB's resolution of the aggregated quantile maps
// (HdrHistogram's percentile iteration, 100 ticks per half distance).
const quantileTicks = 100

func newTestResult(w *Workload, driver string) *TestResult {
	return &TestResult{
		Workload: w.Name, Driver: driver, MessageSize: int64(w.MessageSize),
		Topics: w.Topics, Partitions: w.PartitionsPerTopic,
		ProducersPerTopic: w.ProducersPerTopic, ConsumersPerTopic: w.ConsumerPerSubscription,
		// Empty lists and maps, not null, for a run without a window.
		PublishRate: []float64{}, PublishErrorRate: []float64{}, ConsumeRate: []float64{}, Backlog: []int64{},
		PublishLatencyAvg: []float64{}, PublishLatency50pct: []float64{}, PublishLatency75pct: []float64{},
		PublishLatency95pct: []float64{}, PublishLatency99pct: []float64{}, PublishLatency999pct: []float64{},
		PublishLatency9999pct: []float64{}, PublishLatencyMax: []float64{},
		PublishDelayLatencyAvg: []float64{}, PublishDelayLatency50pct: []int64{}, PublishDelayLatency75pct: []int64{},
		PublishDelayLatency95pct: []int64{}, PublishDelayLatency99pct: []int64{}, PublishDelayLatency999pct: []int64{},
		PublishDelayLatency9999pct: []int64{}, PublishDelayLatencyMax: []int64{},
		EndToEndLatencyAvg: []float64{}, EndToEndLatency50pct: []float64{}, EndToEndLatency75pct: []float64{},
		EndToEndLatency95pct: []float64{}, EndToEndLatency99pct: []float64{}, EndToEndLatency999pct: []float64{},
		EndToEndLatency9999pct: []float64{}, EndToEndLatencyMax: []float64{},
		AggregatedPublishLatencyQuantiles:      map[string]float64{},
		AggregatedPublishDelayLatencyQuantiles: map[string]int64{},
		AggregatedEndToEndLatencyQuantiles:     map[string]float64{},
	}
}

// window is one sample of the series, measured over elapsed.
type window struct {
	elapsed                           time.Duration
	sent, errors, received            int64
	sentBytes, receivedBytes          int64
	backlog                           int64
	publishLatency, publishDelay, e2e *hdrhistogram.Histogram
}

// addWindow appends one window's sample to every series.
func (r *TestResult) addWindow(w window) {
	s := w.elapsed.Seconds()
	r.PublishRate = append(r.PublishRate, float64(w.sent)/s)
	r.PublishErrorRate = append(r.PublishErrorRate, float64(w.errors)/s)
	r.ConsumeRate = append(r.ConsumeRate, float64(w.received)/s)
	r.Backlog = append(r.Backlog, w.backlog)

	p := w.publishLatency
	r.PublishLatencyAvg = append(r.PublishLatencyAvg, p.Mean()/1000)
	r.PublishLatency50pct = append(r.PublishLatency50pct, ms(p.ValueAtQuantile(50)))
	r.PublishLatency75pct = append(r.PublishLatency75pct, ms(p.ValueAtQuantile(75)))
	r.PublishLatency95pct = append(r.PublishLatency95pct, ms(p.ValueAtQuantile(95)))
	r.PublishLatency99pct = append(r.PublishLatency99pct, ms(p.ValueAtQuantile(99)))
	r.PublishLatency999pct = append(r.PublishLatency999pct, ms(p.ValueAtQuantile(99.9)))
	r.PublishLatency9999pct = append(r.PublishLatency9999pct, ms(p.ValueAtQuantile(99.99)))
	r.PublishLatencyMax = append(r.PublishLatencyMax, ms(p.Max()))

	d := w.publishDelay
	r.PublishDelayLatencyAvg = append(r.PublishDelayLatencyAvg, d.Mean())
	r.PublishDelayLatency50pct = append(r.PublishDelayLatency50pct, d.ValueAtQuantile(50))
	r.PublishDelayLatency75pct = append(r.PublishDelayLatency75pct, d.ValueAtQuantile(75))
	r.PublishDelayLatency95pct = append(r.PublishDelayLatency95pct, d.ValueAtQuantile(95))
	r.PublishDelayLatency99pct = append(r.PublishDelayLatency99pct, d.ValueAtQuantile(99))
	r.PublishDelayLatency999pct = append(r.PublishDelayLatency999pct, d.ValueAtQuantile(99.9))
	r.PublishDelayLatency9999pct = append(r.PublishDelayLatency9999pct, d.ValueAtQuantile(99.99))
	r.PublishDelayLatencyMax = append(r.PublishDelayLatencyMax, d.Max())

	e := w.e2e
	r.EndToEndLatencyAvg = append(r.EndToEndLatencyAvg, e.Mean()/1000)
	r.EndToEndLatency50pct = append(r.EndToEndLatency50pct, ms(e.ValueAtQuantile(50)))
	r.EndToEndLatency75pct = append(r.EndToEndLatency75pct, ms(e.ValueAtQuantile(75)))
	r.EndToEndLatency95pct = append(r.EndToEndLatency95pct, ms(e.ValueAtQuantile(95)))
	r.EndToEndLatency99pct = append(r.EndToEndLatency99pct, ms(e.ValueAtQuantile(99)))
	r.EndToEndLatency999pct = append(r.EndToEndLatency999pct, ms(e.ValueAtQuantile(99.9)))
	r.EndToEndLatency9999pct = append(r.EndToEndLatency9999pct, ms(e.ValueAtQuantile(99.99)))
	r.EndToEndLatencyMax = append(r.EndToEndLatencyMax, ms(e.Max()))
}

// aggregate fills the whole measured run's figures.
func (r *TestResult) aggregate(publishLatency, publishDelay, e2e *hdrhistogram.Histogram) {
	p := publishLatency
	r.AggregatedPublishLatencyAvg = p.Mean() / 1000
	r.AggregatedPublishLatency50pct = ms(p.ValueAtQuantile(50))
	r.AggregatedPublishLatency75pct = ms(p.ValueAtQuantile(75))
	r.AggregatedPublishLatency95pct = ms(p.ValueAtQuantile(95))
	r.AggregatedPublishLatency99pct = ms(p.ValueAtQuantile(99))
	r.AggregatedPublishLatency999pct = ms(p.ValueAtQuantile(99.9))
	r.AggregatedPublishLatency9999pct = ms(p.ValueAtQuantile(99.99))
	r.AggregatedPublishLatencyMax = ms(p.Max())

	d := publishDelay
	r.AggregatedPublishDelayLatencyAvg = d.Mean()
	r.AggregatedPublishDelayLatency50pct = d.ValueAtQuantile(50)
	r.AggregatedPublishDelayLatency75pct = d.ValueAtQuantile(75)
	r.AggregatedPublishDelayLatency95pct = d.ValueAtQuantile(95)
	r.AggregatedPublishDelayLatency99pct = d.ValueAtQuantile(99)
	r.AggregatedPublishDelayLatency999pct = d.ValueAtQuantile(99.9)
	r.AggregatedPublishDelayLatency9999pct = d.ValueAtQuantile(99.99)
	r.AggregatedPublishDelayLatencyMax = d.Max()

	e := e2e
	r.AggregatedEndToEndLatencyAvg = e.Mean() / 1000
	r.AggregatedEndToEndLatency50pct = ms(e.ValueAtQuantile(50))
	r.AggregatedEndToEndLatency75pct = ms(e.ValueAtQuantile(75))
	r.AggregatedEndToEndLatency95pct = ms(e.ValueAtQuantile(95))
	r.AggregatedEndToEndLatency99pct = ms(e.ValueAtQuantile(99))
	r.AggregatedEndToEndLatency999pct = ms(e.ValueAtQuantile(99.9))
	r.AggregatedEndToEndLatency9999pct = ms(e.ValueAtQuantile(99.99))
	r.AggregatedEndToEndLatencyMax = ms(e.Max())

	for _, b := range p.CumulativeDistributionWithTicks(quantileTicks) {
		r.AggregatedPublishLatencyQuantiles[percentileKey(b.Quantile)] = ms(b.ValueAt)
	}
	for _, b := range d.CumulativeDistributionWithTicks(quantileTicks) {
		r.AggregatedPublishDelayLatencyQuantiles[percentileKey(b.Quantile)] = b.ValueAt
	}
	for _, b := range e.CumulativeDistributionWithTicks(quantileTicks) {
		r.AggregatedEndToEndLatencyQuantiles[percentileKey(b.Quantile)] = ms(b.ValueAt)
	}
}

// percentileKey writes a percentile as Java writes a double key ("50.0").
func percentileKey(p float64) string {
	s := strconv.FormatFloat(p, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

func ms(us int64) float64 { return float64(us) / 1000 }
