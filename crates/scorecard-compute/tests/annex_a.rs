//! Annex A lists: CSV per list and an xlsx workbook (fixtures made by
//! `testdata/annex_a/make_fixtures.py`), tolerant headings, the date
//! notations, clear errors, and the round trip canonical -> Annex A -> canonical.

use scorecard_compute::events::*;
use scorecard_compute::readers::annex_a::{
    AnnexA, read_csv_dir, read_csv_list, read_workbook, write_csv_lists,
};
use scorecard_compute::{Events, compute, compute_with};
use scorecard_core::{Month, WorkingDayCalendar};

use crate::{population, testdata};

const LA: &str = "E08000008";

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn m(s: &str) -> Month {
    s.parse().unwrap()
}

#[test]
fn csv_lists_with_untidy_headings_and_values() {
    let ev = read_csv_dir(LA, &testdata("annex_a/csv")).unwrap();
    // List 3: four referrals; the blank row is skipped. Ids keep leading zeros.
    let refs: Vec<(&str, String, Option<&str>, Option<bool>)> = ev
        .referrals
        .iter()
        .map(|r| (&*r.child_id, r.date.to_string(), r.source.as_deref(), r.nfa))
        .collect();
    assert_eq!(
        refs,
        [
            (
                "0042",
                "2024-01-05".to_string(),
                Some("6: Police"),
                Some(false)
            ),
            (
                "0042",
                "2023-03-01".to_string(),
                Some("1: Schools"),
                Some(false)
            ),
            // 45310 is an Excel serial: 19 January 2024.
            (
                "17",
                "2024-01-19".to_string(),
                Some("3: Health"),
                Some(true)
            ),
            (
                "0099",
                "2024-02-29".to_string(),
                Some("6: Police"),
                Some(false)
            ),
        ]
    );
    // List 4, matched despite the curly apostrophe in the heading.
    let outcomes: Vec<_> = ev
        .assessments
        .iter()
        .map(|a| (a.authorised, a.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            (Some(d("2024-01-05")), Some(AssessmentOutcome::ChildInNeed)),
            (Some(d("2024-01-09")), Some(AssessmentOutcome::NotInNeed)),
            (None, None),
        ]
    );
    // List 5: an S47 that went to conference, one where it was deemed unnecessary.
    assert_eq!(
        ev.section47s
            .iter()
            .map(|s| s.icpc_required)
            .collect::<Vec<_>>(),
        [Some(true), Some(false)]
    );
    assert_eq!(ev.icpcs.len(), 1);
    assert_eq!(
        (
            ev.icpcs[0].s47_start,
            ev.icpcs[0].date,
            ev.icpcs[0].plan_made
        ),
        (Some(d("2023-12-04")), d("2023-12-27"), Some(true))
    );
    // List 7: the plan and its last statutory visit.
    assert_eq!(ev.cp_plans.len(), 1);
    assert_eq!(ev.cp_plans[0].previous_plans, Some(0));
    assert_eq!(ev.cp_visits[0].date, d("2024-01-20"));
    // List 8: in care from 1 Mar 2022, current placement (U3) from 1 Sep 2023:
    // two episodes; latest visit, health assessment and dental check.
    let eps: Vec<_> = ev
        .cla_episodes
        .iter()
        .map(|e| (e.start, e.end, e.rne.as_deref(), e.placement.as_deref()))
        .collect();
    assert_eq!(
        eps,
        [
            (d("2022-03-01"), Some(d("2023-09-01")), Some("S"), None),
            (d("2023-09-01"), None, Some("P"), Some("U3"))
        ]
    );
    assert_eq!(ev.cla_visits[0].date, d("2024-01-10"));
    assert_eq!(ev.health_checks.len(), 2);
    // Children: three distinct ids, sex without the option prefix.
    assert_eq!(ev.children.len(), 3);
    assert!(
        ev.children
            .iter()
            .all(|c| c.sex.as_deref().is_some_and(|s| !s.contains(')')))
    );
}

#[test]
fn indicators_from_annex_a_lists() {
    let ev = read_csv_dir(LA, &testdata("annex_a/csv")).unwrap();
    let out = compute(
        &ev,
        &population(),
        &WorkingDayCalendar::england_and_wales(),
        m("2023-12"),
        m("2024-02"),
    );
    let nd = |r: &str, p: &str| {
        let o = out.series(LA, r).unwrap().get(m(p)).unwrap();
        (o.numerator, o.denominator)
    };
    // CIN1: January 0042 (5th) and 17 (19th); February 0099 (29th).
    assert_eq!(nd("CIN1", "2024-01").0, 2);
    assert_eq!(nd("CIN1", "2024-02").0, 1);
    // CIN4: 0042 was referred on 1 Mar 2023, within a year of 5 Jan 2024.
    assert_eq!(nd("CIN4", "2024-01"), (1, Some(2)));
    // CIN8: 44 working days (in time) and 46 (late).
    assert_eq!(nd("CIN8", "2024-01"), (1, Some(2)));
    // SG6: 4 -> 27 Dec 2023 is 15 working days.
    assert_eq!(nd("SG6", "2023-12"), (1, Some(1)));
    // CIN15: from April 2023, 1 of the 2 S47s went to conference.
    assert_eq!(nd("CIN15", "2024-01"), (1, Some(2)));
    // CIN20: visit on 20 Jan, within 28 days of 31 Jan.
    assert_eq!(nd("CIN20", "2024-01"), (1, Some(1)));
    // CF8: one child in foster care at each month end.
    assert_eq!(nd("CF8", "2024-01").0, 1);
}

#[test]
fn xlsx_workbook() {
    let ev = read_workbook(LA, &testdata("annex_a/workbook.xlsx")).unwrap();
    // Numeric id 42 (Excel drops leading zeros) and text id "0017".
    let refs: Vec<(&str, String)> = ev
        .referrals
        .iter()
        .map(|r| (&*r.child_id, r.date.to_string()))
        .collect();
    assert_eq!(
        refs,
        [
            ("42", "2024-01-05".to_string()),
            ("0017", "2024-01-19".to_string())
        ]
    );
    // Excel date cells and text dates in one sheet.
    let done: Vec<_> = ev
        .assessments
        .iter()
        .map(|a| (a.start, a.authorised))
        .collect();
    assert_eq!(
        done,
        [
            (d("2023-11-01"), Some(d("2024-01-05"))),
            (d("2023-11-01"), Some(d("2024-01-09")))
        ]
    );
    // The "Contacts" sheet is List 1; there is no List 5 sheet; "Notes" is ignored.
    assert_eq!(ev.contacts.len(), 1);
    assert!(ev.section47s.is_empty());
}

fn list3(body: &str) -> String {
    format!(
        "Child Unique ID,Gender,Ethnicity,Date of Birth,Age,Date of referral,Referral Source,Referral NFA?\n{body}"
    )
}

#[test]
fn cells_that_do_not_fit_are_counted_not_fatal() {
    let mut annex = AnnexA::new(LA);
    read_csv_list(
        &mut annex,
        "List_3.csv",
        &list3(concat!(
            "1,M,W,01/01/2015,9,31/02/2024,x,N\n", // line 2: own date impossible -> row out
            "2,M,WBRI,01/01/2015,9,05/01/24,x,N\n", // line 3: 5 Jan 2024, read
            "3,M,WBRI,01/01/2015,9,05/01/2024,x,maybe\n", // line 4: NFA unknown, row kept
            ",M,WBRI,01/01/2015,9,05/01/2024,x,N\n", // line 5: no child id -> row out
            "4,Q,WBRI,May be 2015,9,,x,N\n",       // line 6: no referral date -> row out
        )),
    )
    .unwrap();
    let (ev, accounts) = annex.into_parts();
    let a = &accounts[0];
    // 5 rows read: 2 used (lines 3 and 4), 3 left out with their reasons.
    assert_eq!((a.read, a.used), (5, 2));
    assert_eq!(a.excluded["A03: Date of referral is not a date"], 1);
    assert_eq!(a.excluded["A01: no child id"], 1);
    assert_eq!(a.excluded["A02: no Date of referral"], 1);
    let issue = |rule: &str| a.cells.iter().find(|c| c.rule.starts_with(rule)).unwrap();
    assert_eq!(issue("A03").examples, [(2, "31/02/2024".to_string())]);
    assert_eq!(issue("A03").column, "Date of referral");
    let nfa = issue("A11");
    assert_eq!((nfa.column.as_str(), nfa.total), ("Referral NFA?", 1));
    assert_eq!(nfa.examples, [(4, "maybe".to_string())]);
    // "W" is not an ethnicity code; row 2 was left out before its cells were read.
    assert_eq!(ev.referrals.len(), 2);
    assert_eq!(ev.referrals[0].date, d("2024-01-05"));
    assert_eq!(ev.referrals[1].nfa, None);
}

/// A column's values are cleaned or mapped once and remembered: a value
/// seen again gives the same, and every cell of an unrecognised value is
/// still counted (not only the first).
#[test]
fn a_repeated_value_reads_the_same_and_each_bad_cell_counts() {
    let mut annex = AnnexA::new(LA);
    read_csv_list(
        &mut annex,
        "List_3.csv",
        &list3(concat!(
            "1,M,WBRI,01/01/2015,9,05/01/2024,q) 6: Police,maybe\n", // line 2
            "2,M,WBRI,01/01/2015,9,06/01/2024,q) 6: Police,maybe\n", // line 3
            "3,Boy,WBRI,01/01/2015,9,07/01/2024, ,maybe\n",          // line 4: blank source
            "4,M,WBRI,01/01/2015,9,08/01/2024,q) 6: Police,N\n",     // line 5
        )),
    )
    .unwrap();
    let (ev, accounts) = annex.into_parts();
    let nfa = accounts[0]
        .cells
        .iter()
        .find(|c| c.rule.starts_with("A11"))
        .unwrap();
    // Three cells "maybe" (lines 2, 3, 4), each counted.
    assert_eq!(nfa.total, 3);
    let lines: Vec<usize> = nfa.examples.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [2, 3, 4]);
    let sources: Vec<Option<&str>> = ev.referrals.iter().map(|r| r.source.as_deref()).collect();
    assert_eq!(
        sources,
        [
            Some("6: Police"),
            Some("6: Police"),
            None,
            Some("6: Police")
        ]
    );
    let nfas: Vec<Option<bool>> = ev.referrals.iter().map(|r| r.nfa).collect();
    assert_eq!(nfas, [None, None, None, Some(false)]);
    // "M" and "Boy" are both Male in the built-in map.
    assert!(ev.children.iter().all(|c| c.sex.as_deref() == Some("Male")));
    assert_eq!(ev.children.len(), 4);
}

#[test]
fn what_stops_a_run_names_file_sheet_and_headings() {
    let mut annex = AnnexA::new(LA);
    let msg = read_csv_list(
        &mut annex,
        "List_3.csv",
        "Child Unique ID,Referral Source\n1,x\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        msg.contains("List_3.csv, line 1") && msg.contains("needs a column for referral_date"),
        "{msg}"
    );
    assert!(
        msg.contains("[\"Child Unique ID\", \"Referral Source\"]"),
        "{msg}"
    );
    let msg = read_csv_list(&mut annex, "mystery.csv", "a,b\n1,2\n")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("which Annex A list"), "{msg}");
    // Named by subject, found by its headings below a title row.
    let mut annex = AnnexA::new(LA);
    read_csv_list(
        &mut annex,
        "Children in care.csv",
        "List 8: Children in care,,\nChild Unique ID,Date Started to be Looked After,Placement Type\n7,01/01/2024,f) U6: Foster placement - not FFA\n",
    )
    .unwrap();
    let (ev, accounts) = annex.into_parts();
    assert_eq!(accounts[0].kind, "Annex A List 8 (Children in care)");
    assert_eq!(accounts[0].heading_row, Some(2));
    assert_eq!(ev.cla_episodes[0].placement.as_deref(), Some("U6"));
}

fn sample() -> Events {
    let s = |x: &str| x.to_string();
    Events {
        children: vec![Child {
            la: s(LA).into(),
            child_id: s("001").into(),
            date_of_birth: Some(d("2015-02-01")),
            sex: Some(s("Male").into()),
            ethnicity: Some(s("WBRI").into()),
            disability: None,
        }],
        contacts: vec![Contact {
            la: s(LA).into(),
            child_id: s("001").into(),
            date: d("2024-01-02"),
            source: Some(s("Police").into()),
            outcome: None,
            outcome_date: None,
        }],
        early_help_assessments: vec![EarlyHelpAssessment {
            la: s(LA).into(),
            child_id: s("001").into(),
            start: d("2023-10-01"),
            completed: Some(d("2023-11-15")),
        }],
        referrals: vec![Referral {
            la: s(LA).into(),
            child_id: s("001").into(),
            date: d("2024-01-05"),
            source: Some(s("6: Police").into()),
            nfa: Some(false),
            decision_date: None,
        }],
        assessments: vec![
            Assessment {
                la: s(LA).into(),
                child_id: s("001").into(),
                start: d("2024-01-05"),
                authorised: Some(d("2024-02-01")),
                outcome: Some(AssessmentOutcome::ChildInNeed),
            },
            Assessment {
                la: s(LA).into(),
                child_id: s("001").into(),
                start: d("2024-03-01"),
                authorised: None,
                outcome: None,
            },
        ],
        section47s: vec![
            Section47 {
                la: s(LA).into(),
                child_id: s("001").into(),
                start: d("2024-02-05"),
                icpc_required: Some(true),
            },
            Section47 {
                la: s(LA).into(),
                child_id: s("001").into(),
                start: d("2024-03-05"),
                icpc_required: Some(false),
            },
        ],
        icpcs: vec![Icpc {
            la: s(LA).into(),
            child_id: s("001").into(),
            date: d("2024-02-20"),
            s47_start: Some(d("2024-02-05")),
            plan_made: Some(true),
            police_attended: None,
            health_attended: None,
            education_attended: None,
        }],
        cin_episodes: vec![CinEpisode {
            la: s(LA).into(),
            child_id: s("001").into(),
            start: d("2024-01-05"),
            end: None,
            closure_reason: None,
        }],
        cp_plans: vec![CpPlan {
            la: s(LA).into(),
            child_id: s("001").into(),
            start: d("2024-02-20"),
            end: None,
            initial_category: Some(s("Neglect").into()),
            previous_plans: Some(1),
        }],
        ..Events::default()
    }
}

#[test]
fn round_trip_canonical_to_annex_a_and_back() {
    let original = sample();
    let lists = write_csv_lists(&original).unwrap();
    let mut annex = AnnexA::new(LA);
    for (name, text) in &lists {
        read_csv_list(&mut annex, name, text).unwrap();
    }
    let back = annex.into_events();
    assert_eq!(back.children, original.children);
    assert_eq!(back.contacts, original.contacts);
    assert_eq!(back.early_help_assessments, original.early_help_assessments);
    assert_eq!(back.referrals, original.referrals);
    assert_eq!(back.assessments, original.assessments);
    assert_eq!(back.section47s, original.section47s);
    assert_eq!(back.icpcs, original.icpcs);
    assert_eq!(back.cin_episodes, original.cin_episodes);
    assert_eq!(back.cp_plans, original.cp_plans);
}

#[test]
fn no_data_is_not_zero() {
    use scorecard_compute::Options;
    use scorecard_compute::readers::annex_a::read_path;
    let dir = std::env::temp_dir().join(format!("scorecard-only-list3-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("List_3.csv"),
        "Child Unique ID,Date of Referral\n1,05/01/2024\n2,06/01/2024\n",
    )
    .unwrap();
    let run = |dir: &std::path::Path| {
        let r = read_path(LA, dir).unwrap();
        compute_with(
            &r.events,
            &population(),
            &WorkingDayCalendar::england_and_wales(),
            m("2024-01"),
            m("2024-01"),
            &Options::default().with_coverage(r.coverage).with_las([LA]),
        )
    };
    let c = run(&dir);
    assert_eq!(
        c.series(LA, "CIN1")
            .unwrap()
            .get(m("2024-01"))
            .unwrap()
            .numerator,
        2
    );
    // Only List 3: every looked-after, child protection and health
    // indicator has no value at all, with the reason.
    for (r, needs) in [
        ("CF1", "Annex A List 8 or SSDA903 episodes"),
        ("CF3", "Annex A List 8 or SSDA903 episodes"),
        ("CF23", "Annex A List 8 or SSDA903 episodes"),
        ("CF25", "Annex A List 8 or SSDA903 episodes"),
        ("CIN18", "Annex A List 7 or the CIN census"),
        ("CIN20", "Annex A List 7 or the CIN census"),
        ("SG6", "Annex A List 5"),
        ("CIN8", "Annex A List 4 or the CIN census"),
        ("FD1", "Annex A List 1 (contacts)"),
    ] {
        let s = c.series(LA, r).unwrap();
        assert!(s.observations.is_empty(), "{r}");
        let reason = s.no_data.as_deref().unwrap_or_default();
        assert!(
            reason.starts_with("no data: needs") && reason.contains(needs),
            "{r}: {reason}"
        );
        assert!(c.quality.indicator_sources[r].starts_with("no data"), "{r}");
    }
    assert!(c.quality.indicator_sources["CIN1"].starts_with("computed from Annex A List 3"));
    // List 8 given with its headings and no rows: a real 0.
    std::fs::write(
        dir.join("List_8.csv"),
        "Child Unique ID,Date Started to be Looked After,Placement Type,Date of Last Health Assessment,Date of Last Dental Check,Date of Last Social Work Visit\n",
    )
    .unwrap();
    let c = run(&dir);
    for r in ["CF1", "CF8", "CF3", "CF23"] {
        let s = c.series(LA, r).unwrap();
        assert_eq!(s.no_data, None, "{r}");
        assert_eq!(s.get(m("2024-01")).unwrap().numerator, 0, "{r}");
    }
    // CF22 still needs initial health assessments, which Annex A lacks.
    assert!(c.series(LA, "CF22").unwrap().no_data.is_some());
    std::fs::remove_dir_all(&dir).ok();
}

/// A workbook as a council might send it: sheets named by subject or
/// `L3`, a template sheet, a sheet that is not a list, coded values, ids
/// stored as numbers or typed in lower case with spaces, `#N/A`.
#[test]
fn workbook_with_subject_sheet_names_and_a_stray_sheet() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    use scorecard_compute::readers::annex_a::read_path;
    let path = std::env::temp_dir().join(format!("scorecard-subjects-{}.xlsx", std::process::id()));
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let d = |y: u16, m: u8, day: u8| ExcelDateTime::from_ymd(y, m, day).unwrap();
    let ws = wb.add_worksheet().set_name("Front_Sheet").unwrap();
    ws.write_string(0, 0, "Annex A - Child level data").unwrap();
    let ws = wb.add_worksheet().set_name("Children in Care").unwrap();
    ws.write_string(0, 0, "List 8: Children in care").unwrap();
    for (c, h) in [
        "Child Unique ID",
        "Date of Birth",
        "Date Started to be Looked After",
        "Child's Legal Status",
        "Placement Type",
        "Date Ceased to be Looked After ",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.write_number(2, 0, 1001.0).unwrap();
    ws.write_datetime_with_format(2, 1, d(2012, 5, 1), &date)
        .unwrap();
    ws.write_datetime_with_format(2, 2, d(2023, 6, 1), &date)
        .unwrap();
    ws.write_string(2, 3, "C2 - Full care order").unwrap();
    ws.write_string(2, 4, "f) U6: Foster placement - not FFA")
        .unwrap();
    ws.write_string(2, 5, "#N/A").unwrap();
    let ws = wb.add_worksheet().set_name("L3").unwrap();
    for (c, h) in ["child unique id", "DATE OF REFERRAL", "Referral NFA (Y/N)"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, " ab 12 ").unwrap();
    ws.write_string(1, 1, "8 Jan 2024").unwrap();
    ws.write_string(1, 2, "y").unwrap();
    ws.write_string(2, 0, "AB12").unwrap();
    ws.write_datetime_with_format(2, 1, d(2024, 1, 20), &date)
        .unwrap();
    ws.write_string(2, 2, "1").unwrap();
    let ws = wb.add_worksheet().set_name("Sheet1").unwrap();
    ws.write_string(0, 0, "Name").unwrap();
    ws.write_string(0, 1, "Notes").unwrap();
    ws.write_string(1, 0, "Jo").unwrap();
    ws.write_string(1, 1, "checked the lists on Friday")
        .unwrap();
    wb.save(&path).unwrap();

    let r = read_path(LA, &path).unwrap();
    std::fs::remove_file(&path).ok();
    let kinds: Vec<&str> = r.accounts.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "Ofsted template sheet (no data)",
            "Annex A List 8 (Children in care)",
            "Annex A List 3 (Referrals)",
            "not recognised",
        ]
    );
    // The stray sheet: its headings are reported and its row counted.
    let stray = &r.accounts[3];
    assert_eq!(stray.unmatched, ["Name", "Notes"]);
    assert_eq!((stray.read, stray.used), (2, 0));
    // List 8 below its title row; codes without their descriptions.
    assert_eq!(r.accounts[1].heading_row, Some(2));
    let e = &r.events.cla_episodes[0];
    assert_eq!(&*e.child_id, "1001");
    assert_eq!(
        (e.legal_status.as_deref(), e.placement.as_deref()),
        (Some("C2"), Some("U6"))
    );
    assert_eq!((e.start, e.end), (d_("2023-06-01"), None));
    let c = r
        .events
        .children
        .iter()
        .find(|c| &*c.child_id == "1001")
        .unwrap();
    assert_eq!(c.date_of_birth, Some(d_("2012-05-01")));
    // " ab 12 " and "AB12" are one child; a text date and an Excel date.
    let refs: Vec<_> = r
        .events
        .referrals
        .iter()
        .map(|x| (&*x.child_id, x.date, x.nfa))
        .collect();
    assert_eq!(
        refs,
        [
            ("AB12", d_("2024-01-08"), Some(true)),
            ("AB12", d_("2024-01-20"), Some(true))
        ]
    );
}

fn d_(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

#[test]
fn a_council_layers_its_own_headings_and_spellings() {
    use scorecard_compute::readers::annex_a::Spec;
    let mut spec = Spec::builtin().unwrap();
    assert!(spec.column("No further action at referral").is_none());
    assert!(spec.value("yes_no", "Yep").is_err());
    spec.layer_toml(
        "[column.referral_nfa]\nheadings = [\"No further action at referral\"]\n[values.yes_no.map]\nY = [\"Yep\"]\n",
        "council.toml",
    )
    .unwrap();
    assert_eq!(
        spec.column("No further action at referral")
            .map(|c| c.key.as_str()),
        Some("referral_nfa")
    );
    assert_eq!(spec.value("yes_no", "Yep"), Ok(Some("Y".to_string())));
    // The built-in spellings still hold.
    assert_eq!(spec.value("yes_no", "b) No"), Ok(Some("N".to_string())));
    // A heading that already means another column is refused, naming it.
    let err = spec
        .layer_toml(
            "[column.referral_nfa]\nheadings = [\"Date of Referral\"]\n",
            "council.toml",
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("council.toml") && err.contains("referral_date"),
        "{err}"
    );
}

/// Timescales come from the catalogue: a council that replaces CIN8 with
/// its own timescale changes the value (and the drill-down lists the same
/// children).
#[test]
fn a_councils_catalogue_timescale_changes_the_computation() {
    use scorecard_compute::Options;
    use scorecard_compute::timescales::Timescales;
    use scorecard_core::Catalogue;
    let ev = read_csv_dir(LA, &testdata("annex_a/csv")).unwrap();
    let cal = WorkingDayCalendar::england_and_wales();
    let cin8 = |cat: &Catalogue| {
        let c = compute_with(
            &ev,
            &population(),
            &cal,
            m("2024-01"),
            m("2024-01"),
            &Options::default().with_catalogue(cat),
        );
        let o = *c.series(LA, "CIN8").unwrap().get(m("2024-01")).unwrap();
        let drilled = scorecard_compute::drill::drill_down_with(
            &ev,
            &cal,
            m("2024-01"),
            &Timescales::from_catalogue(cat),
        )
        .iter()
        .filter(|d| d.reference == "CIN8")
        .count() as i64;
        assert_eq!(drilled, o.numerator);
        (o.numerator, o.denominator)
    };
    // January's two assessments took 44 and 46 working days (see
    // indicators_from_annex_a_lists): 1 of 2 within 45.
    assert_eq!(cin8(&Catalogue::builtin()), (1, Some(2)));
    let with = |days: u32| {
        let mut cat = Catalogue::builtin();
        cat.extend_from_toml(
            &format!(
                r#"replaces = ["CIN8"]
[[indicator]]
ref = "CIN8"
title = "Child and Family Assessments completed under {days} working days (%)"
section = "CIN"
unit = "percent"
polarity = "higher_is_better"
basis = "in_month"
precision = 1
source = "Annex A List 4"
derivation = "derived"
definition.numerator = "Assessments authorised in the month within {days} working days"
definition.denominator = "Assessments authorised in the month"
definition.timescale_working_days = {days}
definition.follows = "a local standard"
"#
            ),
            "council.toml",
        )
        .unwrap();
        cat
    };
    // Within 46: both; within 43: neither.
    assert_eq!(cin8(&with(46)), (2, Some(2)));
    assert_eq!(cin8(&with(43)), (0, Some(2)));
}

mod never_panics {
    use proptest::prelude::*;
    use scorecard_compute::readers::annex_a::{AnnexA, parse_date, read_csv_list};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any cell text: a date or an error, never a panic.
        #[test]
        fn any_date_cell(cell in "\\PC{0,24}") {
            let _ = parse_date(&cell);
        }

        /// Any rows under a List 3 heading (title rows, short rows, odd
        /// quotes, any unicode): read or refused with a message, never a
        /// panic, and every row read is used or counted as excluded.
        #[test]
        fn any_list_rows(title in "[^\\n]{0,20}", rows in prop::collection::vec("[ -~£é’\\u{a0}]{0,60}", 0..12)) {
            let text = format!(
                "{title}\nChild Unique ID,Gender,Date of Birth,Date of Referral,Referral NFA?\n{}\n",
                rows.join("\n")
            );
            let mut annex = AnnexA::new("E08000008");
            if read_csv_list(&mut annex, "List_3.csv", &text).is_ok() {
                let (_, accounts) = annex.into_parts();
                for a in accounts {
                    let excluded: u64 = a.excluded.values().sum();
                    prop_assert_eq!(a.read, a.used + excluded);
                }
            }
        }
    }
}

/// A folder's files are read on every core and merged in file order: the
/// result is exactly reading them one at a time, in order, including a
/// second file for a list already read (noted, its rows counted under A07,
/// nothing from it used) and files that are not lists.
#[test]
fn a_folder_read_in_parallel_is_the_files_read_in_order() {
    use scorecard_compute::readers::annex_a::read_path;
    let dir = std::env::temp_dir().join(format!("scorecard-folder-order-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        // Child A's sex is blank here and given in List 4: the merge must
        // fill it as one-at-a-time reading does.
        (
            "List_3_Referrals.csv",
            "Child Unique ID,Gender,Date of Birth,Date of referral\nA,,01/01/2015,03/01/2024\nB,Female,02/02/2016,04/01/2024\n,,,\nC,Male,03/03/2017,not a date\n",
        ),
        (
            "List_4_Assessments.csv",
            "Child Unique ID,Gender,Continuous Assessment Start Date,Continuous Assessment Date of Authorisation\nA,Male,05/01/2024,20/01/2024\n",
        ),
        // A second List 3 (named by subject): two non-blank rows, both A07.
        (
            "Referrals.csv",
            "Child Unique ID,Gender,Date of referral\nD,Male,05/01/2024\n,,\nE,Female,06/01/2024\n",
        ),
        ("notes.csv", "Anything,Else\n1,2\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    std::fs::write(dir.join("readme.txt"), "not data").unwrap();
    let folder = read_path(LA, &dir).unwrap();

    // The same files one at a time, in the folder's (sorted) order.
    let mut names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    names.sort();
    let mut one = AnnexA::new(LA);
    for n in &names {
        let text = files.iter().find(|(f, _)| f == n).unwrap().1;
        // notes.csv is no list: read_csv_list refuses it, a folder notes it.
        let _ = read_csv_list(&mut one, n, text);
    }
    let one = one.finish();
    assert_eq!(folder.events, one.events);
    // Referrals from List_3 only (A and B; C's date is not a date); A's sex
    // comes from List 4.
    let refs: Vec<&str> = folder
        .events
        .referrals
        .iter()
        .map(|r| &*r.child_id)
        .collect();
    assert_eq!(refs, ["A", "B"]);
    let a = folder
        .events
        .children
        .iter()
        .find(|c| &*c.child_id == "A")
        .unwrap();
    assert_eq!(a.sex.as_deref(), Some("Male"));
    // Accounts in file order, with what each file was.
    let kinds: Vec<(String, String, u64, u64)> = folder
        .accounts
        .iter()
        .map(|a| {
            let file = std::path::Path::new(&a.file)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string();
            (file, a.kind.clone(), a.read, a.used)
        })
        .collect();
    assert_eq!(kinds.len(), 5, "{kinds:?}");
    assert_eq!(kinds[0].0, "List_3_Referrals.csv");
    assert_eq!(
        (kinds[0].2, kinds[0].3),
        (4, 2),
        "4 rows read: 2 used, 1 blank, 1 undated"
    );
    assert_eq!(kinds[1].0, "List_4_Assessments.csv");
    assert_eq!(kinds[2].0, "Referrals.csv");
    assert!(
        kinds[2]
            .1
            .contains("a second sheet or file for Annex A List 3"),
        "{:?}",
        kinds[2]
    );
    let second = &folder.accounts[2];
    assert_eq!(
        second.excluded.get("A07: a second sheet for List 3"),
        Some(&2)
    );
    assert_eq!(kinds[3].0, "notes.csv");
    assert_eq!(kinds[3].1, "not recognised");
    assert_eq!(kinds[4].0, "readme.txt");
    let _ = std::fs::remove_dir_all(&dir);
}
