#!/usr/bin/env bash
# Builds what a trainer copies: the app (dist/, by trunk), then target/release/funnel-lab with
# the app embedded (one file: `funnel-lab serve` needs no Rust, trunk or internet), and
# target/release/funnel-lab-web.zip (dist/ for any static host; rooms then need the binary).
# Installs what it needs first (scripts/setup.sh app). Builds for this machine's OS; see
# docs/workshop.md for macOS and Windows.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh app
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
trunk build --release --offline=true
# Named explicitly so build.rs re-embeds dist/ even if a binary was built before it.
FUNNEL_LAB_DIST="$root/dist" cargo build --release --bin funnel-lab
zip_out="$root/target/release/funnel-lab-web.zip"
rm -f "$zip_out"
if command -v zip >/dev/null; then
  (cd dist && zip -qr -X "$zip_out" .)
else
  python3 -c 'import shutil, sys; shutil.make_archive(sys.argv[1][:-4], "zip", "dist")' "$zip_out"
fi
bin="$root/target/release/funnel-lab"
[ -f "$bin.exe" ] && bin="$bin.exe"
echo "release: $bin ($(du -h "$bin" | cut -f1)), $zip_out ($(du -h "$zip_out" | cut -f1))"
echo "run it:  $bin serve --lan"
