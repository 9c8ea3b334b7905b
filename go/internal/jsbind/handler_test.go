package jsbind

import (
	"testing"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/eventloop"
)

// Only a handler that cannot read its argument is called without one:
// any parameter (default, rest, destructured), any mention of arguments
// and any function whose source is hidden keeps the message object.
func TestIgnoresArgumentsOnlyWhenTheHandlerCannotSeeThem(t *testing.T) {
	rt := sobek.New()
	b := NewBinder(rt, eventloop.New(), nil)
	for src, want := range map[string]bool{
		`() => { n++; }`:                      true,
		`async () => {}`:                      true,
		`function () { n++; }`:                true,
		`function named() {}`:                 true,
		`({ h() {} }).h`:                      true,
		`(m) => m.subject`:                    false,
		`m => m`:                              false,
		`(m = null) => m`:                     false,
		`(...all) => all`:                     false,
		`({ subject }) => subject`:            false,
		`function () { return arguments[0] }`: false,
		`(function (m) {}).bind(null)`:        false,
		`(function () {}).bind(null)`:         false,
		`Math.max`:                            false,
	} {
		fn, err := rt.RunString(`var n = 0; (` + src + `)`)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if got := ignoresArguments(b, fn); got != want {
			t.Errorf("ignoresArguments(%s) = %v, want %v", src, got, want)
		}
	}
}

// A handler without parameters still runs once per message.
func TestScriptHandlerWithoutParametersCountsEveryMessage(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const conn = nats.connect();
let n = 0;
var result;
const sub = conn.subscribe('js.blind', () => { if (++n === 100) { sub.unsubscribe(); result = n; } });
for (let i = 0; i < 100; i++) conn.publish('js.blind', 'x');
`)
	if got == nil || got.ToInteger() != 100 {
		t.Fatalf("got %v", got)
	}
	if n := vu.sum("nats_msgs_received"); n != 100 {
		t.Fatalf("nats_msgs_received %v", n)
	}
}
