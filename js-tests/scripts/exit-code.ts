// One script, four outcomes, chosen with -e CASE=...: ok (0), threshold
// (99), badoptions (104) and throw (107).
import nats from 'k6/x/nats';

const scenario = __ENV.CASE ?? 'ok';

export const options =
  scenario === 'badoptions'
    ? { scenarios: { s: { executor: 'no-such-executor', exec: 'default' } } }
    : {
        vus: 1,
        iterations: 3,
        thresholds: { nats_msgs_published: [scenario === 'threshold' ? 'count>1000' : 'count==3'] },
      };

const conn = nats.connect();
const js = nats.jetStream(conn);

export function setup() {
  if (scenario === 'throw') {
    js.getStreamInfo('NO_SUCH_STREAM'); // throws NatsError 1017, uncaught: the test cannot start
  }
}

export default function () {
  conn.publish('exit.code', 'x');
}
