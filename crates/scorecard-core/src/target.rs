//! Targets: none, a single value, or a band.
//!
//! Published scorecards write targets as `85%`, `2175`, `20-24%`, `16-18`.
//! What "met" means depends on the indicator's [`Polarity`]:
//!
//! | target | higher is better | lower is better | within band / contextual |
//! |---|---|---|---|
//! | value `t` | `v >= t` | `v <= t` | not judged against a single value |
//! | band `lo-hi` | `v >= lo` | `v <= hi` | `lo <= v <= hi` |
//!
//! So a re-referral rate of 19% meets a `20-24%` band when lower is better
//! (being under the band is no failure), and a caseload of 14.7 meets
//! `16-18` when lower is better.
//!
//! ```
//! use rust_decimal::Decimal;
//! use scorecard_core::{Target, Polarity};
//! let band: Target = "20-24%".parse().unwrap();
//! let v: Decimal = "19".parse().unwrap();
//! assert!(band.check(v, Polarity::LowerIsBetter).unwrap().met);
//! assert!(!band.check(v, Polarity::WithinBand).unwrap().met);
//! let t: Target = "85%".parse().unwrap();
//! let miss = t.check("79.3".parse().unwrap(), Polarity::HigherIsBetter).unwrap();
//! assert!(!miss.met);
//! assert_eq!(miss.shortfall.to_string(), "5.7");
//! ```

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::indicator::{Polarity, Unit};

/// A target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Target {
    /// No target set.
    #[default]
    None,
    /// A single value (in the indicator's unit; percent for percentages).
    Value(Decimal),
    /// An inclusive band `low ..= high`.
    Band {
        /// Low end.
        low: Decimal,
        /// High end.
        high: Decimal,
    },
}

/// The result of checking a value against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetCheck {
    /// Is the target met?
    pub met: bool,
    /// How far the value is from meeting it (0 when met), in the
    /// indicator's unit (percentage points for percentages).
    pub shortfall: Decimal,
    /// The threshold that was missed or met (the bound that applies).
    pub threshold: Decimal,
}

impl TargetCheck {
    /// The shortfall as a fraction of the threshold (`None` when the
    /// threshold is zero).
    pub fn relative_shortfall(&self) -> Option<Decimal> {
        if self.threshold.is_zero() {
            None
        } else {
            self.shortfall.checked_div(self.threshold.abs())
        }
    }
}

impl Target {
    /// Is there a target at all?
    pub fn is_set(&self) -> bool {
        !matches!(self, Target::None)
    }

    /// Checks `value` against the target under `polarity`. `None` when
    /// there is no target, or a single-value target on an indicator whose
    /// polarity gives no direction.
    pub fn check(&self, value: Decimal, polarity: Polarity) -> Option<TargetCheck> {
        let above = |t: Decimal| TargetCheck {
            met: value >= t,
            shortfall: (t - value).max(Decimal::ZERO),
            threshold: t,
        };
        let below = |t: Decimal| TargetCheck {
            met: value <= t,
            shortfall: (value - t).max(Decimal::ZERO),
            threshold: t,
        };
        match (*self, polarity) {
            (Target::None, _) => None,
            (Target::Value(t), Polarity::HigherIsBetter) => Some(above(t)),
            (Target::Value(t), Polarity::LowerIsBetter) => Some(below(t)),
            (Target::Value(_), Polarity::WithinBand | Polarity::Contextual) => None,
            (Target::Band { low, .. }, Polarity::HigherIsBetter) => Some(above(low)),
            (Target::Band { high, .. }, Polarity::LowerIsBetter) => Some(below(high)),
            (Target::Band { low, high }, Polarity::WithinBand | Polarity::Contextual) => {
                Some(if value < low { above(low) } else { below(high) })
            }
        }
    }

    /// The target as a scorecard prints it (`85%`, `20-24%`, `16-18`).
    pub fn display(&self, unit: Unit) -> String {
        let pct = if unit == Unit::Percent { "%" } else { "" };
        match self {
            Target::None => String::new(),
            Target::Value(t) => format!("{}{pct}", t.normalize()),
            Target::Band { low, high } => format!("{}-{}{pct}", low.normalize(), high.normalize()),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::None => Ok(()),
            Target::Value(t) => write!(f, "{}", t.normalize()),
            Target::Band { low, high } => write!(f, "{}-{}", low.normalize(), high.normalize()),
        }
    }
}

fn number(text: &str, whole: &str) -> Result<Decimal> {
    let t = text.trim().trim_end_matches('%').trim();
    let t: String = t.chars().filter(|c| *c != ',').collect();
    let ok = !t.is_empty()
        && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && t.matches('.').count() <= 1
        && t.bytes().any(|b| b.is_ascii_digit());
    if !ok {
        return Err(Error::parse(
            "target",
            whole,
            "blank, a value (85%, 2175) or a band (20-24%, 16-18)",
        ));
    }
    t.parse::<Decimal>()
        .map_err(|_| Error::parse("target", whole, "a number within range"))
}

impl FromStr for Target {
    type Err = Error;

    /// Parses blank (no target), `85%`, `2175`, `2.1%`, `20-24%`, `20%-24%`,
    /// `16-18`, `14 – 22%` (hyphen, en dash or "to"). A band's low end must
    /// not exceed its high end. Targets are not negative.
    fn from_str(s: &str) -> Result<Target> {
        let t = s.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("n/a") || t == "-" {
            return Ok(Target::None);
        }
        let normalised = t
            .replace(['\u{2013}', '\u{2014}'], "-")
            .replace(" to ", "-");
        match normalised.split_once('-') {
            Some((a, b)) => {
                let (low, high) = (number(a, s)?, number(b, s)?);
                if low > high {
                    return Err(Error::parse(
                        "target",
                        s,
                        "a band written low-high, e.g. 20-24%",
                    ));
                }
                Ok(Target::Band { low, high })
            }
            None => Ok(Target::Value(number(&normalised, s)?)),
        }
    }
}

impl TryFrom<String> for Target {
    type Error = Error;
    fn try_from(s: String) -> Result<Target> {
        s.parse()
    }
}

impl From<Target> for String {
    fn from(t: Target) -> String {
        t.to_string()
    }
}
