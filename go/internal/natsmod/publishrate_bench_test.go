package natsmod

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// BenchmarkRateCoreSend measures one core publishRate send (render,
// stamp, publish), the per-message cost the schedule leaves: with a
// template it should not allocate either.
func BenchmarkRateCoreSend(b *testing.B) {
	tpl, err := CompilePayloadTemplate(`{"seq":{{seq}},"ts":{{ts}},"id":"{{uuid}}"}`)
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		o    PublishRateOptions
	}{
		{"16B", PublishRateOptions{Payload: make([]byte, 16)}},
		{"template", PublishRateOptions{Template: tpl}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			e := newCoreEnv(b, startServerProcess(b))
			c, err := e.module.Connect(ConnectOptions{})
			if err != nil {
				b.Fatal(err)
			}
			o := tc.o
			o.Subject, o.Rate, o.Duration = "bench.rate", 1, time.Second
			sched, err := o.validate()
			if err != nil {
				b.Fatal(err)
			}
			r := &rateRun{c: c, o: o, sched: sched, vu: context.Background(), conns: []*nats.Conn{c.nc}, producers: make([]producerSeq, 1)}
			if o.Template != nil {
				r.rng = newTemplateRand()
			}
			s := newCoreRateSender(r)
			now := time.Now()
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := s.send(0, now, now, true, now); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
