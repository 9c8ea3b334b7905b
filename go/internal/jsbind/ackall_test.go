package jsbind

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// sub.ackAll(msgs) acks a whole fetched batch in one call: the server's
// ack floor reaches the last message, and nats_js_acks counts each one.
// An array the script built from fetched messages acks exactly those.
func TestScriptAckAllAcknowledgesTheFetchedBatch(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const conn = nats.connect();
const js = nats.jetStream(conn);
js.addStream({ name: 'ACKALL', subjects: ['ackall.>'], storage: 'memory' });
js.addConsumer('ACKALL', nats.consumerConfig({ durable: 'C', deliverPolicy: 'all', ackPolicy: 'explicit' }));
for (let i = 0; i < 10; i++) js.publish('ackall.x', 'm' + i);
const sub = js.pullSubscribe('ACKALL', '', 'C');
const first = sub.fetch(6, 2000);
const acked = sub.ackAll(first);
const rest = js.pullMessages(sub, 10, 300); // four left: waits out the 300 ms
// Only two of the last four, from an array of the script's own.
const some = sub.ackAll([rest[1], rest[0]]);
const codes = [];
try { sub.ackAll([rest[2], 'not a message']); } catch (e) { codes.push(e.code + ' ' + e.message); }
try { sub.ackAll(); } catch (e) { codes.push(e.code + ' ' + e.message); }
conn.flush();
var result = [first.length, acked, rest.length, some, codes.join(' | ')].join(',');
`)
	text := got.String()
	if !strings.HasPrefix(text, "6,6,4,2,") || !strings.Contains(text, "msgs[1] is not a JsMsg") || !strings.Contains(text, "must be an array of JsMsg") {
		t.Fatalf("got %s", text)
	}
	// 8 acked by ackAll; the server's count is read back.
	if n := vu.sum("nats_js_acks"); n != 8 {
		t.Fatalf("nats_js_acks %v, want 8", n)
	}
	nc, err := nats.Connect(vu.url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	var info *jetstream.ConsumerInfo
	testsupport.Eventually(t, 5*time.Second, func() bool {
		c, err := js.Consumer(context.Background(), "ACKALL", "C")
		if err != nil {
			return false
		}
		info, err = c.Info(context.Background())
		return err == nil && info.NumAckPending == 2
	}, "consumer C: want 2 messages pending ack (the ones not acked)")
	if info.AckFloor.Stream != 8 {
		t.Fatalf("ack floor %d, want 8", info.AckFloor.Stream)
	}
}
