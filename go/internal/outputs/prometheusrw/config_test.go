package prometheusrw

import (
	"crypto/tls"
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

func TestConfigDefaults(t *testing.T) {
	c, err := parseConfig(map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.serverURL.String(); got != "http://localhost:9090/api/v1/write" {
		t.Errorf("server URL %s", got)
	}
	if c.pushInterval != 5*time.Second || c.nativeHistogram || c.staleMarkers || c.tls.InsecureSkipVerify {
		t.Errorf("defaults: %+v", c)
	}
	if c.tls.MinVersion != tls.VersionTLS13 {
		t.Errorf("TLS minimum %x, k6's default is 1.3", c.tls.MinVersion)
	}
	if len(c.trendStats) != 1 || c.trendStats[0] != (trendStat{"p99", 99}) {
		t.Errorf("trend stats %+v, want p(99)", c.trendStats)
	}
}

func TestConfigOptions(t *testing.T) {
	c, err := parseConfig(map[string]string{
		"K6_PROMETHEUS_RW_SERVER_URL":                 "https://prom.example:9443/api/v1/write",
		"K6_PROMETHEUS_RW_PUSH_INTERVAL":              "250ms",
		"K6_PROMETHEUS_RW_TREND_STATS":                "p(95), p(99.9),min,max,avg,med,count,sum,p(95)",
		"K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM":  "true",
		"K6_PROMETHEUS_RW_STALE_MARKERS":              "1",
		"K6_PROMETHEUS_RW_INSECURE_SKIP_TLS_VERIFY":   "true",
		"K6_PROMETHEUS_RW_TLS_MINIMUM_VERSION":        "1.2",
		"K6_PROMETHEUS_RW_HEADERS_X-Scope-OrgID":      "tenant-1",
		"K6_PROMETHEUS_RW_HTTP_HEADERS":               "X-Scope-OrgID:ignored, X-Other: two",
		"K6_PROMETHEUS_RW_LABELS":                     "instance=gen-1, testid=abc,empty=,__name__=x",
		"K6_PROMETHEUS_RW_USERNAME":                   "u",
		"K6_PROMETHEUS_RW_PASSWORD":                   "p",
		"K6_PROMETHEUS_RW_CLIENT_CERTIFICATE_UNKNOWN": "not an option; ignored",
	})
	if err != nil {
		t.Fatal(err)
	}
	var suffixes []string
	for _, st := range c.trendStats {
		suffixes = append(suffixes, st.suffix)
	}
	if got := strings.Join(suffixes, ","); got != "p95,p999,min,max,avg,med,count,sum" {
		t.Errorf("trend stat suffixes %s", got)
	}
	if c.pushInterval != 250*time.Millisecond || !c.nativeHistogram || !c.staleMarkers || !c.tls.InsecureSkipVerify || c.tls.MinVersion != tls.VersionTLS12 {
		t.Errorf("options: %+v", c)
	}
	if got := c.headers.Get("X-Scope-OrgID"); got != "tenant-1" {
		t.Errorf("K6_PROMETHEUS_RW_HEADERS_ must win over HTTP_HEADERS: %q", got)
	}
	if got := c.headers.Get("X-Other"); got != "two" {
		t.Errorf("X-Other = %q", got)
	}
	if len(c.labels) != 2 || c.labels["instance"] != "gen-1" || c.labels["testid"] != "abc" {
		t.Errorf("labels %v", c.labels)
	}
}

// TestConfigErrors: each bad option is named, and secrets never show.
func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"K6_PROMETHEUS_RW_SERVER_URL": "ftp://u:hunter2@x/"}, "K6_PROMETHEUS_RW_SERVER_URL: not an http"},
		{map[string]string{"K6_PROMETHEUS_RW_PUSH_INTERVAL": "5"}, `K6_PROMETHEUS_RW_PUSH_INTERVAL: "5" is not a positive duration`},
		{map[string]string{"K6_PROMETHEUS_RW_PUSH_INTERVAL": "-1s"}, "not a positive duration"},
		{map[string]string{"K6_PROMETHEUS_RW_TREND_STATS": "p99,p(101),avg"}, `K6_PROMETHEUS_RW_TREND_STATS: "p(101)", "p99"`},
		{map[string]string{"K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM": "yes"}, `TREND_AS_NATIVE_HISTOGRAM: "yes" is not true or false`},
		{map[string]string{"K6_PROMETHEUS_RW_TLS_MINIMUM_VERSION": "1.1"}, `"1.1" is not 1.2 or 1.3`},
		{map[string]string{"K6_PROMETHEUS_RW_HTTP_HEADERS": "Authorization=hunter2"}, "HTTP_HEADERS: every entry must be name:value"},
		{map[string]string{"K6_PROMETHEUS_RW_LABELS": "instance"}, `LABELS: "instance" is not name=value`},
		{map[string]string{"K6_PROMETHEUS_RW_CLIENT_CERTIFICATE": "c.pem"}, "go together"},
		{map[string]string{"K6_PROMETHEUS_RW_SIGV4_REGION": "eu-west-1"}, "SigV4 signing is not supported"},
		{map[string]string{"K6_PROMETHEUS_RW_BEARER_TOKEN": "hunter2", "K6_PROMETHEUS_RW_USERNAME": "u"}, "not both"},
	} {
		_, err := parseConfig(tc.env)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one containing %q", tc.env, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%v: the error shows a secret: %v", tc.env, err)
		}
	}
	if _, err := New("http://x", nil); err == nil || !strings.Contains(err.Error(), "K6_PROMETHEUS_RW_") {
		t.Errorf("an argument after = must be refused, pointing at the variables: %v", err)
	}
}

func TestSeriesNames(t *testing.T) {
	r := metrics.NewRegistry()
	for _, tc := range []struct {
		name     string
		typ      metrics.Type
		contains metrics.Contains
		native   bool
		want     string
	}{
		{"nats_msgs_published", metrics.Counter, metrics.Default, false, "k6_nats_msgs_published_total"},
		{"data_sent", metrics.Counter, metrics.Data, false, "k6_data_sent_total"},
		{"vus", metrics.Gauge, metrics.Default, false, "k6_vus"},
		{"checks", metrics.Rate, metrics.Default, true, "k6_checks_rate"},
		{"nats_request_duration", metrics.Trend, metrics.Time, true, "k6_nats_request_duration_seconds"},
		{"payload_size", metrics.Trend, metrics.Data, true, "k6_payload_size_bytes"},
		{"queue_depth", metrics.Trend, metrics.Default, true, "k6_queue_depth"},
	} {
		m := r.MustNew(tc.name, tc.typ, tc.contains)
		if got := seriesName(m, tc.native); got != tc.want {
			t.Errorf("%s (%s, %s, native %v): %s, want %s", tc.name, tc.typ, tc.contains, tc.native, got, tc.want)
		}
	}
	m := r.Get("nats_request_duration")
	st, _ := parseTrendStat("p(99.9)")
	if got := trendStatName(m, st); got != "k6_nats_request_duration_p999" {
		t.Errorf("trend stat name %s", got)
	}
}

func TestSeriesLabels(t *testing.T) {
	r := metrics.NewRegistry()
	tags := r.Intern(map[string]string{"scenario": "load", "Zone": "a", "http.status": "200", "1st": "x", "empty": "", "__reserved": "y"})
	labels := withName(seriesLabels(tags, map[string]string{"instance": "gen-1", "scenario": "overridden"}), "k6_x_total")
	var got []string
	for _, l := range labels {
		got = append(got, l.Name+"="+l.Value)
	}
	// Sorted by byte order: upper case, then _1 before __, then lower case.
	want := "Zone=a,_1st=x,__name__=k6_x_total,http_status=200,instance=gen-1,scenario=load"
	if strings.Join(got, ",") != want {
		t.Errorf("labels\n%s\nwant\n%s", strings.Join(got, ","), want)
	}
}
