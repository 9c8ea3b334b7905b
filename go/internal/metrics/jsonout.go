package metrics

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
)

// jsonOutput writes k6's JSON output: a Metric line when a metric first
// appears, then one Point line per sample. Its methods run on the
// output's own goroutine.
type jsonOutput struct {
	desc       string
	dst        io.WriteCloser
	w          *bufio.Writer
	thresholds func() []*Threshold
	declared   map[int]bool
	tagsJSON   map[int][]byte // per tag set ID, encoded once
	lineEnds   map[int][]byte // per metric ID: the line from its "metric" key on
	stamps     rfc3339Stamps
	line       []byte
	err        error
}

// NewJSONOutput returns the output of --out json=FILE writing to dst,
// which Stop closes. thresholds gives the run's thresholds when a metric
// is first declared (they are known once the script's options are read).
func NewJSONOutput(desc string, dst io.WriteCloser, thresholds func() []*Threshold) Output {
	return &jsonOutput{desc: desc, dst: dst, w: bufio.NewWriterSize(dst, 64<<10), thresholds: thresholds,
		declared: map[int]bool{}, tagsJSON: map[int][]byte{}, lineEnds: map[int][]byte{}}
}

func (o *jsonOutput) Description() string { return o.desc }

func (o *jsonOutput) Stop() error {
	if err := o.w.Flush(); err != nil && o.err == nil {
		o.err = err
	}
	if err := o.dst.Close(); err != nil && o.err == nil {
		o.err = err
	}
	if o.err != nil {
		return fmt.Errorf("writing JSON output: %w", o.err)
	}
	return nil
}

type jsonMetricLine struct {
	Type   string         `json:"type"`
	Data   jsonMetricData `json:"data"`
	Metric string         `json:"metric"`
}

type jsonMetricData struct {
	Name       string          `json:"name"`
	Type       string          `json:"type"`
	Contains   string          `json:"contains"`
	Thresholds []string        `json:"thresholds"`
	Submetrics []jsonSubmetric `json:"submetrics"`
}

// jsonSubmetric is a sub-metric as k6 declares it: its full name, the
// selector inside the braces, and the selector's tags.
type jsonSubmetric struct {
	Name   string            `json:"name"`
	Suffix string            `json:"suffix"`
	Tags   map[string]string `json:"tags"`
}

func (o *jsonOutput) AddSamples(batch []Sample) {
	if o.err != nil {
		return
	}
	for _, s := range batch {
		m := s.Metric
		if !o.declared[m.ID] {
			o.declared[m.ID] = true
			o.declare(m)
		}
		o.line = append(o.line[:0], `{"type":"Point","data":{"time":"`...)
		o.line = o.stamps.append(o.line, s.UnixNs)
		o.line = append(o.line, `","value":`...)
		o.line = appendJSONNumber(o.line, s.Value)
		o.line = append(o.line, `,"tags":`...)
		o.line = append(o.line, o.tags(s.Tags)...)
		if s.Metadata != nil {
			o.line = append(o.line, `,"metadata":`...)
			o.line = append(o.line, s.Metadata.json...)
		}
		o.line = append(o.line, o.lineEnd(m)...)
		if _, err := o.w.Write(o.line); err != nil {
			o.err = err
			return
		}
	}
}

func (o *jsonOutput) declare(m *Metric) {
	data := jsonMetricData{Name: m.Name, Type: m.Type.String(), Contains: m.Contains.String(), Thresholds: []string{}}
	for _, t := range o.thresholds() {
		if t.Metric != m {
			continue
		}
		if len(t.Selector) == 0 {
			data.Thresholds = append(data.Thresholds, t.Source)
		} else if name := t.Name(); !hasSubmetric(data.Submetrics, name) {
			tags := make(map[string]string, len(t.Selector))
			for _, tag := range t.Selector {
				tags[tag.Key] = tag.Value
			}
			suffix := name[len(m.Name)+1 : len(name)-1]
			data.Submetrics = append(data.Submetrics, jsonSubmetric{Name: name, Suffix: suffix, Tags: tags})
		}
	}
	line, _ := json.Marshal(jsonMetricLine{Type: "Metric", Data: data, Metric: m.Name})
	if _, err := o.w.Write(append(line, '\n')); err != nil {
		o.err = err
	}
}

func hasSubmetric(subs []jsonSubmetric, name string) bool {
	for _, s := range subs {
		if s.Name == name {
			return true
		}
	}
	return false
}

// lineEnd is a Point line's end for metric m, from the "metric" key on.
func (o *jsonOutput) lineEnd(m *Metric) []byte {
	if b, ok := o.lineEnds[m.ID]; ok {
		return b
	}
	b := strconv.AppendQuote([]byte(`},"metric":`), m.Name)
	b = append(b, "}\n"...)
	o.lineEnds[m.ID] = b
	return b
}

// tags encodes a tag set; an empty one is {} as k6 writes it.
func (o *jsonOutput) tags(ts *TagSet) []byte {
	if b, ok := o.tagsJSON[ts.ID]; ok {
		return b
	}
	b, _ := json.Marshal(ts.Map())
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
