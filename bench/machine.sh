# shellcheck shell=bash
# Sourced by run.sh: the machine and the exact command, as markdown.
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
mem=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
cat <<MD
- Machine: $(nproc) cores, ${cpu:-unknown CPU}, $mem RAM, Linux $(uname -r)
- Load average before / after the run: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes the absolute figures noisy; each ratio compares runs made back to back)
- Versions: $("$NATSK6" version 2>/dev/null | head -n1 || echo natsk6 unknown), nats-server $("$BIN/nats-server" --version | awk '{print $NF}'), natscli $("$BIN/nats" --version 2>&1 | head -n1), $(go version | awk '{print $3}')
- Command: \`make bench\` (= \`BENCH_PAIRS=$PAIRS BENCH_SECONDS=$TARGET_SECONDS ./bench/run.sh\` after building bin/), $(date -u '+%Y-%m-%d %H:%M UTC'), $(( $(date +%s) - STARTED )) s in all
- Method: one standalone nats-server (JetStream, file store in a temp dir, free loopback port); per scenario one calibration run per tool sizes the message count to about $TARGET_SECONDS s, then $PAIRS pairs natsk6 → nats bench run back to back
MD
