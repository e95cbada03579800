//! Intervals, significance, SPC and the significance rating rule on the
//! assembled row.

use std::collections::BTreeMap;

use scorecard_core::{
    Catalogue, Judgement, Month, Parts, Rating, RatingBasis, RowInput, ScorecardBuilder,
    ScorecardConfig, Series, Significance, Value,
};

use crate::dec;

fn m(s: &str) -> Month {
    s.parse().unwrap()
}

/// CIN8 (percent, higher is better) with `n` of 100 each month for twelve
/// months to January 2024, January `last` of 100.
fn input(n: i64, last: i64) -> RowInput {
    let mut series = Series::new();
    let mut parts = BTreeMap::new();
    for k in 0..12 {
        let month = m("2023-02").plus(k);
        let x = if month == m("2024-01") {
            last
        } else if k % 2 == 0 {
            n - 1
        } else {
            n + 1
        };
        series.insert(month, Value::Decimal(dec(&x.to_string())));
        parts.insert(
            month,
            Parts {
                numerator: x,
                denominator: Some(100),
            },
        );
    }
    RowInput {
        series,
        parts,
        ..RowInput::default()
    }
}

/// No target; England at 80% (2022/23).
const CONFIG: &str = r#"
[[comparator_set]]
key = "england"
name = "England"
kind = "england"
vintage = "2022/23"

[indicator.CIN8]
comparators = { england = 80 }
"#;

#[test]
fn the_row_carries_its_interval_and_significance() {
    let cat = Catalogue::builtin();
    let cfg = ScorecardConfig::from_toml(CONFIG, "test").unwrap();
    let mut inputs = BTreeMap::new();
    inputs.insert("CIN8".to_string(), input(65, 65));
    let card = ScorecardBuilder::new(&cat, &cfg)
        .build("LA", m("2024-01"), &inputs)
        .unwrap();
    let row = card.row("CIN8").unwrap();
    // 65/100: Wilson 95% 55.25 to 73.64 (PHStatsMethods), wholly below 80.
    let ci = row.interval.unwrap();
    assert_eq!(
        (ci.lower.round_dp(2), ci.upper.round_dp(2)),
        (dec("55.25"), dec("73.64"))
    );
    assert_eq!(row.significance[0].significance, Significance::Worse);
    // The default rule is the comparator rule: worse than England → Red.
    assert_eq!(row.rating.basis, RatingBasis::Comparators);
}

#[test]
fn the_significance_rule_rates_by_the_interval() {
    let cat = Catalogue::builtin();
    let mut cfg = ScorecardConfig::from_toml(CONFIG, "test").unwrap();
    cfg.layer_toml("[rating]\nsignificance_against = \"england\"\n", "test")
        .unwrap();
    let rate = |last: i64| {
        let mut inputs = BTreeMap::new();
        inputs.insert("CIN8".to_string(), input(75, last));
        let card = ScorecardBuilder::new(&cat, &cfg)
            .build("LA", m("2024-01"), &inputs)
            .unwrap();
        card.row("CIN8").unwrap().rating.clone()
    };
    // 65/100: 55.3-73.6 is wholly below 80 → Red.
    let r = rate(65);
    assert_eq!(
        (r.rating, r.basis),
        (Rating::Red, RatingBasis::Significance)
    );
    assert!(
        r.reason
            .contains("significantly worse than England 80.0% (2022/23)"),
        "{}",
        r.reason
    );
    // 75/100: Wilson 65.7-82.5 contains 80 → Amber, although 75 < 80.
    assert_eq!(rate(75).rating, Rating::Amber);
    // 90/100: 82.6-94.5 is wholly above → Green.
    assert_eq!(rate(90).rating, Rating::Green);
}

#[test]
fn the_spc_direction_calls_a_wobble_no_significant_change() {
    let cat = Catalogue::builtin();
    let mut cfg = ScorecardConfig::from_toml(CONFIG, "test").unwrap();
    let build = |cfg: &ScorecardConfig, last: i64| {
        let mut inputs = BTreeMap::new();
        inputs.insert("CIN8".to_string(), input(75, last));
        let card = ScorecardBuilder::new(&cat, cfg)
            .build("LA", m("2024-01"), &inputs)
            .unwrap();
        card.row("CIN8").unwrap().clone()
    };
    // 74, 76, ... then 77 in January: up from December's 76, improving by
    // the arrow. The eleven earlier points alternate 74/76 (mean of all 12
    // points 75.08, MR̄ about 2): 77 is inside the limits.
    let row = build(&cfg, 77);
    assert_eq!(row.direction.unwrap().judgement, Judgement::Improving);
    cfg.layer_toml("[direction]\nmethod = \"spc\"\n", "test")
        .unwrap();
    let row = build(&cfg, 77);
    assert_eq!(
        row.direction.unwrap().judgement,
        Judgement::NoSignificantChange
    );
    assert_eq!(row.direction.unwrap().arrow.word(), "up");
    // 95 is far outside: special cause, improving.
    let row = build(&cfg, 95);
    assert_eq!(row.direction.unwrap().judgement, Judgement::Improving);
    assert_eq!(
        row.spc.unwrap().chart.latest().unwrap().rule,
        scorecard_core::spc::Rule::OutsideLimits
    );
}
