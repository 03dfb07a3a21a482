#!/usr/bin/env bash
# Load benchmark: the release server on a fresh SQLite file with demo data,
# hammered by wrk over loopback for a bounded time per route. Prints requests
# per second and latency, and the server's resident memory at idle and after
# the load. Usage: scripts/bench.sh [seconds-per-route] [connections]
source "$(dirname "$0")/lib.sh"
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
PORT="${BENCH_PORT:-3200}"

ensure_wrk
[ -x "$SERVER_BIN" ] && [ -d "$SITE_DIR/pkg" ] || "$ROOT/scripts/build.sh"

data="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
ASN_BIND="127.0.0.1:$PORT" ASN_DATA_DIR="$data" ASN_DEMO_DATA=true ASN_SITE_DIR="$SITE_DIR" ASN_LOG=warn \
  "$SERVER_BIN" serve &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

rss() { awk '/VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$pid/status"; }
say "server RSS at idle: $(rss)"
# /dashboard without a session: an async render whose resource answers
# "sign in first" (a 302, counted by wrk as non-2xx).
for route in /healthz /readyz / /dashboard /pkg/asn-portal_bg.wasm; do
  say "GET $route — ${DURATION}s, $CONNECTIONS connections, 2 threads"
  headers=()
  [ "$route" = "/pkg/asn-portal_bg.wasm" ] && headers=(-H "Accept-Encoding: gzip")
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${headers[@]}" "http://127.0.0.1:$PORT$route" |
    grep -E "Requests/sec|Latency |50%|99%|Non-2xx|Socket errors"
done
say "server RSS after load: $(rss)"
