package jsbind

import (
	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

// Message accounting's script surface: the connect option accounting
// (natsmod) and js.readBack(stream, options).
func init() {
	registerShape("ReadBackResult", natsmod.ReadBackResult{})
}

func jsReadBack(b *Binder, js *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	stream := stringArg(b, call, 0, "stream")
	opts, err := decodeReadBack(optionsArg(b, call, 1, "js.readBack"))
	b.Check(err)
	res, err := js.ReadBack(stream, opts)
	b.Check(err)
	return b.Data(res)
}
