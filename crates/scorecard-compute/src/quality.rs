//! Row accounting: every input row is used or counted as excluded with a
//! reason, and records left out of a single indicator are counted too.
//!
//! Rows are checked once, when they are split by local authority: a row with
//! no LA or child id, or whose end (or authorisation) is before its start, is
//! excluded from every indicator.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::events::*;

/// Rows of one table: read = used + excluded.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TableQuality {
    /// Rows given to the engine.
    pub read: u64,
    /// Rows used.
    pub used: u64,
    /// Rows excluded, by reason.
    pub excluded: BTreeMap<String, u64>,
}

/// The data-quality report of a computation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DataQuality {
    /// By table name (`referrals`, `cp_plans`, ...).
    pub tables: BTreeMap<String, TableQuality>,
    /// Records left out of one indicator (e.g. a working-day count whose
    /// dates fall outside the calendar), by ref and reason.
    pub indicator_exclusions: BTreeMap<String, BTreeMap<String, u64>>,
}

impl DataQuality {
    pub(crate) fn indicator_exclusion(&mut self, reference: &str, reason: &str) {
        *self
            .indicator_exclusions
            .entry(reference.to_string())
            .or_default()
            .entry(reason.to_string())
            .or_default() += 1;
    }

    /// Excluded rows of `table` for `reason` (0 when none).
    pub fn excluded(&self, table: &str, reason: &str) -> u64 {
        self.tables
            .get(table)
            .and_then(|t| t.excluded.get(reason))
            .copied()
            .unwrap_or(0)
    }
}

/// One LA's valid events, borrowed.
#[derive(Debug, Default)]
pub(crate) struct LaEvents<'a> {
    pub children: Vec<&'a Child>,
    pub contacts: Vec<&'a Contact>,
    pub mash_contacts: Vec<&'a MashContact>,
    pub early_help_episodes: Vec<&'a EarlyHelpEpisode>,
    pub early_help_assessments: Vec<&'a EarlyHelpAssessment>,
    pub referrals: Vec<&'a Referral>,
    pub assessments: Vec<&'a Assessment>,
    pub strategy_discussions: Vec<&'a StrategyDiscussion>,
    pub section47s: Vec<&'a Section47>,
    pub icpcs: Vec<&'a Icpc>,
    pub cin_episodes: Vec<&'a CinEpisode>,
    pub cin_plans: Vec<&'a CinPlan>,
    pub cin_reviews: Vec<&'a Review>,
    pub cp_plans: Vec<&'a CpPlan>,
    pub cp_visits: Vec<&'a Visit>,
    pub cp_reviews: Vec<&'a Review>,
    pub cla_episodes: Vec<&'a ClaEpisode>,
    pub cla_visits: Vec<&'a Visit>,
    pub cla_reviews: Vec<&'a Review>,
    pub health_checks: Vec<&'a HealthCheck>,
    pub missing_episodes: Vec<&'a MissingEpisode>,
    pub allocations: Vec<&'a Allocation>,
    pub care_leaver_contacts: Vec<&'a CareLeaverContact>,
    pub pathway_plan_reviews: Vec<&'a Visit>,
}

fn interval(start: NaiveDate, end: Option<NaiveDate>) -> Result<(), &'static str> {
    match end {
        Some(e) if e < start => Err("end before start"),
        _ => Ok(()),
    }
}

/// Splits `rows` by LA into `out`, keeping valid rows and counting the rest.
fn split<'a, T>(
    table: &str,
    rows: &'a [T],
    key: impl Fn(&T) -> (&str, &str),
    check: impl Fn(&T) -> Result<(), &'static str>,
    quality: &mut DataQuality,
    out: &mut BTreeMap<&'a str, LaEvents<'a>>,
    field: impl for<'b> Fn(&'b mut LaEvents<'a>) -> &'b mut Vec<&'a T>,
) where
    T: 'a,
{
    let q = quality.tables.entry(table.to_string()).or_default();
    for row in rows {
        q.read += 1;
        let (la, child) = key(row);
        let verdict = if la.trim().is_empty() {
            Err("no local authority")
        } else if child.trim().is_empty() {
            Err("no child id")
        } else {
            check(row)
        };
        match verdict {
            Ok(()) => {
                q.used += 1;
                field(out.entry(la).or_default()).push(row);
            }
            Err(reason) => *q.excluded.entry(reason.to_string()).or_default() += 1,
        }
    }
}

fn ok<T>(_: &T) -> Result<(), &'static str> {
    Ok(())
}

/// Splits every table by LA, validating rows.
pub(crate) fn split_by_la<'a>(
    ev: &'a Events,
    q: &mut DataQuality,
) -> BTreeMap<&'a str, LaEvents<'a>> {
    let mut out: BTreeMap<&'a str, LaEvents<'a>> = BTreeMap::new();
    macro_rules! table {
        ($name:literal, $field:ident, $check:expr) => {
            split(
                $name,
                &ev.$field,
                |r| (r.la.as_str(), r.child_id.as_str()),
                $check,
                q,
                &mut out,
                |l| &mut l.$field,
            )
        };
    }
    table!("children", children, ok);
    table!("contacts", contacts, ok);
    table!("mash_contacts", mash_contacts, |r: &MashContact| match r.screening_completed {
        Some(c) if c < r.received => Err("screening completed before the contact was received"),
        _ => Ok(()),
    });
    table!("early_help_episodes", early_help_episodes, |r: &EarlyHelpEpisode| interval(r.start, r.end));
    table!("early_help_assessments", early_help_assessments, |r: &EarlyHelpAssessment| match r.completed {
        Some(c) if c < r.start => Err("completed before start"),
        _ => Ok(()),
    });
    table!("referrals", referrals, |r: &Referral| match r.decision_date {
        Some(d) if d < r.date => Err("decision before referral"),
        _ => Ok(()),
    });
    table!("assessments", assessments, |r: &Assessment| match r.authorised {
        Some(a) if a < r.start => Err("authorised before start"),
        _ => Ok(()),
    });
    table!("strategy_discussions", strategy_discussions, ok);
    table!("section47s", section47s, ok);
    table!("icpcs", icpcs, |r: &Icpc| match r.s47_start {
        Some(s) if s > r.date => Err("conference before its section 47 start"),
        _ => Ok(()),
    });
    table!("cin_episodes", cin_episodes, |r: &CinEpisode| interval(r.start, r.end));
    table!("cin_plans", cin_plans, |r: &CinPlan| interval(r.start, r.end));
    table!("cin_reviews", cin_reviews, ok);
    table!("cp_plans", cp_plans, |r: &CpPlan| interval(r.start, r.end));
    table!("cp_visits", cp_visits, ok);
    table!("cp_reviews", cp_reviews, ok);
    table!("cla_episodes", cla_episodes, |r: &ClaEpisode| interval(r.start, r.end));
    table!("cla_visits", cla_visits, ok);
    table!("cla_reviews", cla_reviews, ok);
    table!("health_checks", health_checks, ok);
    table!("missing_episodes", missing_episodes, |r: &MissingEpisode| interval(r.start, r.end));
    table!("social_worker_allocations", allocations, |r: &Allocation| interval(r.start, r.end));
    table!("care_leaver_contacts", care_leaver_contacts, ok);
    table!("pathway_plan_reviews", pathway_plan_reviews, ok);
    out
}
