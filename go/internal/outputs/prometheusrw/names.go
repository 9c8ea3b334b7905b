package prometheusrw

import (
	"sort"
	"strings"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/prometheus/prometheus/prompb"
)

// nameLabel is the label that holds a Prometheus series' metric name.
const nameLabel = "__name__"

// seriesName is the Prometheus name of metric m's series (see the package
// doc); for a trend in trend-stats mode it is the stem the stats suffix.
func seriesName(m *metrics.Metric, nativeHistogram bool) string {
	base := "k6_" + m.Name
	switch m.Type {
	case metrics.Counter:
		return base + "_total"
	case metrics.Rate:
		return base + "_rate"
	case metrics.Trend:
		if !nativeHistogram {
			return base
		}
	}
	return base + unitSuffix(m)
}

// trendStatName is the series of one trend stat: k6_<name>_<stat>.
func trendStatName(m *metrics.Metric, st trendStat) string {
	return "k6_" + m.Name + "_" + st.suffix
}

func unitSuffix(m *metrics.Metric) string {
	switch m.Contains {
	case metrics.Time:
		return "_seconds"
	case metrics.Data:
		return "_bytes"
	}
	return ""
}

// toBaseUnit converts a sample of m to Prometheus' base unit: k6 times
// are milliseconds, Prometheus' are seconds.
func toBaseUnit(m *metrics.Metric, v float64) float64 {
	if m.Contains == metrics.Time {
		return v / 1000
	}
	return v
}

// seriesLabels is the label set of one series without its name: the
// static labels, overridden by the sample's tags, sorted by name.
func seriesLabels(tags *metrics.TagSet, static map[string]string) []prompb.Label {
	byName := make(map[string]string, len(static)+len(tags.Tags))
	for k, v := range static {
		byName[k] = v
	}
	for _, t := range tags.Tags {
		// Prometheus drops empty label values; a reserved name would
		// change the series' identity.
		if name := labelName(t.Key); name != "" && t.Value != "" && !strings.HasPrefix(name, "__") {
			byName[name] = t.Value
		}
	}
	labels := make([]prompb.Label, 0, len(byName))
	for k, v := range byName {
		labels = append(labels, prompb.Label{Name: k, Value: v})
	}
	sort.Slice(labels, func(i, j int) bool { return labels[i].Name < labels[j].Name })
	return labels
}

// withName returns labels (sorted, as seriesLabels makes them) plus
// __name__=name in its sorted place: remote write wants each series'
// labels sorted by name.
func withName(labels []prompb.Label, name string) []prompb.Label {
	at := sort.Search(len(labels), func(i int) bool { return labels[i].Name > nameLabel })
	out := make([]prompb.Label, 0, len(labels)+1)
	out = append(out, labels[:at]...)
	out = append(out, prompb.Label{Name: nameLabel, Value: name})
	return append(out, labels[at:]...)
}

// labelName maps a tag key to a valid label name, [a-zA-Z_][a-zA-Z0-9_]*:
// other characters become _, and a leading digit gets a _ before it.
func labelName(key string) string {
	if key == "" {
		return ""
	}
	var b strings.Builder
	for i, r := range key {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r >= '0' && r <= '9':
			if i == 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}
