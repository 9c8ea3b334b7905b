package runner

// hasSystemTag reports whether samples carry the system tag name
// (options.systemTags, --system-tags); before the options are read, k6's
// default set applies.
func (t *testRun) hasSystemTag(name string) bool {
	return t.opts == nil || t.opts.HasSystemTag(name)
}
