//! The engine's whole output on a small caseload, byte for byte, against
//! the file the record-based engine wrote before the columnar rewrite
//! (issue 12): every LA, ref and month's numerator, denominator, value,
//! no-data reason and still-in-time count; the drill-down of the last
//! month; and the data-quality accounts. A change to any figure fails
//! here with the first differing line.
//!
//! The caseload is two synthetic LAs with a few broken rows added (a
//! duplicate, an end before its start, a blank LA and child, a decision
//! before its referral) so that validation's accounts are covered too.
//! Regenerate only for an intended change of figures:
//! `SCORECARD_BLESS=1 cargo test -p scorecard-synth --test synth golden`.

use scorecard_compute::{Options, compute_with, drill};
use scorecard_core::WorkingDayCalendar;
use scorecard_synth::{SynthConfig, generate};

const GOLDEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/golden/series-2x1500x24.txt"
);

/// The text of the golden file from the engine's output: through the
/// events, or (`parquet`) written as canonical Parquet and read straight
/// into a frame.
fn render(parquet: bool) -> String {
    let cfg = SynthConfig {
        las: 2,
        children_per_la: 1_500,
        months: 24,
        ..SynthConfig::default()
    };
    let mut s = generate(&cfg);
    let ev = &mut s.events;
    // Broken rows, each counted by validation.
    let r = ev.referrals[3].clone();
    ev.referrals.push(r.clone()); // V06
    let mut early = r.clone();
    early.decision_date = r.date.pred_opt();
    ev.referrals.push(early); // V12
    let mut blank = r.clone();
    blank.la = "".into();
    ev.referrals.push(blank); // V01
    let mut no_child = r;
    no_child.child_id = " ".into();
    ev.referrals.push(no_child); // V02
    let mut ep = ev.cla_episodes[5].clone();
    ep.end = ep.start.pred_opt();
    ev.cla_episodes.push(ep); // V03
    let cal = WorkingDayCalendar::england_and_wales();
    let (first, last) = (cfg.first_month, cfg.last_month());
    let out = if parquet {
        let dir = std::env::temp_dir().join(format!("scorecard-golden-{}", std::process::id()));
        scorecard_compute::readers::parquet::write_dir(ev, &dir).unwrap();
        let frame = scorecard_compute::readers::parquet::read_frame(&dir, None).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        let options = Options::default();
        scorecard_compute::compute_frame(frame, &s.population, &cal, first, last, &options)
    } else {
        compute_with(ev, &s.population, &cal, first, last, &Options::default())
    };
    let mut text = String::from("la,ref,month,numerator,denominator,value,still_in_time,no_data\n");
    for (la, refs) in &out.las {
        for (r, series) in refs {
            if let Some(reason) = &series.no_data {
                text.push_str(&format!("{la},{r},,,,,,{reason}\n"));
            }
            for (m, o) in &series.observations {
                let value = o.value.map(|v| v.to_string()).unwrap_or_default();
                let den = o.denominator.map(|d| d.to_string()).unwrap_or_default();
                let open = series
                    .still_in_time
                    .get(m)
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                text.push_str(&format!(
                    "{la},{r},{m},{},{den},{value},{open},\n",
                    o.numerator
                ));
            }
        }
    }
    text.push_str("\n# drill-down of the last month\n");
    text.push_str(&drill::to_csv(&drill::drill_down(ev, &cal, last)).unwrap());
    text.push_str("\n# data quality\n");
    text.push_str(&format!("{:#?}\n", out.quality));
    text
}

#[test]
fn golden_series_are_byte_identical() {
    compare(render(false));
}

/// The Parquet reader's frame (no records) gives the same bytes.
#[test]
fn golden_series_from_parquet_are_byte_identical() {
    if std::env::var_os("SCORECARD_BLESS").is_some() {
        return;
    }
    compare(render(true));
}

fn compare(got: String) {
    if std::env::var_os("SCORECARD_BLESS").is_some() {
        std::fs::create_dir_all(std::path::Path::new(GOLDEN).parent().unwrap()).unwrap();
        std::fs::write(GOLDEN, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(GOLDEN).unwrap();
    if let Some((i, (g, w))) = got
        .lines()
        .zip(want.lines())
        .enumerate()
        .find(|(_, (g, w))| g != w)
    {
        panic!("line {}: got {g:?}, want {w:?}", i + 1);
    }
    assert_eq!(
        got.lines().count(),
        want.lines().count(),
        "line counts differ"
    );
    assert!(got == want, "the output differs (line endings?)");
}
