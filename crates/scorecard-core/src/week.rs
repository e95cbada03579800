//! Weeks: the operational cadence. A week is seven days ending on a fixed
//! weekday, Sunday by default (ISO 8601: Monday to Sunday); a council whose
//! weekly meeting reads figures to Friday sets the week end to Friday, and
//! its weeks run Saturday to Friday.
//!
//! A week is named by the ISO week of its last day, `2024-W05`. It belongs
//! to the month and the financial year of its last day, so a week that
//! begins in March and ends in April is the first week of the new
//! financial year; its days in March still count in it.
//!
//! ```
//! use chrono::{NaiveDate, Weekday};
//! use scorecard_core::{Month, Week};
//! let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
//! let w: Week = "2024-W05".parse().unwrap();
//! assert_eq!((w.first_day(), w.last_day()), (d("2024-01-29"), d("2024-02-04")));
//! assert_eq!(w.month(), Month::new(2024, 2).unwrap()); // the month of its end
//! assert_eq!(Week::of(d("2024-02-01"), Weekday::Sun), w);
//! // Weeks to Friday: Saturday 27 January to Friday 2 February.
//! let friday = Week::of(d("2024-02-01"), Weekday::Fri);
//! assert_eq!((friday.first_day(), friday.to_string()), (d("2024-01-27"), "2024-W05".to_string()));
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::period::{FinancialYear, Month};

/// Seven days ending on `last_day()`. Ordered by time; displayed and
/// serialised as the ISO week of its last day, `2024-W05`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    end: NaiveDate,
}

impl Week {
    /// The week containing `date`, of weeks ending on `end`.
    pub fn of(date: NaiveDate, end: Weekday) -> Week {
        let ahead = (7 + end.num_days_from_monday() - date.weekday().num_days_from_monday()) % 7;
        Week {
            end: date
                .checked_add_days(Days::new(u64::from(ahead)))
                .unwrap_or(date),
        }
    }

    /// ISO week `week` of ISO year `year` (Monday to Sunday), or `None`
    /// when the year has no such week.
    pub fn iso(year: i32, week: u32) -> Option<Week> {
        let end = NaiveDate::from_isoywd_opt(year, week, Weekday::Sun)?;
        Some(Week { end })
    }

    /// The week of weeks ending on `end` whose last day is in ISO week
    /// `week` of `year` (`2024-W05` to Friday is Saturday 27 January to
    /// Friday 2 February 2024).
    pub fn iso_ending(year: i32, week: u32, end: Weekday) -> Option<Week> {
        Some(Week {
            end: NaiveDate::from_isoywd_opt(year, week, end)?,
        })
    }

    /// The weekday the week ends on.
    pub fn end_weekday(self) -> Weekday {
        self.end.weekday()
    }

    /// The first day.
    pub fn first_day(self) -> NaiveDate {
        self.end.checked_sub_days(Days::new(6)).unwrap_or(self.end)
    }

    /// The last day.
    pub fn last_day(self) -> NaiveDate {
        self.end
    }

    /// Is `date` in the week?
    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.end
    }

    /// The week `n` weeks later (earlier when negative).
    pub fn plus(self, n: i64) -> Week {
        let days = n.unsigned_abs().saturating_mul(7);
        let end = if n >= 0 {
            self.end.checked_add_days(Days::new(days))
        } else {
            self.end.checked_sub_days(Days::new(days))
        };
        Week {
            end: end.unwrap_or(self.end),
        }
    }

    /// The next week.
    pub fn succ(self) -> Week {
        self.plus(1)
    }

    /// Weeks from `self` to `other` (negative when `other` is earlier).
    pub fn weeks_until(self, other: Week) -> i64 {
        (other.end - self.end).num_days().div_euclid(7)
    }

    /// The month of the week's last day.
    pub fn month(self) -> Month {
        Month::of(self.end)
    }

    /// The financial year of the week's last day.
    pub fn financial_year(self) -> FinancialYear {
        FinancialYear::of(self.end)
    }

    /// The label for tables and headings: `W05 2024` (to 4 Feb).
    pub fn label(self) -> String {
        let iso = self.end.iso_week();
        format!(
            "W{:02} {} (to {})",
            iso.week(),
            iso.year(),
            self.end.format("%-d %b")
        )
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let iso = self.end.iso_week();
        write!(f, "{:04}-W{:02}", iso.year(), iso.week())
    }
}

impl FromStr for Week {
    type Err = Error;

    /// Parses `2024-W05` (also `2024W05`, `2024-w5`): the ISO week, Monday
    /// to Sunday. For another week end use [`Week::iso_ending`].
    fn from_str(s: &str) -> Result<Week> {
        parse_iso(s)
            .and_then(|(y, w)| Week::iso(y, w))
            .ok_or_else(|| Error::parse("week", s, "an ISO week such as 2024-W05"))
    }
}

/// `(year, week)` of `2024-W05`.
pub fn parse_iso(s: &str) -> Option<(i32, u32)> {
    let t = s.trim().to_ascii_uppercase();
    let (y, w) = t.split_once('W')?;
    let y = y.strip_suffix('-').unwrap_or(y);
    if y.len() != 4 || w.is_empty() || w.len() > 2 {
        return None;
    }
    Some((y.parse().ok()?, w.parse().ok()?))
}

impl Serialize for Week {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Week {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weeks_across_a_year_end_a_month_end_and_a_financial_year_end() {
        // 30 December 2024 is a Monday in ISO week 1 of 2025.
        let w = Week::of(d("2024-12-31"), Weekday::Sun);
        assert_eq!(w.to_string(), "2025-W01");
        assert_eq!(w.first_day(), d("2024-12-30"));
        // Monday 27 March to Sunday 2 April 2023: March and April, and
        // financial years 2022-23 and 2023-24; it is 2023-24's.
        let w = Week::of(d("2023-03-29"), Weekday::Sun);
        assert_eq!(
            (w.first_day(), w.last_day()),
            (d("2023-03-27"), d("2023-04-02"))
        );
        assert_eq!(w.to_string(), "2023-W13");
        assert_eq!(w.financial_year(), FinancialYear::starting(2023));
        assert_eq!(w.month(), Month::new(2023, 4).unwrap());
        assert_eq!(w.plus(-1).to_string(), "2023-W12");
        assert_eq!(w.plus(-1).weeks_until(w.succ()), 2);
        assert_eq!("2023-w13".parse::<Week>().unwrap(), w);
        assert!("2023-W54".parse::<Week>().is_err());
        assert!("2023-13".parse::<Week>().is_err());
        // A day that is the week end is in its own week.
        assert_eq!(Week::of(d("2023-04-02"), Weekday::Sun), w);
        assert_eq!(Week::of(d("2023-04-03"), Weekday::Sun), w.succ());
    }
}
