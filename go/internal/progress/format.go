package progress

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// barWidth is the width of a bar between its brackets, as k6 draws it.
const barWidth = 40

// statusLine is `running (00m05.0s), 05/10 VUs, 1234 complete and 0
// interrupted iterations`; the final one drops the padding of minutes:
// `running (0m20.0s), ...`.
func statusLine(s Status, final bool) string {
	return fmt.Sprintf("running (%s), %s VUs, %d complete and %d interrupted iterations",
		clock(s.Elapsed, !final), ratio(s.ActiveVUs, s.MaxVUs), s.Complete, s.Interrupted)
}

// barLine is one scenario's line in at most width columns: `default   [====>   ] 10 VUs  05.0s/30s`
// on a terminal (tty), `default   [  17% ] 10 VUs  05.0s/30s` in plain text.
func barLine(b Bar, nameWidth, width int, tty bool) string {
	mark := " "
	switch b.State {
	case Done:
		mark = "✓"
	case Stopped:
		mark = "✗"
	}
	head := fmt.Sprintf("%-*s %s ", nameWidth, b.Name, mark)
	tail := " " + vus(b) + "  " + timing(b)
	if b.Detail != "" {
		tail += "  " + b.Detail
	}
	if !tty {
		return head + fmt.Sprintf("[ %3d%% ]", int(clamp(b.Fraction)*100)) + tail
	}
	room := width - utf8.RuneCountInString(head) - len(tail) - 2
	return head + "[" + drawBar(b.Fraction, min(barWidth, max(room, 10))) + "]" + tail
}

// drawBar fills width columns: `=====>-----`.
func drawBar(fraction float64, width int) string {
	filled := int(clamp(fraction) * float64(width))
	if filled >= width {
		return strings.Repeat("=", width)
	}
	arrow := ""
	if filled > 0 {
		filled--
		arrow = ">"
	}
	return strings.Repeat("=", filled) + arrow + strings.Repeat("-", width-filled-len(arrow))
}

func vus(b Bar) string {
	if b.MaxVUs > 0 {
		return ratio(b.VUs, b.MaxVUs) + " VUs"
	}
	return strconv.Itoa(b.VUs) + " VUs"
}

// timing is `05.0s/30s` while running, the duration alone once a timed
// scenario is done, `waiting  02.0s` before it starts (`waiting` while
// setup runs before a scenario without startTime).
func timing(b Bar) string {
	switch {
	case b.State == Waiting && b.Elapsed <= 0:
		return "waiting"
	case b.State == Waiting:
		return "waiting  " + elapsedIn(b.Elapsed, b.Elapsed)
	case b.State == Done && !b.ByIterations:
		return shortDuration(b.Duration)
	}
	return elapsedIn(min(b.Elapsed, b.Duration), b.Duration) + "/" + shortDuration(b.Duration)
}

// elapsedIn formats d with as many units as total needs: 05.0s under a
// minute, 01m05.0s under an hour, 1h01m05.0s beyond.
func elapsedIn(d, total time.Duration) string {
	switch {
	case total < time.Minute:
		return fmt.Sprintf("%04.1fs", d.Seconds())
	case total < time.Hour:
		return clock(d, true)
	}
	h := d / time.Hour
	return fmt.Sprintf("%dh%s", h, clock(d-h*time.Hour, true))
}

// clock is minutes and seconds with a tenth: 00m05.0s (padded) or 0m05.0s.
func clock(d time.Duration, pad bool) string {
	m := d / time.Minute
	secs := (d - m*time.Minute).Seconds()
	if pad {
		return fmt.Sprintf("%02dm%04.1fs", m, secs)
	}
	return fmt.Sprintf("%dm%04.1fs", m, secs)
}

// shortDuration is Go's notation, as k6 prints a scenario's length:
// 30s, 10m0s, 1m30s.
func shortDuration(d time.Duration) string {
	return d.Round(100 * time.Millisecond).String()
}

// ratio pads n to the width of total: 05/10.
func ratio(n, total int) string {
	w := len(strconv.Itoa(total))
	return fmt.Sprintf("%0*d/%d", w, n, total)
}

func clamp(f float64) float64 { return min(max(f, 0), 1) }
