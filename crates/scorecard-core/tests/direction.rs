use std::collections::BTreeMap;

use scorecard_core::{
    Arrow, Baseline, Catalogue, Judgement, Month, Polarity, RowInput, ScorecardBuilder,
    ScorecardConfig, Series, Target, Value, arrow, judgement,
};

use crate::dec;

#[test]
fn arrows_compare_values_as_shown() {
    assert_eq!(arrow(dec("86.3"), dec("89.4"), 1), Arrow::Down);
    assert_eq!(arrow(dec("1551"), dec("1247"), 0), Arrow::Up);
    assert_eq!(arrow(dec("96"), dec("96"), 0), Arrow::Flat);
    // 96.4 and 95.6 both show as 96 at 0 dp.
    assert_eq!(arrow(dec("96.4"), dec("95.6"), 0), Arrow::Flat);
    assert_eq!(arrow(dec("96.4"), dec("95.6"), 1), Arrow::Up);
    // Half away from zero: 95.5 shows 96, equal to 96.4.
    assert_eq!(arrow(dec("95.5"), dec("96.4"), 0), Arrow::Flat);
    assert_eq!("up".parse::<Arrow>().unwrap(), Arrow::Up);
    assert_eq!("\u{2194}".parse::<Arrow>().unwrap(), Arrow::Flat);
    assert!("sideways".parse::<Arrow>().is_err());
}

#[test]
fn judgement_follows_polarity() {
    let (a, b) = (dec("2"), dec("1"));
    let none = Target::None;
    assert_eq!(
        judgement(Arrow::Up, Polarity::HigherIsBetter, &none, a, b),
        Judgement::Improving
    );
    assert_eq!(
        judgement(Arrow::Down, Polarity::HigherIsBetter, &none, b, a),
        Judgement::Declining
    );
    assert_eq!(
        judgement(Arrow::Down, Polarity::LowerIsBetter, &none, b, a),
        Judgement::Improving
    );
    assert_eq!(
        judgement(Arrow::Up, Polarity::LowerIsBetter, &none, a, b),
        Judgement::Declining
    );
    assert_eq!(
        judgement(Arrow::Up, Polarity::Contextual, &none, a, b),
        Judgement::NotJudged
    );
    assert_eq!(
        judgement(Arrow::Flat, Polarity::Contextual, &none, a, a),
        Judgement::Stable
    );
    assert_eq!(
        judgement(Arrow::Flat, Polarity::HigherIsBetter, &none, a, a),
        Judgement::Stable
    );
    // Within a 20-24 band: 26 -> 25 moves closer (improving); 22 -> 19
    // moves out (declining); 18 -> 26 is 2 away both times (stable).
    let band: Target = "20-24".parse().unwrap();
    let j = |arr, l: &str, b: &str| judgement(arr, Polarity::WithinBand, &band, dec(l), dec(b));
    assert_eq!(j(Arrow::Down, "25", "26"), Judgement::Improving);
    assert_eq!(j(Arrow::Down, "19", "22"), Judgement::Declining);
    assert_eq!(j(Arrow::Up, "26", "18"), Judgement::Stable);
    assert_eq!(
        judgement(Arrow::Up, Polarity::WithinBand, &none, a, b),
        Judgement::NotJudged
    );
}

#[test]
fn baselines_previous_month_same_month_last_year_previous_year() {
    // CIN8 (higher is better). Jan-23 50, Dec-23 70, Jan-24 60, previous year 65.
    let m = |s: &str| s.parse::<Month>().unwrap();
    let series: Series = [
        (m("2023-01"), Value::Decimal(dec("50"))),
        (m("2023-12"), Value::Decimal(dec("70"))),
        (m("2024-01"), Value::Decimal(dec("60"))),
    ]
    .into_iter()
    .collect();
    let mut inputs = BTreeMap::new();
    inputs.insert(
        "CIN8".to_string(),
        RowInput {
            series,
            previous_year: Some(Value::Decimal(dec("65"))),
            ..Default::default()
        },
    );
    let cat = Catalogue::builtin();
    let expect = [
        (
            Baseline::PreviousMonth,
            Arrow::Down,
            Judgement::Declining,
            "70",
        ),
        (
            Baseline::SameMonthLastYear,
            Arrow::Up,
            Judgement::Improving,
            "50",
        ),
        (
            Baseline::PreviousYear,
            Arrow::Down,
            Judgement::Declining,
            "65",
        ),
    ];
    for (baseline, want_arrow, want_judgement, base) in expect {
        let mut cfg = ScorecardConfig::published_defaults();
        cfg.direction.baseline = baseline;
        let card = ScorecardBuilder::new(&cat, &cfg)
            .build("LA", m("2024-01"), &inputs)
            .unwrap();
        let dir = card.row("CIN8").unwrap().direction.unwrap();
        assert_eq!(
            (dir.arrow, dir.judgement, dir.baseline_value),
            (want_arrow, want_judgement, dec(base)),
            "{baseline:?}"
        );
    }
}
