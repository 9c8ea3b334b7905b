package webcrypto

import (
	"fmt"

	"github.com/grafana/sobek"
)

// domError is a WebCrypto failure: name is the DOMException name the
// specification gives it (NotSupportedError, InvalidAccessError, ...).
type domError struct {
	name, msg string
}

func (e *domError) Error() string { return e.name + ": " + e.msg }

func errorf(name, format string, args ...any) error {
	return &domError{name: name, msg: fmt.Sprintf(format, args...)}
}

// jsError renders err as a JS Error whose name is the DOMException name,
// so that String(e) and e.name read as in k6 and browsers.
func jsError(rt *sobek.Runtime, err error) sobek.Value {
	name, msg := "OperationError", err.Error()
	if de, ok := err.(*domError); ok {
		name, msg = de.name, de.msg
	}
	if name == "TypeError" {
		return rt.NewTypeError(msg)
	}
	ctor, _ := sobek.AssertConstructor(rt.Get("Error"))
	obj, cerr := ctor(nil, rt.ToValue(msg))
	if cerr != nil {
		return rt.NewGoError(err)
	}
	_ = obj.Set("name", name)
	return obj
}

// promised runs op now and returns a Promise of its result, rejected with
// op's error: WebCrypto's methods all return Promises.
func promised(rt *sobek.Runtime, op func() (any, error)) *sobek.Promise {
	p, resolve, reject := rt.NewPromise()
	if v, err := op(); err != nil {
		_ = reject(jsError(rt, err))
	} else {
		_ = resolve(v)
	}
	return p
}
