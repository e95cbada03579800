//! # Every indicator by team or by worker
//!
//! The operational view: each indicator computed for the children of each
//! team (or worker) beside the LA's total, from the `team_allocations`
//! table ([`TeamAllocation`]).
//!
//! ## Whose is a child in a month
//!
//! A child belongs to one group in each month: the team (or worker) of
//! their **latest allocation begun by the month's last day**. Where the
//! source gives only the current allocation (Annex A's `Allocated Team`
//! and `Allocated Worker`, no start date), that allocation stands for every
//! month, and [`Basis::Current`] says so. A child with no allocation, or
//! whose allocation names no team (worker), is in [`UNALLOCATED`].
//!
//! Every record of a child (their referrals, assessments, plans, episodes)
//! goes with the child, so a month's events are the team's whose children
//! they are at the month's end. Within a month every child is in exactly one
//! group, so **the groups' counts add up to the LA's**: for every count, the
//! numerators (and for percentages the denominators) of the groups sum to
//! the LA total. A child's whole history stays in one group for the month,
//! so an indicator that looks back (re-referrals within 12 months, repeat
//! plans) sees the same history as the LA computation.
//!
//! Each distinct assignment of children to groups is computed once, with the
//! same engine and the same units as the LA total ([`compute_with`]): a
//! group is computed as if it were an LA of its own. A rate per 10,000
//! children has no value for a group (there is no population of a team);
//! its numerator is still given.
//!
//! ```
//! use std::sync::Arc;
//! use chrono::NaiveDate;
//! use scorecard_compute::events::{Referral, TeamAllocation};
//! use scorecard_compute::groups::{GroupBy, compute_grouped, UNALLOCATED};
//! use scorecard_compute::{Events, Options, Population};
//! use scorecard_core::{Month, Week, WorkingDayCalendar};
//!
//! let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
//! let la: Arc<str> = "E08000008".into();
//! let mut ev = Events::default();
//! for (child, day) in [("A", "2024-01-03"), ("B", "2024-01-09"), ("C", "2024-01-20")] {
//!     ev.referrals.push(Referral {
//!         la: la.clone(), child_id: child.into(), date: d(day),
//!         source: None, nfa: None, decision_date: None,
//!     });
//! }
//! for child in ["A", "B"] {
//!     ev.team_allocations.push(TeamAllocation {
//!         la: la.clone(), child_id: child.into(), team: Some("North".into()),
//!         worker: None, start: None, end: None,
//!     });
//! }
//! let jan = Month::new(2024, 1).unwrap();
//! let options = Options::refs(["CIN1"]).unwrap();
//! let cal = WorkingDayCalendar::england_and_wales();
//! let g = compute_grouped(&ev, &Population::default(), &cal, jan, jan, &options, GroupBy::Team);
//! let referrals = |group: &str| g.series("E08000008", group, "CIN1").unwrap().get(jan).unwrap().numerator;
//! assert_eq!(referrals("North"), 2);
//! assert_eq!(referrals(UNALLOCATED), 1);
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;

use scorecard_core::{Month, Week, WorkingDayCalendar};
use serde::{Deserialize, Serialize};

use crate::engine::{ComputedSeries, Options, compute_weekly, compute_with};
use crate::events::{Events, TeamAllocation, tables};
use crate::hashing::Map;
use crate::population::Population;

/// The group of the children with no team (or worker) in a month.
pub const UNALLOCATED: &str = "unallocated";

/// What children are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// The allocated team.
    Team,
    /// The allocated worker (personal data: pseudonymise before output).
    Worker,
}

impl GroupBy {
    /// `team` or `worker`: the tidy output's column.
    pub fn name(self) -> &'static str {
        match self {
            GroupBy::Team => "team",
            GroupBy::Worker => "worker",
        }
    }
}

impl std::str::FromStr for GroupBy {
    type Err = crate::error::Error;
    fn from_str(s: &str) -> crate::error::Result<GroupBy> {
        match s.trim().to_ascii_lowercase().as_str() {
            "team" | "teams" => Ok(GroupBy::Team),
            "worker" | "workers" => Ok(GroupBy::Worker),
            _ => Err(crate::error::Error::Unknown {
                what: "grouping",
                name: s.to_string(),
                suggestions: vec!["team".into(), "worker".into()],
            }),
        }
    }
}

/// How an LA's children were given their groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// From a history of allocations (the SSD's involvements): the latest
    /// allocation begun by each month's end.
    History,
    /// Only the current allocation was given (Annex A): the same group in
    /// every month.
    Current,
    /// No allocation at all: every child is unallocated.
    None,
}

impl Basis {
    /// A sentence for the outputs.
    pub fn describe(self, by: GroupBy) -> String {
        let what = by.name();
        match self {
            Basis::History => format!(
                "each child's {what} in a period (a month or a week) is that of their latest allocation begun by the period's last day (the allocation history)"
            ),
            Basis::Current => format!(
                "only the current {what} is given (Annex A's Allocated Team and Allocated Worker): each child's {what} as at the extract is taken for every period"
            ),
            Basis::None => format!("no {what} is recorded: every child is {UNALLOCATED}"),
        }
    }
}

/// Every indicator for each group of each LA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(serialize = "P: Serialize", deserialize = "P: Ord + Deserialize<'de>"))]
#[non_exhaustive]
pub struct Grouped<P = Month> {
    /// What the groups are.
    pub by: GroupBy,
    /// Per LA, how its children were grouped.
    pub basis: BTreeMap<String, Basis>,
    /// Per LA, per group (a team, a worker or [`UNALLOCATED`]), per ref.
    pub las: BTreeMap<String, BTreeMap<String, BTreeMap<String, ComputedSeries<P>>>>,
}

/// Every indicator by group, by week ([`compute_grouped_weekly`]).
pub type WeeklyGrouped = Grouped<Week>;

impl<P: Ord + Copy> Grouped<P> {
    /// A grouping of no LA (its rows in a team view are the LA totals
    /// alone).
    pub fn empty(by: GroupBy) -> Grouped<P> {
        Grouped {
            by,
            basis: BTreeMap::new(),
            las: BTreeMap::new(),
        }
    }

    /// The series of `reference` for `group` of `la`.
    pub fn series(&self, la: &str, group: &str, reference: &str) -> Option<&ComputedSeries<P>> {
        self.las.get(la)?.get(group)?.get(reference)
    }

    /// Small-number suppression, as [`crate::Computation::suppress_small`]
    /// (a team's counts are smaller than the LA's: suppress them whenever
    /// the LA's are). Returns how many values were withheld.
    pub fn suppress_small(&mut self) -> usize {
        self.las
            .values_mut()
            .flat_map(|groups| groups.values_mut())
            .flat_map(|refs| refs.values_mut())
            .map(ComputedSeries::<P>::suppress_small)
            .sum()
    }

    /// Gives a group's series no value wherever the LA's has none: where
    /// `computation` (the LA totals, computed with the inputs' coverage)
    /// says a ref has no data, or does not compute it, so do its groups,
    /// with the same reason.
    pub fn follow(&mut self, computation: &crate::Computation<P>) {
        for (la, groups) in self.las.iter_mut() {
            for refs in groups.values_mut() {
                for (reference, series) in refs.iter_mut() {
                    let reason = match computation.series(la, reference) {
                        None => Some("not computed for the LA".to_string()),
                        Some(total) => total.no_data.clone(),
                    };
                    if let Some(reason) = reason {
                        *series = ComputedSeries {
                            no_data: Some(reason),
                            ..ComputedSeries::default()
                        };
                    }
                }
            }
        }
    }

    /// Renames every group of every LA by `rename` (pseudonyms for workers);
    /// [`UNALLOCATED`] keeps its name.
    pub fn rename_groups(&mut self, mut rename: impl FnMut(&str) -> String) {
        for groups in self.las.values_mut() {
            let old = std::mem::take(groups);
            for (name, refs) in old {
                let new = if name == UNALLOCATED {
                    name
                } else {
                    rename(&name)
                };
                groups.insert(new, refs);
            }
        }
    }
}

/// The separator of an LA and a group in the key a group is computed under
/// (a unit separator: never in a name read from a file's cell).
const SEP: char = '\u{1f}';

/// Computes every indicator of `options` for each team (or worker) of each
/// LA, months `first ..= last`: see the [module](self) for whose a child is.
/// The LA totals are [`compute_with`]'s; this gives the groups.
pub fn compute_grouped(
    events: &Events,
    population: &Population,
    calendar: &WorkingDayCalendar,
    first: Month,
    last: Month,
    options: &Options,
    by: GroupBy,
) -> Grouped {
    let last = last.max(first);
    let months: Vec<Month> =
        std::iter::successors(Some(first), |m| Some(m.succ()).filter(|n| *n <= last)).collect();
    grouped(
        events,
        &months,
        Month::last_day,
        by,
        options,
        |ev, o, a, b| compute_with(ev, population, calendar, a, b, o),
    )
}

/// [`compute_grouped`] by week, weeks `first ..= last` (of `first`'s week
/// end): a child's group in a week is that of their latest allocation
/// begun by the week's last day.
pub fn compute_grouped_weekly(
    events: &Events,
    population: &Population,
    calendar: &WorkingDayCalendar,
    first: Week,
    last: Week,
    options: &Options,
    by: GroupBy,
) -> WeeklyGrouped {
    let last = last.max(first);
    let weeks: Vec<Week> =
        std::iter::successors(Some(first), |w| Some(w.succ()).filter(|n| *n <= last)).collect();
    grouped(
        events,
        &weeks,
        Week::last_day,
        by,
        options,
        |ev, o, a, b| compute_weekly(ev, population, calendar, a, b, o),
    )
}

/// The grouping over any periods: `end` gives a period's last day,
/// `compute(events, options, first, last)` the engine's run over relabelled
/// events for the periods `first ..= last` (each assignment is computed
/// only over the span of the periods it holds for: a period's values do not
/// depend on where the engine's grid begins before it).
fn grouped<P: Ord + Copy>(
    events: &Events,
    periods: &[P],
    end: fn(P) -> chrono::NaiveDate,
    by: GroupBy,
    options: &Options,
    compute: impl Fn(&Events, &Options, P, P) -> crate::Computation<P>,
) -> Grouped<P> {
    // The allocations of each LA's children, in the table's order.
    let mut allocations: BTreeMap<&str, Map<&str, Vec<&TeamAllocation>>> = BTreeMap::new();
    for t in &events.team_allocations {
        allocations
            .entry(&*t.la)
            .or_default()
            .entry(&*t.child_id)
            .or_default()
            .push(t);
    }
    let mut basis: BTreeMap<String, Basis> = events
        .las()
        .into_iter()
        .map(|la| (la, Basis::None))
        .collect();
    for (la, children) in &allocations {
        let dated = children.values().flatten().any(|t| t.start.is_some());
        basis.insert(
            la.to_string(),
            if dated {
                Basis::History
            } else {
                Basis::Current
            },
        );
    }
    // Each month's assignment (la, child) -> group; the same assignment in
    // several months is computed once.
    type Assignment<'e> = BTreeMap<(&'e str, &'e str), &'e str>;
    let mut distinct: Vec<(Assignment<'_>, Vec<P>)> = Vec::new();
    for &m in periods {
        let end = end(m);
        let mut assignment = Assignment::new();
        for (la, children) in &allocations {
            for (child, rows) in children {
                // The latest begun by the month's end; no start is the
                // current allocation (earlier than any dated one); the later
                // row wins a tie.
                let mut best: Option<&TeamAllocation> = None;
                for t in rows.iter().filter(|t| t.start.is_none_or(|s| s <= end)) {
                    if best.is_none_or(|b| b.start <= t.start) {
                        best = Some(t);
                    }
                }
                let group = best.and_then(|t| match by {
                    GroupBy::Team => t.team.as_deref(),
                    GroupBy::Worker => t.worker.as_deref(),
                });
                if let Some(g) = group.map(str::trim).filter(|g| !g.is_empty()) {
                    assignment.insert((la, child), g);
                }
            }
        }
        match distinct.iter_mut().find(|(a, _)| *a == assignment) {
            Some((_, ms)) => ms.push(m),
            None => distinct.push((assignment, vec![m])),
        }
    }
    let mut group_options = options.clone();
    group_options.las = Vec::new();
    if group_options.coverage.is_none() {
        // What the inputs supplied is the LA's, not a group's: a team with
        // no CP plans this month has zero, not "no data".
        group_options.coverage = Some(crate::coverage::Coverage::infer(events));
    }
    let mut las: BTreeMap<String, BTreeMap<String, BTreeMap<String, ComputedSeries<P>>>> =
        BTreeMap::new();
    for (assignment, ms) in &distinct {
        let (Some(&a), Some(&b)) = (ms.iter().min(), ms.iter().max()) else {
            continue;
        };
        let relabelled = relabel(events, assignment);
        let computed = compute(&relabelled, &group_options, a, b);
        for (key, refs) in computed.las {
            let Some((la, group)) = key.split_once(SEP) else {
                continue;
            };
            let out = las
                .entry(la.to_string())
                .or_default()
                .entry(group.to_string())
                .or_default();
            for (reference, series) in refs {
                let into = out.entry(reference).or_default();
                if series.no_data.is_some() {
                    into.no_data = series.no_data;
                }
                for m in ms {
                    if let Some(o) = series.observations.get(m) {
                        into.observations.insert(*m, *o);
                    }
                    if let Some(n) = series.still_in_time.get(m) {
                        into.still_in_time.insert(*m, *n);
                    }
                }
            }
        }
    }
    Grouped { by, basis, las }
}

/// The events with each record's `la` replaced by its child's group key
/// (`la`, the separator, the group).
fn relabel<'e>(events: &'e Events, assignment: &BTreeMap<(&'e str, &'e str), &'e str>) -> Events {
    let mut keys: Map<(&'e str, &'e str), Arc<str>> = Map::default();
    let mut key = |la: &'e str, child: &'e str| -> Arc<str> {
        let group = assignment.get(&(la, child)).copied().unwrap_or(UNALLOCATED);
        Arc::clone(
            keys.entry((la, group))
                .or_insert_with(|| format!("{la}{SEP}{group}").into()),
        )
    };
    let mut out = Events::default();
    macro_rules! move_rows {
        ($f:ident, $n:literal) => {
            out.$f = events
                .$f
                .iter()
                .map(|r| {
                    let la = key(&r.la, &r.child_id);
                    let mut r = r.clone();
                    r.la = la;
                    r
                })
                .collect();
        };
    }
    tables!(move_rows);
    out
}
