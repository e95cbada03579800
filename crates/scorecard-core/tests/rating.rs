use rust_decimal::Decimal;
use scorecard_core::{
    Catalogue, ComparatorKind, ComparatorSet, ComparatorValue, Indicator, Override, Polarity,
    Rating, RatingBasis, RatingDefaults, RatingInput, RatingRule, RuleKind, Target, Tolerance,
    rate,
};

use crate::dec;

fn indicator(r: &str) -> Indicator {
    Catalogue::builtin().get(r).cloned().unwrap()
}

fn vals(v: &[&str]) -> Vec<Option<Decimal>> {
    v.iter()
        .map(|s| if s.is_empty() { None } else { Some(dec(s)) })
        .collect()
}

fn rate_with(ind: &Indicator, recent: &[&str], target: &str, rule: RatingRule) -> (Rating, String) {
    let recent = vals(recent);
    let out = rate(
        &RatingInput {
            indicator: ind,
            recent: &recent,
            target: target.parse().unwrap(),
            comparators: &[],
            interval: None,
            significance: &[],
        },
        &rule,
        &RatingDefaults::default(),
    );
    (out.rating, out.reason)
}

fn r(ind: &Indicator, recent: &[&str], target: &str) -> Rating {
    rate_with(ind, recent, target, RatingRule::default()).0
}

#[test]
fn blue_needs_the_target_met_in_each_of_the_last_n_periods() {
    let cin8 = indicator("CIN8"); // percent, higher is better, 1 dp
    assert_eq!(r(&cin8, &["86", "87.5", "90"], "85%"), Rating::Blue);
    // One miss in the window -> Green only.
    assert_eq!(r(&cin8, &["84", "90", "90"], "85%"), Rating::Green);
    // A missing month in the window -> Green only.
    assert_eq!(r(&cin8, &["", "90", "90"], "85%"), Rating::Green);
    // Fewer periods than N -> Green only.
    assert_eq!(r(&cin8, &["90", "90"], "85%"), Rating::Green);
    // N configurable: 2 periods, or 0 = no Blue.
    let two = RatingRule {
        blue_periods: Some(2),
        ..RatingRule::default()
    };
    assert_eq!(
        rate_with(&cin8, &["84", "90", "90"], "85%", two).0,
        Rating::Blue
    );
    let off = RatingRule {
        blue_periods: Some(0),
        ..RatingRule::default()
    };
    assert_eq!(
        rate_with(&cin8, &["90", "90", "90"], "85%", off).0,
        Rating::Green
    );
    assert_eq!(Rating::Blue.as_rag(), Rating::Green);
}

#[test]
fn amber_within_percentage_points_red_beyond() {
    let cin8 = indicator("CIN8");
    // 85% target, default 5 points: 80.0 (5.0 short) Amber, 79.9 Red.
    assert_eq!(r(&cin8, &["80.0"], "85%"), Rating::Amber);
    assert_eq!(r(&cin8, &["79.9"], "85%"), Rating::Red);
    // Rated as shown: 84.96 shows as 85.0 and meets 85%.
    assert_eq!(r(&cin8, &["84.96"], "85%"), Rating::Green);
    // Per-indicator tolerance: 2 points makes 82 Red.
    let tight = RatingRule {
        tolerance: Some(Tolerance::Points(dec("2"))),
        ..RatingRule::default()
    };
    let (rating, reason) = rate_with(&cin8, &["82"], "85%", tight);
    assert_eq!(rating, Rating::Red);
    assert!(
        reason.contains("3 percentage points below the target of 85%"),
        "{reason}"
    );
}

#[test]
fn amber_within_a_relative_tolerance_for_counts() {
    let wf1 = indicator("WF1"); // count, lower is better
    // Target 2175, 10% = 217.5: 2392 (217 over) Amber, 2393 (218 over) Red.
    assert_eq!(r(&wf1, &["2392"], "2175"), Rating::Amber);
    assert_eq!(r(&wf1, &["2393"], "2175"), Rating::Red);
    assert_eq!(r(&wf1, &["2175"], "2175"), Rating::Green);
}

#[test]
fn lower_is_better_bands_and_within_band() {
    let cin4 = indicator("CIN4"); // percent, lower is better, 0 dp
    assert_eq!(r(&cin4, &["19"], "20-24%"), Rating::Green);
    assert_eq!(r(&cin4, &["29"], "20-24%"), Rating::Amber); // 5 over the top
    assert_eq!(r(&cin4, &["30"], "20-24%"), Rating::Red);
    let mut band = cin4.clone();
    band.polarity = Polarity::WithinBand;
    assert_eq!(r(&band, &["22"], "20-24%"), Rating::Green);
    assert_eq!(r(&band, &["19"], "20-24%"), Rating::Amber); // 1 under
    assert_eq!(r(&band, &["14"], "20-24%"), Rating::Red); // 6 under
    // A single-value target on a contextual indicator cannot be judged.
    let mut ctx = cin4.clone();
    ctx.polarity = Polarity::Contextual;
    assert_eq!(r(&ctx, &["19"], "20%"), Rating::NotRated);
}

fn comparators(sn: &str, eng: &str) -> Vec<ComparatorValue> {
    let sn_set = ComparatorSet::new(
        "sn",
        "Statistical Neighbour Average",
        ComparatorKind::StatisticalNeighbours,
    );
    let eng_set = ComparatorSet::new("england", "England Average", ComparatorKind::England);
    let nw_set = ComparatorSet::new("nw", "North West Average", ComparatorKind::Region);
    let v = "2022/23".parse().unwrap();
    vec![
        ComparatorValue::new(&nw_set, dec("1"), "2022/23".parse().unwrap()),
        ComparatorValue::new(&sn_set, dec(sn), "2022/23".parse().unwrap()),
        ComparatorValue::new(&eng_set, dec(eng), v),
    ]
}

fn by_comparators(
    ind: &Indicator,
    value: &str,
    comps: &[ComparatorValue],
    rule: RatingRule,
) -> (Rating, RatingBasis) {
    let recent = vals(&[value]);
    let out = rate(
        &RatingInput {
            indicator: ind,
            recent: &recent,
            target: Target::None,
            comparators: comps,
            interval: None,
            significance: &[],
        },
        &rule,
        &RatingDefaults::default(),
    );
    (out.rating, out.basis)
}

#[test]
fn comparator_rule_without_a_target() {
    let cin19 = indicator("CIN19"); // CP rate, lower is better
    let comps = comparators("65", "43");
    let rt = |v| by_comparators(&cin19, v, &comps, RatingRule::default());
    assert_eq!(rt("74"), (Rating::Red, RatingBasis::Comparators)); // worse than both
    assert_eq!(rt("50").0, Rating::Amber); // between
    assert_eq!(rt("43").0, Rating::Green); // equal to England, better than SN
    assert_eq!(rt("30").0, Rating::Green);
    // The region (North West, 1) is not among the default comparators:
    // otherwise 30 would be worse than it.
    let cin15 = indicator("CIN15"); // higher is better, 0 dp
    let comps = comparators("34", "33");
    let rt = |v| by_comparators(&cin15, v, &comps, RatingRule::default()).0;
    assert_eq!(rt("38"), Rating::Green);
    assert_eq!(rt("30"), Rating::Red);
    assert_eq!(rt("33.6"), Rating::Green); // shows 34: equal to SN, above England
    assert_eq!(rt("33.4"), Rating::Amber); // shows 33: below SN, equal to England
    // Choosing the comparators: against the region only, 30 is better than 1.
    let region = RatingRule {
        compare_with: Some(vec![ComparatorKind::Region]),
        ..RatingRule::default()
    };
    assert_eq!(
        by_comparators(&cin15, "30", &comps, region).0,
        Rating::Green
    );
    // Contextual indicators are shown against comparators, not rated.
    let cin16 = indicator("CIN16");
    assert_eq!(
        by_comparators(&cin16, "410", &comps, RatingRule::default()).0,
        Rating::NotRated
    );
}

#[test]
fn rule_kinds_and_missing_values() {
    let cin8 = indicator("CIN8");
    let none = RatingRule {
        rule: RuleKind::None,
        ..RatingRule::default()
    };
    assert_eq!(rate_with(&cin8, &["50"], "85%", none).0, Rating::NotRated);
    let comps_only = RatingRule {
        rule: RuleKind::Comparators,
        ..RatingRule::default()
    };
    let comps = comparators("81", "82");
    // Comparator rule ignores the target: 86.3 beats both -> Green.
    assert_eq!(
        by_comparators(&cin8, "86.3", &comps, comps_only.clone()).0,
        Rating::Green
    );
    let target_only = RatingRule {
        rule: RuleKind::Target,
        ..RatingRule::default()
    };
    assert_eq!(
        by_comparators(&cin8, "86.3", &comps, target_only).0,
        Rating::NotRated
    );
    // No value in the period: not rated, whatever the target.
    let (rating, reason) = rate_with(&cin8, &["90", ""], "85%", RatingRule::default());
    assert_eq!(rating, Rating::NotRated);
    assert!(reason.contains("no value"), "{reason}");
    // Nothing to rate against.
    assert_eq!(r(&indicator("FD1"), &["1551"], ""), Rating::NotRated);
}

#[test]
fn overrides_carry_their_reason_and_keep_the_rules_rating() {
    let cin8 = indicator("CIN8");
    let recent = vals(&["70"]);
    let rules = rate(
        &RatingInput {
            indicator: &cin8,
            recent: &recent,
            target: "85%".parse().unwrap(),
            comparators: &[],
            interval: None,
            significance: &[],
        },
        &RatingRule::default(),
        &RatingDefaults::default(),
    );
    assert_eq!(rules.rating, Rating::Red);
    let o = Override {
        reference: "CIN8".into(),
        period: Some("2024-01".parse().unwrap()),
        rating: Rating::Amber,
        reason: "Backlog cleared; late assessments were old cases".into(),
    };
    assert!(o.applies_to("CIN8", "2024-01".parse().unwrap()));
    assert!(!o.applies_to("CIN8", "2024-02".parse().unwrap()));
    assert!(!o.applies_to("CIN7", "2024-01".parse().unwrap()));
    let out = o.apply(rules);
    assert_eq!(out.rating, Rating::Amber);
    assert_eq!(out.basis, RatingBasis::Override);
    assert_eq!(out.rules_rating, Some(Rating::Red));
    assert_eq!(
        out.override_reason.as_deref(),
        Some("Backlog cleared; late assessments were old cases")
    );
    assert!(out.reason.contains("Backlog cleared"));
}

#[test]
fn ratings_parse_from_published_letters() {
    for (s, want) in [
        ("R", Rating::Red),
        ("a", Rating::Amber),
        ("G", Rating::Green),
        ("B", Rating::Blue),
        ("N/A", Rating::NotRated),
        ("", Rating::NotRated),
        ("Amber", Rating::Amber),
    ] {
        assert_eq!(s.parse::<Rating>().unwrap(), want, "{s}");
    }
    assert!("Purple".parse::<Rating>().is_err());
    assert_eq!(Rating::NotRated.code(), "N/A");
}
