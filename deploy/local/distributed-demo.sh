#!/usr/bin/env bash
# The Kubernetes flow of deploy/kubernetes on this machine: one
# bin/nats-server, N natsk6 processes each running its execution segment
# of deploy/kubernetes/base/test.ts (which the script derives from
# JOB_COMPLETION_INDEX, as in an Indexed Job's pods) and writing a result
# file, then natsk6 merge, whose exit code is the verdict. The instances
# start paused, each with its REST API on a port of its own, and natsk6
# resume starts them together. `make distributed-demo` runs it;
# INSTANCES, TOTAL_ITERATIONS, PORT and API_PORT change it.
set -euo pipefail
cd "$(dirname "$0")/../.."
instances=${INSTANCES:-4}
total=${TOTAL_ITERATIONS:-1000}
port=${PORT:-14222}
api=${API_PORT:-16565} # instance i's REST API listens on API_PORT+i
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
addresses=()
for i in $(seq 0 $((instances - 1))); do
  files+=("$out/instance-$i.json")
  JOB_COMPLETION_INDEX=$i INSTANCES=$instances TOTAL_ITERATIONS=$total NATS_URL="nats://127.0.0.1:$port" \
    bin/natsk6 run --quiet --no-summary --no-thresholds --no-embedded --paused --address "127.0.0.1:$((api + i))" \
    --tag "instance_id=$i" --out "result=$out/instance-$i.json" \
    deploy/kubernetes/base/test.ts >"$out/instance-$i.log" 2>&1 &
  pids+=($!)
  addresses+=(--address "127.0.0.1:$((api + i))")
done
# The start barrier, as the starter Job: once all are paused, all start.
bin/natsk6 resume --wait 1m "${addresses[@]}"
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || { echo "instance $i failed:"; cat "$out/instance-$i.log"; exit 1; }
done
echo "$instances instances done; result files in $out"
bin/natsk6 merge --summary-export "$out/summary.json" "${files[@]}"
