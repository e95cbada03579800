//! Several sources for one run: which source each table is taken from.
//!
//! Annex A, SSDA903, the CIN census and the canonical form can all give the
//! same table (referrals from Annex A List 3 and from the census; episodes
//! of care from Annex A List 8 and from SSDA903). Appending both would count
//! every referral twice, so each table is taken from one source: the first,
//! in the order the caller gives them, that has records for it. The other
//! sources' rows of that table are not used, and each is counted in the
//! data-quality report (rule P01) with the source that was used instead.
//! Children (dates of birth) are taken from every source: the engine's
//! validation counts a child given twice (V06, V16).
//!
//! The CLI's order, and why: the canonical form (the council's own full
//! extract), then the SSD (the standard full extract: every referral,
//! visit and review), then SSDA903 (full histories of care), then Annex A
//! (the lists to the reporting month, latest visits only), then the CIN
//! census (the year to the last 31 March).
//!
//! ```
//! use scorecard_compute::sources::{Source, combine};
//! use scorecard_compute::{Coverage, Events, events::Referral};
//! let referral = |child: &str| Referral { la: "357".into(), child_id: child.into(),
//!     date: "2024-01-08".parse().unwrap(), source: None, nfa: None, decision_date: None };
//! let mut annex = Events::default();
//! annex.referrals.push(referral("A"));
//! let mut census = Events::default();
//! census.referrals.push(referral("A"));
//! census.referrals.push(referral("B"));
//! let (events, _, accounts) = combine(vec![
//!     Source::new("Annex A", annex.clone(), Coverage::infer(&annex)),
//!     Source::new("CIN census", census.clone(), Coverage::infer(&census)),
//! ]);
//! assert_eq!(events.referrals.len(), 1); // Annex A's, not both
//! assert_eq!(accounts[0].excluded.values().sum::<u64>(), 2); // the census's two, counted
//! ```

use std::collections::BTreeMap;

use crate::coverage::Coverage;
use crate::events::{Events, Table};
use crate::quality::FileAccount;

/// One source's events and what it supplied.
#[derive(Debug, Clone)]
pub struct Source {
    /// What to call it in the data-quality report (`Annex A annex-a/`).
    pub name: String,
    /// Its events.
    pub events: Events,
    /// What it supplied.
    pub coverage: Coverage,
}

impl Source {
    /// A source named `name`.
    pub fn new(name: impl Into<String>, events: Events, coverage: Coverage) -> Source {
        Source {
            name: name.into(),
            events,
            coverage,
        }
    }
}

/// Combines `sources`, given in order of precedence: each table from the
/// first source with records for it (children from all). Returns the
/// events, the coverage, and one account per table row set not used.
pub fn combine(sources: Vec<Source>) -> (Events, Coverage, Vec<FileAccount>) {
    let mut events = Events::default();
    let mut coverage = Coverage::new();
    let mut accounts = Vec::new();
    let mut taken: BTreeMap<&'static str, String> = BTreeMap::new();
    for mut s in sources {
        let mut keep: Vec<Table> = Vec::new();
        for (t, n) in s.events.table_sizes() {
            let table = t.name();
            if t == Table::Children {
                keep.push(t);
                continue;
            }
            match taken.get(table) {
                Some(winner) if n > 0 => {
                    let reason = format!("P01: {table} is taken from {winner} (precedence)");
                    let mut excluded = BTreeMap::new();
                    excluded.insert(reason, n as u64);
                    accounts.push(FileAccount {
                        file: s.name.clone(),
                        kind: format!("{table}: not used from this source"),
                        read: n as u64,
                        excluded,
                        ..FileAccount::default()
                    });
                    s.coverage.drop_table(table);
                }
                Some(_) => s.coverage.drop_table(table),
                None => {
                    keep.push(t);
                    if n > 0 {
                        taken.insert(table, s.name.clone());
                    }
                }
            }
        }
        s.events.retain_tables(&keep);
        events.append(s.events);
        coverage.merge(s.coverage);
    }
    (events, coverage, accounts)
}
