//! Annex A workbooks that other people published (copied into
//! `testdata/external/annex-a/`, see its README): Ofsted's own template in
//! five samples (title row above the headings, template sheets, one legacy
//! `.xls`, a date of birth written "May be 8 Jan 2000", dates stored as
//! text) and liia-tools' test workbook (coded values such as `b) Female`,
//! `f) U6: Foster placement - not FFA`, `#N/A`, a yes/no column holding
//! "CS Assessment Updated", a List 9 without dates). Every one is read with
//! every row accounted for, and a few figures of each are worked out by
//! hand from the cells (shown in the comments).

use scorecard_compute::readers::annex_a::{AnnexARead, read_path};
use scorecard_compute::{Options, compute_with};
use scorecard_core::{Month, WorkingDayCalendar};

use crate::{population, testdata};

const LA: &str = "E08000008";

fn m(s: &str) -> Month {
    s.parse().unwrap()
}

fn read(name: &str) -> AnnexARead {
    read_path(LA, &testdata(&format!("external/annex-a/{name}"))).unwrap()
}

/// Every sheet: a list with read = used + excluded, or passed over with
/// what it is. Returns the kinds, in sheet order.
fn accounted(r: &AnnexARead) -> Vec<String> {
    for a in &r.accounts {
        let excluded: u64 = a.excluded.values().sum();
        assert_eq!(a.read, a.used + excluded, "{}", a.file);
        assert!(!a.kind.is_empty(), "{}", a.file);
    }
    r.accounts.iter().map(|a| a.kind.clone()).collect()
}

/// (numerator, denominator) of `r` in `month`, or `None` when the series
/// has no data.
fn nd(r: &AnnexARead, reference: &str, first: &str, month: &str) -> Option<(i64, Option<i64>)> {
    let c = compute_with(
        &r.events,
        &population(),
        &WorkingDayCalendar::england_and_wales(),
        m(first),
        m(month),
        &Options::default()
            .with_coverage(r.coverage.clone())
            .with_las([LA]),
    );
    let s = c.series(LA, reference).unwrap();
    s.get(m(month)).map(|o| (o.numerator, o.denominator))
}

const TEMPLATE_SHEETS: [&str; 4] = ["Front_Sheet", "FAQ_and_changes", "Guidance", "Codes_used"];

#[test]
fn ofsted_template_sheets_and_title_rows() {
    for name in [
        "ofsted-template_2015-01-sample.xlsx",
        "ofsted-template_2016-01-sample.xlsx",
        "ofsted-template_2016-02-sample.xlsx",
        "ofsted-template_example-A-2005.xls",
        "ofsted-template_example-B-2004.xlsx",
    ] {
        let r = read(name);
        let kinds = accounted(&r);
        // 4 template sheets passed over, then Lists 1 to 11, each with its
        // headings on row 2 (below the "List 1: Contacts" title row).
        assert_eq!(kinds.len(), 15, "{name}: {kinds:?}");
        for (a, sheet) in r.accounts.iter().zip(TEMPLATE_SHEETS) {
            assert!(
                a.file.ends_with(&format!("[{sheet}]")),
                "{name}: {}",
                a.file
            );
            assert_eq!(a.kind, "Ofsted template sheet (no data)");
        }
        for (k, a) in r.accounts[4..].iter().enumerate() {
            assert!(
                a.kind.starts_with(&format!("Annex A List {} (", k + 1)),
                "{name}: {}",
                a.kind
            );
            assert_eq!(a.heading_row, Some(2), "{name}: {}", a.file);
            // Every template heading is known (the curly apostrophe in
            // List 4's and the trailing spaces in List 8's included).
            assert!(
                a.unmatched.is_empty(),
                "{name}: {} {:?}",
                a.file,
                a.unmatched
            );
        }
    }
}

#[test]
fn template_2016_samples_are_empty_lists_so_real_zeros() {
    // Every list is there with no rows: what Annex A carries is a real 0;
    // what it never carries (strategy discussions, initial health
    // assessments) has no data.
    for name in [
        "ofsted-template_2016-01-sample.xlsx",
        "ofsted-template_2016-02-sample.xlsx",
    ] {
        let r = read(name);
        assert!(r.events.is_empty(), "{name}");
        for reference in ["CIN1", "FD1", "CF1", "CIN18", "SG7", "CIN8"] {
            assert_eq!(
                nd(&r, reference, "2016-01", "2016-01").map(|x| x.0),
                Some(0),
                "{name} {reference}"
            );
        }
        for reference in ["CIN9", "CF22", "SG11"] {
            assert_eq!(
                nd(&r, reference, "2016-01", "2016-01"),
                None,
                "{name} {reference}"
            );
        }
    }
}

#[test]
fn template_2015_sample_referrals() {
    // List_3: children 1-5 referred on 15 March 2015; sex F/M, NFA yes/no.
    let r = read("ofsted-template_2015-01-sample.xlsx");
    let list3 = &r.accounts[6];
    assert_eq!((list3.read, list3.used), (5, 5));
    assert!(list3.cells.is_empty(), "{:?}", list3.cells);
    assert_eq!(nd(&r, "CIN1", "2015-03", "2015-03"), Some((5, None)));
    let nfa: Vec<_> = r.events.referrals.iter().map(|x| x.nfa).collect();
    assert_eq!(
        nfa,
        [
            Some(true),
            Some(false),
            Some(true),
            Some(false),
            Some(false)
        ]
    );
    let sex: Vec<_> = r.events.children.iter().map(|c| c.sex.as_deref()).collect();
    assert_eq!(
        sex,
        [
            Some("Female"),
            Some("Female"),
            Some("Male"),
            Some("Male"),
            Some("Female")
        ]
    );
}

#[test]
fn legacy_xls_example_a() {
    // List_1: child 1001, contact on serial 40179 = 1 January 2010.
    // List_2: 12 rows, children 1005-1015, 1009 twice (the copy is rejected,
    // V06); started 1-7 January 2010 (text dates), completed serials 40193-
    // 40199 = 15-21 January 2010: 11 children completed in January.
    let r = read("ofsted-template_example-A-2005.xls");
    accounted(&r);
    assert_eq!(r.accounts[5].read, 12);
    assert_eq!(nd(&r, "FD1", "2010-01", "2010-01"), Some((1, None)));
    assert_eq!(nd(&r, "EH9", "2010-01", "2010-01"), Some((11, None)));
    // Date of birth of 1005 is the serial 36530 = 5 January 2000.
    let c = r
        .events
        .children
        .iter()
        .find(|c| &*c.child_id == "1005")
        .unwrap();
    assert_eq!(c.date_of_birth, Some("2000-01-05".parse().unwrap()));
}

#[test]
fn example_b_text_dates_and_an_unreadable_date_of_birth() {
    // List_2: children 1001-1009, 1009 twice; 1005-1009 started "2010-01-01"
    // (text); 1008's date of birth is "May be 8 Jan 2000": the row is kept,
    // the date of birth unknown, the cell named (row 10).
    let r = read("ofsted-template_example-B-2004.xlsx");
    accounted(&r);
    let list2 = &r.accounts[5];
    assert_eq!((list2.read, list2.used), (10, 10));
    let dob = &list2.cells[0];
    assert_eq!(dob.rule, "A10: not a date");
    assert_eq!(dob.column, "Date of Birth");
    assert_eq!(dob.examples, [(10, "May be 8 Jan 2000".to_string())]);
    assert_eq!(nd(&r, "EH9", "2010-01", "2010-01"), Some((9, None)));
    let c = r
        .events
        .children
        .iter()
        .find(|c| &*c.child_id == "1008")
        .unwrap();
    assert_eq!(c.date_of_birth, None);
}

#[test]
fn liia_tools_workbook() {
    let r = read("liia-tools_Annex_A.xlsx");
    let kinds = accounted(&r);
    assert_eq!(kinds.len(), 11);
    // List 4: all five "Was the child assessed as requiring ... support?"
    // cells say "CS Assessment Updated": kept, outcome unknown, named.
    let list4 = &r.accounts[3];
    assert_eq!((list4.read, list4.used), (5, 5));
    assert_eq!(list4.cells[0].rule, "A11: value not recognised");
    assert_eq!(list4.cells[0].total, 5);
    assert_eq!(
        list4.cells[0].examples[0],
        (2, "CS Assessment Updated".to_string())
    );
    // List 9 (before 2023) has no Latest Date of Contact: its 6 rows
    // cannot be dated, and care leavers have no data, not 0%.
    let list9 = &r.accounts[8];
    assert_eq!((list9.read, list9.used), (6, 0));
    assert_eq!(nd(&r, "CF30", "2020-09", "2020-09"), None);
    // Lists 10 and 11: read and counted, used by no indicator.
    assert_eq!((r.accounts[9].read, r.accounts[10].read), (5, 5));
    // CIN1: six referrals, all on 16 September 2020.
    assert_eq!(nd(&r, "CIN1", "2020-09", "2020-09").map(|x| x.0), Some(6));
    // CIN18: plans open at 30 September 2020: 16036763 and 9396243 (27 Apr
    // 2020 to 4 Jan 2021); 11811692 and 6913085 ended on 17 September.
    assert_eq!(nd(&r, "CIN18", "2020-09", "2020-09").map(|x| x.0), Some(2));
    // February 2021: 5358472 and 14953858 (from 8 Feb); 10721552's plan
    // ended on 16 Feb.
    assert_eq!(nd(&r, "CIN18", "2021-02", "2021-02").map(|x| x.0), Some(2));
    // CF1: at 31 August 2020 five children in care; 3623204 left on 22
    // September, so four at 30 September.
    assert_eq!(nd(&r, "CF1", "2020-08", "2020-08").map(|x| x.0), Some(5));
    assert_eq!(nd(&r, "CF1", "2020-09", "2020-09").map(|x| x.0), Some(4));
    // CF8 (foster care U1-U6): "f) U6: ...", "a) U1: ...", "d) U4: ...",
    // "f) U6: ..." at 30 September (3623204 was in H5).
    assert_eq!(nd(&r, "CF8", "2020-09", "2020-09").map(|x| x.0), Some(4));
    // CIN8: February 2021 authorisations (8 Feb, 2 Feb, 2 Feb) all began in
    // 2019 or February 2020, far beyond 45 working days: 0 of 3.
    assert_eq!(nd(&r, "CIN8", "2021-02", "2021-02"), Some((0, Some(3))));
    // CIN5: none of the three has a readable outcome, so none is counted
    // (0 of 0: no value), rather than 0% "not in need".
    assert_eq!(nd(&r, "CIN5", "2021-02", "2021-02"), Some((0, Some(0))));
    // Ids stored as numbers keep no ".0"; coded values lose their letters.
    let child = r
        .events
        .children
        .iter()
        .find(|c| &*c.child_id == "11973218")
        .unwrap();
    assert_eq!(
        (child.sex.as_deref(), child.ethnicity.as_deref()),
        (Some("Female"), Some("APKN"))
    );
}
