#!/usr/bin/env bash
# Remakes docs/summary.png and docs/detail.png (the README's screenshots)
# from the demo, in headless Chromium: `bash docs/screenshots.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/screenshots
cargo run --quiet -p scorecard-cli -- --quiet demo --out "$out"
[ -d tests/browser/node_modules ] || npm ci --prefix tests/browser --no-audit --no-fund
node tests/browser/screenshots.mjs "$out/scorecard.html" docs CIN8
echo "wrote docs/summary.png and docs/detail.png"
