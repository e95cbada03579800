//! Readers: the canonical CSV form and the ONS population file.

use scorecard_compute::Error;
use scorecard_compute::events::{Assessment, CpPlan};
use scorecard_compute::readers::canonical::{read_dir, read_table, write_dir};

use crate::{population, testdata};

#[test]
fn canonical_round_trip() {
    let events = read_dir(&testdata("caseload/small")).unwrap();
    assert_eq!(events.referrals.len(), 9);
    let dir = std::env::temp_dir().join(format!("scorecard-roundtrip-{}", std::process::id()));
    write_dir(&events, &dir).unwrap();
    let back = read_dir(&dir).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(back, events);
}

/// A file that cannot be opened and a folder that cannot be written give
/// `Error::Io` with the path, the operation and the operating system's
/// error as the source, not a string.
#[test]
fn io_errors_keep_the_path_the_operation_and_the_source() {
    use std::error::Error as _;
    let missing = std::env::temp_dir().join("scorecard-no-such-dir/referrals.csv");
    let err = scorecard_compute::readers::text::read(&missing).unwrap_err();
    match &err {
        Error::Io(f) => {
            assert_eq!(f.operation, scorecard_core::Operation::Read);
            assert_eq!(f.path, missing.display().to_string());
            assert_eq!(f.source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().starts_with("cannot read "), "{err}");
    assert!(err.source().is_some());
    // A folder under a file cannot be created: a write failure.
    let file = std::env::temp_dir().join(format!("scorecard-io-{}", std::process::id()));
    std::fs::write(&file, "x").unwrap();
    let err = write_dir(&scorecard_compute::Events::default(), &file.join("out")).unwrap_err();
    std::fs::remove_file(&file).ok();
    assert!(
        matches!(
            &err,
            Error::Io(f) if f.operation == scorecard_core::Operation::Write
        ),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("cannot write "), "{err}");
}

#[test]
fn errors_name_file_line_and_column() {
    let text = "la,child_id,start,authorised,outcome\nX,1,2024-01-01,2024-01-02,child_in_need\nX,2,2024-01-01,31/02/2024,\n";
    let err = read_table::<Assessment>(text, "assessments.csv").unwrap_err();
    match &err {
        Error::Input { at, .. } => {
            assert_eq!(
                (at.file.as_str(), at.line, at.column.as_deref()),
                ("assessments.csv", Some(3), Some("authorised"))
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    let text = "la,child_id,start,authorised,outcome\nX,1,2024-01-01,,maybe\n";
    let msg = read_table::<Assessment>(text, "assessments.csv")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("line 2") && msg.contains("outcome"), "{msg}");
    let text = "la,child_id,start,end,initial_category,previous_plans\nX,1,2024-01-01,,,two\n";
    let msg = read_table::<CpPlan>(text, "cp_plans.csv")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("column \"previous_plans\""), "{msg}");
    // A header with a missing required column.
    let msg = read_table::<CpPlan>("la,child_id\nX,1\n", "cp_plans.csv")
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("cp_plans.csv, line 2") && msg.contains("start"),
        "{msg}"
    );
    // BOM and blank lines are fine.
    let ok = read_table::<CpPlan>(
        "\u{feff}la,child_id,start,end,initial_category,previous_plans\n\nX,1,2024-01-01,,,\n",
        "f",
    )
    .unwrap();
    assert_eq!(ok.len(), 1);
}

#[test]
fn ons_population_by_code_old_code_and_name() {
    let pop = population();
    let jan24 = "2024-01".parse().unwrap();
    // Tameside, as published: 52,901 children aged 0-17 at mid-2024.
    assert_eq!(pop.for_period("E08000008", jan24), Some(52_901));
    assert_eq!(pop.for_period("357", jan24), Some(52_901));
    assert_eq!(pop.for_period("tameside", jan24), Some(52_901));
    // Mid-2021: 51,138 (the estimate in the published scorecard's rates:
    // 634 early help episodes / 51,138 x 10,000 = 124.0, as printed for EH3).
    assert_eq!(
        pop.for_period("Tameside", "2021-12".parse().unwrap()),
        Some(51_138)
    );
    // Before the first estimate (2012): none.
    assert_eq!(pop.for_period("Tameside", "2011-06".parse().unwrap()), None);
    // A name with a comma in it (quoted in the CSV) is read whole.
    assert!(pop.knows("Bournemouth, Christchurch and Poole"));
    // Bad numbers are errors naming line and column.
    let bad = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,age_group,population_estimate\n2024,Reporting year,Local authority,E,England,R,NW,357,E08000008,Tameside,Children aged 0 to 17 years,lots\n";
    let msg = scorecard_compute::Population::from_ons_csv(bad, "pop.csv")
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("pop.csv, line 2, column \"population_estimate\""),
        "{msg}"
    );
}

#[test]
fn supplied_aggregates() {
    use scorecard_compute::aggregates::read_aggregates;
    use scorecard_compute::{Events, compute};
    use scorecard_core::{Catalogue, Value, WorkingDayCalendar};
    let cat = Catalogue::builtin();
    let text = "la,ref,period,value,numerator,denominator\n\
                E08000008,WF4,2024-01,29%,,\n\
                E08000008,WF8,Jan-24,34,,\n\
                E08000008,CIN1,2024-01,999,,\n";
    let agg = read_aggregates(text, "agg.csv", &cat).unwrap();
    assert_eq!(
        agg["E08000008"]["WF8"]
            .get("2024-01".parse().unwrap())
            .unwrap()
            .value,
        Some(Value::Count(34))
    );
    // CIN1 is computed from the referrals: the supplied 999 is not used.
    let mut events = Events::default();
    events.referrals.push(scorecard_compute::events::Referral {
        la: "E08000008".into(),
        child_id: "1".into(),
        date: "2024-01-03".parse().unwrap(),
        source: None,
        nfa: None,
        decision_date: None,
    });
    let mut out = compute(
        &events,
        &population(),
        &WorkingDayCalendar::england_and_wales(),
        "2024-01".parse().unwrap(),
        "2024-01".parse().unwrap(),
    );
    out.add_supplied(&agg);
    let jan = "2024-01".parse().unwrap();
    assert_eq!(
        out.series("E08000008", "CIN1")
            .unwrap()
            .get(jan)
            .unwrap()
            .value,
        Some(Value::Count(1))
    );
    assert_eq!(
        out.series("E08000008", "WF4")
            .unwrap()
            .get(jan)
            .unwrap()
            .value,
        Some(Value::Decimal("29".parse().unwrap()))
    );
    let q = &out.quality.tables["supplied_aggregates"];
    assert_eq!((q.read, q.used), (3, 2));
    assert_eq!(q.excluded["computed from case-level data instead"], 1);
    // Errors name line and column.
    let err = |t: &str| read_aggregates(t, "agg.csv", &cat).unwrap_err().to_string();
    let head = "la,ref,period,value\n";
    assert!(err(&format!("{head}X,ZZ9,2024-01,5\n")).contains("line 2, column \"ref\""));
    assert!(err(&format!("{head}X,WF4,2024-13,5\n")).contains("column \"period\""));
    assert!(err(&format!("{head}X,WF4,2024-01,five\n")).contains("column \"value\""));
    assert!(err(&format!("{head}X,WF4,2024-01,5\nX,WF4,Jan-24,6\n")).contains("a second value"));
    assert!(err("la,ref,value\nX,WF4,5\n").contains("missing column"));
}

#[test]
fn parquet_round_trip_and_errors() {
    use scorecard_compute::readers::parquet;
    let events = read_dir(&testdata("caseload/small")).unwrap();
    let dir = std::env::temp_dir().join(format!("scorecard-parquet-{}", std::process::id()));
    parquet::write_dir(&events, &dir).unwrap();
    let back = parquet::read_dir(&dir).unwrap();
    assert_eq!(back, events);
    // A required value missing: the referrals file without its `date` column.
    let text = "la,child_id,date,source,nfa,decision_date\nX,1,2024-01-01,,,\n";
    let ev = scorecard_compute::Events {
        referrals: read_table(text, "r.csv").unwrap(),
        ..Default::default()
    };
    parquet::write_dir(&ev, &dir).unwrap();
    // Overwrite cla_episodes with a frame that lacks columns, via CSV -> Parquet of another table.
    let wrong = dir.join("cla_episodes.parquet");
    std::fs::copy(dir.join("referrals.parquet"), &wrong).unwrap();
    let msg = parquet::read_dir(&dir).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        msg.contains("cla_episodes.parquet")
            && msg.contains("column \"start\"")
            && msg.contains("missing column"),
        "{msg}"
    );
}

#[test]
fn duplicated_children_are_warned() {
    use scorecard_compute::events::Child;
    use scorecard_compute::{Events, Population, compute};
    use scorecard_core::WorkingDayCalendar;
    let child = |dob: &str| Child {
        la: "X".into(),
        child_id: "7".into(),
        date_of_birth: Some(dob.parse().unwrap()),
        sex: None,
        ethnicity: None,
        disability: None,
    };
    // The same id with two dates of birth (kept, warned), and an exact copy
    // of the first row (rejected as V06).
    let events = Events {
        children: vec![
            child("2015-01-01"),
            child("2016-01-01"),
            child("2015-01-01"),
        ],
        ..Events::default()
    };
    let out = compute(
        &events,
        &Population::new(),
        &WorkingDayCalendar::england_and_wales(),
        "2024-01".parse().unwrap(),
        "2024-01".parse().unwrap(),
    );
    assert_eq!(
        out.quality.warned(
            "children",
            "V16: the same child id twice in the children table"
        ),
        1
    );
    assert_eq!(
        out.quality.excluded("children", "V06: the same row twice"),
        1
    );
    assert_eq!(out.quality.tables["children"].used, 2);
}

/// A big table is converted in slices on every core: an error still names
/// its row in the file (here a null date far past the first slice).
#[test]
fn parquet_errors_name_the_row_in_big_files() {
    use polars::prelude::*;
    use scorecard_compute::readers::parquet;
    let n = 300_000usize;
    let bad = 299_999usize; // 0-based: row 300,000 of the file
    let dates: Vec<Option<i32>> = (0..n)
        .map(|i| (i != bad).then_some(19_700 + (i % 300) as i32))
        .collect();
    let none_text: Vec<Option<&str>> = vec![None; n];
    let none_bool: Vec<Option<bool>> = vec![None; n];
    let mut df = DataFrame::new_infer_height(vec![
        Column::new("la".into(), vec!["X"; n]),
        Column::new(
            "child_id".into(),
            (0..n).map(|i| format!("c{i}")).collect::<Vec<_>>(),
        ),
        Int32Chunked::from_iter_options("date".into(), dates.into_iter())
            .into_date()
            .into_column(),
        Column::new("source".into(), none_text),
        Column::new("nfa".into(), none_bool),
        Int32Chunked::from_iter_options("decision_date".into(), std::iter::repeat_n(None, n))
            .into_date()
            .into_column(),
    ])
    .unwrap();
    let dir = std::env::temp_dir().join(format!("scorecard-parquet-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = std::fs::File::create(dir.join("referrals.parquet")).unwrap();
    ParquetWriter::new(f).finish(&mut df).unwrap();
    let msg = parquet::read_dir(&dir).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        msg.contains("referrals.parquet")
            && msg.contains("300000")
            && msg.contains("date")
            && msg.contains("required"),
        "{msg}"
    );
}
