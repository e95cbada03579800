//! # Frames: the engine's working form of the events
//!
//! The engine does not compute on [`Events`] (one record per row, with the
//! LA and child id as text in every row). It first builds a [`Frame`]: the
//! valid rows of each LA, table by table, each row compact and `Copy`-cheap:
//!
//! * the LA is the frame's key, not a field;
//! * the child is a `u32`, an index into the LA's `names`
//!   (interned once per LA, in order of first appearance: the children
//!   table first, then the tables in the order of [`Events`]), so per-child
//!   work indexes dense vectors instead of hashing text;
//! * every other field is the record's own (dates are 4-byte
//!   `NaiveDate`s, enumerations one byte), except text codes (a source, a
//!   placement, a team, a worker id): a `Code`, a 4-byte number into the
//!   frame's one table of code texts (`LaFrame::code` gives the text).
//!
//! Building a frame is where rows are validated (V01–V04, V06, V11–V14)
//! and counted: a row is either kept or counted as excluded with its
//! reason. Each LA's rows keep the order of the input, so "the first row
//! wins" rules (a child's date of birth) and the drill-down's order are
//! those of the files.
//!
//! Two ways build one: [`Frame::from_events`] from records (every reader,
//! and a council system's own events), and `Builder` directly from
//! columns (the Parquet reader), which never makes a record.
//!
//! Invariants: every kept row's `child` is `< names.len()`; a table's rows
//! are in input order; the tables' quality (read = used + excluded) is
//! complete for all 25 tables, supplied or not.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use crate::events::{
    self, AssessmentOutcome, ContactOutcome, EarlyHelpEndReason, Events, HealthCheckKind,
    StrategyOutcome,
};
use crate::hashing::{Map, Set};
use crate::quality::{DataQuality, TableQuality};

/// A text code of a row (a referral's source, a placement, a team, a
/// worker id, ...) as a number: the text is held once, in the frame's code
/// table, and a row holds 4 bytes (an optional code too) instead of a
/// 16-byte shared text. Within a frame, equal texts have equal codes, so
/// comparing codes is comparing texts (V06's "the same row twice" among
/// them). The numbers are given in whatever order the reader's threads
/// meet the texts: they mean nothing else, and nothing is ordered by them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Code(std::num::NonZeroU32);

/// The frame's code table while it is built: shared by every reader thread
/// (each through its own [`CodeCache`], so the lock is taken once per
/// distinct text per cache, not per row).
#[derive(Debug, Default)]
pub(crate) struct Codes(std::sync::Mutex<CodeTable>);

#[derive(Debug, Default)]
struct CodeTable {
    ids: Map<Arc<str>, Code>,
    texts: Vec<Arc<str>>,
}

impl Codes {
    /// The code of `text`, given a new number the first time.
    fn intern(&self, text: &str) -> Code {
        let mut t = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(&c) = t.ids.get(text) {
            return c;
        }
        let n = u32::try_from(t.texts.len()).unwrap_or(u32::MAX);
        let c = Code(std::num::NonZeroU32::MIN.saturating_add(n));
        let text: Arc<str> = text.into();
        t.texts.push(text.clone());
        t.ids.insert(text, c);
        c
    }

    /// The texts, by code.
    fn into_texts(self) -> Arc<[Arc<str>]> {
        let t = self
            .0
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        t.texts.into()
    }
}

/// One thread's view of [`Codes`]: texts it has met are coded without the
/// lock, and a run of equal texts (the usual case) without a look-up.
pub(crate) struct CodeCache<'c, 's> {
    codes: &'c Codes,
    seen: Map<&'s str, Code>,
    last: Option<(&'s str, Code)>,
}

impl<'c, 's> CodeCache<'c, 's> {
    /// A cache over `codes`.
    pub fn new(codes: &'c Codes) -> Self {
        CodeCache {
            codes,
            seen: Map::default(),
            last: None,
        }
    }

    /// The code of `text`.
    pub fn code(&mut self, text: &'s str) -> Code {
        if let Some((t, c)) = self.last
            && t == text
        {
            return c;
        }
        let c = match self.seen.get(text) {
            Some(&c) => c,
            None => {
                let c = self.codes.intern(text);
                self.seen.insert(text, c);
                c
            }
        };
        self.last = Some((text, c));
        c
    }
}

/// A record's field as its compact row holds it: the same value, or a
/// text as its [`Code`].
pub(crate) trait ToRow<'s, T> {
    /// The row's value.
    fn to_row(&'s self, codes: &mut CodeCache<'_, 's>) -> T;
}

impl<'s, T: Clone> ToRow<'s, T> for T {
    fn to_row(&'s self, _: &mut CodeCache<'_, 's>) -> T {
        self.clone()
    }
}

impl<'s> ToRow<'s, Code> for Arc<str> {
    fn to_row(&'s self, codes: &mut CodeCache<'_, 's>) -> Code {
        codes.code(self)
    }
}

impl<'s> ToRow<'s, Option<Code>> for Option<Arc<str>> {
    fn to_row(&'s self, codes: &mut CodeCache<'_, 's>) -> Option<Code> {
        self.as_deref().map(|t| codes.code(t))
    }
}

/// A record of [`Events`] and its compact row in a frame.
pub(crate) trait Compact: Sync {
    /// The compact row.
    type Row: Clone + Eq + std::hash::Hash + Send + Sync;
    /// The record's LA.
    fn la(&self) -> &str;
    /// The record's child id.
    fn child_id(&self) -> &str;
    /// The row, its child still to be set, its texts coded by `codes`.
    fn compact<'s>(&'s self, codes: &mut CodeCache<'_, 's>) -> Self::Row;
}

/// Sets a row's child.
pub(crate) trait HasChild {
    /// Sets it.
    fn set_child(&mut self, child: u32);
}

/// The compact rows, one type per record type of [`crate::events`], with
/// the same field names (`child` for `la` and `child_id`).
pub(crate) mod rows {
    use super::*;

    macro_rules! rows {
        ($( $rec:ident { $($f:ident : $t:ty),* $(,)? } )*) => {
            $(
                #[doc = concat!("A compact [`events::", stringify!($rec), "`].")]
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                pub(crate) struct $rec {
                    /// The child, an index into the LA's names.
                    pub child: u32,
                    $( #[allow(missing_docs)] pub $f: $t, )*
                }
                impl Compact for events::$rec {
                    type Row = $rec;
                    fn la(&self) -> &str {
                        &self.la
                    }
                    fn child_id(&self) -> &str {
                        &self.child_id
                    }
                    fn compact<'s>(&'s self, codes: &mut CodeCache<'_, 's>) -> $rec {
                        $rec { child: 0, $( $f: self.$f.to_row(codes), )* }
                    }
                }
                impl HasChild for $rec {
                    fn set_child(&mut self, child: u32) {
                        self.child = child;
                    }
                }
            )*
        };
    }

    rows! {
        Child { date_of_birth: Option<NaiveDate>, sex: Option<Code>, ethnicity: Option<Code>, disability: Option<bool> }
        Contact { date: NaiveDate, source: Option<Code>, outcome: Option<ContactOutcome>, outcome_date: Option<NaiveDate> }
        MashContact { received: NaiveDateTime, screening_completed: Option<NaiveDateTime>, ended_before_screening: bool, outcome: Option<ContactOutcome> }
        EarlyHelpEpisode { start: NaiveDate, end: Option<NaiveDate>, end_reason: Option<EarlyHelpEndReason> }
        EarlyHelpAssessment { start: NaiveDate, completed: Option<NaiveDate> }
        Referral { date: NaiveDate, source: Option<Code>, nfa: Option<bool>, decision_date: Option<NaiveDate> }
        Assessment { start: NaiveDate, authorised: Option<NaiveDate>, outcome: Option<AssessmentOutcome> }
        StrategyDiscussion { date: NaiveDate, outcome: Option<StrategyOutcome>, police_attended: Option<bool>, health_attended: Option<bool>, education_attended: Option<bool> }
        Section47 { start: NaiveDate, icpc_required: Option<bool> }
        Icpc { date: NaiveDate, s47_start: Option<NaiveDate>, plan_made: Option<bool>, police_attended: Option<bool>, health_attended: Option<bool>, education_attended: Option<bool> }
        CinEpisode { start: NaiveDate, end: Option<NaiveDate>, closure_reason: Option<Code> }
        CinPlan { start: NaiveDate, end: Option<NaiveDate> }
        CpPlan { start: NaiveDate, end: Option<NaiveDate>, initial_category: Option<Code>, previous_plans: Option<u32> }
        Visit { date: NaiveDate }
        Review { due: NaiveDate, held: Option<NaiveDate> }
        ClaEpisode { start: NaiveDate, end: Option<NaiveDate>, rne: Option<Code>, legal_status: Option<Code>, placement: Option<Code>, provider: Option<Code>, reason_ceased: Option<Code> }
        HealthCheck { date: NaiveDate, kind: HealthCheckKind }
        MissingEpisode { start: NaiveDate, end: Option<NaiveDate>, rhi_offered: Option<NaiveDate>, rhi_completed: Option<NaiveDate> }
        Allocation { worker_id: Code, start: NaiveDate, end: Option<NaiveDate> }
        TeamAllocation { team: Option<Code>, worker: Option<Code>, start: Option<NaiveDate>, end: Option<NaiveDate> }
        CareLeaverContact { date: NaiveDate, in_touch: Option<bool>, activity: Option<Code>, accommodation_suitable: Option<bool> }
    }
}

/// Declares [`LaFrame`]'s tables with their row types and validity checks,
/// in the order of [`Events`].
macro_rules! frame_tables {
    ($m:ident) => {
        $m! {
            (children, "children", Child, ok),
            (contacts, "contacts", Contact, ok),
            (mash_contacts, "mash_contacts", MashContact, |r: &rows::MashContact| match r.screening_completed {
                Some(c) if c < r.received => Err("V13: screening completed before the contact was received"),
                _ => Ok(()),
            }),
            (early_help_episodes, "early_help_episodes", EarlyHelpEpisode, |r: &rows::EarlyHelpEpisode| interval(r.start, r.end)),
            (early_help_assessments, "early_help_assessments", EarlyHelpAssessment, |r: &rows::EarlyHelpAssessment| match r.completed {
                Some(c) if c < r.start => Err("V14: completed before start"),
                _ => Ok(()),
            }),
            (referrals, "referrals", Referral, |r: &rows::Referral| match r.decision_date {
                Some(d) if d < r.date => Err("V12: decision before referral"),
                _ => Ok(()),
            }),
            (assessments, "assessments", Assessment, |r: &rows::Assessment| match r.authorised {
                Some(a) if a < r.start => Err("V04: authorised before start"),
                _ => Ok(()),
            }),
            (strategy_discussions, "strategy_discussions", StrategyDiscussion, ok),
            (section47s, "section47s", Section47, ok),
            (icpcs, "icpcs", Icpc, |r: &rows::Icpc| match r.s47_start {
                Some(s) if s > r.date => Err("V11: conference before its section 47 start"),
                _ => Ok(()),
            }),
            (cin_episodes, "cin_episodes", CinEpisode, |r: &rows::CinEpisode| interval(r.start, r.end)),
            (cin_plans, "cin_plans", CinPlan, |r: &rows::CinPlan| interval(r.start, r.end)),
            (cin_reviews, "cin_reviews", Review, ok),
            (cp_plans, "cp_plans", CpPlan, |r: &rows::CpPlan| interval(r.start, r.end)),
            (cp_visits, "cp_visits", Visit, ok),
            (cp_reviews, "cp_reviews", Review, ok),
            (cla_episodes, "cla_episodes", ClaEpisode, |r: &rows::ClaEpisode| interval(r.start, r.end)),
            (cla_visits, "cla_visits", Visit, ok),
            (cla_reviews, "cla_reviews", Review, ok),
            (health_checks, "health_checks", HealthCheck, ok),
            (missing_episodes, "missing_episodes", MissingEpisode, |r: &rows::MissingEpisode| interval(r.start, r.end)),
            (allocations, "social_worker_allocations", Allocation, |r: &rows::Allocation| interval(r.start, r.end)),
            (care_leaver_contacts, "care_leaver_contacts", CareLeaverContact, ok),
            (pathway_plan_reviews, "pathway_plan_reviews", Visit, ok),
            (team_allocations, "team_allocations", TeamAllocation, |r: &rows::TeamAllocation| match (r.start, r.end) {
                (Some(s), Some(e)) if e < s => Err("V03: end before start"),
                _ => Ok(()),
            }),
        }
    };
}

/// Validates one table of one LA where it is: a row seen before (V06) or
/// failing `check` is removed and counted by reason; the rest keep their
/// order. Gives the rows kept and the removed by reason.
fn validate<R: Eq + std::hash::Hash>(
    rows: &mut Vec<R>,
    check: impl Fn(&R) -> Result<(), &'static str>,
) -> (u64, BTreeMap<&'static str, u64>) {
    let mut excluded: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut keep = Vec::with_capacity(rows.len());
    {
        let mut seen: Set<&R> = Set::default();
        seen.reserve(rows.len());
        for row in rows.iter() {
            let verdict = if !seen.insert(row) {
                Err("V06: the same row twice")
            } else {
                check(row)
            };
            match verdict {
                Ok(()) => keep.push(true),
                Err(reason) => {
                    keep.push(false);
                    *excluded.entry(reason).or_default() += 1;
                }
            }
        }
    }
    if !excluded.is_empty() {
        let mut k = keep.iter();
        rows.retain(|_| k.next().copied().unwrap_or(false));
    }
    (rows.len() as u64, excluded)
}

fn interval(start: NaiveDate, end: Option<NaiveDate>) -> Result<(), &'static str> {
    match end {
        Some(e) if e < start => Err("V03: end before start"),
        _ => Ok(()),
    }
}

fn ok<T>(_: &T) -> Result<(), &'static str> {
    Ok(())
}

macro_rules! declare_la_frame {
    ($(($field:ident, $name:literal, $row:ident, $check:expr)),* $(,)?) => {
        /// One LA's valid rows, table by table, and its children's ids.
        #[derive(Debug, Default, Clone)]
        pub(crate) struct LaFrame {
            /// Child ids as the source holds them; a row's `child` indexes
            /// this.
            pub names: Names,
            /// The frame's code texts (shared by every LA), by [`Code`].
            pub codes: Arc<[Arc<str>]>,
            $(
                #[doc = concat!("The valid rows of `", $name, "`.")]
                pub $field: Vec<rows::$row>,
            )*
        }

        impl Frame {
            /// Builds the frame of `events`: every row validated and
            /// either kept (in its LA, in input order) or counted as
            /// excluded with its reason (in [`Frame::quality`]); then each
            /// LA's warnings. Tables are split in parallel and each table's
            /// LAs are validated in parallel.
            ///
            /// ```
            /// use scorecard_compute::{Events, Frame, events::Referral};
            /// let mut events = Events::default();
            /// for child in ["1", "1", ""] {
            ///     events.referrals.push(Referral { la: "LA".into(), child_id: child.into(),
            ///         date: "2024-01-05".parse().unwrap(), source: None, nfa: None, decision_date: None });
            /// }
            /// let frame = Frame::from_events(&events);
            /// // The second row repeats the first (V06); the third has no child (V02).
            /// assert_eq!(frame.len(), 1);
            /// assert_eq!(frame.quality().excluded("referrals", "V02: no child id"), 1);
            /// ```
            pub fn from_events(events: &Events) -> Frame {
                let mut builder = Builder::default();
                let shared = builder.codes();
                let codes = &*shared;
                $( let mut $field = None; )*
                rayon::scope(|scope| {
                    $(
                        let slot = &mut $field;
                        scope.spawn(move |_| *slot = Some(split(&events.$field, codes)));
                    )*
                });
                // The builder's table is the codes' only owner again.
                drop(shared);
                $(
                    if let Some((read, excluded, by_la)) = $field {
                        builder.$field(read, excluded, by_la);
                    }
                )*
                builder.finish()
            }
        }

        impl LaFrame {
            /// How many valid rows it holds.
            pub fn len(&self) -> usize {
                0 $( + self.$field.len() )*
            }
        }

        impl Builder {
            $(
                #[doc = concat!("Adds the rows of `", $name, "` (see [`Builder::add`]).")]
                pub fn $field(
                    &mut self,
                    read: u64,
                    excluded: BTreeMap<&'static str, u64>,
                    by_la: ByLa<'_, rows::$row>,
                ) {
                    self.add($name, read, excluded, by_la, |f| &mut f.$field);
                }
            )*
        }

        impl LaFrame {
            /// Validates every table where it is (the table's own rules
            /// and V06): a row that fails is removed, the rest keep their
            /// order. Gives each table's rows kept and the rows removed
            /// by reason. Tables are validated in parallel (an LA's
            /// largest tables hold most of its rows: one LA alone still
            /// uses every core).
            fn validate(&mut self) -> Vec<(&'static str, u64, BTreeMap<&'static str, u64>)> {
                $( let mut $field = ($name, 0, BTreeMap::new()); )*
                rayon::scope(|scope| {
                    $(
                        let rows = &mut self.$field;
                        let slot = &mut $field;
                        if !rows.is_empty() {
                            scope.spawn(move |_| {
                                let (used, excluded) = validate(rows, $check);
                                *slot = ($name, used, excluded);
                            });
                        }
                    )*
                });
                vec![$( $field ),*]
            }
        }
    };
}
frame_tables!(declare_la_frame);
// Used by the Parquet reader (the `io` feature).
#[cfg_attr(not(feature = "io"), allow(unused_imports))]
pub(crate) use frame_tables;

/// The events as the engine computes on them: each LA's valid rows, table
/// by table, compact (see the [module](self)), with the account of every
/// row read. Build one with [`Frame::from_events`] or
/// [`crate::readers::parquet::read_frame`]; compute with
/// [`crate::engine::compute_frame`].
#[derive(Debug, Default, Clone)]
pub struct Frame {
    /// By LA, in order of the LA's name.
    pub(crate) las: BTreeMap<Arc<str>, LaFrame>,
    /// Rows read, used and excluded per table, and the warnings.
    pub(crate) quality: DataQuality,
}

impl Frame {
    /// How many valid rows it holds (all tables, all LAs).
    pub fn len(&self) -> usize {
        self.las.values().map(LaFrame::len).sum()
    }

    /// Does it hold no valid row?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many rows were read (valid or not, all tables).
    pub fn rows_read(&self) -> u64 {
        self.quality.tables.values().map(|t| t.read).sum()
    }

    /// The LAs it holds, in order.
    pub fn las(&self) -> impl Iterator<Item = &str> {
        self.las.keys().map(|la| &**la)
    }

    /// The account of its rows: read, used and excluded per table, with
    /// reasons, and the rows kept with a warning.
    pub fn quality(&self) -> &DataQuality {
        &self.quality
    }

    /// What it supplies: every table with at least one row read, from
    /// `"the events given"` (as [`crate::Coverage::infer`] for events).
    pub fn coverage(&self) -> crate::Coverage {
        crate::Coverage::of_rows(
            self.quality
                .tables
                .iter()
                .map(|(t, q)| (t.as_str(), q.read)),
        )
    }
}

/// An LA's child ids by child number, in one buffer of text with where
/// each id ends: no allocation per child (at england's scale, 25 million
/// children), and the ids in the order they were numbered.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Names {
    text: String,
    ends: Vec<usize>,
}

impl Names {
    /// How many children.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The id of child `i`.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(p) => *self.ends.get(p)?,
            None => 0,
        };
        self.text.get(start..end)
    }

    /// The ids, in order.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i).unwrap_or(""))
    }

    fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }
}

/// `names[i]` is [`Names::get`], blank for a child it does not hold.
impl std::ops::Index<usize> for Names {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }
}

/// Each child's date of birth, by child index (the first row of a child
/// in the children table wins; a repeated id is warned as V16).
#[derive(Debug, Clone)]
pub(crate) struct Dob(Vec<Option<NaiveDate>>);

impl Dob {
    /// The date of birth of `child`, if recorded.
    pub fn get(&self, child: &u32) -> Option<&NaiveDate> {
        self.0.get(*child as usize).and_then(Option::as_ref)
    }

    /// Is a date of birth recorded for `child`?
    pub fn contains_key(&self, child: &u32) -> bool {
        self.get(child).is_some()
    }
}

impl LaFrame {
    /// The text of `code`.
    pub fn text(&self, code: Code) -> &str {
        self.codes.get(code.0.get() as usize - 1).map_or("", |t| t)
    }

    /// The text of `code`, if there is one.
    pub fn code(&self, code: Option<Code>) -> Option<&str> {
        code.map(|c| self.text(c))
    }

    /// Each child's date of birth.
    pub fn dates_of_birth(&self) -> Dob {
        let mut out = vec![None; self.names.len()];
        for c in self.children.iter().rev() {
            if let Some(d) = c.date_of_birth {
                out[c.child as usize] = Some(d);
            }
        }
        Dob(out)
    }
}

/// One LA's rows of a table before validation, in input order: the child
/// ids and the rows as two columns, so that the rows can become the
/// frame's table where they are (no copy).
#[derive(Debug)]
pub(crate) struct LaRows<'s, R> {
    /// The child id of each row.
    pub ids: Vec<&'s str>,
    /// The rows, their child still to be set.
    pub rows: Vec<R>,
}

impl<R> Default for LaRows<'_, R> {
    fn default() -> Self {
        LaRows {
            ids: Vec::new(),
            rows: Vec::new(),
        }
    }
}

impl<'s, R> LaRows<'s, R> {
    #[cfg_attr(not(feature = "io"), allow(dead_code))]
    fn with_capacity(n: usize) -> Self {
        LaRows {
            ids: Vec::with_capacity(n),
            rows: Vec::with_capacity(n),
        }
    }

    fn append(&mut self, other: &mut LaRows<'s, R>) {
        self.ids.append(&mut other.ids);
        self.rows.append(&mut other.rows);
    }
}

/// Rows of one table grouped by LA before validation.
pub(crate) type ByLa<'s, R> = BTreeMap<&'s str, LaRows<'s, R>>;

/// One table's rows as a reader gives them: how many were read, how many
/// were left out (V01, V02), and the rest by LA.
pub(crate) type Split<'s, R> = (u64, BTreeMap<&'static str, u64>, ByLa<'s, R>);

/// Groups a table's rows by LA in input order, counting V01 and V02:
/// rows usually come LA by LA, so most rows need no look-up.
#[derive(Debug)]
pub(crate) struct Splitter<'s, R> {
    read: u64,
    excluded: BTreeMap<&'static str, u64>,
    by_la: ByLa<'s, R>,
    current: Option<(&'s str, LaRows<'s, R>)>,
}

impl<R> Default for Splitter<'_, R> {
    fn default() -> Self {
        Splitter {
            read: 0,
            excluded: BTreeMap::new(),
            by_la: BTreeMap::new(),
            current: None,
        }
    }
}

impl<'s, R> Splitter<'s, R> {
    /// Makes room for `n` rows of `la` (when a reader knows how many it
    /// holds: the rows are then pushed without the vectors growing).
    #[cfg_attr(not(feature = "io"), allow(dead_code))]
    pub fn reserve(&mut self, la: &'s str, n: usize) {
        if la.trim().is_empty() {
            return;
        }
        match self.by_la.get_mut(la) {
            Some(v) => {
                v.ids.reserve(n);
                v.rows.reserve(n);
            }
            None => {
                self.by_la.insert(la, LaRows::with_capacity(n));
            }
        }
    }

    /// One row of `la` and `child`.
    pub fn push(&mut self, la: &'s str, child: &'s str, row: R) {
        self.read += 1;
        let same_la = self.current.as_ref().is_some_and(|(c, _)| same(c, la));
        if !same_la && is_blank(la) {
            *self.excluded.entry("V01: no local authority").or_default() += 1;
            return;
        }
        if is_blank(child) {
            *self.excluded.entry("V02: no child id").or_default() += 1;
            return;
        }
        if !same_la {
            if let Some((c, v)) = self.current.take() {
                self.by_la.insert(c, v);
            }
            self.current = Some((la, self.by_la.remove(la).unwrap_or_default()));
        }
        if let Some((_, v)) = &mut self.current {
            v.ids.push(child);
            v.rows.push(row);
        }
    }

    /// What it was given (an LA room was made for but whose every row
    /// was left out is not there).
    pub fn finish(mut self) -> Split<'s, R> {
        if let Some((c, v)) = self.current.take() {
            self.by_la.insert(c, v);
        }
        self.by_la.retain(|_, v| !v.rows.is_empty());
        (self.read, self.excluded, self.by_la)
    }
}

/// Is `s` empty or only white space (`trim`'s)? Most ids and LAs start
/// with a printable ASCII character: they are told by their first byte.
fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(b) if b.is_ascii_graphic() => false,
        Some(_) => s.trim().is_empty(),
    }
}

/// `a == b`, by address first (rows of one LA share its text).
fn same(a: &str, b: &str) -> bool {
    (std::ptr::eq(a.as_ptr(), b.as_ptr()) && a.len() == b.len()) || a == b
}

/// Consecutive parts of one table as one, in order.
#[cfg_attr(not(feature = "io"), allow(dead_code))]
pub(crate) fn concat<'s, R>(parts: Vec<Split<'s, R>>) -> Split<'s, R> {
    let mut out: Split<'s, R> = (0, BTreeMap::new(), BTreeMap::new());
    for (read, excluded, by_la) in parts {
        out.0 += read;
        for (k, v) in excluded {
            *out.1.entry(k).or_default() += v;
        }
        for (la, mut rows) in by_la {
            match out.2.get_mut(la) {
                Some(known) => known.append(&mut rows),
                None => {
                    out.2.insert(la, rows);
                }
            }
        }
    }
    out
}

fn split<'s, T: Compact>(rows: &'s [T], codes: &Codes) -> Split<'s, T::Row> {
    let mut s = Splitter::default();
    // Rows of one LA (the first's and the last's alike, mostly): room for
    // them all at once.
    if let (Some(first), Some(last)) = (rows.first(), rows.last())
        && same(first.la(), last.la())
    {
        s.reserve(first.la(), rows.len());
    }
    let mut codes = CodeCache::new(codes);
    for r in rows {
        s.push(r.la(), r.child_id(), r.compact(&mut codes));
    }
    s.finish()
}

/// One LA while it is built: its frame and its children's ids.
#[derive(Debug, Default)]
struct LaBuild {
    /// Each child's number and the 32-bit hash of its id (the id itself is
    /// in `frame.names`), so that growing the table hashes no id again.
    ids: hashbrown::HashTable<(u32, u32)>,
    frame: LaFrame,
}

/// An id's hash, 32 bits (foldhash's, fixed seed, folded).
fn hash_id(id: &str) -> u32 {
    use std::hash::BuildHasher;
    let h = foldhash::fast::FixedState::default().hash_one(id);
    (h ^ (h >> 32)) as u32
}

/// A 32-bit hash spread over the 64 the table uses (it places an entry by
/// the low bits and tags it with the top seven).
fn spread(h: u32) -> u64 {
    u64::from(h) | (u64::from(h) << 32)
}

/// Rows per share of one LA's look-ups.
const CHUNK: usize = 1 << 15;

impl LaBuild {
    /// Sets each row's child, interning its id. Rows of one child often
    /// come together: the last id is reused without a look-up.
    fn intern_all<R: HasChild>(&mut self, ids: &[&str], rows: &mut [R]) {
        let mut last: Option<(&str, u32)> = None;
        for (child, row) in ids.iter().zip(rows.iter_mut()) {
            let id = match last {
                Some((c, id)) if c == *child => id,
                _ => self.intern(child),
            };
            last = Some((child, id));
            row.set_child(id);
        }
    }

    /// [`LaBuild::intern_all`] on every core: the children already known
    /// are looked up in shares, in parallel; those not yet known are then
    /// interned in row order, so the numbering is the one-at-a-time one.
    fn intern_shared<R: HasChild + Send>(&mut self, ids: &[&str], rows: &mut [R]) {
        use rayon::prelude::*;
        let known = &*self;
        let missed: Vec<Vec<usize>> = rows
            .par_chunks_mut(CHUNK)
            .zip(ids.par_chunks(CHUNK))
            .enumerate()
            .map(|(k, (rows, ids))| {
                let mut missed = Vec::new();
                for (j, (child, row)) in ids.iter().zip(rows.iter_mut()).enumerate() {
                    match known.known(child, hash_id(child)) {
                        Some(id) => row.set_child(id),
                        None => missed.push(k * CHUNK + j),
                    }
                }
                missed
            })
            .collect();
        for i in missed.into_iter().flatten() {
            if let (Some(child), Some(row)) = (ids.get(i), rows.get_mut(i)) {
                let id = self.intern(child);
                row.set_child(id);
            }
        }
    }

    /// The number of a child already numbered, its id hashing to `h`.
    fn known(&self, child: &str, h: u32) -> Option<u32> {
        let names = &self.frame.names;
        self.ids
            .find(spread(h), |&(i, hh)| {
                hh == h && names.get(i as usize) == Some(child)
            })
            .map(|&(i, _)| i)
    }

    fn intern(&mut self, child: &str) -> u32 {
        let h = hash_id(child);
        if let Some(i) = self.known(child, h) {
            return i;
        }
        let i = self.frame.names.len() as u32;
        self.frame.names.push(child);
        self.ids
            .insert_unique(spread(h), (i, h), |&(_, hh)| spread(hh));
        i
    }
}

/// Builds a [`Frame`] table by table, a table in one part or several: a
/// reader hands each part's rows grouped by LA ([`ByLa`]); the builder
/// interns the child ids and appends the rows, LA by LA in parallel; once
/// every part is in, [`Builder::finish`] validates each LA's tables (V06
/// and the table's own rules, so a row repeated across two parts is still
/// V06) and keeps each table's quality.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    las: BTreeMap<Arc<str>, LaBuild>,
    tables: BTreeMap<String, TableQuality>,
    codes: Arc<Codes>,
}

impl Builder {
    /// The code table the rows added must be coded with (a reader codes
    /// its texts through a [`CodeCache`] over it).
    pub fn codes(&self) -> Arc<Codes> {
        self.codes.clone()
    }

    /// Adds rows of one table: `read` rows, of which `excluded` were
    /// already left out (V01, V02), and the rest by LA. The child ids are
    /// interned (LA by LA in parallel) and the rows appended to the LA's
    /// table, moved there when it is empty; a table may be added in parts
    /// (the Parquet reader adds a file a million rows at a time).
    /// Rows are validated once every part is in, by [`Builder::finish`].
    fn add<R: Send + HasChild>(
        &mut self,
        name: &str,
        read: u64,
        excluded: BTreeMap<&'static str, u64>,
        mut by_la: ByLa<'_, R>,
        field: fn(&mut LaFrame) -> &mut Vec<R>,
    ) {
        use rayon::prelude::*;
        for la in by_la.keys() {
            if !self.las.contains_key(*la) {
                self.las.insert((*la).into(), LaBuild::default());
            }
        }
        let mut work: Vec<(&mut LaBuild, LaRows<'_, R>)> = self
            .las
            .iter_mut()
            .filter_map(|(la, b)| by_la.remove(&**la).map(|rows| (b, rows)))
            .collect();
        // With fewer LAs than cores, each LA's look-ups are shared out too.
        let few = work.len() < rayon::current_num_threads();
        work.par_iter_mut().for_each(|(b, rows)| {
            let LaRows { ids, rows } = rows;
            let first = b.ids.is_empty();
            if first {
                // The first table (the children, mostly): room for a child
                // per row.
                b.ids.reserve(ids.len(), |&(_, hh)| spread(hh));
            }
            if few && !first && ids.len() >= 2 * CHUNK {
                b.intern_shared(ids, rows);
            } else {
                b.intern_all(ids, rows);
            }
            let mut rows = std::mem::take(rows);
            let out = field(&mut b.frame);
            if out.is_empty() {
                *out = rows;
            } else {
                out.append(&mut rows);
            }
        });
        let q = self.tables.entry(name.to_string()).or_default();
        q.read += read;
        for (k, v) in excluded {
            *q.excluded.entry(k.to_string()).or_default() += v;
        }
    }

    /// The frame: each LA's tables validated (V06 and each table's own
    /// rules, LAs in parallel), every table's quality (a table never added
    /// as read 0), and each LA's warnings (V05, V07–V10, V16).
    pub fn finish(self) -> Frame {
        use rayon::prelude::*;
        let mut quality = DataQuality::default();
        let mut tables = self.tables;
        for name in Events::TABLES {
            let q = tables.remove(*name).unwrap_or_default();
            quality.tables.insert(name.to_string(), q);
        }
        // Every reader's cache is gone by now; if one were not, its
        // codes would still be in the table it shares.
        let codes = match Arc::try_unwrap(self.codes) {
            Ok(codes) => codes.into_texts(),
            Err(shared) => {
                let t = shared
                    .0
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                t.texts.clone().into()
            }
        };
        let mut las: BTreeMap<Arc<str>, LaFrame> = self
            .las
            .into_iter()
            .map(|(la, mut b)| {
                b.frame.codes = codes.clone();
                (la, b.frame)
            })
            .collect();
        // Each LA validated, then warned about, on every core.
        let per_la: Vec<_> = las
            .par_iter_mut()
            .map(|(_, f)| {
                let counts = f.validate();
                let mut local = DataQuality::default();
                crate::quality::warnings(f, &mut local);
                (counts, local)
            })
            .collect();
        for (counts, local) in per_la {
            for (name, used, excluded) in counts {
                if let Some(q) = quality.tables.get_mut(name) {
                    q.used += used;
                    for (k, v) in excluded {
                        *q.excluded.entry(k.to_string()).or_default() += v;
                    }
                }
            }
            quality.add_warnings(local);
        }
        Frame { las, quality }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn referral(la: &str, child: &str, day: u32) -> events::Referral {
        events::Referral {
            la: la.into(),
            child_id: child.into(),
            date: NaiveDate::from_ymd_opt(2024, 1, day).unwrap(),
            source: None,
            nfa: None,
            decision_date: None,
        }
    }

    /// LAs interleaved: a duplicate is still found, rows stay with their LA
    /// in order, children are numbered per LA in order of first
    /// appearance (the children table first), and every row is counted.
    #[test]
    fn rows_are_split_by_la_validated_and_numbered() {
        let ev = Events {
            referrals: vec![
                referral("A", "1", 1),
                referral("B", "1", 1),
                referral("A", "1", 1), // the same row as the first: V06
                referral("B", "2", 2),
                referral("A", "", 3),  // no child id: V02
                referral(" ", "9", 3), // no LA: V01
                referral("A", "2", 2),
                referral("A", "1", 5),
            ],
            children: vec![events::Child {
                la: "A".into(),
                child_id: "2".into(),
                date_of_birth: None,
                sex: None,
                ethnicity: None,
                disability: None,
            }],
            ..Events::default()
        };
        let f = Frame::from_events(&ev);
        let q = f.quality.clone();
        let r = &q.tables["referrals"];
        assert_eq!((r.read, r.used), (8, 5));
        assert_eq!(r.excluded["V06: the same row twice"], 1);
        assert_eq!(r.excluded["V02: no child id"], 1);
        assert_eq!(r.excluded["V01: no local authority"], 1);
        // Every table is accounted for, supplied or not.
        assert_eq!(q.tables.len(), Events::TABLES.len());
        assert_eq!(q.tables["cla_episodes"].read, 0);
        let a = &f.las["A"];
        // Child "2" comes first: the children table is numbered first.
        assert_eq!(a.names.iter().collect::<Vec<_>>(), ["2", "1"]);
        fn days(la: &LaFrame) -> Vec<(&str, u32)> {
            la.referrals
                .iter()
                .map(|r| (&la.names[r.child as usize], chrono::Datelike::day(&r.date)))
                .collect()
        }
        assert_eq!(days(a), [("1", 1), ("2", 2), ("1", 5)]);
        assert_eq!(days(&f.las["B"]), [("1", 1), ("2", 2)]);
    }

    /// The first-byte test says what `trim` says, white space of every
    /// kind included (a vertical tab is white space to `trim`, but not to
    /// `is_ascii_whitespace`).
    #[test]
    fn blank_is_what_trim_leaves_empty() {
        for s in [
            "", " ", "\t", "\x0B", "\x0C", "\r\n", "\u{a0}", "\u{3000}", " a", "a", "\x0Bb",
            "\u{a0}1", "é", "0", "~", "\x01",
        ] {
            assert_eq!(is_blank(s), s.trim().is_empty(), "{s:?}");
        }
    }

    /// One buffer gives each id back whole, an empty one and a non-ASCII
    /// one included; past the end is nothing (blank by index).
    #[test]
    fn names_give_back_each_id() {
        let mut n = Names::default();
        for id in ["a", "", "bcd", "é€"] {
            n.push(id);
        }
        assert_eq!(n.len(), 4);
        assert_eq!(n.iter().collect::<Vec<_>>(), ["a", "", "bcd", "é€"]);
        assert_eq!((n.get(2), n.get(4)), (Some("bcd"), None));
        assert_eq!(&n[3], "é€");
        assert_eq!(&n[9], "");
    }

    /// Ids that hash alike are still told apart by their text: a table
    /// of 20,000 ids gives each its own number, and an id is found again
    /// under its number after the table has grown many times.
    #[test]
    fn interned_ids_are_found_again_after_growth() {
        let mut b = LaBuild::default();
        let ids: Vec<String> = (0..20_000).map(|i| format!("id{i}")).collect();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(b.intern(id), i as u32);
        }
        for (i, id) in ids.iter().enumerate().rev() {
            assert_eq!(b.intern(id), i as u32);
            assert_eq!(&b.frame.names[i], id.as_str());
        }
        assert_eq!(b.frame.names.len(), 20_000);
        assert_eq!(b.known("id20000", hash_id("id20000")), None);
    }

    /// Looking up in shares numbers the children as one at a time would:
    /// in order of first appearance, the known ones keeping their number.
    /// Three shares of rows, children new and known interleaved (new ones
    /// first met in the second and third shares, and met again there).
    #[test]
    fn shared_look_ups_number_children_in_order_of_first_appearance() {
        let ids: Vec<String> = (0..3 * CHUNK + 7)
            .map(|i| format!("c{}", (i * 7919) % 50_000))
            .collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let row = || rows::Visit {
            child: u32::MAX,
            date: NaiveDate::MIN,
        };
        // Known before: two children, one of which comes back.
        let mut shared = LaBuild::default();
        shared.intern("c0");
        shared.intern("zz");
        let mut rows_shared: Vec<_> = ids.iter().map(|_| row()).collect();
        shared.intern_shared(&ids, &mut rows_shared);
        // Independently: the names in order of first appearance.
        let mut expected: Vec<&str> = vec!["c0", "zz"];
        let mut seen: std::collections::HashSet<&str> = expected.iter().copied().collect();
        for id in &ids {
            if seen.insert(id) {
                expected.push(id);
            }
        }
        let names: Vec<&str> = shared.frame.names.iter().collect();
        assert_eq!(names, expected);
        for (id, r) in ids.iter().zip(&rows_shared) {
            assert_eq!(&shared.frame.names[r.child as usize], *id);
        }
    }
}
