package runner

import (
	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/internal/jsbind"
)

// natsModule is the NATS module (k6/x/nats, k6/Pondigo/nats) bound to
// this VU's runtime, loop, sink and connections.
func (v *VU) natsModule() sobek.Value {
	b := jsbind.NewBinder(v.rt, v.loop, func(err error) { v.reportException(err, false) })
	return jsbind.NewModule(b, v.nats)
}
