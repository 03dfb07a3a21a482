#!/usr/bin/env bash
# Sign-in benchmark: sign-ins per second and latency at saturation against
# the release server (fresh SQLite file, one account, the OWASP Argon2
# defaults), next to the bare Argon2id verification rate of the same
# machine, measured in the same run by `asn-portal hash-bench`.
# Usage: scripts/bench-sign-in.sh [seconds] [connections]
source "$(dirname "$0")/lib.sh"
DURATION="${1:-15}"
CONNECTIONS="${2:-16}"
PORT="${BENCH_PORT:-3201}"
NIP=198001012005011001
PASSWORD='Gudeg!Wijilan#77'
PASSWORD_FORM='Gudeg%21Wijilan%2377'

ensure_wrk
[ -x "$SERVER_BIN" ] && [ -d "$SITE_DIR/pkg" ] || "$ROOT/scripts/build.sh"

data="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
export ASN_DATA_DIR="$data" ASN_SITE_DIR="$SITE_DIR" ASN_LOG=warn ASN_BIND="127.0.0.1:$PORT"
# Every request comes from 127.0.0.1: lift the per-IP limit for the run.
export ASN_SIGN_IN_IP_LIMIT_PER_MINUTE=1000000000
"$SERVER_BIN" migrate >/dev/null
"$SERVER_BIN" agency add --code BENCH --name "Instansi Uji" >/dev/null
"$SERVER_BIN" employee add --nip "$NIP" --name "Ahmad Fauzi" --email bench@uji.example --agency BENCH >/dev/null
printf '%s\n' "$PASSWORD" | "$SERVER_BIN" account set-password "$NIP" >/dev/null

say "bare Argon2id verification rate (${DURATION}s)"
"$SERVER_BIN" hash-bench --seconds "$DURATION"

"$SERVER_BIN" serve &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

script="$data/sign-in.lua"
cat >"$script" <<LUA
wrk.method = "POST"
wrk.body = "nip=$NIP&password=$PASSWORD_FORM"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Origin"] = "http://127.0.0.1:$PORT"
LUA
say "POST /api/sign_in — ${DURATION}s, $CONNECTIONS connections, 2 threads"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$script" "http://127.0.0.1:$PORT/api/sign_in" |
  grep -E "Requests/sec|Latency |50%|99%|Non-2xx|Socket errors"
