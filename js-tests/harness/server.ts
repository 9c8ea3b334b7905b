// A real nats-server for one suite, from the backend chosen in
// global-setup: a container (testcontainers) or a local process. Both
// listen on a fixed loopback port so a restart keeps the URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { inject } from 'vitest';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { NatsContainer } from '@testcontainers/nats';
import { tmpRoot } from './paths.js';

export type Auth = { token: string } | { user: string; pass: string };

export interface ServerOptions {
  auth?: Auth;
  /** Server certificate and key (host paths, PEM): the server requires TLS. */
  tls?: { certFile: string; keyFile: string };
}

export interface NatsServer {
  readonly backend: 'container' | 'binary';
  readonly port: number;
  /** nats://127.0.0.1:port (no credentials). */
  readonly url: string;
  /** Stops the server and starts it again on the same port with the same store. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const READY = /Server is ready/;

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function authArgs(auth: Auth | undefined): string[] {
  if (!auth) return [];
  return 'token' in auth ? ['--auth', auth.token] : ['--user', auth.user, '--pass', auth.pass];
}

export async function startServer(options: ServerOptions = {}): Promise<NatsServer> {
  const backend = inject('natsBackend');
  const port = await freePort();
  return backend.kind === 'container'
    ? startContainer(backend.image, port, options)
    : startProcess(backend.path, port, options);
}

async function startContainer(image: string, port: number, options: ServerOptions): Promise<NatsServer> {
  const args = ['-js', '-sd', '/data'];
  let container: GenericContainer;
  const auth = options.auth;
  if (auth && 'user' in auth) {
    // The module's own container for user/password servers.
    container = new NatsContainer(image).withJetStream().withUsername(auth.user).withPass(auth.pass).withArg('-sd', '/data');
  } else {
    container = new GenericContainer(image)
      .withCommand([...args, ...authArgs(auth), ...tlsArgs(options, '/certs')])
      .withWaitStrategy(Wait.forLogMessage(READY))
      .withStartupTimeout(60_000);
  }
  container.withExposedPorts({ container: 4222, host: port });
  if (options.tls) {
    container.withCopyFilesToContainer([
      { source: options.tls.certFile, target: '/certs/server.pem' },
      { source: options.tls.keyFile, target: '/certs/server-key.pem' },
    ]);
  }
  let started: StartedTestContainer = await container.start();
  return {
    backend: 'container',
    port,
    url: `nats://127.0.0.1:${port}`,
    async restart() {
      await started.restart();
    },
    async stop() {
      await started.stop();
    },
  };
}

function tlsArgs(options: ServerOptions, dir?: string): string[] {
  if (!options.tls) return [];
  const cert = dir ? `${dir}/server.pem` : options.tls.certFile;
  const key = dir ? `${dir}/server-key.pem` : options.tls.keyFile;
  return ['--tls', '--tlscert', cert, '--tlskey', key];
}

async function startProcess(bin: string, port: number, options: ServerOptions): Promise<NatsServer> {
  mkdirSync(tmpRoot, { recursive: true });
  const store = mkdtempSync(join(tmpRoot, 'store-'));
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store, ...authArgs(options.auth), ...tlsArgs(options)];
  let proc = await spawnReady(bin, args);
  return {
    backend: 'binary',
    port,
    url: `nats://127.0.0.1:${port}`,
    async restart() {
      await stopProcess(proc);
      proc = await spawnReady(bin, args);
    },
    async stop() {
      await stopProcess(proc);
      rmSync(store, { recursive: true, force: true });
    },
  };
}

function spawnReady(bin: string, args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`nats-server not ready within 30s:\n${log}`));
    }, 30_000);
    proc.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (READY.test(log)) {
        clearTimeout(timer);
        resolve(proc);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with ${code}:\n${log}`));
    });
  });
}

function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}
