//! Comparator averages: statistical neighbours, region, England, and any
//! other grouping a council reports (e.g. Greater Manchester).
//!
//! Each value carries its **vintage**, the year of the published figure it
//! is (e.g. `2022/23`): comparators lag the scorecard by a year or more and
//! the reader must see which year they are looking at.
//!
//! ```
//! use scorecard_core::{ComparatorKind, ComparatorSet, ComparatorValue, Vintage};
//! let sn = ComparatorSet::new("stat_neighbours", "Statistical Neighbour Average",
//!                             ComparatorKind::StatisticalNeighbours);
//! let v = ComparatorValue::new(&sn, "81".parse().unwrap(), "2022/23".parse().unwrap());
//! assert_eq!(v.vintage.to_string(), "2022/23");
//! assert_eq!(sn.heading(Some(&v.vintage)), "Statistical Neighbour Average (2022/23)");
//! ```

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::period::FinancialYear;

/// What kind of grouping a comparator set is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComparatorKind {
    /// The mean of the council's ten statistical neighbours.
    StatisticalNeighbours,
    /// The council's region (e.g. North West).
    Region,
    /// England.
    England,
    /// Any other grouping (a sub-region such as Greater Manchester).
    Other,
}

/// A named comparator set, e.g. "Statistical Neighbour Average".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparatorSet {
    /// Short key used in configuration and outputs (`stat_neighbours`).
    pub key: String,
    /// The heading as printed.
    pub name: String,
    /// What kind of set it is.
    pub kind: ComparatorKind,
    /// The vintage of this set's values when they all share one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vintage: Option<Vintage>,
}

impl ComparatorSet {
    /// A set with no common vintage.
    pub fn new(key: &str, name: &str, kind: ComparatorKind) -> Self {
        ComparatorSet {
            key: key.to_string(),
            name: name.to_string(),
            kind,
            vintage: None,
        }
    }

    /// The column heading: the name with the vintage in brackets.
    pub fn heading(&self, vintage: Option<&Vintage>) -> String {
        match vintage.or(self.vintage.as_ref()) {
            Some(v) => format!("{} ({v})", self.name),
            None => self.name.clone(),
        }
    }
}

/// One comparator value for one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparatorValue {
    /// The set's key.
    pub set: String,
    /// The set's kind.
    pub kind: ComparatorKind,
    /// The value, in the indicator's unit.
    pub value: Decimal,
    /// Which year's published figure it is.
    pub vintage: Vintage,
    /// For averages of several councils: how many contributed (e.g. 9 of
    /// 10 neighbours when one is suppressed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contributors: Option<u32>,
}

impl ComparatorValue {
    /// A value of `set` with its vintage.
    pub fn new(set: &ComparatorSet, value: Decimal, vintage: Vintage) -> Self {
        ComparatorValue {
            set: set.key.clone(),
            kind: set.kind,
            value,
            vintage,
            contributors: None,
        }
    }
}

/// The year a published figure belongs to: a financial year (`2022/23`,
/// also accepted as `2022-23`), or a snapshot year (`2022`, e.g. the
/// workforce census at 30 September).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Vintage {
    /// A financial year, shown `2022/23`.
    FinancialYear(FinancialYear),
    /// A calendar year snapshot, shown `2022`.
    Year(i32),
}

impl fmt::Display for Vintage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Vintage::FinancialYear(fy) => write!(
                f,
                "{}/{:02}",
                fy.start_year(),
                (fy.start_year() + 1).rem_euclid(100)
            ),
            Vintage::Year(y) => write!(f, "{y}"),
        }
    }
}

impl FromStr for Vintage {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            let y: i32 = t
                .parse()
                .map_err(|_| Error::parse("vintage", s, "a year such as 2022/23 or 2022"))?;
            return Ok(Vintage::Year(y));
        }
        t.parse::<FinancialYear>()
            .map(Vintage::FinancialYear)
            .map_err(|_| Error::parse("vintage", s, "a year such as 2022/23 or 2022"))
    }
}

impl TryFrom<String> for Vintage {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<Vintage> for String {
    fn from(v: Vintage) -> String {
        v.to_string()
    }
}
