#!/usr/bin/env bash
# The Kubernetes flow of deploy/kubernetes on this machine: one
# bin/nats-server, N natsk6 processes each running its execution segment
# of deploy/kubernetes/base/test.ts (which the script derives from
# JOB_COMPLETION_INDEX, as in an Indexed Job's pods) and writing a result
# file, then natsk6 merge, whose exit code is the verdict. The REST API
# is off (--address ""): N processes on one machine cannot share its port. `make distributed-demo` runs it; INSTANCES, TOTAL_ITERATIONS
# and PORT change it.
set -euo pipefail
cd "$(dirname "$0")/../.."
instances=${INSTANCES:-4}
total=${TOTAL_ITERATIONS:-1000}
port=${PORT:-14222}
out=$(mktemp -d -t natsk6-distributed-XXXXXX)

bin/nats-server -a 127.0.0.1 -p "$port" >"$out/nats-server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do # up to 5 s for the server to listen
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

pids=()
files=()
for i in $(seq 0 $((instances - 1))); do
  files+=("$out/instance-$i.json")
  JOB_COMPLETION_INDEX=$i INSTANCES=$instances TOTAL_ITERATIONS=$total NATS_URL="nats://127.0.0.1:$port" \
    bin/natsk6 run --quiet --no-summary --no-thresholds --no-embedded --address "" \
    --tag "instance_id=$i" --out "result=$out/instance-$i.json" \
    deploy/kubernetes/base/test.ts >"$out/instance-$i.log" 2>&1 &
  pids+=($!)
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || { echo "instance $i failed:"; cat "$out/instance-$i.log"; exit 1; }
done
echo "$instances instances done; result files in $out"
bin/natsk6 merge --summary-export "$out/summary.json" "${files[@]}"
