//! Row accounting and validation: every input row is used or counted as
//! excluded with a reason; rows kept with a warning are counted too; and
//! records left out of a single indicator are counted per indicator.
//!
//! The rules, in the spirit of the DfE CIN census and SSDA903 validators.
//! Each has an id, and its handling is fixed:
//!
//! | id | rule | handling |
//! |---|---|---|
//! | V01 | no local authority | reject the row |
//! | V02 | no child id | reject the row |
//! | V03 | end before start | reject the row |
//! | V04 | assessment authorised before it started | reject the row |
//! | V05 | date before the child's date of birth | keep, warn |
//! | V06 | the same row twice in a table | reject the copy |
//! | V07 | overlapping child protection plans for one child | keep, warn (the child counts once) |
//! | V08 | overlapping episodes of care for one child | keep, warn (the child counts once) |
//! | V09 | unknown SSDA903 code (legal status, placement, RNE) | keep, warn |
//! | V10 | child aged 18 or over at referral | keep, warn |
//! | V11 | conference before its section 47 start | reject the row |
//! | V12 | referral decision before the referral | reject the row |
//! | V13 | MASH screening completed before the contact was received | reject the row |
//! | V14 | early help assessment completed before it started | reject the row |
//! | V15 | a date after the end of the reporting range (in the future for this scorecard) | keep, warn (it counts in no month reported) |
//! | V16 | the same child id twice in the children table, with different details | keep, warn (the first date of birth is used) |

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::frame::LaFrame;

/// Rows of one table: read = used + excluded.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TableQuality {
    /// Rows given to the engine.
    pub read: u64,
    /// Rows used.
    pub used: u64,
    /// Rows excluded, by reason.
    pub excluded: BTreeMap<String, u64>,
}

impl TableQuality {
    /// `read` rows, of which `used` were used and the rest `excluded` (by
    /// reason).
    pub fn new(read: u64, used: u64, excluded: BTreeMap<String, u64>) -> TableQuality {
        TableQuality {
            read,
            used,
            excluded,
        }
    }
}

/// One input file's (or sheet's) rows: read = used + excluded, per reason;
/// what the file is; and the cells that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileAccount {
    /// The file (and sheet).
    pub file: String,
    /// What it was read as (`Annex A List 3 (Referrals)`, `Ofsted template
    /// sheet (no data)`, `not recognised`).
    #[serde(default)]
    pub kind: String,
    /// The 1-based row the headings were read from.
    #[serde(default)]
    pub heading_row: Option<usize>,
    /// Data rows read (after the heading row).
    pub read: u64,
    /// Rows that became events.
    pub used: u64,
    /// Rows left out, by reason.
    pub excluded: BTreeMap<String, u64>,
    /// Headings matched to a known column, as `heading -> column`.
    #[serde(default)]
    pub matched: Vec<(String, String)>,
    /// Headings matched to no known column (ignored), or, for a sheet not
    /// recognised, the headings seen.
    #[serde(default)]
    pub unmatched: Vec<String>,
    /// First and last date of the list's own event among the rows used.
    #[serde(default)]
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// Cells that could not be used (the row was kept with the field
    /// unknown, or left out when it was the row's id or date).
    #[serde(default)]
    pub cells: Vec<CellIssues>,
}

/// How many examples of a cell issue are kept (the total is always kept).
pub const CELL_EXAMPLES: usize = 5;

/// Cells of one column that broke one rule, with the first few examples.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CellIssues {
    /// Rule id and words (`A11: value not recognised`).
    pub rule: String,
    /// The column's heading as written in the file.
    pub column: String,
    /// What was expected.
    pub expected: String,
    /// How many cells.
    pub total: u64,
    /// The first few: 1-based row (line) and the value as found.
    pub examples: Vec<(usize, String)>,
}

impl CellIssues {
    /// `total` cells of `column` that broke `rule` (which expected
    /// `expected`), with the first few `(row, value)` examples.
    pub fn new(
        rule: impl Into<String>,
        column: impl Into<String>,
        expected: impl Into<String>,
        total: u64,
        examples: Vec<(usize, String)>,
    ) -> CellIssues {
        CellIssues {
            rule: rule.into(),
            column: column.into(),
            expected: expected.into(),
            total,
            examples,
        }
    }
}

impl FileAccount {
    /// An empty account of `file` (what it is: `kind`), to count rows into.
    pub fn new(file: impl Into<String>, kind: impl Into<String>) -> FileAccount {
        FileAccount {
            file: file.into(),
            kind: kind.into(),
            ..FileAccount::default()
        }
    }

    /// Counts a cell of `column` at `row` that broke `rule`.
    #[cfg_attr(not(feature = "io"), allow(dead_code))]
    pub(crate) fn cell_issue(
        &mut self,
        rule: &str,
        column: &str,
        expected: &str,
        row: usize,
        value: &str,
    ) {
        let i = match self
            .cells
            .iter()
            .position(|c| c.rule == rule && c.column == column)
        {
            Some(i) => i,
            None => {
                self.cells.push(CellIssues {
                    rule: rule.to_string(),
                    column: column.to_string(),
                    expected: expected.to_string(),
                    ..CellIssues::default()
                });
                self.cells.len() - 1
            }
        };
        let c = &mut self.cells[i];
        c.total += 1;
        if c.examples.len() < CELL_EXAMPLES {
            c.examples.push((row, value.to_string()));
        }
    }

    /// Counts a row left out for `reason`.
    #[cfg_attr(not(feature = "io"), allow(dead_code))]
    pub(crate) fn exclude(&mut self, reason: &str) {
        match self.excluded.get_mut(reason) {
            Some(n) => *n += 1,
            None => {
                self.excluded.insert(reason.to_string(), 1);
            }
        }
    }
}

/// The data-quality report of a computation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DataQuality {
    /// By table name (`referrals`, `cp_plans`, ...).
    pub tables: BTreeMap<String, TableQuality>,
    /// Rows kept with a warning, by table and rule.
    #[serde(default)]
    pub warnings: BTreeMap<String, BTreeMap<String, u64>>,
    /// Input files read by the Annex A and SSDA903 readers, row by row.
    #[serde(default)]
    pub files: Vec<FileAccount>,
    /// Records left out of one indicator (e.g. a working-day count whose
    /// dates fall outside the calendar), by ref and reason.
    pub indicator_exclusions: BTreeMap<String, BTreeMap<String, u64>>,
    /// Per indicator computed from case-level data: the sources it was
    /// computed from (`computed from ...`), or why it has no value
    /// (`no data: needs ...`).
    #[serde(default)]
    pub indicator_sources: BTreeMap<String, String>,
}

impl DataQuality {
    pub(crate) fn warn(&mut self, table: &str, rule: &str) {
        self.warn_n(table, rule, 1);
    }

    /// Counts `n` rows of `table` kept with warning `rule`.
    pub(crate) fn warn_n(&mut self, table: &str, rule: &str, n: u64) {
        if n == 0 {
            return;
        }
        if let Some(t) = self.warnings.get_mut(table)
            && let Some(c) = t.get_mut(rule)
        {
            *c += n;
            return;
        }
        *self
            .warnings
            .entry(table.to_string())
            .or_default()
            .entry(rule.to_string())
            .or_default() += n;
    }

    /// Adds `other`'s warnings to these.
    pub(crate) fn add_warnings(&mut self, other: DataQuality) {
        for (table, rules) in other.warnings {
            for (rule, n) in rules {
                self.warn_n(&table, &rule, n);
            }
        }
    }

    /// Rows of `table` kept with warning `rule` (0 when none).
    pub fn warned(&self, table: &str, rule: &str) -> u64 {
        self.warnings
            .get(table)
            .and_then(|t| t.get(rule))
            .copied()
            .unwrap_or(0)
    }

    pub(crate) fn indicator_exclusion(&mut self, reference: &str, reason: &str) {
        *self
            .indicator_exclusions
            .entry(reference.to_string())
            .or_default()
            .entry(reason.to_string())
            .or_default() += 1;
    }

    /// Adds `other`'s per-indicator exclusions to these.
    pub(crate) fn add_indicator_exclusions(&mut self, other: DataQuality) {
        for (reference, reasons) in other.indicator_exclusions {
            let mine = self.indicator_exclusions.entry(reference).or_default();
            for (reason, n) in reasons {
                *mine.entry(reason).or_default() += n;
            }
        }
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

const LEGAL_STATUS: &[&str] = &[
    "C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4",
];
const PLACE: &[&str] = &[
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "T0",
    "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
];
const RNE: &[&str] = &["S", "P", "L", "T", "B", "U"];

fn unknown(code: Option<&str>, known: &[&str]) -> bool {
    code.is_some_and(|c| !c.trim().is_empty() && !known.contains(&c.trim()))
}

/// V15: rows dated after `end` (the last day reported), per table.
pub(crate) fn warn_future<'f>(
    frames: impl Iterator<Item = &'f LaFrame>,
    end: NaiveDate,
    q: &mut DataQuality,
) {
    const RULE: &str = "V15: date after the end of the reporting range";
    for ev in frames {
        let mut count = |table: &str, dates: &mut dyn Iterator<Item = NaiveDate>| {
            q.warn_n(table, RULE, dates.filter(|d| *d > end).count() as u64);
        };
        count("contacts", &mut ev.contacts.iter().map(|r| r.date));
        count("referrals", &mut ev.referrals.iter().map(|r| r.date));
        count("assessments", &mut ev.assessments.iter().map(|r| r.start));
        count(
            "strategy_discussions",
            &mut ev.strategy_discussions.iter().map(|r| r.date),
        );
        count("section47s", &mut ev.section47s.iter().map(|r| r.start));
        count("icpcs", &mut ev.icpcs.iter().map(|r| r.date));
        count("cin_episodes", &mut ev.cin_episodes.iter().map(|r| r.start));
        count("cp_plans", &mut ev.cp_plans.iter().map(|r| r.start));
        count("cla_episodes", &mut ev.cla_episodes.iter().map(|r| r.start));
        count(
            "missing_episodes",
            &mut ev.missing_episodes.iter().map(|r| r.start),
        );
    }
}

/// Rows kept with a warning (V05, V07-V10, V16).
pub(crate) fn warnings(ev: &LaFrame, q: &mut DataQuality) {
    let mut ids = vec![false; ev.names.len()];
    for c in &ev.children {
        if std::mem::replace(&mut ids[c.child as usize], true) {
            q.warn(
                "children",
                "V16: the same child id twice in the children table",
            );
        }
    }
    let dob = ev.dates_of_birth();
    let before_birth = |child: u32, d: NaiveDate| dob.get(&child).is_some_and(|b| d < *b);
    for r in &ev.referrals {
        if before_birth(r.child, r.date) {
            q.warn("referrals", "V05: date before the child's date of birth");
        }
        if dob.get(&r.child).is_some_and(|b| {
            b.checked_add_months(chrono::Months::new(18 * 12))
                .is_some_and(|adult| r.date >= adult)
        }) {
            q.warn("referrals", "V10: child aged 18 or over at referral");
        }
    }
    for a in &ev.assessments {
        if before_birth(a.child, a.start) {
            q.warn("assessments", "V05: date before the child's date of birth");
        }
    }
    for e in &ev.cla_episodes {
        if before_birth(e.child, e.start) {
            q.warn("cla_episodes", "V05: date before the child's date of birth");
        }
        if unknown(ev.code(e.legal_status), LEGAL_STATUS)
            || unknown(ev.code(e.placement), PLACE)
            || unknown(ev.code(e.rne), RNE)
        {
            q.warn("cla_episodes", "V09: unknown SSDA903 code");
        }
    }
    let overlaps = |mut items: Vec<(u32, NaiveDate, Option<NaiveDate>)>| {
        items.sort_unstable();
        items
            .windows(2)
            .filter(|w| w[0].0 == w[1].0 && w[0].2.is_none_or(|end| w[1].1 < end))
            .count() as u64
    };
    let n = overlaps(
        ev.cp_plans
            .iter()
            .map(|p| (p.child, p.start, p.end))
            .collect(),
    );
    q.warn_n(
        "cp_plans",
        "V07: overlapping child protection plans for one child",
        n,
    );
    let n = overlaps(
        ev.cla_episodes
            .iter()
            .map(|p| (p.child, p.start, p.end))
            .collect(),
    );
    q.warn_n(
        "cla_episodes",
        "V08: overlapping episodes of care for one child",
        n,
    );
}
