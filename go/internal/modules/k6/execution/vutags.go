package execution

import (
	"maps"
	"slices"

	"github.com/grafana/sobek"
)

// vuTags is exec.vu.metrics.tags: reading gives every tag the VU's
// samples carry now; tags set here are added to all its later samples,
// across iterations and scenarios, until deleted.
type vuTags struct{ vu VU }

func (d *vuTags) Get(key string) sobek.Value {
	if val, ok := d.vu.Tags().Get(key); ok {
		return d.vu.Runtime().ToValue(val)
	}
	return nil
}

func (d *vuTags) Set(key string, val sobek.Value) bool {
	text, ok := tagValue(val)
	if !ok {
		d.vu.Warn("exec.vu.metrics.tags." + key + ": only String, Boolean and Number types are accepted as a tag value; ignored")
		return true
	}
	d.vu.SetTag(key, text)
	return true
}

func (d *vuTags) Has(key string) bool {
	_, ok := d.vu.Tags().Get(key)
	return ok
}

func (d *vuTags) Delete(key string) bool {
	d.vu.DeleteTag(key)
	return true
}

func (d *vuTags) Keys() []string {
	tags := d.vu.Tags().Tags
	keys := make([]string, 0, len(tags))
	for _, tag := range tags {
		keys = append(keys, tag.Key)
	}
	return keys
}

// vuMetadata is exec.vu.metrics.metadata: pairs that go with every later
// sample of the VU to the outputs (--out json's "metadata"), without
// making series of their own as tags do.
type vuMetadata struct {
	vu    VU
	pairs map[string]string
}

func (d *vuMetadata) Get(key string) sobek.Value {
	if val, ok := d.pairs[key]; ok {
		return d.vu.Runtime().ToValue(val)
	}
	return nil
}

func (d *vuMetadata) Set(key string, val sobek.Value) bool {
	text, ok := tagValue(val)
	if !ok {
		d.vu.Warn("exec.vu.metrics.metadata." + key + ": only String, Boolean and Number types are accepted as a metadata value; ignored")
		return true
	}
	if d.pairs == nil {
		d.pairs = map[string]string{}
	}
	d.pairs[key] = text
	d.vu.SetMetadata(d.pairs)
	return true
}

func (d *vuMetadata) Has(key string) bool {
	_, ok := d.pairs[key]
	return ok
}

func (d *vuMetadata) Delete(key string) bool {
	if _, ok := d.pairs[key]; ok {
		delete(d.pairs, key)
		d.vu.SetMetadata(d.pairs)
	}
	return true
}

func (d *vuMetadata) Keys() []string {
	return slices.Sorted(maps.Keys(d.pairs))
}

// tagValue converts a tag value as k6 accepts them: strings, numbers and
// booleans, as their string.
func tagValue(val sobek.Value) (string, bool) {
	switch val.Export().(type) {
	case string, int64, float64, bool:
		return val.String(), true
	}
	return "", false
}
