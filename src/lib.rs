//! # scorecard
//!
//! Children's social care performance scorecards for English councils, from
//! case-level data (Ofsted Annex A lists, SSDA903 returns) to the monthly
//! scorecard a director, a scrutiny panel and Ofsted read.
//!
//! This umbrella crate re-exports the workspace's library crates:
//!
//! * [`core`]: the vocabulary (catalogue, periods, working days, targets,
//!   comparators, BRAG rating, direction of travel, the scorecard model).
//! * [`compute`]: case-level events (canonical CSV/Parquet, Annex A,
//!   SSDA903) into every derivable indicator's monthly series, per LA.
//! * [`synth`]: deterministic synthetic caseloads calibrated to England.
//! * [`report`]: the assembled scorecard and its outputs (xlsx, HTML,
//!   tidy CSV/JSON, data quality).
//!
//! ```
//! use scorecard::core::Catalogue;
//! assert!(Catalogue::builtin().get("CIN8").is_some());
//! ```
#![deny(missing_docs)]

pub use scorecard_compute as compute;
pub use scorecard_core as core;
pub use scorecard_report as report;
pub use scorecard_synth as synth;
