package natsmod

import "github.com/nats-io/nats.go"

// received records a delivered message's metrics (VU goroutine only):
// with the subscribe option timestamp: 'payload' also its end-to-end
// latency from the send time publishRate wrote into the payload.
func (s *Subscription) received(msg *nats.Msg) {
	s.conn.recordReceived(msg)
	if s.payloadTimestamp {
		s.conn.recordPayloadLatency(msg)
	}
}
