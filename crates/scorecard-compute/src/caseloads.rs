//! # Caseloads: open cases per worker and per team on a day
//!
//! Who holds how many cases, split by type, and how a team's caseloads are
//! spread (median, highest, how many workers are over a threshold). The
//! LA's monthly average (WF6) and highest caseload (WF8) are indicators of
//! the engine; this is the detail behind them for one day, usually the
//! reporting month's end.
//!
//! * **Who holds a child** on day `at`: the workers of the child's
//!   `team_allocations` open on `at` (`start` on or before it, or no start:
//!   the current allocation; `end` absent or after it), with the team on
//!   the same row. Without any worker there, the `social_worker_allocations`
//!   open on `at` (no team).
//! * **The case's type**, the first that holds on `at`: looked after (a
//!   `cla_episodes` episode open), child protection (a CP plan open), child
//!   in need (a CIN episode open), care leaver (a care leaver contact in the
//!   12 months to `at`); otherwise `other` (allocated, no open episode: a
//!   referral or assessment, say).
//! * A child allocated to a worker twice counts once for that worker.
//!
//! ```
//! use chrono::NaiveDate;
//! use scorecard_compute::Events;
//! use scorecard_compute::caseloads::{by_team, caseloads};
//! use scorecard_compute::events::{CpPlan, TeamAllocation};
//!
//! let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
//! let mut ev = Events::default();
//! for child in ["A", "B"] {
//!     ev.team_allocations.push(TeamAllocation {
//!         la: "LA1".into(), child_id: child.into(), team: Some("North".into()),
//!         worker: Some("Jo".into()), start: None, end: None,
//!     });
//! }
//! ev.cp_plans.push(CpPlan {
//!     la: "LA1".into(), child_id: "A".into(), start: d("2023-06-01"), end: None,
//!     initial_category: None, previous_plans: None,
//! });
//! let workers = caseloads(&ev, d("2024-01-31"));
//! assert_eq!((workers[0].cases.cp, workers[0].cases.other, workers[0].cases.total()), (1, 1, 2));
//! let teams = by_team(&workers, 20);
//! assert_eq!((teams[0].team.as_str(), teams[0].highest), ("", 2)); // the LA first
//! ```

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::events::Events;
use crate::hashing::{Map, Set};

/// Open cases by type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cases {
    /// Children in need (a CIN episode open, no plan, not looked after).
    pub cin: u32,
    /// Children on a child protection plan (not looked after).
    pub cp: u32,
    /// Children looked after.
    pub cla: u32,
    /// Care leavers (a contact in the last 12 months, not looked after).
    pub care_leavers: u32,
    /// Allocated with none of those open.
    pub other: u32,
}

impl Cases {
    /// Every case.
    pub fn total(&self) -> u32 {
        self.cin + self.cp + self.cla + self.care_leavers + self.other
    }

    fn add(&mut self, other: &Cases) {
        self.cin += other.cin;
        self.cp += other.cp;
        self.cla += other.cla;
        self.care_leavers += other.care_leavers;
        self.other += other.other;
    }
}

/// One worker's caseload on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WorkerCaseload {
    /// Local authority.
    pub la: String,
    /// The worker as the source names them (personal data).
    pub worker: String,
    /// Their team: the team on most of their open allocations (the first
    /// by name on a tie); `None` where no allocation names one.
    pub team: Option<String>,
    /// Their open cases.
    pub cases: Cases,
}

/// A team's caseloads (or, with `team` blank, the LA's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TeamCaseload {
    /// Local authority.
    pub la: String,
    /// The team; blank for the LA, `unallocated` for workers with no team.
    pub team: String,
    /// Workers holding at least one case.
    pub workers: u32,
    /// Their cases.
    pub cases: Cases,
    /// The median caseload (the mean of the middle two for an even count).
    pub median: f64,
    /// The highest caseload.
    pub highest: u32,
    /// The threshold.
    pub threshold: u32,
    /// Workers holding more cases than the threshold.
    pub over: u32,
}

impl TeamCaseload {
    /// Cases per worker (WF6's raw average); `None` without workers.
    pub fn average(&self) -> Option<f64> {
        (self.workers > 0).then(|| f64::from(self.cases.total()) / f64::from(self.workers))
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Type {
    Cla,
    Cp,
    Cin,
    CareLeaver,
    Other,
}

/// Every worker's open cases on `at`, by LA then worker (see the
/// [module](self) for who holds what).
pub fn caseloads(events: &Events, at: NaiveDate) -> Vec<WorkerCaseload> {
    let open = |s: Option<NaiveDate>, e: Option<NaiveDate>| {
        s.is_none_or(|s| s <= at) && e.is_none_or(|e| e > at)
    };
    // The case type of each (la, child) on `at`.
    let mut kind: Map<(&str, &str), Type> = Map::default();
    let mut note = |la, child, t: Type| {
        let e = kind.entry((la, child)).or_insert(t);
        *e = (*e).min(t);
    };
    for e in &events.cla_episodes {
        if open(Some(e.start), e.end) {
            note(&*e.la, &*e.child_id, Type::Cla);
        }
    }
    for p in &events.cp_plans {
        if open(Some(p.start), p.end) {
            note(&*p.la, &*p.child_id, Type::Cp);
        }
    }
    for e in &events.cin_episodes {
        if open(Some(e.start), e.end) {
            note(&*e.la, &*e.child_id, Type::Cin);
        }
    }
    let year_before = at
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(NaiveDate::MIN);
    for c in &events.care_leaver_contacts {
        if c.date <= at && c.date > year_before {
            note(&*c.la, &*c.child_id, Type::CareLeaver);
        }
    }
    // Who holds whom, with the team on each open allocation.
    type Held<'e> = BTreeMap<(&'e str, &'e str), (Set<&'e str>, BTreeMap<&'e str, u32>)>;
    let mut held: Held<'_> = BTreeMap::new();
    let from_teams = events.team_allocations.iter().any(|t| t.worker.is_some());
    if from_teams {
        for t in &events.team_allocations {
            let Some(worker) = t.worker.as_deref().map(str::trim).filter(|w| !w.is_empty()) else {
                continue;
            };
            if open(t.start, t.end) {
                let entry = held.entry((&*t.la, worker)).or_default();
                entry.0.insert(&*t.child_id);
                if let Some(team) = t.team.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                    *entry.1.entry(team).or_default() += 1;
                }
            }
        }
    } else {
        for a in &events.allocations {
            if open(Some(a.start), a.end) {
                held.entry((&*a.la, &*a.worker_id))
                    .or_default()
                    .0
                    .insert(&*a.child_id);
            }
        }
    }
    held.into_iter()
        .map(|((la, worker), (children, teams))| {
            let mut cases = Cases::default();
            for child in children {
                match kind.get(&(la, child)).copied().unwrap_or(Type::Other) {
                    Type::Cla => cases.cla += 1,
                    Type::Cp => cases.cp += 1,
                    Type::Cin => cases.cin += 1,
                    Type::CareLeaver => cases.care_leavers += 1,
                    Type::Other => cases.other += 1,
                }
            }
            // The most frequent team; BTreeMap order breaks a tie by name.
            let team = teams
                .iter()
                .fold(None::<(&str, u32)>, |best, (t, n)| match best {
                    Some((_, b)) if b >= *n => best,
                    _ => Some((t, *n)),
                })
                .map(|(t, _)| t.to_string());
            WorkerCaseload {
                la: la.to_string(),
                worker: worker.to_string(),
                team,
                cases,
            }
        })
        .collect()
}

/// Each LA's caseloads (team blank) and then each team's, by name, with
/// workers without a team as `unallocated` last; `threshold` counts the
/// workers holding more cases than it.
pub fn by_team(workers: &[WorkerCaseload], threshold: u32) -> Vec<TeamCaseload> {
    let mut groups: BTreeMap<(&str, u8, &str), Vec<&WorkerCaseload>> = BTreeMap::new();
    for w in workers {
        groups.entry((&w.la, 0, "")).or_default().push(w);
        match &w.team {
            Some(t) => groups.entry((&w.la, 1, t)).or_default().push(w),
            None => groups
                .entry((&w.la, 2, crate::groups::UNALLOCATED))
                .or_default()
                .push(w),
        }
    }
    groups
        .into_iter()
        .map(|((la, _, team), ws)| {
            let mut loads: Vec<u32> = ws.iter().map(|w| w.cases.total()).collect();
            loads.sort_unstable();
            let mut cases = Cases::default();
            for w in &ws {
                cases.add(&w.cases);
            }
            let n = loads.len();
            let median = match n {
                0 => 0.0,
                _ if n % 2 == 1 => f64::from(loads[n / 2]),
                _ => (f64::from(loads[n / 2 - 1]) + f64::from(loads[n / 2])) / 2.0,
            };
            TeamCaseload {
                la: la.to_string(),
                team: team.to_string(),
                workers: n as u32,
                cases,
                median,
                highest: loads.last().copied().unwrap_or(0),
                threshold,
                over: loads.iter().filter(|l| **l > threshold).count() as u32,
            }
        })
        .collect()
}
