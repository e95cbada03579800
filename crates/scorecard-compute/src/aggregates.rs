//! Supplied aggregates: the indicators case-level data cannot give (agency
//! staff, supervision, caseloads, audits, education figures), as a CSV of
//! `la,ref,period,value[,numerator,denominator]`.
//!
//! * `ref` must be in the catalogue; `period` is a month (`2024-01` or
//!   `Jan-24`); `value` as printed (`32%`, `14.7`, `2433`), or blank when
//!   the numerator and denominator are given (a percentage is then worked
//!   out from them).
//! * A value for an indicator the engine computes from case-level data, for
//!   the same LA and month, is not used (the computed one is traceable to
//!   the child records); it is counted in the data-quality report.
//!
//! ```
//! use scorecard_compute::aggregates::read_aggregates;
//! use scorecard_core::{Catalogue, Value};
//! let text = "la,ref,period,value,numerator,denominator\nE08000008,WF4,2024-01,29%,,\nE08000008,WF6,Jan-24,14.7,,\nE08000008,WF5c,2024-01,,65,100\n";
//! let agg = read_aggregates(text, "aggregates.csv", &Catalogue::builtin()).unwrap();
//! let wf5c = agg["E08000008"]["WF5c"].get("2024-01".parse().unwrap()).unwrap();
//! assert_eq!(wf5c.value, Some(Value::Decimal("65".parse().unwrap())));
//! ```

use std::collections::BTreeMap;

use scorecard_core::{Catalogue, Month, PrintedNumber, Unit, Value, percent};

use crate::engine::{Computation, ComputedSeries, Observation};
use crate::error::{Error, Result};

/// Supplied series by LA, then ref.
pub type Supplied = BTreeMap<String, BTreeMap<String, ComputedSeries>>;

/// Reads the aggregates CSV; `file` is used in errors.
pub fn read_aggregates(text: &str, file: &str, catalogue: &Catalogue) -> Result<Supplied> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::csv(file, 1, None, e.to_string()))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let col = |n: &str| headers.iter().position(|h| h == n);
    let need = |n: &str| {
        col(n).ok_or_else(|| Error::csv(file, 1, Some(n), format!("missing column; expected la,ref,period,value[,numerator,denominator], found {headers:?}")))
    };
    let (c_la, c_ref, c_period, c_value) =
        (need("la")?, need("ref")?, need("period")?, need("value")?);
    let (c_num, c_den) = (col("numerator"), col("denominator"));
    let mut out: Supplied = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::csv_record(file, &e))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let get = |c: usize| rec.get(c).unwrap_or("");
        let err =
            |c: usize, m: String| Error::csv(file, line, headers.get(c).map(String::as_str), m);
        let la = get(c_la).to_string();
        if la.is_empty() {
            return Err(err(c_la, "the local authority is blank".into()));
        }
        let reference = get(c_ref);
        let ind = catalogue
            .get(reference)
            .ok_or_else(|| err(c_ref, format!("{reference:?} is not in the catalogue")))?;
        let period: Month = get(c_period)
            .parse()
            .map_err(|e: scorecard_core::Error| err(c_period, e.to_string()))?;
        let int = |c: Option<usize>| -> Result<Option<i64>> {
            match c.map(get).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => s.replace(',', "").parse::<i64>().map(Some).map_err(|_| {
                    err(
                        c.unwrap_or(0),
                        format!("expected a whole number, found {s:?}"),
                    )
                }),
            }
        };
        let (num, den) = (int(c_num)?, int(c_den)?);
        let printed =
            PrintedNumber::parse(get(c_value)).map_err(|e| err(c_value, e.to_string()))?;
        let value = match (printed, num, den) {
            (Some(p), _, _) => Some(p.to_value(ind.unit)),
            (None, Some(n), Some(d)) if ind.unit == Unit::Percent => {
                percent(n, d).map(Value::Decimal)
            }
            (None, Some(n), None) if ind.unit == Unit::Count => Some(Value::Count(n)),
            _ => {
                return Err(err(
                    c_value,
                    "give a value, or a numerator and denominator".into(),
                ));
            }
        };
        let obs = Observation {
            numerator: num.unwrap_or(0),
            denominator: den,
            value,
            suppressed: false,
        };
        let series = out
            .entry(la)
            .or_default()
            .entry(reference.to_string())
            .or_default();
        if series.observations.insert(period, obs).is_some() {
            return Err(err(
                c_period,
                format!("a second value for {reference} in {period}"),
            ));
        }
    }
    Ok(out)
}

impl Computation {
    /// Adds supplied series. Where the engine computed a value for the same
    /// LA, ref and month, the computed one is kept and the supplied one is
    /// counted under `supplied_aggregates` in the data-quality report.
    pub fn add_supplied(&mut self, supplied: &Supplied) {
        self.add_supplied_as(supplied, "supplied_aggregates", None);
    }

    /// [`Computation::add_supplied`], counting the figures in the data
    /// quality under `table` (e.g. `ssda903_oc2`) and, when `source` is
    /// given, saying so for each indicator that used them.
    pub fn add_supplied_as(&mut self, supplied: &Supplied, table: &str, source: Option<&str>) {
        let mut used_refs = std::collections::BTreeSet::new();
        let q = self.quality.tables.entry(table.to_string()).or_default();
        for (la, refs) in supplied {
            for (reference, series) in refs {
                let target = self
                    .las
                    .entry(la.clone())
                    .or_default()
                    .entry(reference.clone())
                    .or_default();
                for (month, obs) in &series.observations {
                    q.read += 1;
                    match target.observations.get(month) {
                        Some(existing) if existing.value.is_some() => {
                            *q.excluded
                                .entry("computed from case-level data instead".to_string())
                                .or_default() += 1;
                        }
                        _ => {
                            q.used += 1;
                            target.no_data = None;
                            target.observations.insert(*month, *obs);
                            used_refs.insert(reference.clone());
                        }
                    }
                }
            }
        }
        if let Some(source) = source {
            for r in used_refs {
                self.quality
                    .indicator_sources
                    .insert(r, format!("computed from {source}"));
            }
        }
    }
}
