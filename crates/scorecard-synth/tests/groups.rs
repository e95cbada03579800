//! By team: on random synthetic caseloads, the teams' counts (with the
//! unallocated children) add up to the LA's, for every count indicator and
//! for the numerators and denominators of every percentage.

use proptest::prelude::*;
use scorecard_compute::groups::{GroupBy, compute_grouped};
use scorecard_compute::{COMPUTED, Options, compute_with};
use scorecard_core::{Catalogue, Month, Unit, WorkingDayCalendar};
use scorecard_synth::{SynthConfig, generate};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn team_counts_sum_to_the_la_total(
        seed in any::<u64>(),
        // Which allocations to drop (their children unallocated) and
        // which to keep as a current allocation only (no start).
        drop_every in 2usize..9,
        current_every in 2usize..9,
        by_worker in any::<bool>(),
    ) {
        let cfg = SynthConfig {
            seed,
            las: 2,
            children_per_la: 2_500,
            months: 5,
            warm_up_months: 14,
            first_month: Month::new(2023, 10).unwrap(),
            ..SynthConfig::default()
        };
        let mut s = generate(&cfg);
        let mut i = 0;
        s.events.team_allocations.retain(|_| { i += 1; i % drop_every != 0 });
        for (j, t) in s.events.team_allocations.iter_mut().enumerate() {
            if j % current_every == 0 {
                t.start = None;
            }
        }
        let cal = WorkingDayCalendar::england_and_wales();
        let (first, last) = (cfg.first_month, cfg.last_month());
        let options = Options::default();
        let by = if by_worker { GroupBy::Worker } else { GroupBy::Team };
        let la = compute_with(&s.events, &s.population, &cal, first, last, &options);
        let g = compute_grouped(&s.events, &s.population, &cal, first, last, &options, by);
        let catalogue = Catalogue::builtin();
        let mut checked = 0;
        for code in &s.las {
            let groups = &g.las[code];
            prop_assert!(groups.len() > 2, "{} groups", groups.len());
            for r in COMPUTED {
                let Some(unit) = catalogue.get(r).map(|i| i.unit) else { continue };
                // An average (a caseload per worker) is not a sum of the
                // groups' averages: left out here.
                if unit == Unit::Average {
                    continue;
                }
                // WF8 is a maximum (the highest caseload): no group's can
                // exceed the LA's, but they do not add up.
                if *r == "WF8" {
                    continue;
                }
                let Some(total) = la.series(code, r) else { continue };
                for (m, o) in &total.observations {
                    let (mut n, mut d) = (0, 0);
                    for refs in groups.values() {
                        if let Some(x) = refs.get(*r).and_then(|s| s.get(*m)) {
                            n += x.numerator;
                            d += x.denominator.unwrap_or(0);
                        }
                    }
                    prop_assert_eq!(n, o.numerator, "{} {} {}", code, r, m);
                    if unit == Unit::Percent {
                        prop_assert_eq!(Some(d), o.denominator, "{} {} {} denominator", code, r, m);
                    }
                    checked += 1;
                }
            }
        }
        prop_assert!(checked > 100, "{checked} values checked");
    }
}
