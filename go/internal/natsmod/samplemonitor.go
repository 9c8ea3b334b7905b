package natsmod

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// maxMonitorBody bounds a /varz or /jsz answer: both are a few KB.
const maxMonitorBody = 4 << 20

// sampleServer records a server's /varz (CPU, memory, connections, slow
// consumers, traffic) and /jsz (JetStream totals), tagged with its name.
func (r *sampling) sampleServer(ctx context.Context, p *livePlan, base string) {
	var v server.Varz
	if err := p.getJSON(ctx, base, "varz", &v); err != nil {
		r.warn("monitor "+redactURL(base)+"/varz", err)
		return
	}
	name := v.Name
	if name == "" {
		name = v.ID
	}
	r.serverGauges(name, []serverGauge{
		{r.m.ServerCPU, v.CPU},
		{r.m.ServerMem, float64(v.Mem)},
		{r.m.ServerConnections, float64(v.Connections)},
		{r.m.ServerSlowConsumers, float64(v.SlowConsumers)},
		{r.m.ServerInMsgs, float64(v.InMsgs)},
		{r.m.ServerOutMsgs, float64(v.OutMsgs)},
		{r.m.ServerInBytes, float64(v.InBytes)},
		{r.m.ServerOutBytes, float64(v.OutBytes)},
	})
	if v.JetStream.Config == nil {
		return // JetStream is off: /jsz has nothing to say
	}
	var js server.JSInfo
	if err := p.getJSON(ctx, base, "jsz", &js); err != nil {
		r.warn("monitor "+redactURL(base)+"/jsz", err)
		return
	}
	r.serverGauges(name, []serverGauge{
		{r.m.ServerJSStreams, float64(js.Streams)},
		{r.m.ServerJSConsumers, float64(js.Consumers)},
		{r.m.ServerJSMsgs, float64(js.Messages)},
		{r.m.ServerJSBytes, float64(js.Bytes)},
	})
}

// serverGauge is one value read from a monitoring endpoint.
type serverGauge struct {
	metric *metrics.Metric
	value  float64
}

func (r *sampling) serverGauges(name string, gauges []serverGauge) {
	for _, g := range gauges {
		r.gauge(g.metric, g.value, "server", name)
	}
}

// getJSON decodes base/endpoint's JSON into out.
func (p *livePlan) getJSON(ctx context.Context, base, endpoint string, out any) error {
	ctx, cancel := context.WithTimeout(ctx, p.callTimeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(base, "/")+"/"+endpoint, nil)
	if err != nil {
		return err
	}
	resp, err := p.http.Do(req)
	if err != nil {
		return err // net/http leaves any password out of its errors
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP status %s", resp.Status)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxMonitorBody)).Decode(out); err != nil {
		return fmt.Errorf("decode the answer: %w", err)
	}
	return nil
}

// redactURL is raw without its password, for messages.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(a monitoring URL)"
	}
	return u.Redacted()
}
