package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Scenario is one row of scenarios.tsv: what run.sh ran on each side.
type Scenario struct {
	ID, Title, Natsk6, NatsBench, Goal, Note string
}

// Extra is one row of extras.tsv: a natsk6-only figure such as RSS per VU.
type Extra struct {
	Name, Value, Unit, Goal, Note string
}

// Pair is one A/B pair of runs of a scenario.
type Pair struct {
	Natsk6, NatsBench Measurement
}

// Row is a scenario's summary over its pairs.
type Row struct {
	Scenario
	Pairs                    int
	Natsk6, NatsBench, Ratio Measurement // medians; Ratio holds per-pair ratio medians
	GoalMet                  string      // "yes", "no" or "" when there is no goal
}

func readTSV(path string, minFields int) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if len(fields) < minFields {
			return nil, fmt.Errorf("%s:%d: want %d tab-separated fields, got %d", path, line, minFields, len(fields))
		}
		rows = append(rows, fields)
	}
	return rows, sc.Err()
}

func readScenarios(path string) ([]Scenario, error) {
	rows, err := readTSV(path, 6)
	if err != nil {
		return nil, err
	}
	out := make([]Scenario, 0, len(rows))
	for _, r := range rows {
		out = append(out, Scenario{ID: r[0], Title: r[1], Natsk6: r[2], NatsBench: r[3], Goal: r[4], Note: r[5]})
	}
	return out, nil
}

func readExtras(path string) ([]Extra, error) {
	rows, err := readTSV(path, 5)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]Extra, 0, len(rows))
	for _, r := range rows {
		out = append(out, Extra{Name: r[0], Value: r[1], Unit: r[2], Goal: r[3], Note: r[4]})
	}
	return out, nil
}

// readResults returns each scenario's pairs, keyed by scenario ID. A row is
// "id tool pair rate p50 p99" with tool natsk6 or natsbench.
func readResults(path string) (map[string]map[int]*Pair, error) {
	rows, err := readTSV(path, 6)
	if err != nil {
		return nil, err
	}
	out := map[string]map[int]*Pair{}
	for _, r := range rows {
		pairNo, err := strconv.Atoi(r[2])
		if err != nil {
			return nil, fmt.Errorf("%s: bad pair number %q", path, r[2])
		}
		var m Measurement
		for i, dst := range []*float64{&m.Rate, &m.P50, &m.P99} {
			if *dst, err = parseField(r[3+i]); err != nil {
				return nil, fmt.Errorf("%s: bad number %q", path, r[3+i])
			}
		}
		if out[r[0]] == nil {
			out[r[0]] = map[int]*Pair{}
		}
		p := out[r[0]][pairNo]
		if p == nil {
			nan := Measurement{Rate: math.NaN(), P50: math.NaN(), P99: math.NaN()}
			p = &Pair{Natsk6: nan, NatsBench: nan}
			out[r[0]][pairNo] = p
		}
		switch r[1] {
		case "natsk6":
			p.Natsk6 = m
		case "natsbench":
			p.NatsBench = m
		default:
			return nil, fmt.Errorf("%s: unknown tool %q", path, r[1])
		}
	}
	return out, nil
}

// summarize computes the medians of each side and of the per-pair ratios
// natsk6/nats-bench; pairs missing a figure on either side are left out of
// that figure's ratio.
func summarize(s Scenario, pairs map[int]*Pair) Row {
	row := Row{Scenario: s, Pairs: len(pairs)}
	pick := []func(Measurement) float64{
		func(m Measurement) float64 { return m.Rate },
		func(m Measurement) float64 { return m.P50 },
		func(m Measurement) float64 { return m.P99 },
	}
	dst := []func(*Measurement) *float64{
		func(m *Measurement) *float64 { return &m.Rate },
		func(m *Measurement) *float64 { return &m.P50 },
		func(m *Measurement) *float64 { return &m.P99 },
	}
	for i := range pick {
		var a, b, ratios []float64
		for _, p := range pairs {
			x, y := pick[i](p.Natsk6), pick[i](p.NatsBench)
			a, b = appendNumber(a, x), appendNumber(b, y)
			if !math.IsNaN(x) && !math.IsNaN(y) && y > 0 {
				ratios = append(ratios, x/y)
			}
		}
		*dst[i](&row.Natsk6) = median(a)
		*dst[i](&row.NatsBench) = median(b)
		*dst[i](&row.Ratio) = median(ratios)
	}
	row.GoalMet = evaluateGoal(s.Goal, row.Ratio)
	return row
}

func appendNumber(xs []float64, x float64) []float64 {
	if math.IsNaN(x) {
		return xs
	}
	return append(xs, x)
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// evaluateGoal checks goals written as comma-separated "FIGURE OP VALUE"
// terms on the ratios, e.g. "rate>=0.8,p50<=1.25".
func evaluateGoal(goal string, ratio Measurement) string {
	if goal == "" || goal == "-" {
		return ""
	}
	for _, term := range strings.Split(goal, ",") {
		ok, err := checkTerm(strings.TrimSpace(term), ratio)
		if err != nil || !ok {
			return "no"
		}
	}
	return "yes"
}

func checkTerm(term string, ratio Measurement) (bool, error) {
	for _, op := range []string{">=", "<="} {
		figure, limitText, found := strings.Cut(term, op)
		if !found {
			continue
		}
		limit, err := strconv.ParseFloat(limitText, 64)
		if err != nil {
			return false, err
		}
		var v float64
		switch figure {
		case "rate":
			v = ratio.Rate
		case "p50":
			v = ratio.P50
		case "p99":
			v = ratio.P99
		default:
			return false, fmt.Errorf("unknown figure %q", figure)
		}
		if math.IsNaN(v) {
			return false, nil
		}
		if op == ">=" {
			return v >= limit, nil
		}
		return v <= limit, nil
	}
	return false, fmt.Errorf("goal term %q has no >= or <=", term)
}
