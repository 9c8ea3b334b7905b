// Package modtest runs JavaScript against one module in a bare sobek
// runtime, for the modules' unit tests.
package modtest

import (
	"testing"

	"github.com/grafana/sobek"
)

// Eval defines the global name as build(rt) and returns the value of src.
func Eval(t *testing.T, name string, build func(*sobek.Runtime) *sobek.Object, src string) sobek.Value {
	t.Helper()
	rt := sobek.New()
	if err := rt.Set(name, build(rt)); err != nil {
		t.Fatal(err)
	}
	v, err := rt.RunString(src)
	if err != nil {
		t.Fatalf("%s\n%v", src, err)
	}
	return v
}

// String is Eval for scripts whose value is a string.
func String(t *testing.T, name string, build func(*sobek.Runtime) *sobek.Object, src string) string {
	t.Helper()
	return Eval(t, name, build, src).String()
}
