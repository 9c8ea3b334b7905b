// Backlog build and drain: wait (the consumer paused: nothing fetches)
// until a consumer has a backlog, then measure how long draining it takes.
// The metrics are created here, in init code, as k6 requires; every
// script that imports the helpers has them, and they show in the summary
// only once recorded.
import { sleep } from 'k6';
import { Gauge, Trend } from 'k6/metrics';
import type { ConsumerInfo, JetStream } from 'k6/x/nats';

/** Time from the start of a drain until the backlog was gone (ms). */
const drainDuration = new Trend('nats_js_drain_duration', true);
/** Messages per second: the backlog found at the start over the drain time. */
const drainRate = new Gauge('nats_js_drain_rate');

/** The consumer whose backlog is built and drained. */
export interface BacklogTarget {
  /** The consumer's stream. */
  stream: string;
  /** The consumer's name: natsk6's or the application's. */
  consumer: string;
  /** Poll interval (ms) of the consumer's state while waiting, or watching a drain. Default 100. */
  pollInterval?: number;
  /** Give up after this many ms, throwing an Error. Default 60000. */
  timeout?: number;
}

/** Options of {@link waitForBacklog}: at least one of `msgs` and `bytes`. */
export interface BacklogOptions extends BacklogTarget {
  /** Wait until the consumer has at least this many messages pending. */
  msgs?: number;
  /** Wait until the stream holds at least this many bytes. */
  bytes?: number;
}

/** The backlog {@link waitForBacklog} found. */
export interface Backlog {
  /** Messages pending on the consumer. */
  msgs: number;
  /** Bytes the stream holds. */
  bytes: number;
  /** How long the wait took (ms). */
  waitedMs: number;
}

/** Options of {@link drainBacklog}. */
export interface DrainOptions extends BacklogTarget {
  /**
   * Fetch and ack through the consumer (true, the default), or only watch
   * while other consumers, such as the application's, drain it (false).
   */
  fetch?: boolean;
  /** Messages per fetch. Default 100. */
  batch?: number;
  /** How long one fetch waits for messages (ms). Default 500. */
  expires?: number;
  /** Drained once pending plus unacknowledged messages are at most this. Default 0. */
  until?: number;
  /** Extra tags on the drain metrics, beside `stream` and `consumer`. */
  tags?: Record<string, string>;
}

/** What one drain measured; also recorded as nats_js_drain_duration and nats_js_drain_rate. */
export interface DrainResult {
  /** The backlog at the start: pending plus unacknowledged messages. */
  backlog: number;
  /** Messages this call fetched and acked (0 when only watching). */
  fetched: number;
  /** Start of the drain until the backlog was down to `until` (ms). */
  durationMs: number;
  /** backlog / duration, in messages per second (0 for an empty backlog). */
  rate: number;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a positive number, got ${String(value)}`);
  return v;
}

/** Polls until `done` returns a value, or throws after the target's timeout. */
function poll<T>(target: BacklogTarget, what: string, done: () => T | undefined): T {
  const interval = positive('pollInterval', target.pollInterval, 100);
  const timeout = positive('timeout', target.timeout, 60_000);
  const start = Date.now();
  for (;;) {
    const v = done();
    if (v !== undefined) return v;
    if (Date.now() - start > timeout) {
      throw new Error(`${what}: not within ${timeout} ms (consumer ${target.consumer} on stream ${target.stream})`);
    }
    sleep(interval / 1000);
  }
}

/**
 * Waits until the consumer has `msgs` messages pending, or the stream
 * holds `bytes` bytes. Nothing may fetch from the consumer meanwhile:
 * that is what builds the backlog.
 * @throws {RangeError} without `msgs` or `bytes`; an Error after `timeout`.
 * @example const backlog = waitForBacklog(js, { stream: 'ORDERS', consumer: 'billing', msgs: 10_000 });
 */
export function waitForBacklog(js: JetStream, options: BacklogOptions): Backlog {
  const { msgs, bytes } = options;
  if (msgs === undefined && bytes === undefined) throw new RangeError('waitForBacklog needs msgs or bytes');
  if (msgs !== undefined) positive('msgs', msgs, 0);
  if (bytes !== undefined) positive('bytes', bytes, 0);
  const start = Date.now();
  return poll(options, `a backlog of ${msgs ?? bytes} ${msgs !== undefined ? 'messages' : 'bytes'}`, () => {
    const pending = js.getConsumerInfo(options.stream, options.consumer).numPending;
    const stored = bytes === undefined ? 0 : js.getStreamInfo(options.stream).state.bytes;
    if ((msgs !== undefined && pending >= msgs) || (bytes !== undefined && stored >= bytes)) {
      return { msgs: pending, bytes: stored, waitedMs: Date.now() - start };
    }
    return undefined;
  });
}

const outstanding = (i: ConsumerInfo): number => i.numPending + i.numAckPending;

/** While only acks are outstanding, fetches wait this little (ms): acks land within it, and redeliveries are picked up. */
const ackTailWait = 10;

/**
 * Drains the consumer's backlog (fetching and acking, or watching others
 * do it) until at most `until` messages are pending or unacknowledged,
 * and records how long it took (nats_js_drain_duration) and how fast it
 * went (nats_js_drain_rate), tagged with the stream and consumer. Each
 * fetch asks for at most what is pending, so the last one returns as soon
 * as the backlog is delivered instead of waiting out `expires`.
 * @throws {RangeError} for a bad option; an Error after `timeout`.
 * @example const r = drainBacklog(js, { stream: 'ORDERS', consumer: 'billing', batch: 500 });
 */
export function drainBacklog(js: JetStream, options: DrainOptions): DrainResult {
  const batch = positive('batch', options.batch, 100);
  const expires = positive('expires', options.expires, 500);
  const interval = positive('pollInterval', options.pollInterval, 100);
  const timeout = positive('timeout', options.timeout, 60_000);
  const until = options.until ?? 0;
  const sub = options.fetch === false ? undefined : js.consumer(options.stream, options.consumer);
  const start = Date.now();
  let info = js.getConsumerInfo(options.stream, options.consumer);
  const backlog = outstanding(info);
  let fetched = 0;
  while (outstanding(info) > until) {
    if (Date.now() - start > timeout) {
      throw new Error(`draining the backlog: ${outstanding(info)} messages still outstanding after ${timeout} ms (consumer ${options.consumer} on stream ${options.stream})`);
    }
    if (sub) {
      const pending = info.numPending;
      const msgs = sub.fetch(pending > 0 ? Math.min(batch, pending) : batch, pending > 0 ? expires : ackTailWait);
      for (const m of msgs) m.ack();
      fetched += msgs.length;
    } else {
      sleep(interval / 1000);
    }
    info = js.getConsumerInfo(options.stream, options.consumer);
  }
  const durationMs = Date.now() - start;
  const rate = backlog > 0 && durationMs > 0 ? (backlog * 1000) / durationMs : 0;
  const tags = { ...options.tags, stream: options.stream, consumer: options.consumer };
  drainDuration.add(durationMs, tags);
  if (backlog > 0) drainRate.add(rate, tags);
  return { backlog, fetched, durationMs, rate };
}
