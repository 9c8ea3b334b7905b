package jsbind

import (
	"fmt"
	"testing"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

// TestScriptErrorCodeObject checks nats.ErrorCode: the Go table's names
// and numbers, one frozen object, and equal to the codes thrown.
func TestScriptErrorCodeObject(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
'use strict';
const E = nats.ErrorCode;
let thrown = 0;
try { nats.connect({ bogus: 1 }); } catch (e) { thrown = e.code; }
let assigned = 'no';
try { E.StreamNotFound = 1; assigned = 'yes'; } catch (e) { assigned = e.name; }
var result = [E === nats.ErrorCode, Object.isFrozen(E), Object.keys(E).length, E.StreamNotFound, E.ConsumerNotFound,
  thrown === E.InvalidConfig, assigned, 'ErrorCode' in nats].join(',');
`)
	want := fmt.Sprintf("true,true,%d,1017,1026,true,TypeError,true", len(natsmod.Codes))
	if got.String() != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	for _, c := range natsmod.Codes {
		if v := vu.run(t, `var result = nats.ErrorCode.`+c.Name+`;`); v.ToInteger() != int64(c.Code) {
			t.Errorf("ErrorCode.%s = %v, want %d", c.Name, v, c.Code)
		}
	}
}

// TestScriptConsumerMessageFields checks that consumer messages offer the
// same fields and json() as core messages, byte-exact.
func TestScriptConsumerMessageFields(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const conn = nats.connect({ urls: ['`+vu.url+`'] });
const js = nats.jetStream(conn);
js.addStream({ name: 'F', subjects: ['f.>'], storage: 'memory' });
js.publish('f.a', new Uint8Array([123, 34, 110, 34, 58, 55, 125]), { headers: { 'X-A': ['1', '2'] } });
const [m] = js.pullSubscribe('F', 'f.>', 'C').fetch(1, 2000);
m.ack();
var result = [m.subject, m.data, new Uint8Array(m.bytes).length, m.headers['X-A'].join('|'), m.json().n, m.reply !== ''].join(',');
`)
	if want := `f.a,{"n":7},7,1|2,7,true`; got.String() != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}
