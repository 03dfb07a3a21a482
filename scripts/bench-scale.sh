#!/usr/bin/env bash
# Scale benchmark (PostgreSQL): fills a database with a national civil
# service (scripts/scale-data.sql: 1 million employees and 10 million audit
# events by default) and times the approver's inbox, the admin console's
# employee search and the audit viewer through the app's own functions
# (benches/scale.rs), printing p50/p95/p99 per query.
# Usage: scripts/bench-scale.sh [employees] [audit-events] [runs-per-query]
# The database (asn_scale on the server of ASN_SCALE_ADMIN_URL) is kept and
# reused while it holds the same number of employees and events; set
# ASN_SCALE_FRESH=1 to make it again. Generating the default size takes a
# few minutes and about 6 GB of disk.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
EMPLOYEES="${1:-1000000}"
EVENTS="${2:-10000000}"
RUNS="${3:-200}"
ADMIN_URL="${ASN_SCALE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
URL="${ADMIN_URL%/*}/asn_scale"

count() { psql "$URL" -tAc "SELECT (SELECT COUNT(*) FROM employees) || '/' || (SELECT COUNT(*) FROM audit_events)" 2>/dev/null; }

if [ "${ASN_SCALE_FRESH:-}" = "1" ] || [ "$(count)" != "$EMPLOYEES/$EVENTS" ]; then
  say "making $URL: $EMPLOYEES employees, $EVENTS audit events"
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS asn_scale WITH (FORCE)" -c "CREATE DATABASE asn_scale"
  cargo bench --locked --bench scale -- --url "$URL" --migrate-only
  psql -q -v employees="$EMPLOYEES" -v audit="$EVENTS" -f scripts/scale-data.sql "$URL"
else
  say "reusing $URL ($EMPLOYEES employees, $EVENTS audit events)"
fi
say "timing the queries, $RUNS runs each"
cargo bench --locked --bench scale -- --url "$URL" --runs "$RUNS"
