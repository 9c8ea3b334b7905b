package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"strconv"
)

// The scaling scripts record these: each VU's work start and end (Unix ms,
// so the window runs from the first VU's start to the last VU's end) and
// the messages done.
const (
	workStartMetric = "bench_work_start"
	workEndMetric   = "bench_work_end"
	workMsgsMetric  = "bench_msgs"
)

// ScalingPoint is one run of the scaling curve: messages done over the
// window all VUs worked in, and the CPU natsk6 (procwatch's first process)
// and nats-server (its second) used within that window.
type ScalingPoint struct {
	Msgs, WindowSeconds, Rate, Natsk6CPU, ServerCPU float64
}

func (p ScalingPoint) String() string {
	return fmt.Sprintf("%.0f %.3f %.1f %.3f %s", p.Msgs, p.WindowSeconds, p.Rate, p.Natsk6CPU, formatField(p.ServerCPU))
}

// readScalingPoint reads PREFIX.json (the summary export) and PREFIX.proc
// (procwatch's samples of natsk6 and nats-server).
func readScalingPoint(prefix string) (ScalingPoint, error) {
	s, err := readSummary(prefix + ".json")
	if err != nil {
		return ScalingPoint{}, err
	}
	start, ok1 := s.Field(workStartMetric, "min")
	end, ok2 := s.Field(workEndMetric, "max")
	msgs, ok3 := s.Field(workMsgsMetric, "count")
	if !ok1 || !ok2 || !ok3 {
		return ScalingPoint{}, fmt.Errorf("%s.json: want %s min, %s max and %s count", prefix, workStartMetric, workEndMetric, workMsgsMetric)
	}
	if end <= start || msgs <= 0 {
		return ScalingPoint{}, fmt.Errorf("%s.json: empty window (%v to %v ms, %v msgs)", prefix, start, end, msgs)
	}
	trace, err := readProcTrace(prefix + ".proc")
	if err != nil {
		return ScalingPoint{}, err
	}
	p := ScalingPoint{
		Msgs:          msgs,
		WindowSeconds: (end - start) / 1000,
		Natsk6CPU:     trace.CPUAt(0, end) - trace.CPUAt(0, start),
		ServerCPU:     math.NaN(),
	}
	p.Rate = msgs / p.WindowSeconds
	if len(trace.Samples[0]) > 1 {
		p.ServerCPU = trace.CPUAt(1, end) - trace.CPUAt(1, start)
	}
	return p, nil
}

// ScalingRow is one workload at one VU count: medians over the rounds.
type ScalingRow struct {
	Mode, Title string
	VUs, Runs   int
	Rate        float64
	// CPU per message in microseconds and CPU cores busy over the window.
	Natsk6Micros, ServerMicros float64
	Natsk6Cores, ServerCores   float64
}

// readScaling reads scaling.tsv ("mode title vus round msgs window_s rate
// natsk6_cpu_s server_cpu_s") into one row per mode and VU count, in the
// order they first appear.
func readScaling(path string) ([]ScalingRow, error) {
	rows, err := readTSV(path, 9)
	if err != nil {
		return nil, err
	}
	type key struct {
		mode string
		vus  int
	}
	var order []key
	titles := map[key]string{}
	points := map[key][]ScalingPoint{}
	for _, r := range rows {
		vus, err := strconv.Atoi(r[2])
		if err != nil {
			return nil, fmt.Errorf("%s: bad VU count %q", path, r[2])
		}
		var p ScalingPoint
		for i, dst := range []*float64{&p.Msgs, &p.WindowSeconds, &p.Rate, &p.Natsk6CPU, &p.ServerCPU} {
			if *dst, err = parseField(r[4+i]); err != nil {
				return nil, fmt.Errorf("%s: bad number %q", path, r[4+i])
			}
		}
		k := key{r[0], vus}
		if _, seen := points[k]; !seen {
			order = append(order, k)
			titles[k] = r[1]
		}
		points[k] = append(points[k], p)
	}
	out := make([]ScalingRow, 0, len(order))
	for _, k := range order {
		row := ScalingRow{Mode: k.mode, Title: titles[k], VUs: k.vus, Runs: len(points[k])}
		var rates, k6us, srvus, k6cores, srvcores []float64
		for _, p := range points[k] {
			rates = appendNumber(rates, p.Rate)
			k6us = appendNumber(k6us, p.Natsk6CPU/p.Msgs*1e6)
			srvus = appendNumber(srvus, p.ServerCPU/p.Msgs*1e6)
			k6cores = appendNumber(k6cores, p.Natsk6CPU/p.WindowSeconds)
			srvcores = appendNumber(srvcores, p.ServerCPU/p.WindowSeconds)
		}
		row.Rate, row.Natsk6Micros, row.ServerMicros = median(rates), median(k6us), median(srvus)
		row.Natsk6Cores, row.ServerCores = median(k6cores), median(srvcores)
		out = append(out, row)
	}
	return out, nil
}

// baseRates maps each mode to its rate at its smallest VU count.
func baseRates(rows []ScalingRow) map[string]float64 {
	base, fewest := map[string]float64{}, map[string]int{}
	for _, r := range rows {
		if n, ok := fewest[r.Mode]; !ok || r.VUs < n {
			fewest[r.Mode], base[r.Mode] = r.VUs, r.Rate
		}
	}
	return base
}

func scalingMarkdown(rows []ScalingRow, intro, chart string) string {
	var b bytes.Buffer
	b.WriteString("### Scaling with VUs (natsk6 only)\n\n")
	if intro != "" {
		b.WriteString(intro + "\n\n")
	}
	b.WriteString("| workload | VUs | msgs/s | × fewest VUs | natsk6 CPU µs/msg | natsk6 cores busy | nats-server CPU µs/msg | nats-server cores busy |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|\n")
	base := baseRates(rows)
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", r.Title, commas(int64(r.VUs)), rate(r.Rate),
			ratio(r.Rate/base[r.Mode]), ratio(r.Natsk6Micros), ratio(r.Natsk6Cores), ratio(r.ServerMicros), ratio(r.ServerCores))
	}
	fmt.Fprintf(&b, "\n![natsk6 throughput and CPU per message by VU count](%s)\n\n", chart)
	return b.String()
}

// scalingChart draws one group per workload and one bar per VU count: the
// throughput relative to the workload's best, labelled with msgs/s and
// natsk6's CPU per message.
func scalingChart(rows []ScalingRow) []byte {
	best := map[string]float64{}
	groups := 0
	for i, r := range rows {
		if i == 0 || r.Mode != rows[i-1].Mode {
			groups++
		}
		if !math.IsNaN(r.Rate) {
			best[r.Mode] = math.Max(best[r.Mode], r.Rate)
		}
	}
	width := chartLabelWidth + chartBarArea + 260
	height := chartTop + (len(rows)+groups)*chartRowHeight + 10
	var b bytes.Buffer
	svgStart(&b, width, height, "natsk6 throughput by VU count, constant total work (medians)",
		"bar: msgs/s relative to the workload's best; text: msgs/s and natsk6 CPU per message")
	y := float64(chartTop)
	for i, r := range rows {
		if i == 0 || r.Mode != rows[i-1].Mode {
			fmt.Fprintf(&b, `<text x="10" y="%.1f" font-weight="bold">%s</text>`+"\n", y+16, escape(r.Title))
			y += chartRowHeight
		}
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", chartLabelWidth-8, y+16, vuCount(r.VUs))
		if math.IsNaN(r.Rate) || best[r.Mode] <= 0 {
			fmt.Fprintf(&b, `<text x="%d" y="%.1f" fill="#a00">no result</text>`+"\n", chartLabelWidth+4, y+16)
		} else {
			w := r.Rate / best[r.Mode] * chartBarArea
			fmt.Fprintf(&b, `<rect x="%d" y="%.1f" width="%.1f" height="18" fill="#4a7fb5"/>`+"\n", chartLabelWidth, y+3, w)
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s msgs/s · %s µs CPU/msg</text>`+"\n", chartLabelWidth+w+4, y+16, rate(r.Rate), ratio(r.Natsk6Micros))
		}
		y += chartRowHeight
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

func vuCount(n int) string {
	if n == 1 {
		return "1 VU"
	}
	return commas(int64(n)) + " VUs"
}

// writeScalingPoint prints a run's figures for scaling.sh.
func writeScalingPoint(prefix string) error {
	p, err := readScalingPoint(prefix)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(os.Stdout, p)
	return err
}
