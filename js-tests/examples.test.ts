// Every example runs against a real server and does what it says; the
// server's side is read back with nats.js.
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, counter } from './harness/client.js';
import { checkTotals, count, findCheck, runNatsk6 } from './harness/natsk6.js';
import { examplesDir } from './harness/paths.js';
import { startServer, type NatsServer } from './harness/server.js';

let server: NatsServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

const example = (name: string) => runNatsk6(join(examplesDir, name), { natsUrl: server.url });

describe('examples', () => {
  it('quickstart: 20 messages out and back, every check passing', async () => {
    const r = await example('quickstart.ts');
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.summary, 'nats_msgs_published')).toBe(20);
    expect(count(r.summary, 'nats_msgs_received')).toBe(20);
    expect(checkTotals(r.summary)).toEqual({ passes: 40, fails: 0 });
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
  });

  it('request-reply: 200 requests answered by the responder scenario', async () => {
    const r = await example('request-reply.ts');
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.summary, 'nats_requests')).toBe(200);
    expect(count(r.summary, 'nats_request_timeouts')).toBe(0);
    expect(checkTotals(r.summary).fails).toBe(0);
  });

  it('jetstream: every message acked and the stream removed', async () => {
    const r = await example('jetstream.ts');
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.summary, 'nats_js_msgs_published')).toBe(50);
    expect(count(r.summary, 'nats_js_acks')).toBe(50);
    expect(checkTotals(r.summary).fails).toBe(0);
    const nc = await client(server.url);
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const name of jsm.streams.names()) names.push(name);
    await nc.close();
    expect(names).not.toContain('EXAMPLE_ORDERS');
    expect(findCheck(r.summary, 'nothing left to deliver')).toMatchObject({ passes: 1, fails: 0 });
  });

  it('kv: every compare-and-set increment lands', async () => {
    const r = await example('kv.ts');
    expect(r.code, r.stderr).toBe(0);
    expect(checkTotals(r.summary).fails).toBe(0);
    expect(findCheck(r.summary, 'every increment counted')).toMatchObject({ passes: 1, fails: 0 });
  });
});
