#!/usr/bin/env bash
# Builds the app into one binary and serves it with rooms on http://127.0.0.1:8080 (installs
# what is missing first; the build is scripts/release.sh's). Arguments go to
# `funnel-lab serve`, e.g. `scripts/serve.sh --lan` lets phones join.
# (Not `trunk serve`: its injected inline reload script breaks the page's Content-Security-Policy.)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/release.sh"
exec "$root/target/release/funnel-lab" serve "$@"
