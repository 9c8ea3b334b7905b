package runner

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
	ExitMarkedAsFailed   = 110 // exec.test.fail() was called; the run went on
)
