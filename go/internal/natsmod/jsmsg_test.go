package natsmod

import "testing"

func TestRedeliveredReadsTheDeliveredToken(t *testing.T) {
	for _, tc := range []struct {
		reply string
		want  bool
	}{
		{"$JS.ACK.ORDERS.C.1.10.10.1700000000000000000.0", false},
		{"$JS.ACK.ORDERS.C.2.10.11.1700000000000000000.0", true},
		{"$JS.ACK._.ACCHASH.ORDERS.C.1.10.10.1700000000000000000.5.RAND", false},
		{"$JS.ACK._.ACCHASH.ORDERS.C.12.10.10.1700000000000000000.5.RAND", true},
		{"$JS.ACK.hub.ACCHASH.ORDERS.C.3.10.10.1700000000000000000.5", true},
		// Not an ack subject, or one nats.go would refuse: no redelivery.
		{"", false},
		{"_INBOX.abc", false},
		{"$JS.ACK.ORDERS.C.2.10", false},
		{"$JS.ACK.ORDERS.C.x.10.11.1700000000000000000.0", false},
		{"$JS.ACK._.ACCHASH.ORDERS.C.2.10.10.1700000000000000000.5.RAND.EXTRA", false},
	} {
		if got := redelivered(tc.reply); got != tc.want {
			t.Errorf("redelivered(%q) = %v, want %v", tc.reply, got, tc.want)
		}
	}
}

func BenchmarkRedelivered(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if redelivered("$JS.ACK._.ACCHASH.ORDERS.C.1.10.10.1700000000000000000.5.RAND") {
			b.Fatal("first delivery read as a redelivery")
		}
	}
}
