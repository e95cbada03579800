//! Integration tests of scorecard-compute: one test binary, a module per idea.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod annex_a;
mod brute_force;
mod catalogue;
mod cin_census;
mod external;
mod groups;
mod hand_made;
mod readers;
mod ssd;
mod ssda903;
mod still_in_time;
mod weekly;

/// Path of a file under the repository's `testdata/`.
pub fn testdata(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}

/// The ONS population table of `testdata/dfe/`.
pub fn population() -> scorecard_compute::Population {
    let path = testdata("dfe/ons_mid-year_population_estimates_2012_to_2024.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    scorecard_compute::Population::from_ons_csv(&text, &path.display().to_string()).unwrap()
}
