package opentelemetry_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"github.com/pondigo/natsk6/go/internal/metrics/metricstest"
	"github.com/pondigo/natsk6/go/internal/outputs/opentelemetry"
)

// TestTLSOptions: over both transports, with K6_OTEL_TLS_CERTIFICATE
// naming the endpoint's CA and a client certificate and key, the
// exporter verifies the server (no insecure option is set) and presents
// its certificate, and the metrics arrive.
func TestTLSOptions(t *testing.T) {
	serverTLS, caFile, certFile, keyFile := testCertificates(t)
	for _, exporter := range []string{"grpc", "http"} {
		t.Run(exporter, func(t *testing.T) {
			var r *receiver
			if exporter == "grpc" {
				r = startGRPCReceiver(t, grpc.Creds(credentials.NewTLS(serverTLS)))
			} else {
				r = startHTTPReceiver(t, "/v1/metrics", serverTLS)
			}
			out, err := opentelemetry.New("", map[string]string{
				"K6_OTEL_EXPORTER_TYPE": exporter,
				"K6_OTEL_" + strings.ToUpper(exporter) + "_EXPORTER_ENDPOINT": r.endpoint,
				"K6_OTEL_TLS_CERTIFICATE":                                     caFile,
				"K6_OTEL_TLS_CLIENT_CERTIFICATE":                              certFile,
				"K6_OTEL_TLS_CLIENT_KEY":                                      keyFile,
			})
			if err != nil {
				t.Fatal(err)
			}
			out.AddSeries(metricstest.SeriesOf(opentelemetry.KnownSamples()))
			if err := out.Stop(); err != nil {
				t.Fatalf("Stop: %v", err)
			}
			if got := sumOf(r.latest()["nats_msgs_published"]); got != 42 {
				t.Errorf("nats_msgs_published = %v, want 42", got)
			}
			for i, v := range r.header(clientCertHeader) {
				if len(v) != 1 || v[0] != "1" {
					t.Errorf("request %d presented %v client certificates, want 1", i, v)
				}
			}
		})
	}
}

// testCertificates borrows net/http/httptest's self-signed certificate
// (for 127.0.0.1, its own CA): the server's TLS settings, requiring a
// client certificate, and the same certificate as CA, client
// certificate and key files.
func testCertificates(t *testing.T) (server *tls.Config, caFile, certFile, keyFile string) {
	t.Helper()
	donor := httptest.NewUnstartedServer(nil)
	donor.StartTLS()
	cert := donor.TLS.Certificates[0]
	donor.Close()
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	keyDER, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, certFile, "CERTIFICATE", cert.Certificate[0])
	writePEM(t, keyFile, "PRIVATE KEY", keyDER)
	server = &tls.Config{Certificates: []tls.Certificate{cert}, ClientAuth: tls.RequireAnyClientCert, MinVersion: tls.VersionTLS12}
	return server, certFile, certFile, keyFile
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
