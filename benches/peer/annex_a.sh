#!/usr/bin/env bash
# The analyst's path (issue 12's `annex_a_large`): one LA of 600,000 children
# written as Annex A CSVs and as a template-dressed .xlsx (`scorecard demo
# --write-inputs`, once), then `scorecard run` on each against DuckDB's
# read_csv + SQL subset, alternating, RUNS times (default 5).
#
#   benches/peer/annex_a.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-target}"
data="$target/bench-data/annex_a_large"
work="$target/peer/annex_a"
cargo build --release --quiet -p scorecard-cli
bin="$target/release/scorecard"
if [ ! -f "$data/COMPLETE" ]; then
  echo "generating annex_a_large into $data (once)"
  "$bin" demo --children 600000 --write-inputs --out "$data" > /dev/null
  # The population for rates: the synthetic LA's 600,000 children, every year.
  {
    echo "time_period,geographic_level,age_group,new_la_code,old_la_code,la_name,population_estimate"
    for y in $(seq 2012 2024); do
      echo "$y,Local authority,Children aged 0 to 17 years,SYN001,,Synthetic council,600000"
    done
  } > "$data/population.csv"
  echo "written by benches/peer/annex_a.sh" > "$data/COMPLETE"
fi
mkdir -p "$work"
if [ ! -x "$target/peer/venv/bin/python" ]; then
  python3 -m venv "$target/peer/venv"
fi
"$target/peer/venv/bin/python" -c "import duckdb" 2>/dev/null \
  || "$target/peer/venv/bin/pip" install --quiet "duckdb==2.0.0"
"$bin" calendar --out "$work/calendar.csv"
"$target/peer/venv/bin/python" benches/peer/annex_a.py \
  --csv "$data/input/annex-a/SYN001" --xlsx "$data/input/annex-a-workbook/SYN001/annex-a.xlsx" \
  --la SYN001 --period 2024-01 --first 2023-02 --population "$data/population.csv" \
  --calendar "$work/calendar.csv" --scorecard "${SCORECARD:-$bin}" --runs "${RUNS:-5}" --work "$work"
