//! Statistical process control: an XmR chart on every monthly series, as
//! NHS England's "Making Data Count" draws it (and `NHSRplotthedots`
//! computes it), so that a real change is told from noise.
//!
//! **Limits.** Over a baseline of the first `baseline` points (default 12):
//! the mean, the mean moving range `MR̄` (the mean absolute difference of
//! consecutive points), and the process limits `mean ± 2.66 × MR̄`. With
//! fewer points than the baseline, every point is used and the limits are
//! **trial** limits (marked). Missing months are left out of the chart,
//! as `NHSRplotthedots` drops missing values.
//!
//! **Rules**, in their order of precedence (a point part of several
//! patterns is marked with the first):
//! 1. a point outside the process limits;
//! 2. a **shift**: a run of `shift` (default 7; 6 is common) points all
//!    above or all below the mean (a point on the mean breaks the run);
//! 3. a **trend**: a run of `trend` (default 7) points each higher than the
//!    one before (or each lower);
//! 4. **two of three** consecutive points beyond two sigma
//!    (`mean ± 2/3 × 2.66 × MR̄`) on the same side.
//!
//! **Variation icon**, from the latest point: common cause; or special
//! cause, improving or concerning as its side (high or low; for a trend,
//! increasing or decreasing) reads through the indicator's polarity; for
//! indicators with no better direction, special cause high or low.
//!
//! **Assurance icon** against a target: the target is met everywhere
//! between the process limits (consistently met), nowhere between them
//! (consistently missed), or somewhere (hit and miss: the process will
//! sometimes meet it and sometimes not).
//!
//! ```
//! use rust_decimal::Decimal;
//! use scorecard_core::spc::{xmr, SpcSettings, Rule, Variation, Side};
//! use scorecard_core::Polarity;
//! // Twelve months around 10, then a jump to 20.
//! let mut v: Vec<Option<Decimal>> = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9]
//!     .iter().map(|&x| Some(Decimal::from(x))).collect();
//! v.push(Some(Decimal::from(20)));
//! let chart = xmr(&v, &SpcSettings::default(), Polarity::HigherIsBetter, None).unwrap();
//! assert_eq!(chart.limits.mean, Decimal::from(10));
//! assert_eq!(chart.signals[12].unwrap().rule, Rule::OutsideLimits);
//! assert_eq!(chart.variation, Some(Variation::Improving(Side::High)));
//! ```

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::indicator::Polarity;
use crate::target::Target;

/// SPC settings (`[statistics]` in `scorecard.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpcSettings {
    /// Points the limits are computed over (default 12); fewer give trial
    /// limits.
    #[serde(default = "default_baseline")]
    pub baseline: u32,
    /// Points in a run on one side of the mean that make a shift (default 7).
    #[serde(default = "default_run")]
    pub shift: u32,
    /// Points in a run rising or falling that make a trend (default 7).
    #[serde(default = "default_run")]
    pub trend: u32,
}

fn default_baseline() -> u32 {
    12
}
fn default_run() -> u32 {
    7
}

impl Default for SpcSettings {
    fn default() -> Self {
        SpcSettings {
            baseline: default_baseline(),
            shift: default_run(),
            trend: default_run(),
        }
    }
}

/// The chart's centre line and limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// The mean of the baseline points.
    pub mean: Decimal,
    /// The mean moving range of the baseline points.
    pub mean_moving_range: Decimal,
    /// Upper process limit, `mean + 2.66 × MR̄`.
    pub upper: Decimal,
    /// Lower process limit, `mean - 2.66 × MR̄`.
    pub lower: Decimal,
    /// Upper two-sigma line.
    pub upper_two_sigma: Decimal,
    /// Lower two-sigma line.
    pub lower_two_sigma: Decimal,
    /// How many points the limits were computed from.
    pub baseline_points: u32,
    /// Fewer points than the baseline asks for: trial limits.
    pub trial: bool,
}

/// Which rule marked a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Outside the process limits.
    OutsideLimits,
    /// Part of a run on one side of the mean.
    Shift,
    /// Part of a run rising or falling.
    Trend,
    /// Two of three consecutive points beyond two sigma on one side.
    TwoOfThree,
}

impl Rule {
    /// A short code for tidy files: `outside_limits`, `shift`, `trend`,
    /// `two_of_three`.
    pub fn code(self) -> &'static str {
        match self {
            Rule::OutsideLimits => "outside_limits",
            Rule::Shift => "shift",
            Rule::Trend => "trend",
            Rule::TwoOfThree => "two_of_three",
        }
    }

    /// The rule in words.
    pub fn describe(self) -> &'static str {
        match self {
            Rule::OutsideLimits => "a point outside the process limits",
            Rule::Shift => "a run on one side of the mean",
            Rule::Trend => "a run rising or falling",
            Rule::TwoOfThree => "two of three points beyond two sigma",
        }
    }
}

/// Which side a special-cause point is on (for a trend: rising is high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Above the mean, or rising.
    High,
    /// Below the mean, or falling.
    Low,
}

/// A special-cause mark on one point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    /// The rule (the first in precedence that the point is part of).
    pub rule: Rule,
    /// The side.
    pub side: Side,
}

/// The variation icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "variation", content = "side")]
pub enum Variation {
    /// No special cause at the latest point.
    CommonCause,
    /// Special cause on the good side.
    Improving(Side),
    /// Special cause on the bad side.
    Concerning(Side),
    /// Special cause on an indicator with no better direction.
    Neither(Side),
}

impl Variation {
    /// The words on the icon.
    pub fn describe(self) -> &'static str {
        match self {
            Variation::CommonCause => "common cause variation",
            Variation::Improving(Side::High) => "special cause improving (high)",
            Variation::Improving(Side::Low) => "special cause improving (low)",
            Variation::Concerning(Side::High) => "special cause concerning (high)",
            Variation::Concerning(Side::Low) => "special cause concerning (low)",
            Variation::Neither(Side::High) => "special cause (high)",
            Variation::Neither(Side::Low) => "special cause (low)",
        }
    }

    /// A short code for tidy files: `common`, `improving_high`,
    /// `concerning_low`, `neither_high`, ...
    pub fn code(self) -> &'static str {
        match self {
            Variation::CommonCause => "common",
            Variation::Improving(Side::High) => "improving_high",
            Variation::Improving(Side::Low) => "improving_low",
            Variation::Concerning(Side::High) => "concerning_high",
            Variation::Concerning(Side::Low) => "concerning_low",
            Variation::Neither(Side::High) => "neither_high",
            Variation::Neither(Side::Low) => "neither_low",
        }
    }
}

impl fmt::Display for Variation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// The assurance icon: can the process be relied on to meet the target?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    /// Both process limits meet the target.
    ConsistentlyMet,
    /// Neither limit meets it, and the target is not between them.
    ConsistentlyMissed,
    /// The target lies between the limits.
    HitAndMiss,
}

impl Assurance {
    /// The words on the icon.
    pub fn describe(self) -> &'static str {
        match self {
            Assurance::ConsistentlyMet => "consistently meets the target",
            Assurance::ConsistentlyMissed => "consistently misses the target",
            Assurance::HitAndMiss => "hit and miss against the target",
        }
    }

    /// A short code: `met`, `missed`, `hit_and_miss`.
    pub fn code(self) -> &'static str {
        match self {
            Assurance::ConsistentlyMet => "met",
            Assurance::ConsistentlyMissed => "missed",
            Assurance::HitAndMiss => "hit_and_miss",
        }
    }
}

/// An XmR chart over a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    /// Centre line and limits.
    pub limits: Limits,
    /// Per point of the input (aligned with it; `None` for common cause and
    /// for missing values).
    pub signals: Vec<Option<Signal>>,
    /// The variation icon at the latest point (`None` when the latest value
    /// is missing).
    pub variation: Option<Variation>,
    /// The assurance icon (`None` without a target it can be judged by).
    pub assurance: Option<Assurance>,
}

impl Chart {
    /// The signal at the latest point.
    pub fn latest(&self) -> Option<Signal> {
        self.signals.last().copied().flatten()
    }
}

/// The XmR chart of `values` (oldest first; the last is the latest), or
/// `None` with fewer than two values.
pub fn xmr(
    values: &[Option<Decimal>],
    settings: &SpcSettings,
    polarity: Polarity,
    target: Option<&Target>,
) -> Option<Chart> {
    let points: Vec<(usize, Decimal)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let want = (settings.baseline.max(2)) as usize;
    let trial = points.len() < want;
    let base = &points[..points.len().min(want)];
    let n = Decimal::from(base.len() as u64);
    let mean = base.iter().map(|p| p.1).sum::<Decimal>() / n;
    let mr = base
        .windows(2)
        .map(|w| (w[1].1 - w[0].1).abs())
        .sum::<Decimal>()
        / Decimal::from((base.len() - 1) as u64);
    let k = Decimal::new(266, 2);
    let k2 = k * Decimal::TWO / Decimal::from(3);
    let limits = Limits {
        mean,
        mean_moving_range: mr,
        upper: mean + k * mr,
        lower: mean - k * mr,
        upper_two_sigma: mean + k2 * mr,
        lower_two_sigma: mean - k2 * mr,
        baseline_points: base.len() as u32,
        trial,
    };
    let marks = mark(&points, &limits, settings);
    let mut signals = vec![None; values.len()];
    for ((i, _), m) in points.iter().zip(marks) {
        signals[*i] = m;
    }
    let variation =
        match values.last() {
            Some(Some(_)) => Some(match signals.last().copied().flatten() {
                None => Variation::CommonCause,
                Some(s) => match (polarity, s.side) {
                    (Polarity::HigherIsBetter, Side::High)
                    | (Polarity::LowerIsBetter, Side::Low) => Variation::Improving(s.side),
                    (Polarity::HigherIsBetter, Side::Low)
                    | (Polarity::LowerIsBetter, Side::High) => Variation::Concerning(s.side),
                    _ => Variation::Neither(s.side),
                },
            }),
            _ => None,
        };
    let assurance = target.and_then(|t| assurance(&limits, t, polarity));
    Some(Chart {
        limits,
        signals,
        variation,
        assurance,
    })
}

/// Marks each point with the first rule (in precedence) it is part of.
fn mark(points: &[(usize, Decimal)], l: &Limits, s: &SpcSettings) -> Vec<Option<Signal>> {
    let len = points.len();
    let v: Vec<Decimal> = points.iter().map(|p| p.1).collect();
    let mut out: Vec<Option<Signal>> = vec![None; len];
    let set = |i: usize, rule: Rule, side: Side, out: &mut Vec<Option<Signal>>| {
        if out[i].is_none() {
            out[i] = Some(Signal { rule, side });
        }
    };
    // 1. Outside the limits.
    for (i, x) in v.iter().enumerate() {
        if *x > l.upper {
            set(i, Rule::OutsideLimits, Side::High, &mut out);
        } else if *x < l.lower {
            set(i, Rule::OutsideLimits, Side::Low, &mut out);
        }
    }
    // 2. Shift: runs strictly on one side of the mean.
    let side_of = |x: Decimal| {
        if x > l.mean {
            Some(Side::High)
        } else if x < l.mean {
            Some(Side::Low)
        } else {
            None
        }
    };
    let runs = |key: &dyn Fn(usize) -> Option<Side>, need: usize| -> Vec<(usize, usize, Side)> {
        let mut found = Vec::new();
        let mut start = 0;
        while start < len {
            let Some(side) = key(start) else {
                start += 1;
                continue;
            };
            let mut end = start + 1;
            while end < len && key(end) == Some(side) {
                end += 1;
            }
            if end - start >= need {
                found.push((start, end, side));
            }
            start = end;
        }
        found
    };
    let shift = s.shift.max(2) as usize;
    for (a, b, side) in runs(&|i| side_of(v[i]), shift) {
        for i in a..b {
            set(i, Rule::Shift, side, &mut out);
        }
    }
    // 3. Trend: each point higher (lower) than the one before. A step is
    // keyed on its later point; a run of k steps covers k + 1 points.
    let trend = s.trend.max(2) as usize;
    let step = |i: usize| {
        if i == 0 {
            None
        } else if v[i] > v[i - 1] {
            Some(Side::High)
        } else if v[i] < v[i - 1] {
            Some(Side::Low)
        } else {
            None
        }
    };
    for (a, b, side) in runs(&step, trend - 1) {
        for i in a - 1..b {
            set(i, Rule::Trend, side, &mut out);
        }
    }
    // 4. Two of three beyond two sigma on the same side.
    let beyond = |i: usize| {
        if v[i] > l.upper_two_sigma {
            Some(Side::High)
        } else if v[i] < l.lower_two_sigma {
            Some(Side::Low)
        } else {
            None
        }
    };
    if len >= 3 {
        for w in 0..=len - 3 {
            for side in [Side::High, Side::Low] {
                let hits: Vec<usize> = (w..w + 3).filter(|&i| beyond(i) == Some(side)).collect();
                if hits.len() >= 2 {
                    for i in hits {
                        set(i, Rule::TwoOfThree, side, &mut out);
                    }
                }
            }
        }
    }
    out
}

/// The assurance icon of a process with `limits` against `target`.
pub fn assurance(limits: &Limits, target: &Target, polarity: Polarity) -> Option<Assurance> {
    let lo = target.check(limits.lower, polarity)?.met;
    let hi = target.check(limits.upper, polarity)?.met;
    // The values meeting a target form one interval (or half-line), so both
    // limits meeting it means every value between them does.
    if lo && hi {
        return Some(Assurance::ConsistentlyMet);
    }
    let straddles = match *target {
        Target::Band { low, high } => limits.lower < low && limits.upper > high,
        _ => false,
    };
    Some(if !lo && !hi && !straddles {
        Assurance::ConsistentlyMissed
    } else {
        Assurance::HitAndMiss
    })
}
