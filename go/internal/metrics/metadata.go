package metrics

import (
	"encoding/json"
	"maps"
)

// Metadata is what k6/execution's vu.metrics.metadata held when a sample
// was taken: key/value pairs that go with each sample to the outputs but,
// unlike tags, make no series of their own. A Metadata never changes.
type Metadata struct {
	pairs map[string]string
	json  []byte // encoded once, for the JSON output
}

// NewMetadata freezes pairs; nil when there are none.
func NewMetadata(pairs map[string]string) *Metadata {
	if len(pairs) == 0 {
		return nil
	}
	md := &Metadata{pairs: maps.Clone(pairs)}
	md.json, _ = json.Marshal(md.pairs)
	return md
}

// Map returns the pairs as a fresh map; nil for no metadata.
func (md *Metadata) Map() map[string]string {
	if md == nil {
		return nil
	}
	return maps.Clone(md.pairs)
}

// SetMetadata attaches md to the samples the sink records from now on.
func (s *Sink) SetMetadata(md *Metadata) { s.metadata = md }
