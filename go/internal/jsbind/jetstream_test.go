package jsbind

import (
	"context"
	"testing"
	"time"
)

// TestScriptSeedUsage runs the seed's "Usage in k6" JetStream part as
// written (server address from the test server).
func TestScriptSeedUsage(t *testing.T) {
	vu := newCoreVU(t)
	result := vu.run(t, `
const conn = nats.connect({ urls: ['`+vu.url+`'], reconnectWait: 2, maxReconnects: 10 });
const js = nats.jetStream(conn);
const streamConfig = nats.streamConfig({ name: 'TEST_STREAM', subjects: ['test.>'], retention: 'limits', storage: 'file', replicas: 1 });
js.addStream(streamConfig);
const consumerConfig = nats.consumerConfig({ stream: 'TEST_STREAM', durable: 'TEST_CONSUMER', deliverPolicy: 'all', ackPolicy: 'explicit' });
js.addConsumer('TEST_STREAM', consumerConfig);
const ack = js.publish('test.js', 'Hello JetStream!');
const streamInfo = js.getStreamInfo('TEST_STREAM');
const consumerInfo = js.getConsumerInfo('TEST_STREAM', 'TEST_CONSUMER');
const accountInfo = js.getAccountInfo();
const sub = js.pullSubscribe('TEST_STREAM', 'test.>', 'TEST_CONSUMER');
const messages = js.pullMessages(sub, 10, 5000);
// Read after the fetch: a consumer's pending count right after a publish
// is updated by the server asynchronously, its ack-pending count is not.
const delivered = js.getConsumerInfo('TEST_STREAM', 'TEST_CONSUMER');
messages.forEach((m) => m.ack());
const md = messages[0].metadata;
js.deleteConsumer('TEST_STREAM', 'TEST_CONSUMER');
js.deleteStream('TEST_STREAM');
conn.close();
var result = [ack.stream, ack.seq, streamInfo.state.messages, delivered.numAckPending, consumerInfo.name, accountInfo.streams,
  messages.length, messages[0].data, md.streamSeq, md.consumer, streamConfig.storage, consumerConfig.ackPolicy].join(',');
`)
	if got, want := result.String(), "TEST_STREAM,1,1,1,TEST_CONSUMER,1,1,Hello JetStream!,1,TEST_CONSUMER,file,explicit"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	if vu.sum("nats_js_acks") != 1 || vu.sum("nats_js_msgs_published") != 1 {
		t.Fatalf("acks %v, published %v", vu.sum("nats_js_acks"), vu.sum("nats_js_msgs_published"))
	}
}

func TestScriptAsyncPublishConsumeKVAndObjects(t *testing.T) {
	vu := newCoreVU(t)
	result := vu.run(t, `
const conn = nats.connect({ urls: ['`+vu.url+`'] });
const js = nats.jetStream(conn);
js.addStream({ name: 'S', subjects: ['s.>'], storage: 'memory' });
var result = '';
const acks = [];
for (let i = 0; i < 20; i++) acks.push(js.publishAsync('s.a', 'm' + i, { msgId: 'id' + (i % 10) }));
acks.push(js.publishAsync('s.a', 'bad', { expectedLastSeq: 999 }).catch((e) => 'rejected ' + e.code));
Promise.all(acks).then((list) => {
  const dups = list.filter((a) => a.duplicate).length;
  js.addConsumer('S', { durable: 'C' });
  const loop = js.consumer('S', 'C').consume((m) => m.ack(), { stopAfter: 10 });
  return loop.done.then((n) => result = [dups, list[20], n].join(','));
}).then(() => {
  const kv = js.createKeyValue({ bucket: 'KV', history: 3 });
  const rev = kv.put('k', JSON.stringify({ v: 1 }));
  let conflict = 0;
  try { kv.update('k', 'x', rev + 5); } catch (e) { conflict = e.code; }
  kv.update('k', 'y', rev);
  const store = js.createObjectStore({ bucket: 'OBJ' });
  store.put('f', new Uint8Array([1, 2, 3, 250]));
  const back = new Uint8Array(store.get('f'));
  result += ';' + [kv.get('k').value, conflict, kv.history('k').length, kv.get('none'), back.join('-'), store.info('f').size, store.get('none')].join(',');
});
`)
	if got, want := result.String(), "10,rejected 1022,10;y,1021,2,,1-2-3-250,4,"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestScriptJetStreamErrors(t *testing.T) {
	vu := newCoreVU(t)
	result := vu.run(t, `
const conn = nats.connect({ urls: ['`+vu.url+`'] });
const js = nats.jetStream(conn);
const codes = [];
const attempt = (fn) => { try { fn(); codes.push(0); } catch (e) { codes.push(e.name + ' ' + e.code); } };
attempt(() => js.getStreamInfo('NOPE'));
attempt(() => js.addStream({ name: 'X', retention: 'bogus' }));
attempt(() => nats.streamConfig({ name: '' }));
attempt(() => nats.consumerConfig({ durable: 'D', ackWait: 'soon' }));
attempt(() => js.pullMessages(null, 1, 10));
attempt(() => js.getConsumerInfo('NOPE', 'C'));
var result = codes.join(',');
`)
	want := "NatsError 1017,NatsError 1003,NatsError 1015,NatsError 1003,NatsError 1031,NatsError 1017"
	if got := result.String(); got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

// TestScriptAwaitedAsyncBatchesLetTheLoopEnd awaits rounds of
// publishAsync in an async function, as load scripts do: each round is
// published from the settlement of the previous one, and the loop must
// still go idle once the last round is settled.
func TestScriptAwaitedAsyncBatchesLetTheLoopEnd(t *testing.T) {
	vu := newCoreVU(t)
	if _, err := vu.rt.RunString(`
const conn = nats.connect({ urls: ['` + vu.url + `'] });
const js = nats.jetStream(conn);
js.addStream({ name: 'S', subjects: ['s.>'], storage: 'memory' });
var result = '';
(async () => {
  const seqs = [];
  for (let round = 0; round < 5; round++) {
    const acks = [];
    for (let i = 0; i < 50; i++) acks.push(js.publishAsync('s.a', 'm'));
    seqs.push((await Promise.all(acks)).pop().seq);
  }
  result = seqs.join(',') + ' pending ' + js.publishAsyncPending();
})();
`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := vu.loop.Run(ctx); err != nil {
		t.Fatalf("the loop did not go idle after the last round: %v", err)
	}
	if got, want := vu.rt.Get("result").String(), "50,100,150,200,250 pending 0"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// publishAsyncBulk resolves with the tally (failures included) and
// rejects only when nothing was stored; bad arguments throw.
func TestScriptPublishAsyncBulk(t *testing.T) {
	vu := newCoreVU(t)
	result := vu.run(t, `
const conn = nats.connect({ urls: ['`+vu.url+`'] });
const js = nats.jetStream(conn, { maxPending: 100 });
js.addStream({ name: 'S', subjects: ['s.>'], storage: 'memory' });
js.addStream({ name: 'FULL', subjects: ['full'], storage: 'memory', maxMsgs: 10, discard: 'new' });
var result = '';
let thrown = '';
try { js.publishAsyncBulk('s.a', 'x', 0); } catch (e) { thrown = e.code; }
(async () => {
  const all = await js.publishAsyncBulk('s.a', new Uint8Array([1, 2, 3]), 1000);
  const full = await js.publishAsyncBulk('full', 'm', 25);
  const none = await js.publishAsyncBulk('nowhere', 'm', 2).catch((e) => e.code);
  result = [JSON.stringify(all), JSON.stringify(full), none, thrown, js.getStreamInfo('S').state.messages].join(' ');
})();
`)
	want := `{"acked":1000,"failed":0,"duplicates":0,"firstSeq":1,"lastSeq":1000} ` +
		`{"acked":10,"failed":15,"duplicates":0,"firstSeq":1,"lastSeq":10} 1022 1003 1000`
	if got := result.String(); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if got := vu.sum("nats_js_msgs_published"); got != 1010 {
		t.Fatalf("nats_js_msgs_published %v", got)
	}
	if got := vu.sum("nats_js_publish_errors"); got != 17 {
		t.Fatalf("nats_js_publish_errors %v", got)
	}
}
