#!/usr/bin/env bash
# Installs what building and testing Funnel Lab needs, skipping what is already there.
#
#   scripts/setup.sh app      wasm32 target, trunk, wasm-bindgen-cli, wasm-opt (to build and serve)
#   scripts/setup.sh test     all of the above plus Chromium and the npm test packages
#                             (playwright-core, axe-core and @axe-core/playwright)
#
# Every step is idempotent: it checks the installed version first. Nothing here downloads a
# prebuilt binary from outside the package registries (crates.io, npm, Debian).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
what="${1:-app}"

TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# wasm-bindgen-cli must equal the wasm-bindgen that Cargo.lock resolved, to the patch.
bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock"
}

ensure_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "wasm32-unknown-unknown target: present"
  else
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if command -v trunk >/dev/null && trunk --version | grep -q " $TRUNK_VERSION"; then
    log "trunk $TRUNK_VERSION: present"
  else
    # Unpinned, --locked picks 0.22, which needs a newer rustc than this machine's.
    log "installing trunk $TRUNK_VERSION (several minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

ensure_bindgen() {
  local want
  want="$(bindgen_version)"
  if [ -z "$want" ]; then
    echo "setup: Cargo.lock names no wasm-bindgen; run 'cargo generate-lockfile' first" >&2
    exit 1
  fi
  if command -v wasm-bindgen >/dev/null && wasm-bindgen --version | grep -q " $want\b"; then
    log "wasm-bindgen-cli $want: present"
  else
    # Not --locked: its own lockfile wants a webpki-roots that this registry lacks.
    log "installing wasm-bindgen-cli $want (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_wasm_opt() {
  # Debian's binaryen (wasm-opt 108) corrupts wasm-bindgen's externref table: use npm's.
  if [ -x "$tools/node_modules/.bin/wasm-opt" ] &&
    "$tools/node_modules/.bin/wasm-opt" --version | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    log "wasm-opt ${BINARYEN_VERSION%%.*} (npm binaryen): present"
  else
    log "installing wasm-opt from npm binaryen@$BINARYEN_VERSION"
    mkdir -p "$tools"
    npm install --silent --no-audit --no-fund --prefix "$tools" "binaryen@$BINARYEN_VERSION"
  fi
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then
    log "chromium: present ($(/usr/bin/chromium --version 2>/dev/null | head -1))"
  else
    log "installing Debian's chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  fi
}

ensure_npm_tests() {
  local dir="$root/tests/browser"
  if [ -d "$dir/node_modules/playwright-core" ] && [ -d "$dir/node_modules/@axe-core/playwright" ] &&
    [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    log "browser test packages: present"
  else
    log "installing browser test packages (npm ci)"
    # Playwright must never fetch a browser of its own: we drive Debian's Chromium.
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund --prefix "$dir"
  fi
}

ensure_target
ensure_trunk
ensure_bindgen
ensure_wasm_opt
if [ "$what" = "test" ]; then
  ensure_chromium
  ensure_npm_tests
fi
