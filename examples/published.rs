//! # The published scorecard, recomputed
//!
//! Loads a council's published January 2024 scorecard (transcribed to CSV
//! in `testdata/published/`), recomputes every row's BRAG rating and
//! direction-of-travel arrow with the library's rules, and prints the
//! scorecard as a table, section by section, with the printed RAG beside
//! ours.
//!
//! ```text
//! cargo run --example published                 # rules + recorded overrides
//! cargo run --example published -- --rules-only # the rules alone
//! cargo run --example published -- PATH.csv [--overrides PATH.toml] [--config PATH.toml]
//! ```
//!
//! Everything an analyst would change lives in TOML: the built-in
//! `scorecard.toml` holds the published targets and comparators; a council's
//! `--config` file is layered on top; `--overrides` adds ratings set by hand,
//! each with its reason.

use std::path::PathBuf;
use std::process::ExitCode;

use scorecard::core::{
    Catalogue, PublishedScorecard, Rating, RatingBasis, Row, Scorecard, ScorecardBuilder,
    ScorecardConfig, Unit, Value,
};

struct Args {
    csv: PathBuf,
    overrides: Option<PathBuf>,
    config: Option<PathBuf>,
}

fn repo_file(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        csv: repo_file("testdata/published/tameside-scorecard-2024-01.csv"),
        overrides: Some(repo_file("testdata/published/overrides.toml")),
        config: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--rules-only" => args.overrides = None,
            "--overrides" => {
                args.overrides = Some(it.next().ok_or("--overrides needs a path")?.into())
            }
            "--config" => args.config = Some(it.next().ok_or("--config needs a path")?.into()),
            "-h" | "--help" => {
                return Err(
                    "usage: published [CSV] [--overrides TOML] [--config TOML] [--rules-only]"
                        .into(),
                );
            }
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            path => args.csv = path.into(),
        }
    }
    Ok(args)
}

fn read(path: &PathBuf) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn cell(v: Option<Value>, row: &Row) -> String {
    v.map(|v| v.display(row.unit, row.precision))
        .unwrap_or_default()
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let cut: String = s.chars().take(n - 1).collect();
        format!("{cut}\u{2026}")
    }
}

fn print(card: &Scorecard, published: &PublishedScorecard) {
    let months: Vec<String> = card.months.iter().map(|m| m.label()).collect();
    let comparator = |row: &Row, key: &str| {
        row.comparators
            .iter()
            .find(|c| c.set == key)
            .map(|c| Value::Decimal(c.value).display(row.unit, row.precision))
            .unwrap_or_default()
    };
    let sn_heading = card
        .comparator_sets
        .iter()
        .find(|s| s.key == "stat_neighbour")
        .and_then(|s| s.vintage.as_ref())
        .map(|v| format!("SN {v}"))
        .unwrap_or_else(|| "SN".into());
    println!(
        "{} scorecard, {} (comparators: {})\n",
        card.la,
        card.period.label(),
        card.comparator_sets
            .iter()
            .map(|s| s.heading(None))
            .collect::<Vec<_>>()
            .join("; ")
    );
    for section in &card.sections {
        println!("== {} ({}) ==", section.name, section.section.code());
        print!("{:<7}{:<42}", "Ref", "Indicator");
        for m in &months {
            print!("{m:>8}");
        }
        println!(
            "{:>8}{:>9}{:>12}{:>8}  {:<5}{:<6}{:<6}",
            "PrevYr", "Target", sn_heading, "Eng", "RAG", "Pub", "DoT"
        );
        for row in &section.rows {
            let printed = published
                .row(&row.reference)
                .and_then(|r| r.rating)
                .map(|r| r.code())
                .unwrap_or("");
            let ours = match row.rating.rating {
                Rating::NotRated => "",
                r => r.code(),
            };
            let flag = if row.rating.basis == RatingBasis::Override {
                "*"
            } else {
                ""
            };
            print!("{:<7}{:<42}", row.reference, truncate(&row.title, 40));
            for v in &row.values {
                print!("{:>8}", cell(*v, row));
            }
            println!(
                "{:>8}{:>9}{:>12}{:>8}  {:<5}{:<6}{:<6}",
                cell(row.previous_year, row),
                row.target.display(row.unit),
                comparator(row, "stat_neighbour"),
                comparator(row, "england"),
                format!("{ours}{flag}"),
                printed,
                row.direction.map(|d| d.arrow.symbol()).unwrap_or(""),
            );
        }
        println!();
    }
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let catalogue = Catalogue::try_builtin().map_err(|e| e.to_string())?;
    let mut config = ScorecardConfig::try_published_defaults().map_err(|e| e.to_string())?;
    if let Some(path) = &args.config {
        config
            .layer_toml(&read(path)?, &path.display().to_string())
            .map_err(|e| e.to_string())?;
    }
    let rules_only = config.clone();
    if let Some(path) = &args.overrides {
        config
            .layer_toml(&read(path)?, &path.display().to_string())
            .map_err(|e| e.to_string())?;
    }
    config.validate(&catalogue).map_err(|e| e.to_string())?;

    let published = PublishedScorecard::parse(&read(&args.csv)?, &args.csv.display().to_string())
        .map_err(|e| e.to_string())?;
    let period = published.period().ok_or("the scorecard has no months")?;
    let inputs = published.inputs(&catalogue).map_err(|e| e.to_string())?;
    let build = |cfg: &ScorecardConfig| {
        ScorecardBuilder::new(&catalogue, cfg)
            .build("Tameside", period, &inputs)
            .map_err(|e| e.to_string())
    };
    let card = build(&config)?;
    print(&card, &published);

    // How far the rules get on their own, and with the overrides.
    let agreement = |card: &Scorecard| {
        published
            .rows
            .iter()
            .filter(|p| {
                card.row(&p.reference).map(|r| r.rating.rating.as_rag())
                    == Some(p.rating.unwrap_or(Rating::NotRated))
            })
            .count()
    };
    let arrows = published
        .rows
        .iter()
        .filter(|p| p.arrow.is_some())
        .filter(|p| {
            card.row(&p.reference)
                .and_then(|r| r.direction)
                .map(|d| d.arrow)
                == p.arrow
        })
        .count();
    let with_arrow = published.rows.iter().filter(|p| p.arrow.is_some()).count();
    println!("RAG column: ours (* = override, reason in the JSON/outputs); Pub: as printed.");
    println!(
        "Ratings as printed: {} of {} by the rules alone{}.",
        agreement(&build(&rules_only)?),
        published.rows.len(),
        if args.overrides.is_some() {
            format!(
                ", {} of {} with {} recorded overrides",
                agreement(&card),
                published.rows.len(),
                config.overrides.len()
            )
        } else {
            String::new()
        }
    );
    println!("Direction of travel as printed: {arrows} of {with_arrow} arrows.");
    let unit_counts = [Unit::Count, Unit::Percent, Unit::RatePer10k, Unit::Average]
        .map(|u| card.rows().filter(|r| r.unit == u).count());
    println!(
        "Rows: {} counts, {} percentages, {} rates per 10,000, {} averages.",
        unit_counts[0], unit_counts[1], unit_counts[2], unit_counts[3]
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
