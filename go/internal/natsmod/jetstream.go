package natsmod

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// DefaultJSTimeout bounds one JetStream API call or synchronous publish.
const DefaultJSTimeout = 5 * time.Second

// DefaultMaxAsyncPending bounds publishAsync's acks in flight per context.
const DefaultMaxAsyncPending = 256

// JetStream is one VU's JetStream context, as nats.jetStream(conn) returns
// it. Its methods run on the VU goroutine.
type JetStream struct {
	conn    *Connection
	js      jetstream.JetStream
	host    *Host
	m       *JSMetrics
	timeout time.Duration

	async asyncPublisher
}

// JetStreamOptions are nats.jetStream(conn, options)'s options.
type JetStreamOptions struct {
	Domain     string
	APIPrefix  string        // not with Domain
	Timeout    time.Duration // of each API call and publish; 0: DefaultJSTimeout
	MaxPending int           // async publishes awaiting acks; 0: DefaultMaxAsyncPending
}

// JetStream opens a JetStream context on conn. It checks that the
// account has JetStream, so a server without it fails here (1014).
func (m *Module) JetStream(conn *Connection, opts JetStreamOptions) (*JetStream, error) {
	if conn == nil || conn.nc.IsClosed() {
		return nil, newError(CodeConnectionClosed, nil, "jetStream needs an open connection")
	}
	domain, prefix := opts.Domain, opts.APIPrefix
	timeout := callTimeout(opts.Timeout, DefaultJSTimeout)
	maxPending := opts.MaxPending
	if maxPending <= 0 {
		maxPending = DefaultMaxAsyncPending
	}
	if domain != "" && prefix != "" {
		return nil, invalidConfig("jetStream.apiPrefix", "cannot be combined with domain")
	}
	j := &JetStream{conn: conn, host: conn.host, m: RegisterJSMetrics(conn.host.Registry), timeout: timeout}
	jsOpts := append(j.asyncHandlers(maxPending), jetstream.WithPublishAsyncTimeout(timeout))
	var js jetstream.JetStream
	var err error
	switch {
	case domain != "":
		js, err = jetstream.NewWithDomain(conn.nc, domain, jsOpts...)
	case prefix != "":
		js, err = jetstream.NewWithAPIPrefix(conn.nc, prefix, jsOpts...)
	default:
		js, err = jetstream.New(conn.nc, jsOpts...)
	}
	if err != nil {
		return nil, newError(CodeJetStreamUnavailable, err, "create JetStream context")
	}
	j.js = js
	ctx, cancel := j.ctx()
	defer cancel()
	if _, err := js.AccountInfo(ctx); err != nil {
		return nil, j.fail(CodeJetStreamUnavailable, err, "JetStream account info")
	}
	return j, nil
}

// ctx bounds one API call: the context's timeout or the end of the VU's
// context, whichever comes first.
func (j *JetStream) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(j.host.vuContext(), j.timeout)
}

// fail maps a nats.go error to an *Error (see failure), or to
// ErrInterrupted when the VU's context ended: that cut the call short.
func (j *JetStream) fail(code Code, err error, format string, args ...any) error {
	if ierr := j.interrupted(format, args...); ierr != nil {
		return ierr
	}
	return j.failure(code, err, format, args...)
}

// interrupted is ErrInterrupted, naming the call, once the VU's context
// has ended.
func (j *JetStream) interrupted(format string, args ...any) error {
	return interruption(j.host.vuContext(), format, args...)
}

// failure maps a nats.go error to an *Error: not-found, JetStream-disabled
// and closed-connection errors get their own codes whatever the call.
func (j *JetStream) failure(code Code, err error, format string, args ...any) *Error {
	switch {
	case errors.Is(err, jetstream.ErrStreamNotFound), errors.Is(err, jetstream.ErrBucketNotFound):
		code = CodeStreamNotFound
	case errors.Is(err, jetstream.ErrConsumerNotFound), errors.Is(err, jetstream.ErrConsumerDoesNotExist):
		code = CodeConsumerNotFound
	case errors.Is(err, jetstream.ErrJetStreamNotEnabled), errors.Is(err, jetstream.ErrJetStreamNotEnabledForAccount):
		code = CodeJetStreamUnavailable
	case errors.Is(err, nats.ErrConnectionClosed):
		code = CodeConnectionClosed
	}
	err = withPayloadLimit(j.conn.nc, err)
	return newError(code, err, format, args...)
}

// The emit functions run on the VU goroutine only (the sink has no
// locks). With the connection's metrics: false they record nothing: only
// sent and received, the k6 built-ins, still count.

// emit records one nats_js_*, nats_kv_* or nats_obj_* sample with the
// VU's current tags.
func (j *JetStream) emit(m *metrics.Metric, v float64) {
	if j.conn.opts.metrics {
		j.host.Sink.Add(m, j.host.Tags(), v)
	}
}

// emitTagged is emit with extra tags.
func (j *JetStream) emitTagged(m *metrics.Metric, v float64, pairs ...string) {
	if j.conn.opts.metrics {
		j.host.Sink.Add(m, j.host.Registry.With(j.host.Tags(), pairs...), v)
	}
}

// sent adds n payload bytes to data_sent, unless err says they never
// left (the connection was closed).
func (j *JetStream) sent(n int, err error) {
	if !errors.Is(err, nats.ErrConnectionClosed) {
		j.host.Sink.Add(j.host.Builtin.DataSent, j.host.Tags(), float64(n))
	}
}

// received adds n payload bytes to data_received.
func (j *JetStream) received(n int) {
	j.host.Sink.Add(j.host.Builtin.DataReceived, j.host.Tags(), float64(n))
}

// timed runs one operation with the context's timeout and records its
// duration in m, tagged tag=op (the KV and Object Store trends).
// An operation the VU's context cut short records nothing.
func (j *JetStream) timed(m *metrics.Metric, tag, op string, fn func(ctx context.Context) error) error {
	ctx, cancel := j.ctx()
	defer cancel()
	start := time.Now()
	err := fn(ctx)
	if ierr := j.interrupted("%s %s", tag, op); err != nil && ierr != nil {
		return ierr
	}
	j.emitTagged(m, millis(time.Since(start)), tag, op)
	return err
}

func checkStreamName(name string) error {
	if name == "" {
		return newError(CodeEmptyStreamName, nil, "stream name is required")
	}
	if err := validName(name); err != nil {
		return invalidConfig("stream name", "%v", err)
	}
	return nil
}

// StreamInfo is a stream's configuration and state, as scripts see it.
type StreamInfo struct {
	Config  StreamConfig `json:"config"`
	Created time.Time    `json:"created"`
	State   StreamState  `json:"state"`
}

// StreamState is the stored-message side of StreamInfo.
type StreamState struct {
	Messages      uint64    `json:"messages"`
	Bytes         uint64    `json:"bytes"`
	FirstSeq      uint64    `json:"firstSeq"`
	FirstTime     time.Time `json:"firstTs"`
	LastSeq       uint64    `json:"lastSeq"`
	LastTime      time.Time `json:"lastTs"`
	ConsumerCount int       `json:"consumerCount"`
	NumDeleted    int       `json:"numDeleted"`
	NumSubjects   uint64    `json:"numSubjects"`
}

func streamInfoData(i *jetstream.StreamInfo) *StreamInfo {
	s := i.State
	return &StreamInfo{
		Config:  StreamConfigData(i.Config),
		Created: i.Created,
		State: StreamState{
			Messages: s.Msgs, Bytes: s.Bytes, FirstSeq: s.FirstSeq, FirstTime: s.FirstTime,
			LastSeq: s.LastSeq, LastTime: s.LastTime, ConsumerCount: s.Consumers,
			NumDeleted: s.NumDeleted, NumSubjects: s.NumSubjects,
		},
	}
}

// AddStream creates a stream.
func (j *JetStream) AddStream(cfg jetstream.StreamConfig) (*StreamInfo, error) {
	return j.putStream(cfg, j.js.CreateStream, CodeAddStreamFailed)
}

// UpdateStream changes an existing stream's configuration.
func (j *JetStream) UpdateStream(cfg jetstream.StreamConfig) (*StreamInfo, error) {
	return j.putStream(cfg, j.js.UpdateStream, CodeUpdateStreamFailed)
}

// putStream creates or updates a stream with put.
func (j *JetStream) putStream(cfg jetstream.StreamConfig, put func(context.Context, jetstream.StreamConfig) (jetstream.Stream, error), code Code) (*StreamInfo, error) {
	if err := CheckStreamConfig(cfg); err != nil {
		return nil, err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	s, err := put(ctx, cfg)
	if err != nil {
		return nil, j.fail(code, err, "stream %s", cfg.Name)
	}
	return streamInfoData(s.CachedInfo()), nil
}

// DeleteStream deletes a stream and its messages and consumers.
func (j *JetStream) DeleteStream(name string) error {
	if err := checkStreamName(name); err != nil {
		return err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	if err := j.js.DeleteStream(ctx, name); err != nil {
		return j.fail(CodeDeleteStreamFailed, err, "stream %s", name)
	}
	return nil
}

// StreamInfo reads a stream's configuration and state from the server.
func (j *JetStream) StreamInfo(name string) (*StreamInfo, error) {
	if err := checkStreamName(name); err != nil {
		return nil, err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	s, err := j.js.Stream(ctx, name)
	if err != nil {
		return nil, j.fail(CodeStreamInfoFailed, err, "stream %s", name)
	}
	return streamInfoData(s.CachedInfo()), nil
}

// StreamNames lists the account's streams; none is an empty list.
func (j *JetStream) StreamNames() ([]string, error) {
	ctx, cancel := j.ctx()
	defer cancel()
	lister := j.js.StreamNames(ctx)
	names := []string{}
	for name := range lister.Name() {
		names = append(names, name)
	}
	if err := lister.Err(); err != nil {
		return nil, j.fail(CodeStreamInfoFailed, err, "list stream names")
	}
	return names, nil
}

// PurgeOptions narrow a purge; zero values purge every message.
type PurgeOptions struct {
	Subject  string // only this subject's messages
	Sequence uint64 // only messages below this sequence
	Keep     uint64 // all but the newest Keep messages
}

// PurgeStream removes a stream's messages.
func (j *JetStream) PurgeStream(name string, opts PurgeOptions) error {
	if err := checkStreamName(name); err != nil {
		return err
	}
	var purge []jetstream.StreamPurgeOpt
	if opts.Subject != "" {
		purge = append(purge, jetstream.WithPurgeSubject(opts.Subject))
	}
	if opts.Sequence > 0 {
		purge = append(purge, jetstream.WithPurgeSequence(opts.Sequence))
	}
	if opts.Keep > 0 {
		purge = append(purge, jetstream.WithPurgeKeep(opts.Keep))
	}
	ctx, cancel := j.ctx()
	defer cancel()
	s, err := j.js.Stream(ctx, name)
	if err == nil {
		err = s.Purge(ctx, purge...)
	}
	if err != nil {
		return j.fail(CodePurgeStreamFailed, err, "stream %s", name)
	}
	return nil
}

// DeleteMessage removes the message with stream sequence seq.
func (j *JetStream) DeleteMessage(stream string, seq int64) error {
	if err := checkStreamName(stream); err != nil {
		return err
	}
	if seq <= 0 {
		return invalidConfig("seq", "must be a positive stream sequence, got %d", seq)
	}
	ctx, cancel := j.ctx()
	defer cancel()
	s, err := j.js.Stream(ctx, stream)
	if err == nil {
		err = s.DeleteMsg(ctx, uint64(seq))
	}
	if err != nil {
		return j.fail(CodeDeleteMessageFailed, err, "stream %s sequence %d", stream, seq)
	}
	return nil
}

// AccountInfo is the account's JetStream usage and limits.
type AccountInfo struct {
	Memory    uint64        `json:"memory"`
	Storage   uint64        `json:"storage"`
	Streams   int           `json:"streams"`
	Consumers int           `json:"consumers"`
	Domain    string        `json:"domain"`
	Limits    AccountLimits `json:"limits"`
}

// AccountLimits are the account's JetStream limits; -1 is unlimited.
type AccountLimits struct {
	MaxMemory             int64 `json:"maxMemory"`
	MaxStorage            int64 `json:"maxStorage"`
	MaxStreams            int   `json:"maxStreams"`
	MaxConsumers          int   `json:"maxConsumers"`
	MaxAckPending         int   `json:"maxAckPending"`
	MemoryMaxStreamBytes  int64 `json:"memoryMaxStreamBytes"`
	StorageMaxStreamBytes int64 `json:"storageMaxStreamBytes"`
	MaxBytesRequired      bool  `json:"maxBytesRequired"`
}

// AccountInfo reads the account's JetStream usage and limits.
func (j *JetStream) AccountInfo() (*AccountInfo, error) {
	ctx, cancel := j.ctx()
	defer cancel()
	a, err := j.js.AccountInfo(ctx)
	if err != nil {
		return nil, j.fail(CodeAccountInfoFailed, err, "account info")
	}
	l := a.Limits
	return &AccountInfo{
		Memory: a.Memory, Storage: a.Store, Streams: a.Streams, Consumers: a.Consumers, Domain: a.Domain,
		Limits: AccountLimits{
			MaxMemory: l.MaxMemory, MaxStorage: l.MaxStore, MaxStreams: l.MaxStreams, MaxConsumers: l.MaxConsumers,
			MaxAckPending: l.MaxAckPending, MemoryMaxStreamBytes: l.MemoryMaxStreamBytes,
			StorageMaxStreamBytes: l.StoreMaxStreamBytes, MaxBytesRequired: l.MaxBytesRequired,
		},
	}, nil
}

// apiErrorCode is the JetStream error code of err (e.g. 10071 for a wrong
// last sequence), or the natsk6 code when the server gave none.
func apiErrorCode(err error, fallback Code) string {
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode != 0 {
		return strconv.Itoa(int(apiErr.ErrorCode))
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout) || errors.Is(err, jetstream.ErrAsyncPublishTimeout) {
		return "timeout"
	}
	return strconv.Itoa(int(fallback))
}
