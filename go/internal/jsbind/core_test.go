package jsbind

import (
	"strings"
	"testing"
	"time"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/eventloop"
	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// coreVU is a minimal VU: a runtime with the module as global `nats`.
type coreVU struct {
	url      string
	rt       *sobek.Runtime
	loop     *eventloop.Loop
	sink     *metrics.Sink
	agg      *metrics.Aggregator
	reg      *metrics.Registry
	uncaught []error
}

func newCoreVU(t *testing.T) *coreVU {
	t.Helper()
	return newVU(t, testsupport.StartServer(t, nil).ClientURL())
}

// newVU is a VU whose module's default server is url.
func newVU(t testing.TB, url string) *coreVU {
	t.Helper()
	reg := metrics.NewRegistry()
	agg := metrics.NewAggregator(reg)
	tags := reg.Intern(map[string]string{"scenario": "default"})
	vu := &coreVU{url: url, rt: sobek.New(), loop: eventloop.New(), agg: agg, reg: reg}
	vu.sink = agg.NewSink()
	module := natsmod.New(natsmod.Host{
		DefaultURL: url, Loop: vu.loop, Sink: vu.sink, Registry: reg,
		Builtin: metrics.RegisterBuiltin(reg), Tags: func() *metrics.TagSet { return tags },
	})
	t.Cleanup(module.Close)
	b := NewBinder(vu.rt, vu.loop, func(err error) { vu.uncaught = append(vu.uncaught, err) })
	if err := vu.rt.Set("nats", NewModule(b, module)); err != nil {
		t.Fatal(err)
	}
	return vu
}

// run runs src, then the loop until it is idle, and returns the value of
// the global `result` (which async code may set later).
func (vu *coreVU) run(t testing.TB, src string) sobek.Value {
	t.Helper()
	if _, err := vu.rt.RunString(src); err != nil {
		t.Fatalf("script: %v", err)
	}
	if err := vu.loop.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	return vu.rt.Get("result")
}

func (vu *coreVU) sum(name string) float64 {
	vu.sink.Flush()
	return vu.agg.Query(vu.reg.Get(name)).Sum
}

func TestScriptCoreCalls(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const conn = nats.connect({ name: 'js', reconnectWait: 2, maxReconnects: 10, timeout: 2000, pingInterval: 60000 });
const out = [];
// handler subscription, headers, binary payload: its output has its own
// list, since nothing orders its delivery against the request below
const bin = new Uint8Array([0, 255, 128, 10]);
const handlerOut = [];
let sub;
const handled = new Promise((done) => {
  sub = conn.subscribe('js.h', '', (msg) => {
    handlerOut.push(msg.subject, new Uint8Array(msg.bytes).join(','), msg.headers['X-A'].join('|'));
    sub.unsubscribe();
    done();
  });
});
conn.publish('js.h', bin, { headers: { 'X-A': ['1', '2'] } });
// synchronous subscription and json()
const inbox = conn.subscribe('js.sync', '');
conn.publish('js.sync', JSON.stringify({ n: 42, s: 'é' }));
const m = inbox.next(2000);
out.push(m.json().n, m.data, inbox.subject, inbox.queue);
// request/reply against a responder in the same VU
const svc = conn.subscribe('js.svc', 'workers', (msg) => msg.respond('re:' + msg.data));
conn.flush();
let result;
const chainOut = [];
const chain = conn.requestAsync('js.svc', 'async', 2000).then((r) => {
  chainOut.push(r.data);
  return inbox.nextAsync(2000);
}).then((n) => {
  chainOut.push(n.data);
  svc.drain();
  const s = conn.stats();
  chainOut.push(conn.is_connected(), conn.isConnected(), s.outMsgs > 0, s.reconnects);
});
Promise.all([handled, chain]).then(() => { result = out.concat(handlerOut, chainOut); });
conn.publish('js.sync', 'later');
`)
	// The sync part, the handler's output, then the request chain's.
	want := `42,{"n":42,"s":"é"},js.sync,,js.h,0,255,128,10,1|2,re:async,later,true,true,true,0`
	if got == nil || got.String() != want {
		t.Fatalf("got %v\nwant %s", got, want)
	}
	if len(vu.uncaught) > 0 {
		t.Fatal(vu.uncaught)
	}
	if n := vu.sum("nats_requests"); n != 1 {
		t.Fatalf("nats_requests %v", n)
	}
}

func TestScriptRequestAndBulk(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const conn = nats.connect({ noEcho: false });
const responder = nats.connect();
const rs = responder.subscribe('js.echo', '');
responder.flush(1000);
let result = [];
const p = conn.requestAsync('js.echo', 'x', 2000);
const req = rs.next(2000);
req.respond(new Uint8Array([1, 2, 3]).buffer);
p.then((r) => { result.push(new Uint8Array(r.bytes).join(',')); });
result.push(conn.publishBulk('js.bulk', 'y', 250));
`)
	if got.String() != "250,1,2,3" {
		t.Fatalf("got %v", got)
	}
	if n := vu.sum("nats_msgs_published"); n != 251 { // 250 bulk + the respond
		t.Fatalf("nats_msgs_published %v, want 251", n)
	}
}

func TestScriptErrorsAreNatsErrors(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const conn = nats.connect();
const codes = [];
function code(fn) { try { fn(); codes.push('none'); } catch (e) { codes.push(e.name + ':' + e.code); } }
code(() => nats.connect({ bogus: true }));
code(() => nats.connect({ timeout: -1 }));
code(() => nats.connect('nats://x'));
code(() => nats.tlsOptions({ caFile: '/nonexistent/ca.pem' }));
code(() => conn.publish('', 'x'));
code(() => conn.publish('a', 42));
code(() => conn.publish(7, 'x'));
code(() => conn.subscribe('a', '', 'not a function'));
code(() => conn.subscribe('bad subject', ''));
code(() => conn.request('js.nobody', 'x', 100));
code(() => conn.subscribe('js.t', '').next(10));
code(() => conn.request('a', 'x', 'soon'));
code(() => conn.flush(-1));
code(() => conn.publishBulk('a', 'x', 0));
conn.close();
code(() => conn.publish('a', 'x'));
code(() => conn.drain());
code(() => nats.connect({ urls: ['nats://127.0.0.1:1'], timeout: 200 }));
let result = codes.join(' ');
conn.requestAsync('a', 'x', 10).catch((e) => { result += ' async:' + e.code; });
`)
	want := "NatsError:1003 NatsError:1003 NatsError:1003 NatsError:1003 NatsError:1008 NatsError:1003 NatsError:1003 " +
		"NatsError:1003 NatsError:1010 NatsError:1011 NatsError:1006 NatsError:1003 NatsError:1003 NatsError:1003 " +
		"NatsError:1002 NatsError:1002 NatsError:1002 async:1002"
	if got.String() != want {
		t.Fatalf("got  %v\nwant %s", got, want)
	}
}

func TestScriptHandlerExceptionIsUncaught(t *testing.T) {
	vu := newCoreVU(t)
	vu.run(t, `
const conn = nats.connect();
const sub = conn.subscribe('js.boom', '', () => { sub.unsubscribe(); throw new Error('boom in handler'); });
conn.publish('js.boom', 'x');
`)
	if len(vu.uncaught) != 1 || !strings.Contains(vu.uncaught[0].Error(), "boom in handler") {
		t.Fatalf("uncaught: %v", vu.uncaught)
	}
}

// TestScriptHandlersNeverConcurrentWithJS floods a subscription from
// another goroutine while the script runs; under -race any handler call
// outside the VU goroutine would be reported, and the count must be exact.
func TestScriptHandlersNeverConcurrentWithJS(t *testing.T) {
	vu := newCoreVU(t)
	// Not vu.run: the subscription holds the loop until unsubscribed.
	if _, err := vu.rt.RunString(`
var handled = 0, work = 0;
const conn = nats.connect();
var sub = conn.subscribe('js.flood', '', () => { handled++; work++; });
conn.flush();
`); err != nil {
		t.Fatal(err)
	}
	const n = 3000
	done := make(chan struct{})
	go func() {
		defer close(done)
		host := natsmod.Host{DefaultURL: vu.url, Loop: eventloop.New(), Registry: metrics.NewRegistry()}
		pub, err := natsmod.New(host).Connect(natsmod.ConnectOptions{})
		if err != nil {
			return
		}
		defer pub.Close()
		if _, err := pub.PublishBulk("js.flood", []byte("x"), n); err == nil {
			_ = pub.Flush(0)
		}
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := vu.rt.RunString(`for (let i = 0; i < 200; i++) { work++; }`); err != nil {
			t.Fatal(err)
		}
		_ = vu.loop.RunFor(t.Context(), time.Millisecond)
		if vu.rt.Get("handled").ToInteger() == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("handled %d of %d", vu.rt.Get("handled").ToInteger(), n)
		}
	}
	<-done
	if _, err := vu.rt.RunString(`sub.unsubscribe()`); err != nil {
		t.Fatal(err)
	}
	if got := vu.sum("nats_msgs_received"); got != n {
		t.Fatalf("nats_msgs_received %v, want %d", got, n)
	}
}

func TestScriptTLSOptionsPassIntoConnect(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const tls = nats.tlsOptions({ insecureSkipVerify: true, serverName: 'localhost' });
let result = [tls.insecureSkipVerify, tls.serverName];
// The test server has no TLS: the handshake fails (1002), which shows the
// options object was accepted (a rejected one would be 1003).
try { nats.connect({ tls, timeout: 500 }); } catch (e) { result.push(e.code); }
`)
	if got.String() != "true,localhost,1002" {
		t.Fatalf("got %v", got)
	}
}

// subscribe's options come 4th, or 3rd after a handler given without a
// queue; they reach the subscription or fail with 1003.
func TestScriptSubscribePendingLimits(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const conn = nats.connect();
const codes = [];
function code(fn) { try { fn(); codes.push('ok'); } catch (e) { codes.push(e.code); } }
let handled = 0;
code(() => conn.subscribe('p.a', (m) => handled++, { pendingMsgs: -1, pendingBytes: -1 }));
code(() => conn.subscribe('p.b', 'q', (m) => handled++, { pendingMsgs: 10 }));
const sync = conn.subscribe('p.c', '', null, { pendingBytes: 1024 });
code(() => conn.subscribe('p.d', '', undefined, { pendingMsgs: 0 }));
code(() => conn.subscribe('p.e', (m) => {}, { pendingMsgs: 'all' }));
code(() => conn.subscribe('p.f', '', (m) => {}, { maxPending: 5 }));
code(() => conn.subscribe('p.g', '', (m) => {}, 7));
conn.publish('p.c', 'hello');
let result = codes.join(' ') + ' ' + sync.next(2000).data;
conn.close();
`)
	if want := "ok ok 1003 1003 1003 1003 hello"; got.String() != want {
		t.Fatalf("got  %v\nwant %s", got, want)
	}
}
