// Pull consumer with explicit acks: fetch batches of 500 from a durable
// consumer on a pre-filled stream and ack every message. setup() recreates
// the durable so every run reads the stream from its start. The batch is
// acked with sub.ackAll (README: The fast pattern).
// Matches `nats bench js fetch --stream STREAM --batch 500 --msgs COUNT`.
import nats from 'k6/x/nats';
import { COUNT, connectOptions, onceEachVU, perVU, recordRate } from './common.js';

const STREAM = __ENV.STREAM || 'benchread';
const DURABLE = 'natsk6-bench';
const BATCH = 500;

export const options = onceEachVU();

const conn = nats.connect(connectOptions('bench-fetch'));
const js = nats.jetStream(conn);

export function setup() {
  try {
    js.deleteConsumer(STREAM, DURABLE);
  } catch (e) {
    if (e.code !== 1026) throw e;
  }
  // As nats bench: deliver all, explicit acks, batch-sized ack window.
  js.addConsumer(STREAM, nats.consumerConfig({
    durable: DURABLE, deliverPolicy: 'all', ackPolicy: 'explicit', maxAckPending: BATCH,
  }));
}

export default function () {
  const n = perVU();
  const sub = js.pullSubscribe(STREAM, '', DURABLE);
  const start = Date.now();
  let got = 0;
  while (got < n) {
    const msgs = js.pullMessages(sub, Math.min(BATCH, n - got), 5000);
    if (msgs.length === 0) {
      throw new Error(`stream ${STREAM} ran dry after ${got} of ${COUNT} messages`);
    }
    // One call acks the batch (an ack per message on the wire, as nats
    // bench sends); the fast pattern for fetched batches.
    sub.ackAll(msgs);
    got += msgs.length;
  }
  recordRate(got, start);
}
