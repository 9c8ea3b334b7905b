package metrics

import (
	"fmt"
	"sort"
	"strings"
)

// sortedTags returns tags sorted by key, as tag sets and views keep them.
func sortedTags(tags []Tag) []Tag {
	if len(tags) == 0 {
		return nil
	}
	out := append([]Tag(nil), tags...)
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// parseSelector splits a threshold key "metric{k:v,...}" into the metric
// name and its sorted tag selector.
func parseSelector(key string) (name string, selector []Tag, err error) {
	open := strings.IndexByte(key, '{')
	if open < 0 {
		return strings.TrimSpace(key), nil, nil
	}
	if !strings.HasSuffix(key, "}") {
		return "", nil, fmt.Errorf("missing closing '}' in %q", key)
	}
	name = strings.TrimSpace(key[:open])
	body := strings.TrimSpace(key[open+1 : len(key)-1])
	if body == "" {
		return "", nil, fmt.Errorf("empty tag selector in %q", key)
	}
	seen := map[string]bool{}
	for _, pair := range strings.Split(body, ",") {
		k, v, ok := strings.Cut(pair, ":")
		k, v = strings.TrimSpace(k), strings.Trim(strings.TrimSpace(v), `"'`)
		if !ok || k == "" {
			return "", nil, fmt.Errorf("tag selector %q in %q is not key:value", strings.TrimSpace(pair), key)
		}
		if seen[k] {
			return "", nil, fmt.Errorf("tag %q appears twice in %q", k, key)
		}
		seen[k] = true
		selector = append(selector, Tag{k, v})
	}
	return name, sortedTags(selector), nil
}

// selectorName renders a sub-metric's name as k6 does: "metric{k:v,k2:v2}".
func selectorName(name string, selector []Tag) string {
	if len(selector) == 0 {
		return name
	}
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('{')
	for i, t := range selector {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(t.Key)
		b.WriteByte(':')
		b.WriteString(t.Value)
	}
	b.WriteByte('}')
	return b.String()
}
