//! The measures: one module per area of the scorecard. Each says, per
//! indicator, which definition it implements; the catalogue
//! (`scorecard-core/data/catalogue.toml`) holds the same definition in
//! words.

use crate::hashing::Map;

use chrono::{Months, NaiveDate};

use crate::engine::Ctx;
use crate::quality::LaEvents;

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

/// The refs the engine computes from case-level events.
pub const COMPUTED: &[&str] = &[
    "FD1", "FD2", "FD2a", "FD2b", "FD2c", "FD2e", "FD2f", "FD8a", "FD8c", "FD8d", "FD8e", "FD8f",
    "EH2", "EH3", "EH7", "EH9", "EH9a", "EH10", "EH10b", "EH10c", "EH10d", "EH11", "EH11a", "CIN1",
    "CIN2", "CIN3", "CIN4", "CIN5", "CIN6", "CIN7", "CIN8", "CIN9", "CIN10", "CIN10a", "CIN10b",
    "CIN10c", "CIN11", "CIN12", "CIN13", "CIN14", "CIN15", "CIN16", "CIN16a", "CIN17", "CIN18",
    "CIN19", "CIN20", "CIN21", "CIN22", "CIN23", "CIN24", "CF1", "CF2", "CF3", "CF4", "CF6", "CF7",
    "CF8", "CF9", "CF10", "CF11", "CF12", "CF13", "CF5", "CF14", "CF15", "CF16", "CF17", "CF18",
    "CF19", "CF20", "CF21", "CF22", "CF23", "CF25", "CF29", "CF30", "CF31", "SG5", "SG6", "SG7",
    "SG8", "SG9", "SG10", "SG11", "SG12", "SG13", "SG14", "SG15", "WF1", "WF2", "WF5",
];

/// Derived indicators the engine does not compute yet, and why.
pub const NOT_YET_COMPUTED: &[(&str, &str)] = &[(
    "EH10a",
    "EH10 and EH10a count the same step-up from two recording systems (the Multi Agency Evaluation Record and the episode end reason); the canonical model holds one end reason, so EH10a would only repeat EH10",
)];

/// One unit of work: a function that computes some refs from some tables.
/// The engine runs only the units a caller's selection needs, and a reader
/// may read only their tables.
pub(crate) struct Unit {
    /// The refs it computes (exactly these; a test checks).
    pub refs: &'static [&'static str],
    /// The tables of [`crate::Events`] it reads (canonical table names).
    pub tables: &'static [&'static str],
    /// Computes them for one LA.
    pub run: fn(&mut Ctx<'_>, &LaEvents<'_>),
}

/// Every unit, in the order they run.
pub(crate) const UNITS: &[Unit] = &[
    Unit {
        refs: &[
            "FD1", "FD2", "FD2a", "FD2b", "FD2c", "FD2e", "FD2f", "FD8a", "FD8c", "FD8d", "FD8e",
            "FD8f",
        ],
        tables: &["contacts", "mash_contacts"],
        run: front_door::measure,
    },
    Unit {
        refs: &[
            "EH2", "EH3", "EH7", "EH9", "EH9a", "EH10", "EH10b", "EH10c", "EH10d",
        ],
        tables: &["early_help_episodes", "early_help_assessments"],
        run: early_help::measure,
    },
    Unit {
        refs: &["CIN1", "CIN2", "CIN3", "CIN4"],
        tables: &["referrals"],
        run: referrals::measure,
    },
    Unit {
        refs: &["CIN5", "CIN6", "CIN7", "CIN8", "EH11a"],
        tables: &["assessments"],
        run: assessments::measure,
    },
    Unit {
        refs: &[
            "CIN9", "CIN10", "CIN10a", "CIN10b", "CIN10c", "CIN11", "CIN12", "CIN13", "CIN14",
            "CIN15",
        ],
        tables: &["strategy_discussions", "section47s"],
        run: child_protection::strategy_and_s47,
    },
    Unit {
        refs: &["SG5", "SG6", "SG7", "SG8", "SG9", "SG10"],
        tables: &["icpcs"],
        run: child_protection::conferences,
    },
    Unit {
        refs: &["CIN18", "CIN19", "SG13", "SG14"],
        tables: &["cp_plans"],
        run: child_protection::plans,
    },
    Unit {
        refs: &["CIN20"],
        tables: &["cp_plans", "cp_visits"],
        run: child_protection::visits,
    },
    Unit {
        refs: &["SG11", "SG12"],
        tables: &["cp_reviews"],
        run: child_protection::reviews,
    },
    Unit {
        refs: &["CIN16", "CIN16a", "CIN17", "EH11", "WF1", "WF2"],
        tables: &["cin_plans", "cin_reviews", "cin_episodes"],
        run: children_in_need::measure,
    },
    Unit {
        refs: &["CIN21", "CIN22", "CIN23", "CIN24"],
        tables: &["missing_episodes"],
        run: missing::measure,
    },
    Unit {
        refs: &["CF1", "CF2"],
        tables: &["cla_episodes"],
        run: looked_after::counts,
    },
    Unit {
        refs: &[
            "CF3", "CF4", "CF5", "CF6", "CF7", "CF8", "CF9", "CF10", "CF11", "CF12", "CF13",
            "CF14", "CF15", "CF16", "CF17", "CF18", "CF19", "CF20", "CF21", "CF22", "CF23", "CF25",
            "SG15",
        ],
        tables: &[
            "cla_episodes",
            "cla_visits",
            "health_checks",
            "cla_reviews",
            "children",
        ],
        run: looked_after::measure,
    },
    Unit {
        refs: &["WF5"],
        tables: &["cin_episodes", "social_worker_allocations"],
        run: workforce::measure,
    },
    Unit {
        refs: &["CF29", "CF30", "CF31"],
        tables: &["children", "care_leaver_contacts", "pathway_plan_reviews"],
        run: care_leavers::measure,
    },
];

/// What each computed ref needs to have a value: tables (canonical names)
/// and fields (`table.field`). Without them the ref has no data (see
/// [`crate::coverage`]), never a zero. `children` (dates of birth) is
/// never required: a child without one is left out, and counted.
const NEEDS: &[(&str, &[&str])] = &[
    ("FD1", &["contacts"]),
    ("FD2", &["contacts"]),
    ("FD8a", &["contacts", "contacts.outcome"]),
    ("FD2a", &["mash_contacts"]),
    ("FD2b", &["mash_contacts"]),
    ("FD2c", &["mash_contacts"]),
    ("FD2e", &["mash_contacts"]),
    ("FD2f", &["mash_contacts"]),
    ("FD8c", &["mash_contacts"]),
    ("FD8d", &["mash_contacts"]),
    ("FD8e", &["mash_contacts"]),
    ("FD8f", &["mash_contacts"]),
    ("EH2", &["early_help_episodes"]),
    ("EH3", &["early_help_episodes"]),
    ("EH7", &["early_help_assessments"]),
    ("EH9", &["early_help_assessments"]),
    ("EH9a", &["early_help_assessments"]),
    ("EH10", &["early_help_episodes"]),
    ("EH10b", &["early_help_episodes"]),
    ("EH10c", &["early_help_episodes"]),
    ("EH10d", &["early_help_episodes"]),
    ("EH11", &["cin_episodes", "cin_episodes.closure_reason"]),
    ("EH11a", &["assessments", "assessments.outcome"]),
    ("CIN1", &["referrals"]),
    ("CIN2", &["referrals"]),
    ("CIN3", &["referrals", "referrals.decision_date"]),
    ("CIN4", &["referrals"]),
    ("CIN5", &["assessments", "assessments.outcome"]),
    ("CIN6", &["assessments"]),
    ("CIN7", &["assessments"]),
    ("CIN8", &["assessments"]),
    ("CIN9", &["strategy_discussions"]),
    ("CIN10", &["strategy_discussions"]),
    ("CIN10a", &["strategy_discussions"]),
    ("CIN10b", &["strategy_discussions"]),
    ("CIN10c", &["strategy_discussions"]),
    ("CIN11", &["strategy_discussions"]),
    ("CIN12", &["strategy_discussions"]),
    ("CIN13", &["section47s"]),
    ("CIN14", &["section47s"]),
    ("CIN15", &["section47s"]),
    ("CIN16", &["cin_plans"]),
    ("CIN16a", &["cin_plans"]),
    ("CIN17", &["cin_reviews"]),
    ("CIN18", &["cp_plans"]),
    ("CIN19", &["cp_plans"]),
    ("CIN20", &["cp_plans", "cp_visits"]),
    ("CIN21", &["missing_episodes"]),
    ("CIN22", &["missing_episodes"]),
    ("CIN23", &["missing_episodes"]),
    ("CIN24", &["missing_episodes"]),
    ("SG5", &["icpcs"]),
    ("SG6", &["icpcs"]),
    ("SG7", &["icpcs"]),
    ("SG8", &["icpcs", "icpcs.police_attended"]),
    ("SG9", &["icpcs", "icpcs.health_attended"]),
    ("SG10", &["icpcs", "icpcs.education_attended"]),
    ("SG11", &["cp_reviews"]),
    ("SG12", &["cp_reviews"]),
    ("SG13", &["cp_plans"]),
    ("SG14", &["cp_plans"]),
    ("SG15", &["cla_reviews"]),
    ("WF1", &["cin_episodes"]),
    ("WF2", &["cin_episodes"]),
    ("WF5", &["cin_episodes", "social_worker_allocations"]),
    ("CF1", &["cla_episodes"]),
    ("CF2", &["cla_episodes"]),
    ("CF3", &["cla_episodes", "cla_visits"]),
    ("CF4", &["cla_episodes"]),
    ("CF5", &["cla_episodes"]),
    ("CF6", &["cla_episodes"]),
    ("CF7", &["cla_episodes"]),
    ("CF8", &["cla_episodes", "cla_episodes.placement"]),
    ("CF9", &["cla_episodes", "cla_episodes.placement"]),
    ("CF10", &["cla_episodes", "cla_episodes.placement"]),
    ("CF11", &["cla_episodes", "cla_episodes.placement"]),
    ("CF12", &["cla_episodes", "cla_episodes.placement"]),
    ("CF13", &["cla_episodes", "cla_episodes.placement"]),
    ("CF14", &["cla_episodes", "cla_episodes.placement"]),
    ("CF15", &["cla_episodes", "cla_episodes.placement"]),
    ("CF16", &["cla_episodes", "cla_episodes.placement"]),
    ("CF17", &["cla_episodes", "cla_episodes.placement"]),
    ("CF18", &["cla_episodes", "cla_episodes.placement"]),
    ("CF19", &["cla_episodes", "cla_episodes.placement"]),
    ("CF20", &["cla_episodes", "cla_episodes.placement"]),
    (
        "CF21",
        &["cla_episodes", "health_checks", "health_checks.initial"],
    ),
    (
        "CF22",
        &["cla_episodes", "health_checks", "health_checks.initial"],
    ),
    ("CF23", &["cla_episodes", "health_checks"]),
    ("CF25", &["cla_episodes", "health_checks"]),
    ("CF29", &["care_leaver_contacts", "pathway_plan_reviews"]),
    (
        "CF30",
        &["care_leaver_contacts", "care_leaver_contacts.in_touch"],
    ),
    (
        "CF31",
        &["care_leaver_contacts", "care_leaver_contacts.activity"],
    ),
];

/// What `reference` needs (see [`NEEDS`]); `None` for a ref not computed.
pub(crate) fn needs(reference: &str) -> Option<&'static [&'static str]> {
    NEEDS.iter().find(|(r, _)| *r == reference).map(|(_, n)| *n)
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

/// Dates by child, sorted.
pub(crate) fn dates_by_child<'a>(
    items: impl IntoIterator<Item = (&'a str, NaiveDate)>,
) -> Map<&'a str, Vec<NaiveDate>> {
    let mut map: Map<&str, Vec<NaiveDate>> = Map::default();
    for (c, d) in items {
        map.entry(c).or_default().push(d);
    }
    for v in map.values_mut() {
        v.sort_unstable();
    }
    map
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

    /// `NEEDS` names every computed ref once, and only tables its unit
    /// reads (so a ref is never blanked for a table it does not use).
    #[test]
    fn needs_match_the_units() {
        let mut seen = Vec::new();
        for (r, needs) in NEEDS {
            assert!(COMPUTED.contains(r), "{r} is in NEEDS but not computed");
            assert!(!seen.contains(r), "{r} twice in NEEDS");
            seen.push(*r);
            let unit = UNITS.iter().find(|u| u.refs.contains(r)).unwrap();
            for n in *needs {
                let table = n.split('.').next().unwrap();
                assert!(
                    unit.tables.contains(&table),
                    "{r} needs {table}, which its unit does not read"
                );
            }
        }
        for r in COMPUTED {
            assert!(needs(r).is_some(), "{r} has no entry in NEEDS");
        }
    }
}
