#!/usr/bin/env bash
# Fuzzing: each cargo-fuzz target (fuzz/fuzz_targets/) runs for the given
# number of seconds under libFuzzer, starting from the seeds in fuzz/seeds/
# and from the corpus earlier runs on this machine grew (kept beside the
# build output, not in the repository). A crash, a failed assertion or a
# leak stops the run; the input that caused it is saved and printed.
# Usage: scripts/fuzz.sh [seconds-per-target] [target...]
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(nip password csv_import upload_sniff)

ensure_cargo_fuzz
# cargo-fuzz needs nightly-only compiler flags; this lets the stable
# toolchain accept them (the only toolchain these machines have).
export RUSTC_BOOTSTRAP=1
work="${ASN_FUZZ_DIR:-$CARGO_TARGET_DIR/fuzz-work}"
mkdir -p "$work"

# No AddressSanitizer: the targets and what they call are safe Rust, where
# it finds little. The short runs of the test command use an unoptimised
# build (the app crate instrumented in release mode takes over a quarter of
# an hour on two cores); ASN_FUZZ_RELEASE=1 builds optimised targets, which
# run several times faster, for long runs.
FLAGS=(--fuzz-dir fuzz --sanitizer none --features libfuzzer)
if [ "${ASN_FUZZ_RELEASE:-0}" = "1" ]; then FLAGS+=(--release --codegen-units 16); else FLAGS+=(--dev); fi

say "building the fuzz targets"
cargo fuzz build "${FLAGS[@]}"
for target in "${TARGETS[@]}"; do
  say "fuzzing $target for ${SECONDS_EACH}s"
  mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
  seeds=()
  [ -d "fuzz/seeds/$target" ] && seeds=("fuzz/seeds/$target")
  log="$work/$target.log"
  if cargo fuzz run "${FLAGS[@]}" "$target" "$work/corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$SECONDS_EACH" -artifact_prefix="$work/artifacts/$target/" -print_final_stats=1 >"$log" 2>&1; then
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|^#[0-9]+ +DONE" "$log" || true
  else
    tail -n 40 "$log" >&2
    echo "fuzz target $target failed; the input that did it is in $work/artifacts/$target/" >&2
    exit 1
  fi
done
