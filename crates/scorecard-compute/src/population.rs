//! Children aged 0–17 per local authority: the denominator of every rate
//! per 10,000.
//!
//! The rate for a period uses the latest mid-year estimate whose year is not
//! after the period's calendar year (a rate for January 2024 uses mid-2024
//! if published, else mid-2023, ...).
//!
//! ```
//! use scorecard_compute::Population;
//! let mut pop = Population::new();
//! pop.insert(&["E08000008", "357", "Tameside"], 2021, 51_138);
//! pop.insert(&["E08000008", "357", "Tameside"], 2023, 52_288);
//! let jan24 = "2024-01".parse().unwrap();
//! assert_eq!(pop.for_period("Tameside", jan24), Some(52_288));
//! assert_eq!(pop.for_period("357", "2022-06".parse().unwrap()), Some(51_138));
//! assert_eq!(pop.for_period("E08000008", "2020-12".parse().unwrap()), None);
//! ```

use std::collections::{BTreeMap, HashMap};

use scorecard_core::Month;

use crate::error::{Error, Result};

/// Population aged 0–17 by local authority and mid-year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Population {
    /// Canonical key (the first alias given) by each alias.
    aliases: HashMap<String, String>,
    /// Estimates by canonical key and year.
    estimates: HashMap<String, BTreeMap<i32, i64>>,
}

fn norm(s: &str) -> String {
    s.trim().to_ascii_lowercase()
}

impl Population {
    /// An empty table.
    pub fn new() -> Self {
        Population::default()
    }

    /// Records the estimate for one LA and year; `names` are the ways the LA
    /// may be named (code, old code, name), matched case-insensitively.
    pub fn insert(&mut self, names: &[&str], year: i32, children: i64) {
        let Some(first) = names.iter().find(|n| !n.trim().is_empty()) else {
            return;
        };
        let key = self
            .aliases
            .get(&norm(first))
            .cloned()
            .unwrap_or_else(|| norm(first));
        for n in names.iter().filter(|n| !n.trim().is_empty()) {
            self.aliases.insert(norm(n), key.clone());
        }
        self.estimates
            .entry(key)
            .or_default()
            .insert(year, children);
    }

    /// The estimate to use for `la` in `period`.
    pub fn for_period(&self, la: &str, period: Month) -> Option<i64> {
        let key = self.aliases.get(&norm(la))?;
        self.estimates
            .get(key)?
            .range(..=period.year())
            .next_back()
            .map(|(_, v)| *v)
    }

    /// Does the table know `la`?
    pub fn knows(&self, la: &str) -> bool {
        self.aliases.contains_key(&norm(la))
    }

    /// The ONS mid-year estimates of children aged 0-17 for 2012 to 2024,
    /// as DfE publishes them (`data/ons_mid-year_population_estimates_2012_to_2024.csv`),
    /// built in.
    pub fn builtin() -> Result<Population> {
        Population::from_ons_csv(
            include_str!("../data/ons_mid-year_population_estimates_2012_to_2024.csv"),
            "built-in ONS mid-year estimates 2012-2024",
        )
    }

    /// Reads DfE's `ons_mid-year_population_estimates` CSV: rows with
    /// `geographic_level` "Local authority" and `age_group` "Children aged 0
    /// to 17 years"; each LA is known by `new_la_code`, `old_la_code` and
    /// `la_name`. Suppressed values (`c`, `x`, `z`, `u`, `low`, `..`) are
    /// skipped: that year has no estimate. `source_name` is used in errors.
    pub fn from_ons_csv(text: &str, source_name: &str) -> Result<Population> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(text.as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| Error::csv(source_name, 1, None, e.to_string()))?
            .clone();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
                .ok_or_else(|| Error::csv(source_name, 1, Some(name), "missing column".to_string()))
        };
        let (c_year, c_level, c_age) = (
            col("time_period")?,
            col("geographic_level")?,
            col("age_group")?,
        );
        let (c_new, c_old, c_name) = (col("new_la_code")?, col("old_la_code")?, col("la_name")?);
        let c_pop = col("population_estimate")?;
        let mut pop = Population::new();
        for (i, rec) in rdr.records().enumerate() {
            let line = i + 2;
            let rec = rec.map_err(|e| Error::csv(source_name, line, None, e.to_string()))?;
            let get = |c: usize| rec.get(c).unwrap_or("").trim();
            if !get(c_level).eq_ignore_ascii_case("Local authority")
                || !get(c_age).eq_ignore_ascii_case("Children aged 0 to 17 years")
            {
                continue;
            }
            let year: i32 = get(c_year).parse().map_err(|_| {
                Error::csv(
                    source_name,
                    line,
                    Some("time_period"),
                    format!("expected a year, found {:?}", get(c_year)),
                )
            })?;
            let raw = get(c_pop).replace(',', "");
            // DfE suppression and not-applicable codes: no estimate, not zero.
            if matches!(
                raw.to_ascii_lowercase().as_str(),
                "c" | "x" | "z" | "u" | "low" | ".." | ":" | ""
            ) {
                continue;
            }
            let children: i64 = raw.parse().map_err(|_| {
                Error::csv(
                    source_name,
                    line,
                    Some("population_estimate"),
                    format!("expected a whole number, found {:?}", get(c_pop)),
                )
            })?;
            pop.insert(&[get(c_new), get(c_old), get(c_name)], year, children);
        }
        Ok(pop)
    }
}
