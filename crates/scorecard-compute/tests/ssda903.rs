//! SSDA903 files (`testdata/ssda903/`), recognised by their columns.

use scorecard_compute::compute;
use scorecard_compute::readers::ssda903::{Ssda903, read_dir};
use scorecard_core::{Month, WorkingDayCalendar};

use crate::{population, testdata};

const LA: &str = "E08000008";

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

#[test]
fn files_are_recognised_and_reviews_scheduled() {
    let cal = WorkingDayCalendar::england_and_wales();
    let (ev, seen) = read_dir(LA, &testdata("ssda903"), &cal, d("2024-02-29")).unwrap();
    let kinds: Vec<Option<&str>> = seen.iter().map(|(_, k)| *k).collect();
    // episodes, header, missing, oc3, reviews, sw_episodes.
    assert_eq!(
        kinds,
        [
            Some("episodes"),
            Some("header"),
            Some("missing"),
            Some("oc3"),
            Some("reviews"),
            Some("sw_episodes")
        ]
    );
    // The header's two children, and care leaver 9 from OC3 (born 1 Jan 2004).
    assert_eq!(ev.children.len(), 3);
    // OC3: the file has no year, so the return year is the one containing
    // as_of (29 Feb 2024: the year to 31 March 2024); the contact is on the
    // birthday in it, 1 January 2024; YES is in touch; ACCOM "S" is no
    // SSDA903 code (a letter and 1 or 2): unknown.
    assert_eq!(ev.care_leaver_contacts.len(), 1);
    let c = &ev.care_leaver_contacts[0];
    assert_eq!(
        (
            &*c.child_id,
            c.date,
            c.in_touch,
            c.activity.as_deref(),
            c.accommodation_suitable
        ),
        ("9", d("2024-01-01"), Some(true), Some("F2"), None)
    );
    assert_eq!(ev.cla_episodes.len(), 3);
    // Only MISSING = M; the A (away) row is not a missing episode.
    assert_eq!(ev.missing_episodes.len(), 1);
    assert_eq!(ev.allocations.len(), 1);
    // Review schedule, worked by hand:
    //  child 1, in care Fri 1 Dec 2023: first review due 20 working days on,
    //   Wed 3 Jan 2024; held 2 Jan (on time); next due 2 Apr, after as_of.
    //  child 2, in care Sat 1 Apr 2023: due Wed 3 May 2023 (Easter and the
    //   1 May bank holiday skipped); held 10 May (late). Second due 3 months
    //   after that review, 10 Aug; held 1 Aug. Third due 6 months after, 1 Feb
    //   2024; held 15 Jan 2024. Fourth due 15 Jul 2024, after as_of.
    let mut reviews: Vec<(&str, String, Option<String>)> = ev
        .cla_reviews
        .iter()
        .map(|r| {
            (
                &*r.child_id,
                r.due.to_string(),
                r.held.map(|h| h.to_string()),
            )
        })
        .collect();
    reviews.sort();
    assert_eq!(
        reviews,
        [
            ("1", "2024-01-03".into(), Some("2024-01-02".into())),
            ("2", "2023-05-03".into(), Some("2023-05-10".into())),
            ("2", "2023-08-10".into(), Some("2023-08-01".into())),
            ("2", "2024-02-01".into(), Some("2024-01-15".into())),
        ]
    );
    // SG15, year to date: January 2 of 3 on time (May's was late); February 3 of 4.
    let out = compute(
        &ev,
        &population(),
        &cal,
        "2024-01".parse().unwrap(),
        "2024-02".parse().unwrap(),
    );
    let nd = |r: &str, m: &str| {
        let o = out
            .series(LA, r)
            .unwrap()
            .get(m.parse::<Month>().unwrap())
            .unwrap();
        (o.numerator, o.denominator)
    };
    assert_eq!(nd("SG15", "2024-01"), (2, Some(3)));
    assert_eq!(nd("SG15", "2024-02"), (3, Some(4)));
    // Both children looked after at the end of January; child 2 in a
    // children's home (K2), child 1 in foster care.
    assert_eq!(nd("CF1", "2024-01").0, 2);
    assert_eq!(nd("CF14", "2024-01").0, 1);
}

#[test]
fn errors_name_file_line_and_column() {
    let cal = WorkingDayCalendar::england_and_wales();
    // A cell that is not a date never stops the run: the row is left out
    // (its own date) or kept with the date unknown, and named.
    let mut r = Ssda903::new(LA);
    let bad = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n1,01/13/2023,S,C2,N1,U3,PR1,,\n2,,S,C2,N1,U3,PR1,,\n3,01/12/2023,S,C2,N1,U3,PR1,32/12/2023,E11\n4,01/12/2023\n";
    assert_eq!(r.read("episodes.csv", bad).unwrap(), Some("episodes"));
    let (ev, accounts) = r.into_parts(&cal, d("2024-03-31"));
    // Rows 3 (line 4) and 4 (line 5, a short row padded with blanks) are read.
    assert_eq!(ev.cla_episodes.len(), 2);
    assert_eq!(ev.cla_episodes[0].end, None);
    let a = &accounts[0];
    assert_eq!((a.read, a.used), (4, 2));
    assert_eq!(a.excluded["S10: DECOM not a date (row left out)"], 1);
    assert_eq!(a.excluded["S10: DECOM blank (row left out)"], 1);
    let issue = |rule: &str| a.cells.iter().find(|c| c.rule == rule).unwrap();
    assert_eq!(
        issue("S10: DECOM not a date (row left out)").examples,
        [(2, "01/13/2023".to_string())]
    );
    let dec = issue("S11: not a date (kept, date unknown)");
    assert_eq!(
        (dec.column.as_str(), dec.examples[0].clone()),
        ("DEC", (4, "32/12/2023".to_string()))
    );
    // A file without its columns is not what it claims to be: it stops.
    let mut r = Ssda903::new(LA);
    let missing = "CHILD,DECOM,RNE\n1,01/12/2023,S\n";
    let msg = r.read("episodes.csv", missing).unwrap_err().to_string();
    assert!(
        msg.contains("column \"LS\"") && msg.contains("missing SSDA903 column"),
        "{msg}"
    );
}

/// Several years' returns in one folder: the same episode in two returns is
/// one episode (the later return's), and one left open at the end of a
/// return and absent from the next is closed at that year's end. Without
/// this, every episode open at some return's end is open for ever.
#[test]
fn several_return_years_are_stitched() {
    use scorecard_compute::readers::ssda903::read_dirs;
    use scorecard_compute::{Coverage, Options, compute_with};
    let dir = std::env::temp_dir().join(format!("scorecard-903-years-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("2021-22")).unwrap();
    let head = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";
    // 2020-21 return (file name carries the year): A from 1 Jun 2020 and B
    // from 1 Jan 2021, both open at 31 March 2021.
    std::fs::write(
        dir.join("SSDA903_2021_episodes.csv"),
        format!("{head}A,01/06/2020,S,C2,N1,U1,PR1,,,,,,\nB,01/01/2021,S,C2,N1,U1,PR1,,,,,,\n"),
    )
    .unwrap();
    // 2021-22 return (a folder per year): A ended 15 May 2021; B is absent;
    // C started 1 Feb 2022.
    std::fs::write(
        dir.join("2021-22").join("episodes.csv"),
        format!("{head}A,01/06/2020,S,C2,N1,U1,PR1,15/05/2021,E11,,,,\nC,01/02/2022,S,C2,N1,U1,PR1,,,,,,\n"),
    )
    .unwrap();
    let cal = WorkingDayCalendar::england_and_wales();
    let (ev, _, accounts) = read_dirs(LA, &[dir.as_path()], &cal, d("2022-03-31")).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let eps: Vec<_> = ev
        .cla_episodes
        .iter()
        .map(|e| (&*e.child_id, e.start, e.end))
        .collect();
    assert_eq!(
        eps,
        [
            ("B", d("2021-01-01"), Some(d("2021-03-31"))),
            ("A", d("2020-06-01"), Some(d("2021-05-15"))),
            ("C", d("2022-02-01"), None),
        ]
    );
    // 2021's file: 2 rows, A's superseded (S01), B closed (S02, line 3).
    let y21 = accounts
        .iter()
        .find(|a| a.file.ends_with("SSDA903_2021_episodes.csv"))
        .unwrap();
    assert_eq!((y21.read, y21.used), (2, 1));
    assert_eq!(y21.excluded.keys().next().unwrap().get(..3), Some("S01"));
    assert_eq!(y21.cells[0].rule.get(..3), Some("S02"));
    assert_eq!(y21.cells[0].examples, [(3, String::new())]);
    // CF1 by hand: 31 Mar 2021 A (B ceased that day); 30 Apr 2021 A;
    // 31 May 2021 none; 28 Feb 2022 C.
    let mut cov = Coverage::new();
    cov.supply("cla_episodes", "SSDA903");
    let c = compute_with(
        &ev,
        &population(),
        &cal,
        "2021-03".parse().unwrap(),
        "2022-02".parse().unwrap(),
        &Options::default().with_coverage(cov),
    );
    let cf1 = |m: &str| {
        c.series(LA, "CF1")
            .unwrap()
            .get(m.parse().unwrap())
            .unwrap()
            .numerator
    };
    assert_eq!(
        (
            cf1("2021-03"),
            cf1("2021-04"),
            cf1("2021-05"),
            cf1("2022-02")
        ),
        (1, 1, 0, 1)
    );
}

/// The SSDA903 validator's fake return (`testdata/external/ssda903/`): OC3
/// feeds CF30 and CF31. Counted from the file with awk (an independent
/// method): 53 rows, all born in 2001; 13 DIED (left out, S13); of the 40
/// others, 21 YES or RHOM and 23 with an F* or P* activity (the two ACCOM
/// codes that are not SSDA903 codes, `01` and `02`, are on DIED rows). With
/// the year to 31 March 2022
/// every care leaver is 20 or 21 at its end and was contacted on a birthday
/// within the 12 months: CF30 = 21 of 40, CF31 = 23 of 40.
#[test]
fn the_validators_fake_oc3_feeds_the_care_leaver_indicators() {
    use scorecard_compute::readers::ssda903::read_dirs;
    let cal = WorkingDayCalendar::england_and_wales();
    let dir = testdata("external/ssda903/csc-validator-be-903");
    let (ev, _, accounts) = read_dirs(LA, &[dir.as_path()], &cal, d("2022-03-31")).unwrap();
    let oc3 = accounts
        .iter()
        .find(|a| a.file.ends_with("oc3.csv"))
        .unwrap();
    assert_eq!(oc3.kind, "SSDA903 OC3 (care leavers)");
    assert_eq!((oc3.read, oc3.used), (53, 40));
    assert_eq!(
        oc3.excluded
            .get("S13: IN_TOUCH is DIED (not in the care leaver cohort)"),
        Some(&13)
    );
    // The two odd ACCOM codes are on DIED rows, left out before they are read.
    assert!(oc3.cells.is_empty(), "{:?}", oc3.cells);
    assert_eq!(ev.care_leaver_contacts.len(), 40);
    let out = compute(
        &ev,
        &population(),
        &cal,
        "2022-03".parse().unwrap(),
        "2022-03".parse().unwrap(),
    );
    let nd = |r: &str| {
        let o = out
            .series(LA, r)
            .unwrap()
            .get("2022-03".parse().unwrap())
            .unwrap();
        (o.numerator, o.denominator)
    };
    assert_eq!(nd("CF30"), (21, Some(40)));
    assert_eq!(nd("CF31"), (23, Some(40)));
    // OC2 is read: every row used.
    let oc2 = accounts
        .iter()
        .find(|a| a.file.ends_with("oc2.csv"))
        .unwrap();
    assert_eq!(oc2.kind, "SSDA903 OC2 (outcomes at 31 March)");
    assert_eq!((oc2.read, oc2.used), (2675, 2675));
}

/// OC2 gives CF23 and CF25 for the March of its year, where no case-level
/// health checks are given. Counted from the fake return's oc2.csv with
/// Python's csv module (an independent method): 2,675 rows, HEALTH_CHECK 1
/// on 1,305 (0 on 1,370), TEETH_CHECK 1 on 1,325 (0 on 1,350); no blank or
/// odd flag. The file has no year in its name: the year to 31 March 2022,
/// which holds the reporting date.
#[test]
fn the_validators_fake_oc2_gives_march_health_and_dental_figures() {
    use scorecard_compute::readers::ssda903::read_returns;
    let cal = WorkingDayCalendar::england_and_wales();
    let dir = testdata("external/ssda903/csc-validator-be-903");
    let r = read_returns(LA, &[dir.as_path()], &cal, d("2022-03-31")).unwrap();
    let mut out = compute(
        &r.events,
        &population(),
        &cal,
        "2021-04".parse().unwrap(),
        "2022-03".parse().unwrap(),
    );
    // Without health checks the engine has no CF23: no data, not 0.
    assert!(out.series(LA, "CF23").unwrap().no_data.is_some());
    out.add_supplied_as(&r.year_end, "ssda903_oc2", Some("SSDA903 OC2"));
    let march: scorecard_core::Month = "2022-03".parse().unwrap();
    let cf23 = out.series(LA, "CF23").unwrap();
    let o = cf23.get(march).unwrap();
    assert_eq!((o.numerator, o.denominator), (1305, Some(2675)));
    let o = out.series(LA, "CF25").unwrap().get(march).unwrap();
    assert_eq!((o.numerator, o.denominator), (1325, Some(2675)));
    // March only: February has no figure (blank, not 0).
    assert!(cf23.get("2022-02".parse().unwrap()).is_none());
    assert_eq!(
        out.quality.indicator_sources["CF23"],
        "computed from SSDA903 OC2"
    );
    // Where case-level health checks are given, they win and OC2's are counted.
    let mut ev = r.events.clone();
    ev.health_checks
        .push(scorecard_compute::events::HealthCheck {
            la: LA.into(),
            child_id: "x".into(),
            date: d("2022-01-10"),
            kind: scorecard_compute::events::HealthCheckKind::Review,
        });
    let mut with_checks = compute(&ev, &population(), &cal, march, march);
    with_checks.add_supplied_as(&r.year_end, "ssda903_oc2", None);
    let q = &with_checks.quality.tables["ssda903_oc2"];
    assert_eq!((q.read, q.used), (2, 0));
}

/// Each return is checked against its own year's codes (DfE's schemas, in
/// `data/ssda903-codes.toml`): SEX is 1/2 to 2023-24 and M/F/U from
/// 2024-25; 2024-25 dropped placement P2 and added K3; 2025-26 added Z11.
/// A code of another year is kept and counted (S16), never fatal, and SEX
/// reads as male or female in either year's codes.
#[test]
fn each_return_year_is_checked_against_its_own_codes() {
    use scorecard_compute::readers::ssda903::read_dirs;
    let dir = std::env::temp_dir().join(format!("scorecard-903-codes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let head = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";
    // 2023-24: P2 is a code; K3 is not yet (line 3), nor Z11 (line 4).
    std::fs::write(
        dir.join("2024_episodes.csv"),
        format!("{head}A,01/06/2023,S,C2,N1,P2,PR1,,,,,,\nB,01/07/2023,S,C2,N1,K3,PR1,,,,,,\nC,01/08/2023,S,C2,N1,Z11,PR1,,,,,,\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("2024_header.csv"),
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/01/2010,WBRI,,,\nB,F,01/01/2011,WBRI,,,\n",
    )
    .unwrap();
    // 2025-26: P2 is gone (line 2); K3 and Z11 are codes; SEX 2 is of old (line 2).
    std::fs::write(
        dir.join("2026_episodes.csv"),
        format!("{head}D,01/06/2025,S,C2,N1,P2,PR1,,,,,,\nE,01/07/2025,S,C2,N1,K3,PR1,,,,,,\nF,01/08/2025,S,C2,N1,Z11,PR1,,,,,,\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("2026_header.csv"),
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nD,2,01/01/2010,WBRI,,,\nE,M,01/01/2011,WBRI,,,\n",
    )
    .unwrap();
    let cal = WorkingDayCalendar::england_and_wales();
    let (ev, _, accounts) = read_dirs(LA, &[dir.as_path()], &cal, d("2026-03-31")).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let s16 = |file: &str| -> Vec<(String, Vec<(usize, String)>)> {
        let a = accounts.iter().find(|a| a.file.ends_with(file)).unwrap();
        a.cells
            .iter()
            .filter(|c| c.rule.starts_with("S16"))
            .map(|c| (c.column.clone(), c.examples.clone()))
            .collect()
    };
    assert_eq!(
        s16("2024_episodes.csv"),
        [(
            "PLACE".to_string(),
            vec![(3, "K3".to_string()), (4, "Z11".to_string())]
        )]
    );
    assert_eq!(
        s16("2024_header.csv"),
        [("SEX".to_string(), vec![(3, "F".to_string())])]
    );
    assert_eq!(
        s16("2026_episodes.csv"),
        [("PLACE".to_string(), vec![(2, "P2".to_string())])]
    );
    assert_eq!(
        s16("2026_header.csv"),
        [("SEX".to_string(), vec![(2, "2".to_string())])]
    );
    // Each file listed with its kind and return year.
    let kind = |file: &str| {
        accounts
            .iter()
            .find(|a| a.file.ends_with(file))
            .unwrap()
            .kind
            .clone()
    };
    assert_eq!(
        kind("2024_episodes.csv"),
        "SSDA903 episodes (2023-24 return)"
    );
    assert_eq!(kind("2026_header.csv"), "SSDA903 header (2025-26 return)");
    // Kept as given; every row used.
    assert_eq!(ev.cla_episodes.len(), 6);
    assert!(
        ev.cla_episodes
            .iter()
            .any(|e| e.placement.as_deref() == Some("K3"))
    );
    for a in &accounts {
        assert_eq!(a.read, a.used, "{}", a.file);
    }
    let sex = |id: &str| {
        ev.children
            .iter()
            .find(|c| &*c.child_id == id)
            .and_then(|c| c.sex.clone())
    };
    assert_eq!(sex("A").as_deref(), Some("Male"));
    assert_eq!(sex("B").as_deref(), Some("Female"));
    assert_eq!(sex("D").as_deref(), Some("Female"));
    assert_eq!(sex("E").as_deref(), Some("Male"));
}

/// Every file of the validator's fake return is listed with what it is, and
/// every data row of each is counted: the files no indicator uses (UASC,
/// AD1, placed for adoption, previous permanence, DoLo) as read and
/// excluded (S20), never as 0 rows. Expected counts are the files' data
/// lines (`wc -l` less the heading; DoLo.csv's one row has no newline).
#[test]
fn every_row_of_the_validators_fake_return_is_counted() {
    use scorecard_compute::readers::ssda903::read_returns;
    let cal = WorkingDayCalendar::england_and_wales();
    let dir = testdata("external/ssda903/csc-validator-be-903");
    let r = read_returns(LA, &[dir.as_path()], &cal, d("2024-03-31")).unwrap();
    let rows = |file: &str| {
        let a = r.accounts.iter().find(|a| a.file.ends_with(file)).unwrap();
        let excluded: u64 = a.excluded.values().sum();
        assert_eq!(a.read, a.used + excluded, "{file}");
        (a.kind.clone(), a.read, a.used)
    };
    for (file, kind, read) in [
        (
            "uasc.csv",
            "SSDA903 UASC (unaccompanied asylum-seeking children)",
            132,
        ),
        ("ad1.csv", "SSDA903 AD1 (adoptions)", 29),
        ("placed_for_adoption.csv", "SSDA903 placed for adoption", 29),
        (
            "placed_for_adoption_errors.csv",
            "SSDA903 placed for adoption",
            30,
        ),
        (
            "previous_permanence.csv",
            "SSDA903 previous permanence",
            2675,
        ),
        ("DoLo.csv", "SSDA903 DoLo (deprivation of liberty)", 1),
    ] {
        assert_eq!(rows(file), (kind.to_string(), read, 0), "{file}");
    }
    assert_eq!(rows("episodes.csv").1, 5050);
    assert_eq!(rows("reviews.csv").1, 12582);
    assert_eq!(rows("sw_episodes.csv").1, 1);
    // The fake return's codes are the 2023-24 collection's (SEX 1/2, PLACE
    // P2 and H5): none is counted under S16.
    assert!(
        r.accounts
            .iter()
            .all(|a| a.cells.iter().all(|c| !c.rule.starts_with("S16")))
    );
}

/// Two return years whose episodes cross the year boundary, CF1, CF4 and
/// CF5 worked by hand, and the folder gives the latest return's own figures
/// for the months that return covers.
///
/// * D (born 1 Jan 2012): placed U1 on 1 Jun 2019, moved on 1 Sep 2022 (U4)
///   and 1 Dec 2022 (U5); in both returns, still looked after.
/// * E: from 1 Feb 2022 in the 2021-22 return only: closed 31 Mar 2022 (S02).
/// * F (born 2015): from 1 May 2022, in the 2022-23 return.
#[test]
fn two_return_years_give_cf1_cf4_cf5_worked_by_hand() {
    use scorecard_compute::readers::ssda903::read_dirs;
    use scorecard_compute::{Coverage, Options, compute_with};
    let dir = std::env::temp_dir().join(format!("scorecard-903-cross-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let head = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";
    std::fs::write(
        dir.join("2022_episodes.csv"),
        format!("{head}D,01/06/2019,S,C2,N1,U1,PR1,,,,,,\nE,01/02/2022,S,C2,N1,U1,PR1,,,,,,\n"),
    )
    .unwrap();
    let latest = format!(
        "{head}D,01/06/2019,S,C2,N1,U1,PR1,01/09/2022,X1,,,,\nD,01/09/2022,P,C2,N1,U4,PR1,01/12/2022,X1,,,,\nD,01/12/2022,P,C2,N1,U5,PR1,,,,,,\nF,01/05/2022,S,C2,N1,U1,PR1,,,,,,\n"
    );
    let header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nD,2,01/01/2012,WBRI,,,\nE,1,01/01/2010,WBRI,,,\nF,1,01/01/2015,WBRI,,,\n";
    std::fs::write(dir.join("2023_episodes.csv"), &latest).unwrap();
    std::fs::write(dir.join("2023_header.csv"), header).unwrap();
    let alone = dir.join("alone");
    std::fs::create_dir_all(&alone).unwrap();
    std::fs::write(alone.join("2023_episodes.csv"), &latest).unwrap();
    std::fs::write(alone.join("2023_header.csv"), header).unwrap();
    let cal = WorkingDayCalendar::england_and_wales();
    let figures = |folder: &std::path::Path| {
        let (ev, _, _) = read_dirs(LA, &[folder], &cal, d("2023-03-31")).unwrap();
        let mut cov = Coverage::new();
        cov.supply("cla_episodes", "SSDA903");
        cov.supply("children", "SSDA903");
        compute_with(
            &ev,
            &population(),
            &cal,
            "2022-03".parse().unwrap(),
            "2023-03".parse().unwrap(),
            &Options::default().with_coverage(cov),
        )
    };
    let both = figures(&dir);
    let only = figures(&alone);
    std::fs::remove_dir_all(&dir).ok();
    let at = |c: &scorecard_compute::Computation, r: &str, m: &str| {
        let o = c.series(LA, r).unwrap().get(m.parse().unwrap()).unwrap();
        (o.numerator, o.denominator)
    };
    // CF1, looked after at month end. 31 Mar 2022: D (E's episode is
    // closed on 31 March, its return's last day: not looked after at the
    // end of it). 31 Jan 2023: D and F. Without stitching E would count in
    // every later month.
    assert_eq!(at(&both, "CF1", "2022-03").0, 1);
    assert_eq!(at(&both, "CF1", "2023-01").0, 2);
    // CF4, 3+ placements in the 12 months to month end. March 2022 (Apr 21
    // to Mar 22): D 1 (the placement held when the window began). January
    // 2023 (Feb 22 to Jan 23): D 3 (U1 held at the start, U4, U5); F 1.
    assert_eq!(at(&both, "CF4", "2022-03"), (0, Some(1)));
    assert_eq!(at(&both, "CF4", "2023-01"), (1, Some(2)));
    // CF5, long-term stability: under 16 and looked after 2½ years or more,
    // placement of 2 years or more. March 2022: D, aged 10, looked after
    // since Jun 2019 (2 y 10 m), placed since then: 1 of 1. January 2023:
    // D placed on 1 Dec 2022: 0 of 1 (F is not yet 2½ years in care).
    assert_eq!(at(&both, "CF5", "2022-03"), (1, Some(1)));
    assert_eq!(at(&both, "CF5", "2023-01"), (0, Some(1)));
    // The latest return alone gives the same figures for its months.
    for r in ["CF1", "CF2", "CF4", "CF5", "CF6", "CF7", "CF8"] {
        for m in [
            "2022-04", "2022-05", "2022-06", "2022-07", "2022-08", "2022-09", "2022-10", "2022-11",
            "2022-12", "2023-01", "2023-02", "2023-03",
        ] {
            assert_eq!(at(&both, r, m), at(&only, r, m), "{r} {m}");
        }
    }
}
