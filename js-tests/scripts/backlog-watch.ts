// Watches an application's consumer (the test's, in nats.js) drain a
// backlog natsk6 built: drainBacklog with fetch: false fetches nothing.
import nats from 'k6/x/nats';
import { check } from 'k6';
import { drainBacklog, waitForBacklog } from '@pondigo/natsk6/helpers';

export const options = { iterations: 1 };

const conn = nats.connect({});
const js = nats.jetStream(conn);

export default async function (): Promise<void> {
  const published = await js.publishAsyncBulk('watch.orders', 'order', 2000);
  const backlog = waitForBacklog(js, { stream: 'WATCH', consumer: 'app', msgs: 2000, pollInterval: 20 });
  const drain = drainBacklog(js, { stream: 'WATCH', consumer: 'app', fetch: false, pollInterval: 20, tags: { app: 'billing' } });
  check(drain, {
    'published 2000': () => published.acked === 2000,
    'waited for 2000 pending': () => backlog.msgs >= 2000,
    'watched, fetched nothing': (d) => d.fetched === 0 && d.backlog >= 2000 && d.durationMs >= 0,
  });
}
