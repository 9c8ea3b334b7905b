package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseProcStat(t *testing.T) {
	// A command name with spaces and a ')' must not shift the fields.
	stat := "4242 (nat sk6) x) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 566 0 0 20 0 12 0 777 2000000000 25600 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
	s, err := parseProcStat(stat, 4096)
	if err != nil {
		t.Fatal(err)
	}
	if s.CPUSeconds != 18 || s.RSSKiB != 102400 {
		t.Errorf("got %+v, want 18 CPU seconds (1234+566 ticks) and 102400 KiB (25600 pages)", s)
	}
	if _, err := parseProcStat("4242 (natsk6) S 1 2", 4096); err == nil {
		t.Error("a truncated stat line parsed")
	}
	// The real file of this process parses.
	if s, err := readProcSample("self"); err != nil || s.RSSKiB <= 0 {
		t.Errorf("/proc/self/stat: %+v, %v", s, err)
	}
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestProcTraceCPUAt(t *testing.T) {
	dir := t.TempDir()
	trace, err := readProcTrace(writeFile(t, dir, "x.proc", "1000 1.00 100 5.00 50\n1100 1.50 110 5.10 50\n1200 2.50 120 - -\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		p    int
		at   float64
		want float64
	}{
		{0, 900, 1}, {0, 1050, 1.25}, {0, 1150, 2}, {0, 5000, 2.5}, {1, 1050, 5.05},
	} {
		if got := trace.CPUAt(tc.p, tc.at); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("CPUAt(%d, %v) = %v, want %v", tc.p, tc.at, got, tc.want)
		}
	}
	if !math.IsNaN(trace.Samples[2][1].CPUSeconds) {
		t.Error("a process gone did not read as NaN")
	}
	if _, err := readProcTrace(writeFile(t, dir, "bad.proc", "1000 1.00\n")); err == nil {
		t.Error("a line without a full pair parsed")
	}
}

func TestReadScalingPoint(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "p.json", `{"metrics": {
		"bench_work_start": {"min": 1000, "max": 1010, "count": 2},
		"bench_work_end": {"min": 2900, "max": 3000, "count": 2},
		"bench_msgs": {"count": 4000, "rate": 1}}}`)
	writeFile(t, dir, "p.proc", "500 0.10 1 0.00 1\n1000 0.50 1 1.00 1\n3000 2.50 1 2.00 1\n4000 9.00 1 3.00 1\n")
	p, err := readScalingPoint(filepath.Join(dir, "p"))
	if err != nil {
		t.Fatal(err)
	}
	want := ScalingPoint{Msgs: 4000, WindowSeconds: 2, Rate: 2000, Natsk6CPU: 2, ServerCPU: 1}
	if p != want {
		t.Errorf("got %+v, want %+v", p, want)
	}
	if got := p.String(); got != "4000 2.000 2000.0 2.000 1.000" {
		t.Errorf("printed %q", got)
	}
}

const scalingTSV = `# mode	title	vus	round	msgs	window_s	rate	natsk6_cpu_s	server_cpu_s
pub	Publish	1	1	1000	1	1000	1	0.5
pub	Publish	10	1	1000	0.5	2000	1	0.5
pub	Publish	1	2	1000	0.5	2000	0.5	-
pub	Publish	10	2	1000	0.25	4000	1	0.5
req	Request <&>	1	1	100	1	100	0.1	0.1
`

func TestReadScalingMediansAndMarkdown(t *testing.T) {
	rows, err := readScaling(writeFile(t, t.TempDir(), "scaling.tsv", scalingTSV))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].VUs != 1 || rows[1].VUs != 10 || rows[2].Mode != "req" {
		t.Fatalf("rows in the wrong order: %+v", rows)
	}
	one := rows[0]
	// Rates 1000 and 2000; CPU per message 1000 and 500 µs; cores 1 and 1;
	// the server's CPU is known in one round only.
	if one.Runs != 2 || one.Rate != 1500 || one.Natsk6Micros != 750 || one.Natsk6Cores != 1 || one.ServerMicros != 500 || one.ServerCores != 0.5 {
		t.Errorf("1 VU: got %+v", one)
	}
	md := scalingMarkdown(rows, "intro", "bench/scaling.svg")
	for _, want := range []string{"intro", "| Publish | 10 | 3,000 | 2.00 | 1000.00 | 3.00 |", "](bench/scaling.svg)"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	svg := string(scalingChart(rows))
	if !strings.HasPrefix(svg, "<svg ") || !strings.HasSuffix(svg, "</svg>\n") {
		t.Errorf("not one SVG document:\n%s", svg)
	}
	// One bar per row, one heading per workload, titles escaped.
	if n := strings.Count(svg, `fill="#4a7fb5"`); n != 3 {
		t.Errorf("%d bars, want 3", n)
	}
	if !strings.Contains(svg, "Request &lt;&amp;&gt;") || strings.Contains(svg, "<&>") {
		t.Error("a title is not escaped")
	}
}

func TestSoakGrowth(t *testing.T) {
	dir := t.TempDir()
	// 0..1000 ms: the warm-up climbs to 100 MiB; the second fifth (200 to
	// 400 ms) has a median of 100 MiB, the last fifth (from 800 ms) one of
	// 104 MiB; the peak, 110 MiB, lies between; the exit reads 0.
	writeFile(t, dir, "s.proc", "0 0 10240\n100 1 51200\n200 2 102400\n300 2 99000\n350 2 104000\n"+
		"600 3 112640\n800 4 106496\n900 4 104000\n950 4 106496\n1000 4 0\n")
	writeFile(t, dir, "s.json", `{"metrics": {"bench_soak_sample": {"count": 60000000, "max": 1}}}`)
	r, err := readSoak(filepath.Join(dir, "s"))
	if err != nil {
		t.Fatal(err)
	}
	want := SoakResult{Samples: 60000000, EarlyKiB: 102400, LateKiB: 106496, PeakKiB: 112640, GrowthPercent: 4}
	if r != want {
		t.Errorf("got %+v, want %+v", r, want)
	}
	writeFile(t, dir, "nocount.json", `{"metrics": {"bench_soak_sample": {"max": 1}}}`)
	writeFile(t, dir, "nocount.proc", "0 0 1\n")
	if _, err := readSoak(filepath.Join(dir, "nocount")); err == nil {
		t.Error("a summary without the trend's count gave no error")
	}
	writeFile(t, dir, "short.proc", "0 0 1\n100 0 1\n")
	writeFile(t, dir, "short.json", `{"metrics": {"bench_soak_sample": {"count": 1}}}`)
	if _, err := readSoak(filepath.Join(dir, "short")); err == nil {
		t.Error("a trace too short to compare gave no error")
	}
}

func TestReportAddsTheScalingSection(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "scenarios.tsv", "pub16_loop\tCore publish\ta\tb\trate>=0.5\tn\n")
	writeFile(t, dir, "results.tsv", "pub16_loop\tnatsk6\t1\t100\t-\t-\npub16_loop\tnatsbench\t1\t200\t-\t-\n")
	writeFile(t, dir, "scaling.tsv", scalingTSV)
	writeFile(t, dir, "scaling.md", "how the curve ran")
	md := filepath.Join(dir, "BENCHMARKS.md")
	if err := writeReport(dir, md, filepath.Join(dir, "bench", "ratios.svg")); err == nil {
		t.Fatal("wrote charts into a directory that does not exist")
	}
	if err := os.Mkdir(filepath.Join(dir, "bench"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := writeReport(dir, md, filepath.Join(dir, "bench", "ratios.svg")); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"### Scaling with VUs", "how the curve ran", "](bench/scaling.svg)"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("BENCHMARKS.md lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "bench", "scaling.svg")); err != nil {
		t.Error(err)
	}
}
