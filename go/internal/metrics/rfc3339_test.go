package metrics

import (
	"testing"
	"time"
)

// The cached stamps are what time.RFC3339Nano writes, for fractions with
// and without trailing zeros, whole seconds, times before 1970, and a
// second that changes between calls.
func TestRFC3339StampsMatchTheTimePackage(t *testing.T) {
	var c rfc3339Stamps
	for _, ns := range []int64{
		1595325560123456789, 1595325560123456789, 1595325560100000000, 1595325560000000000,
		1595325561000000001, 1595325560999999999, 0, -1, -1_500_000_000, 1<<62 - 1,
	} {
		want := time.Unix(0, ns).Format(time.RFC3339Nano)
		if got := string(c.append(nil, ns)); got != want {
			t.Errorf("%d: %s, want %s", ns, got, want)
		}
	}
}
