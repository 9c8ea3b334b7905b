package progress

import (
	"cmp"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/vbauerster/cupwriter"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"
)

// RedrawEvery is how often a terminal's progress is redrawn.
const RedrawEvery = 100 * time.Millisecond

// PlainEvery is how often a plain (non-terminal) progress line is
// printed by default, so CI logs stay short.
const PlainEvery = 10 * time.Second

// Output is the run's stderr. While progress is shown on a terminal,
// what is written to it (console.log, warnings) lands above the bars
// instead of tearing them.
type Output struct {
	w   io.Writer
	tty bool

	mu sync.Mutex
	p  *mpb.Progress // the live display, nil when none

	wmu sync.Mutex // serializes writes straight to w: log lines and plain progress pictures
}

// NewOutput wraps w; progress redraws in place only when w is a terminal.
func NewOutput(w io.Writer) *Output {
	o := &Output{w: w}
	if f, ok := w.(*os.File); ok {
		o.tty = term.IsTerminal(int(f.Fd()))
	}
	return o
}

// Write prints b above a live display, or straight through.
func (o *Output) Write(b []byte) (int, error) {
	o.mu.Lock()
	p := o.p
	o.mu.Unlock()
	if p != nil {
		if n, err := p.Write(b); err == nil {
			return n, nil
		}
	}
	return o.writeDirect(b)
}

// writeDirect writes b to w, one writer at a time: log lines come from
// VU goroutines while the plain progress ticker prints its pictures.
func (o *Output) writeDirect(b []byte) (int, error) {
	o.wmu.Lock()
	defer o.wmu.Unlock()
	return o.w.Write(b)
}

// Start shows status until the returned stop is called; stop prints the
// final state, which stays on screen. On a terminal the lines are redrawn
// every RedrawEvery; elsewhere a plain picture is printed every
// plainEvery (PlainEvery when 0) and once at the end.
func (o *Output) Start(status func() Status, plainEvery time.Duration) (stop func()) {
	if o.tty {
		return o.startTerminal(status)
	}
	return o.startPlain(status, cmp.Or(plainEvery, PlainEvery))
}

// startPlain prints a blank-line separated picture at each tick.
func (o *Output) startPlain(status func() Status, every time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				_, _ = o.writeDirect([]byte(plainPicture(status(), false)))
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
		_, _ = o.writeDirect([]byte(plainPicture(status(), true)))
	}
}

func plainPicture(s Status, final bool) string {
	out := "\n" + statusLine(s, final) + "\n"
	nameWidth := nameWidth(s.Bars)
	for _, b := range s.Bars {
		out += barLine(b, nameWidth, 0, false) + "\n"
	}
	return out
}

func nameWidth(bars []Bar) int {
	w := 0
	for _, b := range bars {
		w = max(w, len(b.Name))
	}
	return w
}

// startTerminal draws the status line and the bars with mpb, one mpb bar
// per line, each filled with the text of the current Status.
func (o *Output) startTerminal(status func() Status) (stop func()) {
	var final atomic.Bool // the final picture is due
	cw := sizedTerminal{cupwriter.New(o.w, false)}
	p := mpb.New(mpb.WithConsoleWriter(cw), mpb.WithRefreshRate(RedrawEvery))
	first := status()
	lines := make([]*mpb.Bar, 0, len(first.Bars)+1)
	addLine := func(text func(s Status, width int) string) {
		fill := mpb.BarFillerFunc(func(w io.Writer, st decor.Statistics) error {
			_, err := io.WriteString(w, fit(text(status(), st.AvailableWidth), st.AvailableWidth))
			return err
		})
		bar, _ := p.Add(0, fill, mpb.BarFillerTrim())
		lines = append(lines, bar)
	}
	addLine(func(s Status, _ int) string { return statusLine(s, final.Load()) })
	nw := nameWidth(first.Bars)
	for i := range first.Bars {
		addLine(func(s Status, width int) string { return barLine(s.Bars[i], nw, width, true) })
	}
	o.mu.Lock()
	o.p = p
	o.mu.Unlock()
	return func() {
		o.mu.Lock()
		o.p = nil
		o.mu.Unlock()
		final.Store(true)
		for _, l := range lines {
			l.SetTotal(-1, true)
		}
		p.Wait()
	}
}

// sizedTerminal is mpb's terminal writer for a terminal that may report
// no size (0x0), as pseudo-terminals made by script(1) or CI runners do;
// mpb would then draw nothing, so a missing width counts as 80 columns
// and a missing height as 24 rows.
type sizedTerminal struct{ *cupwriter.Writer }

func (t sizedTerminal) GetTermSize() (width, height int, err error) {
	width, height, err = t.Writer.GetTermSize()
	if err != nil {
		return 80, 24, nil
	}
	if width <= 0 {
		width = 80
	}
	if height <= 0 {
		height = 24
	}
	return width, height, nil
}

// fit cuts line to width columns: a wrapped line would break the redraw,
// which moves the cursor up one row per line.
func fit(line string, width int) string {
	if width <= 0 || utf8.RuneCountInString(line) <= width {
		return line
	}
	return string([]rune(line)[:width])
}
