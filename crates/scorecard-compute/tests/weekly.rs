//! Weekly values worked by hand, around a week that spans two months and
//! two financial years: 2023-W13, Monday 27 March to Sunday 2 April 2023
//! (the first week of 2023-24, as its last day is).

use chrono::{NaiveDate, Weekday};
use scorecard_compute::events::{Assessment, CpPlan, Referral, Review};
use scorecard_compute::{Coverage, Events, Options, Population, compute_weekly, compute_with};
use scorecard_core::{Month, Week, WorkingDayCalendar};

const LA: &str = "LA1";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn w(s: &str) -> Week {
    s.parse().unwrap()
}

fn referral(child: &str, date: &str) -> Referral {
    Referral {
        la: LA.into(),
        child_id: child.into(),
        date: d(date),
        source: None,
        nfa: None,
        decision_date: None,
    }
}

/// * Referrals: 2022-04-03 (a Sunday, 51 weeks before W12 ends), R1
///   2023-03-21 (W12), R2 2023-03-31 (Friday, W13, March), R3 2023-04-01
///   (Saturday, W13, April), R4 2023-04-03 (W14).
/// * CIN plan reviews: V1 due 2023-03-22, held that day (W12); V2 due
///   2023-03-30, held 2023-04-05, late (W13); V3 due 2023-04-04, held that
///   day (W14).
/// * CP plans: P1 from 2023-03-28, open; P2 2023-03-01 to 2023-04-02 (the
///   W13's last day).
/// * Assessments (45 working days): A1 2023-02-01 → 2023-03-31, 42 working
///   days (19 in February after the 1st, 23 in March), in time; A2
///   2023-01-16 → 2023-04-01, 54 (11 + 20 + 23), late. No bank holiday
///   falls between (Good Friday 2023 is 7 April).
fn caseload() -> Events {
    Events {
        referrals: vec![
            referral("old", "2022-04-03"),
            referral("r1", "2023-03-21"),
            referral("r2", "2023-03-31"),
            referral("r3", "2023-04-01"),
            referral("r4", "2023-04-03"),
        ],
        cin_reviews: vec![
            Review {
                la: LA.into(),
                child_id: "v1".into(),
                due: d("2023-03-22"),
                held: Some(d("2023-03-22")),
            },
            Review {
                la: LA.into(),
                child_id: "v2".into(),
                due: d("2023-03-30"),
                held: Some(d("2023-04-05")),
            },
            Review {
                la: LA.into(),
                child_id: "v3".into(),
                due: d("2023-04-04"),
                held: Some(d("2023-04-04")),
            },
        ],
        cp_plans: vec![
            CpPlan {
                la: LA.into(),
                child_id: "p1".into(),
                start: d("2023-03-28"),
                end: None,
                initial_category: None,
                previous_plans: None,
            },
            CpPlan {
                la: LA.into(),
                child_id: "p2".into(),
                start: d("2023-03-01"),
                end: Some(d("2023-04-02")),
                initial_category: None,
                previous_plans: None,
            },
        ],
        assessments: vec![
            Assessment {
                la: LA.into(),
                child_id: "a1".into(),
                start: d("2023-02-01"),
                authorised: Some(d("2023-03-31")),
                outcome: None,
            },
            Assessment {
                la: LA.into(),
                child_id: "a2".into(),
                start: d("2023-01-16"),
                authorised: Some(d("2023-04-01")),
                outcome: None,
            },
        ],
        ..Events::default()
    }
}

fn options() -> Options {
    let mut supplied = Coverage::new();
    for t in ["referrals", "cin_reviews", "cp_plans", "assessments"] {
        supplied.supply(t, "the hand-made cases");
    }
    Options::refs(["CIN1", "CIN2", "CIN8", "CIN17", "CIN18"])
        .unwrap()
        .with_coverage(supplied)
}

#[test]
fn weekly_values_by_hand_across_a_month_and_a_financial_year() {
    let cal = WorkingDayCalendar::england_and_wales();
    let mut pop = Population::new();
    pop.insert(&[LA], 2022, 10_000);
    let weeks = [w("2023-W12"), w("2023-W13"), w("2023-W14")];
    let out = compute_weekly(&caseload(), &pop, &cal, weeks[0], weeks[2], &options());
    let nd = |r: &str| -> Vec<(i64, Option<i64>)> {
        weeks
            .iter()
            .map(|wk| {
                let o = out.series(LA, r).unwrap().get(*wk).unwrap();
                (o.numerator, o.denominator)
            })
            .collect()
    };
    // Referrals in the week: R1 | R2, R3 (one in March, one in April) | R4.
    assert_eq!(
        nd("CIN1").iter().map(|x| x.0).collect::<Vec<_>>(),
        vec![1, 2, 1]
    );
    // Rolling 52 weeks: W12's window (28 March 2022 to 26 March 2023) holds
    // the referral of 3 April 2022 and R1; W13's (from 4 April 2022) loses
    // it: R1, R2, R3; W14's: R1 to R4. Population 10,000.
    assert_eq!(
        nd("CIN2"),
        vec![(2, Some(10_000)), (3, Some(10_000)), (4, Some(10_000))]
    );
    // Assessments authorised in the week within 45 working days: W13, A1
    // (42) in time and A2 (54) late; none in W12 or W14.
    assert_eq!(nd("CIN8"), vec![(0, Some(0)), (1, Some(2)), (0, Some(0))]);
    // Reviews due in the financial year to date and held by their due
    // date: W12 is 2022-23's last week (V1: 1 of 1); W13 ends on 2 April,
    // so it is 2023-24's first (V2, due 30 March, late: 0 of 1); W14: V2
    // and V3, 1 of 2.
    assert_eq!(nd("CIN17"), vec![(1, Some(1)), (0, Some(1)), (1, Some(2))]);
    // On a plan at the week's end: 26 March P2; 2 April P1 (P2 ended that
    // day: not open at the end); 9 April P1.
    assert_eq!(
        nd("CIN18").iter().map(|x| x.0).collect::<Vec<_>>(),
        vec![1, 1, 1]
    );
    // The months split W13: March has R1 and R2, April R3 and R4; both
    // plans are open on 31 March.
    let monthly = compute_with(
        &caseload(),
        &pop,
        &cal,
        Month::new(2023, 3).unwrap(),
        Month::new(2023, 4).unwrap(),
        &options(),
    );
    let m = |r: &str, month: u32| {
        monthly
            .series(LA, r)
            .unwrap()
            .get(Month::new(2023, month).unwrap())
            .unwrap()
            .numerator
    };
    assert_eq!((m("CIN1", 3), m("CIN1", 4), m("CIN18", 3)), (2, 2, 2));
    assert_eq!(out.first.unwrap().to_string(), "2023-W12");
}

/// Weeks to Friday (Saturday to Friday): the week ending Friday 31 March
/// 2023 holds R2 only (R1, Tuesday 21 March, is in the week to Friday 24
/// March; R3, Saturday 1 April, in the week to Friday 7 April).
#[test]
fn weeks_ending_on_a_friday() {
    let cal = WorkingDayCalendar::england_and_wales();
    let first = Week::of(d("2023-03-24"), Weekday::Fri);
    let last = Week::of(d("2023-04-07"), Weekday::Fri);
    let out = compute_weekly(
        &caseload(),
        &Population::new(),
        &cal,
        first,
        last,
        &options(),
    );
    let s = out.series(LA, "CIN1").unwrap();
    let counts: Vec<(String, i64)> = s
        .observations
        .iter()
        .map(|(k, o)| (k.last_day().to_string(), o.numerator))
        .collect();
    assert_eq!(
        counts,
        vec![
            ("2023-03-24".into(), 1),
            ("2023-03-31".into(), 1),
            ("2023-04-07".into(), 2)
        ]
    );
}
