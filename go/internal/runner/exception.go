package runner

import (
	"errors"
	"regexp"
	"strings"

	"github.com/grafana/sobek"

	k6console "github.com/pondigo/natsk6/go/internal/modules/k6/console"
)

// reportException prints a script error with its source-mapped stack, as
// k6 does; inPromise marks a rejection nobody handled.
func (v *VU) reportException(err error, inPromise bool) {
	if isInterrupt(err) {
		return // an interrupted iteration or test.abort(): not the script's error
	}
	msg := v.t.exceptionText(err)
	if inPromise {
		msg = "Uncaught (in promise) " + msg
	}
	v.t.console.log(levelError, msg, "source=stacktrace")
}

// exceptionText renders err with its stack when it is a JS exception.
func (t *testRun) exceptionText(err error) string {
	var ex *sobek.Exception
	if errors.As(err, &ex) {
		return t.cleanStack(ex.String())
	}
	return t.cleanStack(err.Error())
}

// rejectionText renders the reason of a rejected Promise.
func (v *VU) rejectionText(reason sobek.Value) string {
	if obj, ok := reason.(*sobek.Object); ok {
		if stack := obj.Get("stack"); stack != nil && !sobek.IsUndefined(stack) {
			return v.t.cleanStack(stack.String())
		}
	}
	return k6console.Format(v.rt, reason)
}

func isInterrupt(err error) bool {
	var ie *sobek.InterruptedError
	return errors.As(err, &ie)
}

// stackFrame is one "at ..." line of a stack trace: the function name,
// if any, and where it is.
var stackFrame = regexp.MustCompile(`^(\s*at )(?:(\S+) \((.*)\)|(.*))$`)

// goFunction matches a Go function's name in a native frame: a package
// path ("github.com/x/y.f") or a qualified name ("reflect.call").
var goFunction = regexp.MustCompile(`^[a-z][\w.-]*/|^[a-z]\w*\.|\(\*`)

// cleanStack makes stack traces read as the script's own, as in k6: it
// drops the frames of natsk6's own code (sources named "natsk6:...", Go
// functions) and shows the functions esbuild named "<file>_default" as
// "default".
func (t *testRun) cleanStack(text string) string {
	if !strings.Contains(text, "at ") {
		return text
	}
	lines := strings.Split(text, "\n")
	kept := lines[:0]
	for _, line := range lines {
		m := stackFrame.FindStringSubmatch(line)
		if m == nil {
			kept = append(kept, line)
			continue
		}
		name, where := m[2], m[3]
		if name == "" {
			where = m[4]
		}
		if strings.HasPrefix(where, "natsk6:") || where == "native" && goFunction.MatchString(name) {
			continue
		}
		if t.defaultNames != nil && t.defaultNames.MatchString(name) {
			line = m[1] + "default (" + where + ")"
		}
		kept = append(kept, line)
	}
	return strings.Join(kept, "\n")
}
