package natsmod

import (
	"errors"
	"testing"
)

// CodeOf returns the code of err, or 0 when err is not an *Error. Only
// tests need it: the binding layer reads *Error itself.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

// TestCodeTable checks the one table every code name and description
// comes from: the seed's 35 codes in order, each with a unique name.
func TestCodeTable(t *testing.T) {
	if len(Codes) != 35 || len(Descriptions) != 35 {
		t.Fatalf("%d codes, %d descriptions; the seed lists 35", len(Codes), len(Descriptions))
	}
	names := map[string]bool{}
	for i, c := range Codes {
		if i > 0 && c.Code <= Codes[i-1].Code {
			t.Errorf("code %d out of order", c.Code)
		}
		if c.Name == "" || names[c.Name] || c.Description == "" {
			t.Errorf("code %d: name %q (duplicate: %v), description %q", c.Code, c.Name, names[c.Name], c.Description)
		}
		names[c.Name] = true
	}
	if Descriptions[CodeStreamNotFound] != "Stream not found" || Codes[0].Name != "NoVUState" {
		t.Fatal("table does not match the seed")
	}
	if err := newError(CodeFlushFailed, nil, "flush"); err.Error() != "Flush failed (1013): flush" {
		t.Fatalf("message %q", err.Error())
	}
}
