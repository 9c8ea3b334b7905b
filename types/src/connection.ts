// The connect-once-per-VU pattern as a helper: every VU has its own
// module instance, so module state here is per VU.
import nats from 'k6/x/nats';
import type { Connection, ConnectOptions, JetStream, JetStreamOptions } from 'k6/x/nats';

const connections = new Map<string, Connection>();
const contexts = new Map<Connection, JetStream>();

function keyOf(options: ConnectOptions | undefined): string {
  return JSON.stringify(options ?? {});
}

/**
 * This VU's connection for `options`: opened on first use, then reused in
 * every iteration (one connection per VU and options). The runner closes
 * it at the end of the test; {@link closeVUConnections} closes it earlier.
 * @example
 * export default function () { vuConnection().publish('load', 'x'); }
 */
export function vuConnection(options?: ConnectOptions): Connection {
  const key = keyOf(options);
  let conn = connections.get(key);
  if (conn === undefined) {
    conn = nats.connect(options);
    connections.set(key, conn);
  }
  return conn;
}

/**
 * This VU's JetStream context on {@link vuConnection}(connectOptions),
 * created once.
 */
export function vuJetStream(connectOptions?: ConnectOptions, options?: JetStreamOptions): JetStream {
  const conn = vuConnection(connectOptions);
  let js = contexts.get(conn);
  if (js === undefined) {
    js = nats.jetStream(conn, options);
    contexts.set(conn, js);
  }
  return js;
}

/** Closes this VU's connections from {@link vuConnection}; the next call reconnects. */
export function closeVUConnections(): void {
  for (const conn of connections.values()) {
    conn.close();
  }
  connections.clear();
  contexts.clear();
}
