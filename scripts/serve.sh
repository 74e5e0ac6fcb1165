#!/usr/bin/env bash
# Builds the app and serves it with rooms on http://127.0.0.1:8080 (installs what is missing
# first). Arguments go to `funnel-lab serve`, e.g. `scripts/serve.sh --lan` lets phones join.
# (Not `trunk serve`: its injected inline reload script breaks the page's Content-Security-Policy.)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh app
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
trunk build --release --offline=true
FUNNEL_LAB_DIST="$root/dist" cargo build --release --bin funnel-lab
exec "$root/target/release/funnel-lab" serve "$@"
