#!/usr/bin/env bash
# Runs every test: formatting and lints (native and wasm32), the native engine, CLI and chart
# tests, the release wasm build, and the browser tests in headless Chromium. Installs whatever
# is missing first (scripts/setup.sh test) and skips what is there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }

step "set-up"
bash scripts/setup.sh test

step "format"
cargo fmt --all --check

step "clippy (native and wasm32)"
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings

step "native tests (engine, CLI, charts)"
cargo test --profile test-opt

step "release build of the app (trunk, offline)"
trunk build --release --offline=true

step "funnel-lab serve with this app inside (the room's browser tests)"
# build.rs embeds dist/ as it is now: the binary the native tests built has no app (or an older
# one), so it is linked again after the trunk build, and the browser tests use this one (never a
# stale target/release binary). FUNNEL_LAB_DIST names the folder: on a clean checkout dist/ did
# not exist when the build script first ran, so it watched nothing there, and only a changed
# variable makes cargo run it again.
FUNNEL_LAB_DIST="$root/dist" cargo build --profile test-opt --bin funnel-lab
export FUNNEL_LAB_BIN="$root/target/test-opt/funnel-lab"

step "browser tests (Playwright + Debian Chromium)"
(cd tests/browser && node --test --test-concurrency=1 ./*.test.mjs)
echo
echo "measurements: tests/browser/artifacts/measurements.json; screenshots beside it"
