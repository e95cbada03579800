//! # Embedding the engine in a host system
//!
//! A case management system does not need files: it builds the canonical
//! events in memory (plain Rust structs, no polars types) and asks for the
//! series it wants, each value with its numerator and denominator.
//!
//! ```text
//! cargo run --example embed
//! ```

use scorecard::compute::events::{Assessment, AssessmentOutcome, Referral};
use scorecard::compute::{Events, Population, compute};
use scorecard::core::{Month, WorkingDayCalendar};

fn main() {
    // Events as the host holds them. `la` keys every computation.
    let la = "E08000008";
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap_or_default();
    let mut events = Events::default();
    for (child, date) in [
        ("1001", "2023-12-04"),
        ("1002", "2024-01-08"),
        ("1001", "2024-01-22"),
    ] {
        events.referrals.push(Referral {
            la: la.into(),
            child_id: child.into(),
            date: d(date),
            source: Some("Police".into()),
            nfa: Some(false),
            decision_date: Some(d(date)),
        });
    }
    events.assessments.push(Assessment {
        la: la.into(),
        child_id: "1002".into(),
        start: d("2024-01-08"),
        authorised: Some(d("2024-01-26")),
        outcome: Some(AssessmentOutcome::ChildInNeed),
    });

    // The population: the host's own figure, or the ONS file.
    let mut population = Population::new();
    population.insert(&[la], 2023, 52_288);

    let calendar = WorkingDayCalendar::england_and_wales();
    let (first, last): (Month, Month) = (
        "2023-12".parse().unwrap_or(Month::of(d("2023-12-01"))),
        "2024-01".parse().unwrap_or(Month::of(d("2024-01-01"))),
    );
    let out = compute(&events, &population, &calendar, first, last);

    for reference in ["CIN1", "CIN2", "CIN4", "CIN8"] {
        if let Some(series) = out.series(la, reference) {
            for (month, o) in &series.observations {
                println!(
                    "{reference} {month}: value {:?}, numerator {}, denominator {:?}",
                    o.value.map(|v| v.to_string()),
                    o.numerator,
                    o.denominator
                );
            }
        }
    }
    // Every row accounted for.
    for (table, q) in out.quality.tables.iter().filter(|(_, q)| q.read > 0) {
        println!("{table}: {} read, {} used", q.read, q.used);
    }
}
