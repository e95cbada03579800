//! SPC rules on hand-made series. Every baseline below is 8, 12 repeated six
//! times (12 points): mean 10, moving ranges all 4 so MR̄ = 4, process limits
//! 10 ± 2.66 × 4 = -0.64 and 20.64, two-sigma lines 10 ± 2/3 × 10.64 =
//! 2.9067 and 17.0933. No baseline point is special: none is outside, the
//! runs on one side are single points, the steps alternate, and none is
//! beyond two sigma.

use rust_decimal::Decimal;
use scorecard_core::spc::{Assurance, Rule, Side, SpcSettings, Variation, assurance, xmr};
use scorecard_core::{Polarity, Target};

use crate::dec;

fn series(tail: &[&str]) -> Vec<Option<Decimal>> {
    let mut v: Vec<Option<Decimal>> = (0..12)
        .map(|i| Some(Decimal::from(if i % 2 == 0 { 8 } else { 12 })))
        .collect();
    v.extend(tail.iter().map(|s| Some(dec(s))));
    v
}

/// The indexes marked, with their rule and side.
fn marked(v: &[Option<Decimal>], s: &SpcSettings, p: Polarity) -> Vec<(usize, Rule, Side)> {
    xmr(v, s, p, None)
        .unwrap()
        .signals
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s.rule, s.side)))
        .collect()
}

#[test]
fn limits_are_worked_from_the_baseline() {
    let c = xmr(
        &series(&[]),
        &SpcSettings::default(),
        Polarity::HigherIsBetter,
        None,
    )
    .unwrap();
    assert_eq!(c.limits.mean, dec("10"));
    assert_eq!(c.limits.mean_moving_range, dec("4"));
    assert_eq!(c.limits.upper, dec("20.64"));
    assert_eq!(c.limits.lower, dec("-0.64"));
    assert_eq!(c.limits.upper_two_sigma.round_dp(4), dec("17.0933"));
    assert!(!c.limits.trial);
    assert!(c.signals.iter().all(Option::is_none));
    assert_eq!(c.variation, Some(Variation::CommonCause));
}

#[test]
fn fewer_points_give_trial_limits() {
    // 8, 12, 8, 12, 8: mean 48/5 = 9.6, MR̄ 4, trial.
    let v: Vec<_> = series(&[])[..5].to_vec();
    let c = xmr(&v, &SpcSettings::default(), Polarity::HigherIsBetter, None).unwrap();
    assert!(c.limits.trial);
    assert_eq!(c.limits.baseline_points, 5);
    assert_eq!(c.limits.mean, dec("9.6"));
    assert!(
        xmr(
            &v[..1],
            &SpcSettings::default(),
            Polarity::HigherIsBetter,
            None
        )
        .is_none()
    );
}

#[test]
fn a_point_outside_the_limits() {
    // 21 > 20.64 at index 12; -1 < -0.64 at index 14.
    let v = series(&["21", "10", "-1"]);
    assert_eq!(
        marked(&v, &SpcSettings::default(), Polarity::HigherIsBetter),
        [
            (12, Rule::OutsideLimits, Side::High),
            (14, Rule::OutsideLimits, Side::Low)
        ]
    );
}

#[test]
fn a_shift_of_seven_and_of_six_when_configured() {
    // The baseline ends with 12 (above the mean), then six 11s: a run of 7
    // above the mean at indexes 11-17. Constant 11s make no trend, and
    // nothing is beyond two sigma.
    let v = series(&["11", "11", "11", "11", "11", "11"]);
    let want: Vec<_> = (11..=17).map(|i| (i, Rule::Shift, Side::High)).collect();
    assert_eq!(
        marked(&v, &SpcSettings::default(), Polarity::HigherIsBetter),
        want
    );
    // Five 11s: a run of 6 (11-16): nothing at 7, a shift at 6.
    let v = series(&["11", "11", "11", "11", "11"]);
    assert!(marked(&v, &SpcSettings::default(), Polarity::HigherIsBetter).is_empty());
    let six = SpcSettings {
        shift: 6,
        ..SpcSettings::default()
    };
    let want: Vec<_> = (11..=16).map(|i| (i, Rule::Shift, Side::High)).collect();
    assert_eq!(marked(&v, &six, Polarity::HigherIsBetter), want);
}

#[test]
fn a_trend_of_seven_rising() {
    // 12 → 9 falls; then 9, 9.5, ..., 12 rise in six steps: seven points
    // (indexes 12-18). 10 sits on the mean, so the run above is only 10.5-12
    // (4 points, no shift); nothing beyond two sigma.
    let v = series(&["9", "9.5", "10", "10.5", "11", "11.5", "12"]);
    let want: Vec<_> = (12..=18).map(|i| (i, Rule::Trend, Side::High)).collect();
    assert_eq!(
        marked(&v, &SpcSettings::default(), Polarity::HigherIsBetter),
        want
    );
    // The icon at the latest point reads the side through the polarity.
    let icon = |p| xmr(&v, &SpcSettings::default(), p, None).unwrap().variation;
    assert_eq!(
        icon(Polarity::HigherIsBetter),
        Some(Variation::Improving(Side::High))
    );
    assert_eq!(
        icon(Polarity::LowerIsBetter),
        Some(Variation::Concerning(Side::High))
    );
    assert_eq!(
        icon(Polarity::Contextual),
        Some(Variation::Neither(Side::High))
    );
    // Six rising points are not a trend of seven.
    let v = series(&["9", "9.5", "10", "10.5", "11", "11.5"]);
    assert!(marked(&v, &SpcSettings::default(), Polarity::HigherIsBetter).is_empty());
}

#[test]
fn two_of_three_beyond_two_sigma() {
    // 18 is beyond 17.0933 but inside 20.64: indexes 13 and 15 are two of
    // the three points 13-15. 10 on the mean breaks any run; the steps
    // alternate.
    let v = series(&["10", "18", "10", "18"]);
    assert_eq!(
        marked(&v, &SpcSettings::default(), Polarity::HigherIsBetter),
        [
            (13, Rule::TwoOfThree, Side::High),
            (15, Rule::TwoOfThree, Side::High)
        ]
    );
    // One such point alone is nothing.
    let v = series(&["10", "18", "10", "10"]);
    assert!(marked(&v, &SpcSettings::default(), Polarity::HigherIsBetter).is_empty());
}

#[test]
fn outside_the_limits_wins_over_a_shift() {
    // 12 (index 11), then 11, 11, 11, 25, 11, 11, 11: eight points above the
    // mean (a shift, 11-18), and 25 is also outside 20.64: it is marked
    // outside, the others shift. Only 25 is beyond two sigma.
    let v = series(&["11", "11", "11", "25", "11", "11", "11"]);
    let got = marked(&v, &SpcSettings::default(), Polarity::LowerIsBetter);
    let mut want: Vec<_> = (11..=18).map(|i| (i, Rule::Shift, Side::High)).collect();
    want[4] = (15, Rule::OutsideLimits, Side::High);
    assert_eq!(got, want);
    let c = xmr(&v, &SpcSettings::default(), Polarity::LowerIsBetter, None).unwrap();
    assert_eq!(c.variation, Some(Variation::Concerning(Side::High)));
}

#[test]
fn missing_months_are_left_out() {
    // A gap in the middle of the six 11s: the run is still seven points.
    let mut v = series(&["11", "11", "11"]);
    v.push(None);
    v.extend(["11", "11", "11"].iter().map(|s| Some(dec(s))));
    let got = marked(&v, &SpcSettings::default(), Polarity::HigherIsBetter);
    let want: Vec<_> = [11, 12, 13, 14, 16, 17, 18]
        .iter()
        .map(|&i| (i, Rule::Shift, Side::High))
        .collect();
    assert_eq!(got, want);
    // The latest month missing: no icon.
    v.push(None);
    let c = xmr(&v, &SpcSettings::default(), Polarity::HigherIsBetter, None).unwrap();
    assert_eq!(c.variation, None);
}

#[test]
fn assurance_against_targets() {
    // Limits -0.64 to 20.64.
    let c = xmr(
        &series(&[]),
        &SpcSettings::default(),
        Polarity::HigherIsBetter,
        None,
    )
    .unwrap();
    // Targets as parsed (no negative text targets); the negative ones built.
    let a = |t: &str, p| {
        let target = match t {
            "-1" => Target::Value(dec("-1")),
            "-5-25" => Target::Band {
                low: dec("-5"),
                high: dec("25"),
            },
            _ => t.parse::<Target>().unwrap(),
        };
        assurance(&c.limits, &target, p)
    };
    assert_eq!(
        a("25", Polarity::HigherIsBetter),
        Some(Assurance::ConsistentlyMissed)
    );
    assert_eq!(
        a("10", Polarity::HigherIsBetter),
        Some(Assurance::HitAndMiss)
    );
    assert_eq!(
        a("-1", Polarity::HigherIsBetter),
        Some(Assurance::ConsistentlyMet)
    );
    assert_eq!(
        a("25", Polarity::LowerIsBetter),
        Some(Assurance::ConsistentlyMet)
    );
    assert_eq!(
        a("-5-25", Polarity::WithinBand),
        Some(Assurance::ConsistentlyMet)
    );
    assert_eq!(a("0-30", Polarity::WithinBand), Some(Assurance::HitAndMiss));
    assert_eq!(
        a("21-30", Polarity::WithinBand),
        Some(Assurance::ConsistentlyMissed)
    );
    // A band narrower than the limits, inside them: hit and miss, not missed.
    assert_eq!(a("5-15", Polarity::WithinBand), Some(Assurance::HitAndMiss));
    assert_eq!(
        assurance(&c.limits, &Target::None, Polarity::HigherIsBetter),
        None
    );
}

/// NHSRplotthedots' own rule tests (tests/testthat/test-ptd_calculate_point_type.R)
/// are on sign vectors; here each is turned into values after the baseline
/// above, and the points marked must be the ones its `ptd_part_of_*`
/// functions mark. A rising run is 9, 9.5, 10, ... (inside the limits, no
/// two-sigma point); "close to the limit" is 18, "not" is 10 (on the mean,
/// so no shift forms).
#[test]
fn agrees_with_nhsrplotthedots_rule_tests() {
    fn refs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let tail_marks = |tail: &[&str]| -> Vec<usize> {
        marked(
            &series(tail),
            &SpcSettings::default(),
            Polarity::HigherIsBetter,
        )
        .into_iter()
        .map(|(i, _, _)| i - 12)
        .collect()
    };
    let rising = |x: &[i32]| -> Vec<String> {
        x.iter()
            .map(|k| (dec("8.5") + dec("0.5") * Decimal::from(*k)).to_string())
            .collect()
    };
    // ptd_seven_point_trend(c(1:3, 3:6)): a repeat breaks the run → nothing.
    let v = rising(&[1, 2, 3, 3, 4, 5, 6]);
    assert!(tail_marks(&refs(&v)).is_empty());
    // 1:7 → a trend; all seven points are part of it.
    let v = rising(&[1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(tail_marks(&refs(&v)), [0, 1, 2, 3, 4, 5, 6]);
    // c(2, 1:7, 3) → the points 1:7 (positions 2-8).
    let v = rising(&[2, 1, 2, 3, 4, 5, 6, 7, 3]);
    assert_eq!(tail_marks(&refs(&v)), [1, 2, 3, 4, 5, 6, 7]);
    // ptd_part_of_two_in_three(c(0, 0, 1, 0, 1, 0, 0)) → positions 3 and 5.
    assert_eq!(
        tail_marks(&["10", "10", "18", "10", "18", "10", "10"]),
        [2, 4]
    );
    // c(1, 0, 0, 1) → nothing (never two in any three).
    assert!(tail_marks(&["18", "10", "10", "18"]).is_empty());
    // c(1, 0, 0, 1, 1) → positions 4 and 5.
    assert_eq!(tail_marks(&["18", "10", "10", "18", "18"]), [3, 4]);
}
