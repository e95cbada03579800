//! The engine at three scales, on synthetic caseloads generated once with a
//! fixed seed and cached as canonical Parquet under `target/bench-data/`:
//!
//! | scale | LAs | children per LA | months reported |
//! |---|---|---|---|
//! | `single_la` | 1 | 60,000 | 60 |
//! | `region` | 23 | 60,000 | 60 |
//! | `england_decade` | 152 | 9,000 | 120 |
//!
//! (plus 36 months simulated before the first, as the generator's warm-up).
//! The generator writes about 1.1 events per child per year (contacts, MASH
//! screenings, visits, reviews, ...), so `single_la` is about 0.54 million
//! events, `region` 12.4 million, and `england_decade` about 20 million: the
//! size issue 5 gives it (152 LAs of 60,000 children over 13 years would be
//! 130 million).
//! For each: `read` (every Parquet table → events), `compute` (events →
//! every indicator's monthly series for every LA; throughput in events) and
//! `assemble` (every LA's scorecard for the last month: targets,
//! comparators, BRAG and arrows). `single_la` also computes one month alone.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use scorecard::compute::readers::parquet;
use scorecard::compute::{Events, Population, compute};
use scorecard::core::{Catalogue, Month, ScorecardConfig, WorkingDayCalendar};
use scorecard::synth::{SynthConfig, generate};

/// One benchmark scale.
pub struct Scale {
    pub name: &'static str,
    pub las: u32,
    pub children_per_la: u32,
    pub months: u32,
}

/// The three scales of issue 5; under `cargo test`, one small one.
pub fn scales() -> Vec<Scale> {
    let benching = std::env::args().any(|a| a == "--bench");
    if !benching {
        return vec![Scale {
            name: "smoke",
            las: 2,
            children_per_la: 2_000,
            months: 13,
        }];
    }
    vec![
        Scale {
            name: "single_la",
            las: 1,
            children_per_la: 60_000,
            months: 60,
        },
        Scale {
            name: "region",
            las: 23,
            children_per_la: 60_000,
            months: 60,
        },
        Scale {
            name: "england_decade",
            las: 152,
            children_per_la: 9_000,
            months: 120,
        },
    ]
}

/// The first reported month of every scale: its last is January 2024 for
/// the five-year scales.
fn first_month(months: u32) -> Month {
    Month::new(2024, 1)
        .unwrap_or(Month::of(chrono::NaiveDate::MIN))
        .plus(1 - i64::from(months))
}

/// The seed of every benchmark caseload.
pub const SEED: u64 = 2024;

impl Scale {
    pub fn config(&self) -> SynthConfig {
        SynthConfig {
            seed: SEED,
            las: self.las,
            children_per_la: self.children_per_la,
            first_month: first_month(self.months),
            months: self.months,
            ..SynthConfig::default()
        }
    }

    /// The cached caseload's folder (created on first use).
    pub fn dir(&self) -> PathBuf {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
        target.join("bench-data").join(format!(
            "{}-{}x{}x{}-seed{}",
            self.name, self.las, self.children_per_la, self.months, SEED
        ))
    }

    /// Generates and writes the caseload unless it is already cached.
    pub fn ensure(&self) -> Result<PathBuf, String> {
        let dir = self.dir();
        let done = dir.join("COMPLETE");
        if done.exists() {
            return Ok(dir);
        }
        eprintln!(
            "{}: generating the caseload into {}",
            self.name,
            dir.display()
        );
        let cfg = self.config();
        let s = generate(&cfg);
        s.write_parquet(&dir).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("population.csv"), s.population_csv(&cfg))
            .map_err(|e| e.to_string())?;
        std::fs::write(&done, format!("{} events\n", s.events.len())).map_err(|e| e.to_string())?;
        Ok(dir)
    }
}

fn load(dir: &Path) -> Result<(Events, Population), String> {
    let events = parquet::read_dir(dir).map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(dir.join("population.csv")).map_err(|e| e.to_string())?;
    let pop = Population::from_ons_csv(&text, "population.csv").map_err(|e| e.to_string())?;
    Ok((events, pop))
}

/// Whether a scale is to be prepared at all: not when the command line's
/// filter names another group (`cargo bench -- annex_a` neither generates
/// nor loads the three caseloads).
fn wanted(name: &str) -> bool {
    const GROUPS: [&str; 5] = [
        "single_la",
        "region",
        "england_decade",
        "annex_a",
        "calendar",
    ];
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    !filters
        .iter()
        .any(|f| GROUPS.iter().any(|g| *g != name && f.starts_with(g)))
}

pub fn all(c: &mut Criterion) {
    let cal = WorkingDayCalendar::england_and_wales();
    let catalogue = Catalogue::builtin();
    let config = ScorecardConfig::published_defaults();
    for scale in scales() {
        if !wanted(scale.name) {
            continue;
        }
        let dir = match scale.ensure() {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{}: cannot prepare the caseload: {e}", scale.name);
                continue;
            }
        };
        let (events, pop) = match load(&dir) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("{}: cannot read the caseload: {e}", scale.name);
                continue;
            }
        };
        let cfg = scale.config();
        let (first, last) = (cfg.first_month, cfg.last_month());
        let n = events.len() as u64;
        eprintln!(
            "{}: {} LAs, {} events, {first} to {last}",
            scale.name, scale.las, n
        );
        let mut group = c.benchmark_group(scale.name);
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(if scale.las > 1 { 20 } else { 5 }));
        group.throughput(Throughput::Elements(n));
        group.bench_function("read", |b| b.iter(|| black_box(parquet::read_dir(&dir))));
        group.bench_function(
            BenchmarkId::new("compute", format!("{} months", scale.months)),
            |b| b.iter(|| black_box(compute(&events, &pop, &cal, first, last))),
        );
        if scale.las == 1 {
            group.bench_function(BenchmarkId::new("compute", "1 month"), |b| {
                b.iter(|| black_box(compute(&events, &pop, &cal, last, last)))
            });
        }
        let computed = compute(&events, &pop, &cal, first, last);
        group.throughput(Throughput::Elements(u64::from(scale.las)));
        group.bench_function("assemble", |b| {
            b.iter(|| {
                for la in computed.las.keys() {
                    let card = scorecard::report::assemble::scorecard(
                        &computed, la, last, &catalogue, &config,
                    );
                    black_box(card.map(|c| c.rows().count()).unwrap_or(0));
                }
            })
        });
        group.finish();
    }
}
