//! The Annex A reader on one council's lists written both ways: as CSVs
//! (one per list) and as one workbook in the Ofsted template's dress, from
//! the same synthetic caseload (one LA of 60,000 children, five years; under
//! `cargo test` 2,000 children). `annex_a/read CSVs` and `annex_a/read
//! workbook` each read every list into events with its data-quality
//! account (`readers::annex_a::read_path`): the workbook against the CSVs is
//! issue 12's `≤ 2×` target at a smaller size (`benches/peer/annex_a.sh`
//! measures it at 600,000 children, whole process).

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use scorecard::compute::readers::annex_a;
use scorecard::synth::generate;

use crate::scale::Scale;

pub fn all(c: &mut Criterion) {
    let benching = std::env::args().any(|a| a == "--bench");
    let scale = Scale {
        name: "annex_a",
        las: 1,
        children_per_la: if benching { 60_000 } else { 2_000 },
        months: 60,
    };
    let dir = scale.dir();
    let csvs = dir.join("annex-a");
    let workbook = dir.join("annex-a-workbook");
    if !dir.join("COMPLETE").exists() {
        eprintln!("annex_a: writing the lists into {}", dir.display());
        let s = generate(&scale.config());
        let written = s
            .write_annex_a(&csvs)
            .and_then(|()| s.write_annex_a_workbook(&workbook))
            .map_err(|e| e.to_string())
            .and_then(|()| {
                std::fs::write(dir.join("COMPLETE"), "annex_a").map_err(|e| e.to_string())
            });
        if let Err(e) = written {
            eprintln!("annex_a: skipped: {e}");
            return;
        }
    }
    let la = "SYN001";
    let csvs = csvs.join(la);
    let workbook = workbook.join(la).join("annex-a.xlsx");
    let rows = match annex_a::read_path(la, &csvs) {
        Ok(r) => r.accounts.iter().map(|a| a.read).sum::<u64>(),
        Err(e) => {
            eprintln!("annex_a: skipped: {e}");
            return;
        }
    };
    let mut group = c.benchmark_group("annex_a");
    group.sample_size(10);
    group.throughput(Throughput::Elements(rows));
    group.bench_function("read CSVs", |b| {
        b.iter(|| black_box(annex_a::read_path(la, &csvs).map(|r| r.events.referrals.len())))
    });
    group.bench_function("read workbook", |b| {
        b.iter(|| black_box(annex_a::read_path(la, &workbook).map(|r| r.events.referrals.len())))
    });
    group.finish();
}
