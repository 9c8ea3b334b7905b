package jsbind

import (
	"testing"
	"unsafe"

	"github.com/grafana/sobek"
	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/benchserver"
)

// BenchmarkScriptPublishFloor is what bounds BenchmarkScriptPublish/16B
// from below, run beside it: natsGo is nats.go's Publish in a Go loop (what
// nats bench pub pays per message, less its clock reads); bareCall is the
// same script loop calling a native function that does only that Publish,
// the cost of any binding with no checks, metrics or options; emptyCall
// is the script loop and the call with no publish at all.
//
//	go test -run '^$' -bench 'ScriptPublish(Floor|/16B$)' -benchtime 2000000x -count 3 ./internal/jsbind/
func BenchmarkScriptPublishFloor(b *testing.B) {
	nc, err := nats.Connect(benchserver.Start(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(nc.Close)
	data := []byte("xxxxxxxxxxxxxxxx")
	b.Run("natsGo", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := nc.Publish("bench.pub", data); err != nil {
				b.Fatal(err)
			}
		}
		if err := nc.Flush(); err != nil {
			b.Fatal(err)
		}
	})
	for _, tc := range []struct {
		name    string
		publish bool
	}{{"bareCall", true}, {"emptyCall", false}} {
		b.Run(tc.name, func(b *testing.B) {
			rt := sobek.New()
			conn := rt.NewObject()
			if err := conn.Set("publish", func(call sobek.FunctionCall) sobek.Value {
				subject := call.Argument(0).String()
				payload := call.Argument(1).String()
				if tc.publish {
					_ = nc.Publish(subject, unsafe.Slice(unsafe.StringData(payload), len(payload)))
				}
				return sobek.Undefined()
			}); err != nil {
				b.Fatal(err)
			}
			if err := rt.Set("conn", conn); err != nil {
				b.Fatal(err)
			}
			vu := &coreVU{rt: rt}
			if _, err := rt.RunString(`
const data = 'x'.repeat(16);
function publishLoop(n) {
  for (let i = 0; i < n; i++) {
    conn.publish('bench.pub', data);
  }
}`); err != nil {
				b.Fatal(err)
			}
			timePublishLoop(b, vu)
			if err := nc.Flush(); err != nil {
				b.Fatal(err)
			}
		})
	}
}
