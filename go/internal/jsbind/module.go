package jsbind

import (
	"fmt"
	"slices"
	"strings"
	"sync"

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

// ModuleExports are the module's named exports: its methods and fields,
// sorted.
func ModuleExports() []string {
	names := make([]string, 0, len(moduleClass.Methods)+len(moduleClass.Fields))
	for name := range moduleClass.Methods {
		names = append(names, name)
	}
	for name := range moduleClass.Fields {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

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
// from the Go table so the two cannot drift. The importing of the module
// reads it for every VU, so its literal is compiled once.
func (b *Binder) errorCodes() sobek.Value {
	if b.codes == nil {
		v, err := b.RT.RunProgram(errorCodesProgram())
		if err != nil {
			b.Throw(fmt.Errorf("ErrorCode: %w", err))
		}
		b.codes = v
	}
	return b.codes
}

// errorCodesProgram is Object.freeze({...}) of natsmod.Codes.
var errorCodesProgram = sync.OnceValue(func() *sobek.Program {
	var src strings.Builder
	src.WriteString("Object.freeze({")
	for _, c := range natsmod.Codes {
		fmt.Fprintf(&src, "%q: %d, ", c.Name, int(c.Code))
	}
	src.WriteString("})")
	return sobek.MustCompile("natsk6:ErrorCode", src.String(), true)
})

// unwrapInstances replaces wrapped objects inside an exported options map
// (such as tls: nats.tlsOptions(...)) by their Go values.
func unwrapInstances(opts map[string]any) {
	for k, v := range opts {
		if in, ok := v.(*instance); ok {
			opts[k] = in.self
		}
	}
}
