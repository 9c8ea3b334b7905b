// A server restart in the middle of a run: the run completes with exit 0
// and nats_reconnects counts the reconnect.
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { count, runNatsk6 } from './harness/natsk6.js';
import { scriptsDir } from './harness/paths.js';
import { startServer, type NatsServer } from './harness/server.js';

let server: NatsServer | undefined;
afterAll(async () => {
  await server?.stop();
});

it('survives a server restart mid-run and counts the reconnect', async () => {
  server = await startServer();
  const run = runNatsk6(join(scriptsDir, 'steady-publisher.ts'), { natsUrl: server.url, env: { DURATION: '6s' } });
  await new Promise((r) => setTimeout(r, 2000));
  await server.restart();
  const result = await run;
  expect(result.code, result.stderr).toBe(0);
  expect(count(result.summary, 'nats_reconnects')).toBeGreaterThanOrEqual(1);
  expect(count(result.summary, 'nats_disconnects')).toBeGreaterThanOrEqual(1);
  expect(count(result.summary, 'iterations')).toBeGreaterThan(20);
});
