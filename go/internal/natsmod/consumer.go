package natsmod

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// ConsumerInfo is a consumer's configuration and progress.
type ConsumerInfo struct {
	Name           string         `json:"name"`
	Stream         string         `json:"stream"`
	Config         ConsumerConfig `json:"config"`
	Created        time.Time      `json:"created"`
	NumPending     uint64         `json:"numPending"`
	NumAckPending  int            `json:"numAckPending"`
	NumRedelivered int            `json:"numRedelivered"`
	NumWaiting     int            `json:"numWaiting"`
	Delivered      SequenceInfo   `json:"delivered"`
	AckFloor       SequenceInfo   `json:"ackFloor"`
	PushBound      bool           `json:"pushBound"`
}

// SequenceInfo is a consumer's position in its own and the stream's sequence.
type SequenceInfo struct {
	ConsumerSeq uint64 `json:"consumerSeq"`
	StreamSeq   uint64 `json:"streamSeq"`
}

func consumerInfoData(i *jetstream.ConsumerInfo) *ConsumerInfo {
	return &ConsumerInfo{
		Name: i.Name, Stream: i.Stream, Config: ConsumerConfigData(i.Stream, i.Config), Created: i.Created,
		NumPending: i.NumPending, NumAckPending: i.NumAckPending, NumRedelivered: i.NumRedelivered,
		NumWaiting: i.NumWaiting, PushBound: i.PushBound,
		Delivered: SequenceInfo{ConsumerSeq: i.Delivered.Consumer, StreamSeq: i.Delivered.Stream},
		AckFloor:  SequenceInfo{ConsumerSeq: i.AckFloor.Consumer, StreamSeq: i.AckFloor.Stream},
	}
}

// checkNames checks the stream and consumer arguments of a call.
func checkNames(stream, consumer string) error {
	if err := checkStreamName(stream); err != nil {
		return err
	}
	return checkConsumerName(consumer)
}

func checkConsumerName(name string) error {
	if name == "" {
		return newError(CodeEmptyConsumerName, nil, "consumer name is required")
	}
	if err := validName(name); err != nil {
		return invalidConfig("consumer name", "%v", err)
	}
	return nil
}

// checkConsumer checks a consumer config for stream.
func checkConsumer(stream string, cfg jetstream.ConsumerConfig) error {
	if err := checkStreamName(stream); err != nil {
		return err
	}
	return CheckConsumerConfig(cfg)
}

func consumerLabel(cfg jetstream.ConsumerConfig) string {
	switch {
	case cfg.Durable != "":
		return cfg.Durable
	case cfg.Name != "":
		return cfg.Name
	}
	return "(ephemeral)"
}

// AddConsumer creates a consumer on stream; creating an identical one
// again is harmless, a different one with the same name fails (1025).
func (j *JetStream) AddConsumer(stream string, cfg jetstream.ConsumerConfig) (*ConsumerInfo, error) {
	if err := checkConsumer(stream, cfg); err != nil {
		return nil, err
	}
	info, err := j.putConsumer(stream, cfg, false)
	if err != nil {
		return nil, j.fail(CodeAddConsumerFailed, err, "consumer %s on stream %s", consumerLabel(cfg), stream)
	}
	return consumerInfoData(info), nil
}

// UpdateConsumer changes an existing consumer's configuration.
func (j *JetStream) UpdateConsumer(stream string, cfg jetstream.ConsumerConfig) (*ConsumerInfo, error) {
	if err := checkConsumer(stream, cfg); err != nil {
		return nil, err
	}
	if cfg.Durable == "" && cfg.Name == "" {
		return nil, newError(CodeEmptyConsumerName, nil, "updateConsumer on stream %s needs durable or name", stream)
	}
	info, err := j.putConsumer(stream, cfg, true)
	if err != nil {
		return nil, j.fail(CodeUpdateConsumerFailed, err, "consumer %s on stream %s", consumerLabel(cfg), stream)
	}
	return consumerInfoData(info), nil
}

// putConsumer creates or updates a consumer: a push consumer when the
// config has a deliver subject, a pull consumer otherwise.
func (j *JetStream) putConsumer(stream string, cfg jetstream.ConsumerConfig, update bool) (*jetstream.ConsumerInfo, error) {
	ctx, cancel := j.ctx()
	defer cancel()
	if cfg.DeliverSubject != "" {
		put := j.js.CreatePushConsumer
		if update {
			put = j.js.UpdatePushConsumer
		}
		c, err := put(ctx, stream, cfg)
		if err != nil {
			return nil, err
		}
		return c.CachedInfo(), nil
	}
	put := j.js.CreateConsumer
	if update {
		put = j.js.UpdateConsumer
	}
	c, err := put(ctx, stream, cfg)
	if err != nil {
		return nil, err
	}
	return c.CachedInfo(), nil
}

// DeleteConsumer deletes a consumer.
func (j *JetStream) DeleteConsumer(stream, name string) error {
	if err := checkNames(stream, name); err != nil {
		return err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	if err := j.js.DeleteConsumer(ctx, stream, name); err != nil {
		return j.fail(CodeDeleteConsumerFailed, err, "consumer %s on stream %s", name, stream)
	}
	return nil
}

// ConsumerInfo reads a consumer's state from the server and samples its
// numPending into nats_js_consumer_pending (tagged stream and consumer).
func (j *JetStream) ConsumerInfo(stream, name string) (*ConsumerInfo, error) {
	if err := checkNames(stream, name); err != nil {
		return nil, err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	_, info, err := lookupConsumer(ctx, j.js, stream, name)
	if err != nil {
		return nil, j.fail(CodeConsumerInfoFailed, err, "consumer %s on stream %s", name, stream)
	}
	j.samplePending(info)
	return consumerInfoData(info), nil
}

// infoReader is what pull and push consumers share for Info.
type infoReader interface {
	Info(ctx context.Context) (*jetstream.ConsumerInfo, error)
}

// liveInfo reads a bound consumer's state and samples its numPending.
func (j *JetStream) liveInfo(c infoReader, name, stream string) (*ConsumerInfo, error) {
	ctx, cancel := j.ctx()
	defer cancel()
	info, err := c.Info(ctx)
	if err != nil {
		return nil, j.fail(CodeConsumerInfoFailed, err, "consumer %s on stream %s", name, stream)
	}
	j.samplePending(info)
	return consumerInfoData(info), nil
}

func (j *JetStream) samplePending(info *jetstream.ConsumerInfo) {
	j.emitTagged(j.m.ConsumerPending, float64(info.NumPending), "stream", info.Stream, "consumer", info.Name)
}

// ConsumerNames lists a stream's consumers; none is an empty list.
func (j *JetStream) ConsumerNames(stream string) ([]string, error) {
	if err := checkStreamName(stream); err != nil {
		return nil, err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	s, err := j.js.Stream(ctx, stream)
	if err != nil {
		return nil, j.fail(CodeConsumerInfoFailed, err, "consumers of stream %s", stream)
	}
	lister := s.ConsumerNames(ctx)
	names := []string{}
	for name := range lister.Name() {
		names = append(names, name)
	}
	if err := lister.Err(); err != nil {
		return nil, j.fail(CodeConsumerInfoFailed, err, "consumers of stream %s", stream)
	}
	return names, nil
}

// isNotFound reports a missing consumer, however nats.go words it.
func isNotFound(err error) bool {
	return errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrConsumerDoesNotExist)
}
