// Publishes steadily for DURATION and keeps going through a server
// restart: the connection reconnects (reconnectWait is in seconds).
import nats from 'k6/x/nats';
import { sleep } from 'k6';

export const options = { vus: 1, duration: __ENV.DURATION ?? '6s' };

const conn = nats.connect({ reconnectWait: 0.2, maxReconnects: 100 });

export default function () {
  // Publishes buffer in nats.go while disconnected, so none throws.
  conn.publish('steady.tick', `iteration ${__ITER}`);
  sleep(0.05);
}
