package runner

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/pondigo/natsk6/go/internal/progress"
)

// openLogs builds the consoles of a run from --log-output, --log-format
// and --console-output: the runner's log, and the one console.* writes
// to (the same unless --console-output names a file). closeFiles closes
// the files opened.
func openLogs(cfg Config, stderr *progress.Output) (logs, scriptLogs *console, closeFiles func(), err error) {
	var w io.Writer = stderr // through progress, which keeps its bars clear of log lines
	terminal := isTerminal(cfg.Stderr)
	var files []*os.File
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	switch cfg.LogOutput.Kind {
	case "stdout":
		w, terminal = cfg.Stdout, isTerminal(cfg.Stdout)
	case "none":
		w = io.Discard
	case "file":
		f, err := os.OpenFile(cfg.LogOutput.Path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("--log-output: %w", err)
		}
		files, w, terminal = append(files, f), f, false
	}
	logs = newConsoleWriter(w, terminal, cfg.Verbose)
	logs.format = cfg.LogFormat
	scriptLogs = logs
	if cfg.ConsoleOutput != "" {
		f, err := os.Create(cfg.ConsoleOutput)
		if err != nil {
			closeAll()
			return nil, nil, nil, fmt.Errorf("--console-output: %w", err)
		}
		files = append(files, f)
		scriptLogs = newConsoleWriter(f, false, cfg.Verbose)
		scriptLogs.format, scriptLogs.start = cfg.LogFormat, logs.start
	}
	return logs, scriptLogs, closeAll, nil
}

// structured writes one log line in the json or raw --log-format: raw
// is the message alone, json has k6's level, msg, time and the fields.
func (c *console) structured(level, msg, fields string) {
	msg = strings.TrimRight(msg, "\n")
	line := msg
	if c.format == "json" {
		entry := map[string]string{"level": jsonLevels[level], "msg": msg, "time": time.Now().Format(time.RFC3339)}
		for _, f := range strings.Fields(fields) {
			if k, v, ok := strings.Cut(f, "="); ok {
				entry[k] = v
			}
		}
		b, _ := json.Marshal(entry) // a map of strings always encodes
		line = string(b)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintln(c.w, line)
}

// jsonLevels are logrus's level names, which k6's JSON logs carry.
var jsonLevels = map[string]string{"DEBU": "debug", "INFO": "info", "WARN": "warning", "ERRO": "error"}

// debugf logs a runner debug message; only with -v.
func (c *console) debugf(format string, args ...any) {
	if c.verbose {
		c.log("DEBU", fmt.Sprintf(format, args...), "")
	}
}
