package runner

import "fmt"

// Process exit codes, as k6 numbers them.
const (
	ExitOK               = 0
	ExitThresholdsFailed = 99
	ExitSetupTimeout     = 100
	ExitTeardownTimeout  = 101
	ExitInvalidConfig    = 104
	ExitExternalAbort    = 105
	ExitScriptException  = 107
	ExitScriptAborted    = 108
)

// exitError is a failure that ends the test with a specific exit code.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func exitf(code int, format string, args ...any) error {
	return &exitError{code: code, err: fmt.Errorf(format, args...)}
}
