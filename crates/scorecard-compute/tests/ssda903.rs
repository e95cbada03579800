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
    // episodes, header, missing, oc3 (not used), reviews, sw_episodes.
    assert_eq!(
        kinds,
        [
            Some("episodes"),
            Some("header"),
            Some("missing"),
            None,
            Some("reviews"),
            Some("sw_episodes")
        ]
    );
    assert_eq!(ev.children.len(), 2);
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
    let mut r = Ssda903::new(LA);
    let bad =
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n1,01/13/2023,S,C2,N1,U3,PR1,,\n";
    let msg = r.read("episodes.csv", bad).unwrap_err().to_string();
    assert!(
        msg.starts_with("episodes.csv, line 2, column \"DECOM\""),
        "{msg}"
    );
    let missing = "CHILD,DECOM,RNE\n1,01/12/2023,S\n";
    let msg = r.read("episodes.csv", missing).unwrap_err().to_string();
    assert!(
        msg.contains("column \"LS\"") && msg.contains("missing SSDA903 column"),
        "{msg}"
    );
    let blank = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n1,,S,C2,N1,U3,PR1,,\n";
    let msg = r.read("episodes.csv", blank).unwrap_err().to_string();
    assert!(msg.contains("required"), "{msg}");
}
