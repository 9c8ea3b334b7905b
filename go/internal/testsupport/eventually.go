package testsupport

import (
	"testing"
	"time"
)

// pollEvery is how often Eventually checks its condition.
const pollEvery = 10 * time.Millisecond

// Eventually checks cond until it holds, and fails tb with what (formatted
// with args) when it still does not after timeout. The timeout only bounds
// a broken run: a test's outcome never depends on how fast it passes.
func Eventually(tb testing.TB, timeout time.Duration, cond func() bool, what string, args ...any) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("after %s: "+what, append([]any{timeout}, args...)...)
		}
		time.Sleep(pollEvery)
	}
}
