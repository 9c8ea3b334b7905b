# shellcheck shell=bash
# Sourced by run.sh: the product's Go micro-benchmarks (cost of one metric
# sample, memory per VU, initializing 1000 VUs) into $OUT/gobench.md, and
# the overhead of each output on the 16 B publish loop into extras.tsv.
log "Go micro-benchmarks"
if out=$(cd "$ROOT/go" && go test -run '^$' -bench 'BenchmarkSinkAdd$|BenchmarkVUMemory|BenchmarkInit1000VUs' \
	-benchmem ./internal/metrics/ ./internal/runner/ 2>&1); then
	{
		echo "\`cd go && go test -run '^\$' -bench 'BenchmarkSinkAdd\$|BenchmarkVUMemory|BenchmarkInit1000VUs' -benchmem ./internal/metrics/ ./internal/runner/\`:"
		echo
		echo '```'
		grep '^Benchmark' <<<"$out"
		echo '```'
	} >"$OUT/gobench.md"
else
	log "Go micro-benchmarks failed"
	# shellcheck disable=SC2016 # the backquotes are markdown
	printf 'The Go micro-benchmarks failed:\n\n```\n%s\n```\n' "$(tail -n 20 <<<"$out")" >"$OUT/gobench.md"
fi

# Output overhead (issue 12/16): the 16 B publish loop through the runner
# with one output each, against none. The test binary runs one row at a
# time, the rows alternating over 9 rounds (the first benchmark of a process
# runs cold, so a fixed order would favour the later rows). Each row's
# figure is the median over the rounds of its ratio to that round's none,
# as the A/B pairs are read: the host's speed drifts between rounds. A
# million publishes per run spread an output's start and stop thin.
log "Go micro-benchmarks: output overhead"
overhead_bin="$OUT/outputs.test"
overhead_rows=(none json csv experimental-prometheus-rw opentelemetry web-dashboard)
if (cd "$ROOT/go" && go test -c -o "$overhead_bin" ./internal/outputs/) >"$OUT/outputs-build.log" 2>&1; then
	: >"$OUT/overhead.txt"
	for round in $(seq 9); do
		for row in "${overhead_rows[@]}"; do
			(cd "$ROOT/go/internal/outputs" && "$overhead_bin" -test.run '^$' -test.bench "PublishLoopWithOutput/^$row\$" -test.benchtime 1000000x) |
				awk -v row="$row" -v round="$round" '/^BenchmarkPublishLoopWithOutput\// { print row "\t" round "\t" $3 }' >>"$OUT/overhead.txt"
		done
	done
	median() { sort -g | awk '{ x[NR] = $1 } END { if (NR) printf "%.4f", NR % 2 ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2 }'; }
	median_ns() { awk -F'\t' -v row="$1" '$1 == row { print $3 }' "$OUT/overhead.txt" | median | awk '{ printf "%.1f", $1 }'; }
	# median_ratio ROW: the median over rounds of ROW's ns / that round's none.
	median_ratio() {
		awk -F'\t' -v row="$1" '$1 == "none" { none[$2] = $3 } $1 == row { ns[$2] = $3 }
			END { for (r in ns) if (none[r] > 0) print ns[r] / none[r] }' "$OUT/overhead.txt" | median
	}
	none=$(median_ns none)
	for row in "${overhead_rows[@]:1}"; do
		ns=$(median_ns "$row")
		extra "Output overhead, $row, publish loop 16 B" "$(awk -v r="$(median_ratio "$row")" 'BEGIN { printf "%.1f", (r - 1) * 100 }')" "%" "<= 5 %" \
			"median over 9 alternating rounds of ns per publish with the output / without it in the same round (medians: $ns and $none ns; BenchmarkPublishLoopWithOutput, go/internal/outputs)"
	done
else
	log "output overhead benchmark failed to build: see $OUT/outputs-build.log"
	extra "Output overhead, publish loop 16 B" "n/a" "" "<= 5 %" "the benchmark did not build: see bench/out/outputs-build.log"
fi
