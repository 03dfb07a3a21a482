#!/usr/bin/env bash
# Load benchmark with scenarios (benches/load): simulated employees sign in
# with password and authenticator code, open the dashboard, request leave
# (approved by the official), upload and download a document, against the
# release server on a fresh database, one or more instances. Prints
# throughput, p50/p95/p99 and errors per step, the server's CPU per
# sign-in next to the bare Argon2id rate, and its peak memory.
# Usage: scripts/bench-load.sh [--engine sqlite|postgres] [--instances N]
#          [--clients N] [--users N] [--think-ms MS] [--rate PER-SECOND]
#          [--seconds S] [--soak-minutes M] [--accounts N]
# e.g.   scripts/bench-load.sh --engine postgres --instances 2
#        scripts/bench-load.sh --soak-minutes 30 --rate 4
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
[ -x "$SERVER_BIN" ] && [ -d "$SITE_DIR/pkg" ] || "$ROOT/scripts/build.sh"
ASN_SERVER_BIN="$SERVER_BIN" ASN_SITE_DIR="$SITE_DIR" cargo bench --locked --bench load -- "$@"
