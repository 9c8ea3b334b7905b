package opentelemetry_test

import (
	"compress/gzip"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	colmetricspb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/protobuf/proto"
)

// receiver is an OTLP metrics receiver built from the protocol's own
// protobuf types, served over gRPC or HTTP like a collector's otlp
// receiver. It keeps every request and the headers it came with.
type receiver struct {
	colmetricspb.UnimplementedMetricsServiceServer
	endpoint string // host:port, as K6_OTEL_*_EXPORTER_ENDPOINT takes it

	mu       sync.Mutex
	requests []*colmetricspb.ExportMetricsServiceRequest
	headers  []map[string][]string // per request, lower-case names
}

// startGRPCReceiver serves the OTLP gRPC metrics service on a free
// loopback port until the test ends.
func startGRPCReceiver(t *testing.T, opts ...grpc.ServerOption) *receiver {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &receiver{endpoint: l.Addr().String()}
	srv := grpc.NewServer(opts...)
	colmetricspb.RegisterMetricsServiceServer(srv, r)
	go srv.Serve(l) //nolint:errcheck // ends with Stop
	t.Cleanup(srv.Stop)
	return r
}

// Export is the gRPC method of the metrics service.
func (r *receiver) Export(ctx context.Context, req *colmetricspb.ExportMetricsServiceRequest) (*colmetricspb.ExportMetricsServiceResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	if p, ok := peer.FromContext(ctx); ok {
		if info, ok := p.AuthInfo.(credentials.TLSInfo); ok {
			md = metadata.Join(md, metadata.Pairs(clientCertHeader, strconv.Itoa(len(info.State.PeerCertificates))))
		}
	}
	r.keep(req, md)
	return &colmetricspb.ExportMetricsServiceResponse{}, nil
}

// clientCertHeader is the pseudo-header under which the receiver notes
// how many client certificates a TLS request presented.
const clientCertHeader = "x-test-client-certificates"

// startHTTPReceiver serves OTLP/HTTP (binary protobuf, optionally
// gzipped) at path on a free loopback port until the test ends; with
// tlsConfig, over TLS.
func startHTTPReceiver(t *testing.T, path string, tlsConfig ...*tls.Config) *receiver {
	t.Helper()
	r := &receiver{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+path, func(w http.ResponseWriter, req *http.Request) {
		body := io.Reader(req.Body)
		if req.Header.Get("Content-Encoding") == "gzip" {
			gz, err := gzip.NewReader(req.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			body = gz
		}
		raw, err := io.ReadAll(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		msg := &colmetricspb.ExportMetricsServiceRequest{}
		if err := proto.Unmarshal(raw, msg); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		headers := map[string][]string{}
		for k, v := range req.Header {
			headers[strings.ToLower(k)] = v
		}
		if req.TLS != nil {
			headers[clientCertHeader] = []string{strconv.Itoa(len(req.TLS.PeerCertificates))}
		}
		r.keep(msg, headers)
		resp, _ := proto.Marshal(&colmetricspb.ExportMetricsServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.Write(resp) //nolint:errcheck // the client's problem
	})
	srv := httptest.NewUnstartedServer(mux)
	if len(tlsConfig) > 0 {
		srv.TLS = tlsConfig[0]
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	r.endpoint = strings.TrimPrefix(strings.TrimPrefix(srv.URL, "http://"), "https://")
	return r
}

func (r *receiver) keep(req *colmetricspb.ExportMetricsServiceRequest, headers map[string][]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests = append(r.requests, req)
	r.headers = append(r.headers, headers)
}

func (r *receiver) requestCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.requests)
}

// header is the values of the named header on every request received.
func (r *receiver) header(name string) [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var all [][]string
	for _, h := range r.headers {
		all = append(all, h[strings.ToLower(name)])
	}
	return all
}

// stream is one received time series: its metric, resource and the
// latest point (the output sends cumulative values, so the latest holds
// the run's totals).
type stream struct {
	metric   *metricspb.Metric
	resource map[string]string
	attrs    map[string]string
	sum      *metricspb.NumberDataPoint    // counters and gauges
	hist     *metricspb.HistogramDataPoint // trends, explicit buckets
	expHist  *metricspb.ExponentialHistogramDataPoint
	unixNano uint64
}

// latest is every stream received, by metric name, each at its newest point.
func (r *receiver) latest() map[string][]*stream {
	r.mu.Lock()
	defer r.mu.Unlock()
	byKey := map[string]*stream{}
	var order []string
	for _, req := range r.requests {
		for _, rm := range req.ResourceMetrics {
			res := attrMap(rm.GetResource().GetAttributes())
			for _, sm := range rm.ScopeMetrics {
				for _, m := range sm.Metrics {
					for _, s := range pointsOf(m) {
						s.resource = res
						key := m.Name + "|" + attrKey(s.attrs)
						if old, ok := byKey[key]; !ok || s.unixNano >= old.unixNano {
							if !ok {
								order = append(order, key)
							}
							byKey[key] = s
						}
					}
				}
			}
		}
	}
	out := map[string][]*stream{}
	for _, key := range order {
		s := byKey[key]
		out[s.metric.Name] = append(out[s.metric.Name], s)
	}
	return out
}

func pointsOf(m *metricspb.Metric) []*stream {
	var out []*stream
	switch d := m.Data.(type) {
	case *metricspb.Metric_Sum:
		for _, p := range d.Sum.DataPoints {
			out = append(out, &stream{metric: m, attrs: attrMap(p.Attributes), sum: p, unixNano: p.TimeUnixNano})
		}
	case *metricspb.Metric_Gauge:
		for _, p := range d.Gauge.DataPoints {
			out = append(out, &stream{metric: m, attrs: attrMap(p.Attributes), sum: p, unixNano: p.TimeUnixNano})
		}
	case *metricspb.Metric_Histogram:
		for _, p := range d.Histogram.DataPoints {
			out = append(out, &stream{metric: m, attrs: attrMap(p.Attributes), hist: p, unixNano: p.TimeUnixNano})
		}
	case *metricspb.Metric_ExponentialHistogram:
		for _, p := range d.ExponentialHistogram.DataPoints {
			out = append(out, &stream{metric: m, attrs: attrMap(p.Attributes), expHist: p, unixNano: p.TimeUnixNano})
		}
	}
	return out
}

func attrMap(kvs []*commonpb.KeyValue) map[string]string {
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		m[kv.Key] = kv.GetValue().GetStringValue()
	}
	return m
}

// attrKey is an attribute set as a comparable string (OTLP sends them
// in no promised order).
func attrKey(attrs map[string]string) string {
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "=" + attrs[k] + ",")
	}
	return b.String()
}

// number is a counter or gauge point's value, whichever type it has.
func number(p *metricspb.NumberDataPoint) float64 {
	if v, ok := p.Value.(*metricspb.NumberDataPoint_AsInt); ok {
		return float64(v.AsInt)
	}
	return p.GetAsDouble()
}
