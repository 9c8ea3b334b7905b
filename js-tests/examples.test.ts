// Every example runs against a real server and does what it says; the
// server's side is read back with nats.js. Each one also scales with
// -u/-d as k6 scripts do: its default function runs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, counter } from './harness/client.js';
import { checkTotals, count, findCheck, runNatsk6, type RunOptions } from './harness/natsk6.js';
import { examplesDir } from './harness/paths.js';
import { startServer, type NatsServer } from './harness/server.js';

let server: NatsServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

const example = (name: string, options: RunOptions = {}) => runNatsk6(join(examplesDir, name), { natsUrl: server.url, ...options });

async function streamNames(nc: NatsConnection): Promise<string[]> {
  const jsm = await jetstreamManager(nc);
  const names: string[] = [];
  for await (const name of jsm.streams.names()) names.push(name);
  return names;
}

describe('examples', () => {
  it('quickstart: a short load test whose traffic the server saw', async () => {
    const nc = await client(server.url);
    const orders = counter(nc, 'quickstart.orders.>');
    const stored = counter(nc, 'quickstart.js.>');
    await nc.flush();
    const r = await example('quickstart.ts');
    await nc.flush();
    orders.stop();
    stored.stop();
    const names = await streamNames(nc);
    await nc.close();
    expect(r.code, r.stderr).toBe(0);

    // constant-arrival-rate never exceeds its target (rate x duration);
    // the script's dropped_iterations threshold bounds how far below it is.
    expect(orders.count()).toBeGreaterThan(5_000);
    expect(orders.count()).toBeLessThanOrEqual(10_000);
    const requests = count(r.summary, 'nats_requests');
    expect(requests).toBeGreaterThan(1_500);
    expect(requests).toBeLessThanOrEqual(3_000);
    expect(findCheck(r.summary, 'reply echoes the request')).toMatchObject({ passes: requests, fails: 0 });

    // Every JetStream publish the server saw was acked, fetched and acked back.
    const published = count(r.summary, 'nats_js_msgs_published');
    expect(published).toBeGreaterThan(1_000);
    expect(published).toBeLessThanOrEqual(2_000);
    expect(stored.count()).toBe(published);
    expect(count(r.summary, 'nats_js_msgs_fetched')).toBe(published);
    expect(count(r.summary, 'nats_js_acks')).toBe(published);
    expect(findCheck(r.summary, 'every stored order consumed')).toMatchObject({ passes: 1, fails: 0 });
    expect(names).not.toContain('QUICKSTART');
    expect(r.summary?.metrics.nats_msgs_published?.rate).toBeGreaterThan(500); // msgs/s over the whole run
  });

  it('pubsub: each queue group gets every order once', async () => {
    const nc = await client(server.url);
    const orders = counter(nc, 'orders.*');
    await nc.flush();
    const r = await example('pubsub.ts');
    await nc.flush();
    orders.stop();
    await nc.close();
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.summary, 'billing_received')).toBe(100);
    expect(count(r.summary, 'shipping_received')).toBe(100);
    expect(count(r.summary, 'audit_received')).toBe(200);
    expect(orders.count()).toBe(100);
    expect(findCheck(r.summary, 'the auditor saw every order')).toMatchObject({ passes: 2, fails: 0 });
  });

  it('request-reply: 200 requests answered by the responder scenario', async () => {
    const nc = await client(server.url);
    const requests = counter(nc, 'svc.sum');
    const replies = counter(nc, '_INBOX.>');
    await nc.flush();
    const r = await example('request-reply.ts');
    await nc.flush();
    requests.stop();
    replies.stop();
    await nc.close();
    expect(r.code, r.stderr).toBe(0);
    // The server carried each request and each reply exactly once.
    expect(requests.count()).toBe(200);
    expect(replies.count()).toBe(200);
    expect(count(r.summary, 'nats_requests')).toBe(200);
    expect(count(r.summary, 'nats_request_timeouts')).toBe(0);
    expect(checkTotals(r.summary).fails).toBe(0);
  });

  it('jetstream: every message acked and the stream removed', async () => {
    const nc = await client(server.url);
    const stored = counter(nc, 'example.orders.>');
    await nc.flush();
    const r = await example('jetstream.ts');
    await nc.flush();
    stored.stop();
    const names = await streamNames(nc);
    await nc.close();
    expect(r.code, r.stderr).toBe(0);
    const published = count(r.summary, 'nats_js_msgs_published');
    expect(published).toBeGreaterThan(0);
    expect(published % 10).toBe(0); // whole batches
    expect(stored.count()).toBe(published);
    expect(count(r.summary, 'nats_js_acks')).toBe(published);
    expect(checkTotals(r.summary).fails).toBe(0);
    expect(names).not.toContain('EXAMPLE_ORDERS');
    expect(findCheck(r.summary, 'nothing left to deliver')).toMatchObject({ passes: 1, fails: 0 });
  });

  it('kv: every compare-and-set increment lands', async () => {
    // A core subscriber sees every write to the key's subject, accepted or
    // rejected by the stream: the initial put, one accepted update per
    // iteration and one rejected update per conflict.
    const nc = await client(server.url);
    const writes = counter(nc, '$KV.EXAMPLE_KV.counter');
    await nc.flush();
    const r = await example('kv.ts');
    await nc.flush();
    writes.stop();
    await nc.close();
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.summary, 'iterations')).toBeGreaterThan(0);
    expect(writes.count()).toBe(1 + count(r.summary, 'iterations') + count(r.summary, 'kv_conflicts'));
    expect(checkTotals(r.summary).fails).toBe(0);
    expect(findCheck(r.summary, 'every increment counted')).toMatchObject({ passes: 1, fails: 0 });
  });

  it('open-loop: the server saw every offered message, at the offered rate', async () => {
    const nc = await client(server.url);
    const seen = counter(nc, 'openloop.>');
    await nc.flush();
    const r = await example('open-loop.ts', { env: { RATE: '5000', DURATION: '2s' } });
    await nc.flush();
    seen.stop();
    await nc.close();
    expect(r.code, r.stderr).toBe(0);
    const offered = count(r.summary, 'nats_msgs_offered');
    expect(offered % 5000).toBe(0); // whole 1 s slices at 5000 msgs/s
    expect(offered).toBeGreaterThan(0);
    expect(count(r.summary, 'nats_msgs_published')).toBe(offered);
    expect(seen.count()).toBe(offered);
    expect(findCheck(r.summary, 'achieved within 1% of offered')).toMatchObject({ fails: 0 });
  });

  // k6 replaces the scenarios with a default one for -u/-d; so does natsk6.
  const scripts = readdirSync(examplesDir).filter((f) => /\.(ts|js|mts|mjs)$/.test(f));
  it.each(scripts)('%s scales with -u 2 -d 2s: its default function runs', async (name) => {
    const r = await example(name, { args: ['-u', '2', '-d', '2s'] });
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.summary, 'iterations')).toBeGreaterThan(2);
    expect(checkTotals(r.summary)).toMatchObject({ fails: 0 });
    expect(checkTotals(r.summary).passes).toBeGreaterThan(0);
  });
});
