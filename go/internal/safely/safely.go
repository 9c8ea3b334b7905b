// Package safely keeps a panic in natsk6's own Go code (a bug) from
// killing the process: work a script triggered on a goroutine of its
// own (a VU's iteration, init code, an async call, publishRate, a KV
// watch) runs through Do or Call, and a panic becomes the error of the
// one call that hit it, which the script or the run then reports.
package safely

import "fmt"

// Panic is the error a recovered panic becomes.
type Panic struct {
	Value any // what was passed to panic
}

func (p *Panic) Error() string {
	return fmt.Sprintf("internal error (a natsk6 bug: please report it): panic: %v", p.Value)
}

// Unwrap exposes a panic value that is an error, such as a runtime error.
func (p *Panic) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// Do runs work; a panic in it is returned as a *Panic.
func Do(work func() error) (err error) {
	defer recoverInto(&err)
	return work()
}

// Call runs work and returns its results; a panic in it is returned as
// a *Panic with the zero result.
func Call[T any](work func() (T, error)) (result T, err error) {
	defer recoverInto(&err)
	return work()
}

// recoverInto is deferred by Do and Call: recover works only in the
// deferred function itself.
func recoverInto(err *error) {
	switch r := recover().(type) {
	case nil:
	case *Panic: // recovered once already, and passed on
		*err = r
	default:
		*err = &Panic{Value: r}
	}
}
