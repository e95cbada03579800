//! Direction of travel: the arrow, and whether it means improvement.
//!
//! The **arrow** says which way the value moved: the latest value against a
//! baseline (by default the previous month; also the same month a year
//! earlier, or the previous year's figure), both rounded as shown. Equal as
//! shown is `Flat`: a reader who sees 96% then 96% expects ↔.
//!
//! The **judgement** reads the arrow through the indicator's polarity: up
//! is improving when higher is better, declining when lower is better; for
//! a within-band indicator, moving closer to the band is improving;
//! contextual indicators are not judged.
//!
//! ```
//! use rust_decimal::Decimal;
//! use scorecard_core::{arrow, judgement, Arrow, Judgement, Polarity, Target};
//! let d = |s: &str| s.parse::<Decimal>().unwrap();
//! assert_eq!(arrow(d("86.3"), d("89.4"), 1), Arrow::Down);
//! assert_eq!(arrow(d("96.2"), d("95.8"), 0), Arrow::Flat); // both show 96
//! assert_eq!(judgement(Arrow::Down, Polarity::LowerIsBetter, &Target::None, d("1"), d("2")),
//!            Judgement::Improving);
//! ```

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::indicator::Polarity;
use crate::target::Target;
use crate::value::round_half_away;

/// Which way the value moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrow {
    /// Up.
    Up,
    /// Down.
    Down,
    /// Unchanged as shown.
    Flat,
}

impl Arrow {
    /// The symbol: ↑, ↓ or ↔.
    pub fn symbol(self) -> &'static str {
        match self {
            Arrow::Up => "\u{2191}",
            Arrow::Down => "\u{2193}",
            Arrow::Flat => "\u{2194}",
        }
    }

    /// The word: up, down, flat.
    pub fn word(self) -> &'static str {
        match self {
            Arrow::Up => "up",
            Arrow::Down => "down",
            Arrow::Flat => "flat",
        }
    }
}

impl fmt::Display for Arrow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

impl FromStr for Arrow {
    type Err = Error;
    /// `up`/`↑`, `down`/`↓`, `flat`/`↔`/`same`.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "up" | "\u{2191}" => Ok(Arrow::Up),
            "down" | "\u{2193}" => Ok(Arrow::Down),
            "flat" | "same" | "\u{2194}" => Ok(Arrow::Flat),
            _ => Err(Error::parse("direction of travel", s, "up, down or flat")),
        }
    }
}

/// What the latest value is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Baseline {
    /// The month before (what the published scorecard does).
    #[default]
    PreviousMonth,
    /// The same month a year earlier.
    SameMonthLastYear,
    /// The previous year's figure (the scorecard's "Previous Year" column).
    PreviousYear,
}

/// Whether the movement is good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    /// Moved the better way.
    Improving,
    /// Moved the worse way.
    Declining,
    /// Did not move (as shown).
    Stable,
    /// Moved, but the indicator has no better direction (contextual).
    NotJudged,
    /// SPC judgement: the latest point is common-cause variation.
    NoSignificantChange,
}

impl Judgement {
    /// The word.
    pub fn word(self) -> &'static str {
        match self {
            Judgement::Improving => "improving",
            Judgement::Declining => "declining",
            Judgement::Stable => "stable",
            Judgement::NotJudged => "not judged",
            Judgement::NoSignificantChange => "no significant change",
        }
    }
}

/// The arrow and judgement for one row, with what they were worked out from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectionOfTravel {
    /// Which way the value moved.
    pub arrow: Arrow,
    /// Whether that is good.
    pub judgement: Judgement,
    /// What it was compared with.
    pub baseline: Baseline,
    /// The baseline value.
    pub baseline_value: Decimal,
}

/// The arrow from `baseline` to `latest`, comparing both rounded half away
/// from zero to `precision` places.
pub fn arrow(latest: Decimal, baseline: Decimal, precision: u32) -> Arrow {
    let (a, b) = (
        round_half_away(latest, precision),
        round_half_away(baseline, precision),
    );
    match a.cmp(&b) {
        std::cmp::Ordering::Greater => Arrow::Up,
        std::cmp::Ordering::Less => Arrow::Down,
        std::cmp::Ordering::Equal => Arrow::Flat,
    }
}

/// The judgement of a movement under `polarity`. For a within-band
/// indicator with a band target, the distances of `latest` and `baseline`
/// from the band decide.
pub fn judgement(
    arrow: Arrow,
    polarity: Polarity,
    target: &Target,
    latest: Decimal,
    baseline: Decimal,
) -> Judgement {
    if arrow == Arrow::Flat {
        return Judgement::Stable;
    }
    match polarity {
        Polarity::HigherIsBetter => match arrow {
            Arrow::Up => Judgement::Improving,
            _ => Judgement::Declining,
        },
        Polarity::LowerIsBetter => match arrow {
            Arrow::Down => Judgement::Improving,
            _ => Judgement::Declining,
        },
        Polarity::WithinBand => match target {
            Target::Band { .. } | Target::Value(_) => {
                let distance = |v: Decimal| match *target {
                    Target::Band { low, .. } if v < low => low - v,
                    Target::Band { high, .. } if v > high => v - high,
                    Target::Value(t) => (v - t).abs(),
                    _ => Decimal::ZERO,
                };
                match distance(latest).cmp(&distance(baseline)) {
                    std::cmp::Ordering::Less => Judgement::Improving,
                    std::cmp::Ordering::Greater => Judgement::Declining,
                    std::cmp::Ordering::Equal => Judgement::Stable,
                }
            }
            Target::None => Judgement::NotJudged,
        },
        Polarity::Contextual => Judgement::NotJudged,
    }
}

/// The SPC judgement of the latest point: improving or declining only on
/// special-cause variation (see [`crate::spc`]); common cause is no
/// significant change; special cause on an indicator with no better
/// direction is not judged.
pub fn spc_judgement(variation: crate::spc::Variation) -> Judgement {
    use crate::spc::Variation;
    match variation {
        Variation::CommonCause => Judgement::NoSignificantChange,
        Variation::Improving(_) => Judgement::Improving,
        Variation::Concerning(_) => Judgement::Declining,
        Variation::Neither(_) => Judgement::NotJudged,
    }
}

/// The direction of travel of a value against its baseline, or `None` when
/// either is missing.
pub fn direction_of_travel(
    latest: Option<Decimal>,
    baseline_value: Option<Decimal>,
    baseline: Baseline,
    polarity: Polarity,
    target: &Target,
    precision: u32,
) -> Option<DirectionOfTravel> {
    let (l, b) = (latest?, baseline_value?);
    let a = arrow(l, b, precision);
    Some(DirectionOfTravel {
        arrow: a,
        judgement: judgement(
            a,
            polarity,
            target,
            round_half_away(l, precision),
            round_half_away(b, precision),
        ),
        baseline,
        baseline_value: b,
    })
}
