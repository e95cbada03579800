//! Reporting periods: calendar months, financial years (1 April to 31
//! March), financial quarters and rolling 12-month windows.
//!
//! A scorecard is reported by month. The other periods are windows that end
//! at a month:
//!
//! * **year to date** (YTD) at month M: from 1 April of the financial year
//!   containing M to the last day of M;
//! * **rolling 12 months** to M: the 12 calendar months up to and including M;
//! * **quarter**: the financial quarter containing M (Q1 = April to June).
//!
//! ```
//! use scorecard_core::{Month, FinancialYear};
//! let jan: Month = "Jan-24".parse().unwrap();
//! assert_eq!(jan, "2024-01".parse().unwrap());
//! assert_eq!(jan.label(), "Jan-24");
//! assert_eq!(jan.financial_year(), FinancialYear::starting(2023));
//! assert_eq!(jan.financial_year().to_string(), "2023-24");
//! let window = jan.rolling(12);
//! assert_eq!(window.first_month().to_string(), "2023-02");
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const MONTH_ABBR: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A calendar month. Ordered by time; displayed and serialised as `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u8,
}

impl Month {
    /// The month `month` (1–12) of `year`, or `None` if `month` is not 1–12.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (-9999..=9999).contains(&year)).then_some(Month {
            year,
            month: month as u8,
        })
    }

    /// The month containing `date`.
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month() as u8,
        }
    }

    /// Calendar year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Month number, 1 = January.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// Months since year 0, for arithmetic.
    fn ordinal(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    fn from_ordinal(n: i64) -> Month {
        Month {
            year: n.div_euclid(12) as i32,
            month: (n.rem_euclid(12) + 1) as u8,
        }
    }

    /// This month plus `n` months (`n` may be negative).
    pub fn plus(self, n: i64) -> Month {
        Month::from_ordinal(self.ordinal() + n)
    }

    /// The next month.
    pub fn succ(self) -> Month {
        self.plus(1)
    }

    /// The previous month.
    pub fn pred(self) -> Month {
        self.plus(-1)
    }

    /// Months from `self` to `other` (`other - self`).
    pub fn months_until(self, other: Month) -> i64 {
        other.ordinal() - self.ordinal()
    }

    /// First day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month(), 1).unwrap_or(NaiveDate::MIN)
    }

    /// Last day of the month.
    pub fn last_day(self) -> NaiveDate {
        self.succ().first_day().pred_opt().unwrap_or(NaiveDate::MIN)
    }

    /// Does the month contain `date`?
    pub fn contains(self, date: NaiveDate) -> bool {
        Month::of(date) == self
    }

    /// The financial year (April–March) containing this month.
    pub fn financial_year(self) -> FinancialYear {
        FinancialYear::starting(if self.month >= 4 {
            self.year
        } else {
            self.year - 1
        })
    }

    /// The financial quarter containing this month.
    pub fn quarter(self) -> Quarter {
        let fy = self.financial_year();
        let index = fy.start_month().months_until(self);
        Quarter {
            year: fy,
            number: (index / 3 + 1) as u8,
        }
    }

    /// The window of the `months` calendar months up to and including this one.
    pub fn rolling(self, months: u32) -> Window {
        Window {
            first: self.plus(-(i64::from(months.max(1)) - 1)),
            last: self,
        }
    }

    /// Year to date: from the April that starts this month's financial year
    /// to the end of this month.
    pub fn year_to_date(self) -> Window {
        Window {
            first: self.financial_year().start_month(),
            last: self,
        }
    }

    /// The same month one year earlier.
    pub fn year_earlier(self) -> Month {
        self.plus(-12)
    }

    /// The label published scorecards use, e.g. `Jan-24`.
    pub fn label(self) -> String {
        format!(
            "{}-{:02}",
            MONTH_ABBR[usize::from(self.month - 1)],
            self.year.rem_euclid(100)
        )
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = Error;

    /// Parses `2024-01` (ISO), `Jan-24`, `Jan-2024`, `Jan 24`, `January 2024`
    /// (case-insensitive). Two-digit years are 2000–2099.
    fn from_str(s: &str) -> Result<Month> {
        let err = || {
            Error::parse(
                "month",
                s,
                "a month such as 2024-01 or Jan-24 (also Jan-2024, January 2024)",
            )
        };
        let t = s.trim();
        if let Some((y, m)) = t.split_once('-')
            && y.len() == 4
            && y.bytes().all(|b| b.is_ascii_digit())
        {
            let year: i32 = y.parse().map_err(|_| err())?;
            if m.is_empty() || m.len() > 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            let month: u32 = m.parse().map_err(|_| err())?;
            return Month::new(year, month).ok_or_else(err);
        }
        let (name, year) = t
            .split_once(['-', ' ', '/'])
            .map(|(a, b)| (a.trim(), b.trim()))
            .ok_or_else(err)?;
        if name.len() < 3 {
            return Err(err());
        }
        let lower = name.to_ascii_lowercase();
        let month = MONTH_ABBR
            .iter()
            .position(|abbr| {
                let a = abbr.to_ascii_lowercase();
                lower == a || (lower.starts_with(&a) && full_month_name(&a).starts_with(&lower))
            })
            .ok_or_else(err)? as u32
            + 1;
        if !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = match year.len() {
            2 => 2000 + year.parse::<i32>().map_err(|_| err())?,
            4 => year.parse().map_err(|_| err())?,
            _ => return Err(err()),
        };
        Month::new(year, month).ok_or_else(err)
    }
}

fn full_month_name(abbr: &str) -> &'static str {
    match abbr {
        "jan" => "january",
        "feb" => "february",
        "mar" => "march",
        "apr" => "april",
        "may" => "may",
        "jun" => "june",
        "jul" => "july",
        "aug" => "august",
        "sep" => "september",
        "oct" => "october",
        "nov" => "november",
        _ => "december",
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A financial year, 1 April to 31 March, named by the calendar year it
/// starts in and displayed `2023-24`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FinancialYear {
    start_year: i32,
}

impl FinancialYear {
    /// The financial year starting on 1 April `start_year`.
    pub fn starting(start_year: i32) -> Self {
        FinancialYear { start_year }
    }

    /// The financial year containing `date`.
    pub fn of(date: NaiveDate) -> Self {
        Month::of(date).financial_year()
    }

    /// The calendar year it starts in.
    pub fn start_year(self) -> i32 {
        self.start_year
    }

    /// April of the start year.
    pub fn start_month(self) -> Month {
        Month {
            year: self.start_year,
            month: 4,
        }
    }

    /// March of the following year.
    pub fn end_month(self) -> Month {
        Month {
            year: self.start_year + 1,
            month: 3,
        }
    }

    /// The whole year as a window of 12 months.
    pub fn window(self) -> Window {
        Window {
            first: self.start_month(),
            last: self.end_month(),
        }
    }

    /// The previous financial year.
    pub fn pred(self) -> Self {
        FinancialYear::starting(self.start_year - 1)
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{:02}",
            self.start_year,
            (self.start_year + 1).rem_euclid(100)
        )
    }
}

impl FromStr for FinancialYear {
    type Err = Error;

    /// Parses `2023-24` or `2023/24` (also `2023/2024`). The second year
    /// must follow the first.
    fn from_str(s: &str) -> Result<Self> {
        let err = || Error::parse("financial year", s, "a year such as 2023-24 or 2023/24");
        let (a, b) = s.trim().split_once(['-', '/']).ok_or_else(err)?;
        if a.len() != 4 || !a.bytes().all(|c| c.is_ascii_digit()) {
            return Err(err());
        }
        let start: i32 = a.parse().map_err(|_| err())?;
        let end: i32 = match b.len() {
            2 if b.bytes().all(|c| c.is_ascii_digit()) => {
                let yy: i32 = b.parse().map_err(|_| err())?;
                (start + 1) / 100 * 100 + yy
            }
            4 if b.bytes().all(|c| c.is_ascii_digit()) => b.parse().map_err(|_| err())?,
            _ => return Err(err()),
        };
        if end != start + 1 {
            return Err(err());
        }
        Ok(FinancialYear::starting(start))
    }
}

/// A financial quarter: Q1 April–June, Q2 July–September, Q3
/// October–December, Q4 January–March.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: FinancialYear,
    number: u8,
}

impl Quarter {
    /// The financial year the quarter belongs to.
    pub fn financial_year(self) -> FinancialYear {
        self.year
    }

    /// 1 to 4.
    pub fn number(self) -> u32 {
        u32::from(self.number)
    }

    /// The quarter's three months.
    pub fn window(self) -> Window {
        let first = self.year.start_month().plus(i64::from(self.number - 1) * 3);
        Window {
            first,
            last: first.plus(2),
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Q{}", self.year, self.number)
    }
}

/// A run of whole calendar months, `first ..= last`.
///
/// ```
/// use scorecard_core::Month;
/// let m: Month = "2024-01".parse().unwrap();
/// let ytd = m.year_to_date();
/// assert_eq!(ytd.len(), 10); // April 2023 to January 2024
/// assert_eq!(ytd.first_day().to_string(), "2023-04-01");
/// assert_eq!(ytd.last_day().to_string(), "2024-01-31");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Window {
    first: Month,
    last: Month,
}

impl Window {
    /// The months `first ..= last`; `None` if `last` is before `first`.
    pub fn new(first: Month, last: Month) -> Option<Window> {
        (first <= last).then_some(Window { first, last })
    }

    /// First month.
    pub fn first_month(self) -> Month {
        self.first
    }

    /// Last month.
    pub fn last_month(self) -> Month {
        self.last
    }

    /// Number of months.
    pub fn len(self) -> usize {
        (self.first.months_until(self.last) + 1) as usize
    }

    /// Always false: a window holds at least one month.
    pub fn is_empty(self) -> bool {
        false
    }

    /// First day of the first month.
    pub fn first_day(self) -> NaiveDate {
        self.first.first_day()
    }

    /// Last day of the last month.
    pub fn last_day(self) -> NaiveDate {
        self.last.last_day()
    }

    /// Does the window contain `date`?
    pub fn contains(self, date: NaiveDate) -> bool {
        date >= self.first_day() && date <= self.last_day()
    }

    /// The months in order.
    pub fn months(self) -> impl Iterator<Item = Month> {
        let first = self.first;
        (0..self.len() as i64).map(move |i| first.plus(i))
    }
}
