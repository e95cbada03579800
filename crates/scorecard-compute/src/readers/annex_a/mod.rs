//! Ofsted Annex A lists (ILACS) as councils and Ofsted ship them: a
//! workbook (`.xlsx`, `.xlsm`, legacy `.xls`, `.ods`) with a sheet per list,
//! or a folder of CSVs, one per list.
//!
//! What the reader copes with, and where it is written down:
//!
//! * **Which list**: a sheet or file named `List 3`, `List_3`, `L3`, `Annex
//!   A List 3 - Referrals` or by its subject (`Referrals`, `Children in
//!   Care`, `Sec47 and ICPC`, ...); failing that, the list whose headings the
//!   sheet has. The template's own sheets (`Front_Sheet`, `Guidance`,
//!   `FAQ_and_changes`, `Codes_used`) are recognised and passed over. Any
//!   other sheet or file is reported as not recognised, with the headings
//!   seen: nothing is skipped silently.
//! * **The heading row** is found by content: the first of the first ten rows
//!   with a child id heading and another known heading (Ofsted's template
//!   has a title row, `List 1: Contacts`, above it).
//! * **Headings, values and blanks**: `data/annex-a.toml`, the one table of
//!   headings and value maps ([`Spec`]); dates as [`parse_date`] reads them.
//! * **A cell that does not fit never stops the run**: the row is kept with
//!   that field unknown (or left out when the field is its child id or the
//!   list's own date), and the sheet's [`FileAccount`] counts it under a rule
//!   (A01–A12, listed in `annex-a.toml`) with the row, column and value.
//! * **A workbook's sheets**: an `.xlsx` or `.xlsm` sheet is streamed from
//!   its XML by the reader's own scanner (`xlsx.rs`), a row at a time, two
//!   sheets at once; a sheet whose XML breaks off is read to its last whole
//!   row and the rest reported (`read only to row N`). `.xls`, `.xlsb` and
//!   `.ods` (and an `.xlsx` whose parts the scanner cannot find) are read by
//!   calamine.
//! * **What stops a run**: a file that is not Annex A at all (no sheet is a
//!   list), or a list without its key columns; the message names the file,
//!   sheet, the row the headings were read from and what was found.
//! * **What was supplied** ([`Coverage`]): each list read supplies its
//!   tables, even with no rows (a real zero); a list that is absent supplies
//!   nothing, so its indicators have no data rather than 0.
//!
//! Annex A is a snapshot: List 8 gives one row per looked-after child with
//! the current placement, so it becomes at most two episodes per child (the
//! period of care up to the most recent placement, and that placement);
//! visits, health and dental checks are the latest ones only. Lists 10 and 11
//! (adoption) are read and counted; no scorecard indicator uses them yet.
//! List 9 gives each care leaver's latest contact (in touch as the SSDA903
//! codes `YES`, `RHOM` in touch, `NO`, `REFU`, `NREQ`, `DIED` not) and latest
//! pathway plan review; a List 9 without `Latest Date of Contact` (the
//! template before 2023) cannot date its contacts, and says so.
//!
//! ```
//! use scorecard_compute::readers::annex_a::{AnnexA, read_csv_list};
//! let text = "List 3: Referrals,,,,,,,\n\
//!             Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Referral,Referral Source,Referral NFA?\n\
//!             0042,a) Male,a) WBRI,01/02/2015,8,05/01/2024,q) 6: Police,b) No\n\
//!             17.0,F,WBRI,#N/A,8,6 Jan 2024,Police,CS Assessment Updated\n";
//! let mut annex = AnnexA::new("E08000008");
//! read_csv_list(&mut annex, "List_3.csv", text).unwrap();
//! let (ev, accounts) = annex.into_parts();
//! assert_eq!(&*ev.referrals[0].child_id, "0042");
//! assert_eq!(ev.referrals[0].date.to_string(), "2024-01-05");
//! assert_eq!(ev.referrals[0].source.as_deref(), Some("6: Police"));
//! assert_eq!(ev.referrals[0].nfa, Some(false));
//! assert_eq!(ev.children[0].sex.as_deref(), Some("Male"));
//! // The second row is kept; its NFA cell is unknown and counted (row 4).
//! assert_eq!(ev.referrals[1].nfa, None);
//! assert_eq!(accounts[0].heading_row, Some(2));
//! assert_eq!(accounts[0].cells[0].rule, "A11: value not recognised");
//! assert_eq!(accounts[0].cells[0].examples, vec![(4, "CS Assessment Updated".to_string())]);
//! ```

mod cells;
mod dress;
mod spec;
mod xlsx;

pub use cells::{NotADate, parse_date};
pub(crate) use cells::{clean_id, parse_number};
pub use dress::write_workbook;
pub use spec::Spec;
pub(crate) use spec::is_blank;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::coverage::Coverage;
use crate::error::{Error, Result};
use crate::events::*;
use crate::hashing::Map;
use crate::quality::FileAccount;

/// Strips an option prefix such as `a) ` or `q) ` and trims; `None` when
/// blank.
pub(crate) fn clean_value(cell: &str) -> Option<String> {
    if is_blank(cell) {
        return None;
    }
    let t = spec::strip_option(cell);
    (!t.is_empty()).then(|| t.to_string())
}

/// Which tables each list's columns feed: a table is supplied when its list
/// was read and the column that feeds it is there.
const FEEDS: &[(&str, &[&str])] = &[
    ("contacts", &["contact_date"]),
    ("early_help_assessments", &["eh_start"]),
    ("referrals", &["referral_date"]),
    ("assessments", &["assessment_start"]),
    ("section47s", &["s47_start"]),
    ("icpcs", &["icpc_date"]),
    ("cin_episodes", &["cin_start"]),
    ("cp_plans", &["cp_start"]),
    ("cp_visits", &["cp_last_visit"]),
    ("cla_episodes", &["cla_start"]),
    ("cla_visits", &["cla_last_visit"]),
    ("health_checks", &["cla_last_health", "cla_last_dental"]),
    ("care_leaver_contacts", &["cl_contact_date"]),
    ("pathway_plan_reviews", &["cl_pathway_review"]),
];

/// Fields of those tables that Annex A never carries, and fields that
/// come from one optional column.
const NEVER: &[&str] = &[
    "referrals.decision_date",
    "contacts.outcome",
    "icpcs.police_attended",
    "icpcs.health_attended",
    "icpcs.education_attended",
    "health_checks.initial",
];
const FIELD_COLUMNS: &[(&str, &str)] = &[
    ("assessments.outcome", "assessment_needs_support"),
    ("cin_episodes.closure_reason", "cin_closure_reason"),
    ("cla_episodes.placement", "cla_placement_type"),
    ("care_leaver_contacts.activity", "cl_activity"),
    ("care_leaver_contacts.in_touch", "cl_in_touch"),
];

/// A sheet or file as rows of text cells, before its headings are found.
type Grid = Vec<(usize, Vec<String>)>;

/// One row of cells, however it is held: a `Vec<String>` (the public
/// [`AnnexA::read_grid`]) or a CSV record (one buffer per
/// row instead of one `String` per cell: the CSV and workbook paths).
trait Row: Sync {
    /// The cell at `i`, if the row has one.
    fn cell(&self, i: usize) -> Option<&str>;
    /// How many cells.
    fn width(&self) -> usize;
    /// Every cell blank?
    fn is_blank(&self) -> bool {
        (0..self.width()).all(|i| self.cell(i).is_none_or(is_blank))
    }
    /// The cells as owned text.
    fn texts(&self) -> Vec<String> {
        (0..self.width())
            .map(|i| self.cell(i).unwrap_or("").to_string())
            .collect()
    }
}

impl Row for Vec<String> {
    fn cell(&self, i: usize) -> Option<&str> {
        self.get(i).map(String::as_str)
    }
    fn width(&self) -> usize {
        self.len()
    }
}

impl<T: Row> Row for &T {
    fn cell(&self, i: usize) -> Option<&str> {
        (**self).cell(i)
    }
    fn width(&self) -> usize {
        (**self).width()
    }
}

impl Row for csv::StringRecord {
    fn cell(&self, i: usize) -> Option<&str> {
        self.get(i)
    }
    fn width(&self) -> usize {
        self.len()
    }
}

/// The columns a row's cells are read from, by number: a file's columns
/// are found once ([`Cols::new`]), so reading a cell looks up no name.
mod key {
    /// A column key of the specification, numbered.
    #[derive(Debug, Clone, Copy)]
    pub struct Key(pub usize);

    /// One list of the keys gives each its number (its place) and `NAMES`.
    macro_rules! keys {
        ($($key:ident = $name:literal,)*) => {
            #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
            enum Place { $($key),* }
            /// The keys, by number (each as the specification names it).
            pub const NAMES: [&str; [$($name),*].len()] = [$($name),*];
            $(
                #[doc = concat!("`", $name, "`.")]
                pub const $key: Key = Key(Place::$key as usize);
            )*
        };
    }

    keys! {
        ALLOCATED_TEAM = "allocated_team",
        ALLOCATED_WORKER = "allocated_worker",
        ASSESSMENT_AUTHORISED = "assessment_authorised",
        ASSESSMENT_NEEDS_SUPPORT = "assessment_needs_support",
        CIN_CLOSURE_REASON = "cin_closure_reason",
        CIN_END = "cin_end",
        CL_ACCOMMODATION = "cl_accommodation",
        CL_ACTIVITY = "cl_activity",
        CL_IN_TOUCH = "cl_in_touch",
        CL_PATHWAY_REVIEW = "cl_pathway_review",
        CLA_END = "cla_end",
        CLA_LAST_DENTAL = "cla_last_dental",
        CLA_LAST_HEALTH = "cla_last_health",
        CLA_LAST_VISIT = "cla_last_visit",
        CLA_LEGAL_STATUS = "cla_legal_status",
        CLA_PLACEMENT_START = "cla_placement_start",
        CLA_PLACEMENT_TYPE = "cla_placement_type",
        CLA_PROVIDER = "cla_provider",
        CLA_REASON_CEASED = "cla_reason_ceased",
        CONTACT_SOURCE = "contact_source",
        CP_CATEGORY = "cp_category",
        CP_END = "cp_end",
        CP_LAST_VISIT = "cp_last_visit",
        CP_PREVIOUS = "cp_previous",
        DISABILITY = "disability",
        DOB = "dob",
        EH_COMPLETED = "eh_completed",
        ETHNICITY = "ethnicity",
        GENDER = "gender",
        ICPC_DATE = "icpc_date",
        ICPC_PLAN = "icpc_plan",
        ICPC_UNNECESSARY = "icpc_unnecessary",
        REFERRAL_NFA = "referral_nfa",
        REFERRAL_SOURCE = "referral_source",
    }
}
use key::Key;

/// The columns of one table: column key to position, with the headings.
struct Cols<'t> {
    spec: &'t Spec,
    headers: &'t [String],
    index: Map<&'t str, usize>,
    /// The position and value map of each numbered [`Key`] (`None`: not
    /// among the headings, or not coded).
    at: [(Option<usize>, Option<&'t str>); key::NAMES.len()],
    /// Coded cells already read, by column position: a column holds few
    /// distinct values, so each is mapped once (`None`: not in the map).
    memo: std::cell::RefCell<Vec<Memo<Mapped>>>,
    /// Text cells already read, by column position (a team, a source):
    /// each distinct value is cleaned and made shared text once.
    texts: std::cell::RefCell<Vec<Memo<Option<Arc<str>>>>>,
}

/// One column's cells already read: raw text to what it gave.
type Memo<V> = Map<Box<str>, V>;

/// At most this many distinct values of one column are remembered (a
/// column of free text is then read cell by cell).
const MEMO_MAX: usize = 1 << 14;

/// A coded cell through its value map: `None` when not in the map, else
/// the value (`None` for a blank).
type Mapped = Option<Option<Arc<str>>>;

/// What reading one cell found.
enum Cell<T> {
    Blank,
    Value(T),
    Bad,
}

impl<'t> Cols<'t> {
    fn new(spec: &'t Spec, headers: &'t [String]) -> Self {
        let mut index = Map::default();
        let mut maps = Map::default();
        for (i, h) in headers.iter().enumerate() {
            if let Some(c) = spec.column(h) {
                index.entry(c.key.as_str()).or_insert(i);
                if let Some(v) = &c.values {
                    maps.insert(c.key.as_str(), v.as_str());
                }
            }
        }
        let at = key::NAMES.map(|k| (index.get(k).copied(), maps.get(k).copied()));
        Cols {
            spec,
            headers,
            index,
            at,
            memo: std::cell::RefCell::new(vec![Map::default(); headers.len()]),
            texts: std::cell::RefCell::new(vec![Map::default(); headers.len()]),
        }
    }

    fn has(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    fn heading(&self, key: &str) -> String {
        self.index
            .get(key)
            .and_then(|&i| self.headers.get(i))
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|| key.to_string())
    }

    fn cell<'r, R: Row>(&self, row: &'r R, key: &str) -> &'r str {
        self.index.get(key).and_then(|&i| row.cell(i)).unwrap_or("")
    }

    /// The position of the column of `k`, and its value map.
    fn at(&self, k: Key) -> (Option<usize>, Option<&'t str>) {
        self.at.get(k.0).copied().unwrap_or((None, None))
    }
}

/// The cell of `row` at `at` ("" for none).
fn cell_at<R: Row>(row: &R, at: Option<usize>) -> &str {
    at.and_then(|i| row.cell(i)).unwrap_or("")
}

/// Reads one row's cells, counting those that do not fit.
struct RowReader<'a, 't, R: Row> {
    cols: &'a Cols<'t>,
    row: &'a R,
    line: usize,
    account: &'a mut FileAccount,
}

impl<R: Row> RowReader<'_, '_, R> {
    fn raw(&self, key: Key) -> &str {
        cell_at(self.row, self.cols.at(key).0)
    }

    /// The heading of `key`'s column (for a message).
    fn heading(&self, key: Key) -> String {
        self.cols
            .heading(key::NAMES.get(key.0).copied().unwrap_or(""))
    }

    fn date_cell(&mut self, key: Key) -> Cell<NaiveDate> {
        match parse_date(self.raw(key)) {
            Ok(None) => Cell::Blank,
            Ok(Some(d)) => Cell::Value(d),
            Err(_) => Cell::Bad,
        }
    }

    /// A date; one that is not a date is unknown, and counted (A10).
    fn date(&mut self, key: Key) -> Option<NaiveDate> {
        match self.date_cell(key) {
            Cell::Value(d) => Some(d),
            Cell::Blank => None,
            Cell::Bad => {
                let (h, v) = (self.heading(key), self.raw(key).to_string());
                self.account.cell_issue(
                    "A10: not a date",
                    &h,
                    "a date (dd/mm/yyyy, yyyy-mm-dd, 8 Jan 2024 or an Excel date)",
                    self.line,
                    &v,
                );
                None
            }
        }
    }

    /// A coded value through the column's value map; one not in it is
    /// unknown, and counted (A11).
    fn code(&mut self, key: Key) -> Option<Arc<str>> {
        let spec = self.cols.spec;
        let (Some(i), Some(map)) = self.cols.at(key) else {
            return None;
        };
        let raw = self.row.cell(i).unwrap_or("");
        let known = self
            .cols
            .memo
            .borrow()
            .get(i)
            .and_then(|m| m.get(raw).cloned());
        let mapped = match known {
            Some(v) => v,
            None => {
                let v = spec.value(map, raw).ok().map(|v| v.map(Arc::<str>::from));
                if let Some(m) = self.cols.memo.borrow_mut().get_mut(i)
                    && m.len() < MEMO_MAX
                {
                    m.insert(raw.into(), v.clone());
                }
                v
            }
        };
        match mapped {
            Some(v) => v,
            None => {
                let (h, v) = (self.heading(key), raw.to_string());
                let expected = format!("one of {}", spec.expected(map));
                self.account
                    .cell_issue("A11: value not recognised", &h, &expected, self.line, &v);
                None
            }
        }
    }

    fn yes_no(&mut self, key: Key) -> Option<bool> {
        self.code(key).map(|v| &*v == "Y")
    }

    /// A whole number; one that is not is unknown, and counted (A12).
    fn number(&mut self, key: Key) -> Option<u32> {
        let raw = self.raw(key);
        match parse_number(raw) {
            Ok(n) => n,
            Err(_) => {
                let (h, v) = (self.heading(key), raw.to_string());
                self.account.cell_issue(
                    "A12: not a whole number",
                    &h,
                    "a whole number",
                    self.line,
                    &v,
                );
                None
            }
        }
    }

    /// Text, cleaned ([`clean_value`]).
    fn text(&self, key: Key) -> Option<Arc<str>> {
        let i = self.cols.at(key).0?;
        let raw = self.row.cell(i).unwrap_or("");
        if let Some(v) = self.cols.texts.borrow().get(i).and_then(|m| m.get(raw)) {
            return v.clone();
        }
        let v: Option<Arc<str>> = clean_value(raw).map(Into::into);
        if let Some(m) = self.cols.texts.borrow_mut().get_mut(i)
            && m.len() < MEMO_MAX
        {
            m.insert(raw.into(), v.clone());
        }
        v
    }
}

/// Annex A lists being read for one local authority.
#[derive(Debug, Clone)]
pub struct AnnexA {
    la: String,
    spec: Arc<Spec>,
    events: Events,
    /// The children of the stretches of reading before the last merge, an
    /// entry per child per stretch (see [`Known`]), stretch after stretch
    /// in the order read (kept apart: a merge moves no entry).
    earlier: Vec<Vec<Known>>,
    /// The children of this stretch of reading, in the order met.
    children: Vec<Known>,
    /// The entry in `children` of each child met in this stretch, found by
    /// the hash of its id ([`id_hash`]) and compared with the entry's id.
    ids: hashbrown::HashTable<u32>,
    accounts: Vec<FileAccount>,
    coverage: Coverage,
    lists_read: BTreeMap<u8, String>,
}

/// A child as rows read one after another give it: the details of the
/// first row, its blanks filled from the later ones ([`fill_blanks`]), and
/// the `Allocated Team` and `Allocated Worker` of the row with the latest
/// own date (the most recent activity; the later-read on a tie:
/// [`later_allocation`]). Both are folds that can be split anywhere, so a
/// child read by several files (each on its own core) has an entry per
/// file, and [`fold_known`] folds them in reading order into what reading
/// the files one at a time would give.
#[derive(Debug, Clone)]
struct Known {
    child: Child,
    team: Option<Allocated>,
}

/// The hash by which a stretch of reading finds a child's entry.
fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(id)
}

/// Folds the entries of `stretches` (each in reading order, one after
/// another) child by child: one entry per child id, in id order.
fn fold_known(stretches: Vec<Vec<Known>>) -> Vec<Known> {
    use rayon::prelude::*;
    // The entries by id, the reading order (stretch, then place) kept among
    // a child's entries.
    let mut order: Vec<(&str, u32, u32)> = stretches
        .iter()
        .enumerate()
        .flat_map(|(s, known)| {
            known
                .iter()
                .enumerate()
                .map(move |(i, k)| (&*k.child.child_id, s as u32, i as u32))
        })
        .collect();
    order.par_sort_unstable();
    let order: Vec<(u32, u32)> = order.into_iter().map(|(_, s, i)| (s, i)).collect();
    let mut slots: Vec<Vec<Option<Known>>> = stretches
        .into_iter()
        .map(|known| known.into_iter().map(Some).collect())
        .collect();
    let mut out: Vec<Known> = Vec::with_capacity(order.len());
    for (s, i) in order {
        let Some(mut k) = slots
            .get_mut(s as usize)
            .and_then(|known| known.get_mut(i as usize))
            .and_then(Option::take)
        else {
            continue;
        };
        match out.last_mut() {
            Some(last) if last.child.child_id == k.child.child_id => {
                fill_blanks(&mut last.child, Details::taken(&mut k.child));
                if let Some(later) = k.team {
                    add_allocation(&mut last.team, later);
                }
            }
            _ => out.push(k),
        }
    }
    out
}

/// A child's allocated team and worker as one list row gives them, with
/// that row's own date.
type Allocated = (NaiveDate, Option<Arc<str>>, Option<Arc<str>>);

/// A later-read allocation added to a child's (none known yet, or
/// [`later_allocation`]).
fn add_allocation(known: &mut Option<Allocated>, later: Allocated) {
    match known {
        Some(k) => later_allocation(k, later),
        None => *known = Some(later),
    }
}

/// Of a child's allocation as known and a later-read row's, keeps the
/// later-dated (the later-read on a tie).
fn later_allocation(known: &mut Allocated, later: Allocated) {
    if known.0 <= later.0 {
        *known = later;
    }
}

/// What reading Annex A gave: the events, each file's and sheet's account,
/// and what was supplied.
#[derive(Debug, Clone, Default)]
pub struct AnnexARead {
    /// The events.
    pub events: Events,
    /// Every file and sheet: what it is, rows read = used + excluded, cells
    /// not used.
    pub accounts: Vec<FileAccount>,
    /// The tables and fields the lists supplied.
    pub coverage: Coverage,
}

impl AnnexA {
    /// Lists for the LA named `la` (code or name, as the population file),
    /// read with the built-in specification.
    pub fn new(la: &str) -> Self {
        // The built-in file is tested; should it ever fail to load, an
        // empty specification recognises nothing and every list is refused
        // with a message.
        let spec = Spec::builtin().unwrap_or_else(|_| Spec::empty());
        AnnexA::with_spec(la, spec)
    }

    /// Lists for `la`, read with `spec` (the built-in one with a council's
    /// own spellings layered on, say).
    pub fn with_spec(la: &str, spec: Spec) -> Self {
        AnnexA {
            la: la.to_string(),
            spec: Arc::new(spec),
            events: Events::default(),
            earlier: Vec::new(),
            children: Vec::new(),
            ids: hashbrown::HashTable::new(),
            accounts: Vec::new(),
            coverage: Coverage::new(),
            lists_read: BTreeMap::new(),
        }
    }

    /// The specification in use.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// The events read so far.
    pub fn into_events(self) -> Events {
        self.into_parts().0
    }

    /// The events read so far, and each file's row account (read = used +
    /// excluded, per reason).
    pub fn into_parts(self) -> (Events, Vec<FileAccount>) {
        let r = self.finish();
        (r.events, r.accounts)
    }

    /// Everything read: events, accounts and coverage.
    pub fn finish(mut self) -> AnnexARead {
        drop(self.ids);
        let mut stretches = self.earlier;
        stretches.push(self.children);
        let known = fold_known(stretches);
        // Annex A gives only the allocation as at the extract: no start.
        let la: Arc<str> = self.la.as_str().into();
        let mut children = Vec::with_capacity(known.len());
        let mut teams = Vec::new();
        for Known { child, team } in known {
            if let Some((_, team, worker)) = team {
                teams.push(TeamAllocation {
                    la: la.clone(),
                    child_id: Arc::clone(&child.child_id),
                    team,
                    worker,
                    start: None,
                    end: None,
                });
            }
            children.push(child);
        }
        self.events.children = children;
        self.events.team_allocations = teams;
        AnnexARead {
            events: self.events,
            accounts: self.accounts,
            coverage: self.coverage,
        }
    }

    /// An empty reading for the same LA with the same specification (a
    /// partial, for one file read on its own core).
    fn empty_like(&self) -> AnnexA {
        AnnexA {
            la: self.la.clone(),
            spec: Arc::clone(&self.spec),
            events: Events::default(),
            earlier: Vec::new(),
            children: Vec::new(),
            ids: hashbrown::HashTable::new(),
            accounts: Vec::new(),
            coverage: Coverage::new(),
            lists_read: BTreeMap::new(),
        }
    }

    /// Merges a later partial reading into this one: the same as having
    /// read its files here, after those already read. Its children's
    /// entries follow ours, folded with them at [`AnnexA::finish`]; a row
    /// read here afterwards starts a child's entry anew, after them.
    fn absorb(&mut self, other: AnnexA) {
        self.events.append(other.events);
        // Ours (earlier stretches, then this one), then theirs (the same).
        let ours = std::mem::take(&mut self.children);
        if !ours.is_empty() {
            self.earlier.push(ours);
        }
        self.earlier.extend(other.earlier);
        if !other.children.is_empty() {
            self.earlier.push(other.children);
        }
        self.ids = hashbrown::HashTable::new();
        self.accounts.extend(other.accounts);
        self.coverage.merge(other.coverage);
        self.lists_read.extend(other.lists_read);
    }

    /// Has any list been read?
    pub fn any_list(&self) -> bool {
        !self.lists_read.is_empty()
    }

    /// Notes a file or sheet that is not a list (a template sheet, or one
    /// not recognised), with what was seen.
    fn note(
        &mut self,
        source: &str,
        kind: &str,
        rows: u64,
        seen: Vec<String>,
        left_out: Option<&str>,
    ) {
        let mut account = FileAccount {
            file: source.to_string(),
            kind: kind.to_string(),
            unmatched: seen,
            ..FileAccount::default()
        };
        // Rows of a sheet that is no list are counted, left out for `left_out`.
        if let Some(reason) = left_out {
            account.read = rows;
            if rows > 0 {
                account.excluded.insert(reason.into(), rows);
            }
        }
        self.accounts.push(account);
    }

    /// Notes a sheet that could not be read at all, and why.
    fn note_unreadable(&mut self, source: &str, why: &dyn std::fmt::Display) {
        let kind = format!("not read: the sheet cannot be read ({why})");
        self.note(source, &kind, 0, Vec::new(), None);
    }

    /// Reads a sheet or CSV file: finds its heading row and which list it
    /// is (from `name`, else from its headings), then reads it. A template
    /// sheet is passed over and anything else not a list is reported, not
    /// read.
    pub fn read_grid(&mut self, source: &str, name: &str, grid: Grid) -> Result<()> {
        let rows = grid.len();
        self.read_stream(source, name, grid, std::iter::empty(), rows)
    }

    /// Reads a sheet or file whose first rows are `head` (at least its first
    /// ten, or all of it) and the rest `rest`, streamed: rows are read as
    /// they come, never all held at once. It has about `about` rows (room
    /// is made for them).
    fn read_stream<R: Row>(
        &mut self,
        source: &str,
        name: &str,
        grid: Vec<(usize, R)>,
        rest: impl Iterator<Item = Result<(usize, R)>>,
        about: usize,
    ) -> Result<()> {
        // Non-blank rows of `head` and of the rest.
        fn count<R: Row>(
            head: &[(usize, R)],
            rest: impl Iterator<Item = Result<(usize, R)>>,
        ) -> Result<u64> {
            let mut n = head.iter().filter(|(_, r)| !r.is_blank()).count() as u64;
            for row in rest {
                n += u64::from(!row?.1.is_blank());
            }
            Ok(n)
        }
        if self.spec.is_template_sheet(name) {
            self.note(
                source,
                "Ofsted template sheet (no data)",
                0,
                Vec::new(),
                None,
            );
            return Ok(());
        }
        let by_name = self.spec.list_from_name(name);
        let heading = find_heading_row(&self.spec, &grid);
        let Some(h) = heading else {
            let seen: Vec<String> = grid
                .iter()
                .find(|(_, r)| !r.is_blank())
                .map(|(_, r)| r.texts().into_iter().filter(|c| !is_blank(c)).collect())
                .unwrap_or_default();
            let rows = count(&grid, rest)?;
            return match by_name {
                Some(list) if rows > 0 => Err(Error::csv(
                    source,
                    grid.first().map_or(1, |(l, _)| *l),
                    None,
                    format!(
                        "this is named as Annex A List {list}, but none of its first ten rows is a heading row (one with a child id heading such as 'Child Unique ID' and the list's other headings); the first row with anything in it has {seen:?}"
                    ),
                )),
                Some(list) => {
                    // An empty sheet: the list is there, with no headings and no rows.
                    self.note(
                        source,
                        &format!("Annex A List {list}, empty (no headings, no rows): not read"),
                        0,
                        Vec::new(),
                        None,
                    );
                    Ok(())
                }
                None => {
                    self.note(
                        source,
                        "not recognised",
                        rows,
                        seen,
                        Some("A00: not an Annex A list (no list name and no list's headings)"),
                    );
                    Ok(())
                }
            };
        };
        let headers = grid[h].1.texts();
        let heading_row = grid[h].0;
        let list = by_name.or_else(|| list_from_headings(&self.spec, &headers));
        let Some(list) = list else {
            let rows = count(&grid, rest)?;
            self.note(
                source,
                "not recognised",
                rows,
                headers,
                Some("A00: not an Annex A list (no list name and no list's headings)"),
            );
            return Ok(());
        };
        if let Some(first) = self.lists_read.get(&list) {
            let kind = format!(
                "a second sheet or file for Annex A List {list} (the first was {first}): not read"
            );
            let reason = format!("A07: a second sheet for List {list}");
            let rows = count(&grid[h + 1..], rest)?;
            self.note(source, &kind, rows, headers, Some(&reason));
            return Ok(());
        }
        let rows = grid.into_iter().skip(h + 1).map(Ok).chain(rest);
        self.read_rows(list, source, &headers, heading_row, rows, about)
    }

    /// Reads one list (`list` is 1–11) from its headings and rows, held
    /// any way (about `about` of them).
    fn read_rows<R: Row>(
        &mut self,
        list: u8,
        file: &str,
        headers: &[String],
        heading_row: usize,
        rows: impl Iterator<Item = Result<(usize, R)>>,
        about: usize,
    ) -> Result<()> {
        let spec = Arc::clone(&self.spec);
        let Some(info) = spec.list(list) else {
            return Err(Error::csv(
                file,
                heading_row,
                None,
                format!("there is no Annex A List {list} (lists are 1 to 11)"),
            ));
        };
        let cols = Cols::new(&spec, headers);
        for key in &info.required {
            if !cols.has(key) {
                let wanted = spec
                    .column_by_key(key)
                    .map(|c| c.headings.join(" / "))
                    .unwrap_or_default();
                return Err(Error::csv(
                    file,
                    heading_row,
                    Some(key),
                    format!(
                        "Annex A List {list} ({}) needs a column for {key} (a heading such as {wanted}, ignoring case and punctuation); the headings, read from row {}, are {:?}",
                        info.name, heading_row, headers
                    ),
                ));
            }
        }
        let label = format!("Annex A List {list} ({})", info.name);
        let source = format!("{label}: {}", file);
        self.lists_read.insert(list, file.to_string());
        let mut account = FileAccount {
            file: file.to_string(),
            kind: label.clone(),
            heading_row: Some(heading_row),
            ..FileAccount::default()
        };
        for h in headers {
            match spec.column(h) {
                Some(c) => account.matched.push((h.trim().to_string(), c.key.clone())),
                None if !is_blank(h) => account.unmatched.push(h.trim().to_string()),
                None => {}
            }
        }
        // What this list supplies.
        for t in &info.tables {
            let fed = FEEDS
                .iter()
                .find(|(x, _)| x == t)
                .is_none_or(|(_, keys)| keys.iter().any(|k| cols.has(k)));
            if fed {
                self.coverage.supply(t, &source);
                for f in NEVER.iter().filter(|f| f.starts_with(&format!("{t}."))) {
                    self.coverage.lack(f, &source);
                }
                for (f, key) in FIELD_COLUMNS
                    .iter()
                    .filter(|(f, _)| f.starts_with(&format!("{t}.")))
                {
                    if !cols.has(key) {
                        self.coverage.lack(f, &source);
                    }
                }
            }
        }
        let allocated = list <= 9 && (cols.has("allocated_team") || cols.has("allocated_worker"));
        if allocated {
            self.coverage.supply("team_allocations", &source);
            self.coverage.lack("team_allocations.start", &source);
        }
        let la: Arc<str> = self.la.as_str().into();
        if list <= 9 {
            // At most a child per row: the maps never grow while reading.
            let children = &self.children;
            self.ids
                .reserve(about, |&i| id_hash(&children[i as usize].child.child_id));
            self.children.reserve(about);
            let ev = &mut self.events;
            match list {
                1 => ev.contacts.reserve(about),
                2 => ev.early_help_assessments.reserve(about),
                3 => ev.referrals.reserve(about),
                4 => ev.assessments.reserve(about),
                5 => ev.section47s.reserve(about),
                6 => ev.cin_episodes.reserve(about),
                7 => ev.cp_plans.reserve(about),
                9 => ev.care_leaver_contacts.reserve(about),
                _ => {}
            }
        }
        let date_key = info.date.clone().filter(|_| list <= 9);
        let date_column_missing = date_key.as_ref().is_some_and(|k| !cols.has(k));
        // The id's and the list's own date's columns, found once.
        let id_at = cols.index.get("child_id").copied();
        let date_at = date_key.as_deref().and_then(|k| cols.index.get(k).copied());
        let mut rows = rows.peekable();
        while let Some(next) = rows.next() {
            let (line, row) = next?;
            let row = &row;
            let last = rows.peek().is_none();
            account.read += 1;
            if row.is_blank() {
                account.exclude("A04: blank row");
                continue;
            }
            // Short rows are padded with blanks (some tools drop trailing
            // empty cells), but a short last row is a file cut off mid-row.
            if last && row.width() < headers.len() {
                account.exclude(&format!(
                    "A08: the last row (line {line}) is cut short: {} cells where the headings have {} (is the file complete?)",
                    row.width(),
                    headers.len()
                ));
                continue;
            }
            if list >= 10 {
                account.exclude(&format!(
                    "A05: List {list} ({}) is read and counted, but no scorecard indicator uses it",
                    info.name
                ));
                continue;
            }
            let Some(child_id) = cells::clean_id_cow(cell_at(row, id_at)) else {
                account.exclude("A01: no child id");
                let h = cols.heading("child_id");
                account.cell_issue(
                    "A01: no child id",
                    &h,
                    "a child id",
                    line,
                    cols.cell(row, "child_id"),
                );
                continue;
            };
            if date_column_missing {
                account.exclude(&format!(
                    "A06: List {list} has no {} column (the template before 2023): its rows cannot be dated",
                    date_key.as_deref().and_then(|k| spec.column_by_key(k)).and_then(|c| c.headings.first().cloned()).unwrap_or_default()
                ));
                continue;
            }
            let own_date = match &date_key {
                None => None,
                Some(k) => match parse_date(cell_at(row, date_at)) {
                    Ok(Some(d)) => Some(d),
                    Ok(None) => {
                        account.exclude(&format!("A02: no {}", cols.heading(k)));
                        continue;
                    }
                    Err(_) => {
                        let h = cols.heading(k);
                        account.exclude(&format!("A03: {h} is not a date"));
                        account.cell_issue(
                            "A03: the list's own date is not a date (row left out)",
                            &h,
                            "a date (dd/mm/yyyy, yyyy-mm-dd, 8 Jan 2024 or an Excel date)",
                            line,
                            cols.cell(row, k),
                        );
                        continue;
                    }
                },
            };
            if let Some(d) = own_date {
                account.dates = Some(match account.dates {
                    None => (d, d),
                    Some((a, b)) => (a.min(d), b.max(d)),
                });
            }
            account.used += 1;
            let mut r = RowReader {
                cols: &cols,
                row,
                line,
                account: &mut account,
            };
            let details = Details {
                date_of_birth: r.date(key::DOB),
                sex: r.code(key::GENDER),
                ethnicity: r.code(key::ETHNICITY),
                disability: r.yes_no(key::DISABILITY),
            };
            // One shared id per child: the one of its entry.
            let hash = id_hash(&child_id);
            let children = &self.children;
            let met = self
                .ids
                .find(hash, |&i| *children[i as usize].child.child_id == *child_id)
                .map(|&i| i as usize);
            let (entry, child_id) = match met {
                Some(i) => {
                    let known = &mut self.children[i];
                    let id = Arc::clone(&known.child.child_id);
                    fill_blanks(&mut known.child, details);
                    (i, id)
                }
                None => {
                    // New here, or met only before a merge: a new entry.
                    let id: Arc<str> = child_id.as_ref().into();
                    let i = self.children.len();
                    self.children.push(Known {
                        child: Child {
                            la: la.clone(),
                            child_id: Arc::clone(&id),
                            date_of_birth: details.date_of_birth,
                            sex: details.sex,
                            ethnicity: details.ethnicity,
                            disability: details.disability,
                        },
                        team: None,
                    });
                    let children = &self.children;
                    self.ids.insert_unique(hash, i as u32, |&i| {
                        id_hash(&children[i as usize].child.child_id)
                    });
                    (i, id)
                }
            };
            let ev = &mut self.events;
            let Some(date) = own_date else { continue };
            if allocated {
                let (team, worker) = (r.text(key::ALLOCATED_TEAM), r.text(key::ALLOCATED_WORKER));
                if team.is_some() || worker.is_some() {
                    add_allocation(&mut self.children[entry].team, (date, team, worker));
                }
            }
            match list {
                1 => ev.contacts.push(Contact {
                    la: la.clone(),
                    child_id,
                    date,
                    source: r.text(key::CONTACT_SOURCE),
                    outcome: None,
                    outcome_date: None,
                }),
                2 => ev.early_help_assessments.push(EarlyHelpAssessment {
                    la: la.clone(),
                    child_id,
                    start: date,
                    completed: r.date(key::EH_COMPLETED),
                }),
                3 => ev.referrals.push(Referral {
                    la: la.clone(),
                    child_id,
                    date,
                    source: r.text(key::REFERRAL_SOURCE),
                    nfa: r.yes_no(key::REFERRAL_NFA),
                    decision_date: None,
                }),
                4 => {
                    let outcome = r.yes_no(key::ASSESSMENT_NEEDS_SUPPORT).map(|needs| {
                        if needs {
                            AssessmentOutcome::ChildInNeed
                        } else {
                            AssessmentOutcome::NotInNeed
                        }
                    });
                    ev.assessments.push(Assessment {
                        la: la.clone(),
                        child_id,
                        start: date,
                        authorised: r.date(key::ASSESSMENT_AUTHORISED),
                        outcome,
                    });
                }
                5 => {
                    let icpc_date = r.date(key::ICPC_DATE);
                    let unnecessary = r.yes_no(key::ICPC_UNNECESSARY);
                    let icpc_required = crate::readers::icpc_required(icpc_date, unnecessary);
                    ev.section47s.push(Section47 {
                        la: la.clone(),
                        child_id: child_id.clone(),
                        start: date,
                        icpc_required,
                    });
                    if let Some(icpc) = icpc_date {
                        ev.icpcs.push(Icpc {
                            la: la.clone(),
                            child_id,
                            date: icpc,
                            s47_start: Some(date),
                            plan_made: r.yes_no(key::ICPC_PLAN),
                            police_attended: None,
                            health_attended: None,
                            education_attended: None,
                        });
                    }
                }
                6 => ev.cin_episodes.push(CinEpisode {
                    la: la.clone(),
                    child_id,
                    start: date,
                    end: r.date(key::CIN_END),
                    closure_reason: r.code(key::CIN_CLOSURE_REASON),
                }),
                7 => {
                    let previous_plans = r.number(key::CP_PREVIOUS);
                    if let Some(visit) = r.date(key::CP_LAST_VISIT) {
                        ev.cp_visits.push(Visit {
                            la: la.clone(),
                            child_id: child_id.clone(),
                            date: visit,
                        });
                    }
                    ev.cp_plans.push(CpPlan {
                        la: la.clone(),
                        child_id,
                        start: date,
                        end: r.date(key::CP_END),
                        initial_category: r.text(key::CP_CATEGORY),
                        previous_plans,
                    });
                }
                8 => read_cla_row(&mut r, ev, &la, &child_id, date),
                9 => {
                    if let Some(review) = r.date(key::CL_PATHWAY_REVIEW) {
                        ev.pathway_plan_reviews.push(Visit {
                            la: la.clone(),
                            child_id: child_id.clone(),
                            date: review,
                        });
                    }
                    let in_touch = r
                        .code(key::CL_IN_TOUCH)
                        .map(|t| matches!(&*t, "YES" | "RHOM"));
                    let accommodation_suitable =
                        r.code(key::CL_ACCOMMODATION).map(|s| &*s == "Suitable");
                    ev.care_leaver_contacts.push(CareLeaverContact {
                        la: la.clone(),
                        child_id,
                        date,
                        in_touch,
                        activity: r.code(key::CL_ACTIVITY),
                        accommodation_suitable,
                    });
                }
                _ => {}
            }
        }
        self.accounts.push(account);
        Ok(())
    }
}

/// One List 8 row: the period of care up to the latest placement and that
/// placement (or one episode when the placement began with care), and the
/// latest visit, health assessment and dental check.
fn read_cla_row<R: Row>(
    r: &mut RowReader<'_, '_, R>,
    ev: &mut Events,
    la: &Arc<str>,
    child_id: &Arc<str>,
    start: NaiveDate,
) {
    let end = r.date(key::CLA_END);
    let placed = r.date(key::CLA_PLACEMENT_START);
    let legal_status: Option<Arc<str>> = r.code(key::CLA_LEGAL_STATUS);
    let placement: Option<Arc<str>> = r.code(key::CLA_PLACEMENT_TYPE);
    let provider: Option<Arc<str>> = r.code(key::CLA_PROVIDER);
    let reason_ceased: Option<Arc<str>> = r.code(key::CLA_REASON_CEASED);
    match placed {
        Some(p) if p > start && end.is_none_or(|e| p <= e) => {
            ev.cla_episodes.push(ClaEpisode {
                la: la.clone(),
                child_id: child_id.clone(),
                start,
                end: Some(p),
                rne: Some("S".into()),
                legal_status: legal_status.clone(),
                placement: None,
                provider: None,
                reason_ceased: Some("X1".into()),
            });
            ev.cla_episodes.push(ClaEpisode {
                la: la.clone(),
                child_id: child_id.clone(),
                start: p,
                end,
                rne: Some("P".into()),
                legal_status,
                placement,
                provider,
                reason_ceased,
            });
        }
        _ => ev.cla_episodes.push(ClaEpisode {
            la: la.clone(),
            child_id: child_id.clone(),
            start,
            end,
            rne: Some("S".into()),
            legal_status,
            placement,
            provider,
            reason_ceased,
        }),
    }
    if let Some(date) = r.date(key::CLA_LAST_VISIT) {
        ev.cla_visits.push(Visit {
            la: la.clone(),
            child_id: child_id.clone(),
            date,
        });
    }
    if let Some(date) = r.date(key::CLA_LAST_HEALTH) {
        ev.health_checks.push(HealthCheck {
            la: la.clone(),
            child_id: child_id.clone(),
            date,
            kind: HealthCheckKind::Review,
        });
    }
    if let Some(date) = r.date(key::CLA_LAST_DENTAL) {
        ev.health_checks.push(HealthCheck {
            la: la.clone(),
            child_id: child_id.clone(),
            date,
            kind: HealthCheckKind::Dental,
        });
    }
}

/// What a row tells of a child besides its id.
struct Details {
    date_of_birth: Option<NaiveDate>,
    sex: Option<Arc<str>>,
    ethnicity: Option<Arc<str>>,
    disability: Option<bool>,
}

impl Details {
    /// The details of `child`, taken out of it.
    fn taken(child: &mut Child) -> Details {
        Details {
            date_of_birth: child.date_of_birth.take(),
            sex: child.sex.take(),
            ethnicity: child.ethnicity.take(),
            disability: child.disability.take(),
        }
    }
}

/// A later row of a child fills what an earlier one left blank.
fn fill_blanks(known: &mut Child, later: Details) {
    if known.date_of_birth.is_none() {
        known.date_of_birth = later.date_of_birth;
    }
    if known.sex.is_none() {
        known.sex = later.sex;
    }
    if known.ethnicity.is_none() {
        known.ethnicity = later.ethnicity;
    }
    if known.disability.is_none() {
        known.disability = later.disability;
    }
}

/// The heading row: the first of the first ten rows with an id heading
/// (child or adopter) and at least one other known heading.
fn find_heading_row<R: Row>(spec: &Spec, grid: &[(usize, R)]) -> Option<usize> {
    grid.iter().take(10).position(|(_, row)| {
        let keys: Vec<&str> = (0..row.width())
            .filter_map(|i| row.cell(i))
            .filter_map(|c| spec.column(c).map(|c| c.key.as_str()))
            .collect();
        keys.iter().any(|k| *k == "child_id" || *k == "adopter_id") && keys.len() >= 2
    })
}

/// Which list a heading row is, from the columns only one list has.
fn list_from_headings(spec: &Spec, headers: &[String]) -> Option<u8> {
    let keys: Vec<&str> = headers
        .iter()
        .filter_map(|h| spec.column(h).map(|c| c.key.as_str()))
        .collect();
    const MARKS: &[(&str, u8)] = &[
        ("adopter_id", 11),
        ("ad_placement_order", 10),
        ("cl_eligibility", 9),
        ("cl_in_touch", 9),
        ("cla_start", 8),
        ("cp_start", 7),
        ("cin_start", 6),
        ("s47_start", 5),
        ("assessment_start", 4),
        ("referral_date", 3),
        ("eh_start", 2),
        ("contact_date", 1),
    ];
    MARKS
        .iter()
        .find(|(k, _)| keys.contains(k))
        .map(|(_, n)| *n)
}

/// Reads CSV text as a stream of rows: the first ten (where the heading
/// row is looked for) parsed first, the rest as they are read. One record
/// (one buffer) per row, not a `String` per cell.
fn read_csv_text(annex: &mut AnnexA, source: &str, name: &str, text: &str) -> Result<()> {
    let mut records = csv_records(source, text);
    let mut head = Vec::with_capacity(10);
    for rec in records.by_ref().take(10) {
        head.push(rec?);
    }
    // Lines, as many as rows or more (a quoted newline is a line).
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    annex.read_stream(source, name, head, records, lines)
}

/// CSV text as records (one buffer per row) with their 1-based lines; a
/// byte-order mark is passed over.
fn csv_records<'a>(
    source: &'a str,
    text: &'a str,
) -> impl Iterator<Item = Result<(usize, csv::StringRecord)>> + 'a {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes())
        .into_records()
        .map(move |rec| {
            let rec = rec.map_err(|e| Error::csv_record(source, &e))?;
            let line = rec.position().map_or(0, |p| p.line() as usize);
            Ok((line, rec))
        })
}

/// Reads one list from CSV text; which list it is comes from `name`, or
/// failing that from its headings.
pub fn read_csv_list(annex: &mut AnnexA, name: &str, text: &str) -> Result<()> {
    let before = annex.lists_read.len();
    read_csv_text(annex, name, name, text)?;
    if annex.lists_read.len() == before
        && annex
            .accounts
            .last()
            .is_some_and(|a| a.kind == "not recognised")
    {
        return Err(Error::csv(
            name,
            1,
            None,
            "cannot tell which Annex A list this is: name it List_1 ... List_11 or by its subject (Referrals, Assessments, ...), or give it the list's headings",
        ));
    }
    Ok(())
}

/// Reads the lists at `path` (a folder of CSVs or a workbook: see
/// [`read_path`]); also named `read_workbook`.
pub fn read_csv_dir(la: &str, path: &std::path::Path) -> Result<Events> {
    Ok(read_path(la, path)?.events)
}

/// [`read_csv_dir`], with each file's and sheet's row account; also named
/// `read_workbook_accounted`.
pub fn read_csv_dir_accounted(
    la: &str,
    path: &std::path::Path,
) -> Result<(Events, Vec<FileAccount>)> {
    let r = read_path(la, path)?;
    Ok((r.events, r.accounts))
}

pub use read_csv_dir as read_workbook;
pub use read_csv_dir_accounted as read_workbook_accounted;

/// Reads Annex A at `path`: a workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods`),
/// one CSV, or a folder of CSVs (and workbooks). Every file and sheet is
/// accounted for; the run stops only when nothing at `path` is an Annex A
/// list, or a list lacks its key columns.
pub fn read_path(la: &str, path: &std::path::Path) -> Result<AnnexARead> {
    read_path_with(la, path, Spec::builtin()?)
}

/// [`read_path`] with a specification of one's own (the built-in one with
/// a council's spellings layered on: [`Spec::layer_toml`]).
pub fn read_path_with(la: &str, path: &std::path::Path, spec: Spec) -> Result<AnnexARead> {
    let mut annex = AnnexA::with_spec(la, spec);
    read_path_into(&mut annex, path)?;
    if !annex.any_list() {
        let seen: Vec<String> = annex
            .accounts
            .iter()
            .map(|a| {
                if a.unmatched.is_empty() {
                    format!("{} ({})", a.file, a.kind)
                } else {
                    format!("{} ({}; headings {:?})", a.file, a.kind, a.unmatched)
                }
            })
            .collect();
        return Err(Error::not_input(
            path.display().to_string(),
            format!(
                "this is not Annex A: no sheet or file is one of the lists (named List 1 ... List 11 or by subject, with a heading row such as 'Child Unique ID, Gender, ...'); found {}",
                if seen.is_empty() {
                    "nothing".to_string()
                } else {
                    seen.join("; ")
                }
            ),
        ));
    }
    Ok(annex.finish())
}

fn is_workbook(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|x| {
        ["xlsx", "xlsm", "xlsb", "xls", "ods"]
            .iter()
            .any(|k| x.eq_ignore_ascii_case(k))
    })
}

/// Reads `path` (a workbook, a CSV or a folder of them) into `annex`.
pub fn read_path_into(annex: &mut AnnexA, path: &std::path::Path) -> Result<()> {
    let io = |e: std::io::Error| Error::read(path, e);
    if path.is_dir() {
        let mut names: Vec<_> = std::fs::read_dir(path)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        names.sort();
        // Every file (or subfolder) is read on its own core into its own
        // partial reading, and the partials are merged in file order, so
        // the result is the one-at-a-time result. A partial that read a
        // list already read by an earlier file is read again, in order,
        // into the whole (which then notes it as a second file for that
        // list): rare, and correct. So is a partial that failed (the error
        // is the whole reading's only if it is in order).
        use rayon::prelude::*;
        let readable = |p: &std::path::PathBuf| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let csv = p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv"));
            if name.starts_with('.') || name.starts_with("~$") {
                Err("hidden or lock file: not read")
            } else if csv || is_workbook(p) || p.is_dir() {
                Ok(())
            } else {
                Err("not read: not a CSV file or workbook")
            }
        };
        let partials: Vec<Option<Result<AnnexA>>> = names
            .par_iter()
            .map(|p| {
                readable(p).ok().map(|()| {
                    let mut part = annex.empty_like();
                    read_path_into(&mut part, p).map(|()| part)
                })
            })
            .collect();
        merge_in_order(
            annex,
            partials,
            |annex, i| {
                let p = &names[i];
                let kind = readable(p).err().unwrap_or_default();
                annex.note(&p.display().to_string(), kind, 0, Vec::new(), None);
            },
            |annex, i| read_path_into(annex, &names[i]),
        )?;
        return Ok(());
    }
    if is_workbook(path) {
        return read_workbook_into(annex, path);
    }
    let text = super::text::read(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    read_csv_text(annex, &path.display().to_string(), &name, &text)
}

/// Merges partial readings (one per file or sheet, in order) into the
/// whole, with the outcome of reading them one at a time: `None` (a file
/// not read) is noted by `skip`; a partial that failed, or that read a list
/// already read, is read again in order by `again` (which then notes it as
/// a second file for that list, or fails where it failed). Consecutive
/// partials that can be absorbed are merged with each other on every core
/// first (in order: the merge is associative), then into the whole.
fn merge_in_order(
    annex: &mut AnnexA,
    partials: Vec<Option<Result<AnnexA>>>,
    mut skip: impl FnMut(&mut AnnexA, usize),
    mut again: impl FnMut(&mut AnnexA, usize) -> Result<()>,
) -> Result<()> {
    use rayon::prelude::*;
    let mut run: Vec<AnnexA> = Vec::new();
    let flush = |annex: &mut AnnexA, run: &mut Vec<AnnexA>| {
        if let Some(merged) = std::mem::take(run).into_par_iter().reduce_with(|mut a, b| {
            a.absorb(b);
            a
        }) {
            annex.absorb(merged);
        }
    };
    for (i, part) in partials.into_iter().enumerate() {
        match part {
            Some(Ok(part))
                if !part.lists_read.keys().any(|l| {
                    annex.lists_read.contains_key(l)
                        || run.iter().any(|r| r.lists_read.contains_key(l))
                }) =>
            {
                run.push(part)
            }
            None => {
                flush(annex, &mut run);
                skip(annex, i);
            }
            Some(_) => {
                flush(annex, &mut run);
                again(annex, i)?;
            }
        }
    }
    flush(annex, &mut run);
    Ok(())
}

fn read_workbook_into(annex: &mut AnnexA, path: &std::path::Path) -> Result<()> {
    use calamine::{Reader, open_workbook_auto};
    let file = path.display().to_string();
    // A file that cannot be opened is an io failure (exit status 1), not a
    // file that is not a workbook (status 2).
    std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
    // An .xlsx (or .xlsm) is read from its XML by our own scanner; should
    // its parts not be found that way, calamine reads it, as it reads
    // every other kind of workbook.
    let open_xml = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("xlsx") || x.eq_ignore_ascii_case("xlsm"));
    if open_xml && let Ok(mut wb) = xlsx::Workbook::open(path) {
        let sheets = Arc::clone(&wb.sheets);
        // The largest sheet XML first (the time goes on its bytes).
        let sizes: Vec<u64> = (0..sheets.len()).map(|i| wb.size(i)).collect();
        let mut order: Vec<usize> = (0..sheets.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(sizes.get(i).copied().unwrap_or(0)));
        return read_sheets(
            annex,
            wb.clone_handle(path),
            &mut wb,
            &order,
            |annex, wb, i| read_xml_sheet(annex, wb, &file, i),
        );
    }
    let mut wb = open_workbook_auto(path).map_err(|e| {
        Error::not_input(
            file.clone(),
            format!("not a workbook calamine can open (xlsx, xlsm, xlsb, xls, ods): {e}"),
        )
    })?;
    let sheets = wb.sheet_names().to_vec();
    let mut order: Vec<usize> = (0..sheets.len()).collect();
    if let calamine::Sheets::Xlsx(x) = &mut wb {
        let cells: Vec<u64> = sheets
            .iter()
            .map(|s| {
                x.worksheet_cells_reader(s)
                    .map_or(0, |r| r.dimensions().len())
            })
            .collect();
        order.sort_by_key(|&i| std::cmp::Reverse(cells.get(i).copied().unwrap_or(0)));
    }
    let second = || open_workbook_auto(path).ok();
    read_sheets(
        annex,
        second,
        &mut wb,
        &order,
        |annex, wb, i| match sheets.get(i) {
            Some(sheet) => read_sheet(annex, wb, &file, sheet),
            None => Ok(()),
        },
    )
}

/// Reads a workbook's sheets, each into its own partial reading, on every
/// core: a second handle on the workbook (from `second`) lets two sheets be
/// read at once; sheets are taken by whichever handle is free in `order`
/// (the largest first, so that the two finish together), and the partials
/// merged in sheet order. Should the second handle not open, the first
/// reads every sheet.
fn read_sheets<W: Send>(
    annex: &mut AnnexA,
    second: impl FnOnce() -> Option<W> + Send,
    first: &mut W,
    order: &[usize],
    read: impl Fn(&mut AnnexA, &mut W, usize) -> Result<()> + Sync,
) -> Result<()> {
    let proto = annex.empty_like();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = |wb: &mut W| {
        let mut out = Vec::new();
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&i) = order.get(k) else { break };
            let mut part = proto.empty_like();
            let done = read(&mut part, wb, i).map(|()| part);
            out.push((i, done));
        }
        out
    };
    let (mut done, more) = if rayon::current_num_threads() > 1 && order.len() > 1 {
        rayon::join(
            || work(first),
            || second().map(|mut wb| work(&mut wb)).unwrap_or_default(),
        )
    } else {
        (work(first), Vec::new())
    };
    done.extend(more);
    done.sort_by_key(|(i, _)| *i);
    let partials = done.into_iter().map(|(_, r)| Some(r)).collect();
    merge_in_order(annex, partials, |_, _| {}, |annex, i| read(annex, first, i))
}

/// Reads sheet `i` of an `.xlsx` read from its XML into `annex`.
fn read_xml_sheet(annex: &mut AnnexA, wb: &mut xlsx::Workbook, file: &str, i: usize) -> Result<()> {
    let sheets = Arc::clone(&wb.sheets);
    let Some(sheet) = sheets.get(i) else {
        return Ok(());
    };
    let source = format!("{file} [{}]", sheet.name);
    let none = std::iter::empty::<Result<(usize, csv::StringRecord)>>();
    if !sheet.cells {
        // A chart or dialog sheet: a sheet with no cells.
        return annex.read_stream(&source, &sheet.name, Vec::new(), none, 0);
    }
    let about = wb.declared_rows(i);
    let mut rows = match wb.rows(i) {
        Ok(rows) => rows,
        Err(e) => {
            annex.note_unreadable(&source, &e);
            return Ok(());
        }
    };
    let head: Vec<_> = rows.by_ref().take(10).collect();
    annex.read_stream(&source, &sheet.name, head, rows.by_ref().map(Ok), about)?;
    // XML that breaks off: the rows before are read, the rest reported.
    match rows.failed.take() {
        Some((0, why)) => annex.note_unreadable(&source, &why),
        Some((row, why)) => {
            let kind =
                format!("read only to row {row}: the sheet's XML cannot be read after it ({why})");
            annex.note(&source, &kind, 0, Vec::new(), None);
        }
        None => {}
    }
    Ok(())
}

/// A workbook as calamine opens it from a file.
type Workbook = calamine::Sheets<std::io::BufReader<std::fs::File>>;

/// Reads one sheet of a workbook into `annex`. An `.xlsx` sheet's shared
/// strings are read where the workbook holds them (not copied per cell).
fn read_sheet(annex: &mut AnnexA, wb: &mut Workbook, file: &str, sheet: &str) -> Result<()> {
    use calamine::{Reader, ReaderRef};
    let source = format!("{file} [{sheet}]");
    // A chart sheet or one calamine cannot read: say so, go on.
    match wb {
        calamine::Sheets::Xlsx(x) => match x.worksheet_range_ref(sheet) {
            Ok(range) => return read_range(annex, &source, sheet, &range),
            Err(e) => annex.note_unreadable(&source, &e),
        },
        _ => match wb.worksheet_range(sheet) {
            Ok(range) => return read_range(annex, &source, sheet, &range),
            Err(e) => annex.note_unreadable(&source, &e),
        },
    }
    Ok(())
}

/// A cell of a sheet as calamine reads it, owned or borrowed.
trait SheetCell: calamine::CellType {
    /// Its text, numbers formatted into `num`.
    fn text<'c>(&'c self, num: &'c mut String) -> &'c str;
}

/// A number as Annex A text: whole numbers without a point.
fn number_text(f: f64, num: &mut String) -> &str {
    use std::fmt::Write;
    num.clear();
    let _ = if f.fract() == 0.0 && f.abs() < 1e15 {
        write!(num, "{}", f as i64)
    } else {
        write!(num, "{f}")
    };
    num
}

fn int_text(i: i64, num: &mut String) -> &str {
    use std::fmt::Write;
    num.clear();
    let _ = write!(num, "{i}");
    num
}

impl SheetCell for calamine::Data {
    fn text<'c>(&'c self, num: &'c mut String) -> &'c str {
        use calamine::Data;
        match self {
            Data::Empty | Data::Error(_) => "",
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s,
            Data::Float(f) => number_text(*f, num),
            Data::Int(i) => int_text(*i, num),
            Data::Bool(true) => "Y",
            Data::Bool(false) => "N",
            // An Excel date as its serial day (what `parse_date` reads).
            Data::DateTime(d) => int_text(d.as_f64().floor() as i64, num),
        }
    }
}

impl SheetCell for calamine::DataRef<'_> {
    fn text<'c>(&'c self, num: &'c mut String) -> &'c str {
        use calamine::DataRef;
        match self {
            DataRef::Empty | DataRef::Error(_) => "",
            DataRef::SharedString(s) => s,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s,
            DataRef::Float(f) => number_text(*f, num),
            DataRef::Int(i) => int_text(*i, num),
            DataRef::Bool(true) => "Y",
            DataRef::Bool(false) => "N",
            DataRef::DateTime(d) => int_text(d.as_f64().floor() as i64, num),
        }
    }
}

/// Reads a sheet's cells: each row as one record (one buffer), its cells
/// as text, numbers formatted into a reused buffer.
fn read_range<T: SheetCell>(
    annex: &mut AnnexA,
    source: &str,
    sheet: &str,
    range: &calamine::Range<T>,
) -> Result<()> {
    let mut num = String::new();
    let start_row = range.start().map_or(0, |(r, _)| r as usize);
    let height = range.height();
    let mut rows = range.rows().enumerate().map(|(i, r)| {
        let mut rec = csv::StringRecord::with_capacity(64, r.len());
        for c in r {
            rec.push_field(c.text(&mut num));
        }
        Ok((start_row + i + 1, rec))
    });
    let mut head = Vec::with_capacity(10);
    for row in rows.by_ref().take(10) {
        head.push(row?);
    }
    annex.read_stream(source, sheet, head, rows, height)
}

/// One written list: file name, headings, rows of plain cells (dates as
/// dd/mm/yyyy, yes/no as Y/N, codes bare).
pub(crate) type WrittenList = (String, Vec<String>, Vec<Vec<String>>);

/// Writes lists 1–7 and 9 as CSV texts (file name, text) in the Ofsted
/// template's headings, from canonical events of one LA. Annex A carries
/// less than the canonical model: see the module documentation. (List 8 is
/// a snapshot of the current placement and cannot carry episode histories,
/// so it is not written.)
pub fn write_csv_lists(events: &Events) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (name, header, rows) in write_lists(events)? {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&header)
            .map_err(|e| Error::csv(&name, 1, None, e.to_string()))?;
        for r in rows {
            w.write_record(&r)
                .map_err(|e| Error::csv(&name, 0, None, e.to_string()))?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| Error::csv(&name, 0, None, e.to_string()))?;
        out.push((name, String::from_utf8_lossy(&bytes).to_string()));
    }
    Ok(out)
}

/// The lists [`write_csv_lists`] writes, as headings and rows.
pub(crate) fn write_lists(events: &Events) -> Result<Vec<WrittenList>> {
    let dob: HashMap<&str, &Child> = events.children.iter().map(|c| (&*c.child_id, c)).collect();
    let fmt = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    };
    let yn = |b: Option<bool>| match b {
        Some(true) => "Y",
        Some(false) => "N",
        None => "",
    };
    let common = |id: &str| -> Vec<String> {
        let c = dob.get(id);
        vec![
            id.to_string(),
            c.and_then(|c| c.sex.clone())
                .unwrap_or_default()
                .to_string(),
            c.and_then(|c| c.ethnicity.clone())
                .unwrap_or_default()
                .to_string(),
            fmt(c.and_then(|c| c.date_of_birth)),
            String::new(),
        ]
    };
    let head = [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
    ];
    let mut out: Vec<WrittenList> = Vec::new();
    let mut emit = |name: &str, extra: &[&str], rows: Vec<Vec<String>>| -> Result<()> {
        let header: Vec<String> = head
            .iter()
            .chain(extra.iter())
            .map(|h| h.to_string())
            .collect();
        out.push((name.to_string(), header, rows));
        Ok(())
    };
    let with = |id: &str, rest: Vec<String>| {
        let mut v = common(id);
        v.extend(rest);
        v
    };
    // Allocated Team and Allocated Worker: the child's current allocation
    // (the latest begun; one with no start is the current one as given).
    let mut current: HashMap<&str, &TeamAllocation> = HashMap::new();
    for t in &events.team_allocations {
        let later = |known: &TeamAllocation| match (known.start, t.start) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) => b >= a,
        };
        if current.get(&*t.child_id).is_none_or(|k| later(k)) {
            current.insert(&t.child_id, t);
        }
    }
    let with_team = |id: &str, rest: Vec<String>| {
        let mut v = with(id, rest);
        let t = current.get(id);
        for part in [
            t.and_then(|t| t.team.as_deref()),
            t.and_then(|t| t.worker.as_deref()),
        ] {
            v.push(part.unwrap_or_default().to_string());
        }
        v
    };
    emit(
        "List_1_Contacts.csv",
        &["Date of Contact", "Contact Source"],
        events
            .contacts
            .iter()
            .map(|c| {
                with(
                    &c.child_id,
                    vec![
                        fmt(Some(c.date)),
                        c.source.clone().unwrap_or_default().to_string(),
                    ],
                )
            })
            .collect(),
    )?;
    emit(
        "List_2_Early_Help.csv",
        &[
            "Assessment start date",
            "Assessment completion date",
            "Organisation completing assessment",
        ],
        events
            .early_help_assessments
            .iter()
            .map(|a| {
                with(
                    &a.child_id,
                    vec![fmt(Some(a.start)), fmt(a.completed), String::new()],
                )
            })
            .collect(),
    )?;
    emit(
        "List_3_Referrals.csv",
        &[
            "Date of referral",
            "Referral Source",
            "Referral NFA?",
            "Number of Referrals in Last 12 Months",
            "Allocated Team",
            "Allocated Worker",
        ],
        events
            .referrals
            .iter()
            .map(|r| {
                with_team(
                    &r.child_id,
                    vec![
                        fmt(Some(r.date)),
                        r.source.clone().unwrap_or_default().to_string(),
                        yn(r.nfa).into(),
                        String::new(),
                    ],
                )
            })
            .collect(),
    )?;
    emit(
        "List_4_Assessments.csv",
        &[
            "Does the Child have a Disability",
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?",
            "Allocated Team",
            "Allocated Worker",
        ],
        events
            .assessments
            .iter()
            .map(|a| {
                let needs = a.outcome.map(|o| o == AssessmentOutcome::ChildInNeed);
                with_team(
                    &a.child_id,
                    vec![
                        String::new(),
                        fmt(Some(a.start)),
                        String::new(),
                        fmt(a.authorised),
                        yn(needs).into(),
                    ],
                )
            })
            .collect(),
    )?;
    // List 5: one row per section 47, with its ICPC when there is one.
    let icpc_by: HashMap<(&str, NaiveDate), &Icpc> = events
        .icpcs
        .iter()
        .filter_map(|c| Some(((&*c.child_id, c.s47_start?), c)))
        .collect();
    emit(
        "List_5_Section_47.csv",
        &[
            "Does the Child have a Disability",
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months",
            "Allocated Team",
            "Allocated Worker",
        ],
        events
            .section47s
            .iter()
            .map(|s| {
                let icpc = icpc_by.get(&(&*s.child_id, s.start));
                let unnecessary = match (icpc, s.icpc_required) {
                    (Some(_), _) => Some(false),
                    (None, Some(false)) => Some(true),
                    _ => None,
                };
                with_team(
                    &s.child_id,
                    vec![
                        String::new(),
                        fmt(Some(s.start)),
                        yn(unnecessary).into(),
                        fmt(icpc.map(|c| c.date)),
                        yn(icpc.and_then(|c| c.plan_made)).into(),
                        String::new(),
                        String::new(),
                    ],
                )
            })
            .collect(),
    )?;
    emit(
        "List_6_Children_in_Need.csv",
        &[
            "Does the Child have a Disability",
            "CIN Start Date",
            "Primary Need Code",
            "Date Child Was Last Seen",
            "CIN Closure Date",
            "Reason for Closure",
            "Case Status",
            "Allocated Team",
            "Allocated Worker",
        ],
        events
            .cin_episodes
            .iter()
            .map(|e| {
                with_team(
                    &e.child_id,
                    vec![
                        String::new(),
                        fmt(Some(e.start)),
                        String::new(),
                        String::new(),
                        fmt(e.end),
                        e.closure_reason.clone().unwrap_or_default().to_string(),
                        String::new(),
                    ],
                )
            })
            .collect(),
    )?;
    emit(
        "List_7_Child_Protection.csv",
        &[
            "Does the Child have a Disability",
            "Child Protection Plan Start Date",
            "Initial Category of Abuse",
            "Latest Category of Abuse",
            "Date of the Last Statutory Visit",
            "Was the Child Seen Alone?",
            "Date of latest review conference",
            "Child Protection Plan End Date",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
            "Number of Previous Child Protection Plans",
            "Allocated Team",
            "Allocated Worker",
        ],
        events
            .cp_plans
            .iter()
            .map(|p| {
                with_team(
                    &p.child_id,
                    vec![
                        String::new(),
                        fmt(Some(p.start)),
                        p.initial_category.clone().unwrap_or_default().to_string(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        fmt(p.end),
                        String::new(),
                        p.previous_plans.map(|n| n.to_string()).unwrap_or_default(),
                    ],
                )
            })
            .collect(),
    )?;
    // List 9: one row per care leaver, with their latest contact and review.
    let mut latest: BTreeMap<&str, (Option<&CareLeaverContact>, Option<NaiveDate>)> =
        BTreeMap::new();
    for c in &events.care_leaver_contacts {
        let e = latest.entry(&*c.child_id).or_default();
        if e.0.is_none_or(|p| c.date >= p.date) {
            e.0 = Some(c);
        }
    }
    for r in &events.pathway_plan_reviews {
        let e = latest.entry(&*r.child_id).or_default();
        e.1 = e.1.max(Some(r.date));
    }
    emit(
        "List_9_Care_Leavers.csv",
        &[
            "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
            "Does the Child have a Disability",
            "Allocated Team",
            "Allocated Worker",
            "Allocated Personal Advisor",
            "Eligibility Category",
            "Latest Pathway Plan Review Date",
            "LA in Touch",
            "Latest Date of Contact",
            "Type of Accommodation",
            "Suitability of Accommodation",
            "Activity Status",
        ],
        latest
            .iter()
            .filter(|(_, (c, _))| c.is_some())
            .map(|(id, (c, review))| {
                let suit = c
                    .and_then(|c| c.accommodation_suitable)
                    .map(|s| if s { "Suitable" } else { "Unsuitable" })
                    .unwrap_or_default();
                with(
                    id,
                    vec![
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        fmt(*review),
                        yn(c.and_then(|c| c.in_touch)).into(),
                        fmt(c.map(|c| c.date)),
                        String::new(),
                        suit.into(),
                        c.and_then(|c| c.activity.clone())
                            .unwrap_or_default()
                            .to_string(),
                    ],
                )
            })
            .collect(),
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(id: &str, dob: Option<u32>, sex: Option<&str>) -> Child {
        Child {
            la: "X".into(),
            child_id: id.into(),
            date_of_birth: dob.and_then(|d| NaiveDate::from_ymd_opt(2010, 1, d)),
            sex: sex.map(Into::into),
            ethnicity: None,
            disability: None,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, d).unwrap_or_default()
    }

    /// Entries of the same children from two readings, folded in reading
    /// order, give what reading the rows one at a time gives: a child's
    /// details from the earlier reading with its blanks filled from the
    /// later; the allocation from the later-dated row, the later reading's
    /// on a tie; one entry per child, in id order, whichever reading is
    /// the larger.
    #[test]
    fn folding_entries_is_reading_in_order() {
        let known = |id: &str, dob, sex, team: Option<(u32, &str)>| Known {
            child: child(id, dob, sex),
            team: team.map(|(d, t)| (day(d), Some(t.into()), None)),
        };
        for pad_earlier in [true, false] {
            let pad: Vec<Known> = (0..5)
                .map(|i| known(&format!("P{i}"), None, None, Some((1, "T0"))))
                .collect();
            let mut earlier = vec![
                // A: the later reading's row is dated earlier -> T1 stays.
                known("A", Some(1), None, Some((5, "T1"))),
                // B: a tie -> the later reading's team.
                known("B", None, None, Some((5, "T1"))),
            ];
            let mut later = vec![
                known("B", None, None, Some((5, "T2"))),
                known("A", Some(2), Some("F"), Some((4, "T2"))),
            ];
            if pad_earlier {
                earlier.extend(pad);
            } else {
                later.extend(pad);
            }
            // As two stretches of reading, and as one.
            let apart = fold_known(vec![earlier.clone(), later.clone()]);
            earlier.extend(later);
            for out in [apart, fold_known(vec![earlier.clone()])] {
                let ids: Vec<&str> = out.iter().map(|k| &*k.child.child_id).collect();
                assert_eq!(ids, ["A", "B", "P0", "P1", "P2", "P3", "P4"]);
                let a = &out[0];
                // Earlier's date of birth (1 Jan) kept; sex filled from later.
                assert_eq!(a.child.date_of_birth, NaiveDate::from_ymd_opt(2010, 1, 1));
                assert_eq!(a.child.sex.as_deref(), Some("F"));
                let team = |k: &Known| k.team.clone().and_then(|t| t.1);
                assert_eq!(team(a).as_deref(), Some("T1"), "pad_earlier {pad_earlier}");
                assert_eq!(
                    team(&out[1]).as_deref(),
                    Some("T2"),
                    "pad_earlier {pad_earlier}"
                );
            }
        }
    }
    /// Every numbered key names a column of the built-in specification, and
    /// a coded one has its value map: a key spelt wrong would find no column
    /// and its cells would never be read.
    #[test]
    fn every_numbered_key_is_a_column() {
        let spec = Spec::builtin().unwrap_or_else(|_| Spec::empty());
        for k in key::NAMES {
            assert!(spec.column_by_key(k).is_some(), "{k} is not a column key");
        }
        let coded = |k: Key| {
            spec.column_by_key(key::NAMES[k.0])
                .is_some_and(|c| c.values.is_some())
        };
        for k in [
            key::GENDER,
            key::ETHNICITY,
            key::DISABILITY,
            key::REFERRAL_NFA,
            key::CLA_LEGAL_STATUS,
        ] {
            assert!(coded(k), "{} has no value map", key::NAMES[k.0]);
        }
        // And a file's columns are found by them: Date of Birth is the fourth
        // heading, so `dob` is at position 3.
        let headers: Vec<String> = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth"]
            .map(String::from)
            .to_vec();
        let cols = Cols::new(&spec, &headers);
        assert_eq!(cols.at(key::DOB).0, Some(3));
        assert!(cols.at(key::GENDER).1.is_some());
        assert_eq!(cols.at(key::CIN_END), (None, None));
    }

    /// A merge keeps reading order: our earlier stretches, our current
    /// one, then the other reading's earlier stretches and its current one.
    /// Child X has four rows all dated 5 January, one per stretch, teams
    /// T0 to T3 in reading order; on a tie the later-read team wins, so
    /// folding gives T3 and, with the other reading's current stretch
    /// empty, T2 (placing ours after theirs would give T1).
    #[test]
    fn a_merge_keeps_reading_order() {
        let known = |t: &str| Known {
            child: child("X", None, None),
            team: Some((day(5), Some(t.into()), None)),
        };
        for theirs_current in [true, false] {
            let mut ours = AnnexA::new("E08000008");
            ours.earlier = vec![vec![known("T0")]];
            ours.children = vec![known("T1")];
            let mut theirs = ours.empty_like();
            theirs.earlier = vec![vec![known("T2")]];
            if theirs_current {
                theirs.children = vec![known("T3")];
            }
            ours.absorb(theirs);
            let read = ours.finish();
            let teams: Vec<Option<&str>> = read
                .events
                .team_allocations
                .iter()
                .map(|a| a.team.as_deref())
                .collect();
            let want = if theirs_current { "T3" } else { "T2" };
            assert_eq!(teams, [Some(want)], "theirs_current {theirs_current}");
        }
    }
}
