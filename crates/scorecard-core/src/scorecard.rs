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

use crate::catalogue::Catalogue;
use crate::comparator::{ComparatorSet, ComparatorValue};
use crate::config::ScorecardConfig;
use crate::direction::{Baseline, DirectionOfTravel, direction_of_travel};
use crate::error::Result;
use crate::indicator::{Derivation, Indicator, PeriodBasis, Polarity, Section, Unit};
use crate::period::Month;
use crate::rating::{Rating, RatingBasis, RatingInput, RatingOutcome, rate};
use crate::series::Series;
use crate::target::Target;
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
        let rules_outcome = rate(
            &RatingInput {
                indicator: ind,
                recent: &recent,
                target,
                comparators: &comparators,
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
        }
    }
}
