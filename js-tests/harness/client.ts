// The official nats.js client, to read server state independently of natsk6.
import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import type { Auth } from './server.js';

export async function client(url: string, auth?: Auth, tls?: { caFile: string }): Promise<NatsConnection> {
  const opts: ConnectionOptions = { servers: url.replace(/^nats:\/\//, '') };
  if (auth && 'token' in auth) opts.token = auth.token;
  if (auth && 'user' in auth) Object.assign(opts, { user: auth.user, pass: auth.pass });
  if (tls) opts.tls = { caFile: tls.caFile };
  return connect(opts);
}

/** Counts messages on `subject` until `stop` resolves. */
export function counter(nc: NatsConnection, subject: string): { count(): number; stop(): void } {
  let n = 0;
  const sub = nc.subscribe(subject, { callback: () => {
    n++;
  } });
  return { count: () => n, stop: () => sub.unsubscribe() };
}

/** Polls `cond` every 20 ms until it holds; rejects with `what` after `timeoutMs`. */
export async function until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
