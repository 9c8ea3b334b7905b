package accounting

import (
	"encoding/json"
	"testing"
)

// FuzzReconcile: result files are input. Two states that pass Check
// reconcile without a panic, in either order to the same totals (only
// the shares of duplicates depend on the order), with no producer losing
// more than it had acknowledged and the shares adding up to the report.
func FuzzReconcile(f *testing.F) {
	f.Add(`{"producers":[{"id":"a-1-js","jetStream":true,"sent":[[1,10]],"acked":[[1,8]]}]}`,
		`{"producers":[{"id":"a-1-js","live":{"seen":[[2,5],[7,12]],"duplicated":1,"outOfOrder":2}}]}`)
	f.Add(`{"readBackStream":"S","producers":[{"id":"p","stream":{"seen":[[1,3]]}}]}`,
		`{"readBackStream":"T","producers":[{"id":"p","jetStream":true,"acked":[[1,5]],"stream":{"seen":[[2,9]]}}]}`)
	f.Add(`{"producers":[{"id":"q","acked":[[18446744073709541615,18446744073709551614]]}]}`,
		`{"producers":[{"id":"q","live":{"seen":[[18446744073709541615,18446744073709541615],[18446744073709551614,18446744073709551614]]}}]}`)
	f.Add(`{"producers":[{"id":"r-1-c","sent":[[1,9]],"acked":[[1,9]]}]}`, `{"producers":[{"id":"r-1-c","live":{"seen":"AQAAAAAAAAAAAAAAOjAAAAEAAAAAAAQAEAAAAAEAAwAFAAcACQA="}}]}`)
	f.Fuzz(func(t *testing.T, a, b string) {
		var sa, sb State
		if json.Unmarshal([]byte(a), &sa) != nil || json.Unmarshal([]byte(b), &sb) != nil || sa.Check() != nil || sb.Check() != nil {
			t.Skip("not two states a tracker could write")
		}
		ab := Reconcile([]*State{&sa, &sb})
		ba := Reconcile([]*State{&sb, &sa})
		if ab.Report.Counts != ba.Report.Counts {
			t.Fatalf("the order changed the counts: %+v, then %+v", ab.Report.Counts, ba.Report.Counts)
		}
		var lost, unacked, duplicated uint64
		for _, s := range ab.Shares {
			lost, unacked, duplicated = lost+s.Lost, unacked+s.Unacked, duplicated+s.Duplicated
		}
		if lost != ab.Report.Lost || unacked != ab.Report.Unacked || duplicated > ab.Report.Duplicated {
			t.Fatalf("shares %+v do not add up to %+v", ab.Shares, ab.Report.Counts)
		}
		for _, p := range ab.Report.Producers {
			if p.Lost > p.Acked || uint64(len(p.FirstLost)) > min(p.Lost, FirstLostShown) {
				t.Fatalf("producer %+v", p)
			}
		}
	})
}
