//! The month grid and the kernels every measure is built from: counts in
//! month, rolling and year-to-date sums by prefix sums, and month-end
//! snapshots by sweeping starts and ends.
//!
//! The grid covers the reporting months plus the 11 months before the first
//! (so a rolling 12-month window or a year to date is complete in every
//! reported month). Index 0 is the grid's first month.

use chrono::NaiveDate;
use scorecard_core::Month;

/// A child's merged period: (child, start, end).
pub(crate) type Period<'a> = (&'a str, NaiveDate, Option<NaiveDate>);

/// Months `first ..= last` of the internal grid, and where reporting starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grid {
    pub first: Month,
    pub len: usize,
    /// Index of the first reported month.
    pub report_from: usize,
}

impl Grid {
    /// A grid for reporting `report_first ..= report_last`.
    pub fn new(report_first: Month, report_last: Month) -> Grid {
        let first = report_first.plus(-11);
        let len = (first.months_until(report_last) + 1).max(0) as usize;
        Grid {
            first,
            len,
            report_from: 11,
        }
    }

    /// The month at index `i`.
    pub fn month(&self, i: usize) -> Month {
        self.first.plus(i as i64)
    }

    /// The reported months with their grid indices.
    pub fn reported(&self) -> impl Iterator<Item = (usize, Month)> + '_ {
        (self.report_from..self.len).map(|i| (i, self.month(i)))
    }

    /// Signed month offset of `date` from the grid's first month.
    pub fn offset(&self, date: NaiveDate) -> i64 {
        self.first.months_until(Month::of(date))
    }

    /// Grid index of the month containing `date`, if inside the grid.
    pub fn index(&self, date: NaiveDate) -> Option<usize> {
        let o = self.offset(date);
        (o >= 0 && (o as usize) < self.len).then_some(o as usize)
    }

    /// Number of dates in each month.
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

    /// Sum from the April starting each month's financial year.
    pub fn year_to_date(&self, counts: &[i64]) -> Vec<i64> {
        let mut out = vec![0; counts.len()];
        let mut running = 0;
        for (i, c) in counts.iter().enumerate() {
            if self.month(i).month() == 4 {
                running = 0;
            }
            running += c;
            out[i] = running;
        }
        out
    }

    /// Children open at each month end: each child's overlapping or touching
    /// records are merged first, so a child counts once. Returns the merged
    /// periods too.
    pub fn children_open<'a>(
        &self,
        items: impl Iterator<Item = (&'a str, NaiveDate, Option<NaiveDate>)>,
    ) -> (Vec<Period<'a>>, Vec<i64>) {
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
        for (start, done, item) in items {
            let from = (self.offset(start).max(0) as usize).min(self.len);
            for (i, slot) in out.iter_mut().enumerate().skip(from) {
                let eom = self.month(i).last_day();
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
pub(crate) fn merge_per_child(
    mut items: Vec<(&str, NaiveDate, Option<NaiveDate>)>,
) -> Vec<(&str, NaiveDate, Option<NaiveDate>)> {
    items.sort();
    let mut out: Vec<(&str, NaiveDate, Option<NaiveDate>)> = Vec::with_capacity(items.len());
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
