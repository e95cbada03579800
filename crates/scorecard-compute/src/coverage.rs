//! What the inputs supplied, so that **no data is never zero**.
//!
//! An empty table can mean two things: the list was given and nothing
//! happened (a real zero), or nothing was given at all (no data). Readers
//! record which tables (and fields) each input supplied in a [`Coverage`];
//! the engine gives an indicator whose tables or fields were not supplied
//! no value at all, with the reason (`no data: needs Annex A List 8 or
//! SSDA903 episodes`), and the scorecard shows it blank and unrated.
//!
//! ```
//! use scorecard_compute::coverage::Coverage;
//! let mut c = Coverage::new();
//! c.supply("referrals", "Annex A List 3 (referrals.csv)");
//! c.lack("referrals.decision_date", "Annex A List 3 (referrals.csv)");
//! assert_eq!(c.no_data("CIN1"), None);
//! assert!(c.no_data("CIN3").unwrap().contains("referral decision date"));
//! assert!(c.no_data("CF1").unwrap().starts_with("no data: needs Annex A List 8 or SSDA903 episodes"));
//! assert_eq!(c.computed_from("CIN1").as_deref(), Some("computed from Annex A List 3 (referrals.csv)"));
//! ```
//!
//! Code embedding the engine without saying what it supplied gets
//! [`Coverage::infer`]: a table with records was supplied, an empty one
//! was not.

use std::collections::{BTreeMap, BTreeSet};

use crate::events::Events;

/// The tables and fields the inputs supplied, with where each came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    tables: BTreeMap<String, BTreeSet<String>>,
    lacking: BTreeMap<String, BTreeSet<String>>,
}

/// What one table means to a reader: where it can come from.
const TABLE_SOURCES: &[(&str, &str)] = &[
    (
        "children",
        "a children table or any list with dates of birth",
    ),
    (
        "contacts",
        "Annex A List 1 (contacts); or the SSD's ssd_contacts",
    ),
    ("mash_contacts", "MASH contacts (canonical mash_contacts)"),
    (
        "early_help_episodes",
        "early help episodes (canonical early_help_episodes); or the SSD's ssd_early_help_episodes",
    ),
    ("early_help_assessments", "Annex A List 2 (early help)"),
    (
        "referrals",
        "Annex A List 3 or the CIN census; or the SSD's ssd_cin_episodes",
    ),
    (
        "assessments",
        "Annex A List 4 or the CIN census; or the SSD's ssd_cin_assessments",
    ),
    (
        "strategy_discussions",
        "strategy discussions (canonical strategy_discussions)",
    ),
    (
        "section47s",
        "Annex A List 5 or the CIN census; or the SSD's ssd_s47_enquiry",
    ),
    (
        "icpcs",
        "Annex A List 5 (Date of Initial Child Protection Conference) or the CIN census; or the SSD's ssd_initial_cp_conference",
    ),
    (
        "cin_episodes",
        "Annex A List 6 or the CIN census; or the SSD's ssd_cin_episodes",
    ),
    (
        "cin_plans",
        "CIN plans (canonical cin_plans or the CIN census); or the SSD's ssd_cin_plans",
    ),
    ("cin_reviews", "CIN plan reviews (canonical cin_reviews)"),
    (
        "cp_plans",
        "Annex A List 7 or the CIN census; or the SSD's ssd_cp_plans",
    ),
    (
        "cp_visits",
        "Annex A List 7 (Date of the Last Statutory Visit); or the SSD's ssd_cp_visits",
    ),
    (
        "cp_reviews",
        "CP review conferences (canonical cp_reviews or the CIN census); or the SSD's ssd_cp_reviews",
    ),
    (
        "cla_episodes",
        "Annex A List 8 or SSDA903 episodes; or the SSD's ssd_cla_episodes",
    ),
    (
        "cla_visits",
        "Annex A List 8 (Date of Last Social Work Visit); or the SSD's ssd_cla_visits",
    ),
    (
        "cla_reviews",
        "SSDA903 reviews; or the SSD's ssd_cla_reviews",
    ),
    (
        "health_checks",
        "Annex A List 8 (health assessment and dental check dates); SSDA903 OC2 gives CF23 and CF25 for March only; or the SSD's ssd_cla_health",
    ),
    (
        "missing_episodes",
        "SSDA903 missing episodes; or the SSD's ssd_missing",
    ),
    (
        "social_worker_allocations",
        "social worker allocations (canonical allocations or SSDA903 social worker episodes); or the SSD's ssd_involvements",
    ),
    (
        "care_leaver_contacts",
        "Annex A List 9 (Latest Date of Contact) or SSDA903 OC3; or the SSD's ssd_care_leavers",
    ),
    (
        "pathway_plan_reviews",
        "Annex A List 9 (Latest Pathway Plan Review Date); or the SSD's ssd_care_leavers",
    ),
    (
        "team_allocations",
        "Annex A's Allocated Team and Allocated Worker (the current allocation); or the SSD's ssd_involvements (invo_professional_team, the history)",
    ),
];

/// What one field means, for the reason given when it is missing.
const FIELD_WORDS: &[(&str, &str)] = &[
    (
        "team_allocations.start",
        "an allocation history with start dates (the SSD's ssd_involvements with invo_professional_team; Annex A gives only the current allocation)",
    ),
    (
        "referrals.decision_date",
        "a referral decision date (not in Annex A; the canonical referrals table has it)",
    ),
    (
        "contacts.outcome",
        "contact outcomes (not in Annex A List 1; canonical contacts have them)",
    ),
    (
        "assessments.outcome",
        "assessment outcomes (Annex A List 4 'Was the child assessed as requiring LA children's social care support?')",
    ),
    (
        "icpcs.police_attended",
        "ICPC attendance (not in Annex A; canonical icpcs have it)",
    ),
    (
        "icpcs.health_attended",
        "ICPC attendance (not in Annex A; canonical icpcs have it)",
    ),
    (
        "icpcs.education_attended",
        "ICPC attendance (not in Annex A; canonical icpcs have it)",
    ),
    (
        "health_checks.initial",
        "initial health assessment dates (not in Annex A, which gives the latest assessment only)",
    ),
    (
        "cin_episodes.closure_reason",
        "CIN closure reasons (Annex A List 6 'Reason for Closure')",
    ),
    (
        "cla_episodes.placement",
        "placement types (Annex A List 8 'Placement Type' or SSDA903 PLACE)",
    ),
    (
        "care_leaver_contacts.activity",
        "care leavers' activity (Annex A List 9 'Activity Status' or SSDA903 OC3 ACTIV)",
    ),
    (
        "missing_episodes.rhi_offered",
        "return home interview offer dates (not in SSDA903 or the SSD, which has flags only; canonical missing_episodes have them)",
    ),
    (
        "missing_episodes.rhi_completed",
        "return home interview dates (not in SSDA903 or the SSD, which has flags only; canonical missing_episodes have them)",
    ),
    (
        "care_leaver_contacts.in_touch",
        "care leavers' in-touch status (Annex A List 9 'LA in Touch' or SSDA903 OC3 IN_TOUCH)",
    ),
];

impl Coverage {
    /// Nothing supplied.
    pub fn new() -> Self {
        Coverage::default()
    }

    /// Every table of `events` with at least one record, from `"the events
    /// given"`; no field is taken to be missing.
    pub fn infer(events: &Events) -> Self {
        Coverage::of_rows(
            events
                .table_sizes()
                .into_iter()
                .map(|(t, n)| (t.name(), n as u64)),
        )
    }

    /// Every table with at least one of its `(table, rows)`, from `"the
    /// events given"`.
    pub(crate) fn of_rows<'t>(tables: impl Iterator<Item = (&'t str, u64)>) -> Self {
        let mut c = Coverage::new();
        for (table, _) in tables.filter(|(_, n)| *n > 0) {
            c.supply(table, "the events given");
        }
        c
    }

    /// `source` supplied `table` (even if it had no rows).
    pub fn supply(&mut self, table: &str, source: &str) {
        self.tables
            .entry(table.to_string())
            .or_default()
            .insert(source.to_string());
    }

    /// `source` supplied the table of `field` (`table.field`) without that
    /// field.
    pub fn lack(&mut self, field: &str, source: &str) {
        self.lacking
            .entry(field.to_string())
            .or_default()
            .insert(source.to_string());
    }

    /// Forgets that `table` (and its fields) was supplied: the table is
    /// taken from another source (see [`crate::sources`]).
    pub fn drop_table(&mut self, table: &str) {
        self.tables.remove(table);
        let prefix = format!("{table}.");
        self.lacking.retain(|f, _| !f.starts_with(&prefix));
    }

    /// Adds what `other` supplied.
    pub fn merge(&mut self, other: Coverage) {
        for (t, s) in other.tables {
            self.tables.entry(t).or_default().extend(s);
        }
        for (f, s) in other.lacking {
            self.lacking.entry(f).or_default().extend(s);
        }
    }

    /// Was `table` supplied by any input?
    pub fn has_table(&self, table: &str) -> bool {
        self.tables.get(table).is_some_and(|s| !s.is_empty())
    }

    /// Was `field` (`table.field`) supplied: its table was, by at least one
    /// source that had the field?
    pub fn has_field(&self, field: &str) -> bool {
        let table = field.split('.').next().unwrap_or(field);
        let Some(sources) = self.tables.get(table) else {
            return false;
        };
        match self.lacking.get(field) {
            None => !sources.is_empty(),
            Some(lacking) => sources.iter().any(|s| !lacking.contains(s)),
        }
    }

    /// The tables supplied, each with its sources.
    pub fn tables(&self) -> impl Iterator<Item = (&str, &BTreeSet<String>)> {
        self.tables.iter().map(|(t, s)| (t.as_str(), s))
    }

    /// Why `reference` has no data (`no data: needs ...`), or `None` when
    /// everything it needs was supplied. A ref the engine does not compute
    /// needs nothing from here.
    pub fn no_data(&self, reference: &str) -> Option<String> {
        let needs = crate::measures::needs(reference)?;
        let mut missing = Vec::new();
        for n in needs {
            let ok = if n.contains('.') {
                self.has_field(n)
            } else {
                self.has_table(n)
            };
            if !ok {
                let words = if n.contains('.') {
                    FIELD_WORDS
                        .iter()
                        .find(|(f, _)| f == n)
                        .map_or(*n, |(_, w)| *w)
                } else {
                    TABLE_SOURCES
                        .iter()
                        .find(|(t, _)| t == n)
                        .map_or(*n, |(_, w)| *w)
                };
                if !missing.contains(&words) {
                    missing.push(words);
                }
            }
        }
        (!missing.is_empty()).then(|| format!("no data: needs {}", missing.join("; and ")))
    }

    /// Where `reference` was computed from (`computed from ...`), when it
    /// has data.
    pub fn computed_from(&self, reference: &str) -> Option<String> {
        if self.no_data(reference).is_some() {
            return None;
        }
        let needs = crate::measures::needs(reference)?;
        let mut sources: Vec<&str> = Vec::new();
        for n in needs.iter().filter(|n| !n.contains('.')) {
            for s in self.tables.get(*n).into_iter().flatten() {
                if !sources.contains(&s.as_str()) {
                    sources.push(s);
                }
            }
        }
        Some(format!("computed from {}", sources.join("; ")))
    }
}
