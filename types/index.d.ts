// Type declarations for natsk6's NATS module, importable as 'k6/x/nats'
// and as 'k6/Pondigo/nats' (the xk6-nats import path). Use beside
// @types/k6: in tsconfig.json set "types": ["k6", "@pondigo/natsk6"].
//
// Interfaces named after the Go classes and data shapes (natsk6 inspect
// --json) are checked against the binary in both directions by
// js-tests/drift.test.ts; interfaces tagged @input describe objects that
// scripts pass in and the module validates (unknown keys throw 1003).
//
// Units: durations inside config objects and call timeouts are
// milliseconds, except connect's reconnectWait, which is seconds (as in
// the xk6-nats example `reconnectWait: 2`).
//
// Calls that wait (next, request, flush, fetch, JetStream, Key-Value and
// Object Store calls, their Promise variants, publishBulk and
// publishAsyncBulk loops) wait for their timeout or for the end of the
// VU's iteration, setup() or teardown(), whichever comes first. A call
// cut short by that end throws nothing the script can catch: the
// iteration ends as interrupted, with no NatsError, no error metric and
// no failed check. Any timeout is accepted; none extends the run.

declare module 'k6/x/nats' {
  /**
   * The module object: `import nats from 'k6/x/nats'`.
   *
   * @example
   * import nats from 'k6/x/nats';
   * const conn = nats.connect(); // NATS_URL, or natsk6's embedded server
   * export default function () { conn.publish('greet', 'hello'); }
   */
  export interface NatsModule {
    /**
     * Opens a connection owned by the calling VU. Call it in init code to
     * reuse one connection across iterations (the fast pattern); the
     * runner closes connections still open at the end of the test.
     * @param options Defaults: urls from NATS_URL (the embedded server
     *   unless set), no auth, nats.go's defaults for the rest.
     * @throws {NatsError} 1003 for an invalid option (the message names
     *   the field), 1002 when no server can be reached.
     * @example const conn = nats.connect({ urls: ['nats://127.0.0.1:4222'], reconnectWait: 2 });
     */
    connect(options?: ConnectOptions): Connection;
    /**
     * Validates TLS settings and loads the files they name, for
     * `connect({ tls })`.
     * @throws {NatsError} 1003 for an unknown key, a wrong type or a file
     *   that cannot be read.
     * @example nats.connect({ tls: nats.tlsOptions({ caFile: 'ca.pem' }) });
     */
    tlsOptions(options: TLSOptionsInput): TLSConfig;
    /**
     * Opens a JetStream context on an open connection.
     * @throws {NatsError} 1002 when the connection is closed, 1014 when the
     *   account has no JetStream, 1003 for an invalid option.
     * @example const js = nats.jetStream(conn);
     */
    jetStream(conn: Connection, options?: JetStreamOptions): JetStream;
    /**
     * Validates a stream configuration and returns it normalized (defaults
     * filled in), ready for `js.addStream`.
     * @throws {NatsError} 1015 without a name, 1003 for an invalid field.
     * @example nats.streamConfig({ name: 'ORDERS', subjects: ['orders.>'] });
     */
    streamConfig(options: StreamConfigInput): StreamConfig;
    /**
     * Validates a consumer configuration and returns it normalized, ready
     * for `js.addConsumer`.
     * @throws {NatsError} 1003 for an invalid field.
     * @example nats.consumerConfig({ durable: 'worker', ackPolicy: 'explicit' });
     */
    consumerConfig(options: ConsumerConfigInput): ConsumerConfig;
    /**
     * Samples the state of streams, consumers (the application's too,
     * pull or push) and servers every `interval` while the scenarios
     * run, as gauges a threshold can check:
     * `nats_js_stream_msgs`/`_bytes` (tag `stream`),
     * `nats_js_consumer_num_pending`, `_num_ack_pending`,
     * `_num_redelivered`, `_num_waiting` and `nats_js_consumer_idle`
     * (tags `stream`, `consumer`) and the `nats_server_*` gauges of /varz
     * and /jsz (tag `server`). Call it in init code: every VU runs it,
     * and the run keeps one sampler (one goroutine, its own connection)
     * per distinct call. It starts after setup(), takes a last sample
     * when the scenarios end, and stops before teardown().
     * @throws {NatsError} 1003 for an invalid option, nothing to sample,
     *   or a new call once the test has started.
     * @example
     * nats.sample({ streams: ['ORDERS'], consumers: [{ stream: 'ORDERS', name: 'billing' }], interval: '1s' });
     * export const options = { thresholds: { 'nats_js_consumer_num_pending{consumer:billing}': ['value<1000'] } };
     */
    sample(options?: SampleOptions): void;
    /**
     * The error codes by name, the same frozen object as the named export
     * {@link ErrorCode}.
     * @example if ((e as NatsError).code === nats.ErrorCode.Timeout) { ... }
     */
    readonly ErrorCode: typeof ErrorCode;
  }

  /** The module; also available as 'k6/Pondigo/nats'. */
  const nats: NatsModule;
  export default nats;

  /** {@link NatsModule.connect} as a named import. @example import { connect } from 'k6/x/nats'; const conn = connect(); */
  export const connect: NatsModule['connect'];
  /** {@link NatsModule.tlsOptions} as a named import. */
  export const tlsOptions: NatsModule['tlsOptions'];
  /** {@link NatsModule.jetStream} as a named import. */
  export const jetStream: NatsModule['jetStream'];
  /** {@link NatsModule.streamConfig} as a named import. */
  export const streamConfig: NatsModule['streamConfig'];
  /** {@link NatsModule.consumerConfig} as a named import. */
  export const consumerConfig: NatsModule['consumerConfig'];
  /** {@link NatsModule.sample} as a named import. */
  export const sample: NatsModule['sample'];

  /**
   * The seed's structured error codes by name, as thrown in
   * `NatsError.code`. At run time this is a frozen object built from
   * natsk6's Go code table: `nats.ErrorCode`, or
   * `import { ErrorCode } from 'k6/x/nats'`. Where the seed lists a
   * meaning twice, natsk6 raises one code everywhere: stream not found is
   * 1017 (1004 is never raised) and consumer not found is 1026 (1005 is
   * never raised). 1023 does not exist.
   * @example
   * import nats, { ErrorCode } from 'k6/x/nats';
   * try { js.getStreamInfo('NOPE'); } catch (e) { if (isNatsError(e, ErrorCode.StreamNotFound)) { ... } }
   */
  export const ErrorCode: {
    /** No VU state available (a call outside a VU). */
    readonly NoVUState: 1001;
    /** Connection is closed, or cannot be opened. */
    readonly ConnectionClosed: 1002;
    /** Invalid configuration: an option or config field; the message names it. */
    readonly InvalidConfig: 1003;
    /** Never raised: stream not found is {@link ErrorCode.StreamNotFound} (1017). */
    readonly StreamNotFoundGeneral: 1004;
    /** Never raised: consumer not found is {@link ErrorCode.ConsumerNotFound} (1026). */
    readonly ConsumerNotFoundGeneral: 1005;
    /** Operation timed out (request, next, flush, fetch). */
    readonly Timeout: 1006;
    /** No message available. */
    readonly NoMessage: 1007;
    /** Subject cannot be empty. */
    readonly EmptySubject: 1008;
    /** Publish failed. */
    readonly PublishFailed: 1009;
    /** Subscription failed. */
    readonly SubscribeFailed: 1010;
    /** Request failed (for example: no responders). */
    readonly RequestFailed: 1011;
    /** Drain failed. */
    readonly DrainFailed: 1012;
    /** Flush failed. */
    readonly FlushFailed: 1013;
    /** JetStream not available on this account or server. */
    readonly JetStreamUnavailable: 1014;
    /** Stream name cannot be empty. */
    readonly EmptyStreamName: 1015;
    /** Failed to add stream. */
    readonly AddStreamFailed: 1016;
    /** Stream not found (the only code natsk6 raises for it). */
    readonly StreamNotFound: 1017;
    /** Failed to update stream. */
    readonly UpdateStreamFailed: 1018;
    /** Failed to delete stream. */
    readonly DeleteStreamFailed: 1019;
    /** Failed to get stream info. */
    readonly StreamInfoFailed: 1020;
    /** Failed to publish to JetStream (no ack, wrong expected sequence, ...). */
    readonly JSPublishFailed: 1021;
    /** Failed to publish async to JetStream. */
    readonly JSPublishAsyncFailed: 1022;
    /** Consumer name cannot be empty. */
    readonly EmptyConsumerName: 1024;
    /** Failed to add consumer. */
    readonly AddConsumerFailed: 1025;
    /** Consumer not found (the only code natsk6 raises for it). */
    readonly ConsumerNotFound: 1026;
    /** Failed to update consumer. */
    readonly UpdateConsumerFailed: 1027;
    /** Failed to delete consumer. */
    readonly DeleteConsumerFailed: 1028;
    /** Failed to get consumer info. */
    readonly ConsumerInfoFailed: 1029;
    /** Failed to create pull subscription. */
    readonly PullSubscribeFailed: 1030;
    /** Subscription cannot be nil. */
    readonly NilSubscription: 1031;
    /** Failed to fetch messages. */
    readonly FetchFailed: 1032;
    /** Failed to create push subscription. */
    readonly PushSubscribeFailed: 1033;
    /** Failed to get account info. */
    readonly AccountInfoFailed: 1034;
    /** Failed to purge stream. */
    readonly PurgeStreamFailed: 1035;
    /** Failed to delete message. */
    readonly DeleteMessageFailed: 1036;
  };
  /** One of the numeric codes in {@link ErrorCode}, e.g. `1017`. */
  export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

  /**
   * What every failing call throws. `code` is one of {@link ErrorCode};
   * the message says what failed and why (with nats.go's cause) and never
   * contains secrets.
   * @builtin
   * @example
   * try { js.getStreamInfo('NOPE'); } catch (e) { if ((e as NatsError).code === 1017) { ... } }
   */
  export interface NatsError extends Error {
    /** Always 'NatsError'. */
    readonly name: 'NatsError';
    /** The seed's numeric code. */
    readonly code: ErrorCode;
  }

  /** A message body: strings are sent as UTF-8, binary views byte-exact. */
  export type Payload = string | ArrayBuffer | ArrayBufferView;

  /** Message headers: header name to its values. */
  export type Headers = Record<string, string[]>;

  /**
   * Options of `nats.connect(options)`. Unknown keys, wrong types,
   * negative numbers and empty strings throw 1003 naming the field.
   * @input
   */
  export interface ConnectOptions {
    /**
     * Message accounting: stamp every publish on this connection with a
     * producer id and a per-producer sequence (headers `Natsk6-Producer`,
     * `Natsk6-Seq`), and feed every message its subscriptions and consumers
     * receive to the run's tracker. Drives `nats_msgs_lost`,
     * `nats_msgs_duplicated`, `nats_msgs_out_of_order` and `nats_msgs_unacked`
     * and the summary's accounting section. Default false.
     */
    accounting?: boolean;
    /** Server URLs (a string or a list). Default: NATS_URL, the embedded server unless set. */
    urls?: string | string[];
    /** Connection name shown by the server. */
    name?: string;
    /** User name; needs `pass`. */
    user?: string;
    /** Password; needs `user`. Never logged. */
    pass?: string;
    /** Authentication token. Never logged. */
    token?: string;
    /** An nkey seed (SU...). One of nkeySeed, nkeyFile, credsFile. Never logged. */
    nkeySeed?: string;
    /** Path of a file holding an nkey seed. */
    nkeyFile?: string;
    /** Path of a JWT .creds file. */
    credsFile?: string;
    /** TLS: `nats.tlsOptions(...)` or the same fields as a plain object. */
    tls?: TLSConfig | TLSOptionsInput;
    /** Connect timeout in milliseconds. Default 2000 (nats.go). */
    timeout?: number;
    /** Wait between reconnect attempts, in SECONDS (the seed's `reconnectWait: 2`). Default 2. */
    reconnectWait?: number;
    /** Reconnect attempts before giving up: a whole number >= 0, or -1 to reconnect forever. Default 60. */
    maxReconnects?: number;
    /** Client ping interval in milliseconds. Default 120000. */
    pingInterval?: number;
    /** Do not receive this connection's own publishes. Default false. */
    noEcho?: boolean;
    /** Stamp every publish with the header nats_e2e_latency measures from. Default false. */
    timestamp?: boolean;
    /** Tag this connection's metrics with the subject (mind the cardinality). Default false. */
    tagSubject?: boolean;
    /**
     * Emit this connection's `nats_*` metrics: core (publish, receive, request, connection
     * events) and those of its JetStream contexts (`nats_js_*`, `nats_kv_*`, `nats_obj_*`).
     * `false` leaves only k6's `data_sent` and `data_received`, e.g. to measure what
     * metrics cost. Default true.
     */
    metrics?: boolean;
  }

  /**
   * Options of `nats.tlsOptions(options)`; files are read when it is called.
   * @input
   */
  export interface TLSOptionsInput {
    /** CA certificate (PEM) that verifies the server. */
    caFile?: string;
    /** Client certificate (PEM) for mutual TLS; needs keyFile. */
    certFile?: string;
    /** Client key (PEM) for mutual TLS; needs certFile. */
    keyFile?: string;
    /** Skip server certificate verification (tests only). Default false. */
    insecureSkipVerify?: boolean;
    /** Server name to verify instead of the URL's host. */
    serverName?: string;
  }

  /** A validated TLS configuration from `nats.tlsOptions(...)`. */
  export interface TLSConfig {
    /** CA certificate file. */
    readonly caFile?: string;
    /** Client certificate file. */
    readonly certFile?: string;
    /** Client key file. */
    readonly keyFile?: string;
    /** Whether server verification is skipped. */
    readonly insecureSkipVerify: boolean;
    /** Server name verified. */
    readonly serverName?: string;
  }

  /**
   * Options of `conn.publish(subject, data, options)`.
   * @input
   */
  export interface PublishOptions {
    /** Headers to send; a single string counts as one value. */
    headers?: Record<string, string | string[]>;
    /** Reply subject for the receiver to respond to. */
    reply?: string;
    /** Add the header that nats_e2e_latency measures from. Default: the connection's `timestamp`. */
    timestamp?: boolean;
  }

  /**
   * Options of `conn.request(...)` and `conn.requestAsync(...)`.
   * @input
   */
  export interface RequestOptions {
    /** Headers to send with the request. */
    headers?: Record<string, string | string[]>;
    /** Add the header that nats_e2e_latency measures from. */
    timestamp?: boolean;
  }

  /**
   * Options of `conn.subscribe(...)`: nats.go's pending limits. Beyond them
   * nats.go drops messages and reports a slow consumer (nats_slow_consumers).
   * @input
   */
  export interface SubscribeOptions {
    /**
     * Messages queued for the subscription, -1 for no limit. Default 65536.
     * Without a handler nats.go's queue of 65536 messages bounds it too.
     */
    pendingMsgs?: number;
    /** Bytes queued for the subscription, -1 for no limit. Default 64 MiB. */
    pendingBytes?: number;
    /**
     * The handler gets an array: every message that arrived since its
     * previous call, once per turn of the VU's event loop (at most 1024).
     * The fast path for high-rate subscribers: one JS call and no new
     * objects per message. The messages are reused views, valid only
     * while the handler runs (afterwards reading one throws a TypeError):
     * copy what you keep, such as `m.data`. Needs a handler.
     */
    batch?: boolean;
    /**
     * Where nats_e2e_latency finds a message's send time: 'header' (default:
     * the Natsk6-Sent-Ns header) or 'payload' (also the first 8 bytes,
     * big-endian Unix ns, as `publishRate({ timestamp: 'payload' })` writes
     * them; zeros there are an unstamped warm-up message).
     */
    timestamp?: 'header' | 'payload';
  }

  /**
   * A connection, owned by the VU that opened it.
   * @example
   * const conn = nats.connect();
   * conn.publish('orders.new', JSON.stringify({ id: 1 }));
   * const reply = conn.request('svc.time', '', 1000);
   */
  export interface Connection {
    /**
     * Publishes `data` to `subject` (fire and forget; see `flush`).
     * @throws {NatsError} 1008 empty subject, 1002 closed, 1009 failure, 1003 bad options.
     * @example conn.publish('a.b', 'hi', { headers: { 'X-Id': ['1'] } });
     */
    publish(subject: string, data?: Payload, options?: PublishOptions): void;
    /**
     * Publishes `count` copies of `data` from Go in one call: for
     * throughput tests where a JS loop would be the bottleneck. The end of
     * the iteration stops it between messages (those sent still count in
     * the metrics).
     * @returns the number of messages published.
     * @throws {NatsError} 1008, 1002, 1009 (the message says how many were sent).
     * @example conn.publishBulk('load', payload, 10000);
     */
    publishBulk(subject: string, data: Payload, count: number): number;
    /**
     * Offers messages at a fixed rate, or a ramp of rates, from a publisher
     * in Go (one JS call per message cannot reach NATS rates). The schedule
     * is open loop: message i is due when the rate's integral reaches i; a
     * publisher that falls behind (a slow server, `maxInFlight` full) sends
     * at once what is due and records how late in `nats_publish_delay`,
     * never slowing the schedule. Messages still unsent 100 ms after the
     * schedule's end are `missed`. The VU's handlers run meanwhile; the end
     * of the iteration (gracefulStop, Ctrl-C) stops it.
     *
     * Metrics: `nats_publish_delay` (sent − intended, ms), `nats_msgs_offered`,
     * `nats_msgs_missed`; core mode `nats_msgs_published`; JetStream mode
     * `nats_js_publish_duration` (raw service time: sent → ack) and
     * `nats_js_publish_duration_corrected` (intended → ack: corrected for
     * coordinated omission), `nats_js_msgs_published`, `nats_js_publish_errors`;
     * request mode `nats_requests`, `nats_request_duration` (raw: sent → reply),
     * `nats_request_duration_corrected` (intended → reply) and `nats_request_timeouts`.
     * Warm-up messages are in none of them (`data_sent` still counts their bytes).
     * @returns a Promise of the result, rejected (1002, 1014) only when
     *   extra connections or JetStream cannot be set up.
     * @throws {NatsError} 1003 bad or unknown options (naming the field), 1008 no subject, 1002 closed.
     * @example const r = await conn.publishRate({ subject: 'load', rate: 50000, duration: '10s', payload: 256 });
     * @example await conn.publishRate({ subject: 'orders.new', mode: 'jetstream', maxInFlight: 500,
     *   stages: [{ target: 10000, duration: '5s' }, { target: 10000, duration: '20s' }] });
     * @example await conn.publishRate({ subject: 'svc.echo', mode: 'request', rate: 5000, duration: '30s', timeout: '1s' });
     */
    publishRate(options: PublishRateOptions): Promise<PublishRateResult>;
    /**
     * With `{ batch: true }` the handler gets arrays of messages, valid
     * while it runs (see `SubscribeOptions.batch`).
     * @example conn.subscribe('load', '', (msgs) => { n += msgs.length; }, { batch: true });
     */
    subscribe(subject: string, queue: string, handler: (msgs: Msg[]) => void, options: SubscribeOptions & { batch: true }): Subscription;
    /** `subscribe(subject, '', handler, { batch: true, ... })`. */
    subscribe(subject: string, handler: (msgs: Msg[]) => void, options: SubscribeOptions & { batch: true }): Subscription;
    /**
     * Subscribes to `subject`. With a handler, messages run it on the VU's
     * event loop (never concurrently with the VU's other JS), and the
     * iteration lasts until the subscription ends. Without one the
     * subscription is synchronous: read it with `next(timeoutMs)`.
     * @param queue queue group name; '' means none.
     * @param options pending limits and `batch`; for the form without handler pass `null` as handler.
     * @throws {NatsError} 1008 empty subject, 1002 closed, 1010 failure, 1003 bad options.
     * @example const sub = conn.subscribe('jobs', 'workers', (m) => m.respond('done'));
     * @example conn.subscribe('load', '', onMsg, { pendingMsgs: -1, pendingBytes: -1 });
     */
    subscribe(subject: string, queue: string, handler?: ((msg: Msg) => void) | null, options?: SubscribeOptions): Subscription;
    /** `subscribe(subject, '', handler, options)`. */
    subscribe(subject: string, handler: (msg: Msg) => void, options?: SubscribeOptions): Subscription;
    /**
     * Sends a request and waits for the first reply. Blocks the VU (its
     * handlers do not run meanwhile; use `requestAsync` for that).
     * @param timeoutMs milliseconds; default 5000.
     * @throws {NatsError} 1006 on timeout, 1011 on failure (such as no responders), 1008, 1002.
     * @example const reply = conn.request('svc.echo', 'ping', 2000);
     */
    request(subject: string, data?: Payload, timeoutMs?: number, options?: RequestOptions): Msg;
    /**
     * `request` as a Promise: the VU's handlers and timers run while it waits.
     * @param timeoutMs milliseconds; default 5000.
     * @returns a Promise rejected with a NatsError (1006, 1011, ...) on failure.
     * @example const reply = await conn.requestAsync('svc.echo', 'ping', 2000);
     */
    requestAsync(subject: string, data?: Payload, timeoutMs?: number, options?: RequestOptions): Promise<Msg>;
    /**
     * Waits until the server has processed everything published so far.
     * @param timeoutMs milliseconds; default 10000.
     * @throws {NatsError} 1006 on timeout, 1013 on failure, 1002 closed.
     */
    flush(timeoutMs?: number): void;
    /**
     * Drains subscriptions and pending publishes, then closes.
     * @throws {NatsError} 1012 on failure.
     */
    drain(): void;
    /** Closes the connection; closing twice is harmless. */
    close(): void;
    /** Whether the connection is currently connected (false while reconnecting). */
    isConnected(): boolean;
    /** The seed's spelling of {@link Connection.isConnected}. */
    is_connected(): boolean;
    /** Counters of this connection since it opened. */
    stats(): ConnectionStats;
  }

  /**
   * Options of `conn.publishRate(...)`: `rate` with `duration`, or `stages`.
   * @input
   */
  export interface PublishRateOptions {
    /** Subject to publish to. */
    subject: string;
    /** Messages per second, for `duration`. */
    rate?: number;
    /** How long `rate` is offered, warm-up included: milliseconds or a string such as "10s". */
    duration?: Duration;
    /** A ramp of rates instead of rate and duration, from 0 msgs/s, as k6's ramping-arrival-rate stages. */
    stages?: RateStage[];
    /** Connections publishing round robin: this one and the rest made with its options. Default 1, at most 1024. */
    connections?: number;
    /**
     * The payload: a string (UTF-8), bytes, a size in bytes (zeros), or a
     * {@link PayloadTemplate} rendered per message. Default empty.
     */
    payload?: Payload | number | PayloadTemplate;
    /**
     * 'core' (default): fire and forget, completed by a final flush; 'jetstream': async
     * publishes, completed by their acks; 'request': core requests (one reply inbox per
     * connection), completed by their first reply. A no-responders answer is an error of
     * the result only; a reply later than `timeout` counts in `nats_request_timeouts`.
     */
    mode?: 'core' | 'jetstream' | 'request';
    /** JetStream: publishes awaiting their ack; request: requests awaiting their reply; over all connections. A due message waits (late) while it is full. Default 1000. */
    maxInFlight?: number;
    /** JetStream: how long an ack may take; request: a reply; core: the final flush. Default "5s". */
    timeout?: Duration;
    /** The schedule's first part, whose messages are sent but measured nowhere (not in the result either). Default 0. */
    warmup?: Duration;
    /**
     * Where the send time goes for `nats_e2e_latency`: 'header' (Natsk6-Sent-Ns,
     * which natsk6 subscribers read), 'payload' (first 8 bytes, big-endian Unix
     * ns, as OpenMessaging Benchmark does; needs a payload of 8 bytes or more;
     * natsk6 subscribers read it with `subscribe(..., { timestamp: 'payload' })`)
     * or 'none'. Default: 'header' on a connection with `timestamp: true`, else 'none'.
     * Warm-up messages go unstamped, so receivers leave them out of nats_e2e_latency.
     */
    timestamp?: 'header' | 'payload' | 'none';
  }

  /**
   * A `publishRate` payload with per-message fields, compiled once in Go and
   * rendered per message with no JS involved. Every `{{` opens a field,
   * closed by the next `}}` (spaces inside allowed); the rest is copied
   * byte for byte. Fields: `{{seq}}` the message's number in the run from 1
   * (warm-up included, over all its connections), `{{ts}}` the send time in
   * Unix milliseconds (as `Date.now()`), `{{uuid}}` a random version 4 UUID
   * (a fast generator seeded per run: unique for test traffic, not for
   * secrets). An unknown field or an unclosed `{{` is 1003. Not with
   * `timestamp: 'payload'`, which would overwrite the template's first 8 bytes.
   * @example payload: { template: '{"seq":{{seq}},"ts":{{ts}},"id":"{{uuid}}"}' }
   * @input
   */
  export interface PayloadTemplate {
    /** The text rendered per message. */
    template: string;
  }

  /**
   * One stage of a `publishRate` ramp: the rate moves linearly to `target`
   * over `duration`.
   * @input
   */
  export interface RateStage {
    /** Messages per second at the stage's end. */
    target: number;
    /** The stage's length: milliseconds or a string such as "30s". */
    duration: Duration;
  }

  /** What `conn.publishRate(...)` resolves with; warm-up messages are not counted. */
  export interface PublishRateResult {
    /** Messages the schedule offered. */
    scheduled: number;
    /** Messages handed to the connections. */
    sent: number;
    /** Messages acked (JetStream), answered (request) or confirmed by the final flush (core). */
    completed: number;
    /** Failed sends, failed or missing acks or replies, messages a failed flush left unconfirmed. */
    errors: number;
    /** Scheduled but never sent: the publisher fell behind, or maxInFlight stayed full. */
    missed: number;
    /** Scheduled messages per second of (measured) schedule. */
    offeredRate: number;
    /** Sent messages per second of (measured) schedule: below offeredRate by what was missed or failed to send. */
    achievedRate: number;
    /** True when nothing was missed or failed and everything sent completed. */
    keptUp: boolean;
  }

  /** Connection counters from `conn.stats()`. */
  export interface ConnectionStats {
    /** Messages received. */
    inMsgs: number;
    /** Messages sent. */
    outMsgs: number;
    /** Payload bytes received. */
    inBytes: number;
    /** Payload bytes sent. */
    outBytes: number;
    /** Reconnects so far. */
    reconnects: number;
  }

  /** A received core NATS message. */
  export interface Msg {
    /** The subject it was published to. */
    readonly subject: string;
    /** Its reply subject, '' when none. */
    readonly reply: string;
    /** The payload decoded as UTF-8. */
    readonly data: string;
    /** The payload, byte-exact. */
    readonly bytes: ArrayBuffer;
    /** Headers, name to values ({} when none). */
    readonly headers: Headers;
    /**
     * Parses the payload as JSON.
     * @throws SyntaxError when it is not JSON.
     */
    json<T = unknown>(): T;
    /**
     * Publishes `data` to this message's reply subject.
     * @throws {NatsError} 1009 when the message has no reply subject or publishing fails.
     */
    respond(data?: Payload): void;
  }

  /** A core subscription from `conn.subscribe(...)`. */
  export interface Subscription {
    /** The subscribed subject. */
    readonly subject: string;
    /** The queue group, '' when none. */
    readonly queue: string;
    /**
     * Waits for the next message (synchronous subscriptions only).
     * @param timeoutMs milliseconds; default 5000.
     * @throws {NatsError} 1006 when none arrives in time, 1010 when the subscription has a handler or is closed.
     */
    next(timeoutMs?: number): Msg;
    /**
     * `next` as a Promise: the VU's handlers and timers run while it waits.
     * @param timeoutMs milliseconds; default 5000.
     */
    nextAsync(timeoutMs?: number): Promise<Msg>;
    /**
     * Ends the subscription; messages not yet handled are dropped.
     * @throws {NatsError} 1010 on failure.
     */
    unsubscribe(): void;
    /**
     * Ends the subscription after handling the messages already received.
     * @throws {NatsError} 1012 on failure.
     */
    drain(): void;
  }

  /**
   * Options of `nats.jetStream(conn, options)`.
   * @input
   */
  export interface JetStreamOptions {
    /** JetStream domain. Not with apiPrefix. */
    domain?: string;
    /** JetStream API prefix. Not with domain. */
    apiPrefix?: string;
    /** Timeout of JetStream API calls and acks, in milliseconds (or a string like "5s"). Default 5000. */
    timeout?: number | string;
    /** Async publishes in flight before publishAsync waits. Default 256. */
    maxPending?: number;
  }

  /** A duration in a config object: milliseconds, or a string such as "1m30s". */
  export type Duration = number | string;

  /** Stream retention policy. */
  export type RetentionPolicy = 'limits' | 'interest' | 'workqueue';
  /** Stream storage. */
  export type StorageType = 'file' | 'memory';
  /** What a full stream discards. */
  export type DiscardPolicy = 'old' | 'new';
  /** Where a consumer starts. */
  export type DeliverPolicy = 'all' | 'last' | 'new' | 'byStartSequence' | 'byStartTime' | 'lastPerSubject';
  /** How a consumer's messages are acknowledged. */
  export type AckPolicy = 'none' | 'all' | 'explicit';
  /** How fast a consumer replays stored messages. */
  export type ReplayPolicy = 'instant' | 'original';

  /**
   * A stream's configuration as natsk6 reports it (from `streamConfig`
   * and in stream info). Durations are milliseconds.
   */
  export interface StreamConfig {
    /** Stream name (required). */
    name: string;
    /** Description. */
    description?: string;
    /** Subjects it stores. */
    subjects?: string[];
    /** Retention; default 'limits'. */
    retention: RetentionPolicy;
    /** Max consumers; -1 unlimited (default). */
    maxConsumers: number;
    /** Max messages; -1 unlimited (default). */
    maxMsgs: number;
    /** Max bytes; -1 unlimited (default). */
    maxBytes: number;
    /** Discard policy; default 'old'. */
    discard: DiscardPolicy;
    /** With discard 'new', apply per subject. */
    discardNewPerSubject: boolean;
    /** Max message age in ms; 0 unlimited (default). */
    maxAge: number;
    /** Max messages per subject; -1 unlimited. */
    maxMsgsPerSubject: number;
    /** Max message size in bytes; -1 unlimited. */
    maxMsgSize: number;
    /** Storage; default 'file'. */
    storage: StorageType;
    /** Replicas (1-5); default 1. */
    replicas: number;
    /** Do not ack publishes. */
    noAck: boolean;
    /** Deduplication window in ms (msgId); default 2 minutes. */
    duplicateWindow: number;
    /** Sealed: no more writes or deletes. */
    sealed: boolean;
    /** Deny message deletes. */
    denyDelete: boolean;
    /** Deny purges. */
    denyPurge: boolean;
    /** Allow Nats-Rollup headers. */
    allowRollup: boolean;
    /** Compression: 'none' (default) or 's2'. */
    compression: 'none' | 's2';
    /** First sequence number. */
    firstSeq: number;
    /** Allow direct get from any replica. */
    allowDirect: boolean;
    /** Allow direct get on a mirror. */
    mirrorDirect: boolean;
    /** Allow per-message TTLs. */
    allowMsgTtl: boolean;
    /** TTL of subject delete markers in ms. */
    subjectDeleteMarkerTtl: number;
    /** Free-form metadata. */
    metadata?: Record<string, string>;
    /** Mirror of another stream. */
    mirror?: StreamSource;
    /** Streams this one sources from. */
    sources?: StreamSource[];
    /** Re-publish stored messages to core subjects. */
    republish?: RePublish;
    /** Defaults and caps for the stream's consumers. */
    consumerLimits: ConsumerLimits;
  }

  /** A stream that a mirror or source copies from. */
  export interface StreamSource {
    /** Source stream name. */
    name: string;
    /** Start sequence. */
    optStartSeq?: number;
    /** Only copy this subject. */
    filterSubject?: string;
  }

  /** Re-publish settings of a stream. */
  export interface RePublish {
    /** Source subject filter. */
    src: string;
    /** Destination subject. */
    dest: string;
    /** Re-publish headers only. */
    headersOnly: boolean;
  }

  /** Consumer defaults and caps of a stream. */
  export interface ConsumerLimits {
    /** Inactive threshold in ms. */
    inactiveThreshold: number;
    /** Max ack pending. */
    maxAckPending: number;
  }

  /**
   * A stream configuration as scripts write it: `name` is required, every
   * other field optional with the defaults of {@link StreamConfig};
   * durations in ms or as strings ("1h"). Unknown fields throw 1003.
   * @input
   */
  export type StreamConfigInput = { name: string } & Partial<
    Omit<StreamConfig, 'maxAge' | 'duplicateWindow' | 'subjectDeleteMarkerTtl' | 'consumerLimits'>
  > & {
      maxAge?: Duration;
      duplicateWindow?: Duration;
      subjectDeleteMarkerTtl?: Duration;
      consumerLimits?: { inactiveThreshold?: Duration; maxAckPending?: number };
    };

  /**
   * A consumer's configuration as natsk6 reports it. Durations are ms.
   */
  export interface ConsumerConfig {
    /** The stream (used when a call does not name it). */
    stream?: string;
    /** Consumer name (ephemeral unless durable). */
    name?: string;
    /** Durable name. */
    durable?: string;
    /** Description. */
    description?: string;
    /** Where delivery starts; default 'all'. */
    deliverPolicy: DeliverPolicy;
    /** Start sequence for 'byStartSequence'. */
    optStartSeq?: number;
    /** Start time (RFC 3339) for 'byStartTime'. */
    optStartTime?: string;
    /** Ack policy; default 'explicit'. */
    ackPolicy: AckPolicy;
    /** Ack wait in ms; default 30000. */
    ackWait: number;
    /** Max deliveries; -1 unlimited. */
    maxDeliver: number;
    /** Redelivery backoff in ms. */
    backoff?: number[];
    /** Only this subject. */
    filterSubject?: string;
    /** Only these subjects. */
    filterSubjects?: string[];
    /** Replay policy; default 'instant'. */
    replayPolicy: ReplayPolicy;
    /** Rate limit in bits per second. */
    rateLimit: number;
    /** Sampling percentage for ack metrics, e.g. "100%". */
    sampleFrequency?: string;
    /** Max waiting pull requests. */
    maxWaiting: number;
    /** Max unacknowledged messages. */
    maxAckPending: number;
    /** Deliver headers only. */
    headersOnly: boolean;
    /** Max batch of a pull request. */
    maxRequestBatch: number;
    /** Max expiry of a pull request in ms. */
    maxRequestExpires: number;
    /** Max bytes of a pull request. */
    maxRequestMaxBytes: number;
    /** Remove after this long inactive, in ms. */
    inactiveThreshold: number;
    /** Replicas. */
    replicas: number;
    /** Keep consumer state in memory. */
    memoryStorage: boolean;
    /** Free-form metadata. */
    metadata?: Record<string, string>;
    /** Push consumers: the delivery subject. */
    deliverSubject?: string;
    /** Push consumers: the delivery queue group. */
    deliverGroup?: string;
    /** Push consumers: flow control. */
    flowControl: boolean;
    /** Push consumers: idle heartbeat in ms. */
    idleHeartbeat: number;
  }

  /**
   * A consumer configuration as scripts write it: every field optional;
   * durations in ms or as strings; optStartTime also as a Date. Unknown
   * fields throw 1003.
   * @input
   */
  export type ConsumerConfigInput = Partial<
    Omit<
      ConsumerConfig,
      'ackWait' | 'backoff' | 'maxRequestExpires' | 'inactiveThreshold' | 'idleHeartbeat' | 'optStartTime'
    >
  > & {
    ackWait?: Duration;
    backoff?: Duration[];
    maxRequestExpires?: Duration;
    inactiveThreshold?: Duration;
    idleHeartbeat?: Duration;
    optStartTime?: string | Date;
  };

  /** A stream's configuration and state. */
  export interface StreamInfo {
    /** The stream's configuration. */
    config: StreamConfig;
    /** Creation time (RFC 3339). */
    created: string;
    /** Stored messages. */
    state: StreamState;
  }

  /** The stored-message side of {@link StreamInfo}. */
  export interface StreamState {
    /** Messages stored. */
    messages: number;
    /** Bytes stored. */
    bytes: number;
    /** First sequence. */
    firstSeq: number;
    /** Time of the first message (RFC 3339). */
    firstTs: string;
    /** Last sequence. */
    lastSeq: number;
    /** Time of the last message (RFC 3339). */
    lastTs: string;
    /** Consumers. */
    consumerCount: number;
    /** Deleted messages inside the sequence range. */
    numDeleted: number;
    /** Distinct subjects. */
    numSubjects: number;
  }

  /** A consumer's configuration and progress. */
  export interface ConsumerInfo {
    /** Consumer name. */
    name: string;
    /** Stream name. */
    stream: string;
    /** Its configuration. */
    config: ConsumerConfig;
    /** Creation time (RFC 3339). */
    created: string;
    /** Messages not yet delivered. */
    numPending: number;
    /** Delivered messages awaiting an ack. */
    numAckPending: number;
    /** Messages redelivered. */
    numRedelivered: number;
    /** Pull requests waiting. */
    numWaiting: number;
    /** Push consumers: whether a subscriber is bound. */
    pushBound: boolean;
    /** Last delivered sequences. */
    delivered: SequenceInfo;
    /** Highest contiguously acknowledged sequences. */
    ackFloor: SequenceInfo;
  }

  /** Consumer and stream sequence pair. */
  export interface SequenceInfo {
    /** Consumer sequence. */
    consumerSeq: number;
    /** Stream sequence. */
    streamSeq: number;
  }

  /** JetStream usage and limits of the account. */
  export interface AccountInfo {
    /** Memory bytes used. */
    memory: number;
    /** File storage bytes used. */
    storage: number;
    /** Streams. */
    streams: number;
    /** Consumers. */
    consumers: number;
    /** JetStream domain, '' when none. */
    domain: string;
    /** Account limits (-1 unlimited). */
    limits: AccountLimits;
  }

  /** JetStream limits of an account; -1 means unlimited. */
  export interface AccountLimits {
    /** Max memory bytes. */
    maxMemory: number;
    /** Max storage bytes. */
    maxStorage: number;
    /** Max streams. */
    maxStreams: number;
    /** Max consumers. */
    maxConsumers: number;
    /** Max ack pending per consumer. */
    maxAckPending: number;
    /** Max bytes of one memory stream. */
    memoryMaxStreamBytes: number;
    /** Max bytes of one file stream. */
    storageMaxStreamBytes: number;
    /** Streams must set maxBytes. */
    maxBytesRequired: boolean;
  }

  /** The server's acknowledgement of a JetStream publish. */
  export interface PubAck {
    /** The stream that stored the message. */
    stream: string;
    /** Its sequence in the stream. */
    seq: number;
    /** True when msgId matched a message inside the duplicate window (not stored again). */
    duplicate: boolean;
    /** JetStream domain, '' when none. */
    domain: string;
  }

  /** What `js.publishAsyncBulk(...)` resolves with. */
  export interface AsyncBulkResult {
    /** Messages stored. */
    acked: number;
    /** Messages not stored: a failed ack, or never sent. */
    failed: number;
    /** Acks flagged duplicate (a `msgId` seen before): not stored again. */
    duplicates: number;
    /** Lowest stream sequence stored, 0 when none. */
    firstSeq: number;
    /** Highest stream sequence stored, 0 when none. */
    lastSeq: number;
  }

  /**
   * Options of `js.publish(...)`, `js.publishAsync(...)` and `js.publishAsyncBulk(...)`.
   * @input
   */
  export interface JsPublishOptions {
    /** Message id for deduplication inside the stream's duplicate window. */
    msgId?: string;
    /** Fail (1021) unless the subject belongs to this stream. */
    expectedStream?: string;
    /** Fail (1021) unless the stream's last sequence is this. */
    expectedLastSeq?: number;
    /** Fail (1021) unless the subject's last sequence is this. */
    expectedLastSubjectSeq?: number;
    /** Fail (1021) unless the last msgId is this. */
    expectedLastMsgId?: string;
    /** Headers to send. */
    headers?: Record<string, string | string[]>;
    /** Ack timeout in milliseconds; default: the context's timeout (5000). */
    timeout?: number;
  }

  /**
   * Options of `js.purgeStream(name, options)`.
   * @input
   */
  export interface PurgeOptions {
    /** Purge only this subject. */
    subject?: string;
    /** Purge messages below this sequence. */
    sequence?: number;
    /** Keep this many newest messages. */
    keep?: number;
  }

  /**
   * A JetStream context from `nats.jetStream(conn)`. Stream-not-found is
   * always 1017 and consumer-not-found 1026.
   * @example
   * const js = nats.jetStream(conn);
   * js.addStream(nats.streamConfig({ name: 'ORDERS', subjects: ['orders.>'] }));
   * const ack = js.publish('orders.new', '{"id":1}');
   */
  /** What {@link JetStream.readBack} read. */
  export interface ReadBackResult {
    /** The stream read. */
    stream: string;
    /** Messages read, stamped or not. */
    messages: number;
    /** Stamped messages fed to the accounting. */
    stamped: number;
    /** The stream's last sequence when the read began. */
    lastSeq: number;
  }

  export interface JetStream {
    /**
     * Reads the stream back through an ordered consumer, from its first
     * message to the last one stored when the call starts, and reconciles
     * the acknowledged publishes of accounting connections against it:
     * afterwards `nats_msgs_lost` counts the acked messages the stream lacks.
     * A JetStream API request that goes unanswered (a leader election right
     * after a failover) is asked again within the timeout, each attempt
     * waiting at most 5 s.
     * @param options `timeout` (a k6 duration or ms; default 60s).
     * @throws {NatsError} 1015, 1003, 1020.
     */
    readBack(stream: string, options?: { timeout?: string | number }): ReadBackResult;
    /** Creates a stream. @throws {NatsError} 1015, 1003, 1016. */
    addStream(config: StreamConfigInput | StreamConfig): StreamInfo;
    /** Updates a stream. @throws {NatsError} 1017, 1003, 1018. */
    updateStream(config: StreamConfigInput | StreamConfig): StreamInfo;
    /** Deletes a stream. @throws {NatsError} 1015, 1017, 1019. */
    deleteStream(name: string): void;
    /** Reads a stream's info. @throws {NatsError} 1015, 1017, 1020. */
    getStreamInfo(name: string): StreamInfo;
    /** Lists stream names. @throws {NatsError} 1020. */
    getStreamNames(): string[];
    /** Purges a stream, or part of it. @throws {NatsError} 1017, 1035. */
    purgeStream(name: string, options?: PurgeOptions): void;
    /** Deletes one message by sequence. @throws {NatsError} 1017, 1036. */
    deleteMessage(stream: string, seq: number): void;
    /** Reads the account's JetStream usage and limits. @throws {NatsError} 1034. */
    getAccountInfo(): AccountInfo;
    /**
     * Publishes and waits for the PubAck.
     * @throws {NatsError} 1021 (no stream for the subject, expectation failed, timeout), 1008.
     * @example const ack = js.publish('orders.new', data, { msgId: 'order-1' });
     */
    publish(subject: string, data?: Payload, options?: JsPublishOptions): PubAck;
    /**
     * Publishes without waiting; at most `maxPending` in flight. Every ack
     * is checked: failures reject the Promise and count in nats_js_publish_errors.
     * @returns a Promise of the PubAck, rejected with 1022.
     */
    publishAsync(subject: string, data?: Payload, options?: JsPublishOptions): Promise<PubAck>;
    /**
     * Publishes `count` copies of `data` asynchronously from Go: the JetStream
     * counterpart of `conn.publishBulk`, for throughput tests where a JS loop of
     * `publishAsync` would be the bottleneck. At most `maxPending` acks are in
     * flight and every ack is checked; failures count in nats_js_publish_errors.
     * Metrics are emitted with the totals (nats_js_publish_duration: one sample
     * per ack). Sending stops at the first message that cannot be sent; it and
     * the rest count as failed.
     * @returns a Promise of the tally, rejected (1022, 1002) only when nothing was stored.
     * @throws {NatsError} 1008 empty subject, 1003 count not positive or bad options.
     * @example const r = await js.publishAsyncBulk('orders.new', payload, 100000);
     */
    publishAsyncBulk(subject: string, data: Payload, count: number, options?: JsPublishOptions): Promise<AsyncBulkResult>;
    /** Async publishes still awaiting their ack. */
    publishAsyncPending(): number;
    /**
     * Resolves once every async publish so far has its ack or its failure.
     * @example await js.publishAsyncComplete();
     */
    publishAsyncComplete(): Promise<void>;
    /** Creates a consumer. @throws {NatsError} 1017, 1003, 1025. */
    addConsumer(stream: string, config: ConsumerConfigInput | ConsumerConfig): ConsumerInfo;
    /** Updates a consumer. @throws {NatsError} 1026, 1003, 1027. */
    updateConsumer(stream: string, config: ConsumerConfigInput | ConsumerConfig): ConsumerInfo;
    /** Deletes a consumer. @throws {NatsError} 1024, 1026, 1028. */
    deleteConsumer(stream: string, name: string): void;
    /** Reads a consumer's info. @throws {NatsError} 1024, 1026, 1029. */
    getConsumerInfo(stream: string, name: string): ConsumerInfo;
    /** Lists a stream's consumer names. @throws {NatsError} 1017, 1029. */
    getConsumerNames(stream: string): string[];
    /**
     * Binds a pull subscription to a durable consumer, creating it when it
     * does not exist (ack policy explicit, filtered on `subject`).
     * @throws {NatsError} 1017, 1024, 1030.
     * @example const sub = js.pullSubscribe('ORDERS', 'orders.>', 'worker');
     */
    pullSubscribe(stream: string, subject: string, durable: string): PullSubscription;
    /**
     * Binds to an existing consumer (pull) by name.
     * @throws {NatsError} 1017, 1026, 1030.
     */
    consumer(stream: string, name: string): PullSubscription;
    /**
     * An ordered consumer: ephemeral, in order, recreated by natsk6 on gaps.
     * @throws {NatsError} 1017, 1003, 1030.
     * @example const oc = js.orderedConsumer('ORDERS', { filterSubject: 'orders.eu.>' });
     */
    orderedConsumer(stream: string, options?: OrderedConsumerOptions): PullSubscription;
    /**
     * Fetches up to `batchSize` messages, waiting at most `timeoutMs`
     * milliseconds; an empty array when none arrive.
     * @throws {NatsError} 1031 without a subscription, 1032 on failure.
     * @example for (const m of js.pullMessages(sub, 10, 1000)) m.ack();
     */
    pullMessages(sub: PullSubscription, batchSize: number, timeoutMs?: number): JsMsg[];
    /**
     * Delivers a durable consumer's messages to `handler` on the VU's
     * event loop; the iteration lasts until it is stopped.
     * @throws {NatsError} 1017, 1033.
     */
    pushSubscribe(stream: string, subject: string, durable: string, handler: (msg: JsMsg) => void): PushSubscription;
    /**
     * Creates a Key-Value bucket (or binds it when it exists with the same config).
     * @throws {NatsError} 1003 for a bad field, 1016 on failure.
     * @example const kv = js.createKeyValue({ bucket: 'sessions', history: 5 });
     */
    createKeyValue(config: KeyValueConfigInput): KeyValue;
    /** Binds an existing bucket. @throws {NatsError} 1017 when it does not exist. */
    keyValue(bucket: string): KeyValue;
    /** Deletes a bucket. @throws {NatsError} 1017, 1019. */
    deleteKeyValue(bucket: string): void;
    /**
     * Creates an Object Store bucket.
     * @throws {NatsError} 1003 for a bad field, 1016 on failure.
     * @example const store = js.createObjectStore({ bucket: 'files' });
     */
    createObjectStore(config: ObjectStoreConfigInput): ObjectStore;
    /** Binds an existing Object Store. @throws {NatsError} 1017 when it does not exist. */
    objectStore(bucket: string): ObjectStore;
    /** Deletes an Object Store. @throws {NatsError} 1017, 1019. */
    deleteObjectStore(bucket: string): void;
  }

  /**
   * Options of `js.orderedConsumer(stream, options)`.
   * @input
   */
  export interface OrderedConsumerOptions {
    /** Only this subject. */
    filterSubject?: string;
    /** Only these subjects. */
    filterSubjects?: string[];
    /** Where delivery starts; default 'all'. */
    deliverPolicy?: DeliverPolicy;
    /** Start sequence for 'byStartSequence'. */
    optStartSeq?: number;
    /** Start time for 'byStartTime'. */
    optStartTime?: string | Date;
    /** Replay policy; default 'instant'. */
    replayPolicy?: ReplayPolicy;
    /** Inactive threshold (ms or "5s"). */
    inactiveThreshold?: Duration;
    /** Deliver headers only. */
    headersOnly?: boolean;
    /** How often natsk6 recreates the consumer after a gap; 0 unlimited. */
    maxResetAttempts?: number;
  }

  /**
   * Options of `sub.consume(handler, options)`.
   * @input
   */
  export interface ConsumeOptions {
    /** Messages buffered per pull request. */
    maxMessages?: number;
    /** Pull request expiry (ms or "30s"). */
    expires?: Duration;
    /** Resolve `done` after this many messages; 0 runs until stop(). */
    stopAfter?: number;
  }

  /** A running consume loop from `sub.consume(handler)`. */
  export interface ConsumeLoop {
    /** Resolves with the number of messages handled when the loop ends; rejects with what the handler threw or the NatsError that ended it. */
    readonly done: Promise<number>;
    /** Messages handled so far. */
    readonly count: number;
    /** Stops the loop; `done` then resolves. */
    stop(): void;
  }

  /** KV operations recorded in entries. */
  export type KvOperation = 'put' | 'delete' | 'purge';

  /**
   * Options of `js.createKeyValue(config)`.
   * @input
   */
  export interface KeyValueConfigInput {
    /** Bucket name (required). */
    bucket: string;
    /** Description. */
    description?: string;
    /** Max value size in bytes; -1 unlimited. */
    maxValueSize?: number;
    /** Values kept per key (1-64); default 1. */
    history?: number;
    /** Expiry of values (ms or "1h"); 0 never. */
    ttl?: Duration;
    /** Max bucket size in bytes; -1 unlimited. */
    maxBytes?: number;
    /** Storage; default 'file'. */
    storage?: StorageType;
    /** Replicas; default 1. */
    replicas?: number;
    /** S2 compression. */
    compression?: boolean;
  }

  /**
   * Options of `kv.watch(keys, handler, options)`.
   * @input
   */
  export interface WatchOptions {
    /** Deliver every stored revision, not only the latest. */
    includeHistory?: boolean;
    /** Skip delete and purge markers. */
    ignoreDeletes?: boolean;
    /** Only changes from now on. */
    updatesOnly?: boolean;
    /** Entries without values. */
    metaOnly?: boolean;
  }

  /**
   * A Key-Value bucket.
   * @example
   * const kv = js.createKeyValue({ bucket: 'cfg' });
   * const rev = kv.put('mode', 'fast');
   * kv.update('mode', 'safe', rev); // throws if someone changed it meanwhile
   */
  export interface KeyValue {
    /** Bucket name. */
    readonly bucket: string;
    /** Stores a value; returns its revision. @throws {NatsError} 1021 on failure. */
    put(key: string, value: Payload): number;
    /** Stores a value only if the key has none; returns its revision. @throws {NatsError} 1021 when the key exists. */
    create(key: string, value: Payload): number;
    /** Stores a value only if the key's last revision is `revision` (compare-and-set). @throws {NatsError} 1021 on a conflict. */
    update(key: string, value: Payload, revision: number): number;
    /** The latest entry, or null when the key has no value. @throws {NatsError} 1032 on failure. */
    get(key: string): KvEntry | null;
    /** Deletes a key (keeps history). @throws {NatsError} 1036 on failure. */
    delete(key: string): void;
    /** Purges a key and its history. @throws {NatsError} 1036 on failure. */
    purge(key: string): void;
    /** All keys with a value ([] when none). @throws {NatsError} 1032 on failure. */
    keys(): string[];
    /** Every stored revision of a key, oldest first. @throws {NatsError} 1032 on failure. */
    history(key: string): KvEntry[];
    /**
     * Calls `handler` on the VU's event loop for each current value of
     * `keys` (a key or wildcard; '' means all), then with null once they
     * are delivered, then for each update until `stop()`.
     * @throws {NatsError} 1010 when the watch cannot start.
     */
    watch(keys: string, handler: (entry: KvEntry | null) => void, options?: WatchOptions): KvWatcher;
  }

  /** One revision of a key. */
  export interface KvEntry {
    /** Bucket. */
    readonly bucket: string;
    /** Key. */
    readonly key: string;
    /** Value as UTF-8. */
    readonly value: string;
    /** Value, byte-exact. */
    readonly bytes: ArrayBuffer;
    /** Revision (the stream sequence). */
    readonly revision: number;
    /** When it was stored. */
    readonly created: Date;
    /** Revisions newer than this one (watchers). */
    readonly delta: number;
    /** What this revision did. */
    readonly operation: KvOperation;
    /** Parses the value as JSON. */
    json<T = unknown>(): T;
  }

  /** A running KV watch. */
  export interface KvWatcher {
    /** Stops the watch. */
    stop(): void;
  }

  /**
   * Options of `js.createObjectStore(config)`.
   * @input
   */
  export interface ObjectStoreConfigInput {
    /** Bucket name (required). */
    bucket: string;
    /** Description. */
    description?: string;
    /** Expiry of objects (ms or "1h"); 0 never. */
    ttl?: Duration;
    /** Max bucket size in bytes; -1 unlimited. */
    maxBytes?: number;
    /** Storage; default 'file'. */
    storage?: StorageType;
    /** Replicas; default 1. */
    replicas?: number;
    /** S2 compression. */
    compression?: boolean;
    /** Free-form metadata. */
    metadata?: Record<string, string>;
  }

  /**
   * Options of `store.put(name, data, options)`.
   * @input
   */
  export interface ObjectPutOptions {
    /** Description. */
    description?: string;
    /** Free-form metadata. */
    metadata?: Record<string, string>;
  }

  /**
   * An Object Store bucket: large payloads in chunks.
   * @example
   * const store = js.createObjectStore({ bucket: 'files' });
   * store.put('report.bin', binaryPayload(5 << 20));
   */
  export interface ObjectStore {
    /** Bucket name. */
    readonly bucket: string;
    /** Stores an object (replacing one of the same name). @throws {NatsError} 1021 on failure. */
    put(name: string, data: Payload, options?: ObjectPutOptions): ObjectInfo;
    /** The object's bytes, or null when there is none. @throws {NatsError} 1032 on failure. */
    get(name: string): ArrayBuffer | null;
    /** The object as UTF-8, or null when there is none. @throws {NatsError} 1032 on failure. */
    getString(name: string): string | null;
    /** The object's info, or null when there is none. @throws {NatsError} 1020 on failure. */
    info(name: string): ObjectInfo | null;
    /** Deletes an object. @throws {NatsError} 1036 on failure. */
    delete(name: string): void;
    /** Every object's info ([] when empty). @throws {NatsError} 1032 on failure. */
    list(): ObjectInfo[];
  }

  /** Description of a stored object. */
  export interface ObjectInfo {
    /** Object name. */
    name: string;
    /** Bucket. */
    bucket: string;
    /** Description. */
    description?: string;
    /** Size in bytes. */
    size: number;
    /** Chunks it is stored in. */
    chunks: number;
    /** Last modification (RFC 3339). */
    modified: string;
    /** SHA-256 digest ("SHA-256=..."). */
    digest: string;
    /** Whether it is deleted. */
    deleted: boolean;
    /** Free-form metadata. */
    metadata?: Record<string, string>;
  }

  /** A pull consumer from `js.pullSubscribe`, `js.consumer` or `js.orderedConsumer`. */
  export interface PullSubscription {
    /** Stream name. */
    readonly stream: string;
    /** Consumer name. */
    readonly name: string;
    /**
     * `js.pullMessages(this, batchSize, timeoutMs)` as a method: up to
     * `batchSize` messages within `timeoutMs` ms ([] when none).
     * @throws {NatsError} 1032 on failure.
     */
    fetch(batchSize: number, timeoutMs?: number): JsMsg[];
    /**
     * One message, or null when none arrives within `timeoutMs` ms.
     * @throws {NatsError} 1032 on failure.
     */
    next(timeoutMs?: number): JsMsg | null;
    /**
     * Runs `handler` on the VU's event loop for every message until
     * `stop()` or `stopAfter` messages; a Promise-based consume loop.
     * @example const loop = sub.consume((m) => m.ack(), { stopAfter: 100 }); await loop.done;
     */
    consume(handler: (msg: JsMsg) => void, options?: ConsumeOptions): ConsumeLoop;
    /** The consumer's current info. @throws {NatsError} 1026, 1029. */
    info(): ConsumerInfo;
    /**
     * Acknowledges every message of `msgs` (as `m.ack()` does each) in one
     * call and returns how many: the fast way to ack a fetched batch,
     * instead of a `for (const m of msgs) m.ack()` loop. An array that
     * `fetch` or `pullMessages` returned makes its JsMsg objects only as
     * the script reads them, so passing it here unread makes none.
     * @throws {NatsError} 1003 when `msgs` is not an array of JsMsg, 1032 when an ack fails (the ones before it stay acked).
     * @example const msgs = sub.fetch(500, 5000); sub.ackAll(msgs);
     */
    ackAll(msgs: JsMsg[]): number;
  }

  /** A push subscription from `js.pushSubscribe(...)`. */
  export interface PushSubscription {
    /** Consumer name. */
    readonly name: string;
    /** Stops delivery; the durable consumer stays on the server. */
    unsubscribe(): void;
    /** The consumer's current info. @throws {NatsError} 1026, 1029. */
    info(): ConsumerInfo;
  }

  /** A JetStream message, acknowledged through its methods. */
  export interface JsMsg {
    /** Subject. */
    readonly subject: string;
    /** The ack subject. */
    readonly reply: string;
    /** Payload as UTF-8. */
    readonly data: string;
    /** Payload, byte-exact. */
    readonly bytes: ArrayBuffer;
    /** Headers. */
    readonly headers: Headers;
    /** Delivery metadata. */
    readonly metadata: MsgMetadata;
    /** Parses the payload as JSON. */
    json<T = unknown>(): T;
    /** Acknowledges (fire and forget). */
    ack(): void;
    /** Acknowledges and waits for the server's confirmation. */
    ackSync(): void;
    /** Negative ack: redeliver, after `delayMs` milliseconds if given. */
    nak(delayMs?: number): void;
    /** Terminates: never redeliver. */
    term(): void;
    /** Resets the ack wait timer. */
    inProgress(): void;
  }

  /** Delivery metadata of a {@link JsMsg}. */
  export interface MsgMetadata {
    /** Stream. */
    stream: string;
    /** Consumer. */
    consumer: string;
    /** Stream sequence. */
    streamSeq: number;
    /** Consumer sequence. */
    consumerSeq: number;
    /** Delivery count (1 on first delivery). */
    numDelivered: number;
    /** Messages still pending for the consumer. */
    numPending: number;
    /** Time the message was stored (RFC 3339). */
    timestamp: string;
    /** JetStream domain, '' when none. */
    domain: string;
  }

  /**
   * Options of `nats.sample(options)`. Unknown keys throw 1003.
   * @input
   */
  export interface SampleOptions {
    /** Streams whose messages and bytes are sampled (a name or a list). */
    streams?: string | string[];
    /** Consumers whose lag is sampled; natsk6 need not have created them. */
    consumers?: SampleConsumer[];
    /** Time between samples: milliseconds or a k6 duration ('1s'). At least 100 ms. Default '1s'. */
    interval?: number | string;
    /**
     * nats-server monitoring URLs (http://host:8222) whose /varz and /jsz
     * are sampled, or false for none. Default: the embedded server's, or
     * every `--embedded-cluster` node's (natsk6 opens their monitoring
     * ports on loopback), when the run uses them and `connect` names no
     * server; else none.
     */
    monitor?: string | string[] | false;
    /** How the sampler connects, as `nats.connect`'s options. Default: NATS_URL, no auth. */
    connect?: ConnectOptions;
  }

  /**
   * A consumer for `nats.sample({ consumers })`.
   * @input
   */
  export interface SampleConsumer {
    /** The stream the consumer reads. */
    stream: string;
    /** The consumer's durable name or name. */
    name: string;
  }
}

declare module 'k6/Pondigo/nats' {
  export * from 'k6/x/nats';
  import nats from 'k6/x/nats';
  export default nats;
}

/**
 * The fault API of natsk6's embedded cluster: only with
 * `natsk6 run --embedded-cluster N` (N in-process JetStream nodes on
 * loopback, NATS_URL listing them all). Against any other server the
 * module still imports, `available` is false and every function throws
 * (1003), since natsk6 can fault only the cluster it runs itself. Nodes
 * are numbered 0 to size-1.
 */
declare module 'k6/x/nats/cluster' {
  /** `import cluster from 'k6/x/nats/cluster'`. */
  export interface ClusterFaults {
    /** True when the run has the embedded cluster. */
    readonly available: boolean;
    /** Number of nodes (0 without the embedded cluster). */
    readonly size: number;
    /**
     * Stops a node gracefully: lame duck mode hands its leaderships over
     * and moves its clients, then it shuts down, keeping ports and store.
     * @throws 1003 for a node out of range or already down.
     */
    stopNode(node: number): void;
    /**
     * Stops a node at once, without lame duck mode: its clients are cut
     * off and its peers elect new leaders. In process, nats-server still
     * closes its files and steps its Raft leaders down on the way out; a
     * real `kill -9` (natsk6's Go tests do that to bin/nats-server
     * processes) also loses what the OS had not written.
     * @throws 1003 for a node out of range or already down.
     */
    killNode(node: number): void;
    /**
     * Starts a stopped or killed node again on its ports and store;
     * returns once it accepts connections (it catches up on its own).
     * @throws 1003 for a node out of range or still running.
     */
    restartNode(node: number): void;
    /**
     * Asks the stream's leader to step down so another replica leads
     * ($JS.API.STREAM.LEADER.STEPDOWN).
     * @throws 1003 when the stream is unknown or has no other current replica.
     */
    stepDownStreamLeader(stream: string): void;
    /**
     * The node leading the stream now (from its stream info), -1 when it
     * has no leader in the answer.
     * @throws 1003 when no stream info comes back, e.g. during an election.
     */
    leaderOf(stream: string): number;
  }
  const cluster: ClusterFaults;
  export default cluster;
}
