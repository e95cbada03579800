//! A demo that looks like a council: no series of the demo's council (the
//! `scorecard demo` defaults, here at 20,000 children as in the CLI's tests)
//! is constant over its 12 reported months unless a real council's would
//! be, and each such exception says why.

use std::collections::BTreeSet;

use scorecard_compute::compute;
use scorecard_core::{Month, WorkingDayCalendar};
use scorecard_synth::{SynthConfig, generate};

/// Refs allowed to be constant in a council of this size, with the reason.
const CONSTANT_IN_A_REAL_COUNCIL: &[(&str, &str)] = &[(
    "CF16",
    "children in secure units: 0.5% of placements, about one child in a council of 20,000",
)];

#[test]
fn no_demo_series_is_constant_without_a_reason() {
    let first: Month = "2022-02".parse().unwrap();
    let cfg = SynthConfig {
        children_per_la: 20_000,
        first_month: first,
        months: 24,
        ..SynthConfig::default()
    };
    let s = generate(&cfg);
    let (from, to) = (first.plus(12), first.plus(23));
    let out = compute(
        &s.events,
        &s.population,
        &WorkingDayCalendar::england_and_wales(),
        from,
        to,
    );
    let allowed: BTreeSet<&str> = CONSTANT_IN_A_REAL_COUNCIL.iter().map(|(r, _)| *r).collect();
    let mut constant = Vec::new();
    for (reference, series) in &out.las["SYN001"] {
        if series.no_data.is_some() {
            continue;
        }
        let values: BTreeSet<String> = series
            .observations
            .values()
            .map(|o| o.value.map(|v| v.to_string()).unwrap_or_default())
            .collect();
        if values.len() <= 1 && !allowed.contains(reference.as_str()) {
            constant.push(format!("{reference} = {values:?}"));
        }
    }
    assert!(constant.is_empty(), "constant demo series: {constant:?}");
}
