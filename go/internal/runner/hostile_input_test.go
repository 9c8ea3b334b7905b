package runner

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// hostileMaxPayload is the max_payload of the server the bad-input tests
// run against: small, so an oversized payload is cheap to make.
const hostileMaxPayload = 1024

// hostileInputScript makes the bad call (CALL), checks the NatsError it
// throws (WANT_CODE, with WANT_TEXT in its message) or, when it is
// accepted, what a subscriber to everything received (DELIVERED, an
// expression of m), then that the same connection still works. It runs
// two iterations: the VU goes on after the bad call.
const hostileInputScript = `import nats from 'k6/x/nats';
import { check } from 'k6';
export const options = { iterations: 2 };
export default async function () {
  const conn = nats.connect();
  const seen = conn.subscribe('>');
  conn.flush();
  let code = 0, message = '';
  try {
    await (CALL);
    conn.flush();
  } catch (e) {
    code = e.code;
    message = String(e.message);
  }
  console.log('bad call: code ' + code + ': ' + message);
  check(code, { 'the expected code': (c) => c === WANT_CODE });
  check(message, { 'the message says why': (s) => s.includes(WANT_TEXT) });
  if (code === 0) {
    const m = seen.next(2000);
    check(m, { 'what was delivered': (m) => DELIVERED });
  }
  const echo = conn.subscribe('hostile.alive');
  conn.publish('hostile.alive', 'still here');
  check(echo.next(2000).data, { 'the connection still works': (d) => d === 'still here' });
  conn.close();
}
`

// Bad input to the publish and subscribe calls fails with its documented
// code (or, where it is sent, arrives as documented), and neither the
// connection nor the VU suffers: nats-server would otherwise drop such a
// message silently (empty tokens), deliver it to a wildcard's matches
// (wildcards), or close the connection (a 10 KB subject).
func TestBadInputHasItsErrorCode(t *testing.T) {
	srv := testsupport.StartServer(t, &server.Options{JetStream: true, StoreDir: t.TempDir(), MaxPayload: hostileMaxPayload})
	long := `'hostile.' + 'x'.repeat(10 * 1024)`
	big := `'x'.repeat(2000)`
	bytesOf := func(want string) string { return `Array.from(new Uint8Array(m.bytes)).join() === '` + want + `'` }
	cases := []struct {
		name, call string
		code       int
		text       string // in the error's message; for accepted input, unused
		delivered  string // for accepted input: what the subscriber got, as an expression of m
	}{
		{name: "publish: space in the subject", call: `conn.publish('a b', 'x')`, code: 1009, text: "byte 1 is a space"},
		{name: "publish: tab in the subject", call: `conn.publish('a\tb', 'x')`, code: 1009, text: "byte 1 is 0x09"},
		{name: "publish: wildcard *", call: `conn.publish('a.*', 'x')`, code: 1009, text: `the wildcard "*"`},
		{name: "publish: wildcard >", call: `conn.publish('a.>', 'x')`, code: 1009, text: `the wildcard ">"`},
		{name: "publish: empty middle token", call: `conn.publish('a..b', 'x')`, code: 1009, text: "token 2 is empty"},
		{name: "publish: empty first token", call: `conn.publish('.a', 'x')`, code: 1009, text: "token 1 is empty"},
		{name: "publish: empty last token", call: `conn.publish('a.', 'x')`, code: 1009, text: "token 2 is empty"},
		{name: "publish: 10 KB subject", call: `conn.publish(` + long + `, 'x')`, code: 1009, text: "max_control_line of 4096 bytes"},
		{name: "publish: empty subject", call: `conn.publish('', 'x')`, code: 1008, text: "Subject cannot be empty"},
		{name: "publish: NUL in the subject", call: `conn.publish('a\u0000b', 'x')`, code: 1009, text: "byte 1 is NUL"},
		{name: "publish: wildcard reply", call: `conn.publish('a', 'x', { reply: 'r.*' })`, code: 1003, text: "reply"},
		{name: "publish: payload over max_payload", call: `conn.publish('a', ` + big + `)`, code: 1009, text: "max_payload is 1024 bytes"},
		{name: "publish: headers push it over max_payload", call: `conn.publish('a', 'x'.repeat(1000), { headers: { K: 'v'.repeat(100) } })`, code: 1009, text: "max_payload is 1024 bytes"},
		{name: "publishBulk: wildcard", call: `conn.publishBulk('a.*', 'x', 3)`, code: 1009, text: "wildcard"},
		{name: "publishRate: empty token", call: `conn.publishRate({ subject: 'a..b', rate: 10, duration: '1s' })`, code: 1009, text: "token 2 is empty"},
		{name: "request: wildcard", call: `conn.request('svc.*', 'x', 1000)`, code: 1011, text: "wildcard"},
		{name: "requestAsync: 10 KB subject", call: `conn.requestAsync(` + long + `, 'x', 1000)`, code: 1011, text: "max_control_line"},
		{name: "js.publish: wildcard", call: `nats.jetStream(conn).publish('a.*', 'x')`, code: 1021, text: "wildcard"},
		{name: "js.publish: payload over max_payload", call: `nats.jetStream(conn).publish('a', ` + big + `)`, code: 1021, text: "max_payload is 1024 bytes"},
		{name: "js.publishAsync: empty token", call: `nats.jetStream(conn).publishAsync('a..b', 'x')`, code: 1022, text: "token 2 is empty"},
		{name: "js.publishAsyncBulk: NUL", call: `nats.jetStream(conn).publishAsyncBulk('a\u0000', 'x', 2)`, code: 1022, text: "NUL"},
		{name: "subscribe: space", call: `conn.subscribe('a b')`, code: 1010, text: "invalid subject"},
		{name: "subscribe: empty token", call: `conn.subscribe('a..b')`, code: 1010, text: "invalid subject"},
		{name: "subscribe: 10 KB subject", call: `conn.subscribe(` + long + `)`, code: 1010, text: "max_control_line"},
		{name: "subscribe: empty subject", call: `conn.subscribe('')`, code: 1008, text: "Subject cannot be empty"},
		{name: "header: NUL in a value", call: `conn.publish('a', 'x', { headers: { K: 'v\u0000w' } })`, code: 1003, text: "headers.K: byte 1 of the value is NUL"},
		{name: "header: CRLF in a value", call: `conn.publish('a', 'x', { headers: { K: 'v\r\nInjected: 1' } })`, code: 1003, text: "headers.K: byte 1 of the value is 0x0d"},
		{name: "header: space in a name", call: `conn.publish('a', 'x', { headers: { 'K K': 'v' } })`, code: 1003, text: "headers.K K: byte 1 of the name is a space"},
		{name: "header: NUL in a JetStream header", call: `nats.jetStream(conn).publish('a', 'x', { headers: { K: '\u0000' } })`, code: 1003, text: "headers.K"},
		{name: "header: NUL in a request header", call: `conn.request('svc', 'x', 500, { headers: { K: '\u0000' } })`, code: 1003, text: "headers.K"},
		// Accepted, as documented: a payload is bytes (NUL included); a
		// lone surrogate, which UTF-8 cannot encode, becomes U+FFFD
		// (EF BF BD), as TextEncoder encodes it.
		{name: "payload: NUL", call: `conn.publish('a', 'x\u0000y')`, delivered: bytesOf("120,0,121")},
		{name: "payload: lone surrogate", call: `conn.publish('a', 'x\ud800y')`, delivered: bytesOf("120,239,191,189,121")},
		{name: "subject: lone surrogate", call: `conn.publish('a\udc00b', 'x')`, delivered: `m.subject === 'a\ufffdb'`},
		{name: "header: lone surrogate", call: `conn.publish('a', 'x', { headers: { K: 'v\ud800' } })`, delivered: `m.headers.K[0] === 'v\ufffd'`},
		{name: "header: tab in a value", call: `conn.publish('a', 'x', { headers: { K: 'v\tw' } })`, delivered: `m.headers.K[0] === 'v\tw'`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			delivered := c.delivered
			if delivered == "" {
				delivered = "false"
			}
			script := strings.NewReplacer("CALL", c.call, "WANT_CODE", fmt.Sprint(c.code),
				"WANT_TEXT", fmt.Sprintf("%q", c.text), "DELIVERED", delivered).Replace(hostileInputScript)
			r := runFiles(t, map[string]string{"script.js": script}, Config{Env: map[string]string{"NATS_URL": srv.ClientURL()}, Quiet: true})
			checks := 3.0
			if c.code == 0 {
				checks = 4
			}
			r.wantAllChecks(t, 2*checks)
			if n := r.count("iterations"); n != 2 {
				t.Errorf("%v iterations, want 2", n)
			}
		})
	}
}
