#!/usr/bin/env bash
# The DuckDB peer on identical work (issue 5): generates a benchmark caseload
# (the same files `cargo bench` caches), then runs the subset of indicators
# in DuckDB SQL (subset.sql) and in the engine (`scorecard series --refs`),
# 5 times each, alternating; checks that both give the same values and
# prints the median times and their ratio.
#
#   benches/peer/run.sh [single_la | region | england_decade]   (default england_decade)
#
# Needs python3 (DuckDB comes from PyPI into target/peer/venv) and cargo.
set -euo pipefail
cd "$(dirname "$0")/../.."
scale="${1:-england_decade}"
case "$scale" in
  single_la)      las=1;   children=60000; months=60;  first=2019-02 ;;
  region)         las=23;  children=60000; months=60;  first=2019-02 ;;
  england_decade) las=152; children=9000;  months=120; first=2014-02 ;;
  *) echo "unknown scale $scale (single_la, region, england_decade)" >&2; exit 2 ;;
esac
seed=2024
last=2024-01
target="${CARGO_TARGET_DIR:-target}"
data="$target/bench-data/$scale-${las}x${children}x${months}-seed$seed"
work="$target/peer"
mkdir -p "$work"

if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
"$work/venv/bin/python" -c "import duckdb" 2>/dev/null \
  || "$work/venv/bin/pip" install --quiet "duckdb==2.0.0"

cargo build --release --quiet -p scorecard-cli
bin="$target/release/scorecard"

if [ ! -f "$data/COMPLETE" ]; then
  echo "generating $scale into $data (once)"
  "$bin" synth --quiet --out "$data" --las "$las" --children "$children" \
    --first "$first" --months "$months" --seed "$seed"
  echo "written by benches/peer/run.sh" > "$data/COMPLETE"
fi
"$bin" calendar --out "$work/calendar.csv"

"$work/venv/bin/python" benches/peer/peer.py --data "$data" --calendar "$work/calendar.csv" \
  --scorecard "$bin" --first "$first" --last "$last" --runs "${RUNS:-5}" --work "$work"
