//! The canonical form as Parquet: one file per table (`referrals.parquet`,
//! ...), the same columns as the CSV form (see [`crate::events`]), with
//! real types: dates as Parquet `DATE`, date-times as timestamps
//! (milliseconds), booleans, whole numbers, and text for ids and codes.
//!
//! Only the columns the engine needs are read, and each straight into the
//! event records: no polars type appears in this module's API. A date column
//! written as ISO text by another tool is accepted too.

use std::marker::PhantomData;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use polars::prelude::*;

use crate::error::{Error, Result};
use crate::events::*;
use crate::frame::Frame;

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN)
}

fn days(d: NaiveDate) -> i32 {
    (d - epoch()).num_days() as i32
}

/// Days since 1970-01-01 (Parquet `DATE`) to a date; 719,163 is 1970-01-01's
/// day number counted from 1 January of year 1.
fn from_days(n: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(n.checked_add(719_163)?)
}

fn pe(file: &str, column: &str, e: PolarsError) -> Error {
    Error::Input {
        at: scorecard_core::Location::file(file).in_column(column),
        message: e.to_string(),
    }
}

fn column<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<&'d Column> {
    df.column(name).map_err(|_| Error::Input {
        at: scorecard_core::Location::file(file).in_column(name),
        message: format!(
            "missing column; the file has {:?}",
            df.get_column_names()
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
        ),
    })
}

/// A column's values in row order, each checked (an error names the row).
type Values<'d, T> = Box<dyn Iterator<Item = Result<T>> + 'd>;

/// How one field is stored.
trait Kind {
    type T;
    fn build<'a>(name: &str, values: impl Iterator<Item = &'a Self::T>) -> Column
    where
        Self::T: 'a;
    /// The column `name` of `df`, value by value: no copy of the column is
    /// made, each value goes straight into its record.
    fn values<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, Self::T>>;
    /// [`Kind::values`], sharing the child ids already read (ids only).
    fn values_known<'d>(
        df: &'d DataFrame,
        name: &str,
        file: &str,
        _known: Option<&'d Known>,
    ) -> Result<Values<'d, Self::T>> {
        Self::values(df, name, file)
    }
    /// The field as a frame's row holds it (a text as its code).
    type Row;
    /// The column `name` of `df` as a frame's rows hold it, texts coded
    /// through `codes`.
    fn row_values<'d>(
        df: &'d DataFrame,
        name: &str,
        file: &str,
        codes: &'d crate::frame::Codes,
    ) -> Result<Values<'d, Self::Row>>;
}

/// A [`Kind`] whose frame rows hold the record's own value.
macro_rules! same_in_rows {
    () => {
        type Row = Self::T;
        fn row_values<'d>(
            df: &'d DataFrame,
            name: &str,
            file: &str,
            _codes: &'d crate::frame::Codes,
        ) -> Result<Values<'d, Self::Row>> {
            Self::values(df, name, file)
        }
    };
}

/// The file and column a value came from, for errors.
#[derive(Clone)]
struct At {
    file: String,
    column: String,
}

impl At {
    fn new(file: &str, column: &str) -> At {
        At {
            file: file.to_string(),
            column: column.to_string(),
        }
    }

    fn error(&self, i: usize, message: String) -> Error {
        Error::Input {
            at: scorecard_core::Location::file(&self.file)
                .at_row(i + 1)
                .in_column(&self.column),
            message,
        }
    }
}

fn opt_dates<'d>(
    df: &'d DataFrame,
    name: &str,
    file: &str,
) -> Result<Values<'d, Option<NaiveDate>>> {
    let c = column(df, name, file)?;
    let at = At::new(file, name);
    if let Ok(s) = c.str() {
        return Ok(Box::new(s.iter().enumerate().map(move |(i, v)| {
            match v {
                None => Ok(None),
                Some(t) => t
                    .parse::<NaiveDate>()
                    .map(Some)
                    .map_err(|_| at.error(i, format!("expected a date (YYYY-MM-DD), found {t:?}"))),
            }
        })));
    }
    let d = c.date().map_err(|e| pe(file, name, e))?;
    // Array by array (cheaper per value than the ChunkedArray iterator).
    Ok(Box::new(d.physical().downcast_iter().flat_map(|a| {
        a.iter().map(|v| Ok(v.and_then(|n| from_days(*n))))
    })))
}

fn opt_datetimes<'d>(
    df: &'d DataFrame,
    name: &str,
    file: &str,
) -> Result<Values<'d, Option<NaiveDateTime>>> {
    let c = column(df, name, file)?;
    let d = c.datetime().map_err(|e| pe(file, name, e))?;
    let unit = d.time_unit();
    Ok(Box::new(d.physical().iter().map(move |v| {
        Ok(v.and_then(|n| match unit {
            TimeUnit::Milliseconds => chrono::DateTime::from_timestamp_millis(n),
            TimeUnit::Microseconds => chrono::DateTime::from_timestamp_micros(n),
            TimeUnit::Nanoseconds => Some(chrono::DateTime::from_timestamp_nanos(n)),
        })
        .map(|t| t.naive_utc()))
    })))
}

fn opt_bools<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, Option<bool>>> {
    let c = column(df, name, file)?;
    Ok(Box::new(
        c.bool().map_err(|e| pe(file, name, e))?.iter().map(Ok),
    ))
}

/// The values, each required: a null is an error naming its row.
fn required<'d, T: 'd>(values: Values<'d, Option<T>>, file: &str, name: &str) -> Values<'d, T> {
    let at = At::new(file, name);
    Box::new(values.enumerate().map(move |(i, v)| {
        v?.ok_or_else(|| at.error(i, "this value is required but is null".into()))
    }))
}

/// Child ids already allocated (by the children table), shared by every
/// other table's rows of the same child.
type Known = crate::hashing::Set<std::sync::Arc<str>>;

/// How many rows of `df` each LA has (the LA column read once more, run by
/// run: rows usually come LA by LA), so that a table's rows are split by
/// LA into vectors of the right size.
fn la_counts<'d>(
    df: &'d DataFrame,
    file: &str,
) -> Result<std::collections::BTreeMap<&'d str, usize>> {
    let mut counts = std::collections::BTreeMap::new();
    let mut run: Option<(&str, usize)> = None;
    for la in texts(df, "la", file)? {
        let la = la?;
        match &mut run {
            Some((l, n)) if *l == la => *n += 1,
            _ => {
                if let Some((l, n)) = run.take() {
                    *counts.entry(l).or_default() += n;
                }
                run = Some((la, 1));
            }
        }
    }
    if let Some((l, n)) = run {
        *counts.entry(l).or_default() += n;
    }
    Ok(counts)
}

/// Text that repeats from row to row: each distinct value of a column is
/// allocated once and shared by its rows (ids repeat per LA and per child,
/// codes per category), or taken from `known`. Consecutive equal values, the
/// usual case, skip the lookup.
fn shared_text<'d>(
    df: &'d DataFrame,
    name: &str,
    file: &str,
    known: Option<&'d Known>,
    distinct: Distinct,
) -> Result<Values<'d, Option<std::sync::Arc<str>>>> {
    let c = column(df, name, file)?;
    let s = c.str().map_err(|e| pe(file, name, e))?;
    // Sized for many distinct values (child ids): growing it was 7% of a
    // read. Not for a code (sex, team, source): that would be a map of half
    // the rows for every slice and column, allocated and cleared page by
    // page (page faults under `to_rows`, this map among them, were about
    // a sixth of england's samples).
    let capacity = match distinct {
        Distinct::Many => s.len() / 2,
        Distinct::Few => 0,
    };
    let mut shared: crate::hashing::Map<&str, std::sync::Arc<str>> =
        crate::hashing::Map::with_capacity_and_hasher(capacity, Default::default());
    let mut previous: Option<(&str, std::sync::Arc<str>)> = None;
    // Array by array (cheaper per value than the ChunkedArray iterator).
    Ok(Box::new(s.downcast_iter().flat_map(|a| a.iter()).map(
        move |v| {
            let Some(v) = v else { return Ok(None) };
            if let Some((p, a)) = &previous
                && *p == v
            {
                return Ok(Some(a.clone()));
            }
            let a = match known.and_then(|k| k.get(v)) {
                Some(k) => k.clone(),
                None => shared.entry(v).or_insert_with(|| v.into()).clone(),
            };
            previous = Some((v, a.clone()));
            Ok(Some(a))
        },
    )))
}

/// A text column's values as codes of the frame (see
/// [`crate::frame::Code`]): each distinct text of the slice coded once.
fn coded_text<'d>(
    df: &'d DataFrame,
    name: &str,
    file: &str,
    codes: &'d crate::frame::Codes,
) -> Result<Values<'d, Option<crate::frame::Code>>> {
    let c = column(df, name, file)?;
    let s = c.str().map_err(|e| pe(file, name, e))?;
    let mut cache = crate::frame::CodeCache::new(codes);
    Ok(Box::new(
        s.downcast_iter()
            .flat_map(|a| a.iter())
            .map(move |v| Ok(v.map(|v| cache.code(v)))),
    ))
}

/// How many distinct values a text column is expected to hold.
#[derive(Debug, Clone, Copy)]
enum Distinct {
    /// About one per row or two (child ids).
    Many,
    /// Far fewer than rows (codes, worker ids, ids already known).
    Few,
}

/// An id (la, child_id, worker_id), shared (see [`shared_text`]).
struct Id;
impl Kind for Id {
    type T = std::sync::Arc<str>;
    fn build<'a>(name: &str, values: impl Iterator<Item = &'a Self::T>) -> Column {
        Column::new(name.into(), values.map(|v| &**v).collect::<Vec<&str>>())
    }
    /// (The frame's path: only worker ids, a few hundred per LA.)
    fn values<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, Self::T>> {
        Ok(required(
            shared_text(df, name, file, None, Distinct::Few)?,
            file,
            name,
        ))
    }
    fn values_known<'d>(
        df: &'d DataFrame,
        name: &str,
        file: &str,
        known: Option<&'d Known>,
    ) -> Result<Values<'d, Self::T>> {
        let distinct = if known.is_some() {
            Distinct::Few
        } else {
            Distinct::Many
        };
        Ok(required(
            shared_text(df, name, file, known, distinct)?,
            file,
            name,
        ))
    }
    type Row = crate::frame::Code;
    /// (Only worker ids: the LA and child are read as borrowed text.)
    fn row_values<'d>(
        df: &'d DataFrame,
        name: &str,
        file: &str,
        codes: &'d crate::frame::Codes,
    ) -> Result<Values<'d, Self::Row>> {
        Ok(required(coded_text(df, name, file, codes)?, file, name))
    }
}

/// Optional text, shared (see [`shared_text`]).
struct OptText;
impl Kind for OptText {
    type T = Option<std::sync::Arc<str>>;
    fn build<'a>(name: &str, values: impl Iterator<Item = &'a Self::T>) -> Column {
        Column::new(
            name.into(),
            values.map(|v| v.as_deref()).collect::<Vec<_>>(),
        )
    }
    fn values<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, Self::T>> {
        shared_text(df, name, file, None, Distinct::Few)
    }
    type Row = Option<crate::frame::Code>;
    fn row_values<'d>(
        df: &'d DataFrame,
        name: &str,
        file: &str,
        codes: &'d crate::frame::Codes,
    ) -> Result<Values<'d, Self::Row>> {
        coded_text(df, name, file, codes)
    }
}

struct Date;
impl Kind for Date {
    same_in_rows!();
    type T = NaiveDate;
    fn build<'a>(name: &str, values: impl Iterator<Item = &'a NaiveDate>) -> Column {
        Int32Chunked::from_iter_values(name.into(), values.map(|d| days(*d)))
            .into_date()
            .into_column()
    }
    fn values<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, Self::T>> {
        Ok(required(opt_dates(df, name, file)?, file, name))
    }
}

struct OptDate;
impl Kind for OptDate {
    same_in_rows!();
    type T = Option<NaiveDate>;
    fn build<'a>(name: &str, values: impl Iterator<Item = &'a Option<NaiveDate>>) -> Column {
        Int32Chunked::from_iter_options(name.into(), values.map(|d| d.map(days)))
            .into_date()
            .into_column()
    }
    fn values<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, Self::T>> {
        opt_dates(df, name, file)
    }
}

struct DateTime;
impl Kind for DateTime {
    same_in_rows!();
    type T = NaiveDateTime;
    fn build<'a>(name: &str, values: impl Iterator<Item = &'a NaiveDateTime>) -> Column {
        Int64Chunked::from_iter_values(name.into(), values.map(|d| d.and_utc().timestamp_millis()))
            .into_datetime(TimeUnit::Milliseconds, None)
            .into_column()
    }
    fn values<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, Self::T>> {
        Ok(required(opt_datetimes(df, name, file)?, file, name))
    }
}

struct OptDateTime;
impl Kind for OptDateTime {
    same_in_rows!();
    type T = Option<NaiveDateTime>;
    fn build<'a>(name: &str, values: impl Iterator<Item = &'a Option<NaiveDateTime>>) -> Column {
        Int64Chunked::from_iter_options(
            name.into(),
            values.map(|d| d.map(|d| d.and_utc().timestamp_millis())),
        )
        .into_datetime(TimeUnit::Milliseconds, None)
        .into_column()
    }
    fn values<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, Self::T>> {
        opt_datetimes(df, name, file)
    }
}

struct Bool;
impl Kind for Bool {
    same_in_rows!();
    type T = bool;
    fn build<'a>(name: &str, values: impl Iterator<Item = &'a bool>) -> Column {
        Column::new(name.into(), values.copied().collect::<Vec<_>>())
    }
    fn values<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, Self::T>> {
        Ok(required(opt_bools(df, name, file)?, file, name))
    }
}

struct OptBool;
impl Kind for OptBool {
    same_in_rows!();
    type T = Option<bool>;
    fn build<'a>(name: &str, values: impl Iterator<Item = &'a Option<bool>>) -> Column {
        Column::new(name.into(), values.copied().collect::<Vec<_>>())
    }
    fn values<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, Self::T>> {
        opt_bools(df, name, file)
    }
}

struct OptU32;
impl Kind for OptU32 {
    same_in_rows!();
    type T = Option<u32>;
    fn build<'a>(name: &str, values: impl Iterator<Item = &'a Option<u32>>) -> Column {
        Column::new(name.into(), values.copied().collect::<Vec<_>>())
    }
    fn values<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, Self::T>> {
        // Whatever integer type the file has: cast (a copy, of a small column).
        let c = column(df, name, file)?
            .cast(&DataType::UInt32)
            .map_err(|e| pe(file, name, e))?;
        let v: Vec<Option<u32>> = c.u32().map_err(|e| pe(file, name, e))?.iter().collect();
        Ok(Box::new(v.into_iter().map(Ok)))
    }
}

fn decode<E: Code>(v: Option<&str>, i: usize, at: &At) -> Result<Option<E>> {
    match v {
        None => Ok(None),
        Some(s) => E::from_code(s).map(Some).ok_or_else(|| {
            at.error(
                i,
                format!(
                    "unknown code {s:?}; expected one of {:?}",
                    E::all().iter().map(|e| e.code()).collect::<Vec<_>>()
                ),
            )
        }),
    }
}

fn opt_codes<'d, E: Code>(
    df: &'d DataFrame,
    name: &str,
    file: &str,
) -> Result<Values<'d, Option<E>>> {
    let at = At::new(file, name);
    let s = column(df, name, file)?
        .str()
        .map_err(|e| pe(file, name, e))?;
    Ok(Box::new(
        s.iter()
            .enumerate()
            .map(move |(i, v)| decode::<E>(v, i, &at)),
    ))
}

struct Enum<E>(PhantomData<E>);
impl<E: Code> Kind for Enum<E> {
    same_in_rows!();
    type T = E;
    fn build<'a>(name: &str, values: impl Iterator<Item = &'a E>) -> Column
    where
        Self::T: 'a,
    {
        Column::new(name.into(), values.map(|e| e.code()).collect::<Vec<_>>())
    }
    fn values<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, Self::T>> {
        Ok(required(opt_codes::<E>(df, name, file)?, file, name))
    }
}

struct OptEnum<E>(PhantomData<E>);
impl<E: Code> Kind for OptEnum<E> {
    same_in_rows!();
    type T = Option<E>;
    fn build<'a>(name: &str, values: impl Iterator<Item = &'a Option<E>>) -> Column
    where
        Self::T: 'a,
    {
        Column::new(
            name.into(),
            values.map(|e| e.map(|e| e.code())).collect::<Vec<_>>(),
        )
    }
    fn values<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, Self::T>> {
        opt_codes::<E>(df, name, file)
    }
}

/// A table of the canonical form.
trait Table: Sized + crate::frame::Compact {
    fn to_frame(rows: &[Self]) -> PolarsResult<DataFrame>;
    fn from_frame(df: &DataFrame, file: &str, known: Option<&Known>) -> Result<Vec<Self>>;
    /// The rows of `df` straight into a frame's rows, grouped by LA (no
    /// record is made; the LA and child id are borrowed from the column).
    fn to_rows<'d>(
        df: &'d DataFrame,
        file: &str,
        codes: &'d crate::frame::Codes,
    ) -> Result<crate::frame::Split<'d, Self::Row>>;
}

/// A required text column, borrowed value by value.
fn texts<'d>(df: &'d DataFrame, name: &str, file: &str) -> Result<Values<'d, &'d str>> {
    let c = column(df, name, file)?;
    let s = c.str().map_err(|e| pe(file, name, e))?;
    let at = At::new(file, name);
    Ok(Box::new(
        s.downcast_iter()
            .flat_map(|a| a.iter())
            .enumerate()
            .map(move |(i, v)| {
                v.ok_or_else(|| at.error(i, "this value is required but is null".into()))
            }),
    ))
}

macro_rules! table {
    ($ty:ident { la: Id, child_id: Id, $($field:ident : $kind:ty),* $(,)? }) => {
        impl Table for $ty {
            fn to_frame(rows: &[Self]) -> PolarsResult<DataFrame> {
                DataFrame::new_infer_height(vec![
                    Id::build("la", rows.iter().map(|r| &r.la)),
                    Id::build("child_id", rows.iter().map(|r| &r.child_id)),
                    $( <$kind as Kind>::build(stringify!($field), rows.iter().map(|r| &r.$field)) ),*
                ])
            }
            fn from_frame(df: &DataFrame, file: &str, known: Option<&Known>) -> Result<Vec<Self>> {
                let n = df.height();
                let mut la = Id::values_known(df, "la", file, known)?;
                let mut child_id = Id::values_known(df, "child_id", file, known)?;
                $( let mut $field = <$kind as Kind>::values_known(df, stringify!($field), file, known)?; )*
                let mut out = Vec::with_capacity(n);
                for _ in 0..n {
                    out.push($ty {
                        la: match la.next() { Some(v) => v?, None => break },
                        child_id: match child_id.next() { Some(v) => v?, None => break },
                        $( $field: match $field.next() { Some(v) => v?, None => break }, )*
                    });
                }
                Ok(out)
            }
            fn to_rows<'d>(
                df: &'d DataFrame,
                file: &str,
                codes: &'d crate::frame::Codes,
            ) -> Result<crate::frame::Split<'d, Self::Row>> {
                let n = df.height();
                let mut la = texts(df, "la", file)?;
                let mut child_id = texts(df, "child_id", file)?;
                $( let mut $field = <$kind as Kind>::row_values(df, stringify!($field), file, codes)?; )*
                let mut split = crate::frame::Splitter::default();
                for (la, rows) in la_counts(df, file)? {
                    split.reserve(la, rows);
                }
                for _ in 0..n {
                    let la = match la.next() { Some(v) => v?, None => break };
                    let child = match child_id.next() { Some(v) => v?, None => break };
                    let row = crate::frame::rows::$ty {
                        child: 0,
                        $( $field: match $field.next() { Some(v) => v?, None => break }, )*
                    };
                    split.push(la, child, row);
                }
                Ok(split.finish())
            }
        }
    };
}

table!(Child {
    la: Id,
    child_id: Id,
    date_of_birth: OptDate,
    sex: OptText,
    ethnicity: OptText,
    disability: OptBool
});
table!(Contact { la: Id, child_id: Id, date: Date, source: OptText, outcome: OptEnum<ContactOutcome>, outcome_date: OptDate });
table!(MashContact { la: Id, child_id: Id, received: DateTime, screening_completed: OptDateTime, ended_before_screening: Bool, outcome: OptEnum<ContactOutcome> });
table!(EarlyHelpEpisode { la: Id, child_id: Id, start: Date, end: OptDate, end_reason: OptEnum<EarlyHelpEndReason> });
table!(EarlyHelpAssessment {
    la: Id,
    child_id: Id,
    start: Date,
    completed: OptDate
});
table!(Referral {
    la: Id,
    child_id: Id,
    date: Date,
    source: OptText,
    nfa: OptBool,
    decision_date: OptDate
});
table!(Assessment { la: Id, child_id: Id, start: Date, authorised: OptDate, outcome: OptEnum<AssessmentOutcome> });
table!(StrategyDiscussion { la: Id, child_id: Id, date: Date, outcome: OptEnum<StrategyOutcome>, police_attended: OptBool, health_attended: OptBool, education_attended: OptBool });
table!(Section47 {
    la: Id,
    child_id: Id,
    start: Date,
    icpc_required: OptBool
});
table!(Icpc {
    la: Id,
    child_id: Id,
    date: Date,
    s47_start: OptDate,
    plan_made: OptBool,
    police_attended: OptBool,
    health_attended: OptBool,
    education_attended: OptBool
});
table!(CinEpisode {
    la: Id,
    child_id: Id,
    start: Date,
    end: OptDate,
    closure_reason: OptText
});
table!(CinPlan {
    la: Id,
    child_id: Id,
    start: Date,
    end: OptDate
});
table!(CpPlan {
    la: Id,
    child_id: Id,
    start: Date,
    end: OptDate,
    initial_category: OptText,
    previous_plans: OptU32
});
table!(Visit {
    la: Id,
    child_id: Id,
    date: Date
});
table!(Review {
    la: Id,
    child_id: Id,
    due: Date,
    held: OptDate
});
table!(ClaEpisode {
    la: Id,
    child_id: Id,
    start: Date,
    end: OptDate,
    rne: OptText,
    legal_status: OptText,
    placement: OptText,
    provider: OptText,
    reason_ceased: OptText
});
table!(HealthCheck { la: Id, child_id: Id, date: Date, kind: Enum<HealthCheckKind> });
table!(MissingEpisode {
    la: Id,
    child_id: Id,
    start: Date,
    end: OptDate,
    rhi_offered: OptDate,
    rhi_completed: OptDate
});
table!(CareLeaverContact {
    la: Id,
    child_id: Id,
    date: Date,
    in_touch: OptBool,
    activity: OptText,
    accommodation_suitable: OptBool
});
table!(Allocation {
    la: Id,
    child_id: Id,
    worker_id: Id,
    start: Date,
    end: OptDate
});
table!(TeamAllocation {
    la: Id,
    child_id: Id,
    team: OptText,
    worker: OptText,
    start: OptDate,
    end: OptDate
});

/// A file polars could not decode as Parquet.
fn not_parquet(path: &Path, e: PolarsError) -> Error {
    Error::not_input(
        path.display().to_string(),
        format!("not a Parquet file that can be read: {e}"),
    )
}

/// A Parquet file that could not be written.
fn write_failed(path: &Path, e: PolarsError) -> Error {
    Error::write(path, std::io::Error::other(e))
}

fn write_one<T: Table>(rows: &[T], path: &Path) -> Result<()> {
    let file = path.display().to_string();
    let mut df = T::to_frame(rows).map_err(|e| pe(&file, "-", e))?;
    let f = std::fs::File::create(path).map_err(|e| Error::write(path, e))?;
    ParquetWriter::new(f)
        .finish(&mut df)
        .map_err(|e| write_failed(path, e))?;
    Ok(())
}

/// Rows converted per task: big tables are converted on every core.
const SLICE_ROWS: usize = 256 * 1024;

/// The file's columns, `None` when it is absent (an empty table). Row
/// groups are left as chunks (no copy into one): the reader walks them.
fn open_table(path: &Path) -> Result<Option<DataFrame>> {
    if !path.exists() {
        return Ok(None);
    }
    let f = std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
    let df = ParquetReader::new(f)
        .set_rechunk(false)
        .finish()
        .map_err(|e| not_parquet(path, e))?;
    Ok(Some(df))
}

fn read_one<T: Table + Send>(path: &Path, known: Option<&Known>) -> Result<Vec<T>> {
    use rayon::prelude::*;
    let Some(df) = open_table(path)? else {
        return Ok(Vec::new());
    };
    let file = path.display().to_string();
    let n = df.height();
    let parts: Vec<Vec<T>> = (0..n.div_ceil(SLICE_ROWS))
        .into_par_iter()
        .map(|k| {
            let offset = k * SLICE_ROWS;
            let slice = df.slice(offset as i64, SLICE_ROWS.min(n - offset));
            T::from_frame(&slice, &file, known).map_err(|e| shift_row(e, offset))
        })
        .collect::<Result<_>>()?;
    let mut rows = Vec::with_capacity(n);
    for part in parts {
        rows.extend(part);
    }
    Ok(rows)
}

/// An error in a slice starting at row `offset`, with the row in the file.
fn shift_row(e: Error, offset: usize) -> Error {
    match e {
        Error::Input { mut at, message } => {
            at.row = at.row.map(|r| r + offset);
            Error::Input { at, message }
        }
        other => other,
    }
}

use crate::events::tables;

/// Writes every table as `TABLE.parquet` in `dir` (created if needed).
pub fn write_dir(events: &Events, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    macro_rules! w {
        ($f:ident, $n:literal) => {
            write_one(&events.$f, &dir.join(concat!($n, ".parquet")))?;
        };
    }
    tables!(w);
    Ok(())
}

/// Writes events to `dir` as [`write_dir`] does, batch after batch, so a
/// caseload larger than memory can be written: each table's file is opened
/// at its first rows and every [`DirWriter::write`] appends its rows as new
/// row groups; [`DirWriter::finish`] closes the files (a table never given
/// a row is written empty, as [`write_dir`] writes it). The files read back
/// as the concatenation of the batches, in order.
///
/// ```
/// use scorecard_compute::{Events, events::Referral, readers::parquet};
/// let referral = |la: &str| Referral { la: la.into(), child_id: "1".into(),
///     date: "2024-01-05".parse().unwrap(), source: None, nfa: None, decision_date: None };
/// let dir = std::env::temp_dir().join("scorecard-doc-dir-writer");
/// let mut w = parquet::DirWriter::create(&dir).unwrap();
/// for la in ["A", "B"] {
///     let mut batch = Events::default();
///     batch.referrals.push(referral(la));
///     w.write(&batch).unwrap();
/// }
/// w.finish().unwrap();
/// let back = parquet::read_dir(&dir).unwrap();
/// assert_eq!(back.referrals, [referral("A"), referral("B")]);
/// assert!(back.children.is_empty()); // written, empty
/// # std::fs::remove_dir_all(&dir).ok();
/// ```
pub struct DirWriter {
    dir: std::path::PathBuf,
    /// One per table, in the order of [`Events`]: open once it has rows.
    files: Vec<Option<BatchedWriter<std::fs::File>>>,
}

impl std::fmt::Debug for DirWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirWriter")
            .field("dir", &self.dir)
            .field("open", &self.files.iter().filter(|w| w.is_some()).count())
            .finish()
    }
}

impl DirWriter {
    /// Ready to write into `dir` (created if needed).
    pub fn create(dir: &Path) -> Result<DirWriter> {
        std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        let mut files = Vec::new();
        macro_rules! slot {
            ($f:ident, $n:literal) => {
                files.push(None);
            };
        }
        tables!(slot);
        Ok(DirWriter {
            dir: dir.to_path_buf(),
            files,
        })
    }

    /// Appends every table's rows of `events`.
    pub fn write(&mut self, events: &Events) -> Result<()> {
        let mut slots = self.files.iter_mut();
        macro_rules! w {
            ($f:ident, $n:literal) => {
                if let Some(slot) = slots.next() {
                    append_part(&events.$f, slot, &self.dir.join(concat!($n, ".parquet")))?;
                }
            };
        }
        tables!(w);
        Ok(())
    }

    /// Closes every file; writes the tables never given a row, empty.
    pub fn finish(self) -> Result<()> {
        let empty = Events::default();
        let mut files = self.files.into_iter();
        macro_rules! f {
            ($f:ident, $n:literal) => {
                let path = self.dir.join(concat!($n, ".parquet"));
                match files.next().flatten() {
                    Some(w) => {
                        w.finish().map_err(|e| write_failed(&path, e))?;
                    }
                    None => write_one(&empty.$f, &path)?,
                }
            };
        }
        tables!(f);
        Ok(())
    }
}

/// One table's rows of a batch appended to its file (opened at its first
/// rows).
fn append_part<T: Table>(
    rows: &[T],
    slot: &mut Option<BatchedWriter<std::fs::File>>,
    path: &Path,
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let file = path.display().to_string();
    let df = T::to_frame(rows).map_err(|e| pe(&file, "-", e))?;
    if slot.is_none() {
        let f = std::fs::File::create(path).map_err(|e| Error::write(path, e))?;
        let w = ParquetWriter::new(f)
            .batched(df.schema())
            .map_err(|e| write_failed(path, e))?;
        *slot = Some(w);
    }
    if let Some(w) = slot {
        w.write_batch(&df).map_err(|e| write_failed(path, e))?;
    }
    Ok(())
}

/// Reads the `TABLE.parquet` files of `tables` (every table when `None`)
/// present in `dir` straight into a [`Frame`] (no record is made): each
/// table's slices are converted on every core, grouped by LA, and then
/// validated LA by LA in parallel; only one table's columns are in memory
/// at once. The same frame as [`Frame::from_events`] of [`read_dir_tables`]
/// (a test checks), at a fraction of the cost.
///
/// ```
/// use scorecard_compute::{Events, Frame, events::Referral, readers::parquet};
/// let mut events = Events::default();
/// events.referrals.push(Referral { la: "LA".into(), child_id: "1".into(),
///     date: "2024-01-05".parse().unwrap(), source: None, nfa: None, decision_date: None });
/// let dir = std::env::temp_dir().join("scorecard-doc-read-frame");
/// parquet::write_dir(&events, &dir).unwrap();
/// let frame = parquet::read_frame(&dir, None).unwrap();
/// assert_eq!(frame.len(), 1);
/// assert_eq!(frame.las().collect::<Vec<_>>(), ["LA"]);
/// # std::fs::remove_dir_all(&dir).ok();
/// ```
pub fn read_frame(dir: &Path, tables: Option<&[crate::events::Table]>) -> Result<Frame> {
    read_frame_in_parts(dir, tables, PART_ROWS)
}

/// [`read_frame`], decoding at most `part_rows` rows of a file at once.
fn read_frame_in_parts(
    dir: &Path,
    tables: Option<&[crate::events::Table]>,
    part_rows: usize,
) -> Result<Frame> {
    let mut b = crate::frame::Builder::default();
    let codes = b.codes();
    let wanted = |name: &str| tables.is_none_or(|t| t.iter().any(|t| t.name() == name));
    macro_rules! r {
        ($(($field:ident, $name:literal, $row:ident, $check:expr)),* $(,)?) => {
            $(
                if wanted($name) {
                    let path = dir.join(concat!($name, ".parquet"));
                    read_rows::<$row>(&path, part_rows, &codes, |read, ex, by_la| {
                        b.$field(read, ex, by_la)
                    })?;
                }
            )*
        };
    }
    crate::frame::frame_tables!(r);
    drop(codes);
    Ok(b.finish())
}

/// Rows of one file decoded at once by [`read_frame`]: a big table is
/// decoded, converted and handed to the builder a part at a time, so its
/// decoded columns are never all in memory (at england's scale a table
/// holds tens of millions of rows). Measured on england (190 M events):
/// 4 M rows peaked at 7.86 GiB, 1 M at 7.53 GiB.
const PART_ROWS: usize = 1024 * 1024;

/// One file's rows into a frame builder (see [`read_frame`]), a part of
/// `part_rows` rows at a time (each part's slices converted on every
/// core); a missing file adds nothing (the table is empty).
fn read_rows<T: Table + Send>(
    path: &Path,
    part_rows: usize,
    codes: &crate::frame::Codes,
    mut add: impl for<'d> FnMut(
        u64,
        std::collections::BTreeMap<&'static str, u64>,
        crate::frame::ByLa<'d, T::Row>,
    ),
) -> Result<()> {
    use rayon::prelude::*;
    if !path.exists() {
        return Ok(());
    }
    let open = || std::fs::File::open(path).map_err(|e| Error::read(path, e));
    let mut reader = ParquetReader::new(open()?);
    let n = reader.num_rows().map_err(|e| not_parquet(path, e))?;
    let metadata = reader
        .get_metadata()
        .map_err(|e| not_parquet(path, e))?
        .clone();
    let file = path.display().to_string();
    let part_rows = part_rows.max(1);
    // An empty file is still read (its table added as read 0); `first`
    // never passes `n`.
    for first in (0..n.max(1)).step_by(part_rows) {
        let mut reader = ParquetReader::new(open()?)
            .with_slice(Some((first, part_rows.min(n - first))))
            .set_rechunk(false);
        reader.set_metadata(metadata.clone());
        let df = reader.finish().map_err(|e| not_parquet(path, e))?;
        let rows = df.height();
        let slices: Vec<DataFrame> = (0..rows.div_ceil(SLICE_ROWS))
            .map(|k| {
                let offset = k * SLICE_ROWS;
                df.slice(offset as i64, SLICE_ROWS.min(rows - offset))
            })
            .collect();
        let parts = slices
            .par_iter()
            .enumerate()
            .map(|(k, slice)| {
                T::to_rows(slice, &file, codes).map_err(|e| shift_row(e, first + k * SLICE_ROWS))
            })
            .collect::<Result<Vec<_>>>()?;
        let (read, excluded, by_la) = crate::frame::concat(parts);
        add(read, excluded, by_la);
    }
    Ok(())
}

/// Reads every `TABLE.parquet` present in `dir` (a missing file is an empty
/// table).
pub fn read_dir(dir: &Path) -> Result<Events> {
    read_dir_tables(dir, None)
}

/// Reads the `TABLE.parquet` files of `tables` (e.g. from
/// [`crate::engine::Options::tables`]; every table when `None`) present in
/// `dir`; the other tables are left empty. Tables are read one after the
/// other, each on every core (polars decodes in parallel, and big tables are
/// converted in slices), so only one table's columns are in memory at once.
pub fn read_dir_tables(dir: &Path, tables: Option<&[crate::events::Table]>) -> Result<Events> {
    let mut ev = Events::default();
    let wanted = |name: &str| tables.is_none_or(|t| t.iter().any(|t| t.name() == name));
    if wanted("children") {
        ev.children = read_one(&dir.join("children.parquet"), None)?;
    }
    // Every other table shares the children's ids (one allocation per child).
    let known: Option<Known> =
        (!ev.children.is_empty()).then(|| ev.children.iter().map(|c| c.child_id.clone()).collect());
    macro_rules! r {
        ($f:ident, $n:literal) => {
            if $n != "children" && wanted($n) {
                ev.$f = read_one(&dir.join(concat!($n, ".parquet")), known.as_ref())?;
            }
        };
    }
    tables!(r);
    Ok(ev)
}

/// A column of plain values for [`write_columns`].
#[derive(Debug, Clone, PartialEq)]
pub enum PlainColumn {
    /// Text (blank as null).
    Text(Vec<Option<String>>),
    /// Whole numbers.
    Integer(Vec<Option<i64>>),
    /// Decimal numbers.
    Number(Vec<Option<f64>>),
    /// Dates.
    Date(Vec<Option<NaiveDate>>),
}

/// Writes named, typed columns (all the same length) as one Parquet file:
/// for outputs such as the tidy scorecard, so that Power BI and DuckDB see
/// dates as dates and counts as integers. No polars type crosses the API.
///
/// ```
/// use scorecard_compute::readers::parquet::{write_columns, PlainColumn};
/// let path = std::env::temp_dir().join("scorecard-doc-columns.parquet");
/// write_columns(&path, &[
///     ("ref", PlainColumn::Text(vec![Some("CIN1".into())])),
///     ("numerator", PlainColumn::Integer(vec![Some(97)])),
/// ]).unwrap();
/// # std::fs::remove_file(&path).ok();
/// ```
pub fn write_columns(path: &Path, columns: &[(&str, PlainColumn)]) -> Result<()> {
    let file = path.display().to_string();
    let cols: Vec<Column> = columns
        .iter()
        .map(|(name, c)| match c {
            PlainColumn::Text(v) => Column::new((*name).into(), v.clone()),
            PlainColumn::Integer(v) => Column::new((*name).into(), v.clone()),
            PlainColumn::Number(v) => Column::new((*name).into(), v.clone()),
            PlainColumn::Date(v) => {
                Int32Chunked::from_iter_options((*name).into(), v.iter().map(|d| d.map(days)))
                    .into_date()
                    .into_column()
            }
        })
        .collect();
    let mut df = DataFrame::new_infer_height(cols).map_err(|e| pe(&file, "-", e))?;
    let f = std::fs::File::create(path).map_err(|e| Error::write(path, e))?;
    ParquetWriter::new(f)
        .finish(&mut df)
        .map_err(|e| write_failed(path, e))?;
    Ok(())
}

/// A table as text: its headings, and its rows of cells (`None` for a null).
pub(crate) type TextTable = (Vec<String>, Vec<Vec<Option<String>>>);

/// Reads any Parquet file as text: its column names and, row by row, each
/// cell as text (`None` for a null). Dates print as `YYYY-MM-DD`, date-times
/// as `YYYY-MM-DD HH:MM:SS`. For readers of other people's extracts (the
/// SSD) whose columns are named and typed by the extract, not by us.
pub(crate) fn read_text_table(path: &Path) -> Result<TextTable> {
    let f = std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
    let df = ParquetReader::new(f)
        .finish()
        .map_err(|e| not_parquet(path, e))?;
    let file = path.display().to_string();
    let headings: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let mut rows = vec![Vec::with_capacity(headings.len()); df.height()];
    for c in df.columns() {
        let name = c.name().to_string();
        let text = c
            .as_materialized_series()
            .cast(&DataType::String)
            .map_err(|e| pe(&file, &name, e))?;
        let s = text.str().map_err(|e| pe(&file, &name, e))?;
        for (row, v) in rows.iter_mut().zip(s.iter()) {
            row.push(v.map(str::to_string));
        }
    }
    Ok((headings, rows))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn referral(la: &str, child: &str, day: u32, decided: u32) -> Referral {
        Referral {
            la: la.into(),
            child_id: child.into(),
            date: NaiveDate::from_ymd_opt(2024, 1, day).unwrap(),
            source: Some("Police".into()),
            nfa: None,
            decision_date: NaiveDate::from_ymd_opt(2024, 1, decided),
        }
    }

    /// A file read two rows at a time gives the frame read at once: a row
    /// repeated in a later part is still V06, a row failing its rule is
    /// still counted, the LAs' rows keep their order.
    #[test]
    fn a_file_read_in_parts_is_the_file_read_at_once() {
        let ev = Events {
            referrals: vec![
                referral("A", "1", 2, 3),
                referral("A", "2", 3, 3),
                referral("B", "1", 4, 5),
                referral("A", "3", 5, 4), // decided before the referral: V12
                referral("B", "2", 6, 6),
                referral("A", "1", 2, 3), // the first row again, three parts on: V06
                referral("A", "1", 9, 9),
            ],
            ..Events::default()
        };
        let dir = std::env::temp_dir().join("scorecard-parquet-parts");
        write_dir(&ev, &dir).unwrap();
        let whole = read_frame_in_parts(&dir, None, PART_ROWS).unwrap();
        let parts = read_frame_in_parts(&dir, None, 2).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        // By hand: 7 read, one V12, one V06, 5 used: A keeps days 2, 3, 9
        // (children 1, 2, 1), B days 4, 6.
        for f in [&whole, &parts] {
            let q = &f.quality().tables["referrals"];
            assert_eq!((q.read, q.used), (7, 5));
            assert_eq!(q.excluded["V06: the same row twice"], 1);
            assert_eq!(q.excluded["V12: decision before referral"], 1);
            let days = |la: &str| -> Vec<(String, u32)> {
                let l = &f.las[la];
                l.referrals
                    .iter()
                    .map(|r| {
                        (
                            l.names[r.child as usize].to_string(),
                            chrono::Datelike::day(&r.date),
                        )
                    })
                    .collect()
            };
            assert_eq!(
                days("A"),
                [("1".into(), 2), ("2".into(), 3), ("1".into(), 9)]
            );
            assert_eq!(days("B"), [("1".into(), 4), ("2".into(), 6)]);
        }
        assert_eq!(whole.quality(), parts.quality());
    }
}
