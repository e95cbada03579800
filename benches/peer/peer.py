"""The DuckDB peer: runs benches/peer/subset.sql and `scorecard series` on
the same Parquet files, checks both give the same figures, and prints the
median wall time of each over N runs (alternating, same machine, same run).

Called by run.sh; see BENCHMARKS.md. Standard library + duckdb only.
"""

import argparse
import csv
import os
import statistics
import subprocess
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb

REFS = ["CIN1", "CIN2", "CIN4", "CIN6", "CIN8", "SG6", "SG7", "CIN18", "CIN19", "SG14", "CF1"]
HERE = Path(__file__).resolve().parent


def run_duckdb(sql: str, out: Path, threads: int) -> float:
    t = time.perf_counter()
    con = duckdb.connect(config={"threads": threads})
    con.execute(f"COPY ({sql}) TO '{out}' (HEADER, DELIMITER ',')")
    con.close()
    return time.perf_counter() - t


def run_engine(cmd: list, out: Path, env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd + ["--out", str(out)], check=True, env=env)
    return time.perf_counter() - t


def one_dp(text: str, places: int = 1):
    """A value rounded half away from zero to `places` decimals (1 unless
    told), or None."""
    if text is None or text == "":
        return None
    return Decimal(repr(float(text)) if "e" in text.lower() else text).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )


def places(text: str) -> int:
    """Decimals to compare a value to: 1, or fewer where the engine's value
    is published with fewer (`scorecard run` rounds rates per 10,000 to
    whole numbers as the published tables do; `scorecard series` does not
    round)."""
    if not text or "e" in text.lower():
        return 1
    if "." not in text:
        return 0
    return min(1, len(text.split(".", 1)[1]))


def load(path: Path, refs=REFS) -> dict:
    rows = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["ref"] in refs:
                rows[(r["la"], r["ref"], r["period"])] = r
    return rows


def compare(ours: Path, theirs: Path, refs=REFS) -> list:
    """Every value of `refs` in both files: numerators and denominators
    exactly, values rounded to 1 dp, or to the engine's published places
    where fewer (also used by annex_a.py)."""
    a, b = load(ours, refs), load(theirs, refs)
    problems = []
    if a.keys() != b.keys():
        only_a = sorted(a.keys() - b.keys())[:5]
        only_b = sorted(b.keys() - a.keys())[:5]
        problems.append(f"different rows: only in the engine {only_a}, only in DuckDB {only_b}")
    for k in sorted(a.keys() & b.keys()):
        x, y = a[k], b[k]
        if x["numerator"] != y["numerator"]:
            problems.append(f"{k}: numerator {x['numerator']} vs {y['numerator']}")
        if (x["denominator"] or "") != (y["denominator"] or ""):
            problems.append(f"{k}: denominator {x['denominator']} vs {y['denominator']}")
        dp = places(x["value"])
        if one_dp(x["value"], dp) != one_dp(y["value"], dp):
            problems.append(f"{k}: value {x['value']} vs {y['value']}")
    return problems


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True, type=Path)
    p.add_argument("--calendar", required=True, type=Path)
    p.add_argument("--scorecard", required=True, type=Path, help="the scorecard binary")
    p.add_argument("--first", required=True, help="first month YYYY-MM")
    p.add_argument("--last", required=True, help="last month YYYY-MM")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--work", type=Path, default=Path("target/peer"))
    a = p.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)

    sql = (HERE / "subset.sql").read_text()
    sql = "\n".join(l for l in sql.splitlines() if not l.lstrip().startswith("--"))
    sql = (
        sql.replace("{dir}", str(a.data.resolve()))
        .replace("{calendar}", str(a.calendar.resolve()))
        .replace("{first}", a.first + "-01")
        .replace("{last}", a.last + "-01")
        .strip()
    )
    cmd = [
        str(a.scorecard), "series", "--quiet",
        "--canonical", str(a.data), "--population", str(a.data / "population.csv"),
        "--from", a.first, "--to", a.last, "--refs", ",".join(REFS),
    ]
    env = dict(os.environ, RAYON_NUM_THREADS=str(a.threads), POLARS_MAX_THREADS=str(a.threads))
    ours_csv, theirs_csv = a.work / "engine.csv", a.work / "duckdb.csv"

    t_ours, t_duck = [], []
    for i in range(a.runs):
        t_ours.append(run_engine(cmd, ours_csv, env))
        t_duck.append(run_duckdb(sql, theirs_csv, a.threads))
        print(f"run {i + 1}: engine {t_ours[-1]:.3f} s, DuckDB {t_duck[-1]:.3f} s", flush=True)

    problems = compare(ours_csv, theirs_csv)
    rows = len(load(ours_csv))
    mo, md = statistics.median(t_ours), statistics.median(t_duck)
    print(f"data: {a.data} ({a.first} to {a.last}); {rows} values "
          f"(LA x month x {len(REFS)} indicators); {a.threads} threads; DuckDB {duckdb.__version__}")
    print(f"scorecard engine: {mo:.3f} s (median of {a.runs})")
    print(f"DuckDB:           {md:.3f} s (median of {a.runs})")
    print(f"ratio DuckDB / engine: {md / mo:.2f}x")
    if problems:
        print(f"DIFFERENT: {len(problems)} values differ; the first:")
        for pr in problems[:20]:
            print("  " + pr)
        sys.exit(1)
    print(f"identical: all {rows} values agree (counts exactly, percentages and rates to 1 dp)")


if __name__ == "__main__":
    main()
