//! The CIN census XML reader: the samples others published
//! (`testdata/external/cin-census/`), several years stitched, bad values
//! counted, what stops, and a caseload written as a census giving the
//! figures of the same caseload's events.

use scorecard_compute::readers::{canonical, cin_census};
use scorecard_compute::{Options, compute, compute_with};
use scorecard_core::{Month, WorkingDayCalendar};

use crate::{population, testdata};

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn m(s: &str) -> Month {
    s.parse().unwrap()
}

/// Every sample reads; every child is used or excluded; the LA comes from
/// the header's LEA; values worked out from the files by hand.
#[test]
fn the_published_samples_read_and_account_for_every_child() {
    let dir = testdata("external/cin-census");
    let read = cin_census::read_path(None, &dir).unwrap();
    // Five files, each listed with its kind.
    assert_eq!(read.accounts.len(), 5, "{:?}", read.accounts);
    for a in &read.accounts {
        assert!(a.kind.starts_with("CIN census"), "{}", a.kind);
        let excluded: u64 = a.excluded.values().sum();
        assert_eq!(a.read, a.used + excluded, "{}", a.file);
    }
    // CIN_Census_2026.xml alone: two children (Sex 1 and M, both male).
    let one = cin_census::read_path(None, &dir.join("CIN_Census_2026.xml")).unwrap();
    let ev = &one.events;
    assert_eq!(one.accounts[0].read, 2);
    assert_eq!(one.accounts[0].used, 2);
    assert!(ev.children.iter().all(|c| c.sex.as_deref() == Some("Male")));
    assert!(ev.children.iter().all(|c| &*c.la == "201"));
    // Child 1: HAND and HEAR: disabled; child 2: NONE: not.
    let dis: Vec<_> = ev
        .children
        .iter()
        .map(|c| (&*c.child_id, c.disability))
        .collect();
    assert_eq!(
        dis,
        [
            ("CHILD_FAILS_ASSESSMENTS", Some(false)),
            ("DFEX0000001", Some(true))
        ]
    );
    // One referral and episode each; the first closed 27 Feb 2023, RC1.
    assert_eq!(ev.referrals.len(), 2);
    let e = ev
        .cin_episodes
        .iter()
        .find(|e| &*e.child_id == "DFEX0000001")
        .unwrap();
    assert_eq!(
        (e.start, e.end, e.closure_reason.as_deref()),
        (d("2022-10-06"), Some(d("2023-02-27")), Some("RC1"))
    );
    // ReferralNFA 0 and false.
    assert!(ev.referrals.iter().all(|r| r.nfa == Some(false)));
    // Two assessments (one starts after it is authorised: the engine's
    // V04 will reject it, the reader keeps it as given).
    assert_eq!(ev.assessments.len(), 2);
    // The S47 with its conference; the episode-level DateOfInitialCPC
    // (2022-12-06) is not a second conference, as the S47 holds one.
    assert_eq!(ev.section47s.len(), 1);
    assert_eq!(ev.section47s[0].icpc_required, Some(true));
    assert_eq!(ev.icpcs.len(), 1);
    assert_eq!(
        (ev.icpcs[0].date, ev.icpcs[0].s47_start),
        (d("2022-06-17"), Some(d("2022-06-02")))
    );
    assert_eq!(ev.cin_plans.len(), 1);
    assert_eq!(ev.cp_plans.len(), 1);
    assert_eq!(ev.cp_plans[0].previous_plans, Some(10));
    // What no indicator uses is listed, not silently passed over.
    let unused = &one.accounts[0].unmatched;
    for e in [
        "PPStartDate",
        "CPPreviewDate",
        "UPN",
        "AssessmentFactors",
        "PrimaryNeedCode",
    ] {
        assert!(
            unused.iter().any(|u| u == e),
            "{e} not listed in {unused:?}"
        );
    }
    // CIN2rows.xml: the same CP plan twice in one census: both kept for
    // the engine's duplicate rule (V06) to count.
    let two = cin_census::read_path(None, &dir.join("CIN2rows.xml")).unwrap();
    assert_eq!(two.events.cp_plans.len(), 2);
    let pop = population();
    let cal = WorkingDayCalendar::england_and_wales();
    let c = compute(&two.events, &pop, &cal, m("2023-01"), m("2023-01"));
    assert_eq!(
        c.quality.tables["cp_plans"].excluded.values().sum::<u64>(),
        1
    );
    // GenderCurrent (to 2023-24) read as sex.
    assert_eq!(two.events.children[0].sex.as_deref(), Some("Male"));
}

/// Several years: a referral open at one census's end and closed in the
/// next is one closed episode (the later census wins, the earlier copy is
/// counted under C04); bad values are counted with line and value; a file
/// that is not a census stops with its name.
#[test]
fn years_stitch_bad_values_count_and_a_non_census_stops() {
    let child = |closure: &str, reference: &str, dob: &str| {
        format!(
            "<Message><Header><CollectionDetails><ReferenceDate>{reference}</ReferenceDate></CollectionDetails><Source><LEA>357</LEA></Source></Header><Children>\n<Child><ChildIdentifiers><LAchildID>A1</LAchildID><PersonBirthDate>{dob}</PersonBirthDate><Sex>X</Sex></ChildIdentifiers>\n<CINdetails><CINreferralDate>2023-02-01</CINreferralDate>{closure}</CINdetails></Child>\n<Child><ChildIdentifiers><LAchildID></LAchildID></ChildIdentifiers></Child>\n</Children></Message>"
        )
    };
    let dir = std::env::temp_dir().join(format!("scorecard-cin-years-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("cin-2023.xml"),
        child("", "2023-03-31", "2015-13-01"),
    )
    .unwrap();
    std::fs::write(
        dir.join("cin-2024.xml"),
        child(
            "<CINclosureDate>2023-06-30</CINclosureDate>",
            "2024-03-31",
            "2015-01-01",
        ),
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "x").unwrap();
    let read = cin_census::read_path(Some("E08000008"), &dir).unwrap();
    assert_eq!(read.events.cin_episodes.len(), 1);
    assert_eq!(read.events.cin_episodes[0].end, Some(d("2023-06-30")));
    assert_eq!(
        &*read.events.cin_episodes[0].la, "E08000008",
        "--la wins over the LEA"
    );
    assert_eq!(read.events.referrals.len(), 1);
    // The child's details from the later census (its date of birth is a date).
    assert_eq!(read.events.children[0].date_of_birth, Some(d("2015-01-01")));
    let y2023 = &read.accounts[0];
    assert!(y2023.file.ends_with("cin-2023.xml"));
    // Two children read: one used, one without an id.
    assert_eq!((y2023.read, y2023.used), (2, 1));
    assert_eq!(
        y2023.excluded.get("C01: a child with no LAchildID"),
        Some(&1)
    );
    let issue = |a: &scorecard_compute::FileAccount, rule: &str| {
        a.cells.iter().find(|c| c.rule.starts_with(rule)).cloned()
    };
    let c04: Vec<_> = y2023
        .cells
        .iter()
        .filter(|c| c.rule.starts_with("C04"))
        .collect();
    let tables: Vec<(&str, u64)> = c04.iter().map(|c| (c.column.as_str(), c.total)).collect();
    assert_eq!(tables, [("referrals", 1), ("cin_episodes", 1)]);
    let c10 = issue(y2023, "C10").unwrap();
    assert_eq!(
        (c10.column.as_str(), c10.examples[0].clone()),
        ("PersonBirthDate", (2, "2015-13-01".to_string()))
    );
    let c11 = issue(y2023, "C11").unwrap();
    assert_eq!(c11.examples[0].1, "X");
    // The same two years given one by one are stitched the same way.
    let (y23, y24) = (dir.join("cin-2023.xml"), dir.join("cin-2024.xml"));
    let apart = cin_census::read_paths(Some("E08000008"), &[y24.as_path(), y23.as_path()]).unwrap();
    assert_eq!(apart.events.cin_episodes, read.events.cin_episodes);
    // The text file is listed as not read.
    assert!(
        read.accounts
            .iter()
            .any(|a| a.file.ends_with("notes.txt") && a.kind.contains("not read"))
    );
    // Not a census: stops, naming the file.
    let err =
        cin_census::read_str(None, "episodes.xml", "<Episodes><Row/></Episodes>").unwrap_err();
    assert!(
        err.to_string().contains("episodes.xml") && err.to_string().contains("<Message>"),
        "{err}"
    );
    // Cut off mid-file: stops, naming the file.
    let err = cin_census::read_str(None, "cut.xml", "<Message><Children><Child>").unwrap_err();
    assert!(err.to_string().contains("cut.xml"), "{err}");
    // No LA anywhere: stops, saying to give --la.
    let err = cin_census::read_str(
        None,
        "nola.xml",
        "<Message><Children><Child><ChildIdentifiers><LAchildID>A</LAchildID></ChildIdentifiers></Child></Children></Message>",
    )
    .unwrap_err();
    assert!(err.to_string().contains("--la"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The hand-made caseload written as a census and read back gives the same
/// figures as the caseload's own events for every indicator the census
/// carries (referrals, assessments, conferences, CP plans): an independent
/// path (XML text) to the same numbers. The caseload is compared as the
/// census can hold it: without referral decisions, assessment outcomes and
/// conference attendance (so C's two same-day referrals, which differ only
/// by a decision date, are one duplicate in both).
#[test]
fn a_caseload_through_the_census_gives_its_own_figures() {
    let mut events = canonical::read_dir(&testdata("caseload/small")).unwrap();
    for r in &mut events.referrals {
        r.decision_date = None;
    }
    for a in &mut events.assessments {
        a.outcome = None;
    }
    for c in &mut events.icpcs {
        (
            c.plan_made,
            c.police_attended,
            c.health_attended,
            c.education_attended,
        ) = (None, None, None, None);
    }
    let xml = cin_census::write_xml(&events, "E08000008", d("2024-03-31"));
    let read = cin_census::read_str(None, "generated.xml", &xml).unwrap();
    let pop = population();
    let cal = WorkingDayCalendar::england_and_wales();
    let refs = [
        "CIN1", "CIN2", "CIN4", "CIN6", "CIN7", "CIN8", "SG5", "SG6", "SG7", "CIN18", "CIN19",
        "SG13", "SG14",
    ];
    let opts = Options::refs(refs).unwrap();
    let (first, last) = (m("2023-12"), m("2024-02"));
    let a = compute_with(&events, &pop, &cal, first, last, &opts);
    let b = compute_with(&read.events, &pop, &cal, first, last, &opts);
    for r in refs {
        let x = a.series("E08000008", r).unwrap();
        let y = b.series("E08000008", r).unwrap();
        assert_eq!(x.observations, y.observations, "{r}");
        assert!(
            x.observations
                .values()
                .any(|o| o.numerator > 0 || o.denominator.unwrap_or(0) > 0)
                || r == "SG5",
            "{r} is all zero: the comparison would prove little"
        );
    }
    // Coverage: what the census never carries has no data, never zero.
    let c = compute_with(
        &read.events,
        &pop,
        &cal,
        first,
        last,
        &Options::default().with_coverage(read.coverage.clone()),
    );
    let cin5 = c.series("E08000008", "CIN5").unwrap();
    assert!(cin5.observations.is_empty() && cin5.no_data.is_some());
}
