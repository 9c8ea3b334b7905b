// Package console is the script's console object (log, info, warn, error,
// debug), which prints its arguments as k6's console formats them.
package console

import (
	"strings"

	"github.com/grafana/sobek"
)

// Level is the level of a console method's output.
type Level int

// The levels of the console methods: log and info print at Info.
const (
	Debug Level = iota
	Info
	Warn
	Error
)

// VU is what the console needs of its VU.
type VU interface {
	// Runtime is the VU's JavaScript runtime.
	Runtime() *sobek.Runtime
	// ConsoleLog writes one line of script output at level.
	ConsoleLog(level Level, text string)
	// ConsoleDebug reports whether debug output is written (k6's -v);
	// console.debug formats nothing otherwise.
	ConsoleDebug() bool
}

// New builds the console object for vu.
func New(vu VU) *sobek.Object {
	rt := vu.Runtime()
	obj := rt.NewObject()
	for name, level := range map[string]Level{
		"log": Info, "info": Info, "warn": Warn, "error": Error, "debug": Debug,
	} {
		_ = obj.Set(name, func(call sobek.FunctionCall) sobek.Value {
			if level == Debug && !vu.ConsoleDebug() {
				return sobek.Undefined() // not even formatted
			}
			vu.ConsoleLog(level, formatArgs(rt, call.Arguments))
			return sobek.Undefined()
		})
	}
	return obj
}

// formatArgs joins console arguments with spaces, each formatted as k6
// prints it.
func formatArgs(rt *sobek.Runtime, args []sobek.Value) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = Format(rt, a)
	}
	return strings.Join(parts, " ")
}
