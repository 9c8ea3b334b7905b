# shellcheck shell=bash
# Sourced by run.sh: how natsk6 scales with VUs. Throughput and CPU per
# message at 1 to 5,000 VUs for three workloads of constant total work
# ($OUT/scaling.tsv, drawn as bench/scaling.svg), RSS and start-up time at
# 10,000 VUs, and a soak whose RSS must stay flat while it records tens of
# millions of trend samples (rows of $OUT/extras.tsv).
#
# Knobs: BENCH_SCALING_ROUNDS (default BENCH_PAIRS) rounds over every point,
# BENCH_SOAK_SECONDS=300 (0 skips the soak), BENCH_SOAK_VUS=50.
# shellcheck source=rss.sh
source "$ROOT/bench/rss.sh"

SCALING_STARTED=$(date +%s)
SCALING_LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
SCALING_VUS=(1 10 100 1000 5000)
SCALING_ROUNDS=${BENCH_SCALING_ROUNDS:-$PAIRS}
SOAK_SECONDS=${BENCH_SOAK_SECONDS:-300}
SOAK_VUS=${BENCH_SOAK_VUS:-50}
# 10,000 VUs hold 10,000 connections: lift the open-files limit as far as
# this shell may (65536 needs CAP_SYS_RESOURCE; else the hard limit).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

# Total messages per workload at every VU count, about BENCH_SECONDS at
# the workload's best rate on 2 cores.
scaled() { awk -v n="$1" -v t="$TARGET_SECONDS" 'BEGIN { printf "%d", n * t / 3 }'; }
declare -A SCALING_MSGS=([pub]=$(scaled 3000000) [req]=$(scaled 20000) [pubsub]=$(scaled 1500000))
declare -A SCALING_TITLES=(
	[pub]="Core publish 16 B, script loop"
	[req]="Request/reply 16 B, queue-group responder"
	[pubsub]="Pub→sub 16 B, each VU to its own handler"
)

# watched PREFIX SCRIPT [-e K=V...]: one natsk6 run, with natsk6's and
# nats-server's CPU and RSS sampled into PREFIX.proc. natsk6 runs directly
# so that $! is its pid; the scripts' maxDuration bounds the run.
watched() {
	local p=$1 script=$2 pid
	shift 2
	"$NATSK6" run --quiet --summary-export "$p.json" -e NATS_URL="$URL" "$@" "$SCRIPTS/$script" >"$p.log" 2>&1 &
	pid=$!
	"$BT" procwatch "$pid" "$SERVER_PID" >"$p.proc"
	wait "$pid"
}

log "scaling: ${SCALING_VUS[*]} VUs, $SCALING_ROUNDS rounds"
printf '# mode\ttitle\tvus\tround\tmsgs\twindow_s\trate\tnatsk6_cpu_s\tserver_cpu_s\n' >"$OUT/scaling.tsv"
for round in $(seq "$SCALING_ROUNDS"); do
	for mode in pub req pubsub; do
		for vus in "${SCALING_VUS[@]}"; do
			p=$OUT/runs/scaling.$mode.$vus.$round
			subject=bench.scale
			if [[ $mode == req ]]; then
				# A fresh responder per run: nats bench service serve
				# stops after 100,000 requests.
				subject=bench.svc
				before_scenario req_scaling
			fi
			if watched "$p" scaling.js -e MODE="$mode" -e VUS="$vus" -e COUNT="${SCALING_MSGS[$mode]}" -e SUBJECT="$subject" &&
				m=$("$BT" scaling "$p"); then
				printf '%s\t%s\t%s\t%s\t%s\n' "$mode" "${SCALING_TITLES[$mode]}" "$vus" "$round" "${m// /$'\t'}" >>"$OUT/scaling.tsv"
				log "scaling $mode $vus VUs: $m"
			else
				log "scaling $mode $vus VUs failed; see $p.log"
			fi
			[[ $mode != req ]] || after_scenario req_scaling
		done
	done
done

# Each VU publishes once a second: 10,000 messages/s in all, the load
# extras.sh's 1000 VUs put on the server. Every 100 ms, 10,000 VUs would
# keep both cores busy, and the last VUs' first iterations would wait for
# CPU rather than for their start.
log "scaling: RSS and start-up at 10000 VUs"
if rss1=$(rss_run 1 "$OUT/runs/rss.1") && rss10k=$(rss_run 10000 "$OUT/runs/rss.10000" 1000); then
	extra "RSS per VU at 10000 VUs" "$(per_vu_mib "$rss1" "$rss10k" 10000)" MiB "<= 0.25 MiB" \
		"(peak RSS at 10000 VUs − at 1 VU) / 9999, connections included, each VU publishing once a second; 10000 VUs: $((rss10k / 1024)) MiB"
	start_extra 10000 "< 10 s"
else
	extra "RSS per VU at 10000 VUs" "n/a" "" "<= 0.25 MiB" "the run failed: see bench/out/runs/rss.10000.log"
fi

if ((SOAK_SECONDS > 0)); then
	log "scaling: soak of $SOAK_SECONDS s with $SOAK_VUS VUs"
	p=$OUT/runs/soak
	if watched "$p" soak.js -e VUS="$SOAK_VUS" -e DURATION="${SOAK_SECONDS}s" && m=$("$BT" soak "$p"); then
		read -r samples early late peak growth <<<"$m"
		extra "Trend samples in the soak" "$samples" "" "> 50000000" \
			"$SOAK_VUS VUs adding to one custom Trend in a tight loop for $SOAK_SECONDS s (bench/scripts/soak.js)"
		extra "RSS growth over the soak" "$growth" "%" "< 5 %" \
			"median RSS over the last fifth of the run ($((late / 1024)) MiB) over the median over the second fifth ($((early / 1024)) MiB), minutes 5 and 2 of 5; the GC's sawtooth peaks at $((peak / 1024)) MiB"
	else
		extra "RSS growth over the soak" "n/a" "" "< 5 %" "the soak failed: see bench/out/runs/soak.log"
	fi
fi

cat >"$OUT/scaling.md" <<MD
Each workload runs the same total number of messages (publish ${SCALING_MSGS[pub]}, request/reply ${SCALING_MSGS[req]}, pub→sub ${SCALING_MSGS[pubsub]}) split over the VUs, each VU connected once in init code (\`bench/scripts/scaling.js\`); medians of $SCALING_ROUNDS rounds. msgs/s counts from the first VU's start to the last VU's end; CPU is \`/proc/PID/stat\` utime + stime within that window, sampled every 50 ms by \`benchtool procwatch\`, per message; "cores busy" is that CPU over the window. Load average before / after this section: $SCALING_LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg); $(($(date +%s) - SCALING_STARTED)) s in all.
MD
