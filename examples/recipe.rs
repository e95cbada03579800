//! # What `scorecard run` does, in one library call
//!
//! Say what to read, build the report, write it: the same recipe the CLI
//! runs (`scorecard run --annex-a testdata/annex_a/csv --la E08000008
//! --period 2024-01 --out DIR`), here with the sample Annex A lists.
//!
//! ```text
//! cargo run --example recipe
//! ```

use scorecard::report::recipe::{Report, RunOptions, Sources};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = Sources::new()
        .annex_a(root.join("testdata/annex_a/csv"))
        .la("E08000008");
    let options = RunOptions::default(); // or config, dfe, previous, pdf, parquet, ...
    let report = Report::build(&sources, "2024-01".parse()?, &options, &|step| {
        eprintln!("{step}")
    })?;
    // One LA's scorecard, as the outputs show it.
    let (card, _tidy, _focus) = report.scorecard("E08000008")?;
    if let Some(row) = card.row("CIN8") {
        println!(
            "CIN8 in {}: {:?}, rated {}",
            card.period.label(),
            row.latest(),
            row.rating.rating
        );
    }
    let out = std::env::temp_dir().join("scorecard-recipe-example");
    for path in report.write(&out, &|_| {})? {
        println!("wrote {}", path.display());
    }
    Ok(())
}
