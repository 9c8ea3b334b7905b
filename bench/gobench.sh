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
# time, the rows alternating over 5 rounds (the first benchmark of a process
# runs cold, so a fixed order would favour the later rows); medians. A
# million publishes per run spread an output's start and stop thin.
log "Go micro-benchmarks: output overhead"
overhead_bin="$OUT/outputs.test"
overhead_rows=(none json csv experimental-prometheus-rw opentelemetry web-dashboard)
if (cd "$ROOT/go" && go test -c -o "$overhead_bin" ./internal/outputs/) >"$OUT/outputs-build.log" 2>&1; then
	: >"$OUT/overhead.txt"
	for _ in 1 2 3 4 5; do
		for row in "${overhead_rows[@]}"; do
			(cd "$ROOT/go/internal/outputs" && "$overhead_bin" -test.run '^$' -test.bench "PublishLoopWithOutput/^$row\$" -test.benchtime 1000000x) |
				awk -v row="$row" '/^BenchmarkPublishLoopWithOutput\// { print row "\t" $3 }' >>"$OUT/overhead.txt"
		done
	done
	median_ns() { awk -F'\t' -v row="$1" '$1 == row { print $2 }' "$OUT/overhead.txt" | sort -g | awk '{ x[NR] = $1 } END { if (NR) printf "%.1f", NR % 2 ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2 }'; }
	none=$(median_ns none)
	for row in "${overhead_rows[@]:1}"; do
		ns=$(median_ns "$row")
		extra "Output overhead, $row, publish loop 16 B" "$(awk -v a="$none" -v b="$ns" 'BEGIN { printf "%.1f", (b / a - 1) * 100 }')" "%" "<= 5 %" \
			"median ns per publish over 5 alternating rounds: $ns with the output, $none without (BenchmarkPublishLoopWithOutput, go/internal/outputs)"
	done
else
	log "output overhead benchmark failed to build: see $OUT/outputs-build.log"
	extra "Output overhead, publish loop 16 B" "n/a" "" "<= 5 %" "the benchmark did not build: see bench/out/outputs-build.log"
fi
