//! The hand-made caseload of `testdata/caseload/small/`, computed for
//! December 2023 to February 2024 and checked against values worked out by
//! hand. Working-day counts were also checked with a separate day-by-day
//! count in Python while writing this file.

use rust_decimal::Decimal;
use scorecard_compute::{Computation, compute, readers::canonical};
use scorecard_core::{Month, Value, WorkingDayCalendar};

use crate::{population, testdata};

const LA: &str = "E08000008";

fn run() -> Computation {
    let events = canonical::read_dir(&testdata("caseload/small")).unwrap();
    let cal = WorkingDayCalendar::england_and_wales();
    compute(&events, &population(), &cal, m("2023-12"), m("2024-02"))
}

fn m(s: &str) -> Month {
    s.parse().unwrap()
}

/// (numerator, denominator) of `reference` in Dec, Jan, Feb.
fn nd(c: &Computation, reference: &str) -> Vec<(i64, Option<i64>)> {
    let s = c
        .series(LA, reference)
        .unwrap_or_else(|| panic!("{reference} not computed"));
    ["2023-12", "2024-01", "2024-02"]
        .iter()
        .map(|p| {
            let o = s.get(m(p)).unwrap();
            (o.numerator, o.denominator)
        })
        .collect()
}

/// Counts in Dec, Jan, Feb.
fn counts(c: &Computation, reference: &str) -> Vec<i64> {
    nd(c, reference).into_iter().map(|(n, _)| n).collect()
}

fn value(c: &Computation, reference: &str, month: &str) -> Option<Value> {
    c.series(LA, reference)
        .unwrap()
        .get(m(month))
        .unwrap()
        .value
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn referrals() {
    let c = run();
    // CIN1. Dec: D. Jan: A, B and C twice (same-day duplicates both count). Feb: E.
    assert_eq!(counts(&c, "CIN1"), [1, 4, 1]);
    // CIN2: referrals in the 12 months to month end.
    //  Dec (Jan-23..Dec-23): B 15 Jan, A 10 Feb, E 28 Feb, D 1 Dec = 4
    //  Jan (Feb-23..Jan-24): A 10 Feb, E 28 Feb, D, A, B, C, C   = 7
    //  Feb (Mar-23..Feb-24): D, A, B, C, C, E 29 Feb            = 6
    // Population: mid-2023 52,288 for Dec-23; mid-2024 52,901 for 2024.
    assert_eq!(
        nd(&c, "CIN2"),
        [(4, Some(52_288)), (7, Some(52_901)), (6, Some(52_901))]
    );
    // 7 / 52,901 x 10,000 = 1.32322640...
    let jan = value(&c, "CIN2", "2024-01").unwrap().as_decimal();
    assert_eq!(jan.round_dp(6), dec("1.323226"));
    // CIN4, re-referrals within 12 months.
    //  Dec: D has no earlier referral: 0 of 1.
    //  Jan: A (earlier 10 Feb 2023 >= 9 Jan 2023) yes; B (earlier 15 Jan
    //       2023 = exactly one year before 15 Jan 2024) yes; C's two
    //       same-day referrals have no earlier one: 2 of 4.
    //  Feb: E on 29 Feb 2024: one year before is 28 Feb 2023 (no 29th),
    //       and E had a referral that day: 1 of 1.
    assert_eq!(nd(&c, "CIN4"), [(0, Some(1)), (2, Some(4)), (1, Some(1))]);
    assert_eq!(
        value(&c, "CIN4", "2024-01"),
        Some(Value::Decimal(dec("50")))
    );
    // CIN3, decision within one working day.
    //  Dec: D decided the same day (0): 1 of 1.
    //  Jan: A 9->10 Jan (1) yes; B Mon 15 -> Wed 17 (2) no; C Sat 20 -> Mon
    //       22 (1) yes; C's duplicate has no decision date: 2 of 3.
    //  Feb: E has no decision date: 0 of 0, no value.
    assert_eq!(nd(&c, "CIN3"), [(1, Some(1)), (2, Some(3)), (0, Some(0))]);
    assert_eq!(value(&c, "CIN3", "2024-02"), None);
    // Referrals in the grid (Jan-23..Feb-24) with no decision date: A 10 Feb,
    // B 15 Jan, C duplicate, E 28 Feb 2023, E 29 Feb 2024 = 5.
    assert_eq!(
        c.quality.indicator_exclusions["CIN3"]["no decision date recorded"],
        5
    );
}

#[test]
fn assessments() {
    let c = run();
    // Completed (authorised) in January: A, B, C. D is open; E was
    // authorised before it started and is excluded from everything.
    assert_eq!(counts(&c, "CIN6"), [0, 3, 0]);
    // CIN8: A 1 Nov -> 5 Jan = 44 working days (21 in Nov after the 1st, 19
    // in Dec without 25/26, 2-5 Jan = 4): in time. B 1 Nov -> 9 Jan = 46:
    // late. C same day = 0: in time. 2 of 3.
    assert_eq!(nd(&c, "CIN8")[1], (2, Some(3)));
    assert_eq!(
        value(&c, "CIN8", "2024-01")
            .unwrap()
            .as_decimal()
            .round_dp(4),
        dec("66.6667")
    );
    // CIN5: B was not in need: 1 of 3. EH11a: C's outcome early help.
    assert_eq!(nd(&c, "CIN5")[1], (1, Some(3)));
    assert_eq!(counts(&c, "EH11a"), [0, 1, 0]);
    // Dec and Feb have no completed assessments: no percentage.
    assert_eq!(value(&c, "CIN8", "2023-12"), None);
    let q = &c.quality.tables["assessments"];
    assert_eq!((q.read, q.used), (5, 4));
    assert_eq!(q.excluded["V04: authorised before start"], 1);
}

#[test]
fn child_protection_plans() {
    let c = run();
    // Children on a plan at month end. A (from 31 Dec 2021) and B (1 Aug
    // 2022) throughout. C: first plan 1 Jun 2023 - 31 Jan 2024 (not open at
    // 31 Jan, it ended that day), second from 15 Jan 2024: C counts once in
    // each month. D's plan ends before it starts: excluded.
    assert_eq!(counts(&c, "CIN18"), [3, 3, 3]);
    assert_eq!(c.quality.excluded("cp_plans", "V03: end before start"), 1);
    // C's two plans overlap (15-31 January): kept, with a warning.
    assert_eq!(
        c.quality.warned(
            "cp_plans",
            "V07: overlapping child protection plans for one child"
        ),
        1
    );
    // SG14, plans open at month end that have lasted 2 years: A only
    // (31 Dec 2021 <= 31 Dec 2023 - 24 months, exactly).
    assert_eq!(nd(&c, "SG14"), [(1, Some(3)), (1, Some(3)), (1, Some(3))]);
    // SG13, 18 months: the cut-offs are 30 Jun 2022, 31 Jul 2022, 29 Aug
    // 2022; B (1 Aug 2022) passes only in February.
    assert_eq!(counts(&c, "SG13"), [1, 1, 2]);
    // CIN20, visit in the 28 days to month end (after 3 Dec / 3 Jan / 1 Feb):
    //  Dec: C (20 Dec). Jan: A (4 Jan); B's visit on 3 Jan is 28 days
    //  before, outside. Feb: none.
    assert_eq!(nd(&c, "CIN20"), [(1, Some(3)), (1, Some(3)), (0, Some(3))]);
}

#[test]
fn conferences() {
    let c = run();
    assert_eq!(counts(&c, "SG7"), [2, 2, 0]);
    // SG6: A 4 -> 27 Dec is 15 working days (in time), B 4 -> 28 Dec is 16.
    // Jan: C has no section 47 start (excluded, counted); D same day.
    assert_eq!(nd(&c, "SG6"), [(1, Some(2)), (1, Some(1)), (0, Some(0))]);
    // SG5 from April 2023: Dec 1/2, Jan 2/3, Feb 2/3.
    assert_eq!(nd(&c, "SG5"), [(1, Some(2)), (2, Some(3)), (2, Some(3))]);
    assert_eq!(
        c.quality.indicator_exclusions["SG6"]["no section 47 start recorded"],
        1
    );
    // SG8: police at D's conference, not recorded at C's: 1 of 2 in January.
    assert_eq!(nd(&c, "SG8")[1], (1, Some(2)));
}

#[test]
fn looked_after() {
    let c = run();
    // D's episode is a short break (V3) and never counts.
    // At month end: Dec A, B, C; Jan A, B (C ceased 20 Jan); Feb A, B.
    assert_eq!(counts(&c, "CF1"), [3, 2, 2]);
    // Starts (RNE S): B on 1 Dec. Ceased care: C in Jan (REC E11); A's
    // episode ending 15 Dec is X1 (care continues).
    assert_eq!(counts(&c, "CF6"), [1, 0, 0]);
    assert_eq!(counts(&c, "CF7"), [0, 1, 0]);
    // Placement types at month end. Dec: A children's home (K2 from 15 Dec),
    // B foster (U3), C with parents (P1). Jan: A K2, B U3.
    assert_eq!(counts(&c, "CF8"), [1, 1, 1]);
    assert_eq!(counts(&c, "CF10"), [1, 0, 0]);
    assert_eq!(counts(&c, "CF14"), [1, 1, 1]);
    assert_eq!(nd(&c, "CF9")[1], (1, Some(2)));
    // CF4, 3+ placements in the 12 months to month end. A: the placement
    // it was in when the window opened (from 2022) + moves on 1 Jun and
    // 15 Dec 2023 = 3. B and C: 1 each. Dec 1/3, Jan 1/2.
    assert_eq!(nd(&c, "CF4")[..2], [(1, Some(3)), (1, Some(2))]);
    // CF23 / CF25: looked after 12 months+ at month end: A only (C started
    // 10 Jan 2023, after 31 Dec 2022; in Jan C has left). A's review health
    // assessment 10 Feb 2023 is within 12 months at Dec and Jan, not at
    // 29 Feb 2024 (after 28 Feb 2023 is required). Dental 1 Mar 2023: all three.
    assert_eq!(nd(&c, "CF23"), [(1, Some(1)), (1, Some(1)), (0, Some(1))]);
    assert_eq!(nd(&c, "CF25"), [(1, Some(1)), (1, Some(1)), (1, Some(1))]);
    // CF22: B came into care Fri 1 Dec 2023; 20 working days later is
    // Wed 3 Jan 2024 (Dec 4-8, 11-15, 18-22, 27-29, Jan 2-3). Initial
    // health assessment 29 Dec: in time. Deadline month January.
    assert_eq!(nd(&c, "CF22"), [(0, Some(0)), (1, Some(1)), (0, Some(0))]);
    // CF21, year to date by deadline: Jan and Feb 1/1 (C's deadline fell
    // in February 2023, the previous financial year).
    assert_eq!(nd(&c, "CF21"), [(0, Some(0)), (1, Some(1)), (1, Some(1))]);
}

#[test]
fn children_in_need_and_social_workers() {
    let c = run();
    // WF1: A open throughout; B closed 31 Dec (not open at that month end).
    assert_eq!(counts(&c, "WF1"), [1, 1, 1]);
    // EH11: B closed in December with RC8 (referred to early help).
    assert_eq!(counts(&c, "EH11"), [1, 0, 0]);
    // WF5: A's workers overlapping the 12 months to month end.
    //  Dec (from 1 Jan 2023): w1, w2 = 2. Jan (from 1 Feb 2023): w1 (to 31
    //  Mar), w2, w3 = 3. Feb (from 1 Mar 2023): w1, w2, w3 = 3.
    assert_eq!(nd(&c, "WF5"), [(0, Some(1)), (1, Some(1)), (1, Some(1))]);
}

#[test]
fn missing_episodes() {
    let c = run();
    // January: A 5-6 Jan (interview offered 8 Jan, done 9 Jan: 3 days
    // after return, within 72 hours), A 20-25 Jan (offered 2 Feb: after
    // the month end; done 5 Feb: 11 days), B from 31 Jan (open).
    assert_eq!(counts(&c, "CIN21"), [0, 3, 0]);
    assert_eq!(counts(&c, "CIN22"), [0, 1, 0]);
    assert_eq!(counts(&c, "CIN23"), [0, 1, 0]);
    assert_eq!(counts(&c, "CIN24"), [0, 2, 0]);
}

#[test]
fn every_row_is_used_or_excluded_with_a_reason() {
    let c = run();
    for (table, q) in &c.quality.tables {
        let excluded: u64 = q.excluded.values().sum();
        assert_eq!(q.read, q.used + excluded, "{table}");
    }
    // Files present in the fixture were all read.
    assert_eq!(c.quality.tables["referrals"].read, 9);
    assert_eq!(c.quality.tables["cla_episodes"].read, 6);
}

#[test]
fn stability_and_care_leavers() {
    let events = canonical::read_dir(&testdata("caseload/stability")).unwrap();
    let c = compute(
        &events,
        &population(),
        &WorkingDayCalendar::england_and_wales(),
        m("2023-12"),
        m("2024-02"),
    );
    // CF5. Under 16 and in care 2½ years at month end (cut-offs 30 Jun 2021,
    // 31 Jul 2021, 29 Aug 2021): F (from Jun 2020), G (Jan 2019), H (Jan
    // 2020); I (in care since 2018) is 16 from 15 Dec 2023 and left out.
    //  F: current placement began 1 Sep 2021 (the 2023 episode is a legal
    //     status change, L): 2 years before each month end -> stable.
    //  G: placed for adoption (A4) on 15 Jan 2023; previous placement began
    //     Jan 2019 -> stable.
    //  H: moved on 1 Jun 2023 -> not stable.
    assert_eq!(nd(&c, "CF5"), [(2, Some(3)), (2, Some(3)), (2, Some(3))]);
    // CF29, care leavers 16-25 with a pathway plan review in the 6 months to
    // month end (after 30 Jun / 31 Jul / 29 Aug 2023): J 15 Aug, K 1 Jul, L 20 Dec.
    assert_eq!(nd(&c, "CF29"), [(3, Some(3)), (2, Some(3)), (1, Some(3))]);
    // CF30 / CF31, care leavers 17-21: Dec J (18) and K (21); from Jan K is 22.
    //  Dec: J's latest contact in 12 months is 10 Mar 2023 (in touch, F2 =
    //  education); K's last contact (Jun 2022) is over 12 months old.
    //  Jan, Feb: J's contact of 5 Jan 2024 (in touch, G4 = not in EET).
    assert_eq!(nd(&c, "CF30"), [(1, Some(2)), (1, Some(1)), (1, Some(1))]);
    assert_eq!(nd(&c, "CF31"), [(1, Some(2)), (0, Some(1)), (0, Some(1))]);
}

#[test]
fn small_number_suppression() {
    let mut c = run();
    let withheld = c.suppress_small();
    assert!(withheld > 0);
    let obs = |c: &Computation, r: &str, p: &str| *c.series(LA, r).unwrap().get(m(p)).unwrap();
    // CIN1: 1 in Dec and 4 in Jan are withheld; CIN6's 0 in December is not.
    assert!(obs(&c, "CIN1", "2023-12").suppressed && obs(&c, "CIN1", "2023-12").value.is_none());
    assert!(obs(&c, "CIN1", "2024-01").suppressed);
    assert!(!obs(&c, "CIN6", "2023-12").suppressed);
    assert_eq!(obs(&c, "CIN6", "2023-12").value, Some(Value::Count(0)));
    // CIN4 in January, 2 of 4: numerator and denominator small, withheld.
    assert!(obs(&c, "CIN4", "2024-01").suppressed);
    // A rate whose count is small is withheld even though its population is large.
    assert!(obs(&c, "CIN2", "2023-12").suppressed);
}

#[test]
fn drill_down_lists_exactly_the_numerators() {
    let events = canonical::read_dir(&testdata("caseload/small")).unwrap();
    let cal = WorkingDayCalendar::england_and_wales();
    let c = run();
    for month in ["2023-12", "2024-01", "2024-02"] {
        let rows = scorecard_compute::drill::drill_down(&events, &cal, m(month));
        for r in scorecard_compute::drill::DRILLABLE {
            let listed = rows.iter().filter(|d| d.reference == r).count() as i64;
            let numerator = c.series(LA, r).unwrap().get(m(month)).unwrap().numerator;
            assert_eq!(listed, numerator, "{r} {month}");
        }
    }
    // January's re-referrals are A and B (worked out in `referrals` above).
    let rows = scorecard_compute::drill::drill_down(&events, &cal, m("2024-01"));
    let cin4: Vec<&str> = rows
        .iter()
        .filter(|d| d.reference == "CIN4")
        .map(|d| &*d.child_id)
        .collect();
    assert_eq!(cin4, ["A", "B"]);
}

/// Every fixture: rows read = rows used + rows excluded, for every table and
/// every Annex A file; nothing is dropped without being counted.
#[test]
fn every_fixture_accounts_for_every_row() {
    use scorecard_compute::readers::{annex_a, ssda903};
    let cal = WorkingDayCalendar::england_and_wales();
    let pop = population();
    let mut checked = 0;
    let mut check = |name: &str,
                     events: scorecard_compute::Events,
                     files: Vec<scorecard_compute::FileAccount>| {
        let c = compute(&events, &pop, &cal, m("2023-04"), m("2024-03"));
        for (table, q) in &c.quality.tables {
            let excluded: u64 = q.excluded.values().sum();
            assert_eq!(q.read, q.used + excluded, "{name}: table {table}");
        }
        for f in &files {
            let excluded: u64 = f.excluded.values().sum();
            assert_eq!(f.read, f.used + excluded, "{name}: file {}", f.file);
            // Every sheet is accounted for: a list with rows, or a sheet
            // passed over with what it is.
            if f.kind.starts_with("Annex A List") {
                assert!(f.read > 0, "{name}: {} read nothing", f.file);
            } else {
                assert!(!f.kind.is_empty(), "{name}: {} has no kind", f.file);
            }
        }
        checked += 1;
    };
    for dir in ["caseload/small", "caseload/stability"] {
        check(
            dir,
            canonical::read_dir(&testdata(dir)).unwrap(),
            Vec::new(),
        );
    }
    let (ev, files) = annex_a::read_csv_dir_accounted(LA, &testdata("annex_a/csv")).unwrap();
    assert_eq!(files.len(), 5);
    check("annex_a/csv", ev, files);
    let (ev, files) =
        annex_a::read_workbook_accounted(LA, &testdata("annex_a/workbook.xlsx")).unwrap();
    // The "Notes" sheet is listed as a template sheet, not lost.
    assert!(
        files
            .iter()
            .any(|f| f.file.ends_with("[Notes]") && f.kind == "Ofsted template sheet (no data)"),
        "{files:?}"
    );
    check("annex_a/workbook.xlsx", ev, files);
    let (ev, _) =
        ssda903::read_dir(LA, &testdata("ssda903"), &cal, m("2024-03").last_day()).unwrap();
    check("ssda903", ev, Vec::new());
    // The blank row of List_3.csv is counted, not lost.
    let (_, files) = annex_a::read_csv_dir_accounted(LA, &testdata("annex_a/csv")).unwrap();
    let list3 = files
        .iter()
        .find(|f| f.file.ends_with("List_3.csv"))
        .unwrap();
    assert_eq!(
        (
            list3.read,
            list3.used,
            list3.excluded.get("A04: blank row").copied()
        ),
        (5, 4, Some(1))
    );
    assert_eq!(checked, 5);
}

#[test]
fn dates_after_the_reporting_range_are_warned_not_lost() {
    // Computed to January 2024 only: the rows dated after 31 January are
    // kept and counted under V15: E's referral of 29 February. Assessment E
    // (5 Feb) and D's plan (10 Feb) are rejected first (V04, V03), so they
    // are not counted again.
    let events = canonical::read_dir(&testdata("caseload/small")).unwrap();
    let c = compute(
        &events,
        &population(),
        &WorkingDayCalendar::england_and_wales(),
        m("2023-12"),
        m("2024-01"),
    );
    let rule = "V15: date after the end of the reporting range";
    assert_eq!(c.quality.warned("referrals", rule), 1);
    assert_eq!(c.quality.warned("assessments", rule), 0);
    assert_eq!(c.quality.tables["referrals"].used, 9);
}

/// Timescales in hours and calendar days come from the catalogue too: a
/// council's own CIN20 window and CIN23 hours change the values as worked
/// by hand, and a timed ref with no timescale has no data.
#[test]
fn hours_and_day_timescales_come_from_the_catalogue() {
    use scorecard_compute::events::{CpPlan, MissingEpisode, Visit};
    use scorecard_compute::{Events, Options, compute_with, timescales::Timescales};
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let mut ev = Events::default();
    // Child A on a plan since June, visited on 5 January.
    ev.cp_plans.push(CpPlan {
        la: LA.into(),
        child_id: "A".into(),
        start: d("2023-06-01"),
        end: None,
        initial_category: None,
        previous_plans: None,
    });
    ev.cp_visits.push(Visit {
        la: LA.into(),
        child_id: "A".into(),
        date: d("2024-01-05"),
    });
    // Child B missing 10-12 January, interviewed on the 15th.
    ev.missing_episodes.push(MissingEpisode {
        la: LA.into(),
        child_id: "B".into(),
        start: d("2024-01-10"),
        end: Some(d("2024-01-12")),
        rhi_offered: Some(d("2024-01-13")),
        rhi_completed: Some(d("2024-01-15")),
    });
    let cal = WorkingDayCalendar::england_and_wales();
    let jan = |t: Timescales| {
        let c = compute_with(
            &ev,
            &population(),
            &cal,
            m("2024-01"),
            m("2024-01"),
            &Options::default().with_timescales(t),
        );
        let get = |r: &str| c.series(LA, r).unwrap().clone();
        (get("CIN20"), get("CIN23"))
    };
    let num = |s: &scorecard_compute::ComputedSeries| s.get(m("2024-01")).map(|o| o.numerator);
    // Built in: CIN20 looks 28 days back from 31 January (after 3 January):
    // the 5th counts. CIN23: 72 hours = 3 days after the 12th, the 15th counts.
    let (cin20, cin23) = jan(Timescales::builtin());
    assert_eq!((num(&cin20), num(&cin23)), (Some(1), Some(1)));
    // 26 days: after 5 January, so the visit on the 5th is not in it; 48
    // hours: by the 14th, so the interview on the 15th is late.
    let mut t = Timescales::builtin();
    t.set_days("CIN20", 26);
    t.set_hours("CIN23", 48);
    let (cin20, cin23) = jan(t.clone());
    assert_eq!((num(&cin20), num(&cin23)), (Some(0), Some(0)));
    // 27 days (after the 4th) and 49 hours (rounded up to 3 days): both in.
    t.set_days("CIN20", 27);
    t.set_hours("CIN23", 49);
    let (cin20, cin23) = jan(t);
    assert_eq!((num(&cin20), num(&cin23)), (Some(1), Some(1)));
    // No timescale at all: no data, with the field named, never a zero.
    let (cin20, cin23) = jan(Timescales::default());
    assert!(cin20.observations.is_empty() && cin23.observations.is_empty());
    assert!(cin20.no_data.unwrap().contains("timescale_days"));
    assert!(cin23.no_data.unwrap().contains("timescale_hours"));
}
