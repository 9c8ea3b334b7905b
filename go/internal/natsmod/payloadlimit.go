package natsmod

import (
	"errors"
	"fmt"

	"github.com/nats-io/nats.go"
)

// withPayloadLimit names the limit in nats.go's bare "maximum payload
// exceeded": the server's max_payload (from its INFO), which a message's
// payload and headers together must fit.
func withPayloadLimit(nc *nats.Conn, err error) error {
	if errors.Is(err, nats.ErrMaxPayload) {
		return fmt.Errorf("%w: the server's max_payload is %d bytes, for the payload and headers together", err, nc.MaxPayload())
	}
	return err
}
