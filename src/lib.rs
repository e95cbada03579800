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
//!
//! ```
//! use scorecard::core::Catalogue;
//! assert!(Catalogue::builtin().get("CIN8").is_some());
//! ```
#![deny(missing_docs)]

pub use scorecard_core as core;
