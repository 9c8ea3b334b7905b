// A server restart in the middle of a run: the run completes with exit 0,
// nats_reconnects counts the reconnect, and a nats.js subscriber sees the
// publishes resume after the restart.
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { client, counter, until } from './harness/client.js';
import { count, runNatsk6 } from './harness/natsk6.js';
import { scriptsDir } from './harness/paths.js';
import { startServer, type NatsServer } from './harness/server.js';

let server: NatsServer | undefined;
afterAll(async () => {
  await server?.stop();
});

it('survives a server restart mid-run and counts the reconnect', async () => {
  server = await startServer();
  const nc = await client(server.url);
  const ticks = counter(nc, 'steady.tick');
  const run = runNatsk6(join(scriptsDir, 'steady-publisher.ts'), { natsUrl: server.url, env: { DURATION: '6s' } });
  await until(() => ticks.count() >= 10, 'natsk6 to publish 10 ticks before the restart');
  await server.restart();
  const before = ticks.count();
  await until(() => ticks.count() >= before + 10, 'publishes to resume after the restart');
  const result = await run;
  await nc.close();
  expect(result.code, result.stderr).toBe(0);
  expect(count(result.summary, 'nats_reconnects')).toBeGreaterThanOrEqual(1);
  expect(count(result.summary, 'nats_disconnects')).toBeGreaterThanOrEqual(1);
  expect(count(result.summary, 'iterations')).toBeGreaterThan(20);
});
