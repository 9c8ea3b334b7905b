package opentelemetry

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// The option defaults k6 documents.
const (
	envPrefix             = "K6_OTEL_"
	defaultExporterType   = exporterGRPC
	defaultGRPCEndpoint   = "localhost:4317"
	defaultHTTPEndpoint   = "localhost:4318"
	defaultHTTPURLPath    = "/v1/metrics"
	defaultExportInterval = 10 * time.Second
	defaultFlushInterval  = time.Second
	defaultServiceName    = "k6"
	// defaultExportTimeout bounds one export (k6 documents no option for
	// it), so a dead or stuck endpoint costs the run's end at most about
	// this long.
	defaultExportTimeout = 10 * time.Second
)

// The K6_OTEL_EXPORTER_TYPE values.
const (
	exporterGRPC = "grpc"
	exporterHTTP = "http"
)

// config is the output's options, read from K6_OTEL_* variables.
type config struct {
	exporterType string // exporterGRPC or exporterHTTP
	// endpoint is host:port of the exporter in use; set says whether the
	// user named it (otherwise the SDK's OTEL_EXPORTER_OTLP_* variables
	// may still choose it, as k6 documents).
	endpoint    string
	endpointSet bool
	urlPath     string // HTTP only; "" leaves it to the SDK
	insecure    bool   // plain text instead of TLS

	exportInterval time.Duration
	exportTimeout  time.Duration
	flushInterval  time.Duration
	metricPrefix   string
	serviceName    string
	serviceVersion string
	// singleCounterForRate is k6's rate mapping since v1.4: one counter
	// with a condition attribute instead of <name>.occurred and .total.
	singleCounterForRate bool

	headers map[string]string // secret: never in messages
	tls     *tls.Config       // nil when no K6_OTEL_TLS_* option is set
}

// parseConfig reads the options from env. Errors name the variable and,
// for anything but a secret, the value.
func parseConfig(env map[string]string) (*config, error) {
	c := &config{exportTimeout: defaultExportTimeout}
	var errs []error
	fail := func(err error) { errs = append(errs, err) }
	var err error

	switch c.exporterType = envOr(env, "EXPORTER_TYPE", defaultExporterType); c.exporterType {
	case exporterGRPC:
		c.endpoint, c.endpointSet = envSet(env, "GRPC_EXPORTER_ENDPOINT", defaultGRPCEndpoint)
		if c.insecure, err = envBool(env, "GRPC_EXPORTER_INSECURE", false); err != nil {
			fail(err)
		}
	case exporterHTTP:
		c.endpoint, c.endpointSet = envSet(env, "HTTP_EXPORTER_ENDPOINT", defaultHTTPEndpoint)
		c.urlPath = env[envPrefix+"HTTP_EXPORTER_URL_PATH"]
		if c.urlPath != "" && !strings.HasPrefix(c.urlPath, "/") {
			fail(fmt.Errorf("%sHTTP_EXPORTER_URL_PATH: %q must start with /", envPrefix, c.urlPath))
		}
		if c.insecure, err = envBool(env, "HTTP_EXPORTER_INSECURE", false); err != nil {
			fail(err)
		}
	default:
		fail(fmt.Errorf("%sEXPORTER_TYPE: %q is not grpc or http", envPrefix, c.exporterType))
	}
	if strings.Contains(c.endpoint, "://") || strings.Contains(c.endpoint, "/") {
		// k6 takes host:port only; a URL here may carry credentials.
		fail(fmt.Errorf("%s%s_EXPORTER_ENDPOINT: must be host:port, without scheme or path", envPrefix, strings.ToUpper(c.exporterType)))
	}

	if c.exportInterval, err = envDuration(env, "EXPORT_INTERVAL", defaultExportInterval); err != nil {
		fail(err)
	}
	if c.flushInterval, err = envDuration(env, "FLUSH_INTERVAL", defaultFlushInterval); err != nil {
		fail(err)
	}
	c.metricPrefix = env[envPrefix+"METRIC_PREFIX"]
	c.serviceName = envOr(env, "SERVICE_NAME", defaultServiceName)
	c.serviceVersion = envOr(env, "SERVICE_VERSION", moduleVersion())
	if c.singleCounterForRate, err = envBool(env, "SINGLE_COUNTER_FOR_RATE", true); err != nil {
		fail(err)
	}
	if c.headers, err = parseHeaders(env[envPrefix+"HEADERS"]); err != nil {
		fail(err)
	}
	if c.tls, err = tlsConfig(env); err != nil {
		fail(err)
	}
	return c, errors.Join(errs...)
}

// parseHeaders reads K6_OTEL_HEADERS, k1=v1,k2=v2 (W3C baggage style,
// percent-encoding allowed, as the OpenTelemetry SDKs take their headers).
func parseHeaders(list string) (map[string]string, error) {
	headers := map[string]string{}
	if strings.TrimSpace(list) == "" {
		return headers, nil
	}
	for i, pair := range strings.Split(list, ",") {
		name, value, ok := strings.Cut(pair, "=")
		name, nameErr := url.PathUnescape(strings.TrimSpace(name))
		value, valueErr := url.PathUnescape(strings.TrimSpace(value))
		if !ok || name == "" || nameErr != nil || valueErr != nil {
			// Only the position: the value may be a secret.
			return nil, fmt.Errorf("%sHEADERS: entry %d is not name=value", envPrefix, i+1)
		}
		headers[name] = value
	}
	return headers, nil
}

// tlsConfig builds the client's TLS settings from k6's K6_OTEL_TLS_*
// options: skipping verification, a root CA file instead of the host's
// roots, a client certificate. Nil when none is set (the SDK's own TLS
// defaults then apply).
func tlsConfig(env map[string]string) (*tls.Config, error) {
	skip, err := envBool(env, "TLS_INSECURE_SKIP_VERIFY", false)
	if err != nil {
		return nil, err
	}
	caFile := env[envPrefix+"TLS_CERTIFICATE"]
	certFile, keyFile := env[envPrefix+"TLS_CLIENT_CERTIFICATE"], env[envPrefix+"TLS_CLIENT_KEY"]
	if !skip && caFile == "" && certFile == "" && keyFile == "" {
		return nil, nil
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: skip} // skip: the user asked for it by name
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("%sTLS_CERTIFICATE: %w", envPrefix, err)
		}
		tc.RootCAs = x509.NewCertPool()
		if !tc.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%sTLS_CERTIFICATE: %s holds no PEM certificate", envPrefix, caFile)
		}
	}
	if (certFile == "") != (keyFile == "") {
		return nil, errors.New(envPrefix + "TLS_CLIENT_CERTIFICATE and " + envPrefix + "TLS_CLIENT_KEY go together")
	}
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("%sTLS_CLIENT_CERTIFICATE: %w", envPrefix, err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// moduleVersion is natsk6's version as `go install ...@vX` records it,
// the default service.version (k6 sends its own version there).
func moduleVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

func envOr(env map[string]string, name, def string) string {
	v, _ := envSet(env, name, def)
	return v
}

// envSet is the variable's value, or def, and whether it was set.
func envSet(env map[string]string, name, def string) (string, bool) {
	if v := strings.TrimSpace(env[envPrefix+name]); v != "" {
		return v, true
	}
	return def, false
}

func envBool(env map[string]string, name string, def bool) (bool, error) {
	s, ok := envSet(env, name, "")
	if !ok {
		return def, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, fmt.Errorf("%s%s: %q is not true or false", envPrefix, name, s)
	}
	return b, nil
}

func envDuration(env map[string]string, name string, def time.Duration) (time.Duration, error) {
	s, ok := envSet(env, name, "")
	if !ok {
		return def, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s%s: %q is not a positive duration such as 10s", envPrefix, name, s)
	}
	return d, nil
}
