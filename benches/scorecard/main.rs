//! The benchmarks: one criterion harness (plotting off).
//!
//! * `calendar/*`, `build and rate ...`: scorecard-core's hot paths.
//! * `single_la/*`, `region/*`, `england_decade/*`: the engine on synthetic
//!   caseloads of three sizes, with separate figures for reading the
//!   Parquet files, computing every indicator's series for every LA, and
//!   assembling and rating the scorecards (see `scale.rs` and
//!   BENCHMARKS.md).
//! * `annex_a/*`: the Annex A reader on one LA's lists as CSVs and as a
//!   template-dressed workbook (see `annex_a.rs`).
//!
//! `cargo bench` runs them all (the first run generates the caseloads into
//! `target/bench-data/`, a few minutes); `cargo bench -- single_la` runs one
//! scale. Under `cargo test` each runs once on a small caseload, so CI checks
//! the code without timing anything. Report figures as ratios measured in
//! one run: the machines are shared and noisy.

use criterion::Criterion;

/// The same allocator as the `scorecard` command.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod annex_a;
mod core_paths;
mod scale;

fn main() {
    let mut c = Criterion::default().configure_from_args();
    core_paths::working_days(&mut c);
    core_paths::scorecard(&mut c);
    scale::all(&mut c);
    annex_a::all(&mut c);
    c.final_summary();
}
