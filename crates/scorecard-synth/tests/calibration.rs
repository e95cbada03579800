//! Headline rates of a generated council land near the published England
//! figures the generator is calibrated to (targets from `Rates::default()`,
//! which come from DfE's 2022-23 statistics, not from the generator's
//! output). The council is a large one (200,000 children) so that sampling
//! noise over 12 months is small; the tolerances allow about two standard
//! deviations of it (measured across seeds while calibrating).

use scorecard_compute::{Computation, compute};
use scorecard_core::{Month, WorkingDayCalendar};
use scorecard_synth::{Rates, SynthConfig, generate};

fn run() -> (SynthConfig, Computation) {
    let cfg = SynthConfig {
        children_per_la: 200_000,
        ..SynthConfig::default()
    };
    let s = generate(&cfg);
    let out = compute(
        &s.events,
        &s.population,
        &WorkingDayCalendar::england_and_wales(),
        cfg.first_month,
        cfg.last_month(),
    );
    (cfg, out)
}

/// Sum of numerators and denominators of `reference` over the range, as a %.
fn pooled_percent(out: &Computation, reference: &str) -> f64 {
    let s = out.series("SYN001", reference).unwrap();
    let (n, d) = s.observations.values().fold((0, 0), |(n, d), o| {
        (n + o.numerator, d + o.denominator.unwrap_or(0))
    });
    assert!(d > 0, "{reference} has no denominator");
    n as f64 * 100.0 / d as f64
}

/// Mean of the monthly values of a rate or percentage.
fn mean_value(out: &Computation, reference: &str) -> f64 {
    let s = out.series("SYN001", reference).unwrap();
    let vals: Vec<f64> = s
        .observations
        .values()
        .filter_map(|o| o.value)
        .map(|v| v.as_decimal().to_string().parse::<f64>().unwrap())
        .collect();
    vals.iter().sum::<f64>() / vals.len() as f64
}

fn within(what: &str, got: f64, target: f64, tolerance: f64) {
    println!("{what}: {got:.2} (target {target}, tolerance {tolerance})");
    assert!(
        (got - target).abs() <= tolerance,
        "{what}: {got:.2} is not within {tolerance} of {target}"
    );
}

#[test]
fn headline_rates_are_near_the_calibration_targets() {
    let (cfg, out) = run();
    let r = Rates::default();
    let last: Month = cfg.last_month();
    let cin2 = out
        .series("SYN001", "CIN2")
        .unwrap()
        .get(last)
        .unwrap()
        .value
        .unwrap();
    let cin2: f64 = cin2.as_decimal().to_string().parse().unwrap();
    within(
        "referrals per 10,000 (12 months)",
        cin2,
        r.referrals_per_10k,
        r.referrals_per_10k * 0.03,
    );
    within(
        "re-referrals %",
        pooled_percent(&out, "CIN4"),
        r.re_referral * 100.0,
        1.5,
    );
    within(
        "assessments in 45 working days %",
        pooled_percent(&out, "CIN8"),
        r.assessment_in_45 * 100.0,
        1.5,
    );
    within(
        "ICPCs in 15 working days %",
        pooled_percent(&out, "SG6"),
        r.icpc_in_15 * 100.0,
        3.0,
    );
    within(
        "children on a CP plan per 10,000",
        mean_value(&out, "CIN19"),
        r.cp_per_10k,
        r.cp_per_10k * 0.10,
    );
    within(
        "children looked after per 10,000",
        mean_value(&out, "CF2"),
        r.cla_per_10k,
        r.cla_per_10k * 0.10,
    );
    within(
        "3+ placements %",
        pooled_percent(&out, "CF4"),
        r.three_plus_placements * 100.0,
        2.5,
    );
}

#[test]
fn same_seed_same_caseload_other_seed_other_caseload() {
    let cfg = SynthConfig {
        children_per_la: 4_000,
        months: 6,
        las: 2,
        ..SynthConfig::default()
    };
    let a = generate(&cfg);
    assert_eq!(a.events, generate(&cfg).events);
    let b = generate(&SynthConfig {
        seed: 7,
        ..cfg.clone()
    });
    assert_ne!(a.events.referrals, b.events.referrals);
    // Both LAs have events, and a child id of the first LA also appears in
    // the second (a child who moved).
    let in_la = |la: &str| {
        a.events
            .referrals
            .iter()
            .filter(|r| r.la == la.into())
            .map(|r| r.child_id.clone())
            .collect::<std::collections::HashSet<_>>()
    };
    let (one, two) = (in_la("SYN001"), in_la("SYN002"));
    assert!(!one.is_empty() && !two.is_empty());
    assert!(one.intersection(&two).next().is_some());
}

#[test]
fn edge_cases_are_present() {
    let cfg = SynthConfig {
        children_per_la: 20_000,
        first_month: "2023-06".parse().unwrap(),
        months: 12,
        ..SynthConfig::default()
    };
    let s = generate(&cfg);
    let cal = WorkingDayCalendar::england_and_wales();
    use chrono::Datelike;
    let refs = &s.events.referrals;
    // Referrals at weekends and on bank holidays.
    assert!(
        refs.iter()
            .any(|r| r.date.weekday() == chrono::Weekday::Sat)
    );
    assert!(refs.iter().any(|r| cal.is_closure(r.date).unwrap()));
    // The range spans 29 February 2024: visits and referrals happen that day.
    let leap = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    let on_leap_day = refs.iter().filter(|r| r.date == leap).count()
        + s.events
            .cla_visits
            .iter()
            .filter(|v| v.date == leap)
            .count()
        + s.events.cp_visits.iter().filter(|v| v.date == leap).count();
    assert!(on_leap_day > 0);
    // Open episodes and same-day duplicates.
    assert!(s.events.cp_plans.iter().any(|p| p.end.is_none()));
    assert!(s.events.cla_episodes.iter().any(|e| e.end.is_none()));
    let mut seen = std::collections::HashSet::new();
    assert!(
        refs.iter()
            .any(|r| !seen.insert((r.child_id.clone(), r.date)))
    );
    // Nothing after the extraction date.
    let end = cfg.last_month().last_day();
    assert!(refs.iter().all(|r| r.date <= end));
    assert!(
        s.events
            .assessments
            .iter()
            .all(|a| a.authorised.is_none_or(|d| d <= end))
    );
}
