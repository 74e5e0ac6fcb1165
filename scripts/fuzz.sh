#!/usr/bin/env bash
# Fuzzes every decoder of outside input (issue #12): installs what is missing (nightly through
# rustup, cargo-fuzz from crates.io; each skipped when present), then runs each target in turn
# for RUNS inputs (default 1,000,000) in one process (libFuzzer's default: no -jobs/-workers, so
# one core), and minimises its corpus.
#
#   scripts/fuzz.sh                    # every target, 1,000,000 inputs each
#   RUNS=10000 scripts/fuzz.sh csv     # some targets, fewer inputs
#
# Corpus: fuzz/corpus/<target>/ (kept minimised in the repository), seeded from fuzz/seeds/
# (written from the shipped files by fuzz/make_seeds.py). Crashes land in fuzz/artifacts/.
# The harness is `funnel_lab::fuzzing`; `cargo test --test fuzz_corpus` replays all of this on
# stable. The build goes to $FUZZ_TARGET_DIR (cargo-fuzz builds with its own flags).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-1000000}"
TIMEOUT="${TIMEOUT:-2}"          # seconds per input: a hang fails the run
RSS_LIMIT_MB="${RSS_LIMIT_MB:-2048}"
FUZZ_TARGET_DIR="${FUZZ_TARGET_DIR:-${CARGO_TARGET_DIR:-target}-fuzz}"
# No sanitizer: the crate forbids unsafe code, so AddressSanitizer finds nothing safe Rust does
# not already check, and it halved the speed. `-a` keeps debug assertions and overflow checks.
FUZZ_FLAGS=(-s none -a)
ALL_TARGETS=(scenario team lesson share csv library)
TARGETS=("${@:-${ALL_TARGETS[@]}}")

# The longest input tried per target: long enough for the seeds' structure, short enough that
# an input stays cheap.
max_len() {
  case "$1" in
    csv) echo 8192 ;;
    lesson | library | share) echo 16384 ;;
    *) echo 8192 ;;
  esac
}

if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

python3 fuzz/make_seeds.py

for t in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  echo "== $t: $RUNS inputs"
  cargo +nightly fuzz run "${FUZZ_FLAGS[@]}" --target-dir "$FUZZ_TARGET_DIR" "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -runs="$RUNS" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_LIMIT_MB" -max_len="$(max_len "$t")" \
    -print_final_stats=1
  # Minimise keeping every edge (not every hit count: -use_counters=0), so the corpus kept in
  # the repository stays small (the csv target's went from 4.8 MB to 0.6 MB, one edge fewer).
  cargo +nightly fuzz cmin "${FUZZ_FLAGS[@]}" --target-dir "$FUZZ_TARGET_DIR" "$t" "fuzz/corpus/$t" -- \
    -rss_limit_mb="$RSS_LIMIT_MB" -timeout="$TIMEOUT" -use_counters=0
done
