package script

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// inlineMapPrefix starts the source map comment esbuild appends.
const inlineMapPrefix = "//# sourceMappingURL=data:application/json;base64,"

// nameRemoteSources rewrites the inline source map of code so that remote
// modules appear in stack traces as their URL, not esbuild's
// "remote:URL" namespace path.
func nameRemoteSources(code string) (string, error) {
	i := strings.LastIndex(code, inlineMapPrefix)
	if i < 0 {
		return code, nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(code[i+len(inlineMapPrefix):]))
	if err != nil {
		return "", fmt.Errorf("source map: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", fmt.Errorf("source map: %w", err)
	}
	sources, _ := m["sources"].([]any)
	for j, s := range sources {
		if name, ok := s.(string); ok {
			sources[j] = strings.TrimPrefix(name, remoteNamespace+":")
		}
	}
	out, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("source map: %w", err)
	}
	return code[:i] + inlineMapPrefix + base64.StdEncoding.EncodeToString(out) + "\n", nil
}
