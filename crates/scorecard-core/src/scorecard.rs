//! The scorecard: sections of rows, each row an indicator with its recent
//! months, previous year, target, comparators, rating with its reason,
//! direction of travel and a 12-month series for a sparkline.
//!
//! [`ScorecardBuilder`] assembles it from a [`Catalogue`], a
//! [`ScorecardConfig`] and each indicator's [`Series`]; the outputs crate
//! renders it. Everything here is serde-serialisable, so a host system can
//! store or send a scorecard as JSON.
//!
//! ```
//! use std::collections::BTreeMap;
//! use scorecard_core::{Catalogue, Month, Rating, RowInput, ScorecardBuilder, ScorecardConfig, Series, Value};
//! let cat = Catalogue::builtin();
//! let cfg = ScorecardConfig::published_defaults(); // CIN8 target 85%
//! let jan: Month = "2024-01".parse().unwrap();
//! let series: Series = [(jan.pred(), Value::Decimal("89.4".parse().unwrap())),
//!                       (jan, Value::Decimal("86.3".parse().unwrap()))].into_iter().collect();
//! let mut inputs = BTreeMap::new();
//! inputs.insert("CIN8".to_string(), RowInput { series, previous_year: None, ..Default::default() });
//! let card = ScorecardBuilder::new(&cat, &cfg).build("Tameside", jan, &inputs).unwrap();
//! let row = card.row("CIN8").unwrap();
//! assert_eq!(row.rating.rating, Rating::Green);
//! assert_eq!(row.direction.unwrap().arrow.word(), "down");
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use rust_decimal::Decimal;

use crate::benchmark::Benchmark;
use crate::catalogue::Catalogue;
use crate::comparator::{ComparatorSet, ComparatorValue};
use crate::config::{DirectionMethod, ScorecardConfig};
use crate::direction::{Arrow, Baseline, DirectionOfTravel, direction_of_travel, spc_judgement};
use crate::error::Result;
use crate::indicator::{Definition, Derivation, Indicator, PeriodBasis, Polarity, Section, Unit};
use crate::period::Month;
use crate::rating::{Rating, RatingBasis, RatingInput, RatingOutcome, rate};
use crate::series::Series;
use crate::spc::{self, Chart};
use crate::target::Target;
use crate::uncertainty::{self, ComparatorSignificance, Interval};
use crate::value::Value;

/// What the builder needs for one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RowInput {
    /// Monthly values.
    pub series: Series,
    /// The previous year's figure (the "Previous Year" column).
    pub previous_year: Option<Value>,
    /// Months whose value is withheld as a small number (shown as `c`).
    #[serde(default)]
    pub suppressed: std::collections::BTreeSet<Month>,
    /// Why there is no data at all (the indicator's inputs were not
    /// given): the row is shown blank with this reason, never rated and
    /// never given an arrow. No data is not zero.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_data: Option<String>,
    /// Each month's numerator and denominator (the population of a
    /// rate), from which the confidence interval is worked out.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parts: BTreeMap<Month, Parts>,
    /// For a timeliness indicator: the items still open and inside their
    /// timescale at each month's end (not yet due is not late).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub still_in_time: BTreeMap<Month, i64>,
}

/// A figure's numerator and denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parts {
    /// The count, or the numerator.
    pub numerator: i64,
    /// The denominator (the population of a rate).
    pub denominator: Option<i64>,
}

/// The SPC chart of a row's series, from `first` to the reporting month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowSpc {
    /// The chart's first month; `chart.signals[i]` is month `first + i`.
    pub first: Month,
    /// The values charted, from `first` (missing and withheld months blank).
    pub values: Vec<Option<Decimal>>,
    /// The chart.
    #[serde(flatten)]
    pub chart: Chart,
}

/// What changed since an earlier run's scorecard (`--previous`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Revision {
    /// Months whose figure changed (late data entry), with the figure the
    /// earlier run had (blank when it had none).
    pub revised: Vec<RevisedFigure>,
    /// The earlier scorecard's reporting month.
    pub previous_period: Option<Month>,
    /// Its rating of this indicator.
    pub previous_rating: Option<Rating>,
    /// Its arrow.
    pub previous_direction: Option<Arrow>,
    /// The rating differs from the earlier scorecard's.
    pub rating_changed: bool,
    /// The arrow differs from the earlier scorecard's.
    pub direction_changed: bool,
}

impl RowSpc {
    /// The icons in words: `common cause variation; hit and miss against
    /// the target`, with `(trial limits)` when the limits rest on fewer
    /// points than the baseline.
    pub fn describe(&self) -> String {
        let mut t: Vec<&str> = Vec::new();
        if let Some(v) = self.chart.variation {
            t.push(v.describe());
        }
        if let Some(a) = self.chart.assurance {
            t.push(a.describe());
        }
        let mut text = t.join("; ");
        if self.chart.limits.trial {
            text.push_str(" (trial limits)");
        }
        text
    }
}

impl Revision {
    /// Is anything flagged?
    pub fn any(&self) -> bool {
        !self.revised.is_empty() || self.rating_changed || self.direction_changed
    }
}

/// One revised figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisedFigure {
    /// The month.
    pub month: Month,
    /// The figure as the earlier run wrote it.
    pub previous: String,
}

/// One row of the scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// Indicator ref.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Title.
    pub title: String,
    /// Unit.
    pub unit: Unit,
    /// Polarity.
    pub polarity: Polarity,
    /// Period basis.
    pub basis: PeriodBasis,
    /// Display precision.
    pub precision: u32,
    /// Derived or supplied.
    pub derivation: Derivation,
    /// Values for the scorecard's months (aligned with [`Scorecard::months`]).
    pub values: Vec<Option<Value>>,
    /// Which of those months are withheld as small numbers (shown as `c`).
    #[serde(default)]
    pub suppressed: Vec<bool>,
    /// Previous year's figure.
    pub previous_year: Option<Value>,
    /// Target.
    pub target: Target,
    /// Comparator values, in comparator-set order.
    pub comparators: Vec<ComparatorValue>,
    /// Rating, with its reason (and the override reason when overridden).
    pub rating: RatingOutcome,
    /// Direction of travel, when there is a value and a baseline.
    pub direction: Option<DirectionOfTravel>,
    /// The last 12 months (oldest first) for a sparkline.
    pub series: Vec<Option<Value>>,
    /// Why the row has no data (`no data: needs Annex A List 8 or SSDA903
    /// episodes`): every value is blank, and it is not rated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_data: Option<String>,
    /// The reporting month's numerator and denominator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<Parts>,
    /// The reporting month's confidence interval (percentages and rates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<Interval>,
    /// The interval against each comparator value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub significance: Vec<ComparatorSignificance>,
    /// The SPC chart of the series up to the reporting month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spc: Option<RowSpc>,
    /// Rank and quartile band among all LAs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<Benchmark>,
    /// Items still open and inside their timescale at the month's end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub still_in_time: Option<i64>,
    /// What changed since an earlier run, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<Revision>,
    /// How the indicator is defined (the catalogue's definition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<Definition>,
    /// Where its data comes from (`Annex A List 4`, `SSDA903 episodes`).
    #[serde(default)]
    pub source: String,
}

impl Row {
    /// The latest value (the reporting month's).
    pub fn latest(&self) -> Option<Value> {
        self.values.last().copied().flatten()
    }
}

/// One section's rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionRows {
    /// The section.
    pub section: Section,
    /// Its heading.
    pub name: String,
    /// Its rows, in catalogue order.
    pub rows: Vec<Row>,
}

/// A whole scorecard for one local authority and reporting month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    /// Local authority.
    pub la: String,
    /// Reporting month.
    pub period: Month,
    /// The months shown, oldest first; the last is `period`.
    pub months: Vec<Month>,
    /// The first month of each row's `series`.
    pub series_start: Month,
    /// Comparator sets (column order and headings).
    pub comparator_sets: Vec<ComparatorSet>,
    /// What the direction of travel compares with.
    pub baseline: Baseline,
    /// Sections in published order; a section with no rows is left out.
    pub sections: Vec<SectionRows>,
}

impl Scorecard {
    /// The row for `reference`.
    pub fn row(&self, reference: &str) -> Option<&Row> {
        self.rows().find(|r| r.reference == reference)
    }

    /// The heading name of the comparator set `key` (the key itself when
    /// the scorecard has no such set).
    pub fn comparator_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.comparator_sets
            .iter()
            .find(|c| c.key == key)
            .map_or(key, |c| c.name.as_str())
    }

    /// All rows in order.
    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.sections.iter().flat_map(|s| s.rows.iter())
    }
}

/// Assembles a [`Scorecard`]. See the [module documentation](self).
#[derive(Debug, Clone, Copy)]
pub struct ScorecardBuilder<'a> {
    catalogue: &'a Catalogue,
    config: &'a ScorecardConfig,
    include_empty: bool,
}

impl<'a> ScorecardBuilder<'a> {
    /// A builder over a catalogue and a configuration.
    pub fn new(catalogue: &'a Catalogue, config: &'a ScorecardConfig) -> Self {
        ScorecardBuilder {
            catalogue,
            config,
            include_empty: false,
        }
    }

    /// Also show catalogue indicators that have no input (as empty rows).
    pub fn include_rows_without_data(mut self, yes: bool) -> Self {
        self.include_empty = yes;
        self
    }

    /// Builds the scorecard for `la` and `period` from each indicator's
    /// input, keyed by ref. A ref not in the catalogue is an error.
    pub fn build(
        &self,
        la: &str,
        period: Month,
        inputs: &BTreeMap<String, RowInput>,
    ) -> Result<Scorecard> {
        for r in inputs.keys() {
            self.catalogue.require(r)?;
        }
        let shown = self.config.display.months.max(1);
        let months: Vec<Month> = period.rolling(shown).months().collect();
        let series_n = self.config.display.series_months.max(1);
        let empty = RowInput::default();
        let mut sections = Vec::new();
        for section in Section::ALL {
            let rows: Vec<Row> = self
                .catalogue
                .section(section)
                .filter_map(|ind| match inputs.get(&ind.reference) {
                    Some(input) => Some(self.row(ind, period, shown, series_n, input)),
                    None if self.include_empty => {
                        Some(self.row(ind, period, shown, series_n, &empty))
                    }
                    None => None,
                })
                .collect();
            if !rows.is_empty() {
                sections.push(SectionRows {
                    section,
                    name: section.name().to_string(),
                    rows,
                });
            }
        }
        Ok(Scorecard {
            la: la.to_string(),
            period,
            months,
            series_start: period.rolling(series_n).first_month(),
            comparator_sets: self.config.comparator_sets.clone(),
            baseline: self.config.direction.baseline,
            sections,
        })
    }

    fn row(
        &self,
        ind: &Indicator,
        period: Month,
        shown: u32,
        series_n: u32,
        input: &RowInput,
    ) -> Row {
        let settings = self.config.settings(&ind.reference);
        let rule = settings.rating_rule();
        let comparators = self.config.comparators(&ind.reference);
        let target = settings.target;
        let blue_n = rule
            .blue_periods
            .unwrap_or(self.config.rating.blue_periods)
            .max(1);
        let recent: Vec<_> = input
            .series
            .window(period, blue_n)
            .into_iter()
            .map(|v| v.map(Value::as_decimal))
            .collect();
        let stats = &self.config.statistics;
        let parts = input
            .parts
            .get(&period)
            .copied()
            .filter(|_| input.no_data.is_none() && !input.suppressed.contains(&period));
        let interval = parts.and_then(|p| {
            uncertainty::interval(ind.unit, p.numerator, p.denominator, stats.confidence)
        });
        let significance: Vec<ComparatorSignificance> = interval
            .map(|ci| {
                comparators
                    .iter()
                    .map(|c| ComparatorSignificance {
                        set: c.set.clone(),
                        kind: c.kind,
                        significance: uncertainty::significance(&ci, c.value, ind.polarity),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let spc = match (input.no_data.is_some(), input.series.iter().next()) {
            (false, Some((first, _))) if first <= period => {
                let n = (first.months_until(period) + 1) as u32;
                let values: Vec<Option<Decimal>> = input
                    .series
                    .window(period, n)
                    .into_iter()
                    .zip(period.rolling(n).months())
                    .map(|(v, m)| v.filter(|_| !input.suppressed.contains(&m)))
                    .map(|v| v.map(Value::as_decimal))
                    .collect();
                spc::xmr(&values, &stats.spc, ind.polarity, Some(&target)).map(|chart| RowSpc {
                    first,
                    values: values.clone(),
                    chart,
                })
            }
            _ => None,
        };
        let rules_outcome = rate(
            &RatingInput {
                indicator: ind,
                recent: &recent,
                target,
                comparators: &comparators,
                interval: interval.as_ref(),
                significance: &significance,
            },
            &rule,
            &self.config.rating,
        );
        let rating = match (
            &input.no_data,
            self.config.override_for(&ind.reference, period),
        ) {
            // No data is never rated, not even by an override.
            (Some(reason), _) => RatingOutcome {
                rating: Rating::NotRated,
                basis: RatingBasis::NoBasis,
                reason: reason.clone(),
                rules_rating: None,
                override_reason: None,
            },
            (None, Some(o)) => o.apply(rules_outcome),
            (None, None) => rules_outcome,
        };
        let baseline = self.config.direction.baseline;
        let baseline_value = match baseline {
            Baseline::PreviousMonth => input.series.get(period.pred()),
            Baseline::SameMonthLastYear => input.series.get(period.year_earlier()),
            Baseline::PreviousYear => input.previous_year,
        };
        let direction = if input.no_data.is_some() {
            None
        } else {
            direction_of_travel(
                input.series.get(period).map(Value::as_decimal),
                baseline_value.map(Value::as_decimal),
                baseline,
                ind.polarity,
                &target,
                ind.precision,
            )
            .map(|mut d| {
                if self.config.direction.method == DirectionMethod::Spc
                    && let Some(v) = spc.as_ref().and_then(|s| s.chart.variation)
                {
                    d.judgement = spc_judgement(v);
                }
                d
            })
        };
        Row {
            reference: ind.reference.clone(),
            title: ind.title.clone(),
            unit: ind.unit,
            polarity: ind.polarity,
            basis: ind.basis,
            precision: ind.precision,
            derivation: ind.derivation,
            values: input.series.window(period, shown),
            suppressed: period
                .rolling(shown)
                .months()
                .map(|m| input.suppressed.contains(&m))
                .collect(),
            previous_year: input.previous_year,
            target,
            comparators,
            rating,
            direction,
            series: input.series.window(period, series_n),
            no_data: input.no_data.clone(),
            parts,
            interval,
            significance,
            spc,
            benchmark: settings.benchmark.clone(),
            still_in_time: input.still_in_time.get(&period).copied(),
            revision: None,
            definition: Some(ind.definition.clone()),
            source: ind.source.to_string(),
        }
    }
}
