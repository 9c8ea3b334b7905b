package metrics

import (
	"strings"
	"testing"
	"time"
)

func TestPercentagesTruncateAsK6Does(t *testing.T) {
	for _, c := range []struct {
		part, total int64
		want        string
	}{{2, 3, "66.66%"}, {1, 3, "33.33%"}, {21, 444, "4.72%"}, {765793, 765855, "99.99%"}, {3, 3, "100.00%"}, {0, 0, "0.00%"}} {
		if got := ratioPercent(c.part, c.total); got != c.want {
			t.Errorf("ratioPercent(%d, %d) = %s, want %s", c.part, c.total, got, c.want)
		}
		if c.total > 0 {
			if got := truncatedPercent(float64(c.part) / float64(c.total)); got != c.want {
				t.Errorf("truncatedPercent(%d/%d) = %s, want %s", c.part, c.total, got, c.want)
			}
		}
	}
	if got := truncatedPercent(0.29); got != "29.00%" {
		t.Errorf("truncatedPercent(0.29) = %s, want 29.00%%", got)
	}
}

// A sub-metric's thresholds print under their metric even when another
// metric's name sorts between them ("lat_b" < "lat{...}" byte-wise).
func TestSubMetricThresholdsPrintUnderTheirMetric(t *testing.T) {
	f := newFixture()
	f.reg.MustNew("lat", Trend, Time)
	f.reg.MustNew("lat_b", Trend, Time)
	ts, err := ParseThresholds(rawThresholds(t, `{"lat": ["max<1000"], "lat_b": ["max<1"], "lat{subject:fast}": ["max<=10"]}`), f.reg)
	if err != nil {
		t.Fatal(err)
	}
	f.agg.SetThresholds(ts)
	s := f.agg.NewSink()
	emitLatencies(f, s)
	s.Flush()
	f.agg.EvaluateThresholds(time.Second)
	text := RenderText(f.agg.Summary(SummaryMeta{Duration: time.Second}), TextOptions{NoColor: true})
	want := "    lat\n    ✓ 'max<1000' max=100ms\n\n      {subject:fast}\n      ✓ 'max<=10' max=10ms\n\n    lat_b\n    ✓ 'max<1' max=0s\n"
	if !strings.Contains(text, want) {
		t.Errorf("thresholds section lacks\n%s\ngot:\n%s", want, text)
	}
}
