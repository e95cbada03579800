//! The engine against a brute-force reference on random small caseloads:
//! for every month, loop over every record (and, for working days, every
//! day), with none of the engine's prefix sums, sweeps or merges.

use std::collections::HashSet;

use chrono::{Days, Months, NaiveDate};
use proptest::prelude::*;
use scorecard_compute::events::{Assessment, CpPlan, Icpc, Referral};
use scorecard_compute::{Coverage, Events, Options, Population, compute_with};
use scorecard_core::{Month, WorkingDayCalendar};

const LA: &str = "LA1";

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + Days::new(u64::from(n))
}

fn walk_working_days(cal: &WorkingDayCalendar, start: NaiveDate, end: NaiveDate) -> i64 {
    let mut n = 0;
    let mut d = start;
    while d < end {
        d = d.succ_opt().unwrap();
        if cal.is_working_day(d).unwrap() {
            n += 1;
        }
    }
    n
}

fn distinct<T: PartialEq + Clone>(rows: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for r in rows {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

fn months() -> Vec<Month> {
    let first: Month = "2023-01".parse().unwrap();
    (0..18).map(|i| first.plus(i)).collect()
}

fn in_month(d: NaiveDate, m: Month) -> bool {
    Month::of(d) == m
}

fn open_at(start: NaiveDate, end: Option<NaiveDate>, eom: NaiveDate) -> bool {
    start <= eom && end.is_none_or(|e| e > eom)
}

prop_compose! {
    fn referral()(child in 0u8..6, d in 0u32..900) -> Referral {
        Referral { la: LA.into(), child_id: format!("c{child}").into(), date: day(d), source: None, nfa: None, decision_date: None }
    }
}
prop_compose! {
    fn assessment()(child in 0u8..6, s in 300u32..800, len in 0u32..90, done in any::<bool>()) -> Assessment {
        Assessment { la: LA.into(), child_id: format!("c{child}").into(), start: day(s),
            authorised: done.then(|| day(s + len)), outcome: None }
    }
}
prop_compose! {
    fn plan()(child in 0u8..5, s in 0u32..900, len in 0u32..900, open in any::<bool>()) -> CpPlan {
        CpPlan { la: LA.into(), child_id: format!("c{child}").into(), start: day(s),
            end: (!open).then(|| day(s + len)), initial_category: None, previous_plans: None }
    }
}
prop_compose! {
    fn icpc()(child in 0u8..6, s in 300u32..800, len in 0u32..40) -> Icpc {
        Icpc { la: LA.into(), child_id: format!("c{child}").into(), date: day(s + len), s47_start: Some(day(s)),
            plan_made: None, police_attended: None, health_attended: None, education_attended: None }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn engine_matches_brute_force(
        referrals in prop::collection::vec(referral(), 0..40),
        assessments in prop::collection::vec(assessment(), 0..30),
        plans in prop::collection::vec(plan(), 0..15),
        icpcs in prop::collection::vec(icpc(), 0..20),
    ) {
        let events = Events { referrals: referrals.clone(), assessments: assessments.clone(),
            cp_plans: plans.clone(), icpcs: icpcs.clone(), ..Events::default() };
        // The engine rejects a row that repeats an earlier one exactly (V06);
        // the reference counts each distinct row once too.
        let (referrals, assessments, plans, icpcs) = (distinct(referrals), distinct(assessments), distinct(plans), distinct(icpcs));
        let mut pop = Population::new();
        pop.insert(&[LA], 2020, 10_000);
        let cal = WorkingDayCalendar::england_and_wales();
        let ms = months();
        // The four tables are supplied even when a case has no rows in one:
        // an empty table is then a real zero, not missing data.
        let mut supplied = Coverage::new();
        for t in ["referrals", "assessments", "cp_plans", "icpcs"] {
            supplied.supply(t, "the generated cases");
        }
        let out = compute_with(&events, &pop, &cal, ms[0], *ms.last().unwrap(),
            &Options::default().with_coverage(supplied));
        let get = |r: &str, m: Month| {
            let o = out.series(LA, r).unwrap().get(m).unwrap();
            (o.numerator, o.denominator)
        };
        for &m in &ms {
            let eom = m.last_day();
            // CIN1 / CIN2.
            let cin1 = referrals.iter().filter(|r| in_month(r.date, m)).count() as i64;
            prop_assert_eq!(get("CIN1", m).0, cin1);
            let w = m.rolling(12);
            let cin2 = referrals.iter().filter(|r| w.contains(r.date)).count() as i64;
            prop_assert_eq!(get("CIN2", m), (cin2, Some(10_000)));
            // CIN4: any earlier referral of the same child within a year.
            let repeat = referrals.iter().filter(|r| in_month(r.date, m)).filter(|r| {
                let year_before = r.date.checked_sub_months(Months::new(12)).unwrap();
                referrals.iter().any(|e| e.child_id == r.child_id && e.date < r.date && e.date >= year_before)
            }).count() as i64;
            prop_assert_eq!(get("CIN4", m), (repeat, Some(cin1)));
            // CIN8: walk the days.
            let done: Vec<_> = assessments.iter().filter(|a| a.authorised.is_some_and(|d| in_month(d, m))).collect();
            let timely = done.iter().filter(|a| walk_working_days(&cal, a.start, a.authorised.unwrap()) <= 45).count() as i64;
            prop_assert_eq!(get("CIN8", m), (timely, Some(done.len() as i64)));
            // CIN18: distinct children; SG14: plans lasting 2 years at month end.
            let valid: Vec<_> = plans.iter().filter(|p| p.end.is_none_or(|e| e >= p.start)).collect();
            let children: HashSet<&str> = valid.iter().filter(|p| open_at(p.start, p.end, eom)).map(|p| &*p.child_id).collect();
            prop_assert_eq!(get("CIN18", m).0, children.len() as i64);
            let open_plans = valid.iter().filter(|p| open_at(p.start, p.end, eom)).count() as i64;
            let two_years = eom.checked_sub_months(Months::new(24)).unwrap();
            let long = valid.iter().filter(|p| open_at(p.start, p.end, eom) && p.start <= two_years).count() as i64;
            prop_assert_eq!(get("SG14", m), (long, Some(open_plans)));
            // SG6: ICPC within 15 working days of the section 47 start.
            let conf: Vec<_> = icpcs.iter().filter(|c| in_month(c.date, m)).collect();
            let in_time = conf.iter().filter(|c| walk_working_days(&cal, c.s47_start.unwrap(), c.date) <= 15).count() as i64;
            prop_assert_eq!(get("SG6", m), (in_time, Some(conf.len() as i64)));
        }
    }
}
