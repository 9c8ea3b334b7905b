package natsmod

import (
	"context"
	"errors"
	"fmt"

	"github.com/pondigo/natsk6/go/internal/optread"
)

// ErrInterrupted is the error of a call cut short because the VU's
// context ended: its iteration was interrupted (end of gracefulStop, a
// stop signal, test.abort()), or setup or teardown ran out of time. It
// is not a NATS failure: such a call records no error metric, and the
// binding ends the script's code uncatchably, as k6 interrupts an
// iteration.
var ErrInterrupted = errors.New("interrupted: the VU's iteration, setup or teardown ended")

// IsInterrupted reports whether err is a call cut short by the end of
// the VU's context.
func IsInterrupted(err error) bool { return errors.Is(err, ErrInterrupted) }

// maxCallTimeout bounds a call's own timeout (about a century, as for
// every duration option), so a timeout too large to mean anything is
// accepted without overflowing; the VU's context still ends the call on
// time.
const maxCallTimeout = optread.Longest

// vuContext is the VU's current context (the iteration's, setup's or
// teardown's). Read it on the VU goroutine; work handed to another
// goroutine captures it first.
func (h *Host) vuContext() context.Context {
	if h.Context == nil {
		return context.Background()
	}
	return h.Context()
}

// interruption returns ErrInterrupted, naming what was cut short, once
// vu has ended; nil while it runs.
func interruption(vu context.Context, format string, args ...any) error {
	if vu.Err() == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrInterrupted)
}

// interruptedEvery is how many messages a count loop (publishBulk,
// publishAsyncBulk) sends between looks at the VU's context.
const interruptedEvery = 256
