//! Tidy output for Power BI and friends: one row per LA × indicator ×
//! month, with value, numerator, denominator, rating, arrow, judgement and
//! the override reason, as CSV (`scorecard.csv`) or JSON (`scorecard.json`).
//!
//! Beside each figure: its confidence interval, its significance against
//! each comparator kind, the SPC chart's limits, the rule marking that
//! month's point and the variation and assurance icons, the LA's rank and
//! quartile band among all LAs, the items still in time (timeliness
//! indicators), and, when an earlier run was given (`--previous`), what
//! changed since (see [`crate::revisions`]).
//!
//! The CSV gives each value at the indicator's display precision (as
//! printed), with exact numerators and denominators beside it; the JSON
//! keeps the exact value.
//!
//! Values withheld as small numbers (`--suppress-small`) are written `c`
//! in value, numerator and denominator.
//!
//! Each month is rated as if it were the reporting month (its own last N
//! months for Blue, its own previous month for the arrow), so the file is a
//! history, not only the latest scorecard.

use serde::{Deserialize, Serialize};

use scorecard_compute::Computation;
use scorecard_core::{
    Catalogue, ComparatorKind, Month, Row, ScorecardConfig, Significance, round_half_away,
};

use crate::assemble;
use crate::error::{Error, Result};

/// One tidy row. Read back (for `--previous`) with every column after
/// `note` optional, so an older run's file still reads.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
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
    /// Confidence interval, lower limit (at the indicator's precision).
    pub ci_lower: String,
    /// Upper limit.
    pub ci_upper: String,
    /// `95%` or `99.8%`.
    pub ci_level: String,
    /// `Wilson score`, `Byar's` or `exact Poisson`.
    pub ci_method: String,
    /// Against England: better, similar, worse (or higher, similar, lower).
    pub vs_england: String,
    /// Against the region.
    pub vs_region: String,
    /// Against the statistical neighbours.
    pub vs_neighbours: String,
    /// SPC centre line.
    pub spc_mean: String,
    /// SPC lower process limit.
    pub spc_lower: String,
    /// SPC upper process limit.
    pub spc_upper: String,
    /// `trial` when the limits rest on fewer points than the baseline.
    pub spc_limits: String,
    /// The rule marking this month's point: outside_limits, shift, trend,
    /// two_of_three; blank for common cause.
    pub spc_rule: String,
    /// Variation icon: common, improving_high, concerning_low, ...
    pub spc_variation: String,
    /// Assurance icon: met, missed, hit_and_miss.
    pub spc_assurance: String,
    /// Rank among all LAs (1 = best).
    pub rank: String,
    /// How many LAs were ranked.
    pub rank_of: String,
    /// Quartile band A-D.
    pub band: String,
    /// The year ranked.
    pub rank_year: String,
    /// The previous year's rank.
    pub previous_rank: String,
    /// The previous year's band.
    pub previous_band: String,
    /// Items still open and inside their timescale at month end.
    pub still_in_time: String,
    /// `yes` when the figure differs from the earlier run's.
    pub revised: String,
    /// The earlier run's figure, when revised.
    pub previous_value: String,
    /// The earlier run's rating, when it differs.
    pub previous_rating: String,
    /// The earlier run's arrow, when it differs.
    pub previous_direction: String,
    /// The indicator's display precision (not written: [`TidyRow::displayed`]
    /// uses it).
    #[serde(skip)]
    pub precision: Option<u32>,
}

impl TidyRow {
    /// The row with its value at the indicator's display precision (86.3,
    /// not 86.3157...), as the CSV and the workbook write it; numerators and
    /// denominators stay exact. Blank and `c` are kept.
    pub fn displayed(&self) -> TidyRow {
        let mut r = self.clone();
        if let (Some(p), Ok(d)) = (self.precision, self.value.parse::<rust_decimal::Decimal>()) {
            r.value = format!("{:.prec$}", round_half_away(d, p), prec = p as usize);
        }
        r
    }

    /// Fills the statistics columns from the row of a scorecard whose
    /// reporting month is this row's.
    fn statistics(&mut self, row: &Row) {
        let p = row.precision;
        if let Some(ci) = &row.interval {
            self.ci_lower = round_half_away(ci.lower, p).to_string();
            self.ci_upper = round_half_away(ci.upper, p).to_string();
            self.ci_level = ci.confidence.to_string();
            self.ci_method = ci.method.name().to_string();
        }
        let vs = |kind: ComparatorKind| {
            row.significance
                .iter()
                .find(|s| s.kind == kind)
                .map(|s| Significance::word(s.significance).to_string())
                .unwrap_or_default()
        };
        self.vs_england = vs(ComparatorKind::England);
        self.vs_region = vs(ComparatorKind::Region);
        self.vs_neighbours = vs(ComparatorKind::StatisticalNeighbours);
        if let Some(spc) = &row.spc {
            let l = &spc.chart.limits;
            let r = |d| round_half_away(d, p + 1).to_string();
            self.spc_mean = r(l.mean);
            self.spc_lower = r(l.lower);
            self.spc_upper = r(l.upper);
            self.spc_limits = if l.trial { "trial" } else { "baseline" }.to_string();
            self.spc_rule = spc
                .chart
                .latest()
                .map(|s| s.rule.code().to_string())
                .unwrap_or_default();
            self.spc_variation = spc
                .chart
                .variation
                .map(|v| v.code().to_string())
                .unwrap_or_default();
            self.spc_assurance = spc
                .chart
                .assurance
                .map(|a| a.code().to_string())
                .unwrap_or_default();
        }
        if let Some(b) = &row.benchmark {
            self.rank = b.rank.to_string();
            self.rank_of = b.of.to_string();
            self.band = b.band.to_string();
            self.rank_year = b.vintage.to_string();
            if let Some(prev) = &b.previous {
                self.previous_rank = prev.rank.to_string();
                self.previous_band = prev.band.to_string();
            }
        }
        self.still_in_time = row.still_in_time.map(|n| n.to_string()).unwrap_or_default();
        self.precision = Some(p);
    }
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
        out.extend(rows_for(computation, la, catalogue, config, first, last)?);
    }
    Ok(out)
}

/// [`rows`] for one LA of `computation`.
pub fn rows_for(
    computation: &Computation,
    la: &str,
    catalogue: &Catalogue,
    config: &ScorecardConfig,
    first: Month,
    last: Month,
) -> Result<Vec<TidyRow>> {
    let mut out = Vec::new();
    let mut month = first;
    while month <= last {
        let card = assemble::scorecard(computation, la, month, catalogue, config)?;
        for row in card.rows() {
            let series = computation.series(la, &row.reference);
            if let Some(reason) = series.and_then(|s| s.no_data.as_ref()) {
                out.push(TidyRow {
                    la: la.to_string(),
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
                    ..TidyRow::default()
                });
                continue;
            }
            let obs = series.and_then(|s| s.get(month));
            let Some(obs) = obs else { continue };
            let c = |s: String| if obs.suppressed { "c".to_string() } else { s };
            let mut tidy = TidyRow {
                la: la.to_string(),
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
                ..TidyRow::default()
            };
            tidy.statistics(row);
            out.push(tidy);
        }
        month = month.succ();
    }
    Ok(out)
}

/// The rows as CSV text, values at display precision (see
/// [`TidyRow::displayed`]).
pub fn to_csv(rows: &[TidyRow]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r.displayed())
            .map_err(|e| Error::Output(e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Output(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| Error::Output(e.to_string()))
}

/// The rows as pretty JSON text, values exact (full precision).
pub fn to_json(rows: &[TidyRow]) -> Result<String> {
    serde_json::to_string_pretty(rows).map_err(|e| Error::Output(e.to_string()))
}

/// Writes every computed observation of `computation` as CSV to the file
/// `path`: one row per LA × ref × month with
/// `la,ref,period,numerator,denominator,value` (`period` a month `2024-01`,
/// or a week `2024-W05` from a weekly computation; the value exact, blank when
/// there is none; `c` in all three when withheld as a small number). Unlike
/// [`rows`], nothing is rated, so this is the fast path for whole regions
/// and decades. A failure names the path (an `Error::Io` on writing).
pub fn write_series_file<P: Ord + Copy + std::fmt::Display + Sync>(
    computation: &Computation<P>,
    path: &std::path::Path,
) -> Result<()> {
    let f = std::fs::File::create(path).map_err(|e| Error::write(path, e))?;
    let mut w = std::io::BufWriter::new(f);
    write_series_csv(computation, &mut w).map_err(|e| match e {
        Error::Output(m) => Error::write(path, std::io::Error::other(m)),
        e => e,
    })?;
    std::io::Write::flush(&mut w).map_err(|e| Error::write(path, e))
}

/// [`write_series_file`] into any writer.
///
/// ```
/// use scorecard_compute::{Computation, ComputedSeries, Observation};
/// use scorecard_core::Value;
/// let mut c: Computation = Computation::default();
/// let mut s = ComputedSeries::default();
/// s.observations.insert("2024-01".parse().unwrap(), Observation::new(3, Some(4), Some(Value::Count(3))));
/// c.las.entry("E1".into()).or_default().insert("CIN1".into(), s);
/// let mut out = Vec::new();
/// scorecard_report::tidy::write_series_csv(&c, &mut out).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(),
///     "la,ref,period,numerator,denominator,value\nE1,CIN1,2024-01,3,4,3\n");
/// ```
pub fn write_series_csv<P: Ord + Copy + std::fmt::Display + Sync>(
    computation: &Computation<P>,
    out: &mut impl std::io::Write,
) -> Result<()> {
    use rayon::prelude::*;
    let err = |e: std::io::Error| Error::Output(e.to_string());
    writeln!(out, "la,ref,period,numerator,denominator,value").map_err(err)?;
    // LAs formatted on every core, a batch at a time (so at most a batch's
    // text is held), and written in order.
    let las: Vec<_> = computation.las.iter().collect();
    for batch in las.chunks(LAS_PER_BATCH) {
        let texts = batch
            .par_iter()
            .map(|(la, refs)| {
                let mut text = Vec::new();
                series_rows(la, refs, &mut text).map(|()| text)
            })
            .collect::<std::io::Result<Vec<Vec<u8>>>>()
            .map_err(err)?;
        for text in texts {
            out.write_all(&text).map_err(err)?;
        }
    }
    Ok(())
}

/// LAs whose series rows are formatted at once by [`write_series_csv`].
const LAS_PER_BATCH: usize = 16;

/// One LA's rows of the tidy series file.
fn series_rows<P: Ord + Copy + std::fmt::Display>(
    la: &str,
    refs: &std::collections::BTreeMap<String, scorecard_compute::ComputedSeries<P>>,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    use std::io::Write;
    for (reference, series) in refs {
        for (month, o) in &series.observations {
            if o.suppressed {
                writeln!(out, "{la},{reference},{month},c,c,c")?;
                continue;
            }
            write!(out, "{la},{reference},{month},{},", o.numerator)?;
            if let Some(d) = o.denominator {
                write!(out, "{d}")?;
            }
            match o.value {
                Some(v) => writeln!(out, ",{v}")?,
                None => writeln!(out, ",")?,
            }
        }
    }
    Ok(())
}

/// Writes the rows as Parquet at `path`, typed for Power BI and DuckDB:
/// `period` a date (the month's first day), counts (`numerator`,
/// `denominator`, `rank`, `rank_of`, `previous_rank`, `still_in_time`)
/// integers, figures (`value` exact, the limits) numbers, the rest text; a
/// withheld small number is null with `withheld` = `c`.
pub fn write_parquet(rows: &[TidyRow], path: &std::path::Path) -> Result<()> {
    use scorecard_compute::readers::parquet::{PlainColumn, write_columns};
    let text = |f: fn(&TidyRow) -> &String| {
        PlainColumn::Text(
            rows.iter()
                .map(|r| Some(f(r).clone()).filter(|s| !s.is_empty()))
                .collect(),
        )
    };
    let int = |f: fn(&TidyRow) -> &String| {
        PlainColumn::Integer(rows.iter().map(|r| f(r).parse::<i64>().ok()).collect())
    };
    let num = |f: fn(&TidyRow) -> &String| {
        PlainColumn::Number(rows.iter().map(|r| f(r).parse::<f64>().ok()).collect())
    };
    let columns: Vec<(&str, PlainColumn)> = vec![
        ("la", text(|r| &r.la)),
        ("ref", text(|r| &r.reference)),
        (
            "period",
            PlainColumn::Date(
                rows.iter()
                    .map(|r| r.period.parse::<Month>().ok().map(Month::first_day))
                    .collect(),
            ),
        ),
        ("value", num(|r| &r.value)),
        ("numerator", int(|r| &r.numerator)),
        ("denominator", int(|r| &r.denominator)),
        (
            "withheld",
            PlainColumn::Text(
                rows.iter()
                    .map(|r| (r.value == "c").then(|| "c".to_string()))
                    .collect(),
            ),
        ),
        ("rating", text(|r| &r.rating)),
        ("direction", text(|r| &r.direction)),
        ("judgement", text(|r| &r.judgement)),
        ("override_reason", text(|r| &r.override_reason)),
        ("note", text(|r| &r.note)),
        ("ci_lower", num(|r| &r.ci_lower)),
        ("ci_upper", num(|r| &r.ci_upper)),
        ("ci_level", text(|r| &r.ci_level)),
        ("ci_method", text(|r| &r.ci_method)),
        ("vs_england", text(|r| &r.vs_england)),
        ("vs_region", text(|r| &r.vs_region)),
        ("vs_neighbours", text(|r| &r.vs_neighbours)),
        ("spc_mean", num(|r| &r.spc_mean)),
        ("spc_lower", num(|r| &r.spc_lower)),
        ("spc_upper", num(|r| &r.spc_upper)),
        ("spc_limits", text(|r| &r.spc_limits)),
        ("spc_rule", text(|r| &r.spc_rule)),
        ("spc_variation", text(|r| &r.spc_variation)),
        ("spc_assurance", text(|r| &r.spc_assurance)),
        ("rank", int(|r| &r.rank)),
        ("rank_of", int(|r| &r.rank_of)),
        ("band", text(|r| &r.band)),
        ("rank_year", text(|r| &r.rank_year)),
        ("previous_rank", int(|r| &r.previous_rank)),
        ("previous_band", text(|r| &r.previous_band)),
        ("still_in_time", int(|r| &r.still_in_time)),
        ("revised", text(|r| &r.revised)),
        ("previous_value", num(|r| &r.previous_value)),
        ("previous_rating", text(|r| &r.previous_rating)),
        ("previous_direction", text(|r| &r.previous_direction)),
    ];
    Ok(write_columns(path, &columns)?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use scorecard_compute::{ComputedSeries, Observation};
    use scorecard_core::Value;

    /// More LAs than a batch (40 against 16): every LA's rows come once,
    /// in the LAs' order, as the lines built here one by one.
    #[test]
    fn series_rows_are_written_in_order_across_batches() {
        let mut c: Computation = Computation::default();
        let mut expected = String::from("la,ref,period,numerator,denominator,value\n");
        for i in 0..40 {
            let la = format!("E{i:03}");
            let mut s = ComputedSeries::default();
            s.observations.insert(
                "2024-01".parse().unwrap(),
                Observation::new(i, Some(40), Some(Value::Count(i))),
            );
            c.las
                .entry(la.clone())
                .or_default()
                .insert("CIN1".into(), s);
            expected.push_str(&format!("{la},CIN1,2024-01,{i},40,{i}\n"));
        }
        let mut out = Vec::new();
        write_series_csv(&c, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
}
