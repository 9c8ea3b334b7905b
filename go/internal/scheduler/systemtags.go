package scheduler

import "slices"

// defaultSystemTags are k6's default system tags (its options
// reference); of these natsk6 emits scenario, group and check.
var defaultSystemTags = []string{
	"proto", "subproto", "status", "method", "url", "name", "group", "check", "error",
	"error_code", "tls_version", "scenario", "service", "expected_response",
}

// HasSystemTag reports whether samples carry the system tag name: one of
// k6's defaults without systemTags, else one that systemTags lists.
func (o *Options) HasSystemTag(name string) bool {
	if o.SystemTags == nil {
		return slices.Contains(defaultSystemTags, name)
	}
	return slices.Contains(o.SystemTags, name)
}
