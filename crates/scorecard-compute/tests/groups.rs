//! Every indicator by team: a caseload small enough to work by hand.

use chrono::NaiveDate;
use scorecard_compute::events::{Assessment, CpPlan, Referral, TeamAllocation};
use scorecard_compute::groups::{Basis, GroupBy, UNALLOCATED, compute_grouped};
use scorecard_compute::{Events, Options, Population, compute_with};
use scorecard_core::{Month, WorkingDayCalendar};

const LA: &str = "LA1";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn m(s: &str) -> Month {
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

fn team(child: &str, team: Option<&str>, worker: &str, start: Option<&str>) -> TeamAllocation {
    TeamAllocation {
        la: LA.into(),
        child_id: child.into(),
        team: team.map(Into::into),
        worker: Some(worker.into()),
        start: start.map(d),
        end: None,
    }
}

/// Four children:
/// * A: North from 2023-06-01 (history).
/// * B: South from 2023-12-01, then North from 2024-02-15.
/// * C: no allocation (unallocated).
/// * D: an allocation with a worker but no team (unallocated by team).
///
/// Referrals: A 2024-01-05 and 2024-02-02; B 2024-01-10 and 2024-02-20;
/// C 2024-01-12; D 2024-02-01.
/// Assessments (CIN8, 45 working days): A 2024-01-02 → 2024-01-31
/// (21 working days, in time); B 2023-11-01 → 2024-01-30 (59 working
/// days, late); C 2024-02-01 → 2024-02-28 (in time).
/// CP plan: B from 2023-12-04, open.
fn caseload() -> Events {
    Events {
        referrals: vec![
            referral("A", "2024-01-05"),
            referral("A", "2024-02-02"),
            referral("B", "2024-01-10"),
            referral("B", "2024-02-20"),
            referral("C", "2024-01-12"),
            referral("D", "2024-02-01"),
        ],
        assessments: vec![
            Assessment {
                la: LA.into(),
                child_id: "A".into(),
                start: d("2024-01-02"),
                authorised: Some(d("2024-01-31")),
                outcome: None,
            },
            Assessment {
                la: LA.into(),
                child_id: "B".into(),
                start: d("2023-11-01"),
                authorised: Some(d("2024-01-30")),
                outcome: None,
            },
            Assessment {
                la: LA.into(),
                child_id: "C".into(),
                start: d("2024-02-01"),
                authorised: Some(d("2024-02-28")),
                outcome: None,
            },
        ],
        cp_plans: vec![CpPlan {
            la: LA.into(),
            child_id: "B".into(),
            start: d("2023-12-04"),
            end: None,
            initial_category: None,
            previous_plans: None,
        }],
        team_allocations: vec![
            team("A", Some("North"), "W1", Some("2023-06-01")),
            team("B", Some("South"), "W2", Some("2023-12-01")),
            team("B", Some("North"), "W3", Some("2024-02-15")),
            team("D", None, "W4", Some("2024-01-20")),
        ],
        ..Events::default()
    }
}

fn numerators(
    g: &scorecard_compute::groups::Grouped,
    group: &str,
    r: &str,
) -> Vec<Option<(i64, Option<i64>)>> {
    ["2024-01", "2024-02"]
        .iter()
        .map(|p| {
            g.series(LA, group, r)
                .and_then(|s| s.get(m(p)))
                .map(|o| (o.numerator, o.denominator))
        })
        .collect()
}

#[test]
fn each_child_is_in_the_team_of_their_latest_allocation_by_the_month_end() {
    let cal = WorkingDayCalendar::england_and_wales();
    let ev = caseload();
    let options = Options::refs(["CIN1", "CIN8", "CIN18"]).unwrap();
    let g = compute_grouped(
        &ev,
        &Population::default(),
        &cal,
        m("2024-01"),
        m("2024-02"),
        &options,
        GroupBy::Team,
    );
    assert_eq!(g.basis[LA], Basis::History);
    // January: North {A}, South {B}, unallocated {C, D} (D's allocation
    // began 2024-01-20 but names no team).
    // February: North {A, B} (B moved on 2024-02-15), unallocated {C, D}.
    // CIN1, referrals in the month: Jan North 1 (A), South 1 (B),
    // unallocated 1 (C); Feb North 2 (A, B), unallocated 1 (D); South has
    // no child in February.
    assert_eq!(
        numerators(&g, "North", "CIN1"),
        vec![Some((1, None)), Some((2, None))]
    );
    assert_eq!(numerators(&g, "South", "CIN1"), vec![Some((1, None)), None]);
    assert_eq!(
        numerators(&g, UNALLOCATED, "CIN1"),
        vec![Some((1, None)), Some((1, None))]
    );
    // CIN8, assessments authorised in the month within 45 working days:
    // Jan North 1/1 (A), South 0/1 (B, 59 days); Feb unallocated 1/1 (C).
    assert_eq!(numerators(&g, "North", "CIN8")[0], Some((1, Some(1))));
    assert_eq!(numerators(&g, "South", "CIN8")[0], Some((0, Some(1))));
    assert_eq!(numerators(&g, UNALLOCATED, "CIN8")[1], Some((1, Some(1))));
    // CIN18, children on a plan at the month end: B, in South in January
    // and North in February.
    assert_eq!(numerators(&g, "South", "CIN18")[0].unwrap().0, 1);
    assert_eq!(numerators(&g, "North", "CIN18")[1].unwrap().0, 1);
    // The LA's totals are the groups' sums.
    let la = compute_with(
        &ev,
        &Population::default(),
        &cal,
        m("2024-01"),
        m("2024-02"),
        &options,
    );
    for r in ["CIN1", "CIN8", "CIN18"] {
        for p in ["2024-01", "2024-02"] {
            let total = la.series(LA, r).unwrap().get(m(p)).unwrap();
            let (mut n, mut den) = (0, 0);
            for refs in g.las[LA].values() {
                if let Some(o) = refs.get(r).and_then(|s| s.get(m(p))) {
                    n += o.numerator;
                    den += o.denominator.unwrap_or(0);
                }
            }
            assert_eq!(n, total.numerator, "{r} {p}");
            if r == "CIN8" {
                assert_eq!(Some(den), total.denominator, "{r} {p}");
            }
        }
    }
}

#[test]
fn by_worker_and_the_current_allocation_only() {
    let cal = WorkingDayCalendar::england_and_wales();
    let mut ev = caseload();
    // Annex A: the current allocation only, for every month.
    for t in &mut ev.team_allocations {
        t.start = None;
    }
    let options = Options::refs(["CIN1"]).unwrap();
    let g = compute_grouped(
        &ev,
        &Population::default(),
        &cal,
        m("2024-01"),
        m("2024-02"),
        &options,
        GroupBy::Worker,
    );
    assert_eq!(g.basis[LA], Basis::Current);
    // B's later row (W3) is the current one, in January too: W1 {A}: 1, 1;
    // W3 {B}: 1, 1; W4 {D}: 0 in January, 1 in February; C unallocated.
    assert_eq!(
        numerators(&g, "W1", "CIN1"),
        vec![Some((1, None)), Some((1, None))]
    );
    assert_eq!(
        numerators(&g, "W3", "CIN1"),
        vec![Some((1, None)), Some((1, None))]
    );
    assert_eq!(
        numerators(&g, "W4", "CIN1"),
        vec![Some((0, None)), Some((1, None))]
    );
    assert_eq!(
        numerators(&g, UNALLOCATED, "CIN1"),
        vec![Some((1, None)), Some((0, None))]
    );
    assert!(g.series(LA, "W2", "CIN1").is_none());
}
