# Shared by the scripts: paths and idempotent installers of prerequisites.
# Source it; it changes nothing until a function is called.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
SITE_DIR="$CARGO_TARGET_DIR/site"
SERVER_BIN="$CARGO_TARGET_DIR/release/asn-portal"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m [%s]\n' "$*" "$(date +%T)"; }

# The wasm-bindgen version the lockfile pins (the CLI must match it exactly).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
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
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
    say "installing Playwright (test runner only; it uses Debian's Chromium)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# wrk, the load tool of the benchmarks (Debian's package).
ensure_wrk() {
  command -v wrk >/dev/null && return
  say "installing wrk (Debian)"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
}

# cargo-audit, for checking Cargo.lock against the offline RustSec snapshot.
CARGO_AUDIT_VERSION=0.22.2
ensure_cargo_audit() {
  if [ "$(cargo-audit --version 2>/dev/null | awk '{print $2}')" != "$CARGO_AUDIT_VERSION" ]; then
    say "installing cargo-audit $CARGO_AUDIT_VERSION (a few minutes, once per machine)"
    cargo install cargo-audit --version "$CARGO_AUDIT_VERSION" --locked --force
  fi
}

# cargo-fuzz, which builds the fuzz targets with libFuzzer (on the stable
# toolchain with RUSTC_BOOTSTRAP=1: scripts/fuzz.sh sets it).
CARGO_FUZZ_VERSION=0.13.2
ensure_cargo_fuzz() {
  if [ "$(cargo-fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION (a minute or two, once per machine)"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
  fi
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
