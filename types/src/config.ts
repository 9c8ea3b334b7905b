// Typed config builders for common stream and consumer shapes, on top of
// nats.streamConfig / nats.consumerConfig (which validate and fill in
// defaults, throwing 1003 for a bad field).
import nats from 'k6/x/nats';
import type { ConsumerConfig, ConsumerConfigInput, StreamConfig, StreamConfigInput } from 'k6/x/nats';

/** Stream fields besides name and subjects. */
export type StreamExtras = Omit<StreamConfigInput, 'name' | 'subjects'>;
/** Consumer fields besides the stream and the durable name. */
export type ConsumerExtras = Omit<ConsumerConfigInput, 'stream' | 'durable'>;

/**
 * A limits-retention stream on `subjects`, file storage, one replica.
 * @example js.addStream(stream('ORDERS', ['orders.>'], { maxMsgs: 100000 }));
 */
export function stream(name: string, subjects: string[], extras: StreamExtras = {}): StreamConfig {
  return nats.streamConfig({ retention: 'limits', storage: 'file', replicas: 1, ...extras, name, subjects });
}

/** Like {@link stream}, kept in memory: faster and gone with the server. */
export function memoryStream(name: string, subjects: string[], extras: StreamExtras = {}): StreamConfig {
  return stream(name, subjects, { ...extras, storage: 'memory' });
}

/** A work-queue stream: each message is removed once a consumer acks it. */
export function workQueueStream(name: string, subjects: string[], extras: StreamExtras = {}): StreamConfig {
  return stream(name, subjects, { ...extras, retention: 'workqueue' });
}

/**
 * A durable pull consumer with explicit acks, delivering everything.
 * @example js.addConsumer('ORDERS', durablePull('ORDERS', 'worker', { maxDeliver: 3 }));
 */
export function durablePull(streamName: string, durable: string, extras: ConsumerExtras = {}): ConsumerConfig {
  return nats.consumerConfig({ deliverPolicy: 'all', ackPolicy: 'explicit', ...extras, stream: streamName, durable });
}
