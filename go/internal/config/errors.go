package config

import "errors"

var errNotObject = errors.New("must be a JSON object")

// Error is a bad value in one layer, named by where it came from: a
// flag (--vus), an environment variable (K6_VUS) or a file.
type Error struct {
	Source string
	Err    error
}

func (e *Error) Error() string { return e.Source + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }
