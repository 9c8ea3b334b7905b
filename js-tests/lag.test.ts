// Consumer lag and backlogs against a real server, whose side nats.js
// reads: examples/consumer-lag.ts (nats.sample's lag gauge and its
// threshold), examples/backlog-drain.ts and the helpers'
// waitForBacklog/drainBacklog (every message published once, fetched and
// acked once, and the drain metrics agree with each other).
import { join } from 'node:path';
import { AckPolicy, jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, counter } from './harness/client.js';
import { checkTotals, count, findCheck, runNatsk6 } from './harness/natsk6.js';
import { examplesDir, scriptsDir } from './harness/paths.js';
import { startServer, type NatsServer } from './harness/server.js';

let server: NatsServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

describe('backlog-drain example', () => {
  it('builds a backlog of BACKLOG messages per VU and drains it, timed', async () => {
    const nc = await client(server.url);
    const seen = counter(nc, 'backlog.>');
    await nc.flush();
    const r = await runNatsk6(join(examplesDir, 'backlog-drain.ts'), {
      natsUrl: server.url,
      env: { BACKLOG: '5000', BATCH: '250' },
      args: ['--vus', '2', '--iterations', '2'],
    });
    await nc.flush();
    seen.stop();
    await nc.close();
    expect(r.code, r.stderr).toBe(0);

    // The server saw 2 × 5000 publishes; natsk6 fetched and acked each once.
    expect(seen.count()).toBe(10_000);
    expect(count(r.summary, 'nats_js_msgs_published')).toBe(10_000);
    expect(count(r.summary, 'nats_js_msgs_fetched')).toBe(10_000);
    expect(count(r.summary, 'nats_js_acks')).toBe(10_000);
    expect(findCheck(r.summary, 'the whole backlog drained')).toMatchObject({ passes: 2, fails: 0 });

    // One drain per iteration; its rate is the backlog over its time.
    const duration = r.summary?.metrics.nats_js_drain_duration;
    const rate = r.summary?.metrics.nats_js_drain_rate;
    expect(duration?.max).toBeGreaterThan(0);
    expect(rate?.min).toBeGreaterThan(0);
    // Each drain's rate is its backlog (exactly 5000: each VU drains its
    // own consumer) over its own time, so rate × time is 5000 for each,
    // which bounds the extremes both ways.
    expect((rate!.min! * duration!.max!) / 1000).toBeGreaterThanOrEqual(5000 * 0.999);
    expect((rate!.max! * duration!.min!) / 1000).toBeLessThanOrEqual(5000 * 1.001);
    // The sampler's last sample of the work queue: nothing left.
    expect(r.summary?.metrics.nats_js_stream_msgs?.value).toBe(0);
  });
});

describe('drainBacklog watching the application', () => {
  it('times a drain done by a consumer natsk6 does not drive', async () => {
    const nc = await client(server.url);
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'WATCH', subjects: ['watch.>'], storage: StorageType.Memory });
    await jsm.consumers.add('WATCH', { durable_name: 'app', ack_policy: AckPolicy.Explicit });
    const consumer = await jetstream(nc).consumers.get('WATCH', 'app');
    // The application: stalled until the backlog is there, then it catches up.
    const app = (async (): Promise<number> => {
      for (let waited = 0; (await consumer.info()).num_pending < 2000; waited += 20) {
        if (waited > 60_000) throw new Error('no backlog of 2000 within 60 s');
        await new Promise((r) => setTimeout(r, 20));
      }
      let acked = 0;
      while (acked < 2000) {
        for await (const m of await consumer.fetch({ max_messages: 500, expires: 1000 })) {
          m.ack();
          acked++;
        }
      }
      return acked;
    })();
    const r = await runNatsk6(join(scriptsDir, 'backlog-watch.ts'), { natsUrl: server.url });
    const acked = await app;
    const info = await consumer.info();
    await jsm.streams.delete('WATCH');
    await nc.close();
    expect(r.code, r.stderr).toBe(0);
    expect(acked).toBe(2000);
    expect(info.num_pending).toBe(0);
    expect(info.num_ack_pending).toBe(0);
    expect(info.delivered.stream_seq).toBe(2000);
    expect(checkTotals(r.summary)).toEqual({ passes: 3, fails: 0 });
    expect(count(r.summary, 'nats_js_msgs_fetched')).toBe(0);
    expect(r.summary?.metrics['nats_js_drain_rate']?.value).toBeGreaterThan(0);
  });
});

describe('consumer-lag example', () => {
  it('passes while the worker keeps up', async () => {
    const r = await runNatsk6(join(examplesDir, 'consumer-lag.ts'), { natsUrl: server.url, env: { DURATION: '3s' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary?.metrics['nats_js_consumer_num_pending{consumer:worker}']?.value).toBe(0);
  });

  it('fails with 99 once a slow worker is 1000 behind, the gauge being stored minus delivered', async () => {
    const r = await runNatsk6(join(examplesDir, 'consumer-lag.ts'), {
      natsUrl: server.url,
      env: { DURATION: '3s', RATE: '600', WORK_MS: '20' },
    });
    expect(r.code, r.stderr).toBe(99);
    expect(r.stderr).toContain("thresholds on metrics 'nats_js_consumer_num_pending{consumer:worker}' have been crossed");
    // The last sample follows the scenarios' end: every order was stored
    // (acked) and every delivery fetched by then.
    const stored = count(r.summary, 'nats_js_msgs_published');
    const delivered = count(r.summary, 'nats_js_msgs_fetched');
    const pending = r.summary?.metrics['nats_js_consumer_num_pending{consumer:worker}']?.value;
    expect(pending).toBeGreaterThanOrEqual(1000);
    expect(pending).toBe(stored - delivered);
  });
});
