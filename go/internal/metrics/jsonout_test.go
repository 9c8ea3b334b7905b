package metrics

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestJSONOutputLinesParseBack(t *testing.T) {
	f := newFixture()
	lat := f.reg.MustNew("lat", Trend, Time)
	ts, err := ParseThresholds(rawThresholds(t, `{"lat":["p(95)<100"],"lat{subject:a}":["max<5"]}`), f.reg)
	if err != nil {
		t.Fatal(err)
	}
	f.agg.SetThresholds(ts)
	s := f.agg.NewSink() // created before the output is on: it must still timestamp
	var buf bytes.Buffer
	f.agg.AddOutput(NewJSONOutput("json", nopCloser{&buf}, f.agg.Thresholds))
	tags := f.reg.Intern(map[string]string{"subject": "a", "scenario": "default"})
	before := time.Now()
	s.Add(f.b.VUs, nil, 5)
	s.Add(lat, tags, 1.5)
	s.Add(lat, tags, 2.5)
	s.Flush()
	s.Add(lat, tags, 3.5)
	s.Flush()
	if err := f.agg.Close(); err != nil {
		t.Fatal(err)
	}

	type line struct {
		Type   string
		Metric string
		Data   struct {
			Name, Type, Contains string
			Thresholds           []string
			Submetrics           []struct {
				Name, Suffix string
				Tags         map[string]string
			}
			Time  time.Time
			Value float64
			Tags  map[string]string
		}
	}
	var lines []line
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %q does not parse: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	if len(lines) != 6 {
		t.Fatalf("%d lines, want 2 Metric + 4 Point", len(lines))
	}
	if l := lines[0]; l.Type != "Metric" || l.Metric != "vus" || l.Data.Type != "gauge" || l.Data.Contains != "default" {
		t.Errorf("first line = %+v", l)
	}
	if l := lines[1]; l.Type != "Point" || l.Metric != "vus" || l.Data.Value != 5 || len(l.Data.Tags) != 0 || l.Data.Time.Before(before.Add(-time.Second)) {
		t.Errorf("vus point = %+v", l)
	}
	if l := lines[2]; l.Type != "Metric" || l.Metric != "lat" || l.Data.Contains != "time" ||
		len(l.Data.Thresholds) != 1 || l.Data.Thresholds[0] != "p(95)<100" || len(l.Data.Submetrics) != 1 || l.Data.Submetrics[0].Name != "lat{subject:a}" || l.Data.Submetrics[0].Suffix != "subject:a" || l.Data.Submetrics[0].Tags["subject"] != "a" {
		t.Errorf("lat metric line = %+v", l)
	}
	for i, want := range []float64{1.5, 2.5, 3.5} {
		l := lines[3+i]
		if l.Type != "Point" || l.Metric != "lat" || l.Data.Value != want || l.Data.Tags["subject"] != "a" || l.Data.Tags["scenario"] != "default" {
			t.Errorf("lat point %d = %+v", i, l)
		}
	}
	if lines[5].Data.Time.Before(lines[3].Data.Time) {
		t.Error("points out of time order")
	}
}

func TestCloseWithoutJSONOutput(t *testing.T) {
	if err := newFixture().agg.Close(); err != nil {
		t.Fatal(err)
	}
}

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }
