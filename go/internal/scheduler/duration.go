package scheduler

import (
	"time"

	"github.com/pondigo/natsk6/go/internal/optread"
)

// ParseDuration reads a k6 duration string ("1m30s", "500ms", "1d12h");
// the grammar is optread's, shared by every option that takes one.
func ParseDuration(text string) (time.Duration, error) {
	return optread.ParseDuration(text)
}
