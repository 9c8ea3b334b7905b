package openloop

import "time"

// Pacer waits for due times with one reused timer. A message already
// due does not wait: it goes at once, late, and the schedule goes on.
type Pacer struct {
	timer *time.Timer
}

func NewPacer() *Pacer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &Pacer{timer: t}
}

// Until waits until due, and returns the time it woke (not the timer's:
// the goroutine may run well after it fired) or ok false when done was
// closed first. A late due time only checks done.
func (p *Pacer) Until(due time.Time, done <-chan struct{}) (now time.Time, ok bool) {
	now = time.Now()
	wait := due.Sub(now)
	if wait <= 0 {
		select {
		case <-done:
			return now, false
		default:
			return now, true
		}
	}
	p.timer.Reset(wait)
	select {
	case <-p.timer.C:
		return time.Now(), true
	case <-done:
		p.timer.Stop()
		return time.Now(), false
	}
}

// Stop releases the timer.
func (p *Pacer) Stop() { p.timer.Stop() }
