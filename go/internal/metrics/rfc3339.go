package metrics

import "time"

// rfc3339Stamps appends times as time.RFC3339Nano formats them in the
// local zone, which JSON output writes for every sample. The text up to
// the second and the zone are formatted once per second (zone changes
// fall on whole seconds), so a stamp costs a few digits.
type rfc3339Stamps struct {
	sec        int64
	valid      bool
	upToSecond []byte // "2006-01-02T15:04:05"
	zone       []byte // "Z" or "-07:00"
}

func (c *rfc3339Stamps) append(b []byte, unixNs int64) []byte {
	sec, ns := unixNs/1e9, unixNs%1e9
	if ns < 0 {
		sec, ns = sec-1, ns+1e9
	}
	if !c.valid || sec != c.sec {
		t := time.Unix(sec, 0)
		c.upToSecond = t.AppendFormat(c.upToSecond[:0], "2006-01-02T15:04:05")
		c.zone = t.AppendFormat(c.zone[:0], "Z07:00")
		c.sec, c.valid = sec, true
	}
	b = append(b, c.upToSecond...)
	if ns != 0 { // nine digits without trailing zeros, as RFC3339Nano
		var digits [10]byte
		digits[0] = '.'
		for i := 9; i >= 1; i-- {
			digits[i] = byte('0' + ns%10)
			ns /= 10
		}
		n := 10
		for digits[n-1] == '0' {
			n--
		}
		b = append(b, digits[:n]...)
	}
	return append(b, c.zone...)
}
