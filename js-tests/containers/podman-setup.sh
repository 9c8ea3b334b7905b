#!/usr/bin/env bash
# Makes the js-tests' container path work on a machine without Docker and
# without an image registry: podman with runc, ulimits set in a
# containers.conf, a local image built FROM scratch around the static
# bin/nats-server, and podman's Docker API on a unix socket under /tmp.
# Each step below says why it is needed; all of it was checked on Debian 12
# with podman 4.3.
#
# Idempotent. Progress goes to stderr; stdout is only the lines for the
# caller to eval:
#   eval "$(bash js-tests/containers/podman-setup.sh)"
# When this call started the podman service, they include
# NATSK6_PODMAN_SERVICE_PID: the caller stops it when done (.ci/run does,
# on exit). A service that was already running is reused and left alone.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
state=${NATSK6_PODMAN_DIR:-/tmp/natsk6-podman}
image=${NATSK6_NATS_IMAGE:-localhost/natsk6/nats-server:local}
server_bin=${NATS_SERVER_BIN:-$repo/bin/nats-server}
sock=$state/podman.sock

log() { echo "podman-setup: $*" >&2; }

if [ ! -x "$server_bin" ]; then
  log "no nats-server binary at $server_bin (run: make bin/nats-server)"
  exit 1
fi
if ldd "$server_bin" >/dev/null 2>&1; then
  log "$server_bin is dynamically linked; the FROM scratch image needs a static build (CGO_ENABLED=0)"
  exit 1
fi

# 1. podman and runc (crun fails here under cgroup hybrid mode), and curl
# to ping the service.
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v curl >/dev/null; then
  log "installing podman, runc and curl"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends podman runc curl >&2
fi

# 2. containers.conf: without the ulimits, setrlimit RLIMIT_NOFILE fails.
mkdir -p "$state"
cat >"$state/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF=$state/containers.conf

# 3. The local image: FROM scratch, the static binary, no EXPOSE (podman
# reports unmapped exposed ports as null and testcontainers then waits).
sum=$(sha256sum "$server_bin" | cut -c1-16)
if [ "$(podman image inspect --format '{{index .Labels "natsk6.server-sha"}}' "$image" 2>/dev/null || true)" != "$sum" ]; then
  log "building $image from $server_bin"
  ctx=$(mktemp -d)
  cp "$server_bin" "$ctx/nats-server"
  cat >"$ctx/Containerfile" <<CONTAINERFILE
FROM scratch
LABEL natsk6.server-sha="$sum"
COPY nats-server /nats-server
ENTRYPOINT ["/nats-server"]
CONTAINERFILE
  podman build -q -t "$image" -f "$ctx/Containerfile" "$ctx" >&2
  rm -rf "$ctx"
fi

# 4. The Docker-compatible API on a socket, started once, from the state
# directory: conmon needs the service's working directory, and a service
# started from a checkout that was removed since (an earlier CI clone)
# answers pings but fails every container ("Failed to get working
# directory"). Such a service is replaced.
service_usable() {
  curl -sf --unix-socket "$sock" http://d/_ping >/dev/null 2>&1 || return 1
  local pid cwd
  pid=$(cat "$state/service.pid" 2>/dev/null) || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || return 1
  [[ $cwd != *" (deleted)" ]]
}
if ! service_usable; then
  if pid=$(cat "$state/service.pid" 2>/dev/null) && kill "$pid" 2>/dev/null; then
    log "replacing the podman service (pid $pid)"
    sleep 1
  fi
  log "starting podman system service on $sock"
  rm -f "$sock"
  pushd "$state" >/dev/null
  nohup podman system service --time=0 "unix://$sock" </dev/null >"$state/service.log" 2>&1 &
  started_pid=$!
  echo "$started_pid" >"$state/service.pid"
  popd >/dev/null
  for _ in $(seq 50); do
    curl -sf --unix-socket "$sock" http://d/_ping >/dev/null 2>&1 && break
    sleep 0.2
  done
  if ! curl -sf --unix-socket "$sock" http://d/_ping >/dev/null; then
    log "podman service did not answer; see $state/service.log"
    kill "$started_pid" 2>/dev/null || true
    exit 1
  fi
fi

# Containers of an earlier run that never started (or were left behind)
# only hold ports and storage.
stale=$(podman ps -aq --filter "ancestor=$image" --filter status=created --filter status=exited 2>/dev/null || true)
[ -z "$stale" ] || podman rm -f $stale >/dev/null 2>&1 || true

# 5. Ryuk's image cannot be pulled: the suite removes its own containers.
echo "export DOCKER_HOST=unix://$sock"
echo "export TESTCONTAINERS_RYUK_DISABLED=true"
echo "export CONTAINERS_CONF=$state/containers.conf"
echo "export NATSK6_NATS_IMAGE=$image"
[ -z "${started_pid:-}" ] || echo "export NATSK6_PODMAN_SERVICE_PID=$started_pid"
