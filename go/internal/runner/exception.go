package runner

import (
	"errors"

	"github.com/grafana/sobek"
)

// reportException prints a script error with its source-mapped stack, as
// k6 does; inPromise marks a rejection nobody handled.
func (v *VU) reportException(err error, inPromise bool) {
	if isInterrupt(err) {
		return // an interrupted iteration or test.abort(): not the script's error
	}
	msg := exceptionText(err)
	if inPromise {
		msg = "Uncaught (in promise) " + msg
	}
	v.t.console.log("ERRO", msg, "source=stacktrace")
}

// exceptionText renders err with its stack when it is a JS exception.
func exceptionText(err error) string {
	var ex *sobek.Exception
	if errors.As(err, &ex) {
		return ex.String()
	}
	return err.Error()
}

// rejectionText renders the reason of a rejected Promise.
func (v *VU) rejectionText(reason sobek.Value) string {
	if obj, ok := reason.(*sobek.Object); ok {
		if stack := obj.Get("stack"); stack != nil && !sobek.IsUndefined(stack) {
			return stack.String()
		}
	}
	return v.formatValue(reason)
}

func isInterrupt(err error) bool {
	var ie *sobek.InterruptedError
	return errors.As(err, &ie)
}
