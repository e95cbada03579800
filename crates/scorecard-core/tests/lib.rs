//! Integration tests of scorecard-core: one test binary, a module per idea.
//!
//! Expected values are worked out by hand in the comments, or by an
//! independent brute-force reference, never copied from the code's output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod benchmark;
mod calendar;
mod catalogue;
mod config;
mod direction;
mod period;
mod published;
mod rating;
mod spc;
mod statistics;
mod target;
mod uncertainty;
mod value;

/// Path of a file under the repository's `testdata/`.
pub fn testdata(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}

/// A date, for brevity.
pub fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

/// A decimal from text, for brevity.
pub fn dec(s: &str) -> rust_decimal::Decimal {
    s.parse().expect("valid test decimal")
}
