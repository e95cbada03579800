//! # scorecard-compute
//!
//! Turns case-level children's social care events into the monthly series
//! of every derivable scorecard indicator, for one local authority or many
//! at once.
//!
//! * [`events`]: the canonical event model (plain Rust records; the page a
//!   council system reads to call the engine with its own data).
//! * [`engine`]: [`compute`] events → series per LA and indicator, each
//!   value with its numerator and denominator; [`compute_with`] for a
//!   selection of refs. LAs are computed in parallel (rayon).
//! * [`frame`]: the engine's working form of the events ([`Frame`]): each
//!   LA's valid rows, compact, children numbered per LA; where rows are
//!   validated and counted.
//! * [`coverage`]: what the inputs supplied, so that no data is never zero.
//! * [`sources`]: several sources in one run, each table from one of them.
//! * [`aggregates`]: supplied aggregates (`la,ref,period,value,...`), and
//!   figures a reader gives for some months only (SSDA903 OC2's March).
//! * [`timescales`]: working-day, hour and day timescales, read from the
//!   catalogue.
//! * [`population`]: children aged 0–17 per LA, for rates per 10,000.
//! * [`quality`]: rows read, used and excluded, with reasons.
//! * [`groups`]: every indicator by team or by worker beside the LA total
//!   (the operational view), the groups' counts adding up to the LA's.
//! * [`caseloads`]: open cases per worker and team on a day, by type,
//!   with each team's median, highest and workers over a threshold.
//! * [`drill`]: the children behind a numerator, for case audits (personal
//!   data: only on request).
//! * [`readers`]: the inputs: the canonical form (CSV or Parquet), Ofsted
//!   Annex A (workbooks or CSV folders), SSDA903 returns (several years,
//!   OC2, OC3), the CIN census XML, the Standard Safeguarding Dataset
//!   (files or PostgreSQL); text in UTF-8, UTF-16 or Windows-1252. Each
//!   reader accounts for every row it reads ([`FileAccount`]).
//! * [`error`]: the one error type; places in an input are a
//!   [`scorecard_core::Location`].
//!
//! No polars type appears in this API: the engine takes plain Rust events.
//!
//! ## Features
//!
//! * `io` (default): the readers and writers that need polars, calamine,
//!   encoding_rs, quick-xml or rust_xlsxwriter. A council system that
//!   hands the engine its own [`Events`] depends on the crate with
//!   `default-features = false` and builds none of them; the canonical CSV
//!   form (UTF-8) is still there.
//! * `postgres`: the SSD read from its PostgreSQL database.
#![deny(missing_docs)]

pub mod aggregates;
pub mod caseloads;
pub mod coverage;
pub mod drill;
pub mod engine;
pub mod error;
pub mod events;
pub mod frame;
mod grid;
pub mod groups;
mod hashing;
mod measures;
pub mod population;
pub mod quality;
pub mod readers;
pub mod sources;
pub mod timescales;

pub use coverage::Coverage;
pub use engine::{
    Computation, ComputedSeries, Observation, Options, WeeklyComputation, compute, compute_frame,
    compute_weekly, compute_with,
};
pub use error::{Error, Result};
pub use events::{Events, Table};
pub use frame::Frame;
pub use measures::{COMPUTED, NOT_YET_COMPUTED};
pub use population::Population;
pub use quality::{CellIssues, DataQuality, FileAccount, TableQuality};
