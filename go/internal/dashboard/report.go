package dashboard

import (
	"bytes"
	_ "embed"
)

// The page's script and styles, bundled from ui/ by cmd/buildui (make
// dashboard); committed so that `go build` needs no npm.
var (
	//go:embed assets/dashboard.js
	pageScript []byte
	//go:embed assets/dashboard.css
	pageStyle []byte
)

// reportHTML is the page with its script and styles inlined, so that it
// opens with no network. state is the run's JSON for the report; nil
// makes the live page, which reads the state from /events.
func reportHTML(state []byte) []byte {
	if state == nil {
		state = []byte("null")
	}
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>natsk6 test report</title>\n<style>\n")
	b.Write(pageStyle)
	b.WriteString("</style>\n</head>\n<body>\n<div id=\"app\"></div>\n")
	// encoding/json escapes <, > and & in strings, so the data cannot
	// end its script element early.
	b.WriteString("<script id=\"natsk6-state\" type=\"application/json\">")
	b.Write(state)
	b.WriteString("</script>\n<script>\n")
	b.Write(pageScript)
	b.WriteString("</script>\n</body>\n</html>\n")
	return b.Bytes()
}
