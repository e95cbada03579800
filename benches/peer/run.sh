#!/usr/bin/env bash
# The DuckDB peer on identical work (issue 5): runs the subset of indicators
# in DuckDB SQL (subset.sql) and in the engine (`scorecard series --refs`) on
# the same Parquet files, 5 times each, alternating; checks that both give
# the same values and prints the median times and their ratio.
#
#   benches/peer/run.sh [single_la | region | england_decade | england]   (default england_decade)
#
# Needs python3 (DuckDB comes from PyPI into target/peer/venv) and cargo.
set -euo pipefail
cd "$(dirname "$0")/../.."
source benches/data.sh "${1:-england_decade}"
work="$target/peer"
mkdir -p "$work"
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
"$work/venv/bin/python" -c "import duckdb" 2>/dev/null \
  || "$work/venv/bin/pip" install --quiet "duckdb==2.0.0"
"$bin" calendar --out "$work/calendar.csv"
"$work/venv/bin/python" benches/peer/peer.py --data "$data" --calendar "$work/calendar.csv" \
  --scorecard "$bin" --first "$first" --last "$last" --runs "${RUNS:-5}" --work "$work"
