package runner

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/modules/cluster"
	"github.com/pondigo/natsk6/go/internal/modules/crypto"
	"github.com/pondigo/natsk6/go/internal/modules/data"
	"github.com/pondigo/natsk6/go/internal/modules/encoding"
	"github.com/pondigo/natsk6/go/internal/modules/k6"
	k6console "github.com/pondigo/natsk6/go/internal/modules/k6/console"
	"github.com/pondigo/natsk6/go/internal/modules/k6/execution"
	k6metrics "github.com/pondigo/natsk6/go/internal/modules/k6/metrics"
	"github.com/pondigo/natsk6/go/internal/modules/k6/timers"
	"github.com/pondigo/natsk6/go/internal/modules/webcrypto"
)

// installGlobals defines what k6 offers every script without an import.
func (v *VU) installGlobals() error {
	rt := v.rt
	for name, value := range map[string]any{
		"require": v.require,
		"__VU":    v.id,
		"__ITER":  0,
		"__ENV":   v.envObject(),
		"console": k6console.New(v),
		"open":    v.open,
	} {
		if err := rt.Set(name, value); err != nil {
			return fmt.Errorf("define %s: %w", name, err)
		}
	}
	if err := v.defineLazily("crypto", func() sobek.Value { return webcrypto.New(rt) }); err != nil {
		return fmt.Errorf("define crypto: %w", err)
	}
	// The timer globals are k6/timers' functions, so that both share the
	// VU's one set of timers.
	timerFuncs := timers.New(v)
	v.modules["k6/timers"] = timerFuncs
	for _, name := range timerFuncs.Keys() {
		if err := rt.Set(name, timerFuncs.Get(name)); err != nil {
			return fmt.Errorf("define %s: %w", name, err)
		}
	}
	return nil
}

// defineLazily defines the global name as the value build returns, built
// on first read, as most scripts never read it; a script may assign or
// delete it like any other global.
func (v *VU) defineLazily(name string, build func() sobek.Value) error {
	var value sobek.Value
	get := func(sobek.FunctionCall) sobek.Value {
		if value == nil {
			value = build()
		}
		return value
	}
	set := func(call sobek.FunctionCall) sobek.Value {
		value = call.Argument(0)
		return sobek.Undefined()
	}
	return v.rt.GlobalObject().DefineAccessorProperty(name, v.rt.ToValue(get), v.rt.ToValue(set), sobek.FLAG_TRUE, sobek.FLAG_TRUE)
}

// builtinModules are the modules require() knows, built per VU on first
// use; k6/timers is built with the globals.
var builtinModules = map[string]func(v *VU) sobek.Value{
	"k6":              func(v *VU) sobek.Value { return k6.New(v) },
	"k6/metrics":      func(v *VU) sobek.Value { return k6metrics.New(v) },
	"k6/execution":    func(v *VU) sobek.Value { return execution.New(v) },
	"k6/encoding":     func(v *VU) sobek.Value { return encoding.New(v.rt) },
	"k6/crypto":       func(v *VU) sobek.Value { return crypto.New(v.rt) },
	"k6/data":         func(v *VU) sobek.Value { return data.New(v.rt, &v.t.sharedArrays, func() bool { return v.inInit }) },
	"k6/x/nats":       (*VU).natsModule,
	"k6/Pondigo/nats": (*VU).natsModule,
	"k6/x/nats/cluster": func(v *VU) sobek.Value {
		return cluster.New(v.rt, v.t.faults())
	},
}

func (v *VU) require(name string) sobek.Value {
	if m, ok := v.modules[name]; ok {
		return m
	}
	build, ok := builtinModules[name]
	if !ok {
		panic(v.rt.NewGoError(fmt.Errorf("unknown module %q: natsk6 provides k6, k6/metrics, k6/execution, k6/timers, k6/encoding, k6/crypto, k6/data, k6/x/nats, k6/x/nats/cluster and k6/Pondigo/nats; bundle other code with relative imports", name)))
	}
	m := build(v)
	v.modules[name] = m
	return m
}

// open reads a file in the init context, relative to the script's
// directory; mode "b" returns an ArrayBuffer, otherwise a string.
func (v *VU) open(path string, mode sobek.Value) sobek.Value {
	if !v.inInit {
		panic(v.rt.NewGoError(fmt.Errorf("open() can only be called in the init context (outside exported functions)")))
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(v.t.scriptDir, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		panic(v.rt.NewGoError(fmt.Errorf("open: %w", err)))
	}
	if mode != nil && !sobek.IsUndefined(mode) && mode.String() == "b" {
		return v.rt.ToValue(v.rt.NewArrayBuffer(data))
	}
	return v.rt.ToValue(string(data))
}
