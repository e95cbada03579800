//! Benchmarking against every LA, as DfE's LA Interactive Tool (LAIT) does:
//! the LA's **rank** (1 = best by the indicator's polarity; tied values
//! share the smallest rank, so two LAs tied for best are both 1 and the
//! next is 3), its **quartile band** A (best quarter) to D, and the change
//! from the previous year.
//!
//! The band is the rank's place among the `n` LAs ranked: A when
//! `(rank - 1) / n < 1/4`, B below 1/2, C below 3/4, else D; with 152 LAs,
//! ranks 1–38 are A. Values are compared as published (rounded to the
//! indicator's precision), so LAs that print the same figure tie. For an
//! indicator with no better direction (contextual or within a band) rank 1
//! is the highest value and A the highest quarter, as LAIT does.
//!
//! ```
//! use rust_decimal::Decimal;
//! use scorecard_core::benchmark::{rank, Band};
//! use scorecard_core::Polarity;
//! let d = |s: &str| s.parse::<Decimal>().unwrap();
//! // Five LAs; lower is better; two tie at 20.0.
//! let all = [d("18.5"), d("20.0"), d("20.0"), d("25.1"), d("30.0")];
//! let r = rank(d("20.0"), &all, Polarity::LowerIsBetter, 1).unwrap();
//! assert_eq!((r.rank, r.of, r.band), (2, 5, Band::A)); // one LA better; (2-1)/5 < 1/4
//! let r = rank(d("25.1"), &all, Polarity::LowerIsBetter, 1).unwrap();
//! assert_eq!((r.rank, r.band), (4, Band::C)); // three better; 3/5 is below 3/4
//! ```

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::comparator::Vintage;
use crate::error::{Error, Result};
use crate::indicator::Polarity;
use crate::value::round_half_away;

/// A quartile band, A (best quarter) to D.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Band {
    /// The best quarter.
    A,
    /// The second quarter.
    B,
    /// The third quarter.
    C,
    /// The worst quarter.
    D,
}

impl Band {
    /// The letter.
    pub fn letter(self) -> &'static str {
        match self {
            Band::A => "A",
            Band::B => "B",
            Band::C => "C",
            Band::D => "D",
        }
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.letter())
    }
}

impl FromStr for Band {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "A" => Ok(Band::A),
            "B" => Ok(Band::B),
            "C" => Ok(Band::C),
            "D" => Ok(Band::D),
            _ => Err(Error::parse("quartile band", s, "A, B, C or D")),
        }
    }
}

impl TryFrom<String> for Band {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<Band> for String {
    fn from(b: Band) -> String {
        b.letter().to_string()
    }
}

/// A rank among `of` LAs and its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    /// 1 = best.
    pub rank: u32,
    /// How many LAs were ranked (those with a published value).
    pub of: u32,
    /// The quartile band.
    pub band: Band,
}

/// The rank of `value` among `all` (which includes it), comparing values
/// rounded to `precision`; `None` when `all` is empty.
pub fn rank(value: Decimal, all: &[Decimal], polarity: Polarity, precision: u32) -> Option<Ranked> {
    if all.is_empty() {
        return None;
    }
    let v = round_half_away(value, precision);
    let better = |x: Decimal| match polarity {
        Polarity::LowerIsBetter => x < v,
        _ => x > v,
    };
    let ahead = all
        .iter()
        .filter(|x| better(round_half_away(**x, precision)))
        .count();
    let of = all.len() as u32;
    let rank = ahead as u32 + 1;
    Some(Ranked {
        rank,
        of,
        band: band(rank, of),
    })
}

/// The band of `rank` among `of`: A when `(rank - 1) / of < 1/4`, B below
/// 1/2, C below 3/4, else D.
pub fn band(rank: u32, of: u32) -> Band {
    let (r, n) = (u64::from(rank.max(1) - 1) * 4, u64::from(of.max(1)));
    if r < n {
        Band::A
    } else if r < 2 * n {
        Band::B
    } else if r < 3 * n {
        Band::C
    } else {
        Band::D
    }
}

/// An LA's place among all LAs for one indicator and year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benchmark {
    /// 1 = best.
    pub rank: u32,
    /// LAs ranked.
    pub of: u32,
    /// Quartile band.
    pub band: Band,
    /// The LA's published value that was ranked.
    #[serde(with = "crate::config::decimal_any")]
    pub value: Decimal,
    /// The year of the published figures.
    pub vintage: Vintage,
    /// The previous year's place (its own `previous` empty), when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Box<Benchmark>>,
}

impl Benchmark {
    /// `12th of 152 (A)`, with the previous year's when known:
    /// `12th of 152 (A; 2021/22: 20th, B)`.
    pub fn describe(&self) -> String {
        let now = format!("{} of {} ({})", ordinal(self.rank), self.of, self.band);
        match &self.previous {
            Some(p) => format!(
                "{now}; {}: {} of {} ({})",
                p.vintage,
                ordinal(p.rank),
                p.of,
                p.band
            ),
            None => now,
        }
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`, ...
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
