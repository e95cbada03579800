//! # A region at once
//!
//! The engine computes every LA of a caseload in one call. This example
//! generates a synthetic region (by default 5 councils of 30,000 children
//! over 24 months; `REGION_LAS` and `REGION_CHILDREN` change that, e.g. 23
//! and 60000 for the North West's size), computes every indicator for every
//! council and reports the time each step took and the events per second.
//! For measured figures use `cargo bench` (see benches/).
//!
//! ```text
//! cargo run --release --example region
//! ```

use std::time::Instant;

use scorecard::compute::compute;
use scorecard::core::{Month, WorkingDayCalendar};
use scorecard::synth::{SynthConfig, generate};

fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let las = env_u32("REGION_LAS", 5);
    let children = env_u32("REGION_CHILDREN", 30_000);
    let first: Month = Month::new(2022, 2).unwrap_or(Month::of(chrono::NaiveDate::MIN));
    let cfg = SynthConfig {
        las,
        children_per_la: children,
        first_month: first,
        months: 24,
        ..SynthConfig::default()
    };

    let t = Instant::now();
    let region = generate(&cfg);
    let generated = t.elapsed();
    let events = region.events.len();

    let t = Instant::now();
    let out = compute(
        &region.events,
        &region.population,
        &WorkingDayCalendar::england_and_wales(),
        cfg.first_month,
        cfg.last_month(),
    );
    let computed = t.elapsed();

    println!("{las} councils x {children} children, 24 months: {events} events");
    println!(
        "generate: {generated:.2?}; compute every indicator for every council: {computed:.2?} ({:.1} million events/s)",
        events as f64 / computed.as_secs_f64() / 1e6
    );
    let jan = cfg.last_month();
    println!("\n{:<8}{:>10}{:>10}{:>10}", "LA", "CIN2", "CIN8 %", "CIN19");
    for la in &region.las {
        let v = |r: &str| {
            out.series(la, r)
                .and_then(|s| s.get(jan))
                .and_then(|o| o.value)
                .map(|v| format!("{:.1}", v.as_decimal()))
                .unwrap_or_default()
        };
        println!(
            "{la:<8}{:>10}{:>10}{:>10}",
            v("CIN2"),
            v("CIN8"),
            v("CIN19")
        );
    }
}
