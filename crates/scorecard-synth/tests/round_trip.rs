//! A generated caseload survives the canonical Parquet form exactly, and
//! the Annex A CSV lists for the tables Annex A carries one for one.

use scorecard_compute::events::AssessmentOutcome;
use scorecard_compute::readers::{annex_a, parquet};
use scorecard_synth::{SynthConfig, generate};

/// Equal, or a short message naming the first difference.
fn same<T: PartialEq + std::fmt::Debug>(what: &str, got: &[T], want: &[T]) {
    assert_eq!(got.len(), want.len(), "{what}: lengths differ");
    if let Some(i) = (0..got.len()).find(|&i| got[i] != want[i]) {
        panic!("{what}[{i}]: got {:?}, want {:?}", got[i], want[i]);
    }
}

fn temp(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("scorecard-synth-{name}-{}", std::process::id()))
}

#[test]
fn parquet_round_trip() {
    let s = generate(&SynthConfig {
        children_per_la: 3_000,
        las: 2,
        months: 6,
        ..SynthConfig::default()
    });
    let dir = temp("parquet");
    s.write_parquet(&dir).unwrap();
    let back = parquet::read_dir(&dir).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(s.events.len() > 1000);
    same("referrals", &back.referrals, &s.events.referrals);
    same(
        "mash_contacts",
        &back.mash_contacts,
        &s.events.mash_contacts,
    );
    same("cla_episodes", &back.cla_episodes, &s.events.cla_episodes);
    assert!(
        back == s.events,
        "some table differs after the Parquet round trip"
    );
    // The reader shares one allocation per child id across tables, and one
    // per LA code within a table.
    let child = |id: &str| {
        back.children
            .iter()
            .find(|c| &*c.child_id == id)
            .map(|c| c.child_id.clone())
    };
    let r = &back.referrals[0];
    let from_children = child(&r.child_id).expect("a referred child is in the children table");
    assert!(std::sync::Arc::ptr_eq(&r.child_id, &from_children));
    let same_la = back
        .referrals
        .iter()
        .find(|x| x.la == r.la && !std::ptr::eq(*x, r))
        .unwrap();
    assert!(std::sync::Arc::ptr_eq(&r.la, &same_la.la));
}

#[test]
fn annex_a_round_trip() {
    let s = generate(&SynthConfig {
        children_per_la: 3_000,
        months: 6,
        ..SynthConfig::default()
    });
    let dir = temp("annex-a");
    s.write_annex_a(&dir).unwrap();
    let back = annex_a::read_csv_dir("SYN001", &dir.join("SYN001")).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let ev = &s.events;
    assert_eq!(back.referrals.len(), ev.referrals.len());
    // Annex A has no referral decision date; everything else comes back.
    let strip: Vec<_> = ev
        .referrals
        .iter()
        .cloned()
        .map(|mut r| {
            r.decision_date = None;
            r
        })
        .collect();
    same("referrals", &back.referrals, &strip);
    // Annex A records only whether the child needs support: an early help
    // outcome reads back as "not in need".
    let assessments: Vec<_> = ev
        .assessments
        .iter()
        .cloned()
        .map(|mut a| {
            if a.outcome == Some(AssessmentOutcome::EarlyHelp) {
                a.outcome = Some(AssessmentOutcome::NotInNeed)
            }
            a
        })
        .collect();
    same("assessments", &back.assessments, &assessments);
    same("section47s", &back.section47s, &ev.section47s);
    // ICPCs come back without attendance (not in Annex A).
    let icpcs: Vec<_> = ev
        .icpcs
        .iter()
        .cloned()
        .map(|mut c| {
            c.police_attended = None;
            c.health_attended = None;
            c.education_attended = None;
            c
        })
        .collect();
    same("icpcs", &back.icpcs, &icpcs);
    same("cin_episodes", &back.cin_episodes, &ev.cin_episodes);
    same("cp_plans", &back.cp_plans, &ev.cp_plans);
    same(
        "early_help_assessments",
        &back.early_help_assessments,
        &ev.early_help_assessments,
    );
    let contacts: Vec<_> = ev
        .contacts
        .iter()
        .cloned()
        .map(|mut c| {
            c.outcome = None;
            c.outcome_date = None;
            c
        })
        .collect();
    same("contacts", &back.contacts, &contacts);
    // List 9 holds each care leaver's latest contact and pathway plan review.
    let mut latest: std::collections::BTreeMap<
        &str,
        &scorecard_compute::events::CareLeaverContact,
    > = Default::default();
    for c in &ev.care_leaver_contacts {
        let e = latest.entry(&*c.child_id).or_insert(c);
        if c.date >= e.date {
            *e = c;
        }
    }
    let mut back_cl = back.care_leaver_contacts.clone();
    back_cl.sort_by(|a, b| a.child_id.cmp(&b.child_id));
    let want: Vec<_> = latest.values().map(|c| (*c).clone()).collect();
    assert!(!want.is_empty());
    same("care_leaver_contacts", &back_cl, &want);
}

/// The template's dress (title rows, `a) Male`, `b) No`, `a) WBRI`, Excel
/// dates, numeric ids as numbers) reads back to the same figures as the
/// canonical events, for every indicator the written lists feed.
#[test]
fn annex_a_in_the_template_dress_round_trips_to_the_same_figures() {
    use scorecard_compute::{Options, compute_with};
    use scorecard_core::WorkingDayCalendar;
    let cfg = SynthConfig {
        children_per_la: 3_000,
        months: 12,
        ..SynthConfig::default()
    };
    let s = generate(&cfg);
    let dir = temp("annex-a-xlsx");
    s.write_annex_a_workbook(&dir).unwrap();
    let book = dir.join("SYN001").join("annex-a.xlsx");
    let back = annex_a::read_path("SYN001", &book).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    // Every sheet is accounted for and no cell was refused.
    for a in &back.accounts {
        assert!(a.cells.is_empty(), "{}: {:?}", a.file, a.cells);
        let excluded: u64 = a.excluded.values().sum();
        assert_eq!(a.read, a.used + excluded, "{}", a.file);
    }
    assert_eq!(back.accounts[0].kind, "Ofsted template sheet (no data)");
    assert_eq!(back.accounts[2].heading_row, Some(2));
    let cal = WorkingDayCalendar::england_and_wales();
    let (first, last) = (cfg.first_month, cfg.last_month());
    let direct = compute_with(
        &s.events,
        &s.population,
        &cal,
        first,
        last,
        &Options::default(),
    );
    let read = compute_with(
        &back.events,
        &s.population,
        &cal,
        first,
        last,
        &Options::default().with_coverage(back.coverage.clone()),
    );
    let refs = [
        "FD1", "FD2", "EH7", "EH9", "EH9a", "CIN1", "CIN2", "CIN4", "CIN6", "CIN7", "CIN8",
        "CIN13", "CIN14", "CIN15", "SG5", "SG6", "SG7", "CIN18", "CIN19", "SG13", "SG14", "WF1",
        "WF2",
    ];
    for r in refs {
        let (a, b) = (
            direct.series("SYN001", r).unwrap(),
            read.series("SYN001", r).unwrap(),
        );
        assert_eq!(b.no_data, None, "{r}");
        assert!(!a.observations.is_empty(), "{r}");
        assert_eq!(a.observations, b.observations, "{r}");
    }
    // The ages of children come back too (dates of birth as Excel dates).
    assert!(
        back.events
            .children
            .iter()
            .all(|c| c.date_of_birth.is_some())
    );
}

/// The same synthetic caseload through the CIN census XML and through
/// Annex A gives identical figures for every indicator both can feed
/// (referrals, assessments, S47s, conferences, CP plans), and the census
/// accounts for every child.
#[test]
fn the_cin_census_and_annex_a_give_the_same_figures() {
    use scorecard_compute::readers::cin_census;
    use scorecard_compute::{Options, compute_with};
    use scorecard_core::WorkingDayCalendar;
    let cfg = SynthConfig {
        children_per_la: 3_000,
        months: 12,
        ..SynthConfig::default()
    };
    let s = generate(&cfg);
    let dir = temp("cin-census");
    let reference = chrono::NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
    s.write_cin_census(&dir, reference).unwrap();
    s.write_annex_a(&dir.join("annex-a")).unwrap();
    let census =
        cin_census::read_path(Some("SYN001"), &dir.join("SYN001").join("cin-census.xml")).unwrap();
    let annex = annex_a::read_path("SYN001", &dir.join("annex-a").join("SYN001")).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let account = &census.accounts[0];
    assert!(account.cells.is_empty(), "{:?}", account.cells);
    assert_eq!(account.read, account.used);
    assert!(account.read > 100, "{} children", account.read);
    let cal = WorkingDayCalendar::england_and_wales();
    let (first, last) = (cfg.first_month, cfg.last_month());
    let run = |ev, cov| {
        compute_with(
            ev,
            &s.population,
            &cal,
            first,
            last,
            &Options::default().with_coverage(cov),
        )
    };
    let a = run(&census.events, census.coverage.clone());
    let b = run(&annex.events, annex.coverage.clone());
    let refs = [
        "CIN1", "CIN2", "CIN4", "CIN6", "CIN7", "CIN8", "CIN13", "CIN14", "CIN15", "SG5", "SG6",
        "SG7", "CIN18", "CIN19", "SG13", "SG14",
    ];
    for r in refs {
        let (x, y) = (
            a.series("SYN001", r).unwrap(),
            b.series("SYN001", r).unwrap(),
        );
        assert_eq!(x.no_data, None, "{r}");
        assert!(
            x.observations.values().any(|o| o.numerator > 0),
            "{r} all zero"
        );
        assert_eq!(x.observations, y.observations, "{r}");
    }
}

/// The same synthetic caseload through the SSD (written as its CSV tables
/// and read back) gives the figures Annex A and the CIN census give for
/// every indicator all three feed, and the figures of the caseload's own
/// events for the rest of what the SSD holds (looked after, health,
/// missing, visits); every SSD row is used.
#[test]
fn the_ssd_gives_the_figures_of_annex_a_the_census_and_the_events() {
    use scorecard_compute::readers::{cin_census, ssd};
    use scorecard_compute::{Coverage, Options, compute_with};
    use scorecard_core::WorkingDayCalendar;
    let cfg = SynthConfig {
        children_per_la: 3_000,
        months: 12,
        ..SynthConfig::default()
    };
    let s = generate(&cfg);
    let dir = temp("ssd");
    s.write_ssd(&dir).unwrap();
    s.write_annex_a(&dir.join("annex-a")).unwrap();
    let reference = chrono::NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
    s.write_cin_census(&dir.join("census"), reference).unwrap();
    let read = ssd::read_dir("SYN001", &dir.join("SYN001")).unwrap();
    let annex = annex_a::read_path("SYN001", &dir.join("annex-a").join("SYN001")).unwrap();
    let census = cin_census::read_path(
        Some("SYN001"),
        &dir.join("census").join("SYN001").join("cin-census.xml"),
    )
    .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    for a in &read.accounts {
        assert_eq!(a.read, a.used, "{}: {:?}", a.file, a.excluded);
        assert!(a.cells.is_empty(), "{}: {:?}", a.file, a.cells);
    }
    let cal = WorkingDayCalendar::england_and_wales();
    let (first, last) = (cfg.first_month, cfg.last_month());
    let run = |ev, cov| {
        compute_with(
            ev,
            &s.population,
            &cal,
            first,
            last,
            &Options::default().with_coverage(cov),
        )
    };
    let by_ssd = run(&read.events, read.coverage.clone());
    let by_annex = run(&annex.events, annex.coverage.clone());
    let by_census = run(&census.events, census.coverage.clone());
    let all_three = [
        "CIN1", "CIN2", "CIN4", "CIN6", "CIN7", "CIN8", "CIN13", "CIN14", "CIN15", "SG5", "SG6",
        "SG7", "CIN18", "CIN19", "SG13", "SG14",
    ];
    for r in all_three {
        let x = by_ssd.series("SYN001", r).unwrap();
        assert_eq!(x.no_data, None, "{r}");
        assert!(
            x.observations.values().any(|o| o.numerator > 0),
            "{r} all zero"
        );
        assert_eq!(
            x.observations,
            by_annex.series("SYN001", r).unwrap().observations,
            "{r} vs Annex A"
        );
        assert_eq!(
            x.observations,
            by_census.series("SYN001", r).unwrap().observations,
            "{r} vs the census"
        );
    }
    // The rest against the events themselves, as the SSD holds them.
    let mut events = s.events.for_la("SYN001");
    for m in &mut events.missing_episodes {
        (m.rhi_offered, m.rhi_completed) = (None, None);
    }
    let own = run(&events, Coverage::infer(&events));
    let ssd_only = [
        "CF1", "CF2", "CF4", "CF5", "CF6", "CF7", "CF8", "CF9", "CF12", "CF21", "CF22", "CF23",
        "CF25", "SG15", "CIN21", "CIN24", "CIN20", "CF3",
    ];
    let mut differ = Vec::new();
    for r in ssd_only {
        let x = by_ssd.series("SYN001", r).unwrap();
        assert_eq!(x.no_data, None, "{r}");
        assert!(
            x.observations.values().any(|o| o.numerator > 0),
            "{r} all zero"
        );
        if x.observations != own.series("SYN001", r).unwrap().observations {
            differ.push(r);
        }
    }
    assert!(differ.is_empty(), "differ from the events: {differ:?}");
}
