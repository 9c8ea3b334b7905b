package natsmod

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// retryAPI asks again while requests go unanswered, each attempt bounded
// by apiAttempt, and gives up at once on any other error or when the
// call's own context ends.
func TestRetryAPIAsksAgainOnlyWhileUnanswered(t *testing.T) {
	calls := 0
	got, err := retryAPI(context.Background(), func(ctx context.Context) (int, error) {
		calls++
		if deadline, ok := ctx.Deadline(); !ok || time.Until(deadline) > apiAttempt {
			t.Errorf("attempt %d: deadline %v (set %v), want at most %v away", calls, deadline, ok, apiAttempt)
		}
		switch calls {
		case 1:
			return 0, context.DeadlineExceeded
		case 2:
			return 0, nats.ErrNoResponders
		case 3:
			return 0, nats.ErrTimeout
		}
		return 42, nil
	})
	if got != 42 || err != nil || calls != 4 {
		t.Fatalf("got %d, %v after %d calls; want 42, nil after 4", got, err, calls)
	}

	refused := errors.New("stream not found")
	calls = 0
	if _, err := retryAPI(context.Background(), func(context.Context) (int, error) { calls++; return 0, refused }); !errors.Is(err, refused) || calls != 1 {
		t.Fatalf("a refusal: %v after %d calls, want it after 1", err, calls)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := retryAPI(ctx, func(context.Context) (int, error) { return 0, nats.ErrNoResponders }); !errors.Is(err, nats.ErrNoResponders) {
		t.Fatalf("an ended call: %v, want the last attempt's error", err)
	}
	if ctx.Err() == nil {
		t.Fatalf("retryAPI returned after %v, before its context ended", time.Since(start))
	}
}
