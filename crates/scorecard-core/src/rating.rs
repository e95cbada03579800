//! BRAG ratings: Blue, Red, Amber, Green, or not rated.
//!
//! The rules, applied to the value **as shown** (rounded half away from
//! zero to the indicator's precision), in this order:
//!
//! 1. **Override.** An analyst's recorded rating, with its reason, wins;
//!    the rules' own rating is kept beside it so the difference is visible.
//! 2. **Target rule** (the indicator has a target):
//!    * **Blue**: the target is met in each of the last *N* periods (N set
//!      per indicator, default 3; 0 turns Blue off);
//!    * **Green**: the target is met in the latest period;
//!    * **Amber**: missed, but by no more than the tolerance, which is
//!      either in points (percentage points for percentages) or relative
//!      to the target (0.10 = within 10% of the target);
//!    * **Red**: missed by more than the tolerance.
//! 3. **Comparator rule** (no target, a polarity with a direction, and
//!    comparator values): worse than every chosen comparator (by default the
//!    statistical-neighbour and England averages) → Red; as good as or
//!    better than all of them → Green; otherwise Amber.
//!    With `significance_against` set (e.g. `"england"`) in `[rating]`, or
//!    `rule = "significance"` on an indicator, the **significance rule**
//!    takes this place: significantly worse than that comparator (its
//!    confidence interval entirely on the bad side, see
//!    [`crate::uncertainty`]) → Red, not significantly different → Amber,
//!    significantly better → Green.
//! 4. Otherwise **not rated**, with the reason (no target or comparator,
//!    no value, contextual polarity).
//!
//! "Met" follows the target and polarity, see [`crate::target`].
//!
//! ```
//! use rust_decimal::Decimal;
//! use scorecard_core::{Catalogue, Rating, RatingDefaults, RatingInput, RatingRule, Target, rate};
//! let cat = Catalogue::builtin();
//! let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
//! let input = RatingInput {
//!     indicator: cat.get("CIN8").unwrap(),
//!     recent: &[d("79.3"), d("89.4"), d("86.3")],
//!     target: "85%".parse().unwrap(),
//!     comparators: &[],
//!     interval: None,
//!     significance: &[],
//! };
//! let out = rate(&input, &RatingRule::default(), &RatingDefaults::default());
//! assert_eq!(out.rating, Rating::Green); // not Blue: November missed 85%
//! ```

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::comparator::{ComparatorKind, ComparatorValue};
use crate::error::{Error, Result};
use crate::indicator::{Indicator, Polarity, Unit};
use crate::period::Month;
use crate::target::Target;
use crate::uncertainty::{ComparatorSignificance, Interval, Significance};
use crate::value::{Value, round_half_away};

/// A BRAG rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Rating {
    /// Target met and sustained (met in each of the last N periods).
    Blue,
    /// On target.
    Green,
    /// Missed, within tolerance.
    Amber,
    /// Missed beyond tolerance.
    Red,
    /// Not rated.
    NotRated,
}

impl Rating {
    /// The letter printed in a scorecard: `B`, `G`, `A`, `R`, `N/A`.
    pub fn code(self) -> &'static str {
        match self {
            Rating::Blue => "B",
            Rating::Green => "G",
            Rating::Amber => "A",
            Rating::Red => "R",
            Rating::NotRated => "N/A",
        }
    }

    /// The word: Blue, Green, Amber, Red, Not rated.
    pub fn name(self) -> &'static str {
        match self {
            Rating::Blue => "Blue",
            Rating::Green => "Green",
            Rating::Amber => "Amber",
            Rating::Red => "Red",
            Rating::NotRated => "Not rated",
        }
    }

    /// The rating on a RAG-only scale: Blue is a sustained Green. Use this to
    /// compare with a scorecard that publishes RAG without Blue.
    pub fn as_rag(self) -> Rating {
        match self {
            Rating::Blue => Rating::Green,
            other => other,
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Rating {
    type Err = Error;
    /// `B`/`Blue`, `G`/`Green`, `A`/`Amber`, `R`/`Red`; blank, `N/A`, `NA`,
    /// `Not rated` → not rated. Case-insensitive.
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase();
        Ok(match t.as_str() {
            "b" | "blue" => Rating::Blue,
            "g" | "green" => Rating::Green,
            "a" | "amber" => Rating::Amber,
            "r" | "red" => Rating::Red,
            "" | "n/a" | "na" | "not rated" | "none" => Rating::NotRated,
            _ => {
                return Err(Error::parse(
                    "rating",
                    s,
                    "B, G, A, R or N/A (or Blue, Green, Amber, Red, Not rated)",
                ));
            }
        })
    }
}

impl TryFrom<String> for Rating {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<Rating> for String {
    fn from(r: Rating) -> String {
        r.code().to_string()
    }
}

/// How far a value may miss its target and still be Amber.
///
/// In TOML: `{ points = 5 }` (5 percentage points for a percentage, 5 units
/// otherwise) or `{ relative = 0.10 }` (within 10% of the target).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tolerance {
    /// An absolute distance in the indicator's unit.
    Points(#[serde(with = "crate::config::decimal_any")] Decimal),
    /// A fraction of the target.
    Relative(#[serde(with = "crate::config::decimal_any")] Decimal),
}

impl Tolerance {
    /// The largest shortfall that is still Amber, for a target threshold.
    pub fn allowance(self, threshold: Decimal) -> Decimal {
        match self {
            Tolerance::Points(p) => p,
            Tolerance::Relative(r) => r * threshold.abs(),
        }
    }

    fn describe(self, unit: Unit) -> String {
        match self {
            Tolerance::Points(p) if unit == Unit::Percent => {
                format!("{} percentage points", p.normalize())
            }
            Tolerance::Points(p) => format!("{}", p.normalize()),
            Tolerance::Relative(r) => {
                format!("{}% of the target", (r * Decimal::ONE_HUNDRED).normalize())
            }
        }
    }
}

/// Which rule rates an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// The target rule when there is a target, else the comparator rule
    /// when there are comparators and the polarity has a direction.
    #[default]
    Auto,
    /// Only the target rule.
    Target,
    /// Only the comparator rule.
    Comparators,
    /// Only the significance rule (against `significance_against`, England
    /// when unset).
    Significance,
    /// Never rated by rule (overrides still apply).
    None,
}

/// An indicator's rating rule; unset fields fall back to [`RatingDefaults`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingRule {
    /// Which rule.
    #[serde(default)]
    pub rule: RuleKind,
    /// Amber tolerance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<Tolerance>,
    /// Periods the target must be met in for Blue (0 = no Blue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blue_periods: Option<u32>,
    /// Comparators the comparator rule compares with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_with: Option<Vec<ComparatorKind>>,
}

/// Rule settings that apply to every indicator unless its own rule says
/// otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingDefaults {
    /// Periods the target must be met in for Blue (default 3; 0 = no Blue).
    #[serde(default = "default_blue")]
    pub blue_periods: u32,
    /// Amber tolerance for percentages (default 5 percentage points).
    #[serde(default = "default_percent_tolerance")]
    pub percent_tolerance: Tolerance,
    /// Amber tolerance for counts, rates and averages (default 10% of the
    /// target).
    #[serde(default = "default_other_tolerance")]
    pub other_tolerance: Tolerance,
    /// Comparators for the comparator rule (default statistical neighbours
    /// and England).
    #[serde(default = "default_compare_with")]
    pub compare_with: Vec<ComparatorKind>,
    /// With no target, rate by significance against this comparator
    /// instead of by the comparator rule (unset: the comparator rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub significance_against: Option<ComparatorKind>,
}

fn default_blue() -> u32 {
    3
}
fn default_percent_tolerance() -> Tolerance {
    Tolerance::Points(Decimal::from(5))
}
fn default_other_tolerance() -> Tolerance {
    Tolerance::Relative(Decimal::new(10, 2))
}
fn default_compare_with() -> Vec<ComparatorKind> {
    vec![
        ComparatorKind::StatisticalNeighbours,
        ComparatorKind::England,
    ]
}

impl Default for RatingDefaults {
    fn default() -> Self {
        RatingDefaults {
            blue_periods: default_blue(),
            percent_tolerance: default_percent_tolerance(),
            other_tolerance: default_other_tolerance(),
            compare_with: default_compare_with(),
            significance_against: None,
        }
    }
}

/// What a rating was decided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingBasis {
    /// The target rule.
    Target,
    /// The comparator rule.
    Comparators,
    /// The significance rule.
    Significance,
    /// An analyst's override.
    Override,
    /// Nothing to rate against.
    NoBasis,
}

/// A rating with the reason for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingOutcome {
    /// The rating shown.
    pub rating: Rating,
    /// What decided it.
    pub basis: RatingBasis,
    /// Why, in words a reader understands.
    pub reason: String,
    /// When overridden: what the rules alone gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules_rating: Option<Rating>,
    /// When overridden: the analyst's reason (also in `reason`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
}

/// An analyst's rating set by hand, with the reason. It travels with the
/// row into every output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The indicator ref.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The month it applies to; every month when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Month>,
    /// The rating to show.
    pub rating: Rating,
    /// Why (required, never empty).
    pub reason: String,
}

impl Override {
    /// Does this override apply to `reference` in `month`?
    pub fn applies_to(&self, reference: &str, month: Month) -> bool {
        self.reference == reference && self.period.is_none_or(|p| p == month)
    }

    /// Applies the override to a rules outcome.
    pub fn apply(&self, rules: RatingOutcome) -> RatingOutcome {
        RatingOutcome {
            rating: self.rating,
            basis: RatingBasis::Override,
            reason: format!(
                "Overridden to {} (rules gave {}: {}). Reason: {}",
                self.rating.name(),
                rules.rating.name(),
                rules.reason,
                self.reason
            ),
            rules_rating: Some(rules.rating),
            override_reason: Some(self.reason.clone()),
        }
    }
}

/// What the rules need to rate one indicator in one period.
#[derive(Debug, Clone, Copy)]
pub struct RatingInput<'a> {
    /// The indicator.
    pub indicator: &'a Indicator,
    /// Recent values, oldest first; the last is the period being rated.
    pub recent: &'a [Option<Decimal>],
    /// The target.
    pub target: Target,
    /// Comparator values.
    pub comparators: &'a [ComparatorValue],
    /// The period's confidence interval, when its unit has one.
    pub interval: Option<&'a Interval>,
    /// Its significance against each comparator value.
    pub significance: &'a [ComparatorSignificance],
}

fn shown(ind: &Indicator, d: Decimal) -> String {
    Value::Decimal(d).display(ind.unit, ind.precision)
}

fn shown_target(ind: &Indicator, t: &Target) -> String {
    t.display(ind.unit)
}

/// Rates one indicator in one period by rule (no overrides; see
/// [`Override::apply`]).
pub fn rate(
    input: &RatingInput<'_>,
    rule: &RatingRule,
    defaults: &RatingDefaults,
) -> RatingOutcome {
    let ind = input.indicator;
    let none = |reason: String| RatingOutcome {
        rating: Rating::NotRated,
        basis: RatingBasis::NoBasis,
        reason,
        rules_rating: None,
        override_reason: None,
    };
    let latest = match input.recent.last().copied().flatten() {
        Some(v) => round_half_away(v, ind.precision),
        None => return none("no value for the period".into()),
    };
    let use_target = match rule.rule {
        RuleKind::Auto | RuleKind::Target => input.target.is_set(),
        _ => false,
    };
    if use_target {
        return rate_by_target(input, latest, rule, defaults).unwrap_or_else(|| {
            none(format!(
                "target {} cannot be judged for a {:?} indicator",
                shown_target(ind, &input.target),
                ind.polarity
            ))
        });
    }
    if rule.rule == RuleKind::Target {
        return none("no target set".into());
    }
    let by_significance = match rule.rule {
        RuleKind::Significance => Some(
            defaults
                .significance_against
                .unwrap_or(ComparatorKind::England),
        ),
        RuleKind::Auto => defaults.significance_against,
        _ => None,
    };
    if let Some(kind) = by_significance {
        return rate_by_significance(input, latest, kind).unwrap_or_else(|| {
            none(format!(
                "no confidence interval, or no {} value, to test significance against",
                comparator_label(kind)
            ))
        });
    }
    if matches!(rule.rule, RuleKind::Auto | RuleKind::Comparators) {
        let against = rule.compare_with.as_ref().unwrap_or(&defaults.compare_with);
        let chosen: Vec<&ComparatorValue> = input
            .comparators
            .iter()
            .filter(|c| against.contains(&c.kind))
            .collect();
        if !chosen.is_empty() {
            return rate_by_comparators(ind, latest, &chosen).unwrap_or_else(|| {
                none("contextual measure: comparators are shown, not judged".into())
            });
        }
    }
    if rule.rule == RuleKind::None {
        return none("not rated by rule (rule = \"none\")".into());
    }
    none("no target or comparator to rate against".into())
}

fn rate_by_target(
    input: &RatingInput<'_>,
    latest: Decimal,
    rule: &RatingRule,
    defaults: &RatingDefaults,
) -> Option<RatingOutcome> {
    let ind = input.indicator;
    let check = input.target.check(latest, ind.polarity)?;
    let target_text = shown_target(ind, &input.target);
    let outcome = |rating, reason| RatingOutcome {
        rating,
        basis: RatingBasis::Target,
        reason,
        rules_rating: None,
        override_reason: None,
    };
    if check.met {
        let n = rule.blue_periods.unwrap_or(defaults.blue_periods) as usize;
        let sustained = n > 0
            && input.recent.len() >= n
            && input.recent[input.recent.len() - n..].iter().all(|v| {
                v.and_then(|v| {
                    input
                        .target
                        .check(round_half_away(v, ind.precision), ind.polarity)
                })
                .is_some_and(|c| c.met)
            });
        return Some(if sustained {
            outcome(
                Rating::Blue,
                format!(
                    "{} meets the target of {target_text}, as it has in each of the last {n} periods",
                    shown(ind, latest)
                ),
            )
        } else {
            outcome(
                Rating::Green,
                format!("{} meets the target of {target_text}", shown(ind, latest)),
            )
        });
    }
    let tolerance = rule.tolerance.unwrap_or(if ind.unit == Unit::Percent {
        defaults.percent_tolerance
    } else {
        defaults.other_tolerance
    });
    let allowance = tolerance.allowance(check.threshold);
    let gap = if ind.unit == Unit::Percent {
        format!("{} percentage points", check.shortfall.normalize())
    } else {
        format!("{}", check.shortfall.normalize())
    };
    let side = match ind.polarity {
        Polarity::LowerIsBetter => "above",
        Polarity::HigherIsBetter => "below",
        _ => "outside",
    };
    let rating = if check.shortfall <= allowance {
        Rating::Amber
    } else {
        Rating::Red
    };
    let within = if rating == Rating::Amber {
        "within"
    } else {
        "beyond"
    };
    Some(outcome(
        rating,
        format!(
            "{} is {gap} {side} the target of {target_text}, {within} the amber tolerance of {}",
            shown(ind, latest),
            tolerance.describe(ind.unit)
        ),
    ))
}

fn rate_by_significance(
    input: &RatingInput<'_>,
    latest: Decimal,
    kind: ComparatorKind,
) -> Option<RatingOutcome> {
    let ind = input.indicator;
    let ci = input.interval?;
    let sig = input.significance.iter().find(|s| s.kind == kind)?;
    let value = input.comparators.iter().find(|c| c.kind == kind)?;
    let rating = match sig.significance {
        Significance::Worse => Rating::Red,
        Significance::Similar => Rating::Amber,
        Significance::Better => Rating::Green,
        Significance::Higher | Significance::Lower => return None,
    };
    let verdict = match sig.significance {
        Significance::Similar => "not significantly different from".to_string(),
        s => format!("significantly {} than", s.word()),
    };
    Some(RatingOutcome {
        rating,
        basis: RatingBasis::Significance,
        reason: format!(
            "no target; {} ({} CI {} to {}) is {verdict} {} {} ({})",
            shown(ind, latest),
            ci.confidence,
            shown(ind, ci.lower),
            shown(ind, ci.upper),
            comparator_label(kind),
            shown(ind, value.value),
            value.vintage
        ),
        rules_rating: None,
        override_reason: None,
    })
}

fn comparator_label(kind: ComparatorKind) -> &'static str {
    match kind {
        ComparatorKind::StatisticalNeighbours => "statistical neighbours",
        ComparatorKind::Region => "region",
        ComparatorKind::England => "England",
        ComparatorKind::Other => "other comparator",
    }
}

fn rate_by_comparators(
    ind: &Indicator,
    latest: Decimal,
    chosen: &[&ComparatorValue],
) -> Option<RatingOutcome> {
    let better = |a: Decimal, b: Decimal| match ind.polarity {
        Polarity::HigherIsBetter => Some(a > b),
        Polarity::LowerIsBetter => Some(a < b),
        _ => None,
    };
    let mut worse_than_all = true;
    let mut at_least_all = true;
    let mut parts = Vec::new();
    for c in chosen {
        let is_worse = better(c.value, latest)?;
        worse_than_all &= is_worse;
        at_least_all &= !is_worse;
        parts.push(format!(
            "{} {} ({})",
            comparator_label(c.kind),
            shown(ind, c.value),
            c.vintage
        ));
    }
    let (rating, verdict) = if at_least_all {
        (Rating::Green, "as good as or better than")
    } else if worse_than_all {
        (Rating::Red, "worse than")
    } else {
        (Rating::Amber, "between")
    };
    Some(RatingOutcome {
        rating,
        basis: RatingBasis::Comparators,
        reason: format!(
            "no target; {} is {verdict} {}",
            shown(ind, latest),
            parts.join(" and ")
        ),
        rules_rating: None,
        override_reason: None,
    })
}
