package runner

import (
	"time"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/modules/k6"
	k6console "github.com/pondigo/natsk6/go/internal/modules/k6/console"
	"github.com/pondigo/natsk6/go/internal/modules/k6/execution"
	k6metrics "github.com/pondigo/natsk6/go/internal/modules/k6/metrics"
	"github.com/pondigo/natsk6/go/internal/modules/k6/timers"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// The VU as the k6 modules see it: the interfaces they declare, so that
// they hold no runner types.
var (
	_ k6.ModuleVU   = (*VU)(nil)
	_ k6metrics.VU  = (*VU)(nil)
	_ execution.VU  = (*VU)(nil)
	_ timers.VU     = (*VU)(nil)
	_ k6console.VU  = (*VU)(nil)
	_ execution.Run = (*testRun)(nil)
)

func (v *VU) Runtime() *sobek.Runtime       { return v.rt }
func (v *VU) InInit() bool                  { return v.inInit }
func (v *VU) Tags() *metrics.TagSet         { return v.tags }
func (v *VU) Registry() *metrics.Registry   { return v.t.registry }
func (v *VU) Builtin() *metrics.Builtin     { return v.t.builtin }
func (v *VU) HasSystemTag(name string) bool { return v.t.hasSystemTag(name) }
func (v *VU) Group() string                 { return v.group }
func (v *VU) Warn(msg string)               { v.t.console.log(levelWarn, msg, "") }

func (v *VU) Emit(m *metrics.Metric, tags *metrics.TagSet, value float64) {
	v.sink.Add(m, tags, value)
}

// ThrowOption is options.throw; false while the options are read.
func (v *VU) ThrowOption() bool { return v.t.opts != nil && v.t.opts.Throw }

// Sleep runs the VU's event loop for d. Interruption of the iteration
// ends it early and stops the script now rather than when the guard's
// goroutine gets to it.
func (v *VU) Sleep(d time.Duration) {
	if err := v.loop.RunFor(v.ctx, d); err != nil {
		v.rt.Interrupt(errInterrupted)
	}
}

func (v *VU) Reserve() func(func()) { return v.loop.Reserve() }

func (v *VU) ReportException(err error) { v.reportException(err, false) }

// consoleLevels are the log levels of the console methods' output.
var consoleLevels = map[k6console.Level]string{
	k6console.Debug: levelDebug, k6console.Info: levelInfo, k6console.Warn: levelWarn, k6console.Error: levelError,
}

func (v *VU) ConsoleLog(level k6console.Level, text string) {
	v.t.scriptLogs.log(consoleLevels[level], v.t.cleanStack(text), "source=console")
}

func (v *VU) ConsoleDebug() bool { return v.t.scriptLogs.verbose }

func (v *VU) IterationInInstance() int64 { return v.iterInInstance }

func (v *VU) Scenario() (*scheduler.Scenario, scheduler.Iteration) { return v.scenario, v.iter }

func (v *VU) SetTag(key, value string) {
	if v.customTags == nil {
		v.customTags = map[string]string{}
	}
	v.customTags[key] = value
	v.retagKeepingGroup()
}

func (v *VU) DeleteTag(key string) {
	if _, ok := v.customTags[key]; ok {
		delete(v.customTags, key)
		v.retagKeepingGroup()
	}
}

func (v *VU) SetMetadata(pairs map[string]string) {
	v.sink.SetMetadata(metrics.NewMetadata(pairs))
}

func (v *VU) Run() execution.Run { return v.t }
