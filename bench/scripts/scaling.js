// The scaling curve: VUS VUs share COUNT messages of one workload, MODE:
//   pub     conn.publish in a loop (no subscriber)
//   req     conn.request in a loop, against run.sh's queue-group responder
//   pubsub  each VU subscribes with a handler to a subject of its own and
//           publishes its share there with publishBulk (one connection,
//           so the handler path is what the VU count scales)
// Each VU records when its work began and ended (Unix ms) and how many
// messages it completed; scaling.sh's window runs from the first VU's
// start to the last VU's end, so the rate is the aggregate over all VUs.
import nats from 'k6/x/nats';
import { Counter, Trend } from 'k6/metrics';
import { MODE, SUBJECT, connectOptions, onceEachVU, payload, perVU } from './common.js';

export const options = Object.assign(onceEachVU({ maxDuration: '3m' }), { summaryTrendStats: ['min', 'max', 'count'] });

// A pub→sub VU gives up on missing messages after this long.
const RECEIVE_TIMEOUT_MS = 60000;

const workStart = new Trend('bench_work_start');
const workEnd = new Trend('bench_work_end');
const msgs = new Counter('bench_msgs');
const conn = nats.connect(connectOptions('bench-scaling'));
const data = payload();

export default async function () {
  const n = perVU();
  if (n === 0) {
    return;
  }
  const start = Date.now();
  let done = n;
  let end;
  if (MODE === 'pub') {
    for (let i = 0; i < n; i++) {
      conn.publish(SUBJECT, data);
    }
    conn.flush();
  } else if (MODE === 'req') {
    for (let i = 0; i < n; i++) {
      conn.request(SUBJECT, data, 5000);
    }
  } else if (MODE === 'pubsub') {
    ({ received: done, last: end } = await publishToSelf(n));
  } else {
    throw new Error(`unknown MODE ${JSON.stringify(MODE)}`);
  }
  workStart.add(start);
  workEnd.add(end || Date.now());
  msgs.add(done);
}

// publishToSelf resolves when this VU's handler has all n messages (or the
// timeout passed) with their count and the time the last one arrived. The
// subscription precedes the messages on the same connection, so the server
// has it before the first one.
function publishToSelf(n) {
  const subject = `${SUBJECT}.${__VU}`;
  let received = 0;
  let last = 0;
  return new Promise((resolve) => {
    let timer;
    let sub;
    const finish = () => {
      clearTimeout(timer);
      sub.unsubscribe();
      resolve({ received, last });
    };
    sub = conn.subscribe(subject, '', () => {
      last = Date.now();
      if (++received === n) {
        finish();
      }
    }, { pendingMsgs: -1, pendingBytes: -1 });
    timer = setTimeout(finish, RECEIVE_TIMEOUT_MS);
    conn.publishBulk(subject, data, n);
    conn.flush();
  });
}
