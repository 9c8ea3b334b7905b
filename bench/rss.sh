# shellcheck shell=bash
# Sourced by extras.sh and scaling.sh: recording a natsk6-only figure into
# $OUT/extras.tsv and measuring natsk6's peak RSS with a number of VUs.

extra() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$OUT/extras.tsv"; }

# rss_run VUS PREFIX [PACE_MS]: rss.js with VUS VUs, each publishing every
# PACE_MS (100); prints natsk6's peak RSS in KiB.
# VmHWM only grows, so its last reading before exit is the peak. natsk6 runs
# directly (no timeout wrapper) so that $! is its own pid; the script's
# duration bounds the run. A VU count measured once in this run (both
# sections use 1 and 1000 VUs) is not run again: PREFIX.peak keeps it.
rss_run() {
	local vus=$1 p=$2 pace=${3:-100} pid peak=0 hwm
	if [[ -s $p.peak ]]; then
		cat "$p.peak"
		return
	fi
	"$NATSK6" run --quiet --summary-export "$p.json" -e NATS_URL="$URL" \
		-e VUS="$vus" -e PACE_MS="$pace" -e DURATION=3s -e LAUNCH_MS="$(date +%s%3N)" "$SCRIPTS/rss.js" >"$p.log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
		[[ -n $hwm ]] && peak=$hwm
		sleep 0.05
	done
	wait "$pid" || return 1
	echo "$peak" | tee "$p.peak"
}

per_vu_mib() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.2f", (b - a) / (n - 1) / 1024 }'; }

# start_extra VUS GOAL: the row for how long rss_run's VUS VUs took to start,
# read from its summary (bench_vu_start, ms since launch).
start_extra() {
	local ms
	ms=$("$BT" field "$OUT/runs/rss.$1.json" bench_vu_start max)
	extra "Time to start $1 VUs" "$(awk -v ms="$ms" 'BEGIN { printf "%.2f", ms / 1000 }')" s "$2" \
		"from launching natsk6 to the last VU's first iteration, each VU connecting in init code"
}
