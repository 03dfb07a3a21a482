#!/usr/bin/env bash
# The README's second command, and what CI runs: the whole test suite.
#   formatting and lints (rustfmt, leptosfmt, clippy -D warnings on the server, the app
#   for both targets and the WASM crate), cargo audit against the offline
#   RustSec snapshot, unit tests, the fuzz targets' corpus replay,
#   integration tests on SQLite and on PostgreSQL (skipped with a reason
#   when no server answers, except in CI where PostgreSQL is mandatory),
#   then end-to-end tests in Debian's Chromium against the server the tests
#   built and the size-optimised WASM bundle.
# Two cores go a long way only if they never idle: the WASM bundle and the
# browser install run in the background from the start, beside the lints
# and the test build. A table of step times closes every run.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
steps_begin

background=()
cleanup_background() {
  local pid
  for pid in "${background[@]}"; do kill -- "$pid" 2>/dev/null || true; done
}
trap 'rc=$?; cleanup_background; step_table $rc' EXIT

# wait_for NAME PID LOG: a background job's end; its log on failure.
wait_for() {
  if wait "$2"; then
    grep -E '^==> site:' "$3" || true
  else
    echo "$1 failed; its log ($3):" >&2
    tail -n 60 "$3" >&2
    exit 1
  fi
}

step "prerequisites (Rust components, nextest; browser and site build start in the background)"
ensure_rust_components
ensure_wasm_target
ensure_cargo_nextest
logs="$CARGO_TARGET_DIR/test-logs"
mkdir -p "$logs"
(export ASN_STEP_PREFIX="[background] "; timed "[background] Chromium and Playwright" ensure_browser) >"$logs/browser.log" 2>&1 &
browser_pid=$!
background+=("$browser_pid")
(export ASN_STEP_PREFIX="[background] "; timed "[background] the static site, all of it" "$ROOT/scripts/build-site.sh") >"$logs/site.log" 2>&1 &
site_pid=$!
background+=("$site_pid")

step "cargo fmt --check"
cargo fmt --all --check

step "leptosfmt --check (the view! macros)"
ensure_leptosfmt
leptosfmt --check --quiet app/src frontend/src

step "cargo clippy -D warnings (server and app, all targets)"
cargo clippy --locked -p asn-portal -p app -p asn-portal-fuzz --all-targets -- -D warnings
step "cargo clippy -D warnings (WASM crate)"
cargo clippy --locked -p frontend --target wasm32-unknown-unknown -- -D warnings

db="$(advisory_db)"
if [ -n "$db" ]; then
  step "cargo audit (Cargo.lock against the offline RustSec snapshot; accepted advisories in .cargo/audit.toml)"
  ensure_cargo_audit
  cargo audit --db "$db" --no-fetch --deny warnings
elif [ "${CI:-}" = "true" ]; then
  echo "No RustSec advisory database at ASN_ADVISORY_DB or ../shared/advisory-db, and CI requires one." >&2
  exit 1
else
  printf '\033[1;33m==> SKIPPED: cargo audit — no advisory database at ASN_ADVISORY_DB or ../shared/advisory-db.\033[0m\n'
fi

# One build serves every suite below and the end-to-end server: the test
# profile, with the hot crates optimised (Cargo.toml, profile.dev.package).
# Every suite selects the same packages and targets and filters the tests
# (a narrower --lib or --test would resolve features anew and rebuild).
NEXTEST=(cargo nextest run --locked -p asn-portal -p app -p asn-portal-fuzz)
step "build: tests, the server and the example service (test profile)"
"${NEXTEST[@]}" --no-run

step "unit tests"
"${NEXTEST[@]}" -E 'kind(lib) | kind(bin)'

step "fuzz targets: the stored corpus and its mutations, replayed (long runs: scripts/fuzz.sh)"
"${NEXTEST[@]}" -E 'binary_id(asn-portal-fuzz::corpus)'

step "integration tests on SQLite (and engine-independent ones)"
"${NEXTEST[@]}" -E 'binary_id(asn-portal::api) & not test(postgres::)'

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
postgres_answers || start_local_postgres
if postgres_answers; then
  step "integration tests on PostgreSQL ($PG_URL)"
  # Databases left by an interrupted earlier run.
  psql "$PG_URL" -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'asn\_test\_%'" |
    while read -r db; do [ -n "$db" ] && psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done
  "${NEXTEST[@]}" -E 'binary_id(asn-portal::api) & test(postgres::)'
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL did not answer at $PG_URL and CI requires it." >&2
  exit 1
else
  printf '\033[1;33m==> SKIPPED: PostgreSQL integration tests — no server answered at %s.\n    Start PostgreSQL or set ASN_TEST_POSTGRES_URL, then rerun. (In CI this is a failure.)\033[0m\n' "$PG_URL"
fi

step "waiting for the background work (site build, browser install)"
wait_for "the site build" "$site_pid" "$logs/site.log"
wait_for "the browser install" "$browser_pid" "$logs/browser.log"
background=()

step "end-to-end tests in Chromium (phone and desktop, with and without JavaScript)"
cd "$ROOT/end2end"
ASN_SERVER_BIN="$CARGO_TARGET_DIR/debug/asn-portal" ASN_SITE_DIR="$SITE_DIR" \
  ASN_RP_BIN="$CARGO_TARGET_DIR/debug/examples/oidc_rp" npx playwright test
