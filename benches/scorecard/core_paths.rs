//! scorecard-core's hot paths: working-day counting (called once per
//! assessment, ICPC and health assessment in a caseload) and rating a whole
//! scorecard.

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, Throughput};
use scorecard::core::{
    Catalogue, PublishedScorecard, ScorecardBuilder, ScorecardConfig, WorkingDayCalendar,
};

fn pairs(n: usize) -> Vec<(NaiveDate, NaiveDate)> {
    // A fixed linear congruential sequence: deterministic, no rand crate.
    let base = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap_or(NaiveDate::MIN);
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let start = base + Days::new((x >> 33) % 3000);
            let end = start + Days::new((x >> 20) % 120);
            (start, end)
        })
        .collect()
}

pub fn working_days(c: &mut Criterion) {
    let cal = WorkingDayCalendar::england_and_wales();
    let pairs = pairs(100_000);
    let mut group = c.benchmark_group("calendar");
    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.bench_function("working_days_between x100k", |b| {
        b.iter(|| {
            let mut total = 0i64;
            for (s, e) in &pairs {
                total += cal.working_days_between(*s, *e).unwrap_or(0);
            }
            black_box(total)
        })
    });
    group.finish();
    c.bench_function("calendar/build England and Wales 2010-2040", |b| {
        b.iter(|| black_box(WorkingDayCalendar::england_and_wales()))
    });
}

pub fn scorecard(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/published/tameside-scorecard-2024-01.csv"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipping scorecard bench: cannot read {path}");
        return;
    };
    let Ok(card) = PublishedScorecard::parse(&text, path) else {
        return;
    };
    let catalogue = Catalogue::builtin();
    let config = ScorecardConfig::published_defaults();
    let Ok(inputs) = card.inputs(&catalogue) else {
        return;
    };
    let Some(period) = card.period() else { return };
    c.bench_function("build and rate the 102-row published scorecard", |b| {
        b.iter(|| {
            black_box(ScorecardBuilder::new(&catalogue, &config).build("LA", period, &inputs))
        })
    });
    c.bench_function("load the built-in catalogue (125 indicators)", |b| {
        b.iter(|| black_box(Catalogue::try_builtin()))
    });
}
