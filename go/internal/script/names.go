package script

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// defaultExportNames returns the pattern of the names esbuild gives the
// anonymous default exports of the bundled files: "<file>_default",
// with a number appended when two files share a name. <file> is the
// file's base name without extension ("index" takes its directory's
// name) as an identifier, each run of other characters becoming "_".
// Stack traces show these where k6 shows "default".
func defaultExportNames(metafile string) (*regexp.Regexp, error) {
	var meta struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(metafile), &meta); err != nil {
		return nil, fmt.Errorf("esbuild metafile: %w", err)
	}
	seen := map[string]bool{}
	var alts []string
	for input := range meta.Inputs {
		name := identifierFromPath(input)
		if !seen[name] {
			seen[name] = true
			alts = append(alts, regexp.QuoteMeta(name))
		}
	}
	if len(alts) == 0 {
		return nil, nil
	}
	return regexp.Compile(`^(?:` + strings.Join(alts, "|") + `)_default\d*$`)
}

// identifierFromPath is esbuild's name for a module at p.
func identifierFromPath(p string) string {
	p = strings.ReplaceAll(p, "\\", "/")
	dir, base := path.Split(p)
	base = strings.TrimSuffix(base, path.Ext(base))
	if base == "index" {
		if d := path.Base(strings.TrimSuffix(dir, "/")); d != "" && d != "." && d != "/" {
			base = d
		}
	}
	var b strings.Builder
	gap := false
	for _, c := range base {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || b.Len() > 0 && c >= '0' && c <= '9' {
			if gap {
				b.WriteByte('_')
				gap = false
			}
			b.WriteRune(c)
		} else if b.Len() > 0 {
			gap = true
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}
