package outputs

import (
	"errors"
	"fmt"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// Open makes the planned outputs, in order. When one fails, those made
// before it are stopped (a dashboard's server must not stay up) and the
// error names the output.
func (p Plan) Open(thresholds func() []*metrics.Threshold) ([]metrics.Output, error) {
	var outs []metrics.Output
	for _, s := range p.Specs {
		o, err := constructors[s.Name](Params{Arg: s.Arg, Env: p.Env, Thresholds: thresholds})
		if err != nil {
			errs := []error{fmt.Errorf("--out %s: %w", s.Name, err)}
			for _, made := range outs {
				errs = append(errs, made.Stop())
			}
			return nil, errors.Join(errs...)
		}
		outs = append(outs, o)
	}
	return outs, nil
}
