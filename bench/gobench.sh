# shellcheck shell=bash
# Sourced by run.sh: the product's Go micro-benchmarks (cost of one metric
# sample, memory per VU, initializing 1000 VUs) into $OUT/gobench.md.
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
