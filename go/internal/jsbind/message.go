package jsbind

import (
	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

// message is what core messages (*nats.Msg) and consumer messages
// (*nats.JSMsg) share, so scripts read both the same way.
type message interface {
	Subject() string
	Reply() string
	Data() []byte
	Headers() map[string][]string
}

// messageFields returns the fields of every message class plus extra.
func messageFields(extra map[string]Field) map[string]Field {
	fields := map[string]Field{
		"subject": field(func(b *Binder, self message) sobek.Value { return b.RT.ToValue(self.Subject()) }),
		"reply":   field(func(b *Binder, self message) sobek.Value { return b.RT.ToValue(self.Reply()) }),
		"data":    field(func(b *Binder, self message) sobek.Value { return b.RT.ToValue(string(self.Data())) }),
		"bytes":   field(func(b *Binder, self message) sobek.Value { return arrayBuffer(b, self.Data()) }),
		"headers": field(func(b *Binder, self message) sobek.Value { return headersObject(b, self.Headers()) }),
	}
	for name, f := range extra {
		fields[name] = f
	}
	return fields
}

// messageJSON is msg.json() for every message class.
func messageJSON(b *Binder, self message, _ sobek.FunctionCall) sobek.Value {
	return parseJSON(b, self.Data())
}

// arrayBuffer copies data, so writes through the buffer change nothing else.
func arrayBuffer(b *Binder, data []byte) sobek.Value {
	return b.RT.ToValue(b.RT.NewArrayBuffer(append([]byte(nil), data...)))
}

func headersObject(b *Binder, h map[string][]string) sobek.Value {
	obj := b.RT.NewObject()
	for name, values := range h {
		list := make([]any, len(values))
		for i, v := range values {
			list[i] = v
		}
		_ = obj.Set(name, b.RT.NewArray(list...))
	}
	return obj
}

// parseJSON parses data with the script's JSON.parse, so a bad payload
// throws the SyntaxError a script expects.
func parseJSON(b *Binder, data []byte) sobek.Value {
	parse, ok := sobek.AssertFunction(b.RT.GlobalObject().Get("JSON").ToObject(b.RT).Get("parse"))
	if !ok {
		b.Throw(&natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: "json(): JSON.parse is not available"})
	}
	v, err := parse(sobek.Undefined(), b.RT.ToValue(string(data)))
	if err != nil {
		panic(err) // the script's SyntaxError, as JSON.parse throws it
	}
	return v
}
