//! Scorecard configuration (`scorecard.toml`): targets, tolerances, rating
//! rules, comparator sets and values, overrides, direction of travel.
//!
//! Councils differ in exactly these, so they are data. The published
//! January 2024 settings are built in ([`ScorecardConfig::published_defaults`],
//! from `data/scorecard.toml`); a council's own file is layered on top with
//! [`ScorecardConfig::layer_toml`]. The shape:
//!
//! ```toml
//! [rating]                      # defaults for every indicator
//! blue_periods = 3              # Blue = target met in each of the last 3 months (0 = off)
//! percent_tolerance = { points = 5 }      # Amber within 5 percentage points
//! other_tolerance = { relative = 0.10 }   # Amber within 10% of the target
//! compare_with = ["statistical_neighbours", "england"]
//!
//! [direction]
//! baseline = "previous_month"   # or "same_month_last_year", "previous_year"
//! method = "arrow"              # or "spc": improving/declining only on special cause
//!
//! [statistics]
//! confidence = 0.95             # or 0.998 (99.8%)
//! spc = { baseline = 12, shift = 7, trend = 7 }
//! neighbour_average = "mean"    # LAIT; "median" as DfE's outcomes and enablers dashboard
//! neighbour_model = "auto"      # "2021", "2025": the statistical-neighbour model
//!
//! [[comparator_set]]
//! key = "stat_neighbours"
//! name = "Statistical Neighbour Average"
//! kind = "statistical_neighbours"
//! vintage = "2022/23"
//!
//! [indicator.CIN8]
//! target = "85%"
//! tolerance = { points = 3 }
//! comparators = { stat_neighbours = 81, england = "82" }
//!
//! [[override]]
//! ref = "CF23"
//! period = "2024-01"            # omit to apply to every month
//! rating = "G"
//! reason = "Why the analyst rates it differently"
//! ```
//!
//! ```
//! use scorecard_core::{Catalogue, ScorecardConfig, Target};
//! let mut cfg = ScorecardConfig::published_defaults();
//! assert_eq!(cfg.target("CIN8"), "85%".parse::<Target>().unwrap());
//! cfg.layer_toml("[indicator.CIN8]\ntarget = \"90%\"\n", "council.toml").unwrap();
//! assert_eq!(cfg.target("CIN8"), "90%".parse::<Target>().unwrap());
//! cfg.validate(&Catalogue::builtin()).unwrap();
//! ```

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::benchmark::Benchmark;
use crate::catalogue::Catalogue;
use crate::comparator::{ComparatorKind, ComparatorSet, ComparatorValue, Vintage};
use crate::direction::Baseline;
use crate::error::{Error, Result};
use crate::period::Month;
use crate::rating::{Override, RatingDefaults, RatingRule, RuleKind, Tolerance};
use crate::spc::SpcSettings;
use crate::target::Target;
use crate::uncertainty::Confidence;

const PUBLISHED: &str = include_str!("../data/scorecard.toml");
const PUBLISHED_NAME: &str = "built-in scorecard.toml (scorecard-core/data/scorecard.toml)";

/// Direction-of-travel settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectionSettings {
    /// What the latest value is compared with.
    #[serde(default)]
    pub baseline: Baseline,
    /// How the judgement is made: the plain arrow, or SPC.
    #[serde(default)]
    pub method: DirectionMethod,
}

/// How a direction-of-travel judgement is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectionMethod {
    /// Improving or declining by the sign of the change as shown.
    #[default]
    Arrow,
    /// Improving or declining only when the latest point is special-cause
    /// variation on the SPC chart; otherwise "no significant change". The
    /// arrow is still shown.
    Spc,
}

/// How the statistical-neighbour average is formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeighbourAverage {
    /// The mean of the neighbours' values (LAIT).
    #[default]
    Mean,
    /// The median (DfE's outcomes and enablers dashboard).
    Median,
}

/// Which statistical-neighbour model groups the neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeighbourModel {
    /// The model in force for the comparator's year: the April 2021 NFER
    /// model up to 2023-24, the 2025 model from 2024-25.
    #[default]
    Auto,
    /// The April 2021 model.
    #[serde(rename = "2021")]
    Model2021,
    /// The 2025 model.
    #[serde(rename = "2025")]
    Model2025,
}

/// Statistics settings: intervals, SPC, benchmarking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticsSettings {
    /// The level of every confidence interval (default 95%).
    #[serde(default)]
    pub confidence: Confidence,
    /// SPC rules.
    #[serde(default)]
    pub spc: SpcSettings,
    /// Mean or median of the statistical neighbours.
    #[serde(default)]
    pub neighbour_average: NeighbourAverage,
    /// Which neighbour model.
    #[serde(default)]
    pub neighbour_model: NeighbourModel,
}

/// Display settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisplaySettings {
    /// Months shown as columns (default 6).
    #[serde(default = "default_months")]
    pub months: u32,
    /// Months in the sparkline series (default 12).
    #[serde(default = "default_series")]
    pub series_months: u32,
}

fn default_months() -> u32 {
    6
}
fn default_series() -> u32 {
    12
}

impl Default for DisplaySettings {
    fn default() -> Self {
        DisplaySettings {
            months: default_months(),
            series_months: default_series(),
        }
    }
}

/// A comparator value in configuration: a number, or a number with its own
/// vintage (`{ value = 81, vintage = "2021/22" }`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ComparatorEntry {
    /// A value with the set's vintage.
    Plain(#[serde(with = "decimal_any")] Decimal),
    /// A value with its own vintage.
    WithVintage {
        /// The value.
        #[serde(with = "decimal_any")]
        value: Decimal,
        /// Its vintage.
        vintage: Vintage,
    },
}

/// One indicator's settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSettings {
    /// Target (blank for none).
    #[serde(default)]
    pub target: Target,
    /// Which rating rule.
    #[serde(default)]
    pub rule: RuleKind,
    /// Amber tolerance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<Tolerance>,
    /// Periods for Blue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blue_periods: Option<u32>,
    /// Comparators for the comparator rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_with: Option<Vec<ComparatorKind>>,
    /// Comparator values by set key.
    #[serde(default)]
    pub comparators: BTreeMap<String, ComparatorEntry>,
    /// The LA's rank among all LAs (from the DfE files, or given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<Benchmark>,
}

impl IndicatorSettings {
    /// The rating rule these settings describe.
    pub fn rating_rule(&self) -> RatingRule {
        RatingRule {
            rule: self.rule,
            tolerance: self.tolerance,
            blue_periods: self.blue_periods,
            compare_with: self.compare_with.clone(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    rating: Option<RatingDefaults>,
    direction: Option<DirectionSettings>,
    display: Option<DisplaySettings>,
    statistics: Option<StatisticsSettings>,
    #[serde(default)]
    comparator_set: Vec<ComparatorSet>,
    #[serde(default)]
    indicator: BTreeMap<String, IndicatorSettings>,
    #[serde(default, rename = "override")]
    overrides: Vec<Override>,
    teams: Option<TeamKinds>,
}

/// Which of the council's teams are which kind, by the names the
/// allocations give them (`[teams]` in `scorecard.toml`): the team-type
/// average caseloads WF9–WF12 are derived from the allocations in these
/// teams. None are named by default (team names are a council's own), and
/// an indicator whose kind names no team has no data, with the reason.
///
/// ```
/// use scorecard_core::ScorecardConfig;
/// let mut cfg = ScorecardConfig::published_defaults();
/// cfg.layer_toml("[teams]\ncared_for_children = [\"Children in Care 1\", \"Children in Care 2\"]\n", "council").unwrap();
/// assert_eq!(cfg.teams.of("WF11").len(), 2);
/// assert!(cfg.teams.of("WF10").is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamKinds {
    /// Children's social work teams (WF9).
    #[serde(default)]
    pub childrens_social_work: Vec<String>,
    /// The children with disabilities team (WF10).
    #[serde(default)]
    pub children_with_disabilities: Vec<String>,
    /// The cared for children team (WF11).
    #[serde(default)]
    pub cared_for_children: Vec<String>,
    /// The adoptions team (WF12).
    #[serde(default)]
    pub adoptions: Vec<String>,
}

impl TeamKinds {
    /// Each team-type indicator, the `[teams]` key naming its teams, and
    /// the kind in words.
    pub const INDICATORS: [(&'static str, &'static str, &'static str); 4] = [
        (
            "WF9",
            "childrens_social_work",
            "children's social work teams",
        ),
        (
            "WF10",
            "children_with_disabilities",
            "the children with disabilities team",
        ),
        ("WF11", "cared_for_children", "the cared for children team"),
        ("WF12", "adoptions", "the adoptions team"),
    ];

    /// The teams of `reference`'s kind (empty for another ref).
    pub fn of(&self, reference: &str) -> &[String] {
        match reference {
            "WF9" => &self.childrens_social_work,
            "WF10" => &self.children_with_disabilities,
            "WF11" => &self.cared_for_children,
            "WF12" => &self.adoptions,
            _ => &[],
        }
    }
}

/// The whole configuration. See the [module documentation](self).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScorecardConfig {
    /// Rating defaults.
    pub rating: RatingDefaults,
    /// Direction of travel.
    pub direction: DirectionSettings,
    /// Display.
    pub display: DisplaySettings,
    /// Intervals, SPC and benchmarking.
    #[serde(default)]
    pub statistics: StatisticsSettings,
    /// Comparator sets, in column order.
    pub comparator_sets: Vec<ComparatorSet>,
    /// Per-indicator settings by ref.
    pub indicators: BTreeMap<String, IndicatorSettings>,
    /// Overrides, in the order given.
    pub overrides: Vec<Override>,
    /// Which teams are which kind (`[teams]`).
    #[serde(default)]
    pub teams: TeamKinds,
}

impl ScorecardConfig {
    /// The settings of the published January 2024 scorecard: its targets
    /// and comparator averages (with vintages), default rating rules, and
    /// direction against the previous month. No overrides.
    ///
    /// Checked by this crate's tests; should it ever fail to load, this
    /// returns the plain defaults rather than panic (see
    /// [`ScorecardConfig::try_published_defaults`]).
    pub fn published_defaults() -> ScorecardConfig {
        ScorecardConfig::try_published_defaults().unwrap_or_default()
    }

    /// The published defaults, or the error that stops them loading.
    pub fn try_published_defaults() -> Result<ScorecardConfig> {
        ScorecardConfig::from_toml(PUBLISHED, PUBLISHED_NAME)
    }

    /// A configuration from TOML text alone (unset parts take the library
    /// defaults). `source_name` is used in errors.
    pub fn from_toml(text: &str, source_name: &str) -> Result<ScorecardConfig> {
        let mut cfg = ScorecardConfig::default();
        cfg.layer_toml(text, source_name)?;
        Ok(cfg)
    }

    /// Layers TOML text on top of this configuration: `[rating]`,
    /// `[direction]` and `[display]` replace ours when present; comparator
    /// sets and indicator settings replace ours with the same key or ref;
    /// overrides are added, replacing one for the same ref and period.
    pub fn layer_toml(&mut self, text: &str, source_name: &str) -> Result<()> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| Error::Toml {
            source_name: source_name.to_string(),
            message: e.to_string(),
        })?;
        for o in &file.overrides {
            if o.reason.trim().is_empty() {
                return Err(Error::invalid(
                    source_name,
                    &o.reference,
                    "an override needs a reason: say why the rating differs from the rules",
                ));
            }
        }
        if let Some(r) = file.rating {
            self.rating = r;
        }
        if let Some(d) = file.direction {
            self.direction = d;
        }
        if let Some(d) = file.display {
            self.display = d;
        }
        if let Some(st) = file.statistics {
            self.statistics = st;
        }
        if let Some(t) = file.teams {
            self.teams = t;
        }
        for set in file.comparator_set {
            match self.comparator_sets.iter_mut().find(|s| s.key == set.key) {
                Some(existing) => *existing = set,
                None => self.comparator_sets.push(set),
            }
        }
        self.indicators.extend(file.indicator);
        for o in file.overrides {
            self.overrides
                .retain(|e| !(e.reference == o.reference && e.period == o.period));
            self.overrides.push(o);
        }
        Ok(())
    }

    /// Checks the configuration against a catalogue: every ref exists,
    /// every comparator value names a known set and has a vintage,
    /// tolerances are not negative.
    pub fn validate(&self, catalogue: &Catalogue) -> Result<()> {
        let name = "configuration";
        let check_tol = |r: &str, t: &Tolerance| match t {
            Tolerance::Points(d) | Tolerance::Relative(d) if d.is_sign_negative() => {
                Err(Error::invalid(name, r, "a tolerance cannot be negative"))
            }
            _ => Ok(()),
        };
        check_tol("-", &self.rating.percent_tolerance)?;
        check_tol("-", &self.rating.other_tolerance)?;
        for (r, s) in &self.indicators {
            catalogue.require(r)?;
            if let Some(t) = &s.tolerance {
                check_tol(r, t)?;
            }
            for (key, entry) in &s.comparators {
                let set = self
                    .comparator_sets
                    .iter()
                    .find(|c| &c.key == key)
                    .ok_or_else(|| {
                        Error::invalid(
                            name,
                            r,
                            format!(
                                "comparator {key:?} is not a [[comparator_set]]; known: {:?}",
                                self.comparator_sets
                                    .iter()
                                    .map(|c| &c.key)
                                    .collect::<Vec<_>>()
                            ),
                        )
                    })?;
                if matches!(entry, ComparatorEntry::Plain(_)) && set.vintage.is_none() {
                    return Err(Error::invalid(
                        name,
                        r,
                        format!(
                            "comparator {key:?} has no vintage: give the set a vintage or the value {{ value = .., vintage = \"2022/23\" }}"
                        ),
                    ));
                }
            }
        }
        for o in &self.overrides {
            catalogue.require(&o.reference)?;
        }
        Ok(())
    }

    /// The settings for `reference` (defaults when none are configured).
    pub fn settings(&self, reference: &str) -> IndicatorSettings {
        self.indicators.get(reference).cloned().unwrap_or_default()
    }

    /// The target for `reference`.
    pub fn target(&self, reference: &str) -> Target {
        self.indicators
            .get(reference)
            .map(|s| s.target)
            .unwrap_or_default()
    }

    /// The comparator values for `reference`, in comparator-set order.
    /// Values whose set is unknown or has no vintage are skipped (see
    /// [`ScorecardConfig::validate`]).
    pub fn comparators(&self, reference: &str) -> Vec<ComparatorValue> {
        let Some(s) = self.indicators.get(reference) else {
            return Vec::new();
        };
        self.comparator_sets
            .iter()
            .filter_map(|set| {
                let (value, vintage) = match s.comparators.get(&set.key)? {
                    ComparatorEntry::Plain(v) => (*v, set.vintage.clone()?),
                    ComparatorEntry::WithVintage { value, vintage } => (*value, vintage.clone()),
                };
                Some(ComparatorValue::new(set, value, vintage))
            })
            .collect()
    }

    /// The override for `reference` in `month`: one for that month wins over
    /// one for every month.
    pub fn override_for(&self, reference: &str, month: Month) -> Option<&Override> {
        self.overrides
            .iter()
            .filter(|o| o.applies_to(reference, month))
            .max_by_key(|o| o.period.is_some())
    }
}

/// Serde helpers: a `Decimal` from a TOML/JSON integer, float or string,
/// written back as a string (exact).
pub mod decimal_any {
    use rust_decimal::Decimal;
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;

    /// Serialises as a string.
    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    /// Deserialises from an integer, a float (via its shortest decimal
    /// form, so `0.1` is exactly 0.1) or a string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or a number in a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
                Ok(Decimal::from(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
                Ok(Decimal::from(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
                if !v.is_finite() {
                    return Err(E::custom("a finite number"));
                }
                format!("{v}").parse::<Decimal>().map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
                v.trim()
                    .trim_end_matches('%')
                    .trim()
                    .parse::<Decimal>()
                    .map_err(|_| E::custom(format!("{v:?} is not a number")))
            }
        }
        d.deserialize_any(V)
    }
}
