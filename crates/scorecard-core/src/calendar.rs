//! Working days in England and Wales.
//!
//! Statutory timescales in children's social care are counted in working
//! days: 45 for a child and family assessment, 15 from the strategy
//! discussion to the initial child protection conference, 20 for an initial
//! health assessment. A working day is a Monday to Friday that is not a bank
//! holiday in England and Wales (nor an extra closure day a council adds).
//!
//! # Where the bank holidays come from
//! * 2018–2026: the published list (`data/bank-holidays-england-and-wales.csv`,
//!   built into the crate), which includes the one-off days: 2020-05-08 (VE
//!   day, replacing 4 May), 2022-06-02/03 (Platinum Jubilee), 2022-09-19
//!   (State Funeral), 2023-05-08 (Coronation).
//! * other years: the standing rules (New Year's Day, Good Friday, Easter
//!   Monday, first and last Monday in May, last Monday in August, Christmas
//!   and Boxing Day, with substitute days when they fall at a weekend), plus
//!   the two one-offs since 2010 before the list starts (2011-04-29 royal
//!   wedding; 2012's Spring bank holiday moved to 4 June and the Diamond
//!   Jubilee on 5 June).
//!
//! # The counting convention
//! The working days elapsed from `start` to `end` are the working days `d`
//! with `start < d <= end`: the start day itself is day 0, the next working
//! day is day 1. An assessment started on Friday 5 January 2024 and
//! authorised on Monday 8 January took 1 working day. When `end` is before
//! `start` the count is negative (the working days in `end < d <= start`,
//! negated), so a date recorded the wrong way round is visible, not hidden.
//!
//! Counting is O(1): the calendar holds a cumulative count of working days
//! for every date in its range. A date outside the range is an
//! [`Error::DateOutOfRange`], never a panic.
//!
//! ```
//! use chrono::NaiveDate;
//! use scorecard_core::WorkingDayCalendar;
//! let cal = WorkingDayCalendar::england_and_wales();
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! // Fri 22 Dec 2023 -> Tue 2 Jan 2024: 25, 26 Dec and 1 Jan are bank holidays.
//! assert_eq!(cal.working_days_between(d(2023, 12, 22), d(2024, 1, 2)).unwrap(), 4);
//! // 15 working days after a strategy discussion on Mon 4 Dec 2023:
//! assert_eq!(cal.add_working_days(d(2023, 12, 4), 15).unwrap(), d(2023, 12, 27));
//! ```

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::csv_text::Table;
use crate::error::{Error, Result};

const PUBLISHED_HOLIDAYS: &str = include_str!("../data/bank-holidays-england-and-wales.csv");
/// First and last year covered by the published list.
const PUBLISHED_YEARS: (i32, i32) = (2018, 2026);
/// The default range of [`WorkingDayCalendar::england_and_wales`].
pub const DEFAULT_YEARS: (i32, i32) = (2010, 2040);

/// A working-day calendar with an O(1) count of working days between two
/// dates. See the [module documentation](self) for the conventions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingDayCalendar {
    first: NaiveDate,
    last: NaiveDate,
    /// `cumulative[i]` = working days in `first ..= first + i`.
    cumulative: Vec<u32>,
    closures: BTreeSet<NaiveDate>,
}

/// Builds a [`WorkingDayCalendar`] over a range of years, with extra
/// closure days a council adds (e.g. a local office closure).
///
/// ```
/// use chrono::NaiveDate;
/// use scorecard_core::CalendarBuilder;
/// let closure = NaiveDate::from_ymd_opt(2024, 1, 5).unwrap();
/// let cal = CalendarBuilder::new(2023, 2025).extra_closure(closure).build().unwrap();
/// assert!(!cal.is_working_day(closure).unwrap());
/// ```
#[derive(Debug, Clone)]
pub struct CalendarBuilder {
    first_year: i32,
    last_year: i32,
    extra: BTreeSet<NaiveDate>,
}

impl CalendarBuilder {
    /// A builder for England and Wales over `first_year ..= last_year`.
    pub fn new(first_year: i32, last_year: i32) -> Self {
        CalendarBuilder {
            first_year,
            last_year,
            extra: BTreeSet::new(),
        }
    }

    /// Adds one extra non-working day.
    pub fn extra_closure(mut self, date: NaiveDate) -> Self {
        self.extra.insert(date);
        self
    }

    /// Adds several extra non-working days.
    pub fn extra_closures(mut self, dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.extra.extend(dates);
        self
    }

    /// Builds the calendar. Fails if the year range is empty or outside
    /// 1900–2200, or if the built-in bank-holiday list does not parse.
    pub fn build(self) -> Result<WorkingDayCalendar> {
        let (fy, ly) = (self.first_year, self.last_year);
        if fy > ly || fy < 1900 || ly > 2200 {
            return Err(Error::parse(
                "calendar year range",
                &format!("{fy}..={ly}"),
                "a first year no later than the last, both within 1900-2200",
            ));
        }
        let published = published_holidays()?;
        let mut closures: BTreeSet<NaiveDate> = BTreeSet::new();
        for year in fy..=ly {
            if (PUBLISHED_YEARS.0..=PUBLISHED_YEARS.1).contains(&year) {
                closures.extend(published.iter().copied().filter(|d| d.year() == year));
            } else {
                closures.extend(standard_bank_holidays(year));
            }
        }
        let first = ymd(fy, 1, 1)?;
        let last = ymd(ly, 12, 31)?;
        closures.extend(
            self.extra
                .iter()
                .copied()
                .filter(|d| *d >= first && *d <= last),
        );
        let mut cumulative = Vec::with_capacity(((ly - fy + 1) * 366) as usize);
        let mut running = 0u32;
        let mut day = first;
        while day <= last {
            if is_weekday(day) && !closures.contains(&day) {
                running += 1;
            }
            cumulative.push(running);
            day = match day.succ_opt() {
                Some(next) => next,
                None => break,
            };
        }
        Ok(WorkingDayCalendar {
            first,
            last,
            cumulative,
            closures,
        })
    }
}

impl WorkingDayCalendar {
    /// England and Wales, years [`DEFAULT_YEARS`] (2010–2040).
    pub fn england_and_wales() -> Self {
        // The built-in list is checked by this crate's tests, so the default
        // range cannot fail; fall back to a weekend-only calendar rather
        // than panic if it ever did.
        match CalendarBuilder::new(DEFAULT_YEARS.0, DEFAULT_YEARS.1).build() {
            Ok(cal) => cal,
            Err(_) => WorkingDayCalendar::weekends_only(DEFAULT_YEARS.0, DEFAULT_YEARS.1),
        }
    }

    fn weekends_only(fy: i32, ly: i32) -> Self {
        let first = NaiveDate::from_ymd_opt(fy, 1, 1).unwrap_or(NaiveDate::MIN);
        let last = NaiveDate::from_ymd_opt(ly, 12, 31).unwrap_or(first);
        let mut cumulative = Vec::new();
        let mut running = 0;
        for day in first.iter_days().take_while(|d| *d <= last) {
            running += u32::from(is_weekday(day));
            cumulative.push(running);
        }
        WorkingDayCalendar {
            first,
            last,
            cumulative,
            closures: BTreeSet::new(),
        }
    }

    /// First date covered.
    pub fn first_date(&self) -> NaiveDate {
        self.first
    }

    /// Last date covered.
    pub fn last_date(&self) -> NaiveDate {
        self.last
    }

    fn index(&self, date: NaiveDate) -> Result<usize> {
        if date < self.first || date > self.last {
            return Err(Error::DateOutOfRange {
                date,
                first: self.first,
                last: self.last,
            });
        }
        // Day numbers, not `date - first`: chrono's `TimeDelta` and its
        // division cost more than the rest of a working-day count.
        Ok((date.num_days_from_ce() - self.first.num_days_from_ce()) as usize)
    }

    /// Is `date` a working day (a weekday that is not a bank holiday or an
    /// extra closure)?
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool> {
        self.index(date)?;
        Ok(is_weekday(date) && !self.closures.contains(&date))
    }

    /// Is `date` a bank holiday or extra closure day (whatever its weekday)?
    pub fn is_closure(&self, date: NaiveDate) -> Result<bool> {
        self.index(date)?;
        Ok(self.closures.contains(&date))
    }

    /// Bank holidays and extra closures in `year`, in date order.
    pub fn closures_in_year(&self, year: i32) -> impl Iterator<Item = NaiveDate> + '_ {
        self.closures
            .iter()
            .copied()
            .filter(move |d| d.year() == year)
    }

    /// The working days `d` with `start < d <= end` (negative when `end <
    /// start`). O(1).
    pub fn working_days_between(&self, start: NaiveDate, end: NaiveDate) -> Result<i64> {
        let (s, e) = (self.index(start)?, self.index(end)?);
        Ok(i64::from(self.cumulative[e]) - i64::from(self.cumulative[s]))
    }

    /// The working day that is `n` working days after `start` under the same
    /// convention: the first date `d` with `working_days_between(start, d) ==
    /// n`. With `n == 0` this is `start` itself. O(log n).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate> {
        let s = self.index(start)?;
        if n == 0 {
            return Ok(start);
        }
        let goal = self.cumulative[s] + n;
        let offset = self.cumulative.partition_point(|&c| c < goal);
        if offset >= self.cumulative.len() {
            return Err(Error::DateOutOfRange {
                date: self
                    .last
                    .checked_add_days(Days::new(1))
                    .unwrap_or(self.last),
                first: self.first,
                last: self.last,
            });
        }
        Ok(self.first + Days::new(offset as u64))
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        Error::parse(
            "date",
            &format!("{y}-{m:02}-{d:02}"),
            "a real calendar date",
        )
    })
}

fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The built-in published list (2018–2026).
pub fn published_holidays() -> Result<Vec<NaiveDate>> {
    let table = Table::parse(
        PUBLISHED_HOLIDAYS,
        "built-in bank-holidays-england-and-wales.csv",
    )?;
    let col = table.column("date")?;
    table
        .records
        .iter()
        .map(|r| {
            NaiveDate::parse_from_str(r.fields[col].trim(), "%Y-%m-%d")
                .map_err(|_| table.cell_error(r, col, "expected a date as YYYY-MM-DD"))
        })
        .collect()
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian
/// algorithm, "Meeus/Jones/Butcher").
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// The bank holidays in England and Wales in `year` under the standing rules,
/// with the known one-off changes of 2011 and 2012 and of 2020–2023.
pub fn standard_bank_holidays(year: i32) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let Some(jan1) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return out;
    };
    out.push(next_weekday_on_or_after(jan1));
    if let Some(easter) = easter_sunday(year) {
        out.push(easter - Days::new(2));
        out.push(easter + Days::new(1));
    }
    let first_may_monday = NaiveDate::from_weekday_of_month_opt(year, 5, Weekday::Mon, 1);
    let last_may_monday = last_monday(year, 5);
    let last_aug_monday = last_monday(year, 8);
    match year {
        2020 => out.extend(NaiveDate::from_ymd_opt(2020, 5, 8)),
        _ => out.extend(first_may_monday),
    }
    match year {
        2012 => out.extend(
            [ymd_opt(2012, 6, 4), ymd_opt(2012, 6, 5)]
                .into_iter()
                .flatten(),
        ),
        2022 => out.extend(
            [ymd_opt(2022, 6, 2), ymd_opt(2022, 6, 3)]
                .into_iter()
                .flatten(),
        ),
        _ => out.extend(last_may_monday),
    }
    out.extend(last_aug_monday);
    match year {
        2011 => out.extend(ymd_opt(2011, 4, 29)),
        2022 => out.extend(ymd_opt(2022, 9, 19)),
        2023 => out.extend(ymd_opt(2023, 5, 8)),
        _ => {}
    }
    if let (Some(xmas), Some(boxing)) = (ymd_opt(year, 12, 25), ymd_opt(year, 12, 26)) {
        let (x, b) = match xmas.weekday() {
            // Christmas on Saturday: Christmas substitute Monday 27, Boxing Tuesday 28.
            Weekday::Sat => (xmas + Days::new(2), boxing + Days::new(2)),
            // Christmas on Sunday: Boxing Day Monday 26, Christmas substitute Tuesday 27.
            Weekday::Sun => (xmas + Days::new(2), boxing),
            // Christmas on Friday: Boxing Day (Saturday) substitute Monday 28.
            Weekday::Fri => (xmas, boxing + Days::new(2)),
            _ => (xmas, boxing),
        };
        out.push(x);
        out.push(b);
    }
    out.sort();
    out
}

fn ymd_opt(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn next_weekday_on_or_after(mut d: NaiveDate) -> NaiveDate {
    while !is_weekday(d) {
        d = d + Days::new(1);
    }
    d
}

fn last_monday(year: i32, month: u32) -> Option<NaiveDate> {
    (1..=5)
        .rev()
        .find_map(|n| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n))
}
