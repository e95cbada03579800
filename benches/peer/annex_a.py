"""The peer on the analyst's path (`annex_a_large`, issue 12): `scorecard run`
on one LA's Annex A CSVs and on the same lists as an Ofsted-template .xlsx
(every indicator, every output, whole processes), against DuckDB computing
the benchmark subset from the same CSVs with read_csv (annex_a.sql). Runs
alternate, N times each; prints medians and ratios, and checks DuckDB's
values against the engine's scorecard.csv with peer.py's check
(numerators and denominators exactly, values rounded to 1 dp).

Called by annex_a.sh; see BENCHMARKS.md. Standard library + duckdb only.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peer  # noqa: E402  (the same value check as the Parquet peer)

REFS = ["CIN1", "CIN2", "CIN4", "CIN6", "CIN8", "SG6", "SG7", "CIN18", "CIN19", "SG14"]
HERE = Path(__file__).resolve().parent


def timed(cmd, env):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def run_duckdb(sql, out, threads):
    t = time.perf_counter()
    con = duckdb.connect(config={"threads": threads})
    con.execute(f"COPY ({sql}) TO '{out}' (HEADER, DELIMITER ',')")
    con.close()
    return time.perf_counter() - t


def check(ours, theirs):
    return peer.compare(ours, theirs, REFS), len(peer.load(ours, REFS))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--csv", required=True, type=Path, help="the LA's Annex A CSV folder")
    p.add_argument("--xlsx", required=True, type=Path, help="the same lists as a workbook")
    p.add_argument("--la", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--first", required=True, help="first month of scorecard.csv (YYYY-MM)")
    p.add_argument("--population", required=True, type=Path)
    p.add_argument("--calendar", required=True, type=Path)
    p.add_argument("--scorecard", required=True, type=Path)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--work", type=Path, required=True)
    a = p.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    sql = "\n".join(l for l in (HERE / "annex_a.sql").read_text().splitlines()
                    if not l.lstrip().startswith("--"))
    for k, v in {"{dir}": a.csv.resolve(), "{la}": a.la, "{calendar}": a.calendar.resolve(),
                 "{population}": a.population.resolve(), "{first}": a.first + "-01",
                 "{last}": a.period + "-01"}.items():
        sql = sql.replace(k, str(v))
    env = dict(os.environ, RAYON_NUM_THREADS=str(a.threads), POLARS_MAX_THREADS=str(a.threads))
    run = [str(a.scorecard), "run", "--la", a.la, "--period", a.period,
           "--population", str(a.population)]
    csv_cmd = run + ["--annex-a", str(a.csv), "--out", str(a.work / "csv")]
    xlsx_cmd = run + ["--annex-a", str(a.xlsx), "--out", str(a.work / "xlsx")]
    theirs = a.work / "duckdb.csv"
    t_csv, t_xlsx, t_duck = [], [], []
    for i in range(a.runs):
        t_csv.append(timed(csv_cmd, env))
        t_duck.append(run_duckdb(sql, theirs, a.threads))
        t_xlsx.append(timed(xlsx_cmd, env))
        print(f"run {i + 1}: engine CSV {t_csv[-1]:.3f} s, DuckDB {t_duck[-1]:.3f} s, "
              f"engine xlsx {t_xlsx[-1]:.3f} s", flush=True)
    problems, n = check(a.work / "csv" / "scorecard.csv", theirs)
    xproblems, _ = check(a.work / "xlsx" / "scorecard.csv", theirs)
    mc, mx, md = (statistics.median(t) for t in (t_csv, t_xlsx, t_duck))
    print(f"data: {a.csv} and {a.xlsx}; {a.threads} threads; DuckDB {duckdb.__version__}")
    print(f"scorecard run, CSV:  {mc:.3f} s (median of {a.runs}; runs {', '.join(f'{t:.2f}' for t in sorted(t_csv))})")
    print(f"scorecard run, xlsx: {mx:.3f} s (median of {a.runs}; runs {', '.join(f'{t:.2f}' for t in sorted(t_xlsx))})")
    print(f"DuckDB subset, CSV:  {md:.3f} s (median of {a.runs}; runs {', '.join(f'{t:.2f}' for t in sorted(t_duck))})")
    print(f"ratio DuckDB / engine (CSV): {md / mc:.2f}x; engine xlsx / CSV: {mx / mc:.2f}x")
    if problems or xproblems:
        for pr in (problems + xproblems)[:20]:
            print("  DIFFERENT " + pr)
        sys.exit(1)
    print(f"identical: all {n} subset values agree, from the CSVs and from the workbook")


if __name__ == "__main__":
    main()
