package jsbind

import (
	"reflect"
	"time"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/optread"
)

// Argument readers: each throws a 1003 NatsError naming the argument.

// isAbsent reports an argument left out, undefined or null.
func isAbsent(v sobek.Value) bool {
	return v == nil || sobek.IsUndefined(v) || sobek.IsNull(v)
}

// stringArg reads argument i as a string; absent gives "".
func stringArg(b *Binder, call sobek.FunctionCall, i int, name string) string {
	v := call.Argument(i)
	if isAbsent(v) {
		return ""
	}
	s, ok := v.(sobek.String) // not Export: it boxes the string
	if !ok {
		b.Throw(&natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: name + ": expected a string, got " + typeName(v)})
	}
	return s.String()
}

// integerArg reads argument i as a whole number; absent gives 0.
func integerArg(b *Binder, call sobek.FunctionCall, i int, name string) int64 {
	v := call.Argument(i)
	if isAbsent(v) {
		return 0
	}
	if t := v.ExportType(); t != nil { // not Export: it boxes the number
		switch t.Kind() {
		case reflect.Int64, reflect.Float64:
			return v.ToInteger()
		}
	}
	b.Throw(&natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: name + ": expected a number, got " + typeName(v)})
	return 0
}

// timeoutArg reads argument i as a timeout in milliseconds; absent or 0
// gives 0, the call's default. Beyond optread.Longest it is Longest.
func timeoutArg(b *Binder, call sobek.FunctionCall, i int, name string) time.Duration {
	ms := integerArg(b, call, i, name)
	if ms < 0 {
		b.Throw(&natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: name + ": must not be negative"})
	}
	return optread.Millis(float64(ms))
}

// handlerArg reads argument i as a function.
func handlerArg(b *Binder, call sobek.FunctionCall, i int) sobek.Callable {
	return functionValue(b, call.Argument(i))
}

// functionValue converts v to a function; anything else is a 1003 error.
func functionValue(b *Binder, v sobek.Value) sobek.Callable {
	fn, ok := sobek.AssertFunction(v)
	if !ok {
		b.Throw(&natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: "handler: expected a function, got " + typeName(v)})
	}
	return fn
}

// optionsArg reads argument i as an options object; absent gives an empty map.
func optionsArg(b *Binder, call sobek.FunctionCall, i int, what string) map[string]any {
	opts, err := b.Options(call.Argument(i), what)
	b.Check(err)
	return opts
}

// checked throws err if any, else returns undefined: the tail of a void method.
func checked(b *Binder, err error) sobek.Value {
	b.Check(err)
	return sobek.Undefined()
}
