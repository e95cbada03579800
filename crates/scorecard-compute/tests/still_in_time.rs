//! Not yet due is not late: the items open at month end and still inside
//! their timescale, beside CIN8, SG6 and CIN3, worked by hand.
//!
//! Working days in 2024 (England): January 26, 29-31 after the 25th; February
//! 21 (1-2, 5-9, 12-16, 19-23, 26-29); March 20 (Good Friday the 29th is a
//! bank holiday); April 21 (Easter Monday the 1st is one).

use scorecard_compute::events::{Assessment, Events, Icpc, Referral, Section47};
use scorecard_compute::{Population, compute};
use scorecard_core::{Month, WorkingDayCalendar};

const LA: &str = "E08000008";

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn m(s: &str) -> Month {
    s.parse().unwrap()
}

fn assessment(child: &str, start: &str, authorised: Option<&str>) -> Assessment {
    Assessment {
        la: LA.into(),
        child_id: child.into(),
        start: d(start),
        authorised: authorised.map(d),
        outcome: None,
    }
}

fn events() -> Events {
    Events {
        assessments: vec![
            // Open from 25 Jan: 4 working days by 31 Jan, 25 by 29 Feb, 45 by
            // 31 Mar (still in time: 45 <= 45), 66 by 30 Apr.
            assessment("a1", "2024-01-25", None),
            // 15 working days by 31 Jan; authorised 5 Feb, so done by February's end.
            assessment("a2", "2024-01-10", Some("2024-02-05")),
            // Open since October: long out of time (late, not "in time").
            assessment("a3", "2023-10-02", None),
        ],
        section47s: vec![
            // 7 working days by 31 Jan (23-26, 29-31); ICPC 9 Feb.
            Section47 {
                la: LA.into(),
                child_id: "s1".into(),
                start: d("2024-01-22"),
                icpc_required: Some(true),
            },
            // 7 by 29 Feb (21-23, 26-29), 27 by 31 Mar: in time in February only.
            Section47 {
                la: LA.into(),
                child_id: "s2".into(),
                start: d("2024-02-20"),
                icpc_required: Some(true),
            },
            // No conference needed: never counted.
            Section47 {
                la: LA.into(),
                child_id: "s3".into(),
                start: d("2024-03-25"),
                icpc_required: Some(false),
            },
        ],
        icpcs: vec![Icpc {
            la: LA.into(),
            child_id: "s1".into(),
            date: d("2024-02-09"),
            s47_start: Some(d("2024-01-22")),
            plan_made: Some(true),
            police_attended: None,
            health_attended: None,
            education_attended: None,
        }],
        referrals: vec![
            // 0 working days by 31 Jan; decided 1 Feb.
            Referral {
                la: LA.into(),
                child_id: "r1".into(),
                date: d("2024-01-31"),
                source: None,
                nfa: None,
                decision_date: Some(d("2024-02-01")),
            },
            // 1 working day by 29 Feb; no decision yet; 21 by 31 Mar.
            Referral {
                la: LA.into(),
                child_id: "r2".into(),
                date: d("2024-02-28"),
                source: None,
                nfa: None,
                decision_date: None,
            },
            // Good Friday: 0 working days by 31 Mar (a weekend follows).
            Referral {
                la: LA.into(),
                child_id: "r3".into(),
                date: d("2024-03-29"),
                source: None,
                nfa: None,
                decision_date: None,
            },
        ],
        ..Events::default()
    }
}

fn still(events: &Events, reference: &str) -> Vec<i64> {
    let cal = WorkingDayCalendar::england_and_wales();
    let c = compute(
        events,
        &Population::default(),
        &cal,
        m("2024-01"),
        m("2024-04"),
    );
    let s = c.series(LA, reference).unwrap();
    ["2024-01", "2024-02", "2024-03", "2024-04"]
        .iter()
        .map(|p| s.still_in_time.get(&m(p)).copied().unwrap_or(-1))
        .collect()
}

#[test]
fn open_items_inside_their_timescale_are_counted_beside_the_figure() {
    let ev = events();
    // a1 and a2 in January; a1 alone in February and March.
    assert_eq!(still(&ev, "CIN8"), [2, 1, 1, 0]);
    // s1 in January, s2 in February.
    assert_eq!(still(&ev, "SG6"), [1, 1, 0, 0]);
    // r1, r2, r3 each at the end of its own month.
    assert_eq!(still(&ev, "CIN3"), [1, 1, 1, 0]);
}

#[test]
fn without_the_enquiries_sg6_says_nothing() {
    let mut ev = events();
    ev.section47s.clear();
    let cal = WorkingDayCalendar::england_and_wales();
    let c = compute(
        &ev,
        &Population::default(),
        &cal,
        m("2024-01"),
        m("2024-04"),
    );
    assert!(c.series(LA, "SG6").unwrap().still_in_time.is_empty());
}
