// natsk6 against servers that require a token, a user and password, or
// TLS: the messages arrive (counted by nats.js with the same credentials)
// and wrong credentials end the run with a script error (107).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { client, counter } from './harness/client.js';
import { runNatsk6, count } from './harness/natsk6.js';
import { scriptsDir, tmpRoot } from './harness/paths.js';
import { startServer, type Auth, type NatsServer } from './harness/server.js';

const script = join(scriptsDir, 'publish-n.ts');
const servers: NatsServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function publishAndCount(server: NatsServer, env: Record<string, string>, auth?: Auth, caFile?: string) {
  const nc = await client(server.url, auth, caFile ? { caFile } : undefined);
  const seen = counter(nc, 'auth.check');
  await nc.flush();
  const run = await runNatsk6(script, { natsUrl: server.url, env: { ...env, COUNT: '50', SUBJECT: 'auth.check' } });
  await nc.flush();
  seen.stop();
  await nc.close();
  return { run, received: seen.count() };
}

describe('authentication', () => {
  it('token', async () => {
    const auth = { token: 's3cret-token' };
    const server = await startServer({ auth });
    servers.push(server);
    const { run, received } = await publishAndCount(server, { NATS_TOKEN: auth.token }, auth);
    expect(run.code, run.stderr).toBe(0);
    expect(count(run.summary, 'nats_msgs_published')).toBe(50);
    expect(received).toBe(50);

    const wrong = await runNatsk6(script, { natsUrl: server.url, env: { NATS_TOKEN: 'wrong' } });
    expect(wrong.code).toBe(107);
    expect(wrong.stdout + wrong.stderr).toContain('1002');
    expect(wrong.stdout + wrong.stderr).not.toContain('s3cret-token');
  });

  it('user and password', async () => {
    const auth = { user: 'loadtest', pass: 'p4ss-word' };
    const server = await startServer({ auth });
    servers.push(server);
    const { run, received } = await publishAndCount(server, { NATS_USER: auth.user, NATS_PASS: auth.pass }, auth);
    expect(run.code, run.stderr).toBe(0);
    expect(received).toBe(50);

    const wrong = await runNatsk6(script, { natsUrl: server.url, env: { NATS_USER: auth.user, NATS_PASS: 'nope' } });
    expect(wrong.code).toBe(107);
    expect(wrong.stdout + wrong.stderr).not.toContain('nope');
  });

  it('TLS with a CA made in the test', async () => {
    const certs = makeCerts();
    const server = await startServer({ tls: { certFile: certs.cert, keyFile: certs.key } });
    servers.push(server);
    const { run, received } = await publishAndCount(server, { NATS_CA: certs.ca }, undefined, certs.ca);
    expect(run.code, run.stderr).toBe(0);
    expect(received).toBe(50);

    // Without the CA the server's certificate is not trusted.
    const untrusted = await runNatsk6(script, { natsUrl: server.url });
    expect(untrusted.code).toBe(107);
  });
});

/** A CA and a server certificate for 127.0.0.1 and localhost, via openssl. */
function makeCerts(): { ca: string; cert: string; key: string } {
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, 'certs-'));
  const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=natsk6 test CA', '-keyout', 'ca-key.pem', '-out', 'ca.pem');
  ossl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server-key.pem', '-out', 'server.csr');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  ossl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '1', '-extfile', 'san.ext', '-out', 'server.pem');
  // The container's server runs as its own user: let it read the key.
  execFileSync('chmod', ['644', join(dir, 'server-key.pem')]);
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server-key.pem') };
}
