package metrics

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// jsonOutput writes k6's JSON output: a Metric line when a metric first
// appears, then one Point line per sample. The aggregator's lock guards it.
type jsonOutput struct {
	w        *bufio.Writer
	declared map[int]bool
	tagsJSON map[int][]byte // per tag set ID, encoded once
	line     []byte
	err      error
}

// EnableJSONOutput makes sinks keep timestamped samples and flushes write
// them to w as JSON lines. Call it before the run emits samples.
func (a *Aggregator) EnableJSONOutput(w io.Writer) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.out = &jsonOutput{w: bufio.NewWriterSize(w, 64<<10), declared: map[int]bool{}, tagsJSON: map[int][]byte{}}
	a.keepTime.Store(true)
}

// Close stops the outputs, flushes the JSON output's buffer and returns
// the first write error.
func (a *Aggregator) Close() error {
	outErr := a.stopOutputs()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.out == nil {
		return outErr
	}
	if err := a.out.w.Flush(); err != nil && a.out.err == nil {
		a.out.err = err
	}
	if a.out.err != nil {
		return errors.Join(outErr, fmt.Errorf("writing JSON output: %w", a.out.err))
	}
	return outErr
}

type jsonMetricLine struct {
	Type   string         `json:"type"`
	Data   jsonMetricData `json:"data"`
	Metric string         `json:"metric"`
}

type jsonMetricData struct {
	Name       string   `json:"name"`
	Type       string   `json:"type"`
	Contains   string   `json:"contains"`
	Thresholds []string `json:"thresholds"`
	Submetrics []string `json:"submetrics"`
}

func (o *jsonOutput) write(points []point, thresholds []*Threshold) {
	if o.err != nil {
		return
	}
	for _, p := range points {
		m := p.series.metric
		if !o.declared[m.ID] {
			o.declared[m.ID] = true
			o.declare(m, thresholds)
		}
		o.line = append(o.line[:0], `{"type":"Point","data":{"time":"`...)
		o.line = time.Unix(0, p.unixNs).AppendFormat(o.line, time.RFC3339Nano)
		o.line = append(o.line, `","value":`...)
		o.line = appendJSONNumber(o.line, p.value)
		o.line = append(o.line, `,"tags":`...)
		o.line = append(o.line, o.tags(p.series.tags)...)
		if p.metadata != nil {
			o.line = append(o.line, `,"metadata":`...)
			o.line = append(o.line, p.metadata.json...)
		}
		o.line = append(o.line, `},"metric":`...)
		o.line = strconv.AppendQuote(o.line, m.Name)
		o.line = append(o.line, "}\n"...)
		if _, err := o.w.Write(o.line); err != nil {
			o.err = err
			return
		}
	}
}

func (o *jsonOutput) declare(m *Metric, thresholds []*Threshold) {
	data := jsonMetricData{Name: m.Name, Type: m.Type.String(), Contains: m.Contains.String(), Thresholds: []string{}}
	for _, t := range thresholds {
		if t.Metric != m {
			continue
		}
		if len(t.Selector) == 0 {
			data.Thresholds = append(data.Thresholds, t.Source)
		} else if name := t.Name(); !contains(data.Submetrics, name) {
			data.Submetrics = append(data.Submetrics, name)
		}
	}
	line, _ := json.Marshal(jsonMetricLine{Type: "Metric", Data: data, Metric: m.Name})
	if _, err := o.w.Write(append(line, '\n')); err != nil {
		o.err = err
	}
}

func (o *jsonOutput) tags(ts *TagSet) []byte {
	if b, ok := o.tagsJSON[ts.ID]; ok {
		return b
	}
	b := []byte("null")
	if len(ts.Tags) > 0 {
		b, _ = json.Marshal(ts.Map())
	}
	o.tagsJSON[ts.ID] = b
	return b
}

// appendJSONNumber writes v as JSON allows: NaN and infinities become null.
func appendJSONNumber(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}
