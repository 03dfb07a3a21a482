#!/usr/bin/env bash
# Builds the release portal: the static site with the size-optimised WASM
# bundle (scripts/build-site.sh) and the release server binary.
source "$(dirname "$0")/lib.sh"
steps_begin
cd "$ROOT"
"$ROOT/scripts/build-site.sh"

step "the server (release)"
cargo build --locked --release --bin asn-portal
say "built: server $SERVER_BIN, site $SITE_DIR"
