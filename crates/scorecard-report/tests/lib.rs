//! Integration tests of scorecard-report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod comparators;
mod outputs;
mod statistics;
mod teams;

use scorecard_core::{Catalogue, PublishedScorecard, Scorecard, ScorecardBuilder, ScorecardConfig};

/// Path of a file under the repository's `testdata/`.
pub fn testdata(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}

/// The published January 2024 scorecard rebuilt with its recorded overrides.
pub fn published_card() -> Scorecard {
    let text =
        std::fs::read_to_string(testdata("published/tameside-scorecard-2024-01.csv")).unwrap();
    let card = PublishedScorecard::parse(&text, "published").unwrap();
    let cat = Catalogue::builtin();
    let mut cfg = ScorecardConfig::published_defaults();
    cfg.layer_toml(
        &std::fs::read_to_string(testdata("published/overrides.toml")).unwrap(),
        "overrides",
    )
    .unwrap();
    ScorecardBuilder::new(&cat, &cfg)
        .build(
            "Tameside",
            "2024-01".parse().unwrap(),
            &card.inputs(&cat).unwrap(),
        )
        .unwrap()
}
