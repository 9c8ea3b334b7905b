package runner

import (
	"sort"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// vuTags is exec.vu.metrics.tags: reading gives every tag the VU's
// samples carry now; tags set here are added to all its later samples,
// across iterations and scenarios, until deleted.
type vuTags struct{ v *VU }

func (d vuTags) Get(key string) sobek.Value {
	if val, ok := d.v.tags.Get(key); ok {
		return d.v.rt.ToValue(val)
	}
	return nil
}

func (d vuTags) Set(key string, val sobek.Value) bool {
	text, ok := tagValue(val)
	if !ok {
		d.v.t.console.log(levelWarn, "exec.vu.metrics.tags."+key+": only String, Boolean and Number types are accepted as a tag value; ignored", "")
		return true
	}
	if d.v.customTags == nil {
		d.v.customTags = map[string]string{}
	}
	d.v.customTags[key] = text
	d.v.retagKeepingGroup()
	return true
}

func (d vuTags) Has(key string) bool {
	_, ok := d.v.tags.Get(key)
	return ok
}

func (d vuTags) Delete(key string) bool {
	if _, ok := d.v.customTags[key]; ok {
		delete(d.v.customTags, key)
		d.v.retagKeepingGroup()
	}
	return true
}

func (d vuTags) Keys() []string {
	keys := make([]string, 0, len(d.v.tags.Tags))
	for _, tag := range d.v.tags.Tags {
		keys = append(keys, tag.Key)
	}
	return keys
}

// vuMetadata is exec.vu.metrics.metadata: pairs that go with every later
// sample of the VU to the outputs (--out json's "metadata"), without
// making series of their own as tags do.
type vuMetadata struct{ v *VU }

func (d vuMetadata) Get(key string) sobek.Value {
	if val, ok := d.v.metadata[key]; ok {
		return d.v.rt.ToValue(val)
	}
	return nil
}

func (d vuMetadata) Set(key string, val sobek.Value) bool {
	text, ok := tagValue(val)
	if !ok {
		d.v.t.console.log(levelWarn, "exec.vu.metrics.metadata."+key+": only String, Boolean and Number types are accepted as a metadata value; ignored", "")
		return true
	}
	if d.v.metadata == nil {
		d.v.metadata = map[string]string{}
	}
	d.v.metadata[key] = text
	d.v.sink.SetMetadata(metrics.NewMetadata(d.v.metadata))
	return true
}

func (d vuMetadata) Has(key string) bool {
	_, ok := d.v.metadata[key]
	return ok
}

func (d vuMetadata) Delete(key string) bool {
	if _, ok := d.v.metadata[key]; ok {
		delete(d.v.metadata, key)
		d.v.sink.SetMetadata(metrics.NewMetadata(d.v.metadata))
	}
	return true
}

func (d vuMetadata) Keys() []string {
	keys := make([]string, 0, len(d.v.metadata))
	for k := range d.v.metadata {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
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

func (v *VU) tagsObject() *sobek.Object {
	if v.tagsObj == nil {
		v.tagsObj = v.rt.NewDynamicObject(vuTags{v})
	}
	return v.tagsObj
}

func (v *VU) metadataObject() *sobek.Object {
	if v.metadataObj == nil {
		v.metadataObj = v.rt.NewDynamicObject(vuMetadata{v})
	}
	return v.metadataObj
}
