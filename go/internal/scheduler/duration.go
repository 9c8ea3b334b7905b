package scheduler

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a k6 duration string: Go's syntax ("1m30s",
// "500ms", "1.5s") plus a leading days part ("1d12h"). A bare number
// other than 0 has no unit and is rejected, as k6 does.
func ParseDuration(text string) (time.Duration, error) {
	s := strings.TrimSpace(text)
	invalid := fmt.Errorf("invalid duration %q", text)
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		n, err := strconv.ParseFloat(s[:i], 64)
		if err != nil || n < 0 {
			return 0, invalid
		}
		days = time.Duration(n * float64(24*time.Hour))
		if s = s[i+1:]; s == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, invalid
	}
	return days + d, nil
}
