package accounting

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FirstLostShown is how many lost sequences a report lists per producer.
const FirstLostShown = 10

// Counts are the accounting numbers of one producer or of the run.
type Counts struct {
	Sent       uint64 `json:"sent"`
	Acked      uint64 `json:"acked"`
	Delivered  uint64 `json:"delivered"` // distinct sequences seen
	Lost       uint64 `json:"lost"`      // acknowledged and never seen
	Unacked    uint64 `json:"unacked"`   // sent without an acknowledgement: outcome unknown
	Duplicated uint64 `json:"duplicated"`
	OutOfOrder uint64 `json:"outOfOrder"`
}

func (c *Counts) add(o Counts) {
	c.Sent += o.Sent
	c.Acked += o.Acked
	c.Delivered += o.Delivered
	c.Lost += o.Lost
	c.Unacked += o.Unacked
	c.Duplicated += o.Duplicated
	c.OutOfOrder += o.OutOfOrder
}

// ProducerReport is one producer's accounting.
type ProducerReport struct {
	ID string `json:"id"`
	Counts
	FirstLost    []uint64      `json:"firstLost,omitempty"`
	LongestStall time.Duration `json:"longestStallNs"`
}

// Report is the accounting of the run. A JetStream producer's losses are
// judged against the read-back of ReadBackStream when there was one, else
// (and a core producer's always) against what the script's consumers
// received; Duplicated and OutOfOrder add both views. After a merge of
// instances that read back different streams, ReadBackStream lists them.
type Report struct {
	Counts
	ReadBackStream string           `json:"readBackStream,omitempty"`
	LongestStall   time.Duration    `json:"longestStallNs"`
	Producers      []ProducerReport `json:"producers"`
}

// Report classifies what the tracker holds now.
func (t *Tracker) Report() Report {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := Report{ReadBackStream: t.readBack}
	for _, id := range t.order {
		p := t.producers[id]
		if !p.used() {
			continue // an id handed out and never used
		}
		judge := Live
		if t.readBack != "" && p.jetStream {
			judge = Stream
		}
		pr := ProducerReport{ID: id, LongestStall: p.longestStall}
		pr.Sent, pr.Acked = p.sent.count(), p.acked.count()
		pr.Delivered = p.seen[judge].seen.count()
		pr.Unacked, _ = p.sent.minus(&p.acked, 0)
		// A producer this process did not see send (another natsk6
		// process's) has no acknowledged set to lose from.
		pr.Lost, pr.FirstLost = p.acked.minus(&p.seen[judge].seen, FirstLostShown)
		for v := range p.seen {
			pr.Duplicated += p.seen[v].duplicated
			pr.OutOfOrder += p.seen[v].outOfOrder
		}
		r.add(pr.Counts)
		r.LongestStall = max(r.LongestStall, pr.LongestStall)
		r.Producers = append(r.Producers, pr)
	}
	return r
}

// Text is the report as the end-of-test summary prints it.
func (r Report) Text() string {
	var b strings.Builder
	against := "the script's consumers"
	if r.ReadBackStream != "" {
		against = "a read-back of stream " + r.ReadBackStream + " for JetStream publishes"
	}
	fmt.Fprintf(&b, "  MESSAGE ACCOUNTING (delivery judged by %s)\n", against)
	fmt.Fprintf(&b, "    sent=%d acked=%d delivered=%d lost=%d unacked=%d duplicated=%d out_of_order=%d longest_ack_stall=%s\n",
		r.Sent, r.Acked, r.Delivered, r.Lost, r.Unacked, r.Duplicated, r.OutOfOrder, r.LongestStall.Round(time.Millisecond))
	for _, p := range r.Producers {
		if p.Lost == 0 {
			continue
		}
		seqs := make([]string, len(p.FirstLost))
		for i, s := range p.FirstLost {
			seqs[i] = strconv.FormatUint(s, 10)
		}
		more := ""
		if p.Lost > uint64(len(p.FirstLost)) {
			more = ", ..."
		}
		fmt.Fprintf(&b, "    producer %s lost %d: %s%s\n", p.ID, p.Lost, strings.Join(seqs, ", "), more)
	}
	return b.String()
}
