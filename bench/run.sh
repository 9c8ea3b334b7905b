#!/usr/bin/env bash
# make bench: natsk6 side by side with `nats bench` (natscli) against one
# standalone nats-server, runs alternating natsk6, nats bench, natsk6, ...
# Prints the table and regenerates BENCHMARKS.md's results and bench/ratios.svg.
#
# Knobs (environment):
#   BENCH_PAIRS=3        A/B pairs per scenario
#   BENCH_SECONDS=3      target length of one run; counts are calibrated to it
#   BENCH_ONLY=REGEX     only the scenarios whose id matches (e.g. '^pub16')
#   BENCH_EXTRAS=0       skip RSS per VU, start-up time and metric overhead
#   BENCH_PROFILE=0      skip the perf profiles
#   BENCH_SCALING=0      skip the scaling curve, 10,000 VUs and the soak (scaling.sh)
#   BENCH_WRITE_MD=0     leave BENCHMARKS.md and bench/ratios.svg alone
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=$ROOT/bin
OUT=$ROOT/bench/out
SCRIPTS=$ROOT/bench/scripts
PAIRS=${BENCH_PAIRS:-3}
TARGET_SECONDS=${BENCH_SECONDS:-3}
ONLY=${BENCH_ONLY:-.}
# Pre-filled data bounds the read scenarios' counts (and the disk they use).
READ_PREFILL=600000
KV_PREFILL=60000
# No run may hang the whole benchmark (runs are sized to a few seconds).
RUN_TIMEOUT=60

for tool in natsk6 nats-server nats; do
	if [[ ! -x $BIN/$tool ]]; then
		echo "bench: $BIN/$tool is missing; run 'make bench'" >&2
		exit 1
	fi
done

rm -rf "$OUT"
mkdir -p "$OUT/runs"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date +%s)
WORK=$(mktemp -d)
BACKGROUND=()
cleanup() {
	local pid
	for pid in "${BACKGROUND[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }

(cd "$ROOT/bench" && go build -o "$OUT/benchtool" ./cmd/benchtool)
BT=$OUT/benchtool

# One standalone server for both tools; -p -1 picks a free port (4222 may
# be taken by a system server).
"$BIN/nats-server" -a 127.0.0.1 -p -1 -js -sd "$WORK/store" -l "$OUT/nats-server.log" &
SERVER_PID=$!
BACKGROUND+=("$SERVER_PID")
for _ in $(seq 100); do
	grep -q 'Server is ready' "$OUT/nats-server.log" 2>/dev/null && break
	sleep 0.1
done
PORT=$(sed -n 's/.*client connections on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$OUT/nats-server.log" | head -n1)
if [[ -z $PORT ]]; then
	echo "bench: nats-server did not start; see $OUT/nats-server.log" >&2
	exit 1
fi
URL=nats://127.0.0.1:$PORT
log "nats-server $("$BIN/nats-server" --version | awk '{print $NF}') on $URL"

nats() { timeout "$RUN_TIMEOUT" "$BIN/nats" --server "$URL" "$@"; }

# nb OUT ARGS...: one nats bench run, its output in OUT, its figures printed.
nb() {
	local out=$1
	shift
	nats bench "$@" --no-progress >"$out" 2>&1 && "$BT" natsbench "$out"
}

# natsk6 runs under K6_WRAP, which profile.sh swaps for perf.
NATSK6=$BIN/natsk6
K6_WRAP=(timeout "$RUN_TIMEOUT")

# k6 PREFIX SCRIPT COUNT RATE_METRIC TREND_METRIC [-e K=V...]: one natsk6 run.
k6() {
	local prefix=$1 script=$2 count=$3 rate=$4 trend=$5
	shift 5
	"${K6_WRAP[@]}" "$NATSK6" run --quiet --summary-export "$prefix.json" \
		-e NATS_URL="$URL" -e COUNT="$count" "$@" "$SCRIPTS/$script" >"$prefix.log" 2>&1 &&
		"$BT" summary "$prefix.json" "$rate" ${trend:+"$trend"}
}

# nb_pubsub OUT SUBS COUNT: nats bench sub in the background, then pub; the
# subscribers' aggregated rate is the figure.
nb_pubsub() {
	local out=$1 subs=$2 count=$3 pid
	nats bench sub bench.pubsub --clients "$subs" --msgs "$count" --no-progress >"$out" 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		[[ $(grep -c 'Starting' "$out" 2>/dev/null) -ge $subs ]] && break
		sleep 0.1
	done
	sleep 0.3 # the subscriptions reach the server after the banner
	nats bench pub bench.pubsub --size 16 --msgs "$count" --no-progress >"$out.pub" 2>&1
	wait "$pid" && "$BT" natsbench "$out"
}

# The natsk6 side of a scenario: prints "rate p50 p99".
natsk6_side() {
	local id=$1 n=$2 p=$3
	case $id in
	pub16_loop) k6 "$p" pub.js "$n" bench_msgs_per_sec:count "" -e MODE=loop -e SIZE=16 -e SUBJECT=bench.pub ;;
	pub16_bulk) k6 "$p" pub.js "$n" bench_msgs_per_sec:count "" -e MODE=bulk -e SIZE=16 -e SUBJECT=bench.pub ;;
	pub1k_loop) k6 "$p" pub.js "$n" bench_msgs_per_sec:count "" -e MODE=loop -e SIZE=1024 -e SUBJECT=bench.pub ;;
	pub1k_bulk) k6 "$p" pub.js "$n" bench_msgs_per_sec:count "" -e MODE=bulk -e SIZE=1024 -e SUBJECT=bench.pub ;;
	pubsub_1to1) k6 "$p" pubsub.js "$n" bench_msgs_per_sec:count "" -e SUBS=1 -e SIZE=16 -e SUBJECT=bench.pubsub ;;
	pubsub_1to4) k6 "$p" pubsub.js "$n" bench_msgs_per_sec:count "" -e SUBS=4 -e SIZE=16 -e SUBJECT=bench.pubsub -e MODE=batch ;;
	req_1vu) k6 "$p" request.js "$n" bench_msgs_per_sec:count nats_request_duration -e VUS=1 -e SIZE=16 -e SUBJECT=bench.svc ;;
	req_16vu) k6 "$p" request.js "$n" bench_msgs_per_sec:count nats_request_duration -e VUS=16 -e SIZE=16 -e SUBJECT=bench.svc ;;
	js_pub_sync) k6 "$p" js_pub.js "$n" bench_msgs_per_sec:count nats_js_publish_duration -e MODE=sync -e SIZE=128 -e SUBJECT=bench.jspub ;;
	js_pub_async) k6 "$p" js_pub.js "$n" bench_msgs_per_sec:count "" -e MODE=async -e SIZE=128 -e SUBJECT=bench.jspub ;;
	js_pub_async_bulk) k6 "$p" js_pub_async.js "$n" bench_msgs_per_sec:count "" -e SIZE=128 -e SUBJECT=bench.jspub ;;
	js_fetch) k6 "$p" js_fetch.js "$n" bench_msgs_per_sec:count nats_js_fetch_duration -e STREAM=benchread ;;
	js_ordered) k6 "$p" js_ordered.js "$n" bench_msgs_per_sec:count "" -e STREAM=benchread ;;
	kv_put) k6 "$p" kv.js "$n" bench_msgs_per_sec:count nats_kv_duration -e MODE=put -e SIZE=128 -e BUCKET=benchbucket ;;
	kv_get) k6 "$p" kv.js "$n" bench_msgs_per_sec:count nats_kv_duration -e MODE=get -e BUCKET=benchbucket ;;
	rate_pub16) k6 "$p" rate.js "$n" bench_msgs_per_sec:count "" -e RATE="$RATE_PUB" -e SIZE=16 -e SUBJECT=bench.pub ;;
	rate_req) k6 "$p" rate.js "$n" bench_msgs_per_sec:count nats_request_duration -e MODE=request -e RATE="$RATE_REQ" -e SIZE=16 -e SUBJECT=bench.svc ;;
	rate_js_pub) k6 "$p" rate.js "$n" bench_msgs_per_sec:count "" -e MODE=jetstream -e RATE="$RATE_JS" -e SIZE=128 -e SUBJECT=bench.jspub ;;
	e2e_lat) k6 "$p" e2e.js "$n" bench_msgs_per_sec:count nats_e2e_latency -e RATE="$RATE_E2E" -e SIZE=16 -e SUBJECT=bench.e2e ;;
	*) return 1 ;;
	esac
}

# The nats bench side of a scenario: prints "rate p50 p99". Latencies with
# no natsk6 counterpart are left out: core publish (time to buffer one
# message), async publish (per batch of 500) and fetch (Fetch returns
# before the batch arrives; natsk6's pullMessages waits for it).
natsbench_side() {
	local id=$1 n=$2 p=$3 m
	case $id in
	pub16_*) m=$(nb "$p.log" pub bench.pub --size 16 --msgs "$n") && drop_latency "$m" ;;
	pub1k_*) m=$(nb "$p.log" pub bench.pub --size 1KiB --msgs "$n") && drop_latency "$m" ;;
	pubsub_1to1) nb_pubsub "$p.log" 1 "$n" ;;
	pubsub_1to4) nb_pubsub "$p.log" 4 "$n" ;;
	req_1vu) nb "$p.log" service request bench.svc --clients 1 --size 16 --msgs "$n" ;;
	req_16vu) nb "$p.log" service request bench.svc --clients 16 --size 16 --msgs "$n" ;;
	js_pub_sync) nb "$p.log" js pub sync bench.jspub --stream benchpub --size 128 --msgs "$n" ;;
	js_pub_async | js_pub_async_bulk) m=$(nb "$p.log" js pub async bench.jspub --stream benchpub --batch 500 --size 128 --msgs "$n") && drop_latency "$m" ;;
	js_fetch) m=$(nb "$p.log" js fetch --stream benchread --batch 500 --msgs "$n") && drop_latency "$m" ;;
	js_ordered) nb "$p.log" js ordered --stream benchread --batch 500 --msgs "$n" ;;
	kv_put) nb "$p.log" kv put --bucket benchbucket --size 128 --msgs "$n" ;;
	kv_get) nb "$p.log" kv get --bucket benchbucket --msgs "$n" ;;
	rate_pub16) m=$(nb "$p.log" pub bench.pub --size 16 --throughput "$RATE_PUB" --duration "$(span "$n" "$RATE_PUB")") && drop_latency "$m" ;;
	rate_req) nb "$p.log" service request bench.svc --clients 1 --size 16 --throughput "$RATE_REQ" --duration "$(span "$n" "$RATE_REQ")" ;;
	rate_js_pub) m=$(nb "$p.log" js pub async bench.jspub --stream benchpub --batch 500 --size 128 --throughput "$RATE_JS" --duration "$(span "$n" "$RATE_JS")") && drop_latency "$m" ;;
	e2e_lat) nats latency --server-b "$URL" --rate "$RATE_E2E" --duration "$(span "$n" "$RATE_E2E")" --size 16 >"$p.log" 2>&1 && "$BT" natslatency "$p.log" ;;
	*) return 1 ;;
	esac
}

drop_latency() { echo "${1%% *} - -"; }

# The open-loop rows offer a fixed rate on both sides; their count is the
# messages, so a run lasts span COUNT RATE (a Go duration).
RATE_PUB=100000
RATE_REQ=5000
RATE_JS=20000
RATE_E2E=10000
span() { echo "$(($1 * 1000 / $2))ms"; }

# Run-level preparation so that both sides start from the same state.
before_run() {
	local id=$1
	case $id in
	js_pub_* | rate_js_pub) nats stream purge benchpub -f >/dev/null ;;
	js_fetch) nats consumer rm benchread nats-bench -f >/dev/null 2>&1 || true ;;
	esac
}

# Scenario-level preparation.
before_scenario() {
	local id=$1
	case $id in
	req_* | rate_req)
		# One responder serves both sides: a queue group of two instances.
		nats bench service serve bench.svc --clients 2 --no-progress >"$OUT/runs/$id.serve.log" 2>&1 &
		RESPONDER=$!
		BACKGROUND+=("$RESPONDER")
		sleep 0.5
		;;
	js_pub_* | rate_js_pub)
		nats stream info benchpub >/dev/null 2>&1 ||
			nats bench js pub sync bench.jspub --stream benchpub --create --msgs 1 --no-progress >/dev/null 2>&1
		;;
	js_fetch | js_ordered)
		if ! nats stream info benchread >/dev/null 2>&1; then
			log "pre-filling stream benchread with $READ_PREFILL messages of 128 B"
			nats bench js pub async bench.read --stream benchread --create --size 128 --msgs "$READ_PREFILL" --no-progress >"$OUT/runs/prefill-read.log" 2>&1
		fi
		;;
	kv_put | kv_get)
		if [[ ! -e $WORK/kv-filled ]]; then
			log "pre-filling bucket benchbucket with $KV_PREFILL keys of 128 B"
			nats bench kv put --bucket benchbucket --clients 4 --size 128 --msgs "$KV_PREFILL" --no-progress >"$OUT/runs/prefill-kv.log" 2>&1
			touch "$WORK/kv-filled"
		fi
		;;
	esac
}

after_scenario() {
	local id=$1
	case $id in
	req_* | rate_req) kill "$RESPONDER" 2>/dev/null || true ;;
	esac
}

# calibrated COUNT RATE MAX: the count that takes TARGET_SECONDS at RATE,
# never below the calibration count nor above MAX.
calibrated() {
	awk -v c="$1" -v r="$2" -v t="$TARGET_SECONDS" -v max="$3" \
		'BEGIN { n = int(r * t); if (n < c) n = c; if (n > max) n = max; print n }'
}

# side TOOL ID COUNT PREFIX: one run, its figures printed, or nothing and a
# warning when it failed.
side() {
	local tool=$1 id=$2 n=$3 p=$4 m
	before_run "$id"
	if m=$("${tool}_side" "$id" "$n" "$p" 2>>"$p.err"); then
		echo "$m"
	else
		log "$tool $id failed (count $n); see $p.log $p.err"
		tail -n 5 "$p.log" >&2 2>/dev/null || true
		return 1
	fi
}

printf '# id\ttitle\tnatsk6\tnats bench\tgoal\tnote\n' >"$OUT/scenarios.tsv"
printf '# id\ttool\tpair\trate\tp50_us\tp99_us\n' >"$OUT/results.tsv"

# scenario ID TITLE GOAL CAL_COUNT MAX_COUNT NATSK6_DESC NATS_BENCH_DESC NOTE
scenario() {
	local id=$1 title=$2 goal=$3 cal=$4 max=$5 k6desc=$6 nbdesc=$7 note=$8
	[[ $id =~ $ONLY ]] || return 0
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$title" "$k6desc" "$nbdesc" "$goal" "$note" >>"$OUT/scenarios.tsv"
	log "$id: calibrating"
	before_scenario "$id"
	local tool m count
	declare -A counts
	for tool in natsk6 natsbench; do
		# A tool that fails its calibration run is not run again: a broken
		# or hanging side must not cost PAIRS timeouts.
		counts[$tool]=0
		if m=$(side "$tool" "$id" "$cal" "$OUT/runs/$id.$tool.cal"); then
			counts[$tool]=$(calibrated "$cal" "${m%% *}" "$max")
		fi
	done
	log "$id: counts natsk6 ${counts[natsk6]}, nats bench ${counts[natsbench]}"
	printf '%s\t%s\n' "$id" "${counts[natsk6]}" >>"$OUT/counts.tsv"
	local pair
	for pair in $(seq "$PAIRS"); do
		for tool in natsk6 natsbench; do
			((counts[$tool] > 0)) || continue
			if m=$(side "$tool" "$id" "${counts[$tool]}" "$OUT/runs/$id.$tool.$pair"); then
				printf '%s\t%s\t%s\t%s\n' "$id" "$tool" "$pair" "${m// /$'\t'}" >>"$OUT/results.tsv"
			fi
		done
	done
	after_scenario "$id"
}

scenario pub16_loop "Core publish 16 B, script loop" "rate>=0.8" 200000 20000000 \
	"pub.js MODE=loop SIZE=16: conn.publish per message" "pub bench.pub --size 16 --msgs N" \
	"nats bench's publish latency is the time to buffer a message: not compared"
scenario pub16_bulk "Core publish 16 B, publishBulk" "rate>=0.9" 500000 20000000 \
	"pub.js MODE=bulk SIZE=16: one conn.publishBulk" "pub bench.pub --size 16 --msgs N" ""
scenario pub1k_loop "Core publish 1 KiB, script loop" "rate>=0.5" 100000 5000000 \
	"pub.js MODE=loop SIZE=1024" "pub bench.pub --size 1KiB --msgs N" ""
scenario pub1k_bulk "Core publish 1 KiB, publishBulk" "rate>=0.9" 200000 5000000 \
	"pub.js MODE=bulk SIZE=1024" "pub bench.pub --size 1KiB --msgs N" ""
scenario pubsub_1to1 "Pub→sub 1:1, 16 B, handler per message" "rate>=0.85" 100000 5000000 \
	"pubsub.js SUBS=1: 1 VU publishBulk, 1 VU subscribe with a handler" \
	"sub bench.pubsub --clients 1 --msgs N & pub bench.pubsub --size 16 --msgs N" \
	"received msgs/s; both sides lift nats.go's pending limits (pendingMsgs/pendingBytes -1), as nats bench sub does"
scenario pubsub_1to4 "Pub→sub 1:4 fan-out, 16 B, batch handler" "rate>=0.8" 50000 2000000 \
	"pubsub.js SUBS=4 MODE=batch: subscribe with { batch: true }" "sub bench.pubsub --clients 4 --msgs N & pub bench.pubsub --size 16 --msgs N" \
	"aggregate received msgs/s over the 4 subscribers; natsk6 sums per-VU rates, nats bench divides by the overall span; natsk6's handler gets each event-loop turn's messages as one array (the README's fast pattern for high-rate subscribers)"
scenario req_1vu "Request/reply, 1 VU sequential" "rate>=0.8,p50<=1.25" 5000 200000 \
	"request.js VUS=1: conn.request in a loop" "service request bench.svc --clients 1 --size 16 --msgs N" \
	"both sides use the same responder: nats bench service serve --clients 2 (a queue group)"
scenario req_16vu "Request/reply, 16 VUs, queue-group responder" "rate>=0.8,p50<=1.25" 10000 500000 \
	"request.js VUS=16" "service request bench.svc --clients 16 --size 16 --msgs N" \
	"same responder; 16 VUs vs 16 clients; natsk6 sums per-VU rates, nats bench divides all requests by the overall span"
scenario js_pub_sync "JetStream publish, sync" "-" 3000 200000 \
	"js_pub.js MODE=sync: js.publish" "js pub sync bench.jspub --stream benchpub --size 128 --msgs N" \
	"file storage; the stream is purged before every run"
scenario js_pub_async "JetStream publish, async" "rate>=0.8" 20000 2000000 \
	"js_pub.js MODE=async: batches of 500 js.publishAsync + Promise.all" \
	"js pub async bench.jspub --stream benchpub --batch 500 --size 128 --msgs N" \
	"nats bench reports latency per batch: not compared"
scenario js_pub_async_bulk "JetStream publish, async bulk (publishAsyncBulk)" "rate>=0.8" 20000 2000000 \
	"js_pub_async.js: one js.publishAsyncBulk, 4000 acks in flight" \
	"js pub async bench.jspub --stream benchpub --batch 500 --size 128 --msgs N" \
	"the same nats bench command as the row above; natsk6 publishes from Go, every ack checked"
scenario js_fetch "Pull fetch with acks" "rate>=0.95" 20000 "$READ_PREFILL" \
	"js_fetch.js: js.pullMessages(sub, 500) + m.ack()" "js fetch --stream benchread --batch 500 --msgs N" \
	"fresh durable consumer each run, max ack pending 500 on both sides"
scenario js_ordered "Ordered consumer" "-" 20000 "$READ_PREFILL" \
	"js_ordered.js" "js ordered --stream benchread --batch 500 --msgs N" ""
scenario kv_put "KV put" "-" 3000 "$KV_PREFILL" \
	"kv.js MODE=put: kv.put(key, 128 B)" "kv put --bucket benchbucket --size 128 --msgs N" \
	"keys 0..N-1 on both sides, history 1"
scenario kv_get "KV get" "-" 3000 "$KV_PREFILL" \
	"kv.js MODE=get: kv.get(key)" "kv get --bucket benchbucket --msgs N" \
	"keys 0..N-1, pre-filled"
scenario rate_pub16 "Open-loop core publish at 100,000 msgs/s, 16 B" "rate>=0.99" "$RATE_PUB" "$((RATE_PUB * TARGET_SECONDS))" \
	"rate.js: conn.publishRate rate 100000" "pub bench.pub --size 16 --throughput 100000 --duration N/100000" \
	"achieved msgs/s at one offered rate (natsk6: sent per second of schedule); nats bench's publish latency is the time to buffer a message: not compared"
scenario rate_req "Open-loop request/reply at 5,000 req/s" "rate>=0.99" "$RATE_REQ" "$((RATE_REQ * TARGET_SECONDS))" \
	"rate.js MODE=request: publishRate mode 'request', nats_request_duration (raw)" \
	"service request bench.svc --clients 1 --size 16 --throughput 5000 --duration N/5000" \
	"same responder as req_*; natsk6 keeps up to 1000 requests in flight on a schedule, nats bench throttles one sequential client; nats_request_duration_corrected is in the run's summary"
scenario rate_js_pub "Open-loop JetStream publish at 20,000 msgs/s, 128 B" "rate>=0.99" "$RATE_JS" "$((RATE_JS * TARGET_SECONDS))" \
	"rate.js MODE=jetstream: publishRate mode 'jetstream', 1000 acks in flight" \
	"js pub async bench.jspub --stream benchpub --batch 500 --size 128 --throughput 20000 --duration N/20000" \
	"file storage, purged before every run; latency not compared (nats bench's is per batch)"
scenario e2e_lat "End-to-end latency at 10,000 msgs/s, 16 B" "-" "$RATE_E2E" "$((RATE_E2E * TARGET_SECONDS))" \
	"e2e.js: publishRate timestamp 'payload', subscriber in another VU (nats_e2e_latency)" \
	"latency --server-b URL --rate 10000 --size 16 --duration N/10000" \
	"send stamp in the payload's first 8 bytes on both sides, one server; natsk6's latency includes delivery to the VU's JS handler"

if [[ ${BENCH_EXTRAS:-1} != 0 ]]; then
	# shellcheck source=extras.sh
	source "$ROOT/bench/extras.sh"
	# shellcheck source=gobench.sh
	source "$ROOT/bench/gobench.sh"
fi
# shellcheck source=scaling.sh
[[ ${BENCH_SCALING:-1} == 0 ]] || source "$ROOT/bench/scaling.sh"
if [[ ${BENCH_PROFILE:-1} != 0 ]]; then
	# shellcheck source=profile.sh
	source "$ROOT/bench/profile.sh"
fi

# shellcheck source=machine.sh
	source "$ROOT/bench/machine.sh" >"$OUT/machine.md"

if [[ ${BENCH_WRITE_MD:-1} != 0 ]]; then
	"$BT" report "$OUT" "$ROOT/BENCHMARKS.md" "$ROOT/bench/ratios.svg"
else
	"$BT" report "$OUT" "$OUT/BENCHMARKS.md" "$OUT/ratios.svg"
fi
log "done: results in $OUT"
