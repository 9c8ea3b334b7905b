package opentelemetry

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestConfigDefaultsAreK6s(t *testing.T) {
	c, err := parseConfig(map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if c.exporterType != "grpc" || c.endpoint != "localhost:4317" || c.endpointSet || c.insecure {
		t.Errorf("exporter = %s %s (set %v, insecure %v), want k6's grpc localhost:4317, TLS on", c.exporterType, c.endpoint, c.endpointSet, c.insecure)
	}
	if c.exportInterval != 10*time.Second || c.flushInterval != time.Second {
		t.Errorf("intervals = export %v flush %v, want 10s and 1s", c.exportInterval, c.flushInterval)
	}
	if c.metricPrefix != "" || c.serviceName != "k6" || c.serviceVersion == "" || !c.singleCounterForRate {
		t.Errorf("prefix %q, service %q %q, single rate counter %v", c.metricPrefix, c.serviceName, c.serviceVersion, c.singleCounterForRate)
	}
	if c.tls != nil || len(c.headers) != 0 {
		t.Errorf("tls %v, headers %v: want none", c.tls, c.headers)
	}

	c, err = parseConfig(map[string]string{"K6_OTEL_EXPORTER_TYPE": "http"})
	if err != nil {
		t.Fatal(err)
	}
	if c.endpoint != "localhost:4318" || c.urlPath != "" {
		t.Errorf("http exporter = %s%s, want localhost:4318 and the SDK's /v1/metrics", c.endpoint, c.urlPath)
	}
}

func TestConfigReadsEveryOption(t *testing.T) {
	c, err := parseConfig(map[string]string{
		"K6_OTEL_EXPORTER_TYPE":            "http",
		"K6_OTEL_HTTP_EXPORTER_ENDPOINT":   "collector:4318",
		"K6_OTEL_HTTP_EXPORTER_URL_PATH":   "/otlp/v1/metrics",
		"K6_OTEL_HTTP_EXPORTER_INSECURE":   "true",
		"K6_OTEL_EXPORT_INTERVAL":          "2s",
		"K6_OTEL_FLUSH_INTERVAL":           "250ms",
		"K6_OTEL_METRIC_PREFIX":            "k6_",
		"K6_OTEL_SERVICE_NAME":             "loadgen",
		"K6_OTEL_SERVICE_VERSION":          "1.2.3",
		"K6_OTEL_SINGLE_COUNTER_FOR_RATE":  "false",
		"K6_OTEL_HEADERS":                  "x-scope-orgid=team%20a, authorization=Basic%20dXNlcjpwdw==",
		"K6_OTEL_TLS_INSECURE_SKIP_VERIFY": "true",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.endpoint != "collector:4318" || !c.endpointSet || c.urlPath != "/otlp/v1/metrics" || !c.insecure {
		t.Errorf("exporter = %s%s set %v insecure %v", c.endpoint, c.urlPath, c.endpointSet, c.insecure)
	}
	if c.exportInterval != 2*time.Second || c.flushInterval != 250*time.Millisecond {
		t.Errorf("intervals = %v, %v", c.exportInterval, c.flushInterval)
	}
	if c.metricPrefix != "k6_" || c.serviceName != "loadgen" || c.serviceVersion != "1.2.3" || c.singleCounterForRate {
		t.Errorf("prefix %q, service %q %q, single rate counter %v", c.metricPrefix, c.serviceName, c.serviceVersion, c.singleCounterForRate)
	}
	if c.headers["x-scope-orgid"] != "team a" || c.headers["authorization"] != "Basic dXNlcjpwdw==" || len(c.headers) != 2 {
		t.Errorf("headers = %v", c.headers)
	}
	if c.tls == nil || !c.tls.InsecureSkipVerify {
		t.Errorf("tls = %+v, want verification off", c.tls)
	}
}

// TestConfigErrorsNameTheVariable: every bad option is reported at once,
// by name, and a header's value never shows.
func TestConfigErrorsNameTheVariable(t *testing.T) {
	_, err := parseConfig(map[string]string{
		"K6_OTEL_EXPORTER_TYPE":          "grpc",
		"K6_OTEL_GRPC_EXPORTER_ENDPOINT": "https://user:pw@collector:4317",
		"K6_OTEL_GRPC_EXPORTER_INSECURE": "maybe",
		"K6_OTEL_EXPORT_INTERVAL":        "10",
		"K6_OTEL_FLUSH_INTERVAL":         "-1s",
		"K6_OTEL_HEADERS":                "authorization=Bearer s3cret-token,broken",
		"K6_OTEL_TLS_CLIENT_CERTIFICATE": "client.pem",
	})
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{
		"K6_OTEL_GRPC_EXPORTER_ENDPOINT: must be host:port",
		`K6_OTEL_GRPC_EXPORTER_INSECURE: "maybe"`,
		`K6_OTEL_EXPORT_INTERVAL: "10"`,
		`K6_OTEL_FLUSH_INTERVAL: "-1s"`,
		"K6_OTEL_HEADERS: entry 2 is not name=value",
		"K6_OTEL_TLS_CLIENT_CERTIFICATE and K6_OTEL_TLS_CLIENT_KEY go together",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "s3cret") || strings.Contains(msg, "pw@") {
		t.Errorf("error shows a secret:\n%s", msg)
	}

	_, err = parseConfig(map[string]string{"K6_OTEL_EXPORTER_TYPE": "kafka"})
	if err == nil || !strings.Contains(err.Error(), `K6_OTEL_EXPORTER_TYPE: "kafka" is not grpc or http`) {
		t.Errorf("exporter type error = %v", err)
	}
}

func TestConfigTLSFiles(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := parseConfig(map[string]string{"K6_OTEL_TLS_CERTIFICATE": notPEM})
	if err == nil || !strings.Contains(err.Error(), "K6_OTEL_TLS_CERTIFICATE: "+notPEM+" holds no PEM certificate") {
		t.Errorf("bad CA file error = %v", err)
	}
	_, err = parseConfig(map[string]string{"K6_OTEL_TLS_CERTIFICATE": filepath.Join(dir, "missing.pem")})
	if err == nil || !strings.Contains(err.Error(), "K6_OTEL_TLS_CERTIFICATE:") {
		t.Errorf("missing CA file error = %v", err)
	}
}
