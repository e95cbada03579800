//! Child-level drill-down: the children behind an indicator's numerator in
//! one month, for case audits. This is personal data: the CLI writes it only
//! when asked (`--drill-down`), to its own file (`drill-down.csv`), never
//! into the aggregate outputs.
//!
//! Covered indicators (the same definitions as the engine, on the same
//! validated rows; a test checks the lists have exactly the engine's
//! numerators): CIN1, CIN4, CIN8, SG6, CIN18, CF1.

use crate::hashing::Map;

use chrono::NaiveDate;
use serde::Serialize;

use scorecard_core::{Month, WorkingDayCalendar};

use crate::events::Events;
use crate::grid::merge_per_child;
use crate::measures::months_before;
use crate::quality::{DataQuality, split_by_la};
use crate::timescales::Timescales;

/// The indicators with a drill-down.
pub const DRILLABLE: [&str; 6] = ["CIN1", "CIN4", "CIN8", "SG6", "CIN18", "CF1"];

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
    let limit = |r: &str| timescales.get(r).map_or(-1, i64::from);
    let (cin8, sg6) = (limit("CIN8"), limit("SG6"));
    let mut q = DataQuality::default();
    let by_la = split_by_la(events, &mut q);
    let eom = month.last_day();
    let mut out = Vec::new();
    for (la, ev) in &by_la {
        let mut row = |r: &str, child: &str, date: NaiveDate| {
            out.push(DrillRow {
                la: la.to_string(),
                reference: r.into(),
                period: month.to_string(),
                child_id: child.into(),
                date,
            });
        };
        // CIN1 and CIN4.
        let mut dates: Map<&str, Vec<NaiveDate>> = Map::default();
        for r in &ev.referrals {
            dates.entry(&*r.child_id).or_default().push(r.date);
        }
        for r in ev.referrals.iter().filter(|r| month.contains(r.date)) {
            row("CIN1", &r.child_id, r.date);
            let earlier = dates
                .get(&*r.child_id)
                .into_iter()
                .flatten()
                .filter(|d| **d < r.date)
                .max();
            if earlier.is_some_and(|e| *e >= months_before(r.date, 12)) {
                row("CIN4", &r.child_id, r.date);
            }
        }
        // CIN8.
        for a in &ev.assessments {
            if let Some(done) = a.authorised.filter(|d| month.contains(*d))
                && calendar
                    .working_days_between(a.start, done)
                    .is_ok_and(|n| n <= cin8)
            {
                row("CIN8", &a.child_id, done);
            }
        }
        // SG6.
        for c in ev.icpcs.iter().filter(|c| month.contains(c.date)) {
            if let Some(s) = c.s47_start
                && calendar
                    .working_days_between(s, c.date)
                    .is_ok_and(|n| n <= sg6)
            {
                row("SG6", &c.child_id, c.date);
            }
        }
        // CIN18 and CF1: children open at month end.
        let open = |items: Vec<(&str, NaiveDate, Option<NaiveDate>)>| -> Vec<String> {
            merge_per_child(items)
                .into_iter()
                .filter(|(_, s, e)| *s <= eom && e.is_none_or(|e| e > eom))
                .map(|(c, _, _)| c.to_string())
                .collect()
        };
        for c in open(
            ev.cp_plans
                .iter()
                .map(|p| (&*p.child_id, p.start, p.end))
                .collect(),
        ) {
            row("CIN18", &c, eom);
        }
        let care = ev
            .cla_episodes
            .iter()
            .filter(|e| !matches!(e.legal_status.as_deref().map(str::trim), Some("V3" | "V4")))
            .map(|e| (&*e.child_id, e.start, e.end))
            .collect();
        for c in open(care) {
            row("CF1", &c, eom);
        }
    }
    out.sort();
    out
}

/// The rows as CSV text (`la,ref,period,child_id,date`).
pub fn to_csv(rows: &[DrillRow]) -> crate::Result<String> {
    crate::readers::canonical::write_table(rows)
}
