#!/usr/bin/env bash
# Builds the image with podman, runs the development compose stack and `huikuan demo
# --running` against it, and prints image size, build time, memory per service and stop
# times. Not part of the test suite (it needs podman: bash ../shared/tools/container-sandbox.sh
# sets it up on these machines, and .venv/bin/podman-compose comes with `.[dev]`).
#
#   bash bench/containers.sh              # build with the layer cache
#   bash bench/containers.sh --no-cache   # a cold build, for the README's build time
#
# The stack runs as compose project "huikuan-bench" and publishes no host port (another
# `huikuan up` may hold 8101-8104): the demo runs in a container on the compose network,
# reaching the services' documented ports through bench/loopback_proxy.py.
set -euo pipefail
cd "$(dirname "$0")/.."
NO_CACHE=()
[ "${1:-}" = "--no-cache" ] && NO_CACHE=(--no-cache)
PROJECT=huikuan-bench
COMPOSE=(.venv/bin/podman-compose -p "$PROJECT" -f docker-compose.yml -f docker-compose.override.yml)
say() { printf '\n== %s\n' "$*"; }

command -v podman >/dev/null || { echo "podman is missing: bash ../shared/tools/container-sandbox.sh" >&2; exit 1; }
[ -x .venv/bin/podman-compose ] || { echo "podman-compose is missing: ./setup.sh" >&2; exit 1; }

# The Dockerfile pins its base by digest. Where that image cannot be had (no registry, as
# on these machines), build on the local image of the same tag and say so.
pinned=$(sed -n 's/^ARG PYTHON_IMAGE=//p' deploy/Dockerfile)
base=$pinned
if ! podman image exists "$pinned" && ! podman pull -q "$pinned" >/dev/null 2>&1; then
  base=${pinned%@*}
  echo "note: $pinned is not available here; building on the local $base"
fi
args=(--format docker --build-arg "PYTHON_IMAGE=$base"
      --build-arg "VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)"
      --build-arg "REVISION=$(git rev-parse HEAD)"
      --build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)")

say "build (${NO_CACHE[*]:-with cache})"
started=$(date +%s.%N)
podman build -q "${NO_CACHE[@]}" "${args[@]}" -f deploy/Dockerfile -t huikuan:dev . >/dev/null
built=$(date +%s.%N)
podman build -q "${NO_CACHE[@]}" "${args[@]}" -f deploy/Dockerfile --target mailbox -t huikuan-mailbox:dev . >/dev/null
printf 'runtime image build: %.0f s\n' "$(echo "$built - $started" | bc)"
size=$(podman image inspect huikuan:dev --format '{{.Size}}')
compressed=$(podman save huikuan:dev 2>/dev/null | gzip -1 | wc -c)
printf 'image size: %d MB (%d MB gzipped)\n' $((size / 1000000)) $((compressed / 1000000))
podman image inspect huikuan:dev --format '{{index .Labels "org.opencontainers.image.version"}} {{index .Labels "org.opencontainers.image.revision"}}' \
  | sed 's/^/labels: version, revision: /'
podman run --rm --no-healthcheck huikuan:dev sh -c 'id -u; python -c "import pip" 2>&1 | tail -1' | sed 's/^/runtime: /'

cleanup() { "${COMPOSE[@]}" down -v >/dev/null 2>&1 || true; rm -f "$override" "$log"; }
override=$(mktemp --suffix=.yml)
log=$(mktemp)
trap cleanup EXIT
# Same stack, no published port (see the header).
cat >"$override" <<'YAML'
services:
  redis: {ports: !reset []}
  mailbox: {ports: !reset []}
  customers: {ports: !reset []}
  invoicing: {ports: !reset []}
  collections: {ports: !reset []}
  notifications: {ports: !reset []}
YAML
COMPOSE+=(-f "$override")

say "compose up (simulated clock)"
"${COMPOSE[@]}" down -v >/dev/null 2>&1 || true  # containers left by an interrupted run
started=$(date +%s.%N)
HUIKUAN_CLOCK=simulated "${COMPOSE[@]}" up -d >"$log" 2>&1 || { tail -20 "$log"; exit 1; }
printf 'compose up: %.0f s\n' "$(echo "$(date +%s.%N) - $started" | bc)"
network=$(podman network ls --format '{{.Name}}' | grep "^${PROJECT}_" | head -1)
probe='import sys, urllib.request
for port in (8101, 8102, 8103, 8104, 8105):
    urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2)'
# The operators' Redis user and the development API-key secret (docker-compose.override.yml).
demo_env=(-e "REDIS_URL=redis://huikuan-admin:dev-only-redis-password-admin@redis:6379/0"
          -e "HUIKUAN_API_KEY_SECRET=dev-only-api-key-secret-7d1e4b9a2c6f8e0d3a5b7c9e1f2a4b6c")
run_in_network() {
  podman run --rm --no-healthcheck --network "$network" "${demo_env[@]}" \
    -v "$PWD/bench/loopback_proxy.py:/opt/loopback_proxy.py:ro,z" huikuan:dev sh -c \
    "python /opt/loopback_proxy.py 8101=customers:8101 8102=invoicing:8102 8103=collections:8103 8104=notifications:8104 8105=analytics:8105 & sleep 1; $1"
}
for _ in $(seq 60); do
  run_in_network "python -c '$probe'" >/dev/null 2>&1 && break
  sleep 2
done
run_in_network "python -c '$probe'" && echo "all five services ready"
podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}} {{.Status}}' \
  | sed 's/ (starting)$//' | sort
for s in customers invoicing collections notifications analytics console; do
  podman logs "${PROJECT}_${s}_1" 2>&1 | grep -m1 "refusing to start" || true
done

say "healthchecks (the image's HEALTHCHECK, run by hand: no systemd timers here)"
for s in customers invoicing collections notifications analytics; do
  podman healthcheck run "${PROJECT}_${s}_1" >/dev/null 2>&1 && echo "$s healthy" || echo "$s UNHEALTHY"
done

say "huikuan demo --running"
demo_started=$(date +%s.%N)
run_in_network "huikuan demo --running"
printf 'demo: %.0f s\n' "$(echo "$(date +%s.%N) - $demo_started" | bc)"

say "memory per service after the demo"
podman stats --no-stream --format '{{.Name}} {{.MemUsage}}' | grep "^${PROJECT}_" | sort

say "stop (SIGTERM; grace 30 s)"
for s in collections notifications; do
  t0=$(date +%s.%N); podman stop -t 30 "${PROJECT}_${s}_1" >/dev/null 2>&1
  printf '%s stopped in %.1f s\n' "$s" "$(echo "$(date +%s.%N) - $t0" | bc)"
done
