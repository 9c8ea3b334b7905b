package outputs

import (
	"strings"
	"testing"
	"time"
)

func TestCSVOptionsFromEnvThenArgument(t *testing.T) {
	env := map[string]string{"K6_CSV_FILENAME": "env.csv", "K6_CSV_SAVE_INTERVAL": "250", "K6_CSV_TIME_FORMAT": "unix_milli"}
	cases := []struct {
		arg  string
		want csvOptions
	}{
		{"", csvOptions{"env.csv", 250 * time.Millisecond, "unix_milli"}},
		{"out.csv.gz", csvOptions{"out.csv.gz", 250 * time.Millisecond, "unix_milli"}},
		{"file_name=a.csv,save_interval=1m45s,time_format=rfc3339_nano", csvOptions{"a.csv", 105 * time.Second, "rfc3339_nano"}},
		{"time_format=unix", csvOptions{"env.csv", 250 * time.Millisecond, "unix"}},
		{"odd=name,x.csv", csvOptions{"odd=name,x.csv", 250 * time.Millisecond, "unix_milli"}}, // not a known key: a file name
	}
	for _, c := range cases {
		got, err := parseCSVOptions(c.arg, env)
		if err != nil || got != c.want {
			t.Errorf("csv=%s: %+v, %v; want %+v", c.arg, got, err, c.want)
		}
	}
	if got, err := parseCSVOptions("", nil); err != nil || got != (csvOptions{"file.csv", time.Second, "unix"}) {
		t.Errorf("defaults: %+v, %v; want k6's file.csv, 1s, unix", got, err)
	}
}

func TestCSVOptionErrorsNameTheOption(t *testing.T) {
	cases := map[string]struct {
		arg string
		env map[string]string
	}{
		"K6_CSV_TIME_FORMAT: want one of unix, unix_milli": {"", map[string]string{"K6_CSV_TIME_FORMAT": "iso"}},
		"K6_CSV_SAVE_INTERVAL: want a duration":            {"", map[string]string{"K6_CSV_SAVE_INTERVAL": "soon"}},
		"save_interval: want a positive interval":          {"save_interval=0s", nil},
		`"bogus=1" is not one of file_name=`:               {"file_name=a.csv,bogus=1", nil},
		"file_name: want a file name":                      {"file_name=", nil},
	}
	for want, c := range cases {
		if _, err := parseCSVOptions(c.arg, c.env); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("csv=%s with %v: err %v, want %q", c.arg, c.env, err, want)
		}
	}
}

func TestCSVTimestampFormats(t *testing.T) {
	const ns = 1595325560123456789
	want := map[string]string{
		"unix":         "1595325560",
		"unix_milli":   "1595325560123",
		"unix_micro":   "1595325560123456",
		"unix_nano":    "1595325560123456789",
		"rfc3339":      time.Unix(0, ns).Format(time.RFC3339),
		"rfc3339_nano": time.Unix(0, ns).Format(time.RFC3339Nano),
	}
	for _, format := range csvTimeFormats {
		if got := string((&csvOutput{timeFormat: format}).appendTimestamp(nil, ns)); got != want[format] {
			t.Errorf("%s: %s, want %s", format, got, want[format])
		}
	}
}
