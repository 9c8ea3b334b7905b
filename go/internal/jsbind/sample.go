package jsbind

import (
	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/optread"
)

// moduleSample is nats.sample(options): it asks the run's sampler for
// the state of streams, consumers and servers during the run. Every VU
// makes the same call in its init code; the sampler keeps one.
func moduleSample(b *Binder, self *natsmod.Module, call sobek.FunctionCall) sobek.Value {
	o, err := decodeSample(optionsArg(b, call, 0, "sample options"))
	b.Check(err)
	return checked(b, self.Sample(o))
}

// decodeSample reads sample({ streams, consumers, interval, monitor,
// connect }): interval as milliseconds or a k6 duration string, monitor
// as a URL, a list of URLs or false, connect as nats.connect's options;
// every unknown key is a 1003 error.
func decodeSample(m map[string]any) (natsmod.SampleOptions, error) {
	r := optread.New("sample", m)
	o := natsmod.SampleOptions{Streams: r.Strings("streams"), Interval: r.Duration("interval")}
	for _, c := range r.Objects("consumers") {
		o.Consumers = append(o.Consumers, natsmod.ConsumerRef{Stream: c.String("stream"), Name: c.String("name")})
	}
	if v, ok := r.Take("monitor"); ok {
		if on, isBool := v.(bool); isBool {
			if on {
				r.Fail("monitor", "expected a monitoring URL, a list of them or false, got true")
			}
			o.NoMonitor = true
		} else {
			o.Monitors = r.Strings("monitor")
		}
	}
	if v, ok := r.Take("connect"); ok {
		if cm, isMap := v.(map[string]any); isMap {
			unwrapInstances(cm)
			var err error
			o.Connect, err = decodeConnect(cm)
			r.Adopt(err)
		} else {
			r.Fail("connect", "expected nats.connect's options, got %s", optread.TypeName(v))
		}
	}
	return o, natsmod.ConfigError(r.Done())
}
