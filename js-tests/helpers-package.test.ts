// A script that imports @pondigo/natsk6/helpers by package name runs in
// natsk6 against a real server.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTotals, count, runNatsk6 } from './harness/natsk6.js';
import { scriptsDir } from './harness/paths.js';
import { startServer, type NatsServer } from './harness/server.js';

let server: NatsServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

describe('helpers by package name', () => {
  it('bundle from node_modules and run inside natsk6', async () => {
    const r = await runNatsk6(join(scriptsDir, 'helpers-package.ts'), { natsUrl: server.url });
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.summary, 'nats_msgs_published')).toBe(3);
    expect(checkTotals(r.summary)).toEqual({ passes: 6, fails: 0 });
  });
});
