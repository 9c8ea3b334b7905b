// Small assertion helpers for replies, acks and errors, built on k6's
// check() so they count in the `checks` metric and its thresholds.
import { check } from 'k6';
import type { ErrorCode, Msg, NatsError, PubAck } from 'k6/x/nats';

/** Whether `err` is a NatsError, with `code` when given. */
export function isNatsError(err: unknown, code?: ErrorCode): err is NatsError {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; code?: unknown };
  return e.name === 'NatsError' && typeof e.code === 'number' && (code === undefined || e.code === code);
}

/**
 * Checks that a reply arrived and matches `expected` (its exact text, or a
 * predicate). Returns whether every check passed.
 * @example checkReply(conn.request('echo', 'hi', 1000), 'hi');
 */
export function checkReply(reply: Msg | null | undefined, expected: string | ((m: Msg) => boolean), name = 'reply'): boolean {
  const matches = typeof expected === 'string' ? (m: Msg) => m.data === expected : expected;
  return check(reply, {
    [`${name} received`]: (m) => m != null,
    [`${name} matches`]: (m) => m != null && matches(m),
  });
}

/** What {@link checkPubAck} expects of an ack; omitted fields are not checked. */
export interface PubAckExpectation {
  stream?: string;
  duplicate?: boolean;
  /** The ack's sequence must be at least this. */
  minSeq?: number;
}

/**
 * Checks a JetStream PubAck: stored (seq > 0), in the expected stream, and
 * duplicate or not as expected.
 * @example checkPubAck(js.publish('orders.new', data), { stream: 'ORDERS', duplicate: false });
 */
export function checkPubAck(ack: PubAck | null | undefined, expect: PubAckExpectation = {}, name = 'pub ack'): boolean {
  const checks: Record<string, (a: PubAck | null | undefined) => boolean> = {
    [`${name} stored`]: (a) => a != null && a.seq > 0,
  };
  if (expect.stream !== undefined) checks[`${name} stream is ${expect.stream}`] = (a) => a?.stream === expect.stream;
  if (expect.duplicate !== undefined) checks[`${name} duplicate is ${expect.duplicate}`] = (a) => a?.duplicate === expect.duplicate;
  if (expect.minSeq !== undefined) {
    const min = expect.minSeq;
    checks[`${name} seq >= ${min}`] = (a) => a != null && a.seq >= min;
  }
  return check(ack, checks);
}

/**
 * Runs `fn` and checks that it throws a NatsError with `code`.
 * @example checkThrows(() => js.getStreamInfo('MISSING'), 1017);
 */
export function checkThrows(fn: () => unknown, code: ErrorCode, name = `throws ${code}`): boolean {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  return check(thrown, { [name]: (e) => isNatsError(e, code) });
}
