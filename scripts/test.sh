#!/usr/bin/env bash
# The README's second command: the whole test suite. Unit tests, integration
# tests on SQLite and on PostgreSQL (skipped with a reason when no server
# answers, except in CI where PostgreSQL is mandatory), a short run of every
# fuzz target, then end-to-end tests in Debian's Chromium against the
# release build.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_wasm_tools
ensure_browser

PG_URL="${ASN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export ASN_TEST_POSTGRES_URL="$PG_URL"

postgres_answers() {
  command -v psql >/dev/null && psql "$PG_URL" -tAc 'SELECT 1' >/dev/null 2>&1
}

start_local_postgres() {
  command -v pg_ctlcluster >/dev/null || return 0
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  done
  for _ in $(seq 1 20); do postgres_answers && return 0; sleep 0.5; done
}

say "unit tests"
cargo test --locked -p app --features ssr
cargo test --locked -p asn-portal --lib --bins

say "integration tests on SQLite (and engine-independent ones)"
cargo test --locked -p asn-portal --test api -- --skip postgres::

postgres_answers || start_local_postgres
if postgres_answers; then
  say "integration tests on PostgreSQL ($PG_URL)"
  # Databases left by an interrupted earlier run.
  psql "$PG_URL" -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'asn\_test\_%'" |
    while read -r db; do [ -n "$db" ] && psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done
  cargo test --locked -p asn-portal --test api -- postgres::
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL did not answer at $PG_URL and CI requires it." >&2
  exit 1
else
  printf '\033[1;33m==> SKIPPED: PostgreSQL integration tests — no server answered at %s.\n    Start PostgreSQL or set ASN_TEST_POSTGRES_URL, then rerun. (In CI this is a failure.)\033[0m\n' "$PG_URL"
fi

say "fuzzing: each target for ${ASN_FUZZ_SECONDS:-20} s (longer: scripts/fuzz.sh 600)"
"$ROOT/scripts/fuzz.sh" "${ASN_FUZZ_SECONDS:-20}"

say "release build for the end-to-end tests"
"$ROOT/scripts/build.sh"

say "the example single sign-on service the end-to-end tests sign in to"
cargo build --locked --example oidc_rp

say "end-to-end tests in Chromium (phone and desktop, with and without JavaScript)"
cd "$ROOT/end2end"
ASN_SERVER_BIN="$SERVER_BIN" ASN_SITE_DIR="$SITE_DIR" ASN_RP_BIN="$CARGO_TARGET_DIR/debug/examples/oidc_rp" npx playwright test
