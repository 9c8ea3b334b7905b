package script

import "testing"

func TestIdentifierFromPathIsEsbuildsModuleName(t *testing.T) {
	for path, want := range map[string]string{
		"plainconnect.js":       "plainconnect",
		"plain-connect.2.js":    "plain_connect_2",
		"lib/index.js":          "lib",
		"index.ts":              "index",
		"/abs/dir/1st-try.mjs":  "st_try",
		"remote:https://x/y.js": "y",
		"C:\\scripts\\load.js":  "load",
	} {
		if got := identifierFromPath(path); got != want {
			t.Errorf("identifierFromPath(%q) = %q, want %q", path, got, want)
		}
	}
}
