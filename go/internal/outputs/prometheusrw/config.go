package prometheusrw

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The option defaults k6 documents.
const (
	defaultServerURL    = "http://localhost:9090/api/v1/write"
	defaultPushInterval = 5 * time.Second
	defaultTrendStats   = "p(99)"
	envPrefix           = "K6_PROMETHEUS_RW_"
	headerPrefix        = envPrefix + "HEADERS_"
)

// config is the output's options, read from K6_PROMETHEUS_RW_* variables.
type config struct {
	serverURL       *url.URL
	pushInterval    time.Duration
	trendStats      []trendStat
	nativeHistogram bool
	staleMarkers    bool
	username        string
	password        string // secret: never in messages
	bearerToken     string // secret: never in messages
	headers         http.Header
	labels          map[string]string
	tls             *tls.Config
}

// parseConfig reads the options from env. Errors name the variable and,
// for anything but a secret, the value.
func parseConfig(env map[string]string) (*config, error) {
	c := &config{headers: http.Header{}, labels: map[string]string{}}
	var errs []error
	fail := func(err error) { errs = append(errs, err) }

	raw := envOr(env, "SERVER_URL", defaultServerURL)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		// The URL may carry credentials: say what is wrong, not what it is.
		fail(errors.New(envPrefix + "SERVER_URL: not an http:// or https:// URL with a host"))
	}
	c.serverURL = u

	c.pushInterval = defaultPushInterval
	if s, ok := env[envPrefix+"PUSH_INTERVAL"]; ok {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			fail(fmt.Errorf("%sPUSH_INTERVAL: %q is not a positive duration such as 5s", envPrefix, s))
		}
		c.pushInterval = d
	}

	if c.trendStats, err = parseTrendStats(envOr(env, "TREND_STATS", defaultTrendStats)); err != nil {
		fail(err)
	}
	for name, dst := range map[string]*bool{
		"TREND_AS_NATIVE_HISTOGRAM": &c.nativeHistogram,
		"STALE_MARKERS":             &c.staleMarkers,
	} {
		if *dst, err = envBool(env, name); err != nil {
			fail(err)
		}
	}

	c.username, c.password = env[envPrefix+"USERNAME"], env[envPrefix+"PASSWORD"]
	c.bearerToken = env[envPrefix+"BEARER_TOKEN"]
	if c.bearerToken != "" && c.username != "" {
		fail(errors.New(envPrefix + "BEARER_TOKEN and " + envPrefix + "USERNAME: set one way to authenticate, not both"))
	}
	if err := c.readHeaders(env); err != nil {
		fail(err)
	}
	if c.labels, err = parseLabels(env[envPrefix+"LABELS"]); err != nil {
		fail(err)
	}
	if c.tls, err = tlsConfig(env); err != nil {
		fail(err)
	}
	for _, name := range []string{"SIGV4_REGION", "SIGV4_ACCESS_KEY", "SIGV4_SECRET_KEY"} {
		if _, ok := env[envPrefix+name]; ok {
			fail(fmt.Errorf("%s%s: AWS SigV4 signing is not supported by natsk6", envPrefix, name))
		}
	}
	return c, errors.Join(errs...)
}

// readHeaders takes K6_PROMETHEUS_RW_HEADERS_<name>=value and
// K6_PROMETHEUS_RW_HTTP_HEADERS=name:value,name2:value2 (the former wins).
func (c *config) readHeaders(env map[string]string) error {
	if list := env[envPrefix+"HTTP_HEADERS"]; list != "" {
		for pair := range strings.SplitSeq(list, ",") {
			name, value, ok := strings.Cut(pair, ":")
			name = strings.TrimSpace(name)
			if !ok || name == "" {
				// Only the position: the value may be a secret.
				return errors.New(envPrefix + "HTTP_HEADERS: every entry must be name:value")
			}
			c.headers.Set(name, strings.TrimSpace(value))
		}
	}
	for key, value := range env {
		if name, ok := strings.CutPrefix(key, headerPrefix); ok && name != "" {
			c.headers.Set(name, value)
		}
	}
	return nil
}

// parseLabels reads K6_PROMETHEUS_RW_LABELS=k=v,k2=v2. As k6 documents,
// empty names or values and __name__ are ignored.
func parseLabels(list string) (map[string]string, error) {
	labels := map[string]string{}
	if strings.TrimSpace(list) == "" {
		return labels, nil
	}
	for pair := range strings.SplitSeq(list, ",") {
		name, value, ok := strings.Cut(pair, "=")
		if !ok {
			return nil, fmt.Errorf("%sLABELS: %q is not name=value", envPrefix, strings.TrimSpace(pair))
		}
		name, value = labelName(strings.TrimSpace(name)), strings.TrimSpace(value)
		if name == "" || value == "" || name == nameLabel {
			continue
		}
		labels[name] = value
	}
	return labels, nil
}

// tlsConfig builds the client's TLS settings: k6's minimum version (1.3
// unless K6_PROMETHEUS_RW_TLS_MINIMUM_VERSION=1.2), skipping verification
// and a client certificate when asked.
func tlsConfig(env map[string]string) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS13}
	switch v := envOr(env, "TLS_MINIMUM_VERSION", "1.3"); v {
	case "1.3":
	case "1.2":
		tc.MinVersion = tls.VersionTLS12
	default:
		return nil, fmt.Errorf("%sTLS_MINIMUM_VERSION: %q is not 1.2 or 1.3", envPrefix, v)
	}
	skip, err := envBool(env, "INSECURE_SKIP_TLS_VERIFY")
	if err != nil {
		return nil, err
	}
	tc.InsecureSkipVerify = skip // the user asked for it by name
	certFile, keyFile := env[envPrefix+"CLIENT_CERTIFICATE"], env[envPrefix+"CLIENT_CERTIFICATE_KEY"]
	if (certFile == "") != (keyFile == "") {
		return nil, errors.New(envPrefix + "CLIENT_CERTIFICATE and " + envPrefix + "CLIENT_CERTIFICATE_KEY go together")
	}
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("%sCLIENT_CERTIFICATE: %w", envPrefix, err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

func envOr(env map[string]string, name, def string) string {
	if v, ok := env[envPrefix+name]; ok && v != "" {
		return v
	}
	return def
}

func envBool(env map[string]string, name string) (bool, error) {
	s, ok := env[envPrefix+name]
	if !ok || s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, fmt.Errorf("%s%s: %q is not true or false", envPrefix, name, s)
	}
	return b, nil
}

// trendStat is one K6_PROMETHEUS_RW_TREND_STATS entry: the series suffix
// and, for p(N), the percentile.
type trendStat struct {
	suffix     string  // "p99", "avg", ...
	percentile float64 // for p(N); -1 otherwise
}

// parseTrendStats reads k6's list: count, sum, min, max, avg, med, p(N).
func parseTrendStats(list string) ([]trendStat, error) {
	var stats []trendStat
	seen := map[string]bool{}
	var bad []string
	for entry := range strings.SplitSeq(list, ",") {
		entry = strings.TrimSpace(entry)
		st, ok := parseTrendStat(entry)
		if !ok {
			bad = append(bad, strconv.Quote(entry))
			continue
		}
		if !seen[st.suffix] {
			seen[st.suffix] = true
			stats = append(stats, st)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return nil, fmt.Errorf("%sTREND_STATS: %s: each entry must be count, sum, min, max, avg, med or p(N) with N from 0 to 100",
			envPrefix, strings.Join(bad, ", "))
	}
	return stats, nil
}

func parseTrendStat(entry string) (trendStat, bool) {
	switch entry {
	case "count", "sum", "min", "max", "avg", "med":
		return trendStat{suffix: entry, percentile: -1}, true
	}
	inner, ok := strings.CutPrefix(entry, "p(")
	if !ok {
		return trendStat{}, false
	}
	if inner, ok = strings.CutSuffix(inner, ")"); !ok {
		return trendStat{}, false
	}
	p, err := strconv.ParseFloat(inner, 64)
	if err != nil || p < 0 || p > 100 || strings.ContainsAny(inner, "eE+-") {
		return trendStat{}, false
	}
	return trendStat{suffix: "p" + strings.ReplaceAll(inner, ".", ""), percentile: p}, true
}
