package runner

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/jsbind"
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
	"github.com/pondigo/natsk6/go/internal/script"
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

// builtinModule is a module require() knows: how a VU builds it and the
// named exports the bundle's import stub declares (script.Builtin).
type builtinModule struct {
	build func(v *VU) sobek.Value // nil: made with the globals (k6/timers)
	script.Builtin
}

// builtinModules are the modules require() knows, built per VU on first
// use. A test checks each one's exports against what it builds.
var builtinModules = map[string]builtinModule{
	"k6":           {func(v *VU) sobek.Value { return k6.New(v) }, script.Builtin{Exports: []string{"check", "fail", "group", "sleep"}}},
	"k6/metrics":   {func(v *VU) sobek.Value { return k6metrics.New(v) }, script.Builtin{Exports: []string{"Counter", "Gauge", "Rate", "Trend"}}},
	"k6/execution": {func(v *VU) sobek.Value { return execution.New(v) }, script.Builtin{Exports: []string{"instance", "scenario", "test", "vu"}}},
	"k6/encoding":  {func(v *VU) sobek.Value { return encoding.New(v.rt) }, script.Builtin{Exports: []string{"b64decode", "b64encode"}}},
	"k6/crypto": {func(v *VU) sobek.Value { return crypto.New(v.rt) }, script.Builtin{Exports: []string{
		"createHMAC", "createHash", "hmac", "md4", "md5", "randomBytes", "ripemd160",
		"sha1", "sha256", "sha384", "sha512", "sha512_224", "sha512_256",
	}}},
	"k6/data": {func(v *VU) sobek.Value {
		return data.New(v.rt, &v.t.sharedArrays, func() bool { return v.inInit })
	}, script.Builtin{Exports: []string{"SharedArray"}}},
	"k6/timers":       {nil, script.Builtin{Exports: []string{"clearInterval", "clearTimeout", "setInterval", "setTimeout"}}},
	"k6/x/nats":       {(*VU).natsModule, script.Builtin{Exports: jsbind.ModuleExports(), Methods: true}},
	"k6/Pondigo/nats": {(*VU).natsModule, script.Builtin{Exports: jsbind.ModuleExports(), Methods: true}},
	"k6/x/nats/cluster": {func(v *VU) sobek.Value { return cluster.New(v.rt, v.t.faults()) }, script.Builtin{Exports: []string{
		"available", "killNode", "leaderOf", "restartNode", "size", "stepDownStreamLeader", "stopNode",
	}}},
}

// scriptBuiltins are builtinModules as the bundler declares them.
func scriptBuiltins() map[string]script.Builtin {
	out := make(map[string]script.Builtin, len(builtinModules))
	for name, m := range builtinModules {
		out[name] = m.Builtin
	}
	return out
}

func (v *VU) require(name string) sobek.Value {
	if m, ok := v.modules[name]; ok {
		return m
	}
	mod, ok := builtinModules[name]
	if !ok || mod.build == nil {
		panic(v.rt.NewGoError(fmt.Errorf("unknown module %q: natsk6 provides k6, k6/metrics, k6/execution, k6/timers, k6/encoding, k6/crypto, k6/data, k6/x/nats, k6/x/nats/cluster and k6/Pondigo/nats; bundle other code with relative imports", name)))
	}
	m := mod.build(v)
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
