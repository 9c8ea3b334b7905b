// k6's exit codes from natsk6: 0, 99 thresholds failed, 104 invalid
// options, 107 script exception (here an uncaught NatsError 1017).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNatsk6 } from './harness/natsk6.js';
import { scriptsDir } from './harness/paths.js';
import { startServer, type NatsServer } from './harness/server.js';

const script = join(scriptsDir, 'exit-code.ts');
let server: NatsServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

const run = (kase: string) => runNatsk6(script, { natsUrl: server.url, env: { CASE: kase } });

describe('exit codes', () => {
  it('0 when every threshold passes', async () => {
    const r = await run('ok');
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary?.metrics.nats_msgs_published.thresholds).toEqual({ 'count==3': false });
  });

  it('99 when a threshold fails', async () => {
    const r = await run('threshold');
    expect(r.code).toBe(99);
    expect(r.summary?.metrics.nats_msgs_published.thresholds).toEqual({ 'count>1000': true });
  });

  it('104 for invalid options, naming the executor', async () => {
    const r = await run('badoptions');
    expect(r.code).toBe(104);
    expect(r.stdout + r.stderr).toContain('no-such-executor');
  });

  it('107 for an uncaught NatsError, with its code', async () => {
    const r = await run('throw');
    expect(r.code).toBe(107);
    expect(r.stdout + r.stderr).toContain('1017');
  });
});
