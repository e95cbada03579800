//! Computing a selection of refs, reading only their tables, and spreading
//! LAs over threads change nothing in the figures.

use std::collections::BTreeSet;

use scorecard_compute::{COMPUTED, Computation, Options, compute, compute_with};
use scorecard_core::{Month, WorkingDayCalendar};
use scorecard_synth::{SynthConfig, Synthetic, generate};

fn region() -> (SynthConfig, Synthetic) {
    let cfg = SynthConfig {
        las: 4,
        children_per_la: 4_000,
        months: 14,
        first_month: Month::new(2022, 11).unwrap(),
        ..SynthConfig::default()
    };
    let s = generate(&cfg);
    (cfg, s)
}

fn run(s: &Synthetic, cfg: &SynthConfig, options: &Options) -> Computation {
    compute_with(
        &s.events,
        &s.population,
        &WorkingDayCalendar::england_and_wales(),
        cfg.first_month,
        cfg.last_month(),
        options,
    )
}

/// Each ref alone, computed from only the tables `Options::tables` names,
/// equals that ref in the full computation: so the selection runs the right
/// work, and every table a ref reads is listed.
#[test]
fn each_ref_alone_from_its_tables_equals_the_full_computation() {
    let (cfg, s) = region();
    let full = run(&s, &cfg, &Options::default());
    for r in COMPUTED {
        let options = Options::refs([*r]).unwrap();
        let mut only = s.clone();
        only.events.retain_tables(&options.tables());
        let part = run(&only, &cfg, &options);
        for la in &s.las {
            let got: BTreeSet<&String> = part.las[la].keys().collect();
            assert_eq!(got.len(), 1, "{r} in {la}: computed {got:?}");
            assert_eq!(
                part.series(la, r),
                full.series(la, r),
                "{r} in {la} differs when computed alone from {:?}",
                options.tables()
            );
        }
    }
}

/// The same figures on 1, 2 and 3 threads (LAs are computed in parallel).
#[test]
fn thread_count_does_not_change_the_result() {
    let (cfg, s) = region();
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                compute(
                    &s.events,
                    &s.population,
                    &WorkingDayCalendar::england_and_wales(),
                    cfg.first_month,
                    cfg.last_month(),
                )
            })
    };
    let one = on(1);
    assert_eq!(one.las.len(), 4);
    assert_eq!(one, on(2));
    assert_eq!(one, on(3));
}
