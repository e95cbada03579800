use rust_decimal::Decimal;
use scorecard_core::{PrintedNumber, Unit, Value, percent, rate_per_10k, round_half_away};

use crate::dec;

#[test]
fn rounding_is_half_away_from_zero() {
    // Published tables: 2.25 -> 2.3 (banker's rounding would give 2.2).
    assert_eq!(round_half_away(dec("2.25"), 1), dec("2.3"));
    assert_eq!(round_half_away(dec("2.35"), 1), dec("2.4"));
    assert_eq!(round_half_away(dec("-2.25"), 1), dec("-2.3"));
    assert_eq!(round_half_away(dec("0.5"), 0), dec("1"));
    assert_eq!(round_half_away(dec("1.5"), 0), dec("2"));
    assert_eq!(round_half_away(dec("2.5"), 0), dec("3"));
    assert_eq!(round_half_away(dec("86.249"), 1), dec("86.2"));
    // And the library's own round_dp differs, which is why we don't use it.
    assert_eq!(dec("2.25").round_dp(1), dec("2.2"));
}

#[test]
fn display_rounds_and_marks_percentages() {
    assert_eq!(
        Value::Decimal(dec("86.25")).display(Unit::Percent, 1),
        "86.3%"
    );
    assert_eq!(Value::Decimal(dec("26")).display(Unit::Percent, 0), "26%");
    assert_eq!(
        Value::Decimal(dec("14.65")).display(Unit::Average, 1),
        "14.7"
    );
    assert_eq!(
        Value::Decimal(dec("650.5")).display(Unit::RatePer10k, 0),
        "651"
    );
    assert_eq!(Value::Decimal(dec("4")).display(Unit::Percent, 1), "4.0%");
    assert_eq!(Value::Count(1551).display(Unit::Count, 0), "1551");
}

#[test]
fn percentages_and_rates_are_exact_until_shown() {
    // 1 of 3 = 33.333...%; 2 of 3 = 66.666...% shows as 66.7.
    assert_eq!(round_half_away(percent(2, 3).unwrap(), 1), dec("66.7"));
    // 81 of 94 = 86.1702...%
    assert_eq!(round_half_away(percent(81, 94).unwrap(), 1), dec("86.2"));
    assert_eq!(percent(0, 0), None);
    // 3,380 referrals in a population of 52,000 children: 650 per 10,000.
    assert_eq!(rate_per_10k(3380, 52_000), Some(dec("650")));
    // 1 in 30,000: 0.3333.. per 10,000
    assert_eq!(
        round_half_away(rate_per_10k(1, 30_000).unwrap(), 2),
        dec("0.33")
    );
    assert_eq!(rate_per_10k(5, 0), None);
}

#[test]
fn printed_cells_parse_with_their_precision() {
    let p = |s: &str| PrintedNumber::parse(s).unwrap().unwrap();
    assert_eq!(
        p("26%"),
        PrintedNumber {
            value: dec("26"),
            is_percent: true,
            decimals: 0
        }
    );
    assert_eq!(p("52.0%").decimals, 1);
    assert_eq!(p("33.33%").value, dec("33.33"));
    assert_eq!(p("107.8").value, dec("107.8"));
    assert_eq!(p("1,551").value, Decimal::from(1551));
    assert_eq!(p(" 59 ").value, Decimal::from(59));
    for blank in ["", " ", "n/a", "N/A", "-", ".."] {
        assert_eq!(PrintedNumber::parse(blank).unwrap(), None, "{blank:?}");
    }
    for bad in ["abc", "12..3", "5%%", "1.2.3", "%", "x5"] {
        assert!(
            PrintedNumber::parse(bad).is_err(),
            "{bad:?} should not parse"
        );
    }
    assert_eq!(p("1551").to_value(Unit::Count), Value::Count(1551));
    assert_eq!(p("27.0").to_value(Unit::Count), Value::Decimal(dec("27.0")));
    assert_eq!(p("26%").to_value(Unit::Percent), Value::Decimal(dec("26")));
}

#[test]
fn values_serialise_counts_as_numbers_and_decimals_as_text() {
    assert_eq!(serde_json::to_string(&Value::Count(5)).unwrap(), "5");
    assert_eq!(
        serde_json::to_string(&Value::Decimal(dec("86.3"))).unwrap(),
        "\"86.3\""
    );
    let back: Value = serde_json::from_str("\"86.3\"").unwrap();
    assert_eq!(back, Value::Decimal(dec("86.3")));
    let back: Value = serde_json::from_str("12").unwrap();
    assert_eq!(back, Value::Count(12));
}
