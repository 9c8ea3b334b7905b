package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// perfLine matches a `perf report --stdio -g none` row: one or two
// percentages (children, self), the [.] or [k] marker, the symbol.
var perfLine = regexp.MustCompile(`^\s*([0-9.]+)%\s+(?:([0-9.]+)%\s+)?\[([.k])\]\s+(.+?)\s*$`)

type perfEntry struct {
	Percent float64
	Kernel  bool
	Symbol  string
}

func readPerfReport(path string) ([]perfEntry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []perfEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		m := perfLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		pct, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			continue
		}
		// perf escapes dots in Go import paths ("nats%2ego").
		out = append(out, perfEntry{Percent: pct, Kernel: m[3] == "k", Symbol: strings.ReplaceAll(m[4], "%2e", ".")})
	}
	return out, sc.Err()
}

// perfArea is a bucket of self time; the first matching area wins.
type perfArea struct {
	Name    string
	Matches func(e perfEntry) bool
}

func symbolHas(prefixes ...string) func(perfEntry) bool {
	return func(e perfEntry) bool {
		for _, p := range prefixes {
			if strings.Contains(e.Symbol, p) {
				return true
			}
		}
		return false
	}
}

var perfAreas = []perfArea{
	{"kernel (syscalls, network, scheduling)", func(e perfEntry) bool { return e.Kernel }},
	{"JS engine (sobek)", symbolHas("grafana/sobek", "dop251/goja")},
	{"JS binding (internal/jsbind)", symbolHas("natsk6/internal/jsbind")},
	{"NATS module (internal/natsmod)", symbolHas("natsk6/go/internal/natsmod.")},
	{"metrics (internal/metrics)", symbolHas("natsk6/internal/metrics", "hdrhistogram")},
	{"runner, event loop, scheduler", symbolHas("natsk6/internal/")},
	{"nats.go client", symbolHas("nats-io/nats.go")},
	{"allocation and GC", symbolHas("runtime.mallocgc", "runtime.gc", "runtime.scanobject", "runtime.greyobject",
		"runtime.findObject", "runtime.heapBits", "runtime.(*mspan)", "runtime.(*mheap)", "runtime.(*mcache)",
		"runtime.memclr", "runtime.markBits", "runtime.sweep", "runtime.wbBuf", "runtime.bulkBarrier",
		"runtime.nextFreeFast", "runtime.newobject", "runtime.makeslice", "runtime.growslice", "runtime.typePointers",
		"runtime.(*gcWork)", "runtime.(*gcBits)", "runtime.spanOf", "runtime.scanblock", "runtime.markroot",
		"runtime.newarray", "runtime.(*sweepLocked)", "runtime.deductAssistCredit", "runtime.tryDeferToSpanScan",
		"runtime.scanSpan", "runtime.(*spanInlineMarkBits)", "runtime.gcDrain", "runtime.scanstack", "runtime.heapSetType")},
	{"map lookups and hashing", symbolHas("runtime.map", "internal/runtime/maps", "aeshash", "runtime.memhash", "runtime.strhash")},
	{"locks (sync)", symbolHas("sync.(*Mutex)", "sync.(*RWMutex)", "internal/sync.")},
	{"Go scheduler and syscall wrappers", symbolHas("runtime.futex", "runtime.usleep", "runtime.schedule", "runtime.findRunnable",
		"runtime.stealWork", "runtime.runqgrab", "runtime.park", "runtime.ready", "runtime.notesleep", "runtime.notewakeup",
		"runtime.lock", "runtime.unlock", "runtime.nanotime", "syscall.", "internal/runtime/syscall", "runtime.netpoll",
		"runtime.casgstatus", "runtime.mcall", "runtime.gogo", "runtime.goready", "runtime.selectgo", "runtime.chansend",
		"runtime.chanrecv", "runtime.send", "runtime.recv", "time.now", "runtime.epoll", "__vdso")},
	{"Go runtime, other", symbolHas("runtime.", "sync.", "sync/atomic.")},
}

// writePerfSummary prints one scenario's profile as markdown.
func writePerfSummary(id, selfPath, childrenPath string) error {
	self, err := readPerfReport(selfPath)
	if err != nil {
		return err
	}
	children, err := readPerfReport(childrenPath)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "#### %s\n\n", id)

	byArea := map[string]float64{}
	other := 0.0
	for _, e := range self {
		matched := false
		for _, a := range perfAreas {
			if a.Matches(e) {
				byArea[a.Name] += e.Percent
				matched = true
				break
			}
		}
		if !matched {
			other += e.Percent
		}
	}
	b.WriteString("| area (self time) | % CPU samples |\n|---|--:|\n")
	for _, a := range perfAreas {
		if byArea[a.Name] >= 0.05 {
			fmt.Fprintf(&b, "| %s | %.1f |\n", a.Name, byArea[a.Name])
		}
	}
	if other >= 0.05 {
		fmt.Fprintf(&b, "| other (Go standard library, unresolved) | %.1f |\n", other)
	}

	b.WriteString("\nHottest functions, self time: ")
	b.WriteString(joinTop(self, 10, func(perfEntry) bool { return true }))
	b.WriteString("\n\nnatsk6's functions below the runner, inclusive time: ")
	b.WriteString(joinTop(children, 12, natsk6Work))
	b.WriteString("\n\n")
	_, err = os.Stdout.Write(b.Bytes())
	return err
}

// natsk6Work keeps natsk6's functions but not the runner's and scheduler's
// frames, which sit under every iteration and say nothing of its cost.
func natsk6Work(e perfEntry) bool {
	return strings.Contains(e.Symbol, "pondigo/natsk6") &&
		!strings.Contains(e.Symbol, "internal/runner.") && !strings.Contains(e.Symbol, "internal/scheduler.")
}

func joinTop(entries []perfEntry, n int, keep func(perfEntry) bool) string {
	sorted := make([]perfEntry, 0, len(entries))
	for _, e := range entries {
		if keep(e) {
			sorted = append(sorted, e)
		}
	}
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Percent > sorted[j].Percent })
	var parts []string
	for i, e := range sorted {
		if i == n {
			break
		}
		parts = append(parts, fmt.Sprintf("`%s` %.1f%%", shortSymbol(e.Symbol), e.Percent))
	}
	if len(parts) == 0 {
		return "none sampled"
	}
	return strings.Join(parts, ", ")
}

// shortSymbol drops the module path: "github.com/pondigo/natsk6/nats.(*Connection).Publish"
// becomes "nats.(*Connection).Publish".
// Type arguments of generic functions ("[go.shape.struct {...}]") become "[…]".
func shortSymbol(s string) string {
	path := s
	if i := strings.IndexAny(path, "(["); i >= 0 {
		path = path[:i]
	}
	return dropTypeArgs(s[strings.LastIndex(path, "/")+1:])
}

func dropTypeArgs(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '[':
			if depth == 0 {
				b.WriteString("[…]")
			}
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
