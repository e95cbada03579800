//! Indicator values and how they are rounded and shown.
//!
//! Counts are integers. Percentages, rates and averages are
//! [`rust_decimal::Decimal`]s, kept exact until they are shown; a percentage
//! is held as a number of percent (`86.3` for 86.3%), a rate as the number
//! per 10,000 children aged 0–17.
//!
//! Published tables round **half away from zero** (2.25 → 2.3, −2.25 →
//! −2.3). `Decimal::round_dp` rounds half to even (2.25 → 2.2), so every
//! figure shown goes through [`round_half_away`].
//!
//! ```
//! use rust_decimal::Decimal;
//! use scorecard_core::{round_half_away, Value, Unit};
//! let d: Decimal = "2.25".parse().unwrap();
//! assert_eq!(round_half_away(d, 1).to_string(), "2.3");
//! assert_eq!(d.round_dp(1).to_string(), "2.2"); // banker's rounding, not used
//! assert_eq!(Value::Decimal("86.25".parse().unwrap()).display(Unit::Percent, 1), "86.3%");
//! assert_eq!(Value::Count(1551).display(Unit::Count, 0), "1551");
//! ```

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::indicator::Unit;

/// One value of an indicator in one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A whole number of children, events, cases.
    Count(i64),
    /// A percentage (in percent), a rate per 10,000 or an average.
    Decimal(Decimal),
}

impl Value {
    /// The value as a decimal, for comparisons and arithmetic.
    pub fn as_decimal(self) -> Decimal {
        match self {
            Value::Count(n) => Decimal::from(n),
            Value::Decimal(d) => d,
        }
    }

    /// The value rounded half away from zero to `precision` decimal places
    /// (counts are returned as they are).
    pub fn rounded(self, precision: u32) -> Decimal {
        match self {
            Value::Count(n) => Decimal::from(n),
            Value::Decimal(d) => round_half_away(d, precision),
        }
    }

    /// The value as a scorecard shows it: rounded to `precision` places,
    /// with `%` for percentages.
    pub fn display(self, unit: Unit, precision: u32) -> String {
        let shown = match self {
            Value::Count(n) => n.to_string(),
            Value::Decimal(d) => {
                let r = round_half_away(d, precision);
                format!("{r:.prec$}", prec = precision as usize)
            }
        };
        if unit == Unit::Percent {
            format!("{shown}%")
        } else {
            shown
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Count(n) => write!(f, "{n}"),
            Value::Decimal(d) => write!(f, "{d}"),
        }
    }
}

/// Rounds half away from zero to `dp` decimal places, as published
/// statistics do.
pub fn round_half_away(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// `numerator / denominator × 100`, exact to 28 significant digits; `None`
/// when the denominator is zero.
///
/// ```
/// use scorecard_core::percent;
/// assert_eq!(percent(1, 3).unwrap().round_dp(4).to_string(), "33.3333");
/// assert_eq!(percent(5, 0), None);
/// ```
pub fn percent(numerator: i64, denominator: i64) -> Option<Decimal> {
    if denominator == 0 {
        return None;
    }
    Decimal::from(numerator)
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(Decimal::from(denominator))
}

/// `count / population × 10,000`: a rate per 10,000 children aged 0–17.
/// `None` when the population is zero.
///
/// ```
/// use scorecard_core::rate_per_10k;
/// assert_eq!(rate_per_10k(3380, 52_000).unwrap().to_string(), "650");
/// ```
pub fn rate_per_10k(count: i64, population: i64) -> Option<Decimal> {
    if population == 0 {
        return None;
    }
    Decimal::from(count)
        .checked_mul(Decimal::from(10_000))?
        .checked_div(Decimal::from(population))
}

/// A cell of a published scorecard as printed: its value, whether it was
/// printed as a percentage, and how many decimals were printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintedNumber {
    /// The number (in percent when `is_percent`).
    pub value: Decimal,
    /// Was it printed with a `%` sign?
    pub is_percent: bool,
    /// Decimal places printed.
    pub decimals: u32,
}

impl PrintedNumber {
    /// Parses a printed cell: `26%`, `52.0%`, `33.33%`, `107.8`, `1551`,
    /// `1,551`, `-3`. Blank, `n/a`, `-` and `..` are `Ok(None)` (no value).
    pub fn parse(text: &str) -> Result<Option<PrintedNumber>> {
        let t = text.trim();
        if t.is_empty() || t == "-" || t == ".." || t.eq_ignore_ascii_case("n/a") {
            return Ok(None);
        }
        let (body, is_percent) = match t.strip_suffix('%') {
            Some(b) => (b.trim(), true),
            None => (t, false),
        };
        let plain: String = body.chars().filter(|c| *c != ',').collect();
        let well_formed = !plain.is_empty()
            && plain
                .trim_start_matches('-')
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.')
            && plain.matches('.').count() <= 1
            && plain
                .trim_start_matches('-')
                .bytes()
                .any(|b| b.is_ascii_digit());
        if !well_formed {
            return Err(Error::parse(
                "number",
                text,
                "a number such as 26%, 52.0%, 107.8 or 1551 (blank or n/a for none)",
            ));
        }
        let value: Decimal = plain
            .parse()
            .map_err(|_| Error::parse("number", text, "a number within Decimal's range"))?;
        let decimals = plain.split_once('.').map_or(0, |(_, f)| f.len() as u32);
        Ok(Some(PrintedNumber {
            value,
            is_percent,
            decimals,
        }))
    }

    /// As a [`Value`]: a count when printed with no decimals and no `%`
    /// and the indicator's unit is a count, otherwise a decimal.
    pub fn to_value(self, unit: Unit) -> Value {
        if unit == Unit::Count
            && self.decimals == 0
            && !self.is_percent
            && self.value.scale() == 0
            && let Ok(n) = i64::try_from(self.value.mantissa())
        {
            return Value::Count(n);
        }
        Value::Decimal(self.value)
    }
}
