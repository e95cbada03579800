//! The period grid and the kernels every measure is built from: counts in
//! a period, rolling and year-to-date sums by prefix sums, period-end
//! snapshots by sweeping starts and ends.
//!
//! A grid's periods are months or weeks. It covers the
//! reported periods plus the year before the first (11 months, or 51
//! weeks), so a rolling year (12 months, or 52 weeks) or a year to date is
//! complete in every reported period. Index 0 is the grid's first period.

use chrono::NaiveDate;
use scorecard_core::{FinancialYear, Month, Week};

/// A child's merged period: (child, start, end).
pub(crate) type Period = (u32, NaiveDate, Option<NaiveDate>);

/// One period of a grid: a month or a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Key {
    Month(Month),
    Week(Week),
}

impl Key {
    /// The period's last day.
    pub fn last_day(self) -> NaiveDate {
        match self {
            Key::Month(m) => m.last_day(),
            Key::Week(w) => w.last_day(),
        }
    }

    /// The month the period belongs to (a week's: that of its last day),
    /// for the population of a rate.
    pub fn month(self) -> Month {
        match self {
            Key::Month(m) => m,
            Key::Week(w) => w.month(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum First {
    Month(Month),
    Week(Week),
}

/// Periods `first ..= last` of the internal grid, and where reporting starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grid {
    first: First,
    pub len: usize,
    /// Index of the first reported period.
    pub report_from: usize,
}

impl Grid {
    /// A monthly grid for reporting `report_first ..= report_last`.
    pub fn new(report_first: Month, report_last: Month) -> Grid {
        let first = report_first.plus(-11);
        let len = (first.months_until(report_last) + 1).max(0) as usize;
        Grid {
            first: First::Month(first),
            len,
            report_from: 11,
        }
    }

    /// A weekly grid for reporting `report_first ..= report_last`.
    pub fn weekly(report_first: Week, report_last: Week) -> Grid {
        let first = report_first.plus(-51);
        let len = (first.weeks_until(report_last) + 1).max(0) as usize;
        Grid {
            first: First::Week(first),
            len,
            report_from: 51,
        }
    }

    /// The period at index `i`.
    pub fn key(&self, i: usize) -> Key {
        match self.first {
            First::Month(m) => Key::Month(m.plus(i as i64)),
            First::Week(w) => Key::Week(w.plus(i as i64)),
        }
    }

    /// The last day of the period at index `i`.
    pub fn end(&self, i: usize) -> NaiveDate {
        self.key(i).last_day()
    }

    /// The last day of the period containing `date` (inside the grid or
    /// not).
    pub fn end_of(&self, date: NaiveDate) -> NaiveDate {
        match self.first {
            First::Month(_) => Month::of(date).last_day(),
            First::Week(w) => Week::of(date, w.end_weekday()).last_day(),
        }
    }

    /// Periods in a rolling year: 12 months or 52 weeks.
    pub fn year_len(&self) -> usize {
        match self.first {
            First::Month(_) => 12,
            First::Week(_) => 52,
        }
    }

    /// The reported periods with their grid indices.
    pub fn reported(&self) -> impl Iterator<Item = (usize, Key)> + '_ {
        (self.report_from..self.len).map(|i| (i, self.key(i)))
    }

    /// Signed period offset of `date` from the grid's first period.
    pub fn offset(&self, date: NaiveDate) -> i64 {
        match self.first {
            First::Month(m) => m.months_until(Month::of(date)),
            First::Week(w) => w.weeks_until(Week::of(date, w.end_weekday())),
        }
    }

    /// Grid index of the period containing `date`, if inside the grid.
    pub fn index(&self, date: NaiveDate) -> Option<usize> {
        let o = self.offset(date);
        (o >= 0 && (o as usize) < self.len).then_some(o as usize)
    }

    /// Number of dates in each period.
    pub fn count(&self, dates: impl IntoIterator<Item = NaiveDate>) -> Vec<i64> {
        let mut out = vec![0; self.len];
        for d in dates {
            if let Some(i) = self.index(d) {
                out[i] += 1;
            }
        }
        out
    }

    /// Sum over the `n` months ending at each month (prefix sums).
    pub fn rolling(&self, counts: &[i64], n: usize) -> Vec<i64> {
        let mut prefix = Vec::with_capacity(counts.len() + 1);
        prefix.push(0);
        for c in counts {
            prefix.push(prefix[prefix.len() - 1] + c);
        }
        (0..counts.len())
            .map(|i| prefix[i + 1] - prefix[(i + 1).saturating_sub(n)])
            .collect()
    }

    /// A rolling year's sum at each period (12 months or 52 weeks).
    pub fn rolling_year(&self, counts: &[i64]) -> Vec<i64> {
        self.rolling(counts, self.year_len())
    }

    /// Sum from the start of each period's financial year: from April for
    /// a month; for a week, over the weeks ending in the financial year
    /// (its first week may begin in March).
    pub fn year_to_date(&self, counts: &[i64]) -> Vec<i64> {
        let mut out = vec![0; counts.len()];
        let mut running = 0;
        let mut year: Option<FinancialYear> = None;
        for (i, c) in counts.iter().enumerate() {
            let fy = FinancialYear::of(self.end(i));
            if year != Some(fy) {
                running = 0;
                year = Some(fy);
            }
            running += c;
            out[i] = running;
        }
        out
    }

    /// Children open at each month end: each child's overlapping or touching
    /// records are merged first, so a child counts once. Returns the merged
    /// periods too.
    pub fn children_open(&self, items: impl Iterator<Item = Period>) -> (Vec<Period>, Vec<i64>) {
        let periods = merge_per_child(items.collect());
        let open = self.open_at_month_end(periods.iter().map(|(_, s, e)| (*s, *e)));
        (periods, open)
    }

    /// Not yet due is not late: per month end, the items begun by then, not
    /// done by then, and still inside their timescale (`within(item, month
    /// end)`). An item is looked at only from its start's month until it is
    /// done or out of time, so the cost is a few months per item.
    pub fn still_in_time<T>(
        &self,
        items: impl IntoIterator<Item = (NaiveDate, Option<NaiveDate>, T)>,
        within: impl Fn(&T, NaiveDate) -> bool,
    ) -> Vec<i64> {
        let mut out = vec![0; self.len];
        // Each period's last day worked out once, not once per item.
        let ends: Vec<NaiveDate> = (0..self.len).map(|i| self.end(i)).collect();
        for (start, done, item) in items {
            let from = (self.offset(start).max(0) as usize).min(self.len);
            for (slot, &eom) in out.iter_mut().zip(&ends).skip(from) {
                if done.is_some_and(|d| d <= eom) || !within(&item, eom) {
                    break;
                }
                *slot += 1;
            }
        }
        out
    }

    /// How many intervals are open at each month end: `start <= last day`
    /// and (`end` absent or `end > last day`). Intervals with `end < start`
    /// must be filtered out by the caller.
    pub fn open_at_month_end(
        &self,
        intervals: impl IntoIterator<Item = (NaiveDate, Option<NaiveDate>)>,
    ) -> Vec<i64> {
        let mut delta = vec![0i64; self.len + 1];
        for (start, end) in intervals {
            let s = self.offset(start).max(0);
            if s >= self.len as i64 {
                continue;
            }
            // Closed in the month containing `end` (end <= that month's last day).
            let e = match end {
                Some(end) => self.offset(end),
                None => self.len as i64,
            };
            if e <= s {
                continue;
            }
            let e = e.min(self.len as i64);
            delta[s as usize] += 1;
            delta[e as usize] -= 1;
        }
        let mut running = 0;
        delta[..self.len]
            .iter()
            .map(|d| {
                running += d;
                running
            })
            .collect()
    }
}

/// Merges each child's overlapping or touching intervals, so that a
/// snapshot counts children, not records. Input: (child, start, end); the
/// output is sorted by child, then start.
pub(crate) fn merge_per_child(mut items: Vec<Period>) -> Vec<Period> {
    items.sort_unstable();
    let mut out: Vec<Period> = Vec::with_capacity(items.len());
    for (child, start, end) in items {
        if let Some(last) = out.last_mut()
            && last.0 == child
        {
            match last.2 {
                None => continue,
                Some(prev_end) if start <= prev_end => {
                    last.2 = end.map(|e| e.max(prev_end));
                    continue;
                }
                _ => {}
            }
        }
        out.push((child, start, end));
    }
    out
}
