//! Confidence intervals, and whether a figure differs significantly from a
//! comparator, as PHE/OHID Fingertips does it.
//!
//! * A **percentage** gets the Wilson score interval (Wilson 1927; Newcombe
//!   1998), which stays inside 0–100% and behaves at 0 of n and n of n.
//! * A **rate per 10,000** gets Byar's approximation to the Poisson interval
//!   when the count is 10 or more, and the exact Poisson interval below 10
//!   (from the Poisson distribution itself, equivalent to the chi-squared
//!   form `qchisq(α/2, 2x)/2`, `qchisq(1-α/2, 2x+2)/2`). These are the
//!   methods of PHEindicatormethods' `phe_proportion` and `phe_rate`.
//! * Counts and averages get no interval: a count of a whole population is
//!   not a sample, and an average has no denominator of events here.
//!
//! **Significance** against a comparator value (England, region,
//! statistical neighbours) follows Fingertips: the interval lies entirely
//! above the comparator → higher; entirely below → lower; otherwise
//! similar. Read through the indicator's polarity, higher is `better` when
//! higher is better and `worse` when lower is better; within-band and
//! contextual indicators keep `higher` / `similar` / `lower`.
//!
//! The arithmetic is in `f64` (as in the anchors); the limits are handed
//! back as `Decimal` rounded to 8 places, far below any printed precision.
//!
//! ```
//! use rust_decimal::Decimal;
//! use scorecard_core::uncertainty::{Confidence, interval, significance, Significance};
//! use scorecard_core::{Polarity, Unit};
//! // 65 of 100 assessments on time: 65.0% (95% CI 55.3 to 73.6)
//! let ci = interval(Unit::Percent, 65, Some(100), Confidence::NINETY_FIVE).unwrap();
//! assert_eq!(ci.lower.round_dp(1).to_string(), "55.3");
//! assert_eq!(ci.upper.round_dp(1).to_string(), "73.6");
//! // England at 80%: the whole interval is below it, and higher is better.
//! let england = Decimal::from(80);
//! assert_eq!(significance(&ci, england, Polarity::HigherIsBetter), Significance::Worse);
//! ```

use std::fmt;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use crate::comparator::ComparatorKind;
use crate::error::{Error, Result};
use crate::indicator::{Polarity, Unit};

/// A confidence level, as a fraction (0.95 for 95%). Fingertips shows 95%
/// and 99.8%; any level from 0.5 to below 1 is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Confidence(Decimal);

impl Confidence {
    /// 95%, the default.
    pub const NINETY_FIVE: Confidence = Confidence(Decimal::from_parts(95, 0, 0, false, 2));
    /// 99.8%, Fingertips' second level.
    pub const NINETY_NINE_POINT_EIGHT: Confidence =
        Confidence(Decimal::from_parts(998, 0, 0, false, 3));

    /// A level from a fraction (`0.95`) or a percentage (`95`, `99.8`).
    pub fn new(level: Decimal) -> Result<Confidence> {
        let fraction = if level > Decimal::ONE {
            level / Decimal::ONE_HUNDRED
        } else {
            level
        };
        if fraction < Decimal::new(5, 1) || fraction >= Decimal::ONE {
            return Err(Error::parse(
                "confidence level",
                &level.to_string(),
                "a level such as 0.95 (or 95) or 0.998 (or 99.8)",
            ));
        }
        Ok(Confidence(fraction))
    }

    /// The level as a fraction.
    pub fn level(self) -> Decimal {
        self.0
    }

    /// The two-sided normal quantile: 1.959964 for 95%, 3.090232 for 99.8%.
    pub fn z(self) -> f64 {
        let level = self.0.to_f64().unwrap_or(0.95);
        normal_quantile(1.0 - (1.0 - level) / 2.0)
    }
}

impl Default for Confidence {
    fn default() -> Self {
        Confidence::NINETY_FIVE
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", (self.0 * Decimal::ONE_HUNDRED).normalize())
    }
}

impl TryFrom<Decimal> for Confidence {
    type Error = Error;
    fn try_from(d: Decimal) -> Result<Self> {
        Confidence::new(d)
    }
}

impl From<Confidence> for Decimal {
    fn from(c: Confidence) -> Decimal {
        c.0
    }
}

/// How an interval was worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Wilson score interval for a proportion.
    Wilson,
    /// Byar's approximation for a Poisson count (10 or more events).
    Byar,
    /// The exact Poisson interval (fewer than 10 events).
    ExactPoisson,
}

impl Method {
    /// The name as written in outputs and notes.
    pub fn name(self) -> &'static str {
        match self {
            Method::Wilson => "Wilson score",
            Method::Byar => "Byar's",
            Method::ExactPoisson => "exact Poisson",
        }
    }
}

/// A confidence interval in the indicator's unit (percent for a
/// percentage, per 10,000 for a rate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower limit.
    pub lower: Decimal,
    /// Upper limit.
    pub upper: Decimal,
    /// The level.
    pub confidence: Confidence,
    /// The method.
    pub method: Method,
}

/// The interval for a figure of `unit` with `numerator` over `denominator`
/// (the population for a rate per 10,000); `None` for counts and averages,
/// and when the denominator is missing, zero or smaller than the numerator
/// of a percentage.
pub fn interval(
    unit: Unit,
    numerator: i64,
    denominator: Option<i64>,
    confidence: Confidence,
) -> Option<Interval> {
    let n = denominator?;
    if numerator < 0 || n <= 0 {
        return None;
    }
    match unit {
        Unit::Percent => {
            let (lo, hi) = wilson(numerator, n, confidence)?;
            build(lo * 100.0, hi * 100.0, confidence, Method::Wilson)
        }
        Unit::RatePer10k => {
            let (lo, hi, method) = poisson(numerator, confidence);
            let per = 10_000.0 / n as f64;
            build(lo * per, hi * per, confidence, method)
        }
        Unit::Count | Unit::Average => None,
    }
}

fn build(lo: f64, hi: f64, confidence: Confidence, method: Method) -> Option<Interval> {
    let d = |v: f64| Decimal::from_f64_retain(v).map(|d| d.round_dp(8));
    Some(Interval {
        lower: d(lo)?,
        upper: d(hi)?,
        confidence,
        method,
    })
}

/// Wilson score limits of the proportion `x / n` (as fractions, 0–1).
pub fn wilson(x: i64, n: i64, confidence: Confidence) -> Option<(f64, f64)> {
    if x < 0 || n <= 0 || x > n {
        return None;
    }
    let (x, n, z) = (x as f64, n as f64, confidence.z());
    let centre = 2.0 * x + z * z;
    let spread = z * (z * z + 4.0 * x * (1.0 - x / n)).sqrt();
    let denom = 2.0 * (n + z * z);
    Some((
        ((centre - spread) / denom).max(0.0),
        ((centre + spread) / denom).min(1.0),
    ))
}

/// Poisson limits of a count `x`: Byar's method from 10 events, the exact
/// interval below.
pub fn poisson(x: i64, confidence: Confidence) -> (f64, f64, Method) {
    if x >= 10 {
        let (lo, hi) = byar(x, confidence);
        (lo, hi, Method::Byar)
    } else {
        let (lo, hi) = exact_poisson(x, confidence);
        (lo, hi, Method::ExactPoisson)
    }
}

/// Byar's approximation to the Poisson limits of a count `x` (> 0).
pub fn byar(x: i64, confidence: Confidence) -> (f64, f64) {
    let (x, z) = (x as f64, confidence.z());
    let lower = if x > 0.0 {
        x * (1.0 - 1.0 / (9.0 * x) - z / (3.0 * x.sqrt())).powi(3)
    } else {
        0.0
    };
    let x1 = x + 1.0;
    let upper = x1 * (1.0 - 1.0 / (9.0 * x1) + z / (3.0 * x1.sqrt())).powi(3);
    (lower.max(0.0), upper)
}

/// The exact Poisson limits of a count `x`: the means `λ` at which
/// `P(X >= x) = α/2` (lower; 0 when `x` is 0) and `P(X <= x) = α/2` (upper).
pub fn exact_poisson(x: i64, confidence: Confidence) -> (f64, f64) {
    let alpha = 1.0 - confidence.level().to_f64().unwrap_or(0.95);
    let tail = alpha / 2.0;
    // P(X <= k) for mean λ, summed directly (k is small here).
    let cdf = |k: i64, lambda: f64| -> f64 {
        let mut term = (-lambda).exp();
        let mut sum = term;
        for i in 1..=k {
            term *= lambda / i as f64;
            sum += term;
        }
        sum
    };
    // Both conditions are monotone in λ: bisect.
    let solve = |f: &dyn Fn(f64) -> f64| -> f64 {
        let (mut lo, mut hi) = (0.0_f64, 10.0 + 10.0 * (x as f64 + 1.0));
        for _ in 0..200 {
            let mid = (lo + hi) / 2.0;
            if f(mid) > 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        (lo + hi) / 2.0
    };
    let lower = if x == 0 {
        0.0
    } else {
        // P(X >= x) = 1 - P(X <= x-1) rises with λ; find where it reaches the tail.
        solve(&|l| tail - (1.0 - cdf(x - 1, l)))
    };
    // P(X <= x) falls with λ; find where it falls to the tail.
    let upper = solve(&|l| cdf(x, l) - tail);
    (lower, upper)
}

/// The standard normal quantile (inverse CDF) of `p` in (0, 1), by
/// Acklam's rational approximation refined with one Halley step on an
/// accurate complementary error function (relative error below 1e-12).
pub fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let low = 0.02425;
    let x = if p < low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    // One Halley step: e = Φ(x) - p.
    let e = 0.5 * erfc(-x / std::f64::consts::SQRT_2) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    x - u / (1.0 + x * u / 2.0)
}

/// The complementary error function, by its continued fraction for large
/// arguments and its Taylor series otherwise (accurate to ~1e-15).
fn erfc(x: f64) -> f64 {
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    if x < 2.0 {
        // erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
        let mut sum = 0.0_f64;
        let mut term = x;
        let mut n = 0.0_f64;
        while term.abs() > 1e-17 * sum.abs().max(1e-300) || n < 3.0 {
            sum += term / (2.0 * n + 1.0);
            n += 1.0;
            term *= -x * x / n;
            if n > 200.0 {
                break;
            }
        }
        return 1.0 - 2.0 / std::f64::consts::PI.sqrt() * sum;
    }
    // Lentz's continued fraction: erfc(x) = e^{-x²}/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
    let tiny = 1e-300;
    let mut f = x;
    let mut c = x;
    let mut d = 0.0;
    for i in 1..300 {
        let a = i as f64 / 2.0;
        d = x + a * d;
        d = if d.abs() < tiny { tiny } else { d };
        c = x + a / c;
        c = if c.abs() < tiny { tiny } else { c };
        d = 1.0 / d;
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    (-x * x).exp() / std::f64::consts::PI.sqrt() / f
}

/// A figure against a comparator value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Significance {
    /// Significantly better (the interval is entirely on the good side).
    Better,
    /// Not significantly different (the interval contains the comparator).
    Similar,
    /// Significantly worse.
    Worse,
    /// Significantly higher (no better direction).
    Higher,
    /// Significantly lower (no better direction).
    Lower,
}

impl Significance {
    /// The word: better, similar, worse, higher, lower.
    pub fn word(self) -> &'static str {
        match self {
            Significance::Better => "better",
            Significance::Similar => "similar",
            Significance::Worse => "worse",
            Significance::Higher => "higher",
            Significance::Lower => "lower",
        }
    }
}

impl fmt::Display for Significance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// The figure's interval against `comparator`, read through `polarity`
/// (see the [module documentation](self)). An interval touching the
/// comparator is similar.
pub fn significance(interval: &Interval, comparator: Decimal, polarity: Polarity) -> Significance {
    let side = if interval.lower > comparator {
        Some(true)
    } else if interval.upper < comparator {
        Some(false)
    } else {
        None
    };
    match (side, polarity) {
        (None, _) => Significance::Similar,
        (Some(true), Polarity::HigherIsBetter) | (Some(false), Polarity::LowerIsBetter) => {
            Significance::Better
        }
        (Some(false), Polarity::HigherIsBetter) | (Some(true), Polarity::LowerIsBetter) => {
            Significance::Worse
        }
        (Some(true), _) => Significance::Higher,
        (Some(false), _) => Significance::Lower,
    }
}

/// A row's significance against one comparator value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparatorSignificance {
    /// The comparator set's key.
    pub set: String,
    /// Its kind.
    pub kind: ComparatorKind,
    /// The verdict.
    pub significance: Significance,
}
