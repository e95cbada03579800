//! Tidy output for Power BI and friends: one row per LA × indicator ×
//! month, with value, numerator, denominator, rating, arrow, judgement and
//! the override reason, as CSV (`scorecard.csv`) or JSON (`scorecard.json`).
//!
//! Values withheld as small numbers (`--suppress-small`) are written `c`
//! in value, numerator and denominator.
//!
//! Each month is rated as if it were the reporting month (its own last N
//! months for Blue, its own previous month for the arrow), so the file is a
//! history, not only the latest scorecard.

use serde::Serialize;

use scorecard_compute::Computation;
use scorecard_core::{Catalogue, Month, ScorecardConfig};

use crate::assemble;
use crate::error::{Error, Result};

/// One tidy row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TidyRow {
    /// Local authority.
    pub la: String,
    /// Indicator ref.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Month, `YYYY-MM`.
    pub period: String,
    /// The value as computed (exact; round for display).
    pub value: String,
    /// Numerator (or the count).
    pub numerator: String,
    /// Denominator (or the population of a rate).
    pub denominator: String,
    /// B, G, A, R or N/A.
    pub rating: String,
    /// up, down, flat, or blank.
    pub direction: String,
    /// improving, declining, stable, not judged, or blank.
    pub judgement: String,
    /// Why the rating was set by hand, when it was.
    pub override_reason: String,
    /// Why there is no value: `no data: needs ...` when the indicator's
    /// inputs were not given (value, numerator and denominator are then
    /// blank, never 0).
    pub note: String,
}

/// Tidy rows for every LA, indicator and month of `computation` from
/// `first` to `last`, rated with `config`.
pub fn rows(
    computation: &Computation,
    catalogue: &Catalogue,
    config: &ScorecardConfig,
    first: Month,
    last: Month,
) -> Result<Vec<TidyRow>> {
    let mut out = Vec::new();
    for la in computation.las.keys() {
        let mut month = first;
        while month <= last {
            let card = assemble::scorecard(computation, la, month, catalogue, config)?;
            for row in card.rows() {
                let series = computation.series(la, &row.reference);
                if let Some(reason) = series.and_then(|s| s.no_data.as_ref()) {
                    out.push(TidyRow {
                        la: la.clone(),
                        reference: row.reference.clone(),
                        period: month.to_string(),
                        value: String::new(),
                        numerator: String::new(),
                        denominator: String::new(),
                        rating: row.rating.rating.code().to_string(),
                        direction: String::new(),
                        judgement: String::new(),
                        override_reason: String::new(),
                        note: reason.clone(),
                    });
                    continue;
                }
                let obs = series.and_then(|s| s.get(month));
                let Some(obs) = obs else { continue };
                let c = |s: String| if obs.suppressed { "c".to_string() } else { s };
                out.push(TidyRow {
                    la: la.clone(),
                    reference: row.reference.clone(),
                    period: month.to_string(),
                    value: c(obs.value.map(|v| v.to_string()).unwrap_or_default()),
                    numerator: c(obs.numerator.to_string()),
                    denominator: c(obs.denominator.map(|d| d.to_string()).unwrap_or_default()),
                    rating: row.rating.rating.code().to_string(),
                    direction: row
                        .direction
                        .map(|d| d.arrow.word().to_string())
                        .unwrap_or_default(),
                    judgement: row
                        .direction
                        .map(|d| d.judgement.word().to_string())
                        .unwrap_or_default(),
                    override_reason: row.rating.override_reason.clone().unwrap_or_default(),
                    note: String::new(),
                });
            }
            month = month.succ();
        }
    }
    Ok(out)
}

/// The rows as CSV text.
pub fn to_csv(rows: &[TidyRow]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r).map_err(|e| Error::Output(e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Output(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| Error::Output(e.to_string()))
}

/// The rows as pretty JSON text.
pub fn to_json(rows: &[TidyRow]) -> Result<String> {
    serde_json::to_string_pretty(rows).map_err(|e| Error::Output(e.to_string()))
}

/// Writes every computed observation of `computation` as CSV to `out`: one
/// row per LA × ref × month with `la,ref,period,numerator,denominator,value`
/// (the value exact, blank when there is none; `c` in all three when
/// withheld as a small number). Unlike [`rows`], nothing is rated, so this is
/// the fast path for whole regions and decades.
///
/// ```
/// use scorecard_compute::{Computation, ComputedSeries, Observation};
/// use scorecard_core::Value;
/// let mut c = Computation::default();
/// let mut s = ComputedSeries::default();
/// s.observations.insert("2024-01".parse().unwrap(), Observation {
///     numerator: 3, denominator: Some(4), value: Some(Value::Count(3)), suppressed: false });
/// c.las.entry("E1".into()).or_default().insert("CIN1".into(), s);
/// let mut out = Vec::new();
/// scorecard_report::tidy::write_series_csv(&c, &mut out).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(),
///     "la,ref,period,numerator,denominator,value\nE1,CIN1,2024-01,3,4,3\n");
/// ```
pub fn write_series_csv(computation: &Computation, out: &mut impl std::io::Write) -> Result<()> {
    let err = |e: std::io::Error| Error::Output(e.to_string());
    writeln!(out, "la,ref,period,numerator,denominator,value").map_err(err)?;
    for (la, refs) in &computation.las {
        for (reference, series) in refs {
            for (month, o) in &series.observations {
                if o.suppressed {
                    writeln!(out, "{la},{reference},{month},c,c,c").map_err(err)?;
                    continue;
                }
                write!(out, "{la},{reference},{month},{},", o.numerator).map_err(err)?;
                if let Some(d) = o.denominator {
                    write!(out, "{d}").map_err(err)?;
                }
                match o.value {
                    Some(v) => writeln!(out, ",{v}").map_err(err)?,
                    None => writeln!(out, ",").map_err(err)?,
                }
            }
        }
    }
    Ok(())
}
