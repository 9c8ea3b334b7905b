# shellcheck shell=bash
# Sourced by run.sh: natsk6-only figures (RSS per VU, time to start 1000
# VUs, NATS metric overhead) into $OUT/extras.tsv.

printf '# name\tvalue\tunit\tgoal\tnote\n' >"$OUT/extras.tsv"
# shellcheck source=rss.sh
source "$ROOT/bench/rss.sh"

log "extras: RSS per VU and start-up"
if rss1=$(rss_run 1 "$OUT/runs/rss.1") && rss100=$(rss_run 100 "$OUT/runs/rss.100") &&
	rss1000=$(rss_run 1000 "$OUT/runs/rss.1000"); then
	extra "RSS per VU at 100 VUs" "$(per_vu_mib "$rss1" "$rss100" 100)" MiB "<= 2 MiB" \
		"(peak RSS at 100 VUs − at 1 VU) / 99; connect once per VU, publish every 100 ms; 1 VU: $((rss1 / 1024)) MiB"
	extra "RSS per VU at 1000 VUs" "$(per_vu_mib "$rss1" "$rss1000" 1000)" MiB "<= 0.25 MiB" \
		"(peak RSS at 1000 VUs − at 1 VU) / 999; 1000 VUs: $((rss1000 / 1024)) MiB"
	start_extra 1000 "< 5 s"
else
	log "extras: an RSS run failed; see $OUT/runs/rss.*.log"
	extra "RSS per VU" "n/a" "" "<= 2 MiB" "the run failed: see bench/out/runs/rss.*.log"
fi

# Metric overhead: pub16_loop with NATS metrics on and off in pairs, at
# least 7 (a single run spreads by ±20-30% here), the order within a pair
# swapped every other pair so neither side always runs first.
log "extras: NATS metric overhead"
overhead_count=$(awk -F'\t' '$1 == "pub16_loop" && $2 == "natsk6" { n = $4 * '"$TARGET_SECONDS"' } END { printf "%d", (n > 0 ? n : 1000000) }' "$OUT/results.tsv")
overhead_pairs=$((PAIRS > 7 ? PAIRS : 7))
metrics_run() {
	k6 "$OUT/runs/metrics-$1.$2" pub.js "$overhead_count" bench_msgs_per_sec:count "" \
		-e MODE=loop -e SIZE=16 -e SUBJECT=bench.pub -e NATS_METRICS="$1"
}
ratios=()
for pair in $(seq "$overhead_pairs"); do
	if ((pair % 2)); then
		on=$(metrics_run on "$pair") && off=$(metrics_run off "$pair") || break
	else
		off=$(metrics_run off "$pair") && on=$(metrics_run on "$pair") || break
	fi
	ratios+=("$(awk -v a="${on%% *}" -v b="${off%% *}" 'BEGIN { print a / b }')")
done
if ((${#ratios[@]} == overhead_pairs)); then
	overhead=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{ r[NR] = $1 } END { m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2; printf "%.1f", (1 - m) * 100 }')
	extra "NATS metric overhead, publish loop 16 B" "$overhead" "%" "<= 10 %" \
		"1 − median(rate with metrics / rate without), $overhead_pairs pairs of $overhead_count messages, order swapped every other pair; off = connect option metrics: false"
else
	extra "NATS metric overhead, publish loop 16 B" "n/a" "" "<= 10 %" \
		"no way to turn NATS metrics off: natsk6 rejected connect option metrics: false (see bench/out/runs/metrics-off.*.log)"
fi
