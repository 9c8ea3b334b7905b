package runner

import (
	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/jsbind"
)

// natsModule is the NATS module bound to this VU's runtime, loop, sink
// and connections; both import paths share one binding.
func (v *VU) natsModule() sobek.Value {
	if v.natsExports == nil {
		b := jsbind.NewBinder(v.rt, v.loop, func(err error) { v.reportException(err, false) })
		v.natsExports = jsbind.NewModule(b, v.nats)
	}
	return v.natsExports
}
