//! The `scorecard` binary, run as an analyst would.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}

fn scorecard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .args(args)
        .output()
        .unwrap()
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("scorecard-cli-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&d).ok();
    d
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn demo_writes_all_five_outputs() {
    let out = temp("demo");
    let o = scorecard(&[
        "demo",
        "--quiet",
        "--children",
        "20000",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "scorecard.xlsx",
        "scorecard.html",
        "scorecard.csv",
        "scorecard.json",
        "data-quality.csv",
    ] {
        let meta = std::fs::metadata(out.join(f)).unwrap_or_else(|_| panic!("{f} missing"));
        assert!(meta.len() > 0, "{f} is empty");
    }
    let csv = std::fs::read_to_string(out.join("scorecard.csv")).unwrap();
    assert!(csv.starts_with(
        "la,ref,period,value,numerator,denominator,rating,direction,judgement,override_reason,note,\
         ci_lower,ci_upper,ci_level,ci_method,vs_england,vs_region,vs_neighbours,\
         spc_mean,spc_lower,spc_upper,spc_limits,spc_rule,spc_variation,spc_assurance,\
         rank,rank_of,band,rank_year,previous_rank,previous_band,still_in_time,\
         revised,previous_value,previous_rating,previous_direction\n"
    ));
    // The 12 months to January 2024 for the synthetic council.
    assert!(csv.lines().any(|l| l.starts_with("SYN001,CIN8,2024-01,")));
    assert!(csv.lines().any(|l| l.starts_with("SYN001,CIN8,2023-02,")));
    assert!(!csv.lines().any(|l| l.starts_with("SYN001,CIN8,2023-01,")));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("scorecard.json")).unwrap())
            .unwrap();
    assert_eq!(json.as_array().unwrap().len(), csv.lines().count() - 1);
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn run_on_annex_a_lists() {
    let out = temp("run");
    let o = scorecard(&[
        "run",
        "--quiet",
        "--annex-a",
        testdata("annex_a/csv").to_str().unwrap(),
        "--la",
        "E08000008",
        "--period",
        "2024-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("scorecard.csv")).unwrap();
    // Two referrals in January (see the Annex A fixture), and CIN8 1 of 2 in time
    // (50%, written at its display precision of one place).
    assert!(
        csv.lines()
            .any(|l| l.starts_with("E08000008,CIN1,2024-01,2,2,")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("E08000008,CIN8,2024-01,50.0,1,2,")),
        "{csv}"
    );
    let quality = std::fs::read_to_string(out.join("data-quality.csv")).unwrap();
    assert!(quality.contains("referrals,4,4,0,,"), "{quality}");
    // The List 3 file: 5 rows read, 4 used, the blank one excluded.
    assert!(
        quality
            .lines()
            .any(|l| l.ends_with("List_3.csv,5,4,1,,A04: blank row,,,")),
        "{quality}"
    );
    // No List 1 was given: contacts are no data, not 0 (blank, with the reason).
    assert!(
        csv.lines().any(|l| l.starts_with("E08000008,FD1,2024-01,,,,N/A,,,,no data: needs Annex A List 1")),
        "{csv}"
    );
    assert!(
        quality
            .lines()
            .any(|l| l.starts_with("indicator FD1,,,,,no data: needs Annex A List 1")),
        "{quality}"
    );
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn bad_input_is_a_clear_error_not_a_panic() {
    let dir = temp("bad");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("List_3.csv"),
        "Child Unique ID,Gender,When\n1,M,31/01/2024\n",
    )
    .unwrap();
    let o = scorecard(&[
        "run",
        "--annex-a",
        dir.to_str().unwrap(),
        "--la",
        "E08000008",
        "--period",
        "2024-01",
        "--out",
        dir.join("out").to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    // A list without its key column stops the run, naming the file, the
    // heading row and the headings found.
    assert!(
        err.contains("List_3.csv, line 1, column \"referral_date\"")
            && err.contains("needs a column for referral_date")
            && err.contains("[\"Child Unique ID\", \"Gender\", \"When\"]"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // Annex A without saying which LA it is.
    let o = scorecard(&[
        "run",
        "--annex-a",
        dir.to_str().unwrap(),
        "--period",
        "2024-01",
        "--out",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--la"));
    // A bad month.
    let o = scorecard(&[
        "validate",
        "--canonical",
        dir.to_str().unwrap(),
        "--period",
        "2024-13",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("expected a month"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn validate_prints_the_data_quality_report() {
    let o = scorecard(&[
        "validate",
        "--quiet",
        "--canonical",
        testdata("caseload/small").to_str().unwrap(),
        "--period",
        "2024-01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("source,read,used,excluded,warned,reason,row,column,value\n"));
    assert!(
        text.contains("assessments,5,4,1,,V04: authorised before start,,,"),
        "{text}"
    );
    assert!(
        text.contains("cp_plans,5,4,1,,V03: end before start,,,"),
        "{text}"
    );
}

#[test]
fn catalogue_lists_every_indicator() {
    let o = scorecard(&["catalogue", "--format", "csv"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(text.lines().count(), 1 + 125);
    assert!(text.lines().any(|l| {
        // The TOML's own names, not Rust's (`percent`, not `Percent`).
        l.starts_with("CIN8,CIN,percent,higher_is_better,in_month,derived,\"Annex A List 4\",45,,,")
    }));
    assert!(
        text.lines()
            .any(|l| l.starts_with("CIN23,") && l.contains(",,72,,")),
        "{text}"
    );
    let o = scorecard(&["catalogue", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 125);
}

#[test]
fn run_with_dfe_comparators() {
    let out = temp("dfe");
    let o = scorecard(&[
        "run",
        "--quiet",
        "--annex-a",
        testdata("annex_a/csv").to_str().unwrap(),
        "--la",
        "E08000008",
        "--period",
        "2024-01",
        "--dfe",
        testdata("dfe").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("scorecard.html")).unwrap();
    // CF2's statistical-neighbour average for 2022-23, worked by hand in
    // scorecard-report's comparator test: 116.8, shown as 117.
    let cf2 = html
        .split("data-ref=\"CF2\"")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(cf2.contains(">117<"), "{cf2}");
    std::fs::remove_dir_all(&out).ok();
}

/// testdata/bad: each case gives a documented parse or an error naming file,
/// row and column, with exit status 2; never a panic.
#[test]
fn bad_input_corpus() {
    let out = temp("corpus");
    let run = |case: &str, extra: &[&str]| {
        let dir = testdata(&format!("bad/{case}"));
        let mut args = vec![
            "run",
            "--quiet",
            "--la",
            "E08000008",
            "--period",
            "2024-01",
            "--out",
        ];
        let o = out.join(case);
        let o = o.to_str().unwrap().to_string();
        args.push(&o);
        let input = if extra.is_empty() {
            vec!["--annex-a".to_string(), dir.to_str().unwrap().to_string()]
        } else {
            extra
                .iter()
                .map(|a| a.replace("{dir}", dir.to_str().unwrap()))
                .collect()
        };
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.extend(input);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let res = scorecard(&refs);
        assert!(
            !stderr(&res).contains("panicked"),
            "{case}: {}",
            stderr(&res)
        );
        res
    };
    let ok = |case: &str, extra: &[&str]| {
        let o = run(case, extra);
        assert!(o.status.success(), "{case} should be read: {}", stderr(&o));
        std::fs::read_to_string(out.join(case).join("scorecard.csv")).unwrap()
    };
    let fails = |case: &str, needles: &[&str]| {
        let o = run(case, &[]);
        assert_eq!(o.status.code(), Some(2), "{case}: {}", stderr(&o));
        for n in needles {
            assert!(
                stderr(&o).contains(n),
                "{case}: expected {n:?} in {}",
                stderr(&o)
            );
        }
    };
    let quality =
        |case: &str| std::fs::read_to_string(out.join(case).join("data-quality.csv")).unwrap();
    // A file cut off mid-row: the cut row (line 3) is left out and counted;
    // the complete one is read.
    let csv = ok("truncated", &[]);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("E08000008,CIN1,2024-01,1,1,")),
        "{csv}"
    );
    assert!(
        quality("truncated").contains("A08: the last row (line 3) is cut short"),
        "{}",
        quality("truncated")
    );
    fails(
        "wrong_headings",
        &["List_3.csv", "List 3", "heading row", "\"Kid\""],
    );
    // 05/01/24 is 5 January 2024 (two-digit years as Excel reads them).
    let csv = ok("two_digit_year", &[]);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("E08000008,CIN1,2024-01,1,1,")),
        "{csv}"
    );
    // 31/02/2024 is not a date: the referral is left out (a real 0 in
    // January, List 3 was given) and the cell named: row 2, column, value.
    let csv = ok("impossible_date", &[]);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("E08000008,CIN1,2024-01,0,0,")),
        "{csv}"
    );
    assert!(
        quality("impossible_date")
            .lines()
            .any(|l| l.ends_with(",2,Date of referral,31/02/2024") && l.contains("A03")),
        "{}",
        quality("impossible_date")
    );
    fails("empty", &["List_3.csv", "not Annex A", "empty"]);
    // Read: one referral in January 2024 each.
    for case in [
        "bom",
        "windows_1252",
        "utf16",
        "blank_lines",
        "quoted_newlines",
        "excel_serial",
    ] {
        let csv = ok(case, &[]);
        assert!(
            csv.lines()
                .any(|l| l.starts_with("E08000008,CIN1,2024-01,1,1,")),
            "{case}: {csv}"
        );
    }
    let csv = ok("missing_sheet", &["--annex-a", "{dir}/annex_a.xlsx"]);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("E08000008,CIN1,2024-01,1,1,")),
        "{csv}"
    );
    // A sheet whose XML breaks off inside row 4: rows 2 and 3 are read
    // (two referrals in January) and the rest is reported, naming the row.
    let csv = ok("cut_sheet", &["--annex-a", "{dir}/annex_a.xlsx"]);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("E08000008,CIN1,2024-01,2,2,")),
        "{csv}"
    );
    assert!(
        quality("cut_sheet").lines().any(|l| l.contains("[List 3]")
            && l.contains(",read only to row 3: the sheet's XML cannot be read after it")),
        "{}",
        quality("cut_sheet")
    );
    // Thousands separators in an aggregates file: 1,200 of 4,000 = 30%.
    let csv = ok("thousands", &["--aggregates", "{dir}/aggregates.csv"]);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("E08000008,WF5c,2024-01,30,1200,4000,")),
        "{csv}"
    );
    std::fs::remove_dir_all(&out).ok();
}

/// The same input gives byte-identical outputs across runs.
#[test]
fn outputs_are_deterministic() {
    let (a, b) = (temp("det-a"), temp("det-b"));
    for d in [&a, &b] {
        let o = scorecard(&[
            "demo",
            "--quiet",
            "--children",
            "10000",
            "--out",
            d.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for f in [
        "scorecard.csv",
        "scorecard.json",
        "data-quality.csv",
        "scorecard.html",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs between runs"
        );
    }
    std::fs::remove_dir_all(&a).ok();
    std::fs::remove_dir_all(&b).ok();
}

#[test]
fn small_numbers_are_withheld_on_request() {
    let out = temp("suppress");
    let o = scorecard(&[
        "run",
        "--quiet",
        "--suppress-small",
        "--annex-a",
        testdata("annex_a/csv").to_str().unwrap(),
        "--la",
        "E08000008",
        "--period",
        "2024-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("scorecard.csv")).unwrap();
    // Two referrals in January: withheld as c; a zero stays.
    assert!(
        csv.lines()
            .any(|l| l.starts_with("E08000008,CIN1,2024-01,c,c,c,")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("E08000008,CIN1,2023-12,0,0,")),
        "{csv}"
    );
    let html = std::fs::read_to_string(out.join("scorecard.html")).unwrap();
    let cin1 = html
        .split("data-ref=\"CIN1\"")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(cin1.contains("<td class=\"num\">c</td>"), "{cin1}");
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn drill_down_only_on_request_and_in_its_own_file() {
    let (plain, drill) = (temp("nodrill"), temp("drill"));
    let base = [
        "run",
        "--quiet",
        "--canonical",
        "",
        "--period",
        "2024-01",
        "--out",
    ];
    let dir = testdata("caseload/small");
    let args = |out: &PathBuf, extra: Option<&str>| {
        let mut v: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        v[3] = dir.to_str().unwrap().to_string();
        v.push(out.to_str().unwrap().to_string());
        v.extend(extra.map(str::to_string));
        v
    };
    let run = |v: Vec<String>| scorecard(&v.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(run(args(&plain, None)).status.success());
    assert!(!plain.join("drill-down.csv").exists());
    // The aggregate outputs have no child-level column.
    let csv = std::fs::read_to_string(plain.join("scorecard.csv")).unwrap();
    assert!(!csv.lines().next().unwrap().contains("child"));
    assert!(
        !std::fs::read_to_string(plain.join("scorecard.json"))
            .unwrap()
            .contains("child_id")
    );
    let o = run(args(&drill, Some("--drill-down")));
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = std::fs::read_to_string(drill.join("drill-down.csv")).unwrap();
    assert!(rows.starts_with("la,ref,period,child_id,date\n"));
    assert!(
        rows.contains("E08000008,CIN4,2024-01,A,2024-01-09"),
        "{rows}"
    );
    std::fs::remove_dir_all(&plain).ok();
    std::fs::remove_dir_all(&drill).ok();
}

/// `series`: every LA's monthly series as tidy CSV, only the refs asked for,
/// with the values worked out by hand in scorecard-compute's hand_made tests.
#[test]
fn series_writes_the_selected_refs_for_every_month() {
    let dir = temp("series");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("series.csv");
    let o = scorecard(&[
        "series",
        "--quiet",
        "--canonical",
        testdata("caseload/small").to_str().unwrap(),
        "--from",
        "2023-12",
        "--to",
        "2024-02",
        "--refs",
        "CIN1,CIN8,CIN18",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "la,ref,period,numerator,denominator,value");
    // 3 refs x 3 months, nothing else.
    assert_eq!(lines.len(), 1 + 9, "{text}");
    // CIN1: 1 referral in December, 4 in January (same-day duplicates count), 1 in February.
    for want in [
        "E08000008,CIN1,2023-12,1,,1",
        "E08000008,CIN1,2024-01,4,,4",
        "E08000008,CIN1,2024-02,1,,1",
        // CIN18: three children on a plan at each month end.
        "E08000008,CIN18,2024-01,3,,3",
    ] {
        assert!(lines.contains(&want), "{want} not in\n{text}");
    }
    // CIN8 in January: 2 of the 3 assessments authorised in 45 working days.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("E08000008,CIN8,2024-01,2,3,66.66")),
        "{text}"
    );
    // A ref the engine does not know is refused, with the close ones.
    let o = scorecard(&[
        "series",
        "--canonical",
        testdata("caseload/small").to_str().unwrap(),
        "--from",
        "2024-01",
        "--to",
        "2024-01",
        "--refs",
        "CIN1,CIN99",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    // The close refs, by edits: CIN19 and CIN9 are one away (in name order).
    assert!(
        stderr(&o).contains("ref \"CIN99\" is not known; did you mean CIN19 or CIN9"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// `calendar`: working days between two dates are the difference of the
/// running counts, as the engine counts them.
#[test]
fn calendar_counts_working_days_as_the_engine_does() {
    let dir = temp("calendar");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("calendar.csv");
    let o = scorecard(&["calendar", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let to = |date: &str| -> i64 {
        let line = text
            .lines()
            .find(|l| l.starts_with(date))
            .unwrap_or_else(|| panic!("{date} missing"));
        line.rsplit(',').next().unwrap().parse().unwrap()
    };
    // Fri 22 Dec 2023 to Tue 2 Jan 2024: 27, 28, 29 Dec and 2 Jan (25, 26
    // Dec and 1 Jan are bank holidays, the rest weekends).
    assert_eq!(to("2024-01-02") - to("2023-12-22"), 4);
    assert!(text.contains("\n2023-12-25,false,"));
    assert!(text.contains("\n2023-12-27,true,"));
    std::fs::remove_dir_all(&dir).ok();
}

/// `synth` writes a caseload and its population that `series` reads back;
/// the figures do not depend on the number of threads.
#[test]
fn synth_then_series_on_any_number_of_threads() {
    let dir = temp("synth");
    let data = dir.join("data");
    let o = scorecard(&[
        "synth",
        "--quiet",
        "--out",
        data.to_str().unwrap(),
        "--las",
        "3",
        "--children",
        "2000",
        "--first",
        "2023-11",
        "--months",
        "3",
        "--ssd",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(data.join("referrals.parquet").exists());
    assert!(data.join("ssd/SYN002/ssd_cin_episodes.csv").exists());
    let series = |threads: &str, name: &str| {
        let out = dir.join(name);
        let o = Command::new(env!("CARGO_BIN_EXE_scorecard"))
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "series",
                "--quiet",
                "--canonical",
                data.to_str().unwrap(),
                "--population",
                data.join("population.csv").to_str().unwrap(),
                "--from",
                "2023-11",
                "--to",
                "2024-01",
                "--out",
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read_to_string(out).unwrap()
    };
    let one = series("1", "one.csv");
    // Every LA, and rates per 10,000 of the generated population.
    for la in ["SYN001", "SYN002", "SYN003"] {
        let cin2 = one
            .lines()
            .find(|l| l.starts_with(&format!("{la},CIN2,2024-01,")))
            .unwrap_or_else(|| panic!("no CIN2 for {la}"));
        assert_eq!(cin2.split(',').nth(4), Some("2000"), "{cin2}");
    }
    assert_eq!(one, series("2", "two.csv"));
    assert_eq!(one, series("3", "three.csv"));
    // The SSD synth wrote gives the canonical form's referrals.
    let out = dir.join("from-ssd");
    let o = scorecard(&[
        "run",
        "--quiet",
        "--ssd",
        data.join("ssd/SYN002").to_str().unwrap(),
        "--la",
        "SYN002",
        "--population",
        data.join("population.csv").to_str().unwrap(),
        "--period",
        "2024-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let card = std::fs::read_to_string(out.join("scorecard.csv")).unwrap();
    // The numerator: the scorecard's fifth column, the series' fourth.
    let cin1 = |text: &str, column: usize| {
        text.lines()
            .find(|l| l.starts_with("SYN002,CIN1,2024-01,"))
            .map(|l| l.split(',').nth(column).unwrap_or("").to_string())
    };
    assert_eq!(cin1(&card, 4), cin1(&one, 3));
    assert!(cin1(&card, 4).is_some_and(|n| n != "0"));
    std::fs::remove_dir_all(&dir).ok();
}

/// Every Annex A workbook others published (testdata/external) runs to a
/// scorecard as shipped, with a figure worked out by hand from each (see
/// scorecard-compute's tests/external.rs for the working).
#[test]
fn external_annex_a_workbooks_run_as_shipped() {
    let out = temp("external");
    for (file, period, line) in [
        (
            "liia-tools_Annex_A.xlsx",
            "2020-09",
            "E08000008,CIN1,2020-09,6,6,",
        ),
        (
            "ofsted-template_2015-01-sample.xlsx",
            "2015-03",
            "E08000008,CIN1,2015-03,5,5,",
        ),
        (
            "ofsted-template_2016-01-sample.xlsx",
            "2016-01",
            "E08000008,CIN1,2016-01,0,0,",
        ),
        (
            "ofsted-template_2016-02-sample.xlsx",
            "2016-01",
            "E08000008,CF1,2016-01,0,0,",
        ),
        (
            "ofsted-template_example-A-2005.xls",
            "2010-01",
            "E08000008,EH9,2010-01,11,11,",
        ),
        (
            "ofsted-template_example-B-2004.xlsx",
            "2010-01",
            "E08000008,EH9,2010-01,9,9,",
        ),
    ] {
        let dir = out.join(file);
        let o = scorecard(&[
            "run",
            "--quiet",
            "--annex-a",
            testdata(&format!("external/annex-a/{file}"))
                .to_str()
                .unwrap(),
            "--la",
            "E08000008",
            "--period",
            period,
            "--out",
            dir.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{file}: {}", stderr(&o));
        let csv = std::fs::read_to_string(dir.join("scorecard.csv")).unwrap();
        assert!(
            csv.lines().any(|l| l.starts_with(line)),
            "{file}: {line} in\n{csv}"
        );
        // Strategy discussions are never in Annex A: blank with the reason,
        // not 0, and not rated.
        assert!(
            csv.lines().any(|l| l.starts_with(&format!(
                "E08000008,CIN9,{period},,,,N/A,,,,no data: needs strategy discussions"
            ))),
            "{file}"
        );
        let quality = std::fs::read_to_string(dir.join("data-quality.csv")).unwrap();
        assert!(quality.contains("read as Ofsted template sheet") || file.starts_with("liia"));
        assert!(
            !quality.contains("read as not recognised"),
            "{file}: {quality}"
        );
    }
    // liia-tools' List 4: the value that no yes/no map knows is named.
    let quality =
        std::fs::read_to_string(out.join("liia-tools_Annex_A.xlsx").join("data-quality.csv"))
            .unwrap();
    assert!(
        quality.lines().any(|l| l.ends_with(
            "A11: value not recognised,2,Was the child assessed as requiring LA children's social care support?,CS Assessment Updated"
        )),
        "{quality}"
    );
    // The HTML says why a row is blank.
    let html = std::fs::read_to_string(out.join("liia-tools_Annex_A.xlsx").join("scorecard.html"))
        .unwrap();
    let cf30 = html.split("data-ref=\"CF30\"").nth(1).unwrap();
    let cf30 = cf30.split("</tr>").next().unwrap();
    assert!(
        cf30.contains("No data: needs Annex A List 9 (Latest Date of Contact)"),
        "{cf30}"
    );
    assert!(cf30.contains(">no data<"), "{cf30}");
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn inspect_says_what_each_sheet_is() {
    let o = scorecard(&[
        "inspect",
        testdata("external/annex-a/ofsted-template_example-B-2004.xlsx")
            .to_str()
            .unwrap(),
        testdata("annex_a/csv").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("[Guidance]\n  Ofsted template sheet (no data)"),
        "{text}"
    );
    assert!(text.contains("[List_2]\n  Annex A List 2 (Early help), headings on row 2\n  rows: 10 read, 10 used, 0 left out\n  dates: 2010-01-01 to 2010-01-01"), "{text}");
    assert!(
        text.contains("A10: not a date in \"Date of Birth\": row 10 \"May be 8 Jan 2000\""),
        "{text}"
    );
    assert!(
        text.contains("  CIN1  computed from Annex A List 3"),
        "{text}"
    );
    assert!(
        text.contains("  CIN9  no data: needs strategy discussions"),
        "{text}"
    );
}

/// The published CIN census samples, as a folder of census years, run to a
/// scorecard for the LA their header names (LEA 201), every file listed.
#[test]
fn cin_census_samples_run_as_published() {
    let dir = temp("cin-census");
    let o = scorecard(&[
        "run",
        "--quiet",
        "--cin-census",
        testdata("external/cin-census").to_str().unwrap(),
        "--period",
        "2024-01",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.join("scorecard.csv")).unwrap();
    // January 2024's one authorised assessment: child_fails_assessments',
    // started 25 Dec 2023 and authorised 27 Jan 2024 (in CIN_Census_2024
    // and _2026.xml: one assessment, the copy counted under C04).
    assert!(
        csv.lines().any(|l| l.starts_with("201,CIN6,2024-01,1,1,")),
        "{csv}"
    );
    // Strategy discussions are not in the census: no data, not 0.
    assert!(
        csv.lines().any(
            |l| l.starts_with("201,CIN9,2024-01,,,,N/A,,,,no data: needs strategy discussions")
        ),
        "{csv}"
    );
    let quality = std::fs::read_to_string(dir.join("data-quality.csv")).unwrap();
    for f in [
        "CIN2rows.xml",
        "CIN_Census_2021.xml",
        "CIN_Census_2024.xml",
        "CIN_Census_2026.xml",
        "liia-tools_cin-2022.xml",
    ] {
        assert!(
            quality
                .lines()
                .any(|l| l.contains(f) && l.contains("read as CIN census")),
            "{f}: {quality}"
        );
    }
    assert!(quality.contains("C04: also in a later census"), "{quality}");
}

/// A council's own catalogue (`--catalogue`) changes what is computed: CIN8
/// redefined as within 46 working days takes January's assessments of 44
/// and 46 working days (the Annex A sample) from 1 of 2 to 2 of 2, and the
/// drill-down lists both; `catalogue --catalogue` shows the new definition.
#[test]
fn a_councils_catalogue_changes_the_scorecard() {
    let dir = temp("council-catalogue");
    std::fs::create_dir_all(&dir).unwrap();
    let toml = dir.join("council.toml");
    std::fs::write(
        &toml,
        r#"replaces = ["CIN8"]
[[indicator]]
ref = "CIN8"
title = "Child and Family Assessments completed under 46 working days (%)"
section = "CIN"
unit = "percent"
polarity = "higher_is_better"
basis = "in_month"
precision = 1
source = "Annex A List 4"
derivation = "derived"
definition.numerator = "Assessments authorised in the month within 46 working days"
definition.denominator = "Assessments authorised in the month"
definition.timescale_working_days = 46
definition.follows = "a local standard"
"#,
    )
    .unwrap();
    let run = |out: &str, extra: &[&str]| {
        let out = dir.join(out);
        let mut args = vec!["--drill-down"];
        args.extend_from_slice(extra);
        run_annex_a_sample(&out, &args);
        (
            std::fs::read_to_string(out.join("scorecard.csv")).unwrap(),
            std::fs::read_to_string(out.join("drill-down.csv")).unwrap(),
        )
    };
    let (built_in, drill) = run("built-in", &[]);
    assert!(
        built_in
            .lines()
            .any(|l| l.starts_with("E08000008,CIN8,2024-01,50.0,1,2,")),
        "{built_in}"
    );
    assert_eq!(drill.lines().filter(|l| l.contains(",CIN8,")).count(), 1);
    let (council, drill) = run("council", &["--catalogue", toml.to_str().unwrap()]);
    assert!(
        council
            .lines()
            .any(|l| l.starts_with("E08000008,CIN8,2024-01,100.0,2,2,")),
        "{council}"
    );
    assert_eq!(drill.lines().filter(|l| l.contains(",CIN8,")).count(), 2);
    let o = scorecard(&[
        "catalogue",
        "--format",
        "csv",
        "--catalogue",
        toml.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.lines().any(|l| l.starts_with("CIN8,")
            && l.contains(",46,")
            && l.contains("under 46 working days")),
        "{text}"
    );
}

/// Exit status as documented: 2 when the input is wrong, 1 for anything
/// else (here an output folder that cannot be made), each message naming
/// the path.
#[test]
fn exit_status_two_for_bad_input_one_for_the_rest() {
    let dir = temp("exit-status");
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("List_3_Referrals.csv");
    std::fs::write(&bad, "Child Unique ID,Gender\nA,M\n").unwrap();
    let o = scorecard(&[
        "run",
        "--quiet",
        "--annex-a",
        bad.to_str().unwrap(),
        "--la",
        "E08000008",
        "--period",
        "2024-01",
        "--out",
        dir.join("out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("List_3_Referrals.csv"),
        "{}",
        stderr(&o)
    );
    // A file where the output folder should be: it cannot be created.
    let blocker = dir.join("blocker");
    std::fs::write(&blocker, "a file").unwrap();
    let out = blocker.join("out");
    let o = scorecard(&[
        "validate",
        "--quiet",
        "--annex-a",
        testdata("annex_a/csv").to_str().unwrap(),
        "--la",
        "E08000008",
        "--period",
        "2024-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&*out.to_string_lossy()),
        "{}",
        stderr(&o)
    );
}

/// Two sources giving the same table: each table is taken from one (Annex
/// A before the CIN census), so referrals are not counted twice; the
/// census's referrals are counted as not used (P01) and the table only the
/// census gives (CIN plans) comes from it.
#[test]
fn annex_a_and_the_census_together_count_each_referral_once() {
    let dir = temp("two-sources");
    // A census with a January 2024 referral of its own (child Z): were both
    // sources' referrals appended, January's CIN1 would be one higher.
    std::fs::create_dir_all(&dir).unwrap();
    let census = dir.join("census.xml");
    std::fs::write(
        &census,
        "<Message><Header><Source><LEA>357</LEA></Source></Header><Children><Child>\
         <ChildIdentifiers><LAchildID>Z</LAchildID></ChildIdentifiers>\
         <CINdetails><CINreferralDate>2024-01-15</CINreferralDate>\
         <CINPlanDates><CINPlanStartDate>2024-01-20</CINPlanStartDate></CINPlanDates>\
         </CINdetails></Child></Children></Message>",
    )
    .unwrap();
    let run = |out: &str, extra: &[&str]| {
        let out = dir.join(out);
        run_annex_a_sample(&out, extra);
        (
            std::fs::read_to_string(out.join("scorecard.csv")).unwrap(),
            std::fs::read_to_string(out.join("data-quality.csv")).unwrap(),
        )
    };
    let line = |csv: &str, prefix: &str| {
        csv.lines()
            .find(|l| l.starts_with(prefix))
            .map(str::to_string)
    };
    let (alone, _) = run("alone", &[]);
    let (both, quality) = run("both", &["--cin-census", census.to_str().unwrap()]);
    let cin1 = "E08000008,CIN1,2024-01,";
    assert_eq!(line(&both, cin1), line(&alone, cin1));
    assert!(line(&alone, cin1).is_some());
    assert!(
        quality.contains("P01: referrals is taken from Annex A"),
        "{quality}"
    );
    // CIN plans: only the census has them.
    assert!(
        quality.contains("indicator CIN16,,,,,computed from CIN census"),
        "{quality}"
    );
}

/// `scorecard run` on the Annex A sample (`testdata/annex_a/csv`) for
/// January 2024 into `out`, with `extra` flags; asserts it succeeds.
fn run_annex_a_sample(out: &Path, extra: &[&str]) {
    let lists = testdata("annex_a/csv");
    let mut args = vec![
        "run",
        "--quiet",
        "--annex-a",
        lists.to_str().unwrap(),
        "--la",
        "E08000008",
        "--period",
        "2024-01",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = scorecard(&args);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Output piped into a reader that stops early (`| head`) ends the run
/// quietly with status 0, not a panic.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        // The JSON (over 64 KB) fills the pipe, so the write meets the closed end.
        .args(["catalogue", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe while the catalogue is written.
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    out.read_exact(&mut first).unwrap();
    drop(out);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.success(), "{status:?}: {err}");
}

/// The tidy CSV's rows for `reference` as maps from column to value (the
/// rows of a computed indicator have no quoted cells).
fn tidy_rows(csv: &str, reference: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut lines = csv.lines();
    let head: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .filter(|l| l.split(',').nth(1) == Some(reference))
        .map(|l| {
            head.iter()
                .cloned()
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn previous_flags_a_late_referral_in_an_earlier_month() {
    // The Annex A fixture, run for January 2024; then a referral dated 15
    // November 2023 entered late, and the run repeated with --previous.
    let dir = temp("previous-in");
    std::fs::create_dir_all(&dir).unwrap();
    for f in std::fs::read_dir(testdata("annex_a/csv")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
    }
    let (first, second) = (temp("previous-1"), temp("previous-2"));
    let invoke = |out: &Path, previous: Option<&Path>| {
        let mut args = vec![
            "run",
            "--quiet",
            "--annex-a",
            dir.to_str().unwrap(),
            "--la",
            "E08000008",
            "--period",
            "2024-01",
            "--out",
            out.to_str().unwrap(),
        ];
        if let Some(p) = previous {
            args.extend(["--previous", p.to_str().unwrap()]);
        }
        scorecard(&args)
    };
    let run = |out: &Path, previous: Option<&Path>| {
        let o = invoke(out, previous);
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read_to_string(out.join("scorecard.csv")).unwrap()
    };
    run(&first, None);
    // The same inputs again: nothing is flagged.
    let again = run(&second, Some(&first));
    assert!(
        tidy_rows(&again, "CIN1")
            .iter()
            .all(|r| r["revised"].is_empty())
    );
    let list3 = dir.join("List_3.csv");
    let mut text = std::fs::read_to_string(&list3).unwrap();
    text.push_str("0077,a) Male,WBRI,01/02/2015,8,15/11/2023,q) 6: Police,N,\n");
    std::fs::write(&list3, text).unwrap();
    let csv = run(&second, Some(&first));
    // CIN1 was 0 in November and is now 1: that month alone is revised.
    let revised: Vec<(String, String, String)> = tidy_rows(&csv, "CIN1")
        .into_iter()
        .filter(|r| r["revised"] == "yes")
        .map(|r| {
            (
                r["period"].clone(),
                r["previous_value"].clone(),
                r["value"].clone(),
            )
        })
        .collect();
    assert_eq!(
        revised,
        [("2023-11".to_string(), "0".to_string(), "1".to_string())]
    );
    let html = std::fs::read_to_string(second.join("scorecard.html")).unwrap();
    assert!(
        html.contains("revised, was 0"),
        "the page marks the revised cell"
    );
    // A folder with no earlier run in it is refused, naming it, status 1.
    let empty = temp("previous-empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = invoke(&second, Some(&empty));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no scorecard.json there"),
        "{}",
        stderr(&o)
    );
    for d in [dir, first, second, empty] {
        std::fs::remove_dir_all(d).ok();
    }
}

/// Skips a browser test when SCORECARD_SKIP_BROWSER is set (a machine
/// without Chromium); .ci/run installs Chromium, node and poppler-utils.
fn skip_browser() -> bool {
    if std::env::var_os("SCORECARD_SKIP_BROWSER").is_some() {
        eprintln!("skipped: SCORECARD_SKIP_BROWSER is set");
        return true;
    }
    false
}

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (.ci/run installs it): {e}"));
    assert!(
        o.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The demo page in Debian's Chromium, through axe-core (tests/browser,
/// pinned in its package-lock.json, installed with `npm ci` when missing):
/// no WCAG 2.1 A/AA violation, and no horizontal scroll at 1366 px, nor at a
/// tablet's 768 px.
#[test]
fn demo_page_passes_axe_and_fits_1366_pixels() {
    if skip_browser() {
        return;
    }
    let browser = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser");
    if !browser.join("node_modules/axe-core").is_dir() {
        tool(
            "npm",
            &[
                "ci",
                "--prefix",
                browser.to_str().unwrap(),
                "--no-audit",
                "--no-fund",
            ],
        );
    }
    let out = temp("axe");
    let o = scorecard(&[
        "demo",
        "--quiet",
        "--children",
        "20000",
        "--by",
        "team",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The scorecard and the team view (funnel plots, caseloads).
    for name in ["scorecard.html", "by-team.html"] {
        let page = out.join(name);
        let report = tool(
            "node",
            &[
                browser.join("check.mjs").to_str().unwrap(),
                page.to_str().unwrap(),
                "1366",
                "768",
            ],
        );
        let v: serde_json::Value = serde_json::from_str(&report).unwrap();
        assert_eq!(
            v["violations"].as_array().unwrap().len(),
            0,
            "axe-core: {report}"
        );
        assert!(
            v["passes"].as_u64().unwrap() > 10,
            "axe-core ran its rules: {report}"
        );
        for w in v["widths"].as_array().unwrap() {
            assert!(
                w["scrollWidth"].as_u64() <= w["innerWidth"].as_u64(),
                "horizontal scroll at {}: {report}",
                w["width"]
            );
        }
    }
    std::fs::remove_dir_all(&out).ok();
}

/// `--pdf`: the committee pack, A3 landscape, every page headed with the LA
/// and month and numbered "Page k of N" where N is the PDF's page count
/// (pdfinfo); the summary alone on page 1; every section's title in the text.
#[test]
fn demo_pdf_has_its_pages_and_sections() {
    if skip_browser() {
        return;
    }
    let out = temp("pdf");
    let o = scorecard(&[
        "demo",
        "--quiet",
        "--children",
        "20000",
        "--pdf",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = out.join("scorecard.pdf");
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(info.contains("(A3)"), "{info}");
    assert!(pages >= 2, "{info}");
    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    for k in 1..=pages {
        assert!(
            text.contains(&format!("Page {k} of {pages}")),
            "page {k} of {pages} unnumbered"
        );
    }
    assert_eq!(
        text.matches("SYN001, Jan-24").count(),
        pages,
        "a header on every page"
    );
    for section in [
        "Front Door (FD)",
        "Early Help (EH)",
        "Child in Need (CIN)",
        "Cared For (CF)",
        "Safeguarding (SG)",
        "Workforce (WF)",
    ] {
        assert!(text.contains(section), "{section} missing from the PDF");
    }
    let first = tool(
        "pdftotext",
        &["-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"],
    );
    assert!(
        first.contains("Ratings by section") && !first.contains("Front Door (FD)"),
        "{first}"
    );
    std::fs::remove_dir_all(&out).ok();
}

/// A PostgreSQL server of the test's own: a new cluster in a temporary
/// folder, on a free loopback port, trusted logins, stopped when dropped.
/// Debian's `postgresql` package gives the binaries (.ci/run installs it);
/// as root, the server runs as the `postgres` user.
struct Postgres {
    dir: PathBuf,
    port: u16,
    server: std::process::Child,
}

impl Postgres {
    fn start(name: &str) -> Postgres {
        let fail = |what: &str| -> ! {
            panic!(
                "PostgreSQL cannot start: {what} (.ci/run installs Debian's postgresql; set SCORECARD_SKIP_POSTGRES to skip where there is no server)"
            )
        };
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .unwrap_or_else(|e| fail(&format!("no /usr/lib/postgresql: {e}")))
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|b| b.join("initdb").exists())
            .max()
            .unwrap_or_else(|| fail("no initdb under /usr/lib/postgresql/*/bin"));
        let dir = temp(name);
        std::fs::create_dir_all(&dir).unwrap();
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        let command = |program: &Path| {
            if root {
                let mut c = Command::new("runuser");
                c.args(["-u", "postgres", "--"]).arg(program);
                c
            } else {
                Command::new(program)
            }
        };
        if root {
            tool("chown", &["postgres", dir.to_str().unwrap()]);
        }
        let data = dir.join("data");
        let o = command(&bin.join("initdb"))
            .args([
                "-D",
                data.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "scorecard",
                "-E",
                "UTF8",
                "--no-sync",
            ])
            .output()
            .unwrap_or_else(|e| fail(&format!("initdb: {e}")));
        if !o.status.success() {
            fail(&format!("initdb: {}", String::from_utf8_lossy(&o.stderr)));
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let server = command(&bin.join("postgres"))
            .args(["-D", data.to_str().unwrap(), "-p", &port.to_string(), "-k"])
            .arg(&dir)
            .args(["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| fail(&format!("postgres: {e}")));
        let pg = Postgres { dir, port, server };
        for _ in 0..100 {
            if pg.client().is_ok() {
                return pg;
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        let e = pg.client().err().map(|e| e.to_string()).unwrap_or_default();
        fail(&format!("no connection after 20 s: {e}"))
    }

    fn url(&self) -> String {
        format!("postgresql://scorecard@127.0.0.1:{}/postgres", self.port)
    }

    fn client(&self) -> Result<postgres::Client, postgres::Error> {
        postgres::Client::connect(&self.url(), postgres::NoTls)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

/// A generated SSD loaded into a real PostgreSQL server (typed columns:
/// timestamps for dates, as councils' deployments have them) gives, through
/// `--ssd postgresql://...`, the scorecard the same tables give as files,
/// and the same row accounts.
#[test]
fn the_ssd_from_postgresql_gives_the_figures_of_its_files() {
    if std::env::var_os("SCORECARD_SKIP_POSTGRES").is_some() {
        eprintln!("skipped: SCORECARD_SKIP_POSTGRES is set");
        return;
    }
    let dir = temp("ssd-pg");
    let files = dir.join("ssd");
    let cfg = scorecard_synth::SynthConfig {
        children_per_la: 2_000,
        months: 12,
        ..scorecard_synth::SynthConfig::default()
    };
    let s = scorecard_synth::generate(&cfg);
    let events = s.events.for_la("SYN001");
    scorecard_compute::readers::ssd::write_csv_dir(&events, &files).unwrap();
    std::fs::write(
        files.join("ssd_professionals.csv"),
        "prof_professional_id,prof_staff_id,prof_professional_caseload\nW1,S1,12\nW2,S2,20\n",
    )
    .unwrap();
    let pg = Postgres::start("postgres");
    let mut client = pg.client().unwrap();
    client.batch_execute("CREATE SCHEMA ssd").unwrap();
    let mut loaded = 0;
    for entry in std::fs::read_dir(&files).unwrap() {
        let path = entry.unwrap().path();
        let table = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let header = text.lines().next().unwrap();
        let columns: Vec<String> = header
            .split(',')
            .map(|c| {
                let kind = if c.contains("date") || c.ends_with("_dob") || c.ends_with("_due") {
                    "timestamp"
                } else if c.ends_with("_caseload") {
                    "integer"
                } else {
                    "text"
                };
                format!("{c} {kind}")
            })
            .collect();
        client
            .batch_execute(&format!(
                "CREATE TABLE ssd.{table} ({})",
                columns.join(", ")
            ))
            .unwrap();
        let mut w = client
            .copy_in(&format!(
                "COPY ssd.{table} FROM STDIN (FORMAT csv, HEADER true)"
            ))
            .unwrap();
        std::io::Write::write_all(&mut w, text.as_bytes()).unwrap();
        w.finish().unwrap();
        loaded += 1;
    }
    assert!(loaded >= 20, "{loaded} tables");
    // Another application's table in the same database is not the SSD's.
    client
        .batch_execute(
            "CREATE TABLE ssd.audit_log (id integer); INSERT INTO ssd.audit_log VALUES (1)",
        )
        .unwrap();
    let population = dir.join("population.csv");
    std::fs::write(&population, s.population_csv(&cfg)).unwrap();
    let run = |input: &str, out: &Path| {
        let o = scorecard(&[
            "run",
            "--quiet",
            "--ssd",
            input,
            "--la",
            "SYN001",
            "--population",
            population.to_str().unwrap(),
            "--period",
            "2024-06",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{input}: {}", stderr(&o));
    };
    let (a, b) = (dir.join("from-files"), dir.join("from-db"));
    run(files.to_str().unwrap(), &a);
    run(&format!("{}?schema=ssd", pg.url()), &b);
    let card = |d: &Path| std::fs::read_to_string(d.join("scorecard.csv")).unwrap();
    assert_eq!(card(&a), card(&b));
    let cin8 = tidy_rows(&card(&b), "CIN8");
    assert!(
        cin8.iter()
            .any(|r| r["numerator"] != "0" && !r["numerator"].is_empty())
    );
    // The same rows read, used and excluded per table; the database's
    // tables named with their schema, the unused one counted.
    let quality = |d: &Path| {
        let text = std::fs::read_to_string(d.join("data-quality.csv")).unwrap();
        text.lines()
            .filter(|l| l.contains("ssd_") && !l.starts_with("indicator"))
            .map(|l| {
                let (source, rest) = l.split_once(',').unwrap();
                let table = source
                    .rsplit(['/', '.', ' '])
                    .find(|p| p.starts_with("ssd_"))
                    .unwrap_or(source);
                let f: Vec<&str> = rest.split(',').collect();
                let rule = if f[4].starts_with('D') { f[4] } else { "" };
                format!("{table},{},{},{},{rule}", f[0], f[1], f[2])
            })
            .collect::<std::collections::BTreeSet<String>>()
    };
    let (qa, qb) = (quality(&a), quality(&b));
    assert_eq!(qa, qb);
    assert!(
        qb.iter().any(|l| l.starts_with("ssd_professionals,2,0,2")),
        "{qb:?}"
    );
    let db_quality = std::fs::read_to_string(b.join("data-quality.csv")).unwrap();
    assert!(db_quality.contains("ssd.ssd_cin_episodes"), "{db_quality}");
    drop(pg);
    std::fs::remove_dir_all(&dir).ok();
}

/// Exit status 1 with the path and the operation for files that cannot be
/// read or written; status 2 for a file that is there but is not what it
/// claims to be.
#[test]
fn io_failures_exit_1_naming_the_path_and_bad_inputs_exit_2() {
    let dir = temp("io-exit");
    std::fs::create_dir_all(&dir).unwrap();
    // A series file in a folder that does not exist: cannot write it.
    let out = dir.join("no-such-folder").join("series.csv");
    let o = scorecard(&[
        "series",
        "--quiet",
        "--annex-a",
        testdata("annex_a/csv").to_str().unwrap(),
        "--la",
        "E08000008",
        "--from",
        "2023-02",
        "--to",
        "2024-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("cannot write {}", out.display())),
        "{err}"
    );
    // An Annex A workbook that is not there: cannot read it.
    let missing = dir.join("Annex A.xlsx");
    let o = scorecard(&[
        "validate",
        "--quiet",
        "--annex-a",
        missing.to_str().unwrap(),
        "--la",
        "E08000008",
        "--period",
        "2024-01",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&*missing.to_string_lossy()),
        "{}",
        stderr(&o)
    );
    // A "workbook" that is text: there, but not what it claims (status 2).
    let fake = dir.join("fake.xlsx");
    std::fs::write(&fake, "this is not a workbook").unwrap();
    let o = scorecard(&[
        "validate",
        "--quiet",
        "--annex-a",
        fake.to_str().unwrap(),
        "--la",
        "E08000008",
        "--period",
        "2024-01",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a workbook"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

/// `run --by team` on liia-tools' Annex A workbook as shipped: its
/// Allocated Team columns give the teams (the current team, said so), and
/// September 2020's six referrals (CIN1) fall to Locality 4 Duty Team (4),
/// Locality 3 Duty Team (1) and Locality 2 Unit 1 (1). Worked out while
/// writing this test by a separate Python read of the workbook's XML: each
/// child's team from their row with the latest own date in Lists 3 to 8
/// (the later list on a tie: child 6537810 is referred and has a section
/// 47 on 2020-09-16, and List 5 names Locality 3 Duty Team).
#[test]
fn by_team_on_an_annex_a_workbook() {
    let out = temp("annex-a-by-team");
    let o = scorecard(&[
        "run",
        "--quiet",
        "--annex-a",
        testdata("external/annex-a/liia-tools_Annex_A.xlsx")
            .to_str()
            .unwrap(),
        "--la",
        "E08000008",
        "--period",
        "2020-09",
        "--by",
        "team",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("by-team.csv")).unwrap();
    let cin1 = |team: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("E08000008,{team},CIN1,")) && l.contains(",2020-09,"))
            .and_then(|l| l.split(',').nth(5))
            .map(str::to_string)
    };
    assert_eq!(cin1("").as_deref(), Some("6"));
    assert_eq!(cin1("Locality 4 Duty Team").as_deref(), Some("4"));
    assert_eq!(cin1("Locality 3 Duty Team").as_deref(), Some("1"));
    assert_eq!(cin1("Locality 2 Unit 1").as_deref(), Some("1"));
    assert_eq!(cin1("unallocated").as_deref(), Some("0"));
    let html = std::fs::read_to_string(out.join("by-team.html")).unwrap();
    assert!(
        html.contains("Only the current team is given"),
        "the basis is said"
    );
    // Worker names are in the workbook; by team they are in no file.
    for f in ["by-team.csv", "by-team.html", "caseloads-by-team.csv"] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(!text.contains("Lexie"), "{f}");
    }
    std::fs::remove_dir_all(&out).ok();
}

/// `--period 2024-W05 --by team` on the demo: the weekly files, weeks named
/// as ISO weeks, the teams adding up to the LA in every week, and the
/// weekly pages through axe-core at 1366 and 768 px.
#[test]
fn weekly_demo_by_team() {
    let out = temp("weekly-demo");
    let o = scorecard(&[
        "demo",
        "--quiet",
        "--children",
        "20000",
        "--period",
        "2024-W05",
        "--by",
        "team",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "weekly.csv",
        "weekly.html",
        "weekly.xlsx",
        "data-quality.csv",
        "weekly-by-team.csv",
        "weekly-by-team.html",
        "weekly-by-team.xlsx",
        "weekly-caseloads-by-team.csv",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    assert!(
        !out.join("scorecard.csv").exists(),
        "a weekly run writes the weekly files"
    );
    let records = |f: &str| -> Vec<csv::StringRecord> {
        csv::Reader::from_path(out.join(f))
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let weekly = records("weekly.csv");
    let periods: std::collections::BTreeSet<String> =
        weekly.iter().map(|r| r[4].to_string()).collect();
    assert_eq!(periods.len(), 13, "{periods:?}");
    assert_eq!(
        periods.iter().next_back().map(String::as_str),
        Some("2024-W05")
    );
    assert_eq!(periods.iter().next().map(String::as_str), Some("2023-W45"));
    // The teams' counts add up to the LA's in every week (CIN1, CIN18).
    let by_team = records("weekly-by-team.csv");
    for r in ["CIN1", "CIN18", "CIN5"] {
        for p in &periods {
            let (mut la, mut teams) = (None, 0);
            for c in &by_team {
                if &c[0] != "SYN001" || &c[2] != r || &c[4] != p.as_str() {
                    continue;
                }
                let n: i64 = c[5].parse().unwrap();
                if c[1].is_empty() {
                    la = Some(n)
                } else {
                    teams += n
                }
            }
            assert_eq!(la, Some(teams), "{r} {p}");
        }
    }
    if !skip_browser()
        && Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/browser/node_modules/axe-core")
            .is_dir()
    {
        let browser = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser");
        for page in ["weekly.html", "weekly-by-team.html"] {
            let report = tool(
                "node",
                &[
                    browser.join("check.mjs").to_str().unwrap(),
                    out.join(page).to_str().unwrap(),
                    "1366",
                    "768",
                ],
            );
            let v: serde_json::Value = serde_json::from_str(&report).unwrap();
            assert_eq!(
                v["violations"].as_array().unwrap().len(),
                0,
                "{page}: {report}"
            );
            for w in v["widths"].as_array().unwrap() {
                assert!(
                    w["scrollWidth"].as_u64() <= w["innerWidth"].as_u64(),
                    "{page}: {report}"
                );
            }
        }
    }
    std::fs::remove_dir_all(&out).ok();
}

/// Weekly on liia-tools' Annex A workbook: the six referrals of Wednesday
/// 16 September 2020 are 2020-W38's (Monday 14 to Sunday 20 September), by
/// team as in `by_team_on_an_annex_a_workbook`; none in 2020-W37. Weeks to
/// Friday name the same ISO week (Saturday 12 to Friday 18 September).
#[test]
fn weekly_on_an_annex_a_workbook() {
    for week_end in [None, Some("friday")] {
        let out = temp(&format!("weekly-annex-a-{}", week_end.unwrap_or("sunday")));
        let book = testdata("external/annex-a/liia-tools_Annex_A.xlsx");
        let mut args = vec![
            "run",
            "--quiet",
            "--annex-a",
            book.to_str().unwrap(),
            "--la",
            "E08000008",
            "--cadence",
            "weekly",
            "--period",
            "2020-W38",
            "--by",
            "team",
            "--out",
            out.to_str().unwrap(),
        ];
        if let Some(d) = week_end {
            args.extend(["--week-end", d]);
        }
        let o = scorecard(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let csv = std::fs::read_to_string(out.join("weekly-by-team.csv")).unwrap();
        let cin1 = |team: &str, week: &str| {
            csv.lines()
                .find(|l| {
                    l.starts_with(&format!("E08000008,{team},CIN1,"))
                        && l.contains(&format!(",{week},"))
                })
                .and_then(|l| l.split(',').nth(5))
                .map(str::to_string)
        };
        assert_eq!(cin1("", "2020-W38").as_deref(), Some("6"));
        assert_eq!(cin1("", "2020-W37").as_deref(), Some("0"));
        assert_eq!(
            cin1("Locality 4 Duty Team", "2020-W38").as_deref(),
            Some("4")
        );
        assert_eq!(
            cin1("Locality 3 Duty Team", "2020-W38").as_deref(),
            Some("1")
        );
        std::fs::remove_dir_all(&out).ok();
    }
}

/// A week where a month is expected, and a weekday that is not one, are
/// refused with a message (exit status 2).
#[test]
fn weekly_flags_refused_with_a_message() {
    let out = temp("weekly-refused");
    for (args, says) in [
        (
            vec!["--period", "2024-W05", "--cadence", "monthly"],
            "is a week but --cadence is monthly",
        ),
        (
            vec!["--period", "2024-W05", "--week-end", "someday"],
            "is not a weekday",
        ),
        (
            vec!["--period", "2024-01", "--cadence", "weekly"],
            "needs an ISO week",
        ),
    ] {
        let mut all = vec![
            "demo",
            "--quiet",
            "--children",
            "2000",
            "--out",
            out.to_str().unwrap(),
        ];
        all.extend(args);
        let o = scorecard(&all);
        assert_eq!(o.status.code(), Some(2), "{all:?}");
        assert!(stderr(&o).contains(says), "{all:?}: {}", stderr(&o));
    }
    std::fs::remove_dir_all(&out).ok();
}

/// `series` by week: February 2021 is exactly ISO weeks 5 to 8 (Monday 1
/// to Sunday 28 February), so every LA's four weekly referral counts (CIN1)
/// and authorised assessments (CIN8's denominator) add up to the month's.
#[test]
fn weekly_series_add_up_to_a_month_that_is_four_whole_weeks() {
    let dir = temp("weekly-series");
    let data = dir.join("data");
    let o = scorecard(&[
        "synth",
        "--quiet",
        "--las",
        "2",
        "--children",
        "5000",
        "--first",
        "2020-03",
        "--months",
        "12",
        "--out",
        data.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let series = |from: &str, to: &str, name: &str| -> Vec<csv::StringRecord> {
        let out = dir.join(name);
        let o = scorecard(&[
            "series",
            "--quiet",
            "--canonical",
            data.to_str().unwrap(),
            "--from",
            from,
            "--to",
            to,
            "--refs",
            "CIN1,CIN8",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        csv::Reader::from_path(out)
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let weeks = series("2021-W05", "2021-W08", "weeks.csv");
    let month = series("2021-02", "2021-02", "month.csv");
    assert_eq!(weeks.len(), 2 * 2 * 4);
    for la in ["SYN001", "SYN002"] {
        let sum = |r: &str, col: usize| -> i64 {
            weeks
                .iter()
                .filter(|x| &x[0] == la && &x[1] == r)
                .map(|x| x[col].parse::<i64>().unwrap())
                .sum()
        };
        let get = |r: &str, col: usize| -> i64 {
            month.iter().find(|x| &x[0] == la && &x[1] == r).unwrap()[col]
                .parse()
                .unwrap()
        };
        assert!(get("CIN1", 3) > 0);
        assert_eq!(sum("CIN1", 3), get("CIN1", 3), "{la} CIN1");
        assert_eq!(sum("CIN8", 3), get("CIN8", 3), "{la} CIN8 numerator");
        assert_eq!(sum("CIN8", 4), get("CIN8", 4), "{la} CIN8 denominator");
    }
    assert!(weeks.iter().all(|x| x[2].starts_with("2021-W0")));
    std::fs::remove_dir_all(&dir).ok();
}

/// `[teams]` in `--config` turns on WF9–WF12 from the SSD's involvement
/// history: naming the synthetic council's two children in care teams
/// gives WF11 a value; WF10, whose kind names no team, stays blank with the
/// key to add; without the configuration WF11 is blank too. The value is
/// WF11's numerator over its denominator (cases over workers).
#[test]
fn team_kinds_in_the_configuration_derive_wf9_to_wf12() {
    let dir = temp("team-kinds");
    let data = dir.join("synth");
    let o = scorecard(&[
        "synth",
        "--quiet",
        "--las",
        "1",
        "--children",
        "3000",
        "--first",
        "2022-02",
        "--months",
        "24",
        "--ssd",
        "--out",
        data.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let config = dir.join("teams.toml");
    std::fs::write(
        &config,
        "[teams]\ncared_for_children = [\"Children in Care 1\", \"Children in Care 2\"]\n",
    )
    .unwrap();
    let run = |with_config: bool, name: &str| -> Vec<csv::StringRecord> {
        let out = dir.join(name);
        let ssd = data.join("ssd").join("SYN001");
        let mut args = vec![
            "run",
            "--quiet",
            "--ssd",
            ssd.to_str().unwrap(),
            "--la",
            "SYN001",
            "--period",
            "2024-01",
            "--out",
            out.to_str().unwrap(),
        ];
        if with_config {
            args.extend(["--config", config.to_str().unwrap()]);
        }
        let o = scorecard(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        csv::Reader::from_path(out.join("scorecard.csv"))
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let row = |rows: &[csv::StringRecord], r: &str| {
        rows.iter()
            .find(|x| &x[1] == r && &x[2] == "2024-01")
            .unwrap()
            .clone()
    };
    let with = run(true, "with");
    let wf11 = row(&with, "WF11");
    let (n, d): (f64, f64) = (wf11[4].parse().unwrap(), wf11[5].parse().unwrap());
    assert!(d > 0.0, "{wf11:?}");
    assert_eq!(
        wf11[3].parse::<f64>().unwrap(),
        (n / d * 10.0).round() / 10.0,
        "{wf11:?}"
    );
    assert!(row(&with, "WF10")[10].contains("[teams] children_with_disabilities"));
    let without = run(false, "without");
    assert!(row(&without, "WF11")[10].contains("[teams] cared_for_children"));
    std::fs::remove_dir_all(&dir).ok();
}
