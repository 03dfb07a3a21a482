#!/usr/bin/env bash
# Upload benchmark: throughput of /documents/upload and of the download
# back, and the server's peak memory (VmHWM), for 10 MB and 100 MB files,
# against the release server on a fresh SQLite file with the limit raised
# to 200 MiB. The session is written straight into the database (sign-in
# has its own benchmark, scripts/bench-sign-in.sh).
# Usage: scripts/bench-upload.sh [runs per size]
source "$(dirname "$0")/lib.sh"
RUNS="${1:-3}"
PORT="${BENCH_PORT:-3202}"
NIP=198001012005011001

[ -x "$SERVER_BIN" ] && [ -d "$SITE_DIR/pkg" ] || "$ROOT/scripts/build.sh"

data="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
export ASN_DATA_DIR="$data" ASN_SITE_DIR="$SITE_DIR" ASN_LOG=warn ASN_BIND="127.0.0.1:$PORT"
export ASN_UPLOAD_MAX_BYTES=$((200 * 1024 * 1024))
"$SERVER_BIN" migrate >/dev/null
"$SERVER_BIN" agency add --code BENCH --name "Instansi Uji" >/dev/null
"$SERVER_BIN" employee add --nip "$NIP" --name "Ahmad Fauzi" --email bench@uji.example --agency BENCH >/dev/null

token="$(python3 - "$data/asn-portal.db" "$NIP" <<'PY'
import hashlib, secrets, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
(employee,) = db.execute("SELECT id FROM employees WHERE nip = ?", (sys.argv[2],)).fetchone()
token = secrets.token_hex(32)
now = int(time.time())
db.execute(
    "INSERT INTO sessions (id_hash, employee_id, created_at, last_seen_at, expires_at, stage) VALUES (?, ?, ?, ?, ?, 'signed_in')",
    (hashlib.sha256(token.encode()).hexdigest(), employee, now, now, now + 8 * 3600),
)
db.commit()
print(token)
PY
)"

"$SERVER_BIN" serve &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
hwm() { awk '/VmHWM/ {print $2 / 1024 " MiB"}' "/proc/$pid/status"; }
say "server peak RSS after start: $(hwm)"

for mib in 10 100; do
  file="$data/upload-$mib.pdf"
  { printf '%%PDF-1.7\n'; head -c $((mib * 1024 * 1024 - 9)) /dev/urandom; } >"$file"
  say "$mib MiB upload and download, $RUNS runs"
  for run in $(seq 1 "$RUNS"); do
    answer="$(curl -s -w ' %{time_total} %{speed_upload}' \
      -H "Cookie: asn_session=$token" -H "Origin: http://127.0.0.1:$PORT" -H "Accept: application/json" \
      -F type=IJAZAH -F title="Bench $mib MiB" -F "file=@$file;type=application/pdf" \
      "http://127.0.0.1:$PORT/documents/upload")"
    id="$(printf '%s' "$answer" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')"
    [ -n "$id" ] || { echo "upload failed: $answer"; exit 1; }
    read -r _ up_time up_speed <<<"$answer"
    down="$(curl -s -o "$data/back.pdf" -w '%{time_total} %{speed_download}' -H "Cookie: asn_session=$token" \
      "http://127.0.0.1:$PORT/documents/$id/file?download=1")"
    cmp -s "$file" "$data/back.pdf" || { echo "download differs"; exit 1; }
    read -r down_time down_speed <<<"$down"
    printf '  run %s: upload %.2f s (%.0f MiB/s), download %.2f s (%.0f MiB/s), server peak RSS %s\n' \
      "$run" "$up_time" "$(echo "$up_speed / 1048576" | bc -l)" "$down_time" "$(echo "$down_speed / 1048576" | bc -l)" "$(hwm)"
  done
done
"$SERVER_BIN" documents verify
