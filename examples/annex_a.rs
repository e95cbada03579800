//! # From your Annex A lists to the scorecard
//!
//! An analyst's Annex A export (here the sample in `testdata/annex_a/csv`,
//! one CSV per list) becomes the month's scorecard in four steps:
//!
//! 1. read the lists for your local authority as they are (a workbook or a
//!    folder of CSVs; headings, coded values and dates as people type them,
//!    see `crates/scorecard-compute/data/annex-a.toml`), with what each file
//!    is and what the lists supplied;
//! 2. compute every indicator the lists can give, for the months you need
//!    (two years, so the previous financial year and 12-month trends are
//!    complete); an indicator the lists cannot give has no data, with the
//!    reason, never 0;
//! 3. assemble the scorecard with the published targets and comparators
//!    (or your own `scorecard.toml`);
//! 4. look at it, or write it out (`scorecard run` does all of this).
//!
//! ```text
//! cargo run --example annex_a
//! ```

use scorecard::compute::{Options, Population, compute_with, readers::annex_a};
use scorecard::core::{Catalogue, Month, ScorecardConfig, WorkingDayCalendar};
use scorecard::report::assemble;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let la = "E08000008"; // Tameside's code; the population file knows it.

    // 1. Read the lists: events, each file's account, and what was supplied.
    let read = annex_a::read_path(la, &root.join("testdata/annex_a/csv"))?;
    for a in &read.accounts {
        println!(
            "{}: {} ({} rows, {} used)",
            a.file.rsplit('/').next().unwrap_or(""),
            a.kind,
            a.read,
            a.used
        );
    }
    let events = read.events;
    println!(
        "Read {} referrals, {} assessments, {} section 47s from the Annex A lists.",
        events.referrals.len(),
        events.assessments.len(),
        events.section47s.len()
    );

    // 2. Compute, with the ONS population for rates per 10,000.
    let population = Population::from_ons_csv(
        &std::fs::read_to_string(
            root.join("testdata/dfe/ons_mid-year_population_estimates_2012_to_2024.csv"),
        )?,
        "ons population",
    )?;
    let period: Month = "2024-01".parse()?;
    let calendar = WorkingDayCalendar::england_and_wales();
    let options = Options::default()
        .with_coverage(read.coverage)
        .with_las([la]);
    let computation = compute_with(
        &events,
        &population,
        &calendar,
        period.plus(-23),
        period,
        &options,
    );

    // 3. Assemble with the published defaults.
    let card = assemble::scorecard(
        &computation,
        la,
        period,
        &Catalogue::builtin(),
        &ScorecardConfig::published_defaults(),
    )?;

    // 4. Look at the rows the lists could fill.
    println!(
        "\n{:<7}{:<60}{:>10}  {:<4}why",
        "Ref", "Indicator", "Jan-24", "RAG"
    );
    for row in card
        .rows()
        .filter(|r| r.latest().is_some_and(|v| !v.as_decimal().is_zero()))
    {
        let value = row
            .latest()
            .map(|v| v.display(row.unit, row.precision))
            .unwrap_or_default();
        println!(
            "{:<7}{:<60}{:>10}  {:<4}{}",
            row.reference,
            row.title.chars().take(58).collect::<String>(),
            value,
            row.rating.rating.code(),
            row.rating.reason
        );
    }
    let blank: Vec<&str> = card
        .rows()
        .filter(|r| r.no_data.is_some())
        .map(|r| r.reference.as_str())
        .collect();
    println!(
        "\n{} indicators have no data from these lists, e.g.:",
        blank.len()
    );
    for row in card.rows().filter(|r| r.no_data.is_some()).take(3) {
        println!(
            "  {}: {}",
            row.reference,
            row.no_data.as_deref().unwrap_or("")
        );
    }
    println!(
        "\nData quality: {} tables read, nothing lost:",
        computation
            .quality
            .tables
            .values()
            .filter(|t| t.read > 0)
            .count()
    );
    for (table, q) in computation
        .quality
        .tables
        .iter()
        .filter(|(_, t)| t.read > 0)
    {
        println!(
            "  {table}: read {}, used {}, excluded {:?}",
            q.read, q.used, q.excluded
        );
    }
    Ok(())
}
