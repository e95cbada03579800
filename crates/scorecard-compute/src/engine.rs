//! The engine: events in, every derivable indicator's monthly series out,
//! per local authority.
//!
//! ```
//! use scorecard_compute::{compute, Events, Population, events::Referral};
//! use scorecard_core::{Value, WorkingDayCalendar};
//! let mut events = Events::default();
//! for (child, date) in [("1", "2024-01-05"), ("2", "2024-01-20"), ("1", "2024-02-01")] {
//!     events.referrals.push(Referral { la: "E08000008".into(), child_id: child.into(),
//!         date: date.parse().unwrap(), source: None, nfa: None, decision_date: None });
//! }
//! let mut pop = Population::new();
//! pop.insert(&["E08000008"], 2023, 50_000);
//! let cal = WorkingDayCalendar::england_and_wales();
//! let out = compute(&events, &pop, &cal, "2024-01".parse().unwrap(), "2024-02".parse().unwrap());
//! let cin1 = out.series("E08000008", "CIN1").unwrap();
//! assert_eq!(cin1.get("2024-01".parse().unwrap()).unwrap().value, Some(Value::Count(2)));
//! // CIN4: child 1's February referral follows one within 12 months: 1 of 1.
//! let cin4 = out.series("E08000008", "CIN4").unwrap();
//! assert_eq!(cin4.get("2024-02".parse().unwrap()).unwrap().numerator, 1);
//! ```

use std::collections::BTreeMap;

use scorecard_core::{Month, Series, Value, Week, WorkingDayCalendar, percent, rate_per_10k};
use serde::{Deserialize, Serialize};

use crate::coverage::Coverage;
use crate::events::Events;
use crate::frame::Frame;
use crate::grid::{Grid, Key};
use crate::measures;
use crate::population::Population;
use crate::quality::DataQuality;
use crate::timescales::Timescales;

/// One indicator's value in one month, with what it was worked out from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Observation {
    /// The count, or the numerator of a percentage or rate.
    pub numerator: i64,
    /// The denominator of a percentage (or the population of a rate).
    pub denominator: Option<i64>,
    /// The value; `None` when the denominator is zero or unknown, or the
    /// value is suppressed.
    pub value: Option<Value>,
    /// Withheld as a small number (see [`Computation::suppress_small`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suppressed: bool,
}

impl Observation {
    /// An observation of `numerator` over `denominator` with `value`
    /// (not suppressed).
    ///
    /// ```
    /// use scorecard_compute::Observation;
    /// use scorecard_core::{Value, percent};
    /// let o = Observation::new(3, Some(4), percent(3, 4).map(Value::Decimal));
    /// assert_eq!(o.value, Some(Value::Decimal("75".parse().unwrap())));
    /// assert!(!o.suppressed);
    /// ```
    pub fn new(numerator: i64, denominator: Option<i64>, value: Option<Value>) -> Observation {
        Observation {
            numerator,
            denominator,
            value,
            suppressed: false,
        }
    }
}

/// One indicator's observations by period: by month (the default), or by
/// [`Week`] from [`compute_weekly`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(serialize = "P: Serialize", deserialize = "P: Ord + Deserialize<'de>"))]
#[non_exhaustive]
pub struct ComputedSeries<P = Month> {
    /// Observations by period.
    pub observations: BTreeMap<P, Observation>,
    /// Why there are none: the inputs the indicator needs were not
    /// supplied (`no data: needs Annex A List 8 or SSDA903 episodes`). No
    /// data is not zero: such a series is shown blank and never rated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_data: Option<String>,
    /// For a timeliness indicator: the items still open and inside their
    /// timescale at each period's end (not yet due, so not late). Empty for
    /// other indicators.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub still_in_time: BTreeMap<P, i64>,
}

impl<P> Default for ComputedSeries<P> {
    fn default() -> Self {
        ComputedSeries {
            observations: BTreeMap::new(),
            no_data: None,
            still_in_time: BTreeMap::new(),
        }
    }
}

impl<P: Ord + Copy> ComputedSeries<P> {
    /// The same series keyed by `f(period)`.
    pub(crate) fn map_keys<Q: Ord>(self, f: impl Fn(P) -> Q) -> ComputedSeries<Q> {
        ComputedSeries {
            observations: self
                .observations
                .into_iter()
                .map(|(k, o)| (f(k), o))
                .collect(),
            no_data: self.no_data,
            still_in_time: self
                .still_in_time
                .into_iter()
                .map(|(k, n)| (f(k), n))
                .collect(),
        }
    }

    /// The observation of `period`, if any.
    pub fn get(&self, period: P) -> Option<&Observation> {
        self.observations.get(&period)
    }

    /// [`Computation::suppress_small`] for one series: returns how many
    /// values were withheld.
    pub fn suppress_small(&mut self) -> usize {
        let small = |n: i64| (1..=4).contains(&n);
        let mut n = 0;
        for o in self.observations.values_mut() {
            if small(o.numerator) || o.denominator.is_some_and(small) {
                o.value = None;
                o.suppressed = true;
                n += 1;
            }
        }
        self.still_in_time.retain(|_, v| !small(*v));
        n
    }
}

impl ComputedSeries {
    /// The values as a core [`Series`] for the scorecard builder.
    pub fn to_series(&self) -> Series {
        self.observations
            .iter()
            .filter_map(|(m, o)| o.value.map(|v| (*m, v)))
            .collect()
    }
}

/// The result of a computation: by month (the default), or by
/// [`Week`] from [`compute_weekly`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(serialize = "P: Serialize", deserialize = "P: Ord + Deserialize<'de>"))]
#[non_exhaustive]
pub struct Computation<P = Month> {
    /// First reported period.
    pub first: Option<P>,
    /// Last reported period.
    pub last: Option<P>,
    /// Series by local authority, then by indicator ref.
    pub las: BTreeMap<String, BTreeMap<String, ComputedSeries<P>>>,
    /// Rows read, used and excluded, with reasons.
    pub quality: DataQuality,
}

impl<P> Default for Computation<P> {
    fn default() -> Self {
        Computation {
            first: None,
            last: None,
            las: BTreeMap::new(),
            quality: DataQuality::default(),
        }
    }
}

/// A computation by week ([`compute_weekly`]).
pub type WeeklyComputation = Computation<Week>;

impl<P: Ord + Copy> Computation<P> {
    /// DfE-style small-number suppression for published outputs: a count of
    /// 1 to 4, and any percentage or rate whose numerator or denominator is
    /// 1 to 4, is withheld (its value removed and marked suppressed; shown as
    /// `c`). Zero is not suppressed. Returns how many values were withheld.
    pub fn suppress_small(&mut self) -> usize {
        self.las
            .values_mut()
            .flat_map(|refs| refs.values_mut())
            .map(ComputedSeries::<P>::suppress_small)
            .sum()
    }

    /// The series of `reference` for `la`.
    pub fn series(&self, la: &str, reference: &str) -> Option<&ComputedSeries<P>> {
        self.las.get(la)?.get(reference)
    }
}

/// Computes every derivable indicator for every LA in `events`, for the
/// months `first ..= last`. Rates need the LA in `population`; without it a
/// rate's value is `None` (its numerator is still given).
pub fn compute(
    events: &Events,
    population: &Population,
    calendar: &WorkingDayCalendar,
    first: Month,
    last: Month,
) -> Computation {
    compute_with(
        events,
        population,
        calendar,
        first,
        last,
        &Options::default(),
    )
}

/// What [`compute_with`] computes.
///
/// ```
/// use scorecard_compute::{Table, engine::Options};
/// let only = Options::refs(["CIN1", "CF1"]).unwrap();
/// assert_eq!(only.tables(), vec![Table::Referrals, Table::ClaEpisodes]);
/// // A ref the engine does not compute cannot be asked for.
/// let err = Options::refs(["CIN99"]).unwrap_err();
/// assert!(err.to_string().starts_with("ref \"CIN99\" is not known; did you mean"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Only these refs; every derivable one when `None`. Work that only
    /// other refs need is skipped.
    pub refs: Option<Vec<String>>,
    /// What the inputs supplied (from the readers); when `None`, a table
    /// with records counts as supplied and an empty one as not
    /// ([`Coverage::infer`]).
    pub coverage: Option<Coverage>,
    /// Local authorities to compute even when no record names them (their
    /// lists were given with no rows: every supplied indicator is a real
    /// zero).
    pub las: Vec<String>,
    /// Working-day timescales (from a council's catalogue); the built-in
    /// catalogue's when `None`.
    pub timescales: Option<Timescales>,
    /// Which teams are which kind, for the team-type caseloads WF9–WF12
    /// (the configuration's `[teams]`); none named by default.
    pub teams: scorecard_core::TeamKinds,
}

impl Options {
    /// Only `refs`; a ref the engine does not compute is an error naming
    /// the close ones (so `Options::refs(["CIN99"])` cannot silently compute
    /// nothing).
    pub fn refs<S: Into<String>>(
        refs: impl IntoIterator<Item = S>,
    ) -> crate::error::Result<Options> {
        let refs: Vec<String> = refs.into_iter().map(Into::into).collect();
        if let Some(bad) = refs.iter().find(|r| !crate::COMPUTED.contains(&r.as_str())) {
            return Err(crate::error::Error::Unknown {
                what: "ref",
                name: bad.clone(),
                suggestions: crate::error::close_matches(bad, crate::COMPUTED),
            });
        }
        Ok(Options {
            refs: Some(refs),
            ..Options::default()
        })
    }

    /// These options, also computing `las` when no record names them.
    pub fn with_las<S: Into<String>>(mut self, las: impl IntoIterator<Item = S>) -> Options {
        self.las.extend(las.into_iter().map(Into::into));
        self
    }

    /// These options, with the timescales of `catalogue` (a council's own).
    pub fn with_catalogue(mut self, catalogue: &scorecard_core::Catalogue) -> Options {
        self.timescales = Some(Timescales::from_catalogue(catalogue));
        self
    }

    /// These options, with these timescales.
    pub fn with_timescales(mut self, timescales: Timescales) -> Options {
        self.timescales = Some(timescales);
        self
    }

    /// These options, with the configuration's kinds of team (`[teams]`).
    pub fn with_teams(mut self, teams: &scorecard_core::TeamKinds) -> Options {
        self.teams = teams.clone();
        self
    }

    /// These options, with what the inputs supplied.
    pub fn with_coverage(mut self, coverage: Coverage) -> Options {
        self.coverage = Some(coverage);
        self
    }

    /// The canonical tables the selected refs are computed from, in the
    /// order of [`Events`]' fields; a reader need read no others (see
    /// [`crate::readers::parquet::read_dir_tables`]).
    pub fn tables(&self) -> Vec<crate::Table> {
        let mut out: Vec<crate::Table> = Vec::new();
        for u in measures::units_for(self.refs.as_deref()) {
            for t in u.tables {
                if !out.contains(t) {
                    out.push(*t);
                }
            }
        }
        out
    }
}

/// [`compute`], for a selection of refs. Local authorities are computed in
/// parallel on rayon's thread pool (all cores, or `RAYON_NUM_THREADS`; run
/// it inside `ThreadPool::install` to choose); the result does not depend
/// on the number of threads.
pub fn compute_with<'a>(
    events: &'a Events,
    population: &Population,
    calendar: &WorkingDayCalendar,
    first: Month,
    last: Month,
    options: &'a Options,
) -> Computation {
    let last = last.max(first);
    let grid = Grid::new(first, last);
    let (las, quality) = compute_on(events, population, calendar, grid, options);
    computation(first, last, las, quality, Key::month)
}

/// [`compute_with`] on a [`Frame`] already built (by
/// [`crate::readers::parquet::read_frame`], which never makes a record):
/// the same series, quality and data-quality report as computing the
/// events the frame was built from.
///
/// ```
/// use scorecard_compute::{compute, compute_frame, Events, Frame, Options, Population, events::Referral};
/// use scorecard_core::WorkingDayCalendar;
/// let mut events = Events::default();
/// events.referrals.push(Referral { la: "LA".into(), child_id: "1".into(),
///     date: "2024-01-05".parse().unwrap(), source: None, nfa: None, decision_date: None });
/// let (pop, cal, m) = (Population::new(), WorkingDayCalendar::england_and_wales(), "2024-01".parse().unwrap());
/// let from_frame = compute_frame(Frame::from_events(&events), &pop, &cal, m, m, &Options::default());
/// assert_eq!(from_frame, compute(&events, &pop, &cal, m, m));
/// ```
pub fn compute_frame(
    frame: Frame,
    population: &Population,
    calendar: &WorkingDayCalendar,
    first: Month,
    last: Month,
    options: &Options,
) -> Computation {
    let last = last.max(first);
    let grid = Grid::new(first, last);
    let (las, quality) = frame_on(frame, population, calendar, grid, options);
    computation(first, last, las, quality, Key::month)
}

/// A computation of `first ..= last` from the series on a grid, each period
/// keyed by `key`.
fn computation<P: Ord + Copy>(
    first: P,
    last: P,
    las: OnGrid,
    quality: DataQuality,
    key: impl Fn(Key) -> P + Copy,
) -> Computation<P> {
    let las = las
        .into_iter()
        .map(|(la, refs)| {
            let refs = refs
                .into_iter()
                .map(|(r, s)| (r, s.map_keys(key)))
                .collect();
            (la, refs)
        })
        .collect();
    Computation {
        first: Some(first),
        last: Some(last),
        las,
        quality,
    }
}

/// Every indicator of `options` by week, for the weeks `first ..= last`
/// (weeks ending on `first`'s weekday; Sunday for ISO weeks): the same
/// units and definitions as the monthly [`compute_with`], on a grid of
/// weeks.
///
/// * Counts are of events in the week; snapshots are at the week's last
///   day; timeliness is for items completed in the week.
/// * A rolling 12 months becomes a rolling 52 weeks; a year to date is the
///   weeks ending in the financial year (its first week may begin in
///   March).
/// * Look-backs stated in months (re-referrals within 12 months, three
///   social workers in 12 months) stay in months, from the week's end.
/// * A rate uses the population of the week's last day's year.
///
/// ```
/// use scorecard_compute::{compute_weekly, Events, Options, Population, events::Referral};
/// use scorecard_core::{Week, WorkingDayCalendar};
/// let mut events = Events::default();
/// // Monday 29 January to Sunday 4 February 2024 is 2024-W05.
/// for date in ["2024-01-28", "2024-01-29", "2024-02-04", "2024-02-05"] {
///     events.referrals.push(Referral { la: "LA".into(), child_id: date.into(),
///         date: date.parse().unwrap(), source: None, nfa: None, decision_date: None });
/// }
/// let w5: Week = "2024-W05".parse().unwrap();
/// let cal = WorkingDayCalendar::england_and_wales();
/// let out = compute_weekly(&events, &Population::new(), &cal, w5, w5, &Options::refs(["CIN1"]).unwrap());
/// assert_eq!(out.series("LA", "CIN1").unwrap().get(w5).unwrap().numerator, 2);
/// assert_eq!(out.first.unwrap().to_string(), "2024-W05");
/// ```
pub fn compute_weekly(
    events: &Events,
    population: &Population,
    calendar: &WorkingDayCalendar,
    first: Week,
    last: Week,
    options: &Options,
) -> WeeklyComputation {
    let last = if last < first {
        first
    } else {
        // Weeks of `first`'s cadence: the week containing `last`'s end.
        Week::of(last.last_day(), first.end_weekday())
    };
    let grid = Grid::weekly(first, last);
    let (las, quality) = compute_on(events, population, calendar, grid, options);
    let end = first.end_weekday();
    computation(first, last, las, quality, move |k| match k {
        Key::Week(w) => w,
        Key::Month(m) => Week::of(m.last_day(), end),
    })
}

/// Why a team-type caseload (WF9–WF12) has no data: the configuration
/// names no team of its kind.
fn no_teams(teams: &scorecard_core::TeamKinds, reference: &str) -> Option<String> {
    let (_, key, words) = scorecard_core::TeamKinds::INDICATORS
        .iter()
        .find(|(r, _, _)| *r == reference)?;
    teams.of(reference).is_empty().then(|| {
        format!(
            "no data: needs the names of {words} in the configuration ([teams] {key} = [\"...\"])"
        )
    })
}

/// The series of every LA and ref on `grid`, keyed by the grid's periods,
/// and the data quality.
type OnGrid = BTreeMap<String, BTreeMap<String, ComputedSeries<Key>>>;

fn compute_on<'a>(
    events: &'a Events,
    population: &Population,
    calendar: &WorkingDayCalendar,
    grid: Grid,
    options: &'a Options,
) -> (OnGrid, DataQuality) {
    frame_on(
        Frame::from_events(events),
        population,
        calendar,
        grid,
        options,
    )
}

/// [`compute_on`] for a frame already built.
fn frame_on(
    mut frame: Frame,
    population: &Population,
    calendar: &WorkingDayCalendar,
    grid: Grid,
    options: &Options,
) -> (OnGrid, DataQuality) {
    use rayon::prelude::*;
    use std::borrow::Cow;
    let coverage = options
        .coverage
        .as_ref()
        .map_or_else(|| Cow::Owned(frame.coverage()), Cow::Borrowed);
    let mut quality = std::mem::take(&mut frame.quality);
    for la in &options.las {
        if !frame.las.contains_key(la.as_str()) {
            frame.las.insert(la.as_str().into(), Default::default());
        }
    }
    crate::quality::warn_future(
        frame.las.values(),
        grid.end(grid.len.saturating_sub(1)),
        &mut quality,
    );
    let units: Vec<_> = measures::units_for(options.refs.as_deref()).collect();
    let wanted = |r: &str| {
        options
            .refs
            .as_ref()
            .is_none_or(|refs| refs.iter().any(|x| x == r))
    };
    let coverage = coverage.as_ref();
    let timescales = options
        .timescales
        .as_ref()
        .map_or_else(|| Cow::Owned(Timescales::builtin()), Cow::Borrowed);
    let timescales = timescales.as_ref();
    let by_la: Vec<_> = frame.las.iter().collect();
    let results: Vec<(String, BTreeMap<String, ComputedSeries<Key>>, DataQuality)> = by_la
        .par_iter()
        .map(|(la, ev)| {
            let mut local = DataQuality::default();
            let mut ctx = Ctx {
                grid,
                calendar,
                la,
                names: &ev.names,
                population,
                timescales,
                teams: &options.teams,
                out: BTreeMap::new(),
                quality: &mut local,
                members: None,
            };
            for u in &units {
                (u.run)(&mut ctx, ev);
            }
            let mut out = ctx.out;
            out.retain(|r, _| wanted(r));
            for (r, series) in out.iter_mut() {
                if let Some(reason) = timescales
                    .no_data(r)
                    .or_else(|| no_teams(&options.teams, r))
                    .or_else(|| coverage.no_data(r))
                {
                    *series = ComputedSeries {
                        no_data: Some(reason),
                        ..ComputedSeries::default()
                    };
                }
            }
            (la.to_string(), out, local)
        })
        .collect();
    for u in &units {
        for r in u.refs.iter().filter(|r| wanted(r)) {
            let says = coverage
                .no_data(r)
                .or_else(|| coverage.computed_from(r))
                .unwrap_or_default();
            quality.indicator_sources.insert(r.to_string(), says);
        }
    }
    let mut las = BTreeMap::new();
    for (la, out, local) in results {
        quality.add_indicator_exclusions(local);
        las.insert(la, out);
    }
    (las, quality)
}

/// The children behind the numerators of the `member` refs in one month
/// of the grid, as the measures count them (the drill-down).
#[derive(Debug)]
pub(crate) struct Members {
    /// The grid index of the month.
    pub index: usize,
    /// Ref, child, and the date that put the child in the numerator.
    pub rows: Vec<(&'static str, String, chrono::NaiveDate)>,
}

/// The children behind the numerators of the registry's `member` refs in
/// `month`, for every LA: the same units, on the same validated rows, as
/// [`compute_with`], with the member sink on. A timed ref without a
/// timescale lists nobody (it has no data).
pub(crate) fn members(
    events: &Events,
    calendar: &WorkingDayCalendar,
    month: Month,
    timescales: &Timescales,
) -> Vec<(String, &'static str, String, chrono::NaiveDate)> {
    let frame = Frame::from_events(events);
    let grid = Grid::new(month, month);
    let population = Population::new();
    let teams = scorecard_core::TeamKinds::default();
    let units: Vec<_> = measures::units_for(None)
        .filter(|u| u.refs.iter().any(|r| measures::MEMBER_REFS.contains(r)))
        .collect();
    let mut out = Vec::new();
    for (la, ev) in &frame.las {
        let mut local = DataQuality::default();
        let mut ctx = Ctx {
            grid,
            calendar,
            la,
            names: &ev.names,
            population: &population,
            timescales,
            teams: &teams,
            out: BTreeMap::new(),
            quality: &mut local,
            members: Some(Members {
                index: grid.report_from,
                rows: Vec::new(),
            }),
        };
        for u in &units {
            (u.run)(&mut ctx, ev);
        }
        for (r, child, date) in ctx.members.map(|m| m.rows).unwrap_or_default() {
            if timescales.no_data(r).is_some() {
                continue;
            }
            out.push((la.to_string(), r, child, date));
        }
    }
    out
}

/// What a measure sees: the grid, the calendar, where to put results.
pub(crate) struct Ctx<'a> {
    pub grid: Grid,
    pub calendar: &'a WorkingDayCalendar,
    pub la: &'a str,
    /// The LA's child ids, by child index.
    pub names: &'a crate::frame::Names,
    pub population: &'a Population,
    pub timescales: &'a Timescales,
    pub teams: &'a scorecard_core::TeamKinds,
    pub out: BTreeMap<String, ComputedSeries<Key>>,
    pub quality: &'a mut DataQuality,
    /// The drill-down sink, when one month's members are being listed.
    pub members: Option<Members>,
}

impl Ctx<'_> {
    /// Lists `child` behind `reference`'s numerator in grid month `i`, when
    /// that month's drill-down is being collected (else does nothing).
    #[inline]
    pub fn member(
        &mut self,
        reference: &'static str,
        i: usize,
        child: u32,
        date: chrono::NaiveDate,
    ) {
        if let Some(m) = &mut self.members
            && m.index == i
        {
            let name = self.names.get(child as usize).unwrap_or("");
            m.rows.push((reference, name.to_string(), date));
        }
    }

    /// Counts `(child, date)` items per month, listing each behind
    /// `reference`'s numerator (the kernel for a count that drills down).
    pub fn count_members(
        &mut self,
        reference: &'static str,
        items: impl IntoIterator<Item = (u32, chrono::NaiveDate)>,
    ) -> Vec<i64> {
        let mut out = vec![0; self.grid.len];
        for (child, date) in items {
            if let Some(i) = self.grid.index(date) {
                out[i] += 1;
                self.member(reference, i, child, date);
            }
        }
        out
    }

    /// Lists the children of `periods` (merged per child) open at the end
    /// of the drill-down month behind `reference` (the snapshot's members).
    pub fn open_members(&mut self, reference: &'static str, periods: &[crate::grid::Period]) {
        let Some(i) = self.members.as_ref().map(|m| m.index) else {
            return;
        };
        let eom = self.grid.end(i);
        for (child, start, end) in periods {
            if *start <= eom && end.is_none_or(|e| e > eom) {
                self.member(reference, i, *child, eom);
            }
        }
    }

    /// Attaches to `reference`'s series (already computed) the items still
    /// open and inside their timescale at each reported month's end.
    pub fn still_in_time(&mut self, reference: &str, counts: &[i64]) {
        let reported: BTreeMap<Key, i64> =
            self.grid.reported().map(|(i, m)| (m, counts[i])).collect();
        if let Some(series) = self.out.get_mut(reference) {
            series.still_in_time = reported;
        }
    }

    /// Not yet due, against a working-day timescale: the `(start, done)`
    /// items open at each month end within `limit` working days of their
    /// start, attached to `reference` (see [`crate::grid`]'s
    /// `still_in_time` for other timescales).
    pub fn still_in_working_days(
        &mut self,
        reference: &str,
        items: impl IntoIterator<Item = (chrono::NaiveDate, Option<chrono::NaiveDate>)>,
        limit: i64,
    ) {
        let open = self.grid.still_in_time(
            items.into_iter().map(|(start, done)| (start, done, start)),
            |start, eom| self.within_working_days(*start, eom, limit),
        );
        self.still_in_time(reference, &open);
    }

    /// Is `end` within `limit` working days of `start`? (A date outside
    /// the calendar is not: the figure itself counts it as excluded.)
    pub fn within_working_days(
        &self,
        start: chrono::NaiveDate,
        end: chrono::NaiveDate,
        limit: i64,
    ) -> bool {
        self.calendar
            .working_days_between(start, end)
            .is_ok_and(|n| n <= limit)
    }

    /// Puts `reference`'s series: `observe(grid index, period)` for each
    /// reported period.
    fn put(&mut self, reference: &str, observe: impl Fn(usize, Key) -> Observation) {
        let observations = self
            .grid
            .reported()
            .map(|(i, k)| (k, observe(i, k)))
            .collect();
        self.out.insert(
            reference.to_string(),
            ComputedSeries {
                observations,
                ..ComputedSeries::default()
            },
        );
    }

    /// A count per period.
    pub fn counts(&mut self, reference: &str, counts: &[i64]) {
        self.put(reference, |i, _| Observation {
            numerator: counts[i],
            denominator: None,
            value: Some(Value::Count(counts[i])),
            suppressed: false,
        });
    }

    /// A rate per 10,000 children aged 0–17 per period (the population of
    /// the period's month).
    pub fn rates(&mut self, reference: &str, counts: &[i64]) {
        let (population, la) = (self.population, self.la);
        self.put(reference, |i, k| {
            let pop = population.for_period(la, k.month());
            Observation {
                numerator: counts[i],
                denominator: pop,
                value: pop
                    .and_then(|p| rate_per_10k(counts[i], p))
                    .map(Value::Decimal),
                suppressed: false,
            }
        });
    }

    /// A percentage per period.
    pub fn percents(&mut self, reference: &str, numerators: &[i64], denominators: &[i64]) {
        self.put(reference, |i, _| Observation {
            numerator: numerators[i],
            denominator: Some(denominators[i]),
            value: percent(numerators[i], denominators[i]).map(Value::Decimal),
            suppressed: false,
        });
    }

    /// An average per period (`numerators / denominators`, exact; `None`
    /// over a denominator of 0): a caseload per worker.
    pub fn averages(&mut self, reference: &str, numerators: &[i64], denominators: &[i64]) {
        self.put(reference, |i, _| Observation {
            numerator: numerators[i],
            denominator: Some(denominators[i]),
            value: (denominators[i] > 0).then(|| {
                Value::Decimal(
                    rust_decimal::Decimal::from(numerators[i])
                        / rust_decimal::Decimal::from(denominators[i]),
                )
            }),
            suppressed: false,
        });
    }

    /// Working days from `start` to `end`, or `None` (counted against
    /// `reference` in the data-quality report) when a date is outside the
    /// calendar.
    pub fn working_days(
        &mut self,
        reference: &str,
        start: chrono::NaiveDate,
        end: chrono::NaiveDate,
    ) -> Option<i64> {
        match self.calendar.working_days_between(start, end) {
            Ok(n) => Some(n),
            Err(_) => {
                self.quality
                    .indicator_exclusion(reference, "a date is outside the working-day calendar");
                None
            }
        }
    }

    /// The working-day timescale of `reference` (from the catalogue; 0 when
    /// it has none, and the engine then gives the ref no data).
    pub fn timescale(&self, reference: &str) -> i64 {
        self.timescales.get(reference).map_or(0, i64::from)
    }

    /// The timescale of `reference` in hours (0 when it has none: no data).
    pub fn timescale_hours(&self, reference: &str) -> i64 {
        self.timescales.hours(reference).map_or(0, i64::from)
    }

    /// The timescale of `reference` in calendar days (0 when it has none:
    /// no data).
    pub fn timescale_days(&self, reference: &str) -> u64 {
        self.timescales.days(reference).map_or(0, u64::from)
    }

    /// Notes a record left out of one indicator, with the reason.
    pub fn exclude(&mut self, reference: &str, reason: &str) {
        self.quality.indicator_exclusion(reference, reason);
    }
}
