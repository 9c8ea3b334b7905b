package omb

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// consumerMaxAckPending lets a durable have this many messages unacked
// before the server stops delivering (JetStream's default, 1000, would
// cap a consumer's rate at 1000 per ack round trip).
const consumerMaxAckPending = 100_000

// consumer is one of a subscription's consumers, on its own connection:
// it receives, measures end-to-end latency from the payload's stamp and
// acks.
type consumer struct {
	nc  *nats.Conn
	st  *stats
	sub *nats.Subscription       // core mode
	cc  jetstream.ConsumeContext // JetStream mode
}

// received records one message.
func (c *consumer) received(data []byte) {
	now := time.Now()
	if sent, ok := stampedAt(data); ok {
		c.st.endToEnd.record(now.Sub(sent))
	}
	c.st.received.add(1)
	c.st.bytesReceived.add(int64(len(data)))
}

// newCoreConsumer joins the subscription's queue group on the topic.
func newCoreConsumer(url, topic, subscription string, st *stats) (*consumer, error) {
	nc, err := nats.Connect(url, nats.Name("natsk6 omb consumer"))
	if err != nil {
		return nil, fmt.Errorf("consumer: connect: %w", err)
	}
	c := &consumer{nc: nc, st: st}
	c.sub, err = nc.QueueSubscribe(topic+".>", subscription, func(m *nats.Msg) { c.received(m.Data) })
	if err == nil {
		// Unbounded: a consumer that falls behind shows in the backlog,
		// not as messages the client dropped.
		err = c.sub.SetPendingLimits(-1, -1)
	}
	if err == nil {
		err = nc.Flush() // the interest is registered before anyone publishes
	}
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("consumer: subscribe %s.> in %s: %w", topic, subscription, err)
	}
	return c, nil
}

// newJSConsumer pulls from the subscription's durable on the topic's
// stream until closed. A backlog phase pauses the durable on the server
// (see buildAndDrainBacklog), not the clients: what they hold is still
// received and acked, so nothing waits out an ack timeout.
func newJSConsumer(ctx context.Context, url, stream, durable string, st *stats) (*consumer, error) {
	nc, err := nats.Connect(url, nats.Name("natsk6 omb consumer"))
	if err != nil {
		return nil, fmt.Errorf("consumer: connect: %w", err)
	}
	c := &consumer{nc: nc, st: st}
	js, err := jetstream.New(nc)
	if err == nil {
		var cons jetstream.Consumer
		if cons, err = js.Consumer(ctx, stream, durable); err == nil {
			c.cc, err = cons.Consume(func(m jetstream.Msg) {
				c.received(m.Data())
				_ = m.Ack()
			})
		}
	}
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("consumer %s on stream %s: %w", durable, stream, err)
	}
	return c, nil
}

func (c *consumer) close() {
	if c.cc != nil {
		c.cc.Stop()
	}
	c.nc.Close()
}

// durableConfig is a subscription of a topic: every message of every
// partition, acked one by one (as OMB's NATS driver does).
func durableConfig(topic, name string) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       name,
		FilterSubject: topic + ".>",
		AckPolicy:     jetstream.AckExplicitPolicy,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		MaxAckPending: consumerMaxAckPending,
	}
}
