// Ordered consumer: read COUNT messages of a pre-filled stream from its
// start with a consume loop (500 buffered per pull), no acks.
// Matches `nats bench js ordered --stream STREAM --batch 500 --msgs COUNT`.
import nats from 'k6/x/nats';
import { COUNT, connectOptions, onceEachVU, recordRate } from './common.js';

const STREAM = __ENV.STREAM || 'benchread';

export const options = onceEachVU();

const conn = nats.connect(connectOptions('bench-ordered'));
const js = nats.jetStream(conn);

export default async function () {
  const consumer = js.orderedConsumer(STREAM);
  let first = 0;
  // The clock is read at the first message and when the last is handled,
  // as nats bench reads it, not at every message.
  const loop = consumer.consume(() => {
    if (first === 0) {
      first = Date.now();
    }
  }, { maxMessages: 500, stopAfter: COUNT });
  const handled = await loop.done;
  const last = Date.now();
  if (handled !== COUNT) {
    throw new Error(`ordered consumer handled ${handled} of ${COUNT} messages`);
  }
  recordRate(handled, first, last);
}
