//! The team view: funnel limits for hand-worked teams, the groups adding up
//! in the written CSV, and workers pseudonymised unless named.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use scorecard_compute::events::{Assessment, TeamAllocation};
use scorecard_compute::groups::GroupBy;
use scorecard_compute::{Events, Population, compute};
use scorecard_core::funnel::Position;
use scorecard_core::{Catalogue, Month, ScorecardConfig, Unit, WorkingDayCalendar};
use scorecard_report::recipe::{Report, RunOptions, window};
use scorecard_report::teams;

const LA: &str = "LA1";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn report(
    events: Events,
    population: &Population,
    las: Vec<String>,
    options: &RunOptions,
) -> Report {
    let period: Month = "2024-01".parse().unwrap();
    let (first, last) = window(period);
    let cal = WorkingDayCalendar::england_and_wales();
    let computation = compute(&events, population, &cal, first, last);
    Report::from_computation(
        computation,
        events,
        population,
        las,
        period,
        Catalogue::builtin(),
        ScorecardConfig::published_defaults(),
        options,
        &|_| {},
    )
    .unwrap()
}

fn by(group: GroupBy) -> RunOptions {
    let mut o = RunOptions::default();
    o.by = Some(group);
    o
}

/// Twenty assessments authorised in January 2024, ten per team. In time
/// (45 working days): started 2024-01-02, authorised 2024-01-10 (6 working
/// days). Late: started 2023-09-01, authorised 2024-01-15 (94 working
/// days). North: 1 of 10 in time; South: 9 of 10. The LA: 10 of 20, so
/// θ = 0.5 and each team's limits are those of n = 10, worked by hand in
/// `scorecard_core::funnel`'s test: 95% 0.1324444 to 0.7675556, 99.8%
/// 0.00024 to 0.89976. North's 10% is below the lower 95% limit (inside
/// 99.8%); South's 90% is above the upper 99.8% limit, 89.976%.
#[test]
fn funnel_limits_and_flags_for_hand_worked_teams() {
    let mut ev = Events::default();
    for (team, timely) in [("North", 1), ("South", 9)] {
        for i in 0..10 {
            let child = format!("{team}{i}");
            let (start, authorised) = if i < timely {
                ("2024-01-02", "2024-01-10")
            } else {
                ("2023-09-01", "2024-01-15")
            };
            ev.assessments.push(Assessment {
                la: LA.into(),
                child_id: child.as_str().into(),
                start: d(start),
                authorised: Some(d(authorised)),
                outcome: None,
            });
            ev.team_allocations.push(TeamAllocation {
                la: LA.into(),
                child_id: child.as_str().into(),
                team: Some(team.into()),
                worker: None,
                start: None,
                end: None,
            });
        }
    }
    let r = report(
        ev,
        &Population::default(),
        vec![LA.into()],
        &by(GroupBy::Team),
    );
    let period = r.period;
    let rows = teams::rows(
        r.grouped.as_ref().unwrap(),
        &r.computation,
        LA,
        &r.catalogue,
        &r.config,
        period,
        period,
    );
    let get = |g: &str| {
        rows.iter()
            .find(|x| x.reference == "CIN8" && x.group == g)
            .unwrap()
    };
    let (la, north, south) = (get(""), get("North"), get("South"));
    assert_eq!((la.numerator, la.denominator), (Some(10), Some(20)));
    assert_eq!((north.numerator, north.denominator), (Some(1), Some(10)));
    let l = north.limits.unwrap();
    assert!((l.lower_95 - 0.1324444).abs() < 1e-6 && (l.upper_95 - 0.7675556).abs() < 1e-6);
    assert!((l.lower_998 - 0.00024).abs() < 1e-6 && (l.upper_998 - 0.89976).abs() < 1e-6);
    assert_eq!(north.position, Some(Position::Low95));
    assert_eq!(south.position, Some(Position::High998));
    assert!(
        la.position.is_none(),
        "the LA total is the centre, not a point"
    );
    // Flagged in the tidy CSV, drawn in the page.
    let csv = teams::to_csv(&rows, GroupBy::Team).unwrap();
    assert!(csv.starts_with("la,team,ref,"));
    assert!(
        csv.lines()
            .any(|l| l.starts_with("LA1,South,CIN8,") && l.contains(",above 99.8%,"))
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("LA1,North,CIN8,") && l.contains(",13.2,76.8,"))
    );
    // The workbook: a Funnel sheet of the points and limits, and a chart
    // per ref drawn from its cells.
    let book = teams::render_workbook(&rows, period, GroupBy::Team).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    assert!(
        names.iter().any(|n| n == "xl/charts/chart1.xml"),
        "{names:?}"
    );
    let mut chart = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/charts/chart1.xml").unwrap(),
        &mut chart,
    )
    .unwrap();
    assert!(
        chart.contains("Funnel!$F$2:$F$3") && chart.contains("upper 99.8%"),
        "{chart}"
    );
    let html = teams::render_page(&rows, LA, period, GroupBy::Team, "note");
    assert!(html.contains("<svg") && html.contains("South: 9 of 10 (90.0%), above 99.8% limit"));
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scorecard-teams-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn synthetic() -> scorecard_synth::Synthetic {
    let (first, _) = window("2024-01".parse().unwrap());
    scorecard_synth::generate(&scorecard_synth::SynthConfig {
        children_per_la: 4_000,
        first_month: first,
        months: 24,
        ..Default::default()
    })
}

#[test]
fn by_team_files_add_up_to_the_la() {
    let s = synthetic();
    let r = report(
        s.events.clone(),
        &s.population,
        s.las.clone(),
        &by(GroupBy::Team),
    );
    let out = temp("team");
    let written = r.write(&out, &|_| {}).unwrap();
    assert!(
        !written.contains(&out.join("caseloads-by-worker.csv")),
        "workers only by worker"
    );
    for f in [
        "by-team.csv",
        "by-team.html",
        "by-team.xlsx",
        "caseloads-by-team.csv",
    ] {
        assert!(written.contains(&out.join(f)), "{f}");
    }
    let rows = read_csv(&out.join("by-team.csv"));
    let cat = Catalogue::builtin();
    let mut totals: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    let mut sums: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    let mut teams = std::collections::BTreeSet::new();
    for row in &rows {
        let unit = cat.get(&row["ref"]).unwrap().unit;
        // An average does not add up, nor WF8, a maximum.
        if unit == Unit::Average || row["ref"] == "WF8" || row["numerator"].is_empty() {
            continue;
        }
        let n: i64 = row["numerator"].parse().unwrap();
        let den: i64 = if unit == Unit::Percent {
            row["denominator"].parse().unwrap_or(0)
        } else {
            0
        };
        let key = (row["ref"].clone(), row["period"].clone());
        let into = if row["team"].is_empty() {
            &mut totals
        } else {
            teams.insert(row["team"].clone());
            &mut sums
        };
        let e = into.entry(key).or_default();
        e.0 += n;
        e.1 += den;
    }
    // The ten synthetic teams and the unallocated children.
    assert_eq!(teams.len(), 11, "{teams:?}");
    assert!(teams.contains("unallocated"));
    assert!(totals.len() > 500, "{} totals", totals.len());
    for (key, total) in &totals {
        assert_eq!(
            sums.get(key).copied().unwrap_or_default(),
            *total,
            "{key:?}"
        );
    }
    let html = std::fs::read_to_string(out.join("by-team.html")).unwrap();
    assert!(html.contains("latest allocation begun by the period"));
    assert!(html.contains("Caseloads on 31 January 2024"));
    // The caseloads add up: the LA's cases are its teams' (every synthetic
    // worker is in a team).
    let loads = read_csv(&out.join("caseloads-by-team.csv"));
    let cases = |r: &BTreeMap<String, String>| r["cases"].parse::<u32>().unwrap();
    let la_cases = cases(loads.iter().find(|r| r["team"].is_empty()).unwrap());
    let team_cases: u32 = loads
        .iter()
        .filter(|r| !r["team"].is_empty())
        .map(cases)
        .sum();
    assert!(la_cases > 0);
    assert_eq!(la_cases, team_cases);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn workers_are_pseudonymised_stably_unless_named() {
    let s = synthetic();
    let run = |options: &RunOptions, name: &str| {
        let r = report(s.events.clone(), &s.population, s.las.clone(), options);
        let out = temp(name);
        r.write(&out, &|_| {}).unwrap();
        let mut text = std::fs::read_to_string(out.join("by-worker.csv")).unwrap();
        text.push_str(&std::fs::read_to_string(out.join("caseloads-by-worker.csv")).unwrap());
        let html = std::fs::read_to_string(out.join("by-worker.html")).unwrap();
        let _ = std::fs::remove_dir_all(&out);
        (text, html)
    };
    let (first, html) = run(&by(GroupBy::Worker), "w1");
    let (again, _) = run(&by(GroupBy::Worker), "w2");
    assert_eq!(first, again, "the same pseudonyms in every run");
    // The synthetic workers are named SYN001-W001 ...: never in the files.
    assert!(!first.contains("-W0") && !first.contains("-W1") && !html.contains("-W0"));
    assert!(first.lines().skip(1).any(|l| {
        l.split(',')
            .nth(1)
            .is_some_and(|w| w.starts_with("W-") && w.len() == 12)
    }));
    assert!(html.contains("keyed by the LA code only"));
    // A council's key gives other pseudonyms, as stable.
    let key = temp("key");
    std::fs::write(&key, "a council secret").unwrap();
    let mut keyed = by(GroupBy::Worker);
    keyed.pseudonym_key = Some(key.clone());
    let (with_key, _) = run(&keyed, "w3");
    assert_ne!(with_key, first);
    assert_eq!(run(&keyed, "w4").0, with_key);
    let _ = std::fs::remove_file(&key);
    // Names only when asked for.
    let mut named = by(GroupBy::Worker);
    named.names = true;
    let (names, html) = run(&named, "w5");
    assert!(names.contains("SYN001-W0") && html.contains("personal data"));
}
