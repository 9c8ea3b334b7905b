package progress

import (
	"strings"
	"sync"
	"testing"
	"time"
)

func TestStatusLine(t *testing.T) {
	s := Status{Elapsed: 5 * time.Second, ActiveVUs: 5, MaxVUs: 10, Complete: 1234}
	if got, want := statusLine(s, false), "running (00m05.0s), 05/10 VUs, 1234 complete and 0 interrupted iterations"; got != want {
		t.Errorf("running\n got %q\nwant %q", got, want)
	}
	s = Status{Elapsed: 20 * time.Second, ActiveVUs: 0, MaxVUs: 10, Complete: 7, Interrupted: 2}
	if got, want := statusLine(s, true), "running (0m20.0s), 00/10 VUs, 7 complete and 2 interrupted iterations"; got != want {
		t.Errorf("final\n got %q\nwant %q", got, want)
	}
}

func TestBarLines(t *testing.T) {
	tests := []struct {
		name string
		bar  Bar
		tty  bool
		want string
	}{
		{"timed, running, terminal",
			Bar{Name: "default", State: Running, Fraction: 0.5, VUs: 10, Elapsed: 15 * time.Second, Duration: 30 * time.Second}, true,
			"default   [===================>--------------------] 10 VUs  15.0s/30s"},
		{"timed, done, terminal",
			Bar{Name: "default", State: Done, Fraction: 1, VUs: 10, Elapsed: 30 * time.Second, Duration: 30 * time.Second}, true,
			"default ✓ [========================================] 10 VUs  30s"},
		{"iterations, done, plain",
			Bar{Name: "default", State: Done, Fraction: 1, VUs: 1, Elapsed: 1500 * time.Millisecond, Duration: 10 * time.Minute,
				ByIterations: true, Detail: "1/1 iters, 1 per VU"}, false,
			"default ✓ [ 100% ] 1 VUs  00m01.5s/10m0s  1/1 iters, 1 per VU"},
		{"arrival rate, running, plain",
			Bar{Name: "default", State: Running, Fraction: 0.93, VUs: 3, MaxVUs: 20, Elapsed: 93 * time.Second, Duration: 100 * time.Second,
				Detail: "10.00 iters/s"}, false,
			"default   [  93% ] 03/20 VUs  01m33.0s/1m40s  10.00 iters/s"},
		{"waiting",
			Bar{Name: "later", State: Waiting, VUs: 0, MaxVUs: 5, Elapsed: 2 * time.Second, Duration: 10 * time.Second}, false,
			"later     [   0% ] 0/5 VUs  waiting  02.0s"},
		{"waiting for setup",
			Bar{Name: "default", State: Waiting, VUs: 2, Duration: 10 * time.Second}, false,
			"default   [   0% ] 2 VUs  waiting"},
		{"stopped",
			Bar{Name: "default", State: Stopped, Fraction: 0.2, VUs: 2, Elapsed: 2 * time.Second, Duration: 10 * time.Second}, false,
			"default ✗ [  20% ] 2 VUs  02.0s/10s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := barLine(tc.bar, 7, 120, tc.tty); got != tc.want {
				t.Errorf("\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestBarFitsANarrowTerminal(t *testing.T) {
	b := Bar{Name: "default", State: Running, Fraction: 0.5, VUs: 10, Elapsed: 15 * time.Second, Duration: 30 * time.Second}
	line := barLine(b, 7, 50, true)
	if n := len([]rune(line)); n > 50 {
		t.Errorf("line of %d columns in a 50-column terminal: %q", n, line)
	}
	if !strings.Contains(line, "[=====") {
		t.Errorf("no bar drawn: %q", line)
	}
}

func TestFitCutsLongLinesToTheTerminal(t *testing.T) {
	if got := fit("default ✓ [====] 10 VUs", 12); got != "default ✓ [=" {
		t.Errorf("fit = %q", got)
	}
	if got := fit("short", 80); got != "short" {
		t.Errorf("fit = %q", got)
	}
}

func TestPlainOutputPrintsPeriodicAndFinalPictures(t *testing.T) {
	var buf lockedBuffer
	o := NewOutput(&buf)
	elapsed := time.Duration(0)
	stop := o.Start(func() Status {
		elapsed += time.Second
		return Status{Elapsed: elapsed, MaxVUs: 1, Bars: []Bar{{Name: "default", State: Running, VUs: 1, Duration: time.Minute}}}
	}, 20*time.Millisecond)
	time.Sleep(150 * time.Millisecond)
	stop()
	out := buf.String()
	if n := strings.Count(out, "running ("); n < 3 {
		t.Errorf("%d pictures in 150ms at one per 20ms, want several:\n%s", n, out)
	}
	if !strings.HasSuffix(out, "default   [   0% ] 1 VUs  00m00.0s/1m0s\n") || strings.Contains(out, "\x1b") {
		t.Errorf("plain output should end with the final bar and hold no escape codes:\n%q", out)
	}
}

// Log lines (Write, from VU goroutines) and the plain ticker's pictures
// reach a writer that is not safe for concurrent use one at a time; the
// race detector fails this test otherwise.
func TestPlainOutputSerializesLogLinesWithPictures(t *testing.T) {
	var buf strings.Builder // not safe for concurrent writes
	o := NewOutput(&buf)
	stop := o.Start(func() Status { return Status{MaxVUs: 1} }, time.Millisecond)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				_, _ = o.Write([]byte("log line\n"))
			}
		})
	}
	wg.Wait()
	stop()
	if n := strings.Count(buf.String(), "log line\n"); n != 800 {
		t.Fatalf("%d log lines written, want 800", n)
	}
}
