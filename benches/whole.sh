#!/usr/bin/env bash
# The end-to-end target (issue 5): Parquet -> every indicator's series for
# every LA, as one process (`scorecard series`), under /usr/bin/time -v:
# prints each run's wall time, CPU time and peak resident memory, then the
# medians of 5 runs.
#
#   benches/whole.sh [single_la | region | england_decade | england]   (default england_decade)
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/data.sh "${1:-england_decade}"
out="$target/whole"
mkdir -p "$out"
walls=(); rss=()
for i in $(seq "${RUNS:-5}"); do
  /usr/bin/time -v "$bin" series --canonical "$data" --population "$data/population.csv" \
    --from "$first" --to "$last" --out "$out/series.csv" > "$out/stdout" 2> "$out/time"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(j=1;j<=n;j++) s=s*60+a[j]; print s}' "$out/time")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time")
  user=$(awk -F': ' '/User time/ {print $2}' "$out/time")
  sys=$(awk -F': ' '/System time/ {print $2}' "$out/time")
  echo "run $i: $(tail -1 "$out/stdout"); wall ${wall} s, user ${user} s, sys ${sys} s, peak RSS $((kb / 1024)) MiB"
  walls+=("$wall"); rss+=("$kb")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "$scale: $(head -1 "$out/stdout")"
echo "median of ${#walls[@]}: wall $(median "${walls[@]}") s, peak RSS $(( $(median "${rss[@]}") / 1024 )) MiB; $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
