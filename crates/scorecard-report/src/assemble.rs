//! From computed series to the scorecard a reader sees: the last months,
//! the previous financial year's figure, targets, comparators, ratings and
//! arrows, for one LA and reporting month.
//!
//! The **previous year** column is the figure for the financial year before
//! the one containing the reporting month:
//!
//! * for counts and percentages of events in a month, the whole year: the
//!   monthly average of a count, and the year's numerator over its
//!   denominator for a percentage;
//! * for year-to-date, rolling and month-end measures, the value at the end
//!   of March.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use scorecard_compute::{Computation, ComputedSeries};
use scorecard_core::{
    Catalogue, Indicator, Month, Parts, PeriodBasis, RowInput, Scorecard, ScorecardBuilder,
    ScorecardConfig, Unit, Value, percent,
};

use crate::error::Result;

/// The previous financial year's figure for one indicator (see the module
/// documentation), or `None` when the year is not fully computed.
pub fn previous_year(ind: &Indicator, series: &ComputedSeries, period: Month) -> Option<Value> {
    let fy = period.financial_year().pred();
    let months: Vec<Month> = fy.window().months().collect();
    match ind.basis {
        PeriodBasis::InMonth => {
            let obs: Vec<_> = months
                .iter()
                .map(|m| series.get(*m))
                .collect::<Option<Vec<_>>>()?;
            match ind.unit {
                Unit::Count => {
                    let total: i64 = obs.iter().map(|o| o.numerator).sum();
                    Some(Value::Decimal(Decimal::from(total) / Decimal::from(12)))
                }
                Unit::Percent => {
                    let n: i64 = obs.iter().map(|o| o.numerator).sum();
                    let d: i64 = obs.iter().map(|o| o.denominator.unwrap_or(0)).sum();
                    percent(n, d).map(Value::Decimal)
                }
                _ => series.get(fy.end_month())?.value,
            }
        }
        _ => series.get(fy.end_month())?.value,
    }
}

/// Builds the scorecard of `la` for `period` from a computation: every
/// catalogue indicator with a computed or supplied series.
pub fn scorecard(
    computation: &Computation,
    la: &str,
    period: Month,
    catalogue: &Catalogue,
    config: &ScorecardConfig,
) -> Result<Scorecard> {
    let mut inputs = BTreeMap::new();
    if let Some(refs) = computation.las.get(la) {
        for (reference, series) in refs {
            let Some(ind) = catalogue.get(reference) else {
                continue;
            };
            inputs.insert(
                reference.clone(),
                RowInput {
                    series: series.to_series(),
                    previous_year: previous_year(ind, series, period),
                    suppressed: series
                        .observations
                        .iter()
                        .filter(|(_, o)| o.suppressed)
                        .map(|(m, _)| *m)
                        .collect(),
                    no_data: series.no_data.clone(),
                    parts: series
                        .observations
                        .iter()
                        .map(|(m, o)| {
                            (
                                *m,
                                Parts {
                                    numerator: o.numerator,
                                    denominator: o.denominator,
                                },
                            )
                        })
                        .collect(),
                    still_in_time: series.still_in_time.clone(),
                },
            );
        }
    }
    Ok(ScorecardBuilder::new(catalogue, config).build(la, period, &inputs)?)
}
