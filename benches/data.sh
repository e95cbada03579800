# Sourced by the bench scripts: the scale's parameters, the release binary,
# and its caseload generated once into the folder `cargo bench` caches.
#   source benches/data.sh SCALE     sets: las children months first last data bin
scale="${1:-england_decade}"
case "$scale" in
  single_la)      las=1;   children=60000; months=60;  first=2019-02 ;;
  region)         las=23;  children=60000; months=60;  first=2019-02 ;;
  england_decade) las=152; children=9000;  months=120; first=2014-02 ;;
  # All of England at true scale: ~12 M children in 152 LAs, a decade
  # (~170 M events; generated council by council, a few GB of Parquet).
  england)        las=152; children=80000; months=120; first=2014-02 ;;
  *) echo "unknown scale $scale (single_la, region, england_decade, england)" >&2; exit 2 ;;
esac
seed=2024
last=2024-01
target="${CARGO_TARGET_DIR:-target}"
data="$target/bench-data/$scale-${las}x${children}x${months}-seed$seed"
cargo build --release --quiet -p scorecard-cli
bin="$target/release/scorecard"
if [ ! -f "$data/COMPLETE" ]; then
  echo "generating $scale into $data (once)"
  "$bin" synth --quiet --out "$data" --las "$las" --children "$children" \
    --first "$first" --months "$months" --seed "$seed"
  echo "written by benches/data.sh" > "$data/COMPLETE"
fi
