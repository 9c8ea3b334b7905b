package jsbind

import (
	"fmt"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

// moduleClass is the default export of k6/x/nats; the JetStream entry
// points are implemented beside the JetStream binding.
var moduleClass = register(&Class{
	Name: "NatsModule",
	Methods: map[string]Method{
		"connect":        method(moduleConnect),
		"tlsOptions":     method(moduleTLSOptions),
		"jetStream":      method(moduleJetStream),
		"streamConfig":   method(moduleStreamConfig),
		"consumerConfig": method(moduleConsumerConfig),
		"sample":         method(moduleSample),
	},
	Fields: map[string]Field{
		"ErrorCode": field(func(b *Binder, _ *natsmod.Module) sobek.Value { return b.errorCodes() }),
	},
})

var tlsClass = register(&Class{
	Name: "TLSConfig",
	Fields: map[string]Field{
		"caFile":   field(func(b *Binder, self *natsmod.TLSConfig) sobek.Value { return b.RT.ToValue(self.CAFile) }),
		"certFile": field(func(b *Binder, self *natsmod.TLSConfig) sobek.Value { return b.RT.ToValue(self.CertFile) }),
		"keyFile":  field(func(b *Binder, self *natsmod.TLSConfig) sobek.Value { return b.RT.ToValue(self.KeyFile) }),
		"insecureSkipVerify": field(func(b *Binder, self *natsmod.TLSConfig) sobek.Value {
			return b.RT.ToValue(self.InsecureSkipVerify)
		}),
		"serverName": field(func(b *Binder, self *natsmod.TLSConfig) sobek.Value { return b.RT.ToValue(self.ServerName) }),
	},
})

// NewModule returns the module's default export for one VU.
func NewModule(b *Binder, m *natsmod.Module) *sobek.Object {
	return b.Wrap(moduleClass, m)
}

func moduleConnect(b *Binder, self *natsmod.Module, call sobek.FunctionCall) sobek.Value {
	opts, err := b.Options(call.Argument(0), "connect options")
	b.Check(err)
	unwrapInstances(opts)
	o, err := decodeConnect(opts)
	b.Check(err)
	conn, err := self.Connect(o)
	b.Check(err)
	return b.Wrap(connectionClass, conn)
}

func moduleTLSOptions(b *Binder, self *natsmod.Module, call sobek.FunctionCall) sobek.Value {
	opts, err := b.Options(call.Argument(0), "tlsOptions")
	b.Check(err)
	cfg, err := loadTLS(opts)
	b.Check(err)
	return b.Wrap(tlsClass, cfg)
}

// errorCodes is nats.ErrorCode: a frozen object from code names to
// numbers (ErrorCode.StreamNotFound is 1017), built once per runtime
// from the Go table so the two cannot drift.
func (b *Binder) errorCodes() sobek.Value {
	if b.codes != nil {
		return b.codes
	}
	obj := b.RT.NewObject()
	for _, c := range natsmod.Codes {
		_ = obj.Set(c.Name, int(c.Code))
	}
	freeze, ok := sobek.AssertFunction(b.RT.GlobalObject().Get("Object").ToObject(b.RT).Get("freeze"))
	if !ok {
		b.Throw(fmt.Errorf("ErrorCode: Object.freeze is not available"))
	}
	if _, err := freeze(sobek.Undefined(), obj); err != nil {
		b.Throw(err)
	}
	b.codes = obj
	return obj
}

// unwrapInstances replaces wrapped objects inside an exported options map
// (such as tls: nats.tlsOptions(...)) by their Go values.
func unwrapInstances(opts map[string]any) {
	for k, v := range opts {
		if in, ok := v.(*instance); ok {
			opts[k] = in.self
		}
	}
}
