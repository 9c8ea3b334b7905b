// Package dashboard is k6's web dashboard for natsk6: a live page served
// while the test runs (updated over Server-Sent Events) and a single
// self-contained HTML report written at the end, with the same charts
// and the final summary tables.
package dashboard

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// Options are k6's web-dashboard options; each has a K6_WEB_DASHBOARD_*
// variable and a key of --out web-dashboard=key=value&key=value.
type Options struct {
	Host   string        // host (K6_WEB_DASHBOARD_HOST), default 127.0.0.1
	Port   int           // port (K6_WEB_DASHBOARD_PORT), default 5665; -1: no server; 0: any free port
	Period time.Duration // period (K6_WEB_DASHBOARD_PERIOD), default 10s
	Open   bool          // open (K6_WEB_DASHBOARD_OPEN): open the live page in a browser
	Export string        // export (K6_WEB_DASHBOARD_EXPORT): the HTML report's path, "" for none
}

// The defaults k6 documents for its web dashboard.
const (
	defaultHost   = "127.0.0.1"
	defaultPort   = 5665
	defaultPeriod = 10 * time.Second
	// minPeriod bounds the period: shorter ones would make every
	// chart point a sliver of a VU flush (about one per second).
	minPeriod = time.Second
)

// envPrefix is the prefix of the option variables, as in k6.
const envPrefix = "K6_WEB_DASHBOARD_"

// Enabled says whether K6_WEB_DASHBOARD asks for the dashboard.
func Enabled(env map[string]string) (bool, error) {
	v, ok := env["K6_WEB_DASHBOARD"]
	if !ok || v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("K6_WEB_DASHBOARD: want true or false, got %q", v)
	}
	return b, nil
}

// parseOptions reads the K6_WEB_DASHBOARD_* variables of env, then the
// key=value pairs of arg (--out web-dashboard=ARG), which win.
func parseOptions(arg string, env map[string]string) (Options, error) {
	o := Options{Host: defaultHost, Port: defaultPort, Period: defaultPeriod}
	for _, key := range []string{"host", "port", "period", "open", "export"} {
		if v, ok := env[envPrefix+strings.ToUpper(key)]; ok && v != "" {
			if err := o.set(key, v); err != nil {
				return o, fmt.Errorf("%s%s: %w", envPrefix, strings.ToUpper(key), err)
			}
		}
	}
	if arg != "" {
		pairs, err := url.ParseQuery(arg)
		if err != nil {
			return o, fmt.Errorf("--out web-dashboard=%s: want key=value pairs joined by &: %w", arg, err)
		}
		for key, values := range pairs {
			if err := o.set(key, values[len(values)-1]); err != nil {
				return o, fmt.Errorf("--out web-dashboard: %s: %w", key, err)
			}
		}
	}
	return o, nil
}

// set applies one option given as text.
func (o *Options) set(key, v string) error {
	switch key {
	case "host":
		o.Host = v
	case "port":
		p, err := strconv.Atoi(v)
		if err != nil || p < -1 || p > 65535 {
			return fmt.Errorf("want a port number (0-65535, or -1 for no server), got %q", v)
		}
		o.Port = p
	case "period":
		d, err := scheduler.ParseDuration(v)
		if err != nil || d < minPeriod {
			return fmt.Errorf("want a duration of at least %s such as 10s, got %q", minPeriod, v)
		}
		o.Period = d
	case "open":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", v)
		}
		o.Open = b
	case "export":
		o.Export = v
	default:
		return fmt.Errorf("unknown option (known: host, port, period, open, export)")
	}
	return nil
}
