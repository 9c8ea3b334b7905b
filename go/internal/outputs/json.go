package outputs

import (
	"errors"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// newJSON is --out json=FILE: k6's JSON lines (FILE.gz: gzipped).
func newJSON(p Params) (metrics.Output, error) {
	if p.Arg == "" {
		return nil, errors.New("needs a file: --out json=FILE")
	}
	f, err := createFile(p.Arg)
	if err != nil {
		return nil, err
	}
	return metrics.NewJSONOutput("json ("+p.Arg+")", f, p.Thresholds), nil
}
