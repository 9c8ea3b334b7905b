package runner

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/grafana/sobek"
)

// console writes script logs and runner messages to stderr in k6's
// layout: `INFO[0003] message  source=console`.
type console struct {
	mu      sync.Mutex
	w       io.Writer
	start   time.Time
	format  string // --log-format: text ("" too), json or raw
	verbose bool   // -v: debug messages are written
}

func newConsoleWriter(w io.Writer) *console {
	return &console{w: w, start: time.Now()}
}

func (c *console) log(level, msg string, fields string) {
	if c.format == "json" || c.format == "raw" {
		c.structured(level, msg, fields)
		return
	}
	secs := int(time.Since(c.start).Seconds())
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.w, "%s[%04d] %s", level, secs, strings.TrimRight(msg, "\n"))
	if fields != "" {
		fmt.Fprintf(c.w, "  %s", fields)
	}
	fmt.Fprintln(c.w)
}

// errorf reports a runner-side problem (an exception, a failed output).
func (c *console) errorf(format string, args ...any) {
	c.log("ERRO", fmt.Sprintf(format, args...), "")
}

// newConsole builds the script's console object.
func (v *VU) newConsole() *sobek.Object {
	obj := v.rt.NewObject()
	for name, level := range map[string]string{
		"log": "INFO", "info": "INFO", "warn": "WARN", "error": "ERRO", "debug": "DEBU",
	} {
		level := level
		_ = obj.Set(name, func(call sobek.FunctionCall) sobek.Value {
			v.t.scriptLogs.log(level, v.formatArgs(call.Arguments), "source=console")
			return sobek.Undefined()
		})
	}
	return obj
}

// formatArgs joins console arguments: strings as they are, errors with
// their message, other objects as JSON where possible.
func (v *VU) formatArgs(args []sobek.Value) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = v.formatValue(a)
	}
	return strings.Join(parts, " ")
}

func (v *VU) formatValue(a sobek.Value) string {
	obj, isObj := a.(*sobek.Object)
	if !isObj || sobek.IsUndefined(a) || sobek.IsNull(a) {
		return a.String()
	}
	if _, isFn := sobek.AssertFunction(a); isFn {
		return a.String()
	}
	if errorLike(obj) {
		return obj.String()
	}
	if b, err := obj.MarshalJSON(); err == nil {
		return string(b)
	}
	return a.String()
}

// errorLike reports whether obj is an Error (its prototype chain has a
// stack-carrying error shape), which prints best as "Name: message".
func errorLike(obj *sobek.Object) bool {
	for p := obj; p != nil; p = p.Prototype() {
		if p.ClassName() == "Error" {
			return true
		}
	}
	return false
}
