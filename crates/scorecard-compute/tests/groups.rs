//! Every indicator by team: a caseload small enough to work by hand.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use scorecard_compute::events::{Allocation, Assessment, CpPlan, Referral, TeamAllocation};
use scorecard_compute::groups::{Basis, GroupBy, UNALLOCATED, compute_grouped};
use scorecard_compute::{Events, Options, Population, compute_with};
use scorecard_core::{Month, Value, WorkingDayCalendar};

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

/// WF6 and WF8 from the allocations open at each month end. January's end
/// (2024-01-31): W1 holds A and B (B twice: counted once), W2 holds C, W3's
/// allocation of D ended 2024-01-20: 3 cases over 2 workers, WF6 = 1.5,
/// WF8 = 2. February's end: W2's allocation of C ended 2024-02-29, on the
/// month's last day, so it is not open at the month end (as every snapshot:
/// open means no end or an end after the day); W1 still holds A and B:
/// WF6 = 2 / 1 = 2, WF8 = 2.
#[test]
fn caseloads_wf6_and_wf8_by_hand() {
    let a = |child: &str, worker: &str, start: &str, end: Option<&str>| Allocation {
        la: LA.into(),
        child_id: child.into(),
        worker_id: worker.into(),
        start: d(start),
        end: end.map(d),
    };
    let ev = Events {
        allocations: vec![
            a("A", "W1", "2023-10-01", None),
            a("B", "W1", "2023-11-01", None),
            a("B", "W1", "2024-01-10", None),
            a("C", "W2", "2023-12-01", Some("2024-02-29")),
            a("D", "W3", "2023-12-01", Some("2024-01-20")),
        ],
        ..Events::default()
    };
    let cal = WorkingDayCalendar::england_and_wales();
    let c = compute_with(
        &ev,
        &Population::default(),
        &cal,
        m("2024-01"),
        m("2024-02"),
        &Options::refs(["WF6", "WF8"]).unwrap(),
    );
    let get = |r: &str, p: &str| {
        let o = c.series(LA, r).unwrap().get(m(p)).unwrap();
        (o.numerator, o.denominator, o.value)
    };
    assert_eq!(
        get("WF6", "2024-01"),
        (3, Some(2), Some(Value::Decimal(Decimal::new(15, 1))))
    );
    assert_eq!(get("WF8", "2024-01").0, 2);
    assert_eq!(
        get("WF6", "2024-02"),
        (2, Some(1), Some(Value::Decimal(Decimal::from(2))))
    );
    assert_eq!(get("WF8", "2024-02").0, 2);
}

/// Caseloads on 2024-01-31, worked by hand:
/// * W1 (North): A looked after (also on a plan: looked after wins), B on
///   a plan, C in need, D a care leaver (contact 2023-11-01), E allocated
///   with nothing open (other): 5 cases.
/// * W2 (North): F in need: 1. W3 (South): G, H in need: 2.
/// * W4 (no team): I, other: 1.
/// * W5: J's allocation ended 2024-01-15; W6: K's begins 2024-02-05: none.
///
/// With a threshold of 1: the LA's four workers hold 1, 1, 2, 5: median
/// 1.5, highest 5, two over 1, average 9 / 4. North 1 and 5: median 3;
/// South 2: over 1; unallocated (W4) 1: none over.
#[test]
fn caseloads_by_worker_and_team_by_hand() {
    use scorecard_compute::caseloads::{by_team, caseloads};
    use scorecard_compute::events::{CareLeaverContact, CinEpisode, ClaEpisode};
    let t =
        |child: &str, team: Option<&str>, worker: &str, start: Option<&str>, end: Option<&str>| {
            TeamAllocation {
                la: LA.into(),
                child_id: child.into(),
                team: team.map(Into::into),
                worker: Some(worker.into()),
                start: start.map(d),
                end: end.map(d),
            }
        };
    let cin = |child: &str| CinEpisode {
        la: LA.into(),
        child_id: child.into(),
        start: d("2023-09-01"),
        end: None,
        closure_reason: None,
    };
    let ev = Events {
        team_allocations: vec![
            t("A", Some("North"), "W1", None, None),
            t("B", Some("North"), "W1", Some("2023-05-01"), None),
            t("C", Some("North"), "W1", None, None),
            t("D", Some("North"), "W1", None, None),
            t("E", Some("North"), "W1", None, None),
            t("F", Some("North"), "W2", None, None),
            t("G", Some("South"), "W3", None, None),
            t("H", Some("South"), "W3", None, None),
            t("I", None, "W4", None, None),
            t(
                "J",
                Some("South"),
                "W5",
                Some("2023-05-01"),
                Some("2024-01-15"),
            ),
            t("K", Some("South"), "W6", Some("2024-02-05"), None),
        ],
        cla_episodes: vec![ClaEpisode {
            la: LA.into(),
            child_id: "A".into(),
            start: d("2023-12-01"),
            end: None,
            rne: None,
            legal_status: None,
            placement: None,
            provider: None,
            reason_ceased: None,
        }],
        cp_plans: vec![
            CpPlan {
                la: LA.into(),
                child_id: "A".into(),
                start: d("2023-10-01"),
                end: None,
                initial_category: None,
                previous_plans: None,
            },
            CpPlan {
                la: LA.into(),
                child_id: "B".into(),
                start: d("2023-10-01"),
                end: None,
                initial_category: None,
                previous_plans: None,
            },
        ],
        cin_episodes: vec![cin("A"), cin("C"), cin("F"), cin("G"), cin("H")],
        care_leaver_contacts: vec![CareLeaverContact {
            la: LA.into(),
            child_id: "D".into(),
            date: d("2023-11-01"),
            in_touch: Some(true),
            activity: None,
            accommodation_suitable: None,
        }],
        ..Events::default()
    };
    let workers = caseloads(&ev, d("2024-01-31"));
    let w: Vec<(&str, Option<&str>, u32)> = workers
        .iter()
        .map(|w| (w.worker.as_str(), w.team.as_deref(), w.cases.total()))
        .collect();
    assert_eq!(
        w,
        vec![
            ("W1", Some("North"), 5),
            ("W2", Some("North"), 1),
            ("W3", Some("South"), 2),
            ("W4", None, 1)
        ]
    );
    let w1 = workers[0].cases;
    assert_eq!(
        (w1.cla, w1.cp, w1.cin, w1.care_leavers, w1.other),
        (1, 1, 1, 1, 1)
    );
    let teams = by_team(&workers, 1);
    let row = |team: &str| teams.iter().find(|t| t.team == team).unwrap();
    let la = row("");
    assert_eq!(
        (la.workers, la.cases.total(), la.median, la.highest, la.over),
        (4, 9, 1.5, 5, 2)
    );
    assert_eq!(la.average(), Some(2.25));
    assert_eq!(
        (row("North").median, row("North").highest, row("North").over),
        (3.0, 5, 1)
    );
    assert_eq!((row("South").workers, row("South").over), (1, 1));
    assert_eq!((row(UNALLOCATED).workers, row(UNALLOCATED).over), (1, 0));
    assert_eq!(
        teams.first().map(|t| t.team.as_str()),
        Some(""),
        "the LA first"
    );
    assert_eq!(
        teams.last().map(|t| t.team.as_str()),
        Some(UNALLOCATED),
        "unallocated last"
    );
}

/// WF9–WF12 from an allocation history and the configuration's `[teams]`.
/// At 31 January 2024: in "CWD", W1 holds A and B, W2 holds C (3 cases, 2
/// workers: WF10 = 1.5); in "CIC 1", W3 holds D (WF11 = 1); E's
/// allocation to "CWD" has no start (a current allocation only) and is not
/// counted; F's to "CWD" ended 2024-01-20. No children's social work or
/// adoptions team is named: WF9 and WF12 have no data, saying what to add.
/// With only current allocations (Annex A), WF10 has no data either.
#[test]
fn team_type_caseloads_wf9_to_wf12_by_hand() {
    let ev = Events {
        team_allocations: vec![
            team("A", Some("CWD"), "W1", Some("2023-12-01")),
            team("B", Some("CWD"), "W1", Some("2024-01-05")),
            team("C", Some("CWD"), "W2", Some("2023-06-01")),
            team("D", Some("CIC 1"), "W3", Some("2023-06-01")),
            team("E", Some("CWD"), "W4", None),
            TeamAllocation {
                end: Some(d("2024-01-20")),
                ..team("F", Some("CWD"), "W5", Some("2023-06-01"))
            },
        ],
        ..Events::default()
    };
    let kinds = scorecard_core::TeamKinds {
        children_with_disabilities: vec!["CWD".into()],
        cared_for_children: vec!["CIC 1".into(), "CIC 2".into()],
        ..Default::default()
    };
    let options = Options::refs(["WF9", "WF10", "WF11", "WF12"])
        .unwrap()
        .with_teams(&kinds);
    let cal = WorkingDayCalendar::england_and_wales();
    let jan = m("2024-01");
    let c = compute_with(&ev, &Population::default(), &cal, jan, jan, &options);
    let get = |r: &str| c.series(LA, r).unwrap();
    let o = get("WF10").get(jan).unwrap();
    assert_eq!(
        (o.numerator, o.denominator, o.value),
        (3, Some(2), Some(Value::Decimal(Decimal::new(15, 1))))
    );
    let o = get("WF11").get(jan).unwrap();
    assert_eq!((o.numerator, o.denominator), (1, Some(1)));
    assert!(
        get("WF9")
            .no_data
            .as_deref()
            .unwrap()
            .contains("[teams] childrens_social_work")
    );
    assert!(
        get("WF12")
            .no_data
            .as_deref()
            .unwrap()
            .contains("adoptions team")
    );
    // Annex A: the current allocations only.
    let mut coverage = scorecard_compute::Coverage::new();
    coverage.supply("team_allocations", "Annex A");
    coverage.lack("team_allocations.start", "Annex A");
    let c = compute_with(
        &ev,
        &Population::default(),
        &cal,
        jan,
        jan,
        &options.clone().with_coverage(coverage),
    );
    let reason = c.series(LA, "WF10").unwrap().no_data.clone().unwrap();
    assert!(
        reason.contains("an allocation history with start dates"),
        "{reason}"
    );
}
