# shellcheck shell=bash
# Sourced by run.sh: perf CPU profiles of natsk6 in the hottest scenarios,
# summarized into $OUT/profile.md.
PROFILED=(pub16_loop pub1k_loop pubsub_1to4 req_16vu js_pub_async js_fetch)

if ! command -v perf >/dev/null || ! perf record -o "$WORK/probe.perf" -- true >/dev/null 2>&1; then
	echo "perf is not available here (apt-get install linux-perf; kernel.perf_event_paranoid <= 2): no profiles." >"$OUT/profile.md"
	return 0
fi

log "profiling: building natsk6 with symbols"
(cd "$ROOT/go" && go build -o "$OUT/natsk6-prof" ./cmd/natsk6)
{
	echo "perf record -F 999 -g on a natsk6 built with symbols, one run per scenario at its calibrated count. Self time by area (whole process: VU goroutines, nats.go's reader and flusher, the Go runtime), then the hottest functions by self time, then natsk6's own functions by inclusive time."
	echo
} >"$OUT/profile.md"
for id in "${PROFILED[@]}"; do
	[[ $id =~ $ONLY ]] || continue
	# The count the scenario ran natsk6 with, so read scenarios stay within
	# their pre-filled data.
	count=$(awk -F'\t' -v id="$id" '$1 == id { n = $2 } END { printf "%d", (n > 0 ? n : 20000) }' "$OUT/counts.tsv" 2>/dev/null || echo 20000)
	log "profiling $id ($count messages)"
	before_scenario "$id"
	before_run "$id"
	saved_wrap=("${K6_WRAP[@]}")
	saved_natsk6=$NATSK6
	K6_WRAP=(timeout "$RUN_TIMEOUT" perf record -F 999 -g -o "$OUT/runs/$id.perf" --)
	NATSK6=$OUT/natsk6-prof
	natsk6_side "$id" "$count" "$OUT/runs/$id.prof" >/dev/null 2>"$OUT/runs/$id.prof.err" || log "profiling $id: run failed"
	K6_WRAP=("${saved_wrap[@]}")
	NATSK6=$saved_natsk6
	after_scenario "$id"
	[[ -s $OUT/runs/$id.perf ]] || continue
	perf report -i "$OUT/runs/$id.perf" --no-children --sort sym --stdio -g none 2>/dev/null >"$OUT/runs/$id.self.txt"
	perf report -i "$OUT/runs/$id.perf" --children --sort sym --stdio -g none 2>/dev/null >"$OUT/runs/$id.children.txt"
	"$BT" perfsummary "$id" "$OUT/runs/$id.self.txt" "$OUT/runs/$id.children.txt" >>"$OUT/profile.md"
done
