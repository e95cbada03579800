//! Child-level drill-down: the children behind an indicator's numerator in
//! one month, for case audits. This is personal data: the CLI writes it only
//! when asked (`--drill-down`), to its own file (`drill-down.csv`), never
//! into the aggregate outputs.
//!
//! The lists come from the measures themselves: each indicator flagged
//! `member` in the registry (`measures/mod.rs`) has its unit list the
//! children it counts into the numerator, on the same validated rows, so
//! a drill-down cannot drift from the figure it explains (a test checks
//! the lists have exactly the engine's numerators). Today: CIN1, CIN4,
//! CIN8, SG6, CIN18, CF1.
//!
//! ```
//! assert_eq!(scorecard_compute::drill::DRILLABLE, ["CIN1", "CIN4", "CIN8", "SG6", "CIN18", "CF1"]);
//! ```

use chrono::NaiveDate;
use serde::Serialize;

use scorecard_core::{Month, WorkingDayCalendar};

use crate::events::Events;
use crate::timescales::Timescales;

/// The indicators with a drill-down (the registry's `member` refs).
pub const DRILLABLE: [&str; crate::measures::MEMBER_REFS.len()] = crate::measures::MEMBER_REFS;

/// One child behind a numerator.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DrillRow {
    /// Local authority.
    pub la: String,
    /// Indicator ref.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Month, `YYYY-MM`.
    pub period: String,
    /// Child identifier.
    pub child_id: String,
    /// The date that put the child in the numerator (referral, authorisation,
    /// conference, or the month end for a snapshot).
    pub date: NaiveDate,
}

/// The children behind the numerators of [`DRILLABLE`] for every LA in
/// `month`, sorted.
pub fn drill_down(events: &Events, calendar: &WorkingDayCalendar, month: Month) -> Vec<DrillRow> {
    drill_down_with(events, calendar, month, &Timescales::builtin())
}

/// [`drill_down`] with the timescales of a council's own catalogue (the
/// same the engine was given, so the children listed are the numerator).
pub fn drill_down_with(
    events: &Events,
    calendar: &WorkingDayCalendar,
    month: Month,
    timescales: &Timescales,
) -> Vec<DrillRow> {
    let mut out: Vec<DrillRow> = crate::engine::members(events, calendar, month, timescales)
        .into_iter()
        .map(|(la, reference, child_id, date)| DrillRow {
            la,
            reference: reference.to_string(),
            period: month.to_string(),
            child_id,
            date,
        })
        .collect();
    out.sort();
    out
}

/// The rows as CSV text (`la,ref,period,child_id,date`).
pub fn to_csv(rows: &[DrillRow]) -> crate::Result<String> {
    crate::readers::canonical::write_table(rows)
}
