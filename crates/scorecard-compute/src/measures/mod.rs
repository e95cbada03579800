//! The measures: one module per area of the scorecard. Each says, per
//! indicator, which definition it implements; the catalogue
//! (`scorecard-core/data/catalogue.toml`) holds the same definition in
//! words.

use chrono::{Months, NaiveDate};

use crate::engine::Ctx;
use crate::frame::LaFrame;
use crate::timescales::Unit as TimescaleUnit;

mod assessments;
mod care_leavers;
mod child_protection;
mod children_in_need;
mod early_help;
mod front_door;
mod looked_after;
mod missing;
mod referrals;
mod workforce;

/// Declares every computed indicator once: the unit (function) that
/// computes it, the tables that unit reads, what the indicator needs to
/// have a value (tables and `table.field`s: without them it has no data,
/// never a zero; see [`crate::coverage`]), and its flags: `member` (the
/// unit lists the children behind its numerator: the drill-down), and
/// `timed`, `hours` or `days` (computed against the catalogue's timescale
/// in working days, hours or calendar days).
/// [`COMPUTED`], [`UNITS`], [`needs`], [`crate::drill::DRILLABLE`] and
/// [`crate::timescales`]' list of timed refs are all derived from it.
macro_rules! registry {
    ($( $run:path, reads [$($t:literal),* $(,)?] {
        $( $r:literal => [$($n:literal),* $(,)?] $(+ $flag:ident)* ),* $(,)?
    } )*) => {
        /// The refs the engine computes from case-level events, in the
        /// order of the registry (`measures/mod.rs`).
        pub const COMPUTED: &[&str] = &[$($($r,)*)*];

        /// Every unit, in the order they run.
        pub(crate) const UNITS: &[Unit] = &[$(Unit {
            refs: &[$($r),*],
            tables: &[$(crate::events::Table::named($t)),*],
            run: $run,
        }),*];

        /// Every indicator, in the order of [`COMPUTED`].
        pub(crate) const REGISTRY: &[Indicator] = &[$($(Indicator {
            reference: $r,
            needs: &[$($n),*],
            member: registry!(@member $($flag)*),
            timescale: registry!(@timescale $($flag)*),
        },)*)*];
    };
    (@member) => { false };
    (@member member $($rest:ident)*) => { true };
    (@member $other:ident $($rest:ident)*) => { registry!(@member $($rest)*) };
    (@timescale) => { None };
    (@timescale timed $($rest:ident)*) => { Some(TimescaleUnit::WorkingDays) };
    (@timescale hours $($rest:ident)*) => { Some(TimescaleUnit::Hours) };
    (@timescale days $($rest:ident)*) => { Some(TimescaleUnit::Days) };
    (@timescale $other:ident $($rest:ident)*) => { registry!(@timescale $($rest)*) };
}

/// One indicator in the registry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Indicator {
    /// Its ref.
    pub reference: &'static str,
    /// The tables and fields (`table.field`) it needs to have a value.
    /// `children` (dates of birth) is never required: a child without one
    /// is left out, and counted.
    pub needs: &'static [&'static str],
    /// Its unit lists the children behind its numerator.
    pub member: bool,
    /// Computed against the catalogue's timescale in this unit.
    pub timescale: Option<TimescaleUnit>,
}

/// One unit of work: a function that computes some refs from some tables.
/// The engine runs only the units a caller's selection needs, and a reader
/// may read only their tables.
#[derive(Debug)]
pub(crate) struct Unit {
    /// The refs it computes (exactly these; a test checks).
    pub refs: &'static [&'static str],
    /// The tables of [`crate::Events`] it reads (written by name in the
    /// registry; a name that is not a table does not compile).
    pub tables: &'static [crate::events::Table],
    /// Computes them for one LA.
    pub run: fn(&mut Ctx<'_>, &LaFrame),
}

registry! {
    front_door::measure, reads ["contacts", "mash_contacts"] {
        "FD1" => ["contacts"],
        "FD2" => ["contacts"],
        "FD2a" => ["mash_contacts"],
        "FD2b" => ["mash_contacts"],
        "FD2c" => ["mash_contacts"],
        "FD2e" => ["mash_contacts"],
        "FD2f" => ["mash_contacts"] + hours,
        "FD8a" => ["contacts", "contacts.outcome"],
        "FD8c" => ["mash_contacts"],
        "FD8d" => ["mash_contacts"],
        "FD8e" => ["mash_contacts"],
        "FD8f" => ["mash_contacts"],
    }
    early_help::measure, reads ["early_help_episodes", "early_help_assessments"] {
        "EH2" => ["early_help_episodes"],
        "EH3" => ["early_help_episodes"],
        "EH7" => ["early_help_assessments"],
        "EH9" => ["early_help_assessments"],
        "EH9a" => ["early_help_assessments"] + timed,
        "EH10" => ["early_help_episodes"],
        "EH10b" => ["early_help_episodes"],
        "EH10c" => ["early_help_episodes"],
        "EH10d" => ["early_help_episodes"],
    }
    referrals::measure, reads ["referrals"] {
        "CIN1" => ["referrals"] + member,
        "CIN2" => ["referrals"],
        "CIN3" => ["referrals", "referrals.decision_date"] + timed,
        "CIN4" => ["referrals"] + member,
    }
    assessments::measure, reads ["assessments"] {
        "CIN5" => ["assessments", "assessments.outcome"],
        "CIN6" => ["assessments"],
        "CIN7" => ["assessments"],
        "CIN8" => ["assessments"] + member + timed,
        "EH11a" => ["assessments", "assessments.outcome"],
    }
    child_protection::strategy_and_s47, reads ["strategy_discussions", "section47s"] {
        "CIN9" => ["strategy_discussions"],
        "CIN10" => ["strategy_discussions"],
        "CIN10a" => ["strategy_discussions"],
        "CIN10b" => ["strategy_discussions"],
        "CIN10c" => ["strategy_discussions"],
        "CIN11" => ["strategy_discussions"],
        "CIN12" => ["strategy_discussions"],
        "CIN13" => ["section47s"],
        "CIN14" => ["section47s"],
        "CIN15" => ["section47s"],
    }
    child_protection::conferences, reads ["icpcs", "section47s"] {
        "SG5" => ["icpcs"] + timed,
        "SG6" => ["icpcs"] + member + timed,
        "SG7" => ["icpcs"],
        "SG8" => ["icpcs", "icpcs.police_attended"],
        "SG9" => ["icpcs", "icpcs.health_attended"],
        "SG10" => ["icpcs", "icpcs.education_attended"],
    }
    child_protection::plans, reads ["cp_plans"] {
        "CIN18" => ["cp_plans"] + member,
        "CIN19" => ["cp_plans"],
        "SG13" => ["cp_plans"],
        "SG14" => ["cp_plans"],
    }
    child_protection::visits, reads ["cp_plans", "cp_visits"] {
        "CIN20" => ["cp_plans", "cp_visits"] + days,
    }
    child_protection::reviews, reads ["cp_reviews"] {
        "SG11" => ["cp_reviews"],
        "SG12" => ["cp_reviews"],
    }
    children_in_need::measure, reads ["cin_plans", "cin_reviews", "cin_episodes"] {
        "CIN16" => ["cin_plans"],
        "CIN16a" => ["cin_plans"],
        "CIN17" => ["cin_reviews"],
        "EH11" => ["cin_episodes", "cin_episodes.closure_reason"],
        "WF1" => ["cin_episodes"],
        "WF2" => ["cin_episodes"],
    }
    missing::measure, reads ["missing_episodes"] {
        "CIN21" => ["missing_episodes"],
        "CIN22" => ["missing_episodes", "missing_episodes.rhi_offered"],
        "CIN23" => ["missing_episodes", "missing_episodes.rhi_completed"] + hours,
        "CIN24" => ["missing_episodes"],
    }
    looked_after::counts, reads ["cla_episodes"] {
        "CF1" => ["cla_episodes"] + member,
        "CF2" => ["cla_episodes"],
    }
    looked_after::measure, reads ["cla_episodes", "cla_visits", "health_checks", "cla_reviews", "children"] {
        "CF3" => ["cla_episodes", "cla_visits"] + days,
        "CF4" => ["cla_episodes"],
        "CF5" => ["cla_episodes"],
        "CF6" => ["cla_episodes"],
        "CF7" => ["cla_episodes"],
        "CF8" => ["cla_episodes", "cla_episodes.placement"],
        "CF9" => ["cla_episodes", "cla_episodes.placement"],
        "CF10" => ["cla_episodes", "cla_episodes.placement"],
        "CF11" => ["cla_episodes", "cla_episodes.placement"],
        "CF12" => ["cla_episodes", "cla_episodes.placement"],
        "CF13" => ["cla_episodes", "cla_episodes.placement"],
        "CF14" => ["cla_episodes", "cla_episodes.placement"],
        "CF15" => ["cla_episodes", "cla_episodes.placement"],
        "CF16" => ["cla_episodes", "cla_episodes.placement"],
        "CF17" => ["cla_episodes", "cla_episodes.placement"],
        "CF18" => ["cla_episodes", "cla_episodes.placement"],
        "CF19" => ["cla_episodes", "cla_episodes.placement"],
        "CF20" => ["cla_episodes", "cla_episodes.placement"],
        "CF21" => ["cla_episodes", "health_checks", "health_checks.initial"] + timed,
        "CF22" => ["cla_episodes", "health_checks", "health_checks.initial"] + timed,
        "CF23" => ["cla_episodes", "health_checks"],
        "CF25" => ["cla_episodes", "health_checks"],
        "SG15" => ["cla_reviews"],
    }
    workforce::measure, reads ["cin_episodes", "social_worker_allocations"] {
        "WF5" => ["cin_episodes", "social_worker_allocations"],
    }
    workforce::caseloads, reads ["social_worker_allocations"] {
        "WF6" => ["social_worker_allocations"],
        "WF8" => ["social_worker_allocations"],
    }
    workforce::team_caseloads, reads ["team_allocations"] {
        "WF9" => ["team_allocations", "team_allocations.start"],
        "WF10" => ["team_allocations", "team_allocations.start"],
        "WF11" => ["team_allocations", "team_allocations.start"],
        "WF12" => ["team_allocations", "team_allocations.start"],
    }
    care_leavers::measure, reads ["children", "care_leaver_contacts", "pathway_plan_reviews"] {
        "CF29" => ["care_leaver_contacts", "pathway_plan_reviews"],
        "CF30" => ["care_leaver_contacts", "care_leaver_contacts.in_touch"],
        "CF31" => ["care_leaver_contacts", "care_leaver_contacts.activity"],
    }
}

/// Derived indicators the engine does not compute yet, and why.
pub const NOT_YET_COMPUTED: &[(&str, &str)] = &[(
    "EH10a",
    "EH10 and EH10a count the same step-up from two recording systems (the Multi Agency Evaluation Record and the episode end reason); the canonical model holds one end reason, so EH10a would only repeat EH10",
)];

/// How many registry entries are `member`s.
const fn count_members() -> usize {
    let (mut i, mut n) = (0, 0);
    while i < REGISTRY.len() {
        if REGISTRY[i].member {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The `member` refs, in registry order.
const fn members<const N: usize>() -> [&'static str; N] {
    let mut out = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < REGISTRY.len() {
        if REGISTRY[i].member {
            out[n] = REGISTRY[i].reference;
            n += 1;
        }
        i += 1;
    }
    out
}

/// The refs whose unit lists the children behind the numerator.
pub(crate) const MEMBER_REFS: [&str; count_members()] = members();

/// What `reference` needs (see [`REGISTRY`]); `None` for a ref not computed.
pub(crate) fn needs(reference: &str) -> Option<&'static [&'static str]> {
    REGISTRY
        .iter()
        .find(|i| i.reference == reference)
        .map(|i| i.needs)
}

/// The units that compute any of `refs` (every unit when `None`).
pub(crate) fn units_for(refs: Option<&[String]>) -> impl Iterator<Item = &'static Unit> + '_ {
    UNITS
        .iter()
        .filter(move |u| refs.is_none_or(|r| u.refs.iter().any(|x| r.iter().any(|y| y == x))))
}

/// `date` minus `n` calendar months (29 Feb minus 12 months is 28 Feb).
pub(crate) fn months_before(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(n))
        .unwrap_or(NaiveDate::MIN)
}

/// `date` plus `n` calendar months.
pub(crate) fn months_after(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

/// Items grouped by child index, in one vector with each child's start
/// (no map, no vector per child): `get(&child)` is two loads.
#[derive(Debug)]
pub(crate) struct ByChild<T> {
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T> ByChild<T> {
    /// Groups `(child, item)` pairs already sorted by child.
    fn sorted(pairs: Vec<(u32, T)>) -> ByChild<T> {
        let n = pairs.last().map_or(0, |(c, _)| *c as usize + 1);
        let mut starts = vec![0u32; n + 1];
        for (c, _) in &pairs {
            starts[*c as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        ByChild {
            starts,
            items: pairs.into_iter().map(|(_, t)| t).collect(),
        }
    }

    /// Groups `items` by child, keeping their order within a child.
    pub fn new(items: impl IntoIterator<Item = (u32, T)>) -> ByChild<T> {
        let mut pairs: Vec<(u32, T)> = items.into_iter().collect();
        pairs.sort_by_key(|(c, _)| *c);
        ByChild::sorted(pairs)
    }

    /// The items of `child`; `None` when it has none.
    pub fn get(&self, child: &u32) -> Option<&[T]> {
        let c = *child as usize;
        let (from, to) = (*self.starts.get(c)?, *self.starts.get(c + 1)?);
        (to > from).then(|| &self.items[from as usize..to as usize])
    }

    /// Every child with items, in child order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &[T])> {
        self.starts
            .windows(2)
            .enumerate()
            .filter(|(_, w)| w[1] > w[0])
            .map(|(c, w)| (c as u32, &self.items[w[0] as usize..w[1] as usize]))
    }
}

/// Dates by child, each child's sorted.
pub(crate) fn dates_by_child(
    items: impl IntoIterator<Item = (u32, NaiveDate)>,
) -> ByChild<NaiveDate> {
    let mut pairs: Vec<(u32, NaiveDate)> = items.into_iter().collect();
    pairs.sort_unstable();
    ByChild::sorted(pairs)
}

/// The first of a child's sorted `dates` on or after `from`.
pub(crate) fn first_from(dates: Option<&[NaiveDate]>, from: NaiveDate) -> Option<NaiveDate> {
    let v = dates?;
    v.get(v.partition_point(|d| *d < from)).copied()
}

/// Is there a date in `(after, upto]` in the sorted `dates`?
pub(crate) fn any_in(dates: &[NaiveDate], after: NaiveDate, upto: NaiveDate) -> bool {
    let i = dates.partition_point(|d| *d <= upto);
    i > 0 && dates[i - 1] > after
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    /// The registry names every ref once, and each ref needs only tables
    /// its unit reads (so a ref is never blanked for a table it does not
    /// use); the derived lists agree with it.
    #[test]
    fn registry_is_consistent() {
        let mut seen = Vec::new();
        for ind in REGISTRY {
            let r = ind.reference;
            assert!(!seen.contains(&r), "{r} twice in the registry");
            seen.push(r);
            let unit = UNITS.iter().find(|u| u.refs.contains(&r)).unwrap();
            for n in ind.needs {
                let table = n.split('.').next().unwrap();
                assert!(
                    unit.tables.iter().any(|t| t.name() == table),
                    "{r} needs {table}, which its unit does not read"
                );
            }
            assert!(!ind.needs.is_empty(), "{r} needs nothing");
        }
        assert_eq!(seen, COMPUTED);
        assert_eq!(
            UNITS.iter().map(|u| u.refs.len()).sum::<usize>(),
            COMPUTED.len()
        );
        assert_eq!(MEMBER_REFS, ["CIN1", "CIN4", "CIN8", "SG6", "CIN18", "CF1"]);
        let timed: Vec<_> = crate::timescales::timed().map(|(r, _)| r).collect();
        assert_eq!(
            timed,
            [
                "FD2f", "EH9a", "CIN3", "CIN8", "SG5", "SG6", "CIN20", "CIN23", "CF3", "CF21",
                "CF22"
            ]
        );
    }
}
