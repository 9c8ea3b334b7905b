package runner

import (
	"fmt"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

// finishAccounting classifies the run's stamped messages once every
// consumer is done (after teardown, where a read-back runs) and emits
// nats_msgs_lost and nats_msgs_unacked through vu0's sink, ahead of the
// thresholds. A run that stamped nothing emits nothing.
func (t *testRun) finishAccounting(vu0 *VU) {
	if !t.accounting.Used() {
		return
	}
	rep := t.accounting.Report()
	t.accountingReport = &rep
	natsmod.EmitAccounting(t.registry, vu0.sink, vu0.tags, rep)
}

// printAccounting prints the accounting section after the text summary.
func (t *testRun) printAccounting() {
	if t.accountingReport != nil {
		fmt.Fprint(t.cfg.Stdout, "\n"+t.accountingReport.Text())
	}
}
