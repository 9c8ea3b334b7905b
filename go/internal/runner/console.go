package runner

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Log levels, as the terminal layout prints them.
const (
	levelDebug = "DEBU"
	levelInfo  = "INFO"
	levelWarn  = "WARN"
	levelError = "ERRO"
)

// logfmtLevels are the level names of the logfmt layout.
var logfmtLevels = map[string]string{
	levelDebug: "debug", levelInfo: "info", levelWarn: "warning", levelError: "error",
}

// console writes script logs and runner messages to stderr as k6 does:
// on a terminal `INFO[0003] message   source=console`, elsewhere (a file,
// a pipe, CI) logfmt: `time="..." level=info msg=message source=console`.
type console struct {
	mu      sync.Mutex
	w       io.Writer
	start   time.Time
	format  string // --log-format: text ("" too), json or raw
	logfmt  bool   // the text format off a terminal
	verbose bool   // -v: debug messages are written
}

func newConsoleWriter(w io.Writer, terminal, verbose bool) *console {
	return &console{w: w, start: time.Now(), logfmt: !terminal, verbose: verbose}
}

// log prints one entry; fields are space-separated key=value pairs.
func (c *console) log(level, msg string, fields string) {
	if level == levelDebug && !c.verbose {
		return
	}
	if c.format == "json" || c.format == "raw" {
		c.structured(level, msg, fields)
		return
	}
	msg = strings.TrimRight(msg, "\n")
	var b strings.Builder
	if c.logfmt {
		fmt.Fprintf(&b, "time=%q level=%s msg=%s", time.Now().Format(time.RFC3339), logfmtLevels[level], logfmtValue(msg))
		for _, f := range strings.Fields(fields) {
			k, v, _ := strings.Cut(f, "=")
			fmt.Fprintf(&b, " %s=%s", k, logfmtValue(v))
		}
	} else {
		fmt.Fprintf(&b, "%s[%04d] ", level, int(time.Since(c.start).Seconds()))
		if fields != "" {
			// The message column is 44 wide so that fields line up, as in k6.
			fmt.Fprintf(&b, "%-44s %s", msg, fields)
		} else {
			b.WriteString(msg)
		}
	}
	b.WriteByte('\n')
	c.mu.Lock()
	defer c.mu.Unlock()
	_, _ = io.WriteString(c.w, b.String())
}

// logfmtValue quotes s unless it consists only of characters that need
// no quoting in logfmt.
func logfmtValue(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._/@^+", r)) {
			return strconv.Quote(s)
		}
	}
	return s
}

// errorf reports a runner-side problem (an exception, a failed output).
func (c *console) errorf(format string, args ...any) {
	c.log(levelError, fmt.Sprintf(format, args...), "")
}
