// Command benchtool is the Go side of bench/run.sh: it extracts throughput
// and latency from `nats bench` and `nats latency` output and natsk6 summary exports, and turns
// the collected measurements into the report, BENCHMARKS.md and the chart.
package main

import (
	"fmt"
	"os"
)

const usage = `usage:
  benchtool natsbench OUTPUT_FILE
      print "rate p50_us p99_us" from a nats bench run ("-" when absent)
  benchtool natslatency OUTPUT_FILE
      print "rate p50_us p99_us" from a nats latency run
  benchtool summary EXPORT_FILE RATE_METRIC[:FIELD] [TREND_METRIC]
      print "rate p50_us p99_us" from a natsk6 --summary-export file
  benchtool field EXPORT_FILE METRIC FIELD
      print one value of a natsk6 --summary-export file, e.g. a trend's max
  benchtool perfsummary ID SELF_REPORT CHILDREN_REPORT
      print a markdown summary of two perf report --stdio -g none outputs
  benchtool procwatch PID [PID...]
      print "unix_ms cpu_s rss_kib ..." every 50 ms, a pair per PID, until the first PID exits
  benchtool scaling PREFIX
      print "msgs window_s rate natsk6_cpu_s server_cpu_s" from a scaling run's
      PREFIX.json (summary export) and PREFIX.proc (procwatch natsk6 nats-server)
  benchtool soak PREFIX
      print "samples early_rss_kib late_rss_kib peak_rss_kib growth_pct" from a soak's
      PREFIX.json and PREFIX.proc (medians over the second and the last fifth of the run)
  benchtool report OUT_DIR BENCHMARKS_MD CHART_SVG
      read OUT_DIR/scenarios.tsv, results.tsv and (when present) extras.tsv,
      scaling.tsv, scaling.md, machine.md, gobench.md and profile.md; print the table,
      write OUT_DIR/report.md, CHART_SVG (and scaling.svg beside it when there is
      scaling.tsv) and the generated part of BENCHMARKS_MD`

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchtool:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("no command\n%s", usage)
	}
	switch cmd, rest := args[0], args[1:]; {
	case cmd == "natsbench" && len(rest) == 1:
		m, err := parseFile(rest[0], parseNatsBench)
		if err != nil {
			return err
		}
		fmt.Println(m)
	case cmd == "natslatency" && len(rest) == 1:
		m, err := parseFile(rest[0], parseNatsLatency)
		if err != nil {
			return err
		}
		fmt.Println(m)
	case cmd == "summary" && (len(rest) == 2 || len(rest) == 3):
		trend := ""
		if len(rest) == 3 {
			trend = rest[2]
		}
		s, err := readSummary(rest[0])
		if err != nil {
			return err
		}
		m, err := s.Measurement(rest[1], trend)
		if err != nil {
			return fmt.Errorf("%s: %w", rest[0], err)
		}
		fmt.Println(m)
	case cmd == "field" && len(rest) == 3:
		s, err := readSummary(rest[0])
		if err != nil {
			return err
		}
		v, ok := s.Field(rest[1], rest[2])
		if !ok {
			return fmt.Errorf("%s: no %s for metric %q", rest[0], rest[2], rest[1])
		}
		fmt.Println(formatField(v))
	case cmd == "perfsummary" && len(rest) == 3:
		return writePerfSummary(rest[0], rest[1], rest[2])
	case cmd == "procwatch" && len(rest) >= 1:
		return watchProcesses(os.Stdout, rest)
	case cmd == "scaling" && len(rest) == 1:
		return writeScalingPoint(rest[0])
	case cmd == "soak" && len(rest) == 1:
		return writeSoak(rest[0])
	case cmd == "report" && len(rest) == 3:
		return writeReport(rest[0], rest[1], rest[2])
	default:
		return fmt.Errorf("bad arguments %q\n%s", args, usage)
	}
	return nil
}
