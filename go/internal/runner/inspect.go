package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/pondigo/natsk6/go/internal/progress"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// Inspect runs the script's init code in one VU and returns its options
// consolidated with the config file and K6_* layers (k6 inspect), as
// indented JSON. requirements adds k6's execution requirements: the
// longest the test can take (totalDuration, graceful stops included) and
// the most VUs it can use (maxVUs). The code is the exit code, with the
// error when there is one.
func Inspect(ctx context.Context, cfg Config, requirements bool) ([]byte, int, error) {
	out := progress.NewOutput(cfg.Stderr)
	logs, scriptLogs, closeLogs, err := openLogs(cfg, out)
	if err != nil {
		return nil, ExitInvalidConfig, err
	}
	defer closeLogs()
	t := &testRun{cfg: cfg, out: out, console: logs, scriptLogs: scriptLogs}
	if err := t.load(); err != nil {
		return nil, ExitScriptException, err
	}
	stopServer, err := t.serveNATS()
	if err != nil {
		return nil, ExitScriptException, err
	}
	defer stopServer()
	vu0, err := newVU(ctx, t, 0)
	if err != nil {
		code, err := t.scriptFailure("init", err)
		return nil, code, err
	}
	defer vu0.close()
	opts, err := t.readOptions(vu0)
	if err != nil {
		return nil, ExitInvalidConfig, err
	}
	raw := t.optionsJSON
	if requirements {
		if raw, err = withRequirements(raw, opts); err != nil {
			return nil, ExitScriptException, err
		}
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, raw, "", "  "); err != nil {
		return nil, ExitScriptException, fmt.Errorf("inspect: %w", err)
	}
	pretty.WriteByte('\n')
	return pretty.Bytes(), ExitOK, nil
}

// withRequirements adds totalDuration and maxVUs to the options object.
func withRequirements(raw []byte, opts *scheduler.Options) ([]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, fmt.Errorf("inspect: %w", err)
	}
	obj["totalDuration"], _ = json.Marshal(scheduler.FormatDuration(opts.MaxDuration()))
	obj["maxVUs"], _ = json.Marshal(opts.MaxVUs())
	return json.Marshal(obj)
}
