//! # scorecard-core
//!
//! The vocabulary of an English council's children's social care
//! **performance scorecard**: the indicators (CIN8 assessment timeliness,
//! CF22 initial health assessments, WF5 children with three or more social
//! workers, ...), the periods they are reported over, working-day
//! timescales, targets, comparator averages, BRAG ratings and the direction
//! of travel.
//!
//! This crate does no IO and knows nothing of polars or any file format
//! beyond the small texts handed to it (TOML configuration and catalogue, a
//! transcribed published scorecard). It depends only on serde, toml,
//! chrono, thiserror and rust_decimal, so any council system can embed it.
//!
//! ## Contents
//! * [`catalogue`]: every indicator, from a built-in TOML file a council can
//!   extend ([`Catalogue`]).
//! * [`indicator`]: what an indicator is ([`Indicator`], [`Section`],
//!   [`Unit`], [`Polarity`], [`PeriodBasis`], [`DataSource`]).
//! * [`period`]: months, financial years, quarters, rolling windows
//! * [`week`]: weeks (ISO, or ending on another weekday), the operational
//!   cadence
//!   ([`Month`], [`FinancialYear`], [`Quarter`], [`Window`]).
//! * [`calendar`]: working days in England and Wales
//!   ([`WorkingDayCalendar`]).
//! * [`value`]: counts and decimals, rounded half away from zero
//!   ([`Value`], [`round_half_away`]).
//! * [`series`]: an indicator's values by month ([`Series`]).
//! * [`target`]: none, a value, or a band ([`Target`]).
//! * [`comparator`]: statistical neighbours, region, England, with vintages
//!   ([`ComparatorSet`], [`ComparatorValue`], [`Vintage`]).
//! * [`rating`]: BRAG rules and overrides ([`Rating`], [`rate`],
//!   [`Override`]).
//! * [`direction`]: arrows and judgements ([`Arrow`], [`Judgement`]).
//! * [`uncertainty`]: confidence intervals (Wilson, Byar's, exact Poisson)
//!   and significance against comparators, as Fingertips
//!   ([`Interval`], [`Significance`]).
//! * [`spc`]: XmR charts, the Making Data Count rules and icons
//!   ([`spc::Chart`], [`spc::Variation`], [`spc::Assurance`]).
//! * [`benchmark`]: rank and quartile band among all LAs, as LAIT
//!   ([`Benchmark`], [`Band`]).
//! * [`config`]: `scorecard.toml`, with the published defaults built in
//!   ([`ScorecardConfig`]).
//! * [`scorecard`]: the assembled scorecard ([`Scorecard`],
//!   [`ScorecardBuilder`]).
//! * [`published`]: a published scorecard transcribed to CSV
//!   ([`PublishedScorecard`]).
//! * [`error`]: the one error type ([`Error`]).
//!
//! ## Example
//! ```
//! use scorecard_core::{Catalogue, Month, WorkingDayCalendar};
//! let catalogue = Catalogue::builtin();
//! assert!(catalogue.get("WF5").is_some());
//! let cal = WorkingDayCalendar::england_and_wales();
//! let start = chrono::NaiveDate::from_ymd_opt(2023, 11, 20).unwrap();
//! let authorised = chrono::NaiveDate::from_ymd_opt(2024, 1, 26).unwrap();
//! let days = cal.working_days_between(start, authorised).unwrap();
//! assert!(days > 45, "this assessment was late ({days} working days)");
//! ```
#![deny(missing_docs)]

pub mod benchmark;
pub mod calendar;
pub mod catalogue;
pub mod comparator;
pub mod config;
mod csv_text;
pub mod direction;
pub mod error;
pub mod funnel;
pub mod indicator;
pub mod location;
pub mod period;
pub mod published;
pub mod rating;
pub mod scorecard;
pub mod series;
pub mod spc;
pub mod target;
pub mod uncertainty;
pub mod value;
pub mod week;

pub use benchmark::{Band, Benchmark};
pub use calendar::{CalendarBuilder, WorkingDayCalendar};
pub use catalogue::Catalogue;
pub use comparator::{ComparatorKind, ComparatorSet, ComparatorValue, Vintage};
pub use config::{
    ComparatorEntry, DirectionMethod, IndicatorSettings, NeighbourAverage, NeighbourModel,
    ScorecardConfig, StatisticsSettings, TeamKinds,
};
pub use direction::{Arrow, Baseline, DirectionOfTravel, Judgement, arrow, judgement};
pub use error::{Error, Result};
pub use indicator::{
    DataSource, Definition, Derivation, Indicator, PeriodBasis, Polarity, Section, Unit,
};
pub use location::{FileError, IoError, Location, Operation};
pub use period::{FinancialYear, Month, Quarter, Window};
pub use published::{PublishedRow, PublishedScorecard};
pub use rating::{
    Override, Rating, RatingBasis, RatingDefaults, RatingInput, RatingOutcome, RatingRule,
    RuleKind, Tolerance, rate,
};
pub use scorecard::{
    Parts, RevisedFigure, Revision, Row, RowInput, RowSpc, Scorecard, ScorecardBuilder, SectionRows,
};
pub use series::Series;
pub use target::{Target, TargetCheck};
pub use uncertainty::{Confidence, Interval, Significance};
pub use value::{PrintedNumber, Value, percent, rate_per_10k, round_half_away};
pub use week::Week;
