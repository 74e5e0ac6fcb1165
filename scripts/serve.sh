#!/usr/bin/env bash
# Serves the app on http://127.0.0.1:8080 (installs what is missing first).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh app
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
exec trunk serve --release --offline=true "$@"
