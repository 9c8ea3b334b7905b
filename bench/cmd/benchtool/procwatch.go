package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
)

// Linux reports utime and stime in clock ticks of USER_HZ, which is 100 on
// every architecture Go supports.
const clockTicksPerSecond = 100

// procWatchInterval is how often procwatch samples: often enough to place
// a multi-second measurement window within a few percent.
const procWatchInterval = 50 * time.Millisecond

// ProcSample is one reading of a process: CPU seconds used so far (user +
// system) and resident memory.
type ProcSample struct {
	CPUSeconds float64
	RSSKiB     int64
}

// parseProcStat reads utime, stime and rss from the text of /proc/PID/stat.
// The command name (field 2) may hold spaces and parentheses, so the
// fields are counted from the last ')'.
func parseProcStat(stat string, pageSize int) (ProcSample, error) {
	nameEnd := strings.LastIndexByte(stat, ')')
	if nameEnd < 0 {
		return ProcSample{}, fmt.Errorf("no command name in %q", stat)
	}
	// fields[0] is field 3 (state): utime is field 14, stime 15, rss 24.
	fields := strings.Fields(stat[nameEnd+1:])
	if len(fields) < 22 {
		return ProcSample{}, fmt.Errorf("%d fields after the command name, want at least 22", len(fields))
	}
	var n [3]int64
	for i, idx := range []int{11, 12, 21} {
		v, err := strconv.ParseInt(fields[idx], 10, 64)
		if err != nil {
			return ProcSample{}, fmt.Errorf("field %d: %w", idx+3, err)
		}
		n[i] = v
	}
	return ProcSample{
		CPUSeconds: float64(n[0]+n[1]) / clockTicksPerSecond,
		RSSKiB:     n[2] * int64(pageSize) / 1024,
	}, nil
}

func readProcSample(pid string) (ProcSample, error) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return ProcSample{}, err
	}
	return parseProcStat(string(b), os.Getpagesize())
}

// watchProcesses writes "unix_ms cpu_s rss_kib [cpu_s rss_kib...]", one
// line per interval with a pair per pid in argument order, until the first
// pid is gone. A later pid that is gone reads as "- -".
func watchProcesses(w io.Writer, pids []string) error {
	tick := time.NewTicker(procWatchInterval)
	defer tick.Stop()
	for ; ; <-tick.C {
		now := time.Now().UnixMilli()
		line := strconv.FormatInt(now, 10)
		for i, pid := range pids {
			s, err := readProcSample(pid)
			if err != nil && i == 0 {
				return nil
			}
			if err != nil {
				line += " - -"
				continue
			}
			line += fmt.Sprintf(" %.2f %d", s.CPUSeconds, s.RSSKiB)
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
}

// ProcTrace is procwatch's output: each watched process's samples over time.
type ProcTrace struct {
	UnixMs  []int64
	Samples [][]ProcSample // Samples[i][p]: process p at UnixMs[i]; CPU NaN when gone
}

func readProcTrace(path string) (*ProcTrace, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t := &ProcTrace{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 || len(fields)%2 == 0 {
			return nil, fmt.Errorf("%s:%d: want unix_ms and pairs of cpu_s rss_kib", path, line)
		}
		ms, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		row := make([]ProcSample, 0, len(fields)/2)
		for i := 1; i < len(fields); i += 2 {
			s := ProcSample{CPUSeconds: math.NaN()}
			if fields[i] != "-" {
				if s.CPUSeconds, err = strconv.ParseFloat(fields[i], 64); err != nil {
					return nil, fmt.Errorf("%s:%d: %w", path, line, err)
				}
				if s.RSSKiB, err = strconv.ParseInt(fields[i+1], 10, 64); err != nil {
					return nil, fmt.Errorf("%s:%d: %w", path, line, err)
				}
			}
			row = append(row, s)
		}
		t.UnixMs = append(t.UnixMs, ms)
		t.Samples = append(t.Samples, row)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(t.UnixMs) == 0 {
		return nil, fmt.Errorf("%s: no samples", path)
	}
	return t, nil
}

// CPUAt is process p's CPU seconds at unixMs, interpolated linearly between
// the samples around it (clamped to the first and last sample).
func (t *ProcTrace) CPUAt(p int, unixMs float64) float64 {
	cpu := func(i int) float64 { return t.Samples[i][p].CPUSeconds }
	last := len(t.UnixMs) - 1
	if unixMs <= float64(t.UnixMs[0]) {
		return cpu(0)
	}
	for i := 1; i <= last; i++ {
		if unixMs <= float64(t.UnixMs[i]) {
			t0, t1 := float64(t.UnixMs[i-1]), float64(t.UnixMs[i])
			return cpu(i-1) + (cpu(i)-cpu(i-1))*(unixMs-t0)/(t1-t0)
		}
	}
	return cpu(last)
}
