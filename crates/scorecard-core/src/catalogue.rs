//! The indicator catalogue: every indicator the scorecard knows.
//!
//! The catalogue is a TOML file, `data/catalogue.toml`, built into the
//! crate ([`Catalogue::builtin`]). A council can load its own file, or
//! extend the built-in one with extra indicators (or redefine one, listing
//! its ref in a top-level `replaces = ["CIN8"]`) without recompiling:
//!
//! ```
//! use scorecard_core::Catalogue;
//! let mut cat = Catalogue::builtin();
//! let n = cat.len();
//! cat.extend_from_toml(r#"
//!     [[indicator]]
//!     ref = "FD20"
//!     title = "Contacts from schools (No.)"
//!     section = "FD"
//!     unit = "count"
//!     polarity = "contextual"
//!     basis = "in_month"
//!     precision = 0
//!     source = "Annex A List 1"
//!     derivation = "derived"
//!     definition.numerator = "Contacts in the month whose source is a school"
//!     definition.follows = "local definition"
//! "#, "council-extra.toml").unwrap();
//! assert_eq!(cat.len(), n + 1);
//! assert!(cat.get("FD20").is_some());
//! ```
//!
//! Every file is validated when loaded: refs are unique and start with
//! their section's code, counts have no decimals, percentages, rates and
//! averages name a denominator, supplied indicators say so in both
//! `source` and `derivation`.

use std::collections::HashMap;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::indicator::{DataSource, Derivation, Indicator, Section, Unit};

const BUILTIN: &str = include_str!("../data/catalogue.toml");
const BUILTIN_NAME: &str = "built-in catalogue (scorecard-core/data/catalogue.toml)";

/// An ordered set of indicators, looked up by ref.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    indicators: Vec<Indicator>,
    by_ref: HashMap<String, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    /// Refs this file redefines (they must already exist).
    #[serde(default)]
    replaces: Vec<String>,
    #[serde(default)]
    indicator: Vec<Indicator>,
}

impl Catalogue {
    /// The built-in catalogue: the January 2024 published scorecard's
    /// indicators plus the reconstructed CF1–CF18 and SG16–SG20.
    ///
    /// The built-in file is validated by this crate's tests; should it
    /// ever fail to load, this returns an empty catalogue rather than panic
    /// (use [`Catalogue::try_builtin`] to see the error).
    pub fn builtin() -> Catalogue {
        Catalogue::try_builtin().unwrap_or_else(|_| Catalogue::empty())
    }

    /// The built-in catalogue, or the error that stops it loading.
    pub fn try_builtin() -> Result<Catalogue> {
        Catalogue::from_toml(BUILTIN, BUILTIN_NAME)
    }

    /// A catalogue with no indicators.
    pub fn empty() -> Catalogue {
        Catalogue {
            indicators: Vec::new(),
            by_ref: HashMap::new(),
        }
    }

    /// Loads a catalogue from TOML text; `source_name` (e.g. the file's
    /// path) is used in errors.
    pub fn from_toml(text: &str, source_name: &str) -> Result<Catalogue> {
        let mut cat = Catalogue::empty();
        cat.extend_from_toml(text, source_name)?;
        Ok(cat)
    }

    /// Adds the indicators in `text`. A ref already present is an error
    /// unless the file lists it in `replaces = [..]`. On error nothing is
    /// added.
    pub fn extend_from_toml(&mut self, text: &str, source_name: &str) -> Result<()> {
        let file: CatalogueFile = toml::from_str(text).map_err(|e| Error::Toml {
            source_name: source_name.to_string(),
            message: e.to_string(),
        })?;
        let mut next = self.clone();
        for r in &file.replaces {
            if !next.by_ref.contains_key(r) {
                return Err(Error::invalid(
                    source_name,
                    r,
                    "listed in `replaces` but no indicator with this ref exists",
                ));
            }
            if !file.indicator.iter().any(|i| &i.reference == r) {
                return Err(Error::invalid(
                    source_name,
                    r,
                    "listed in `replaces` but the file does not define it",
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for indicator in file.indicator {
            validate(&indicator, source_name)?;
            let r = indicator.reference.clone();
            if !seen.insert(r.clone()) {
                return Err(Error::invalid(
                    source_name,
                    &r,
                    "defined twice in this file",
                ));
            }
            match next.by_ref.get(&r).copied() {
                Some(i) if file.replaces.contains(&r) => next.indicators[i] = indicator,
                Some(_) => {
                    return Err(Error::invalid(
                        source_name,
                        &r,
                        format!(
                            "this ref is already in the catalogue; add `replaces = [\"{r}\"]` at the top of the file to redefine it"
                        ),
                    ));
                }
                None => {
                    next.by_ref.insert(r, next.indicators.len());
                    next.indicators.push(indicator);
                }
            }
        }
        *self = next;
        Ok(())
    }

    /// The indicator with ref `reference`.
    pub fn get(&self, reference: &str) -> Option<&Indicator> {
        self.by_ref.get(reference).map(|&i| &self.indicators[i])
    }

    /// The indicator with ref `reference`, or [`Error::UnknownIndicator`].
    pub fn require(&self, reference: &str) -> Result<&Indicator> {
        self.get(reference)
            .ok_or_else(|| Error::UnknownIndicator(reference.to_string()))
    }

    /// All indicators, in catalogue (published) order.
    pub fn iter(&self) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter()
    }

    /// The indicators of one section, in catalogue order.
    pub fn section(&self, section: Section) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter().filter(move |i| i.section == section)
    }

    /// Number of indicators.
    pub fn len(&self) -> usize {
        self.indicators.len()
    }

    /// True when there are no indicators.
    pub fn is_empty(&self) -> bool {
        self.indicators.is_empty()
    }
}

fn validate(ind: &Indicator, source_name: &str) -> Result<()> {
    let r = &ind.reference;
    let fail = |msg: String| Err(Error::invalid(source_name, r, msg));
    let code = ind.section.code();
    let rest = r.strip_prefix(code).unwrap_or("");
    if !rest.starts_with(|c: char| c.is_ascii_digit())
        || !rest.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return fail(format!(
            "a ref is the section code {code} followed by a number and optional letters (e.g. {code}8, {code}10a)"
        ));
    }
    if ind.title.trim().is_empty() {
        return fail("the title is empty".into());
    }
    if ind.precision > 4 {
        return fail(format!(
            "precision {} is more than 4 decimal places",
            ind.precision
        ));
    }
    if ind.unit == Unit::Count && ind.precision != 0 {
        return fail("a count has precision 0".into());
    }
    if ind.unit != Unit::Count && ind.definition.denominator.is_none() {
        return fail(format!(
            "a {:?} needs `definition.denominator` (what it is out of)",
            ind.unit
        ));
    }
    if ind.definition.numerator.trim().is_empty() || ind.definition.follows.trim().is_empty() {
        return fail("`definition.numerator` and `definition.follows` must not be empty".into());
    }
    let supplied_source = ind.source == DataSource::Supplied;
    let supplied_derivation = ind.derivation == Derivation::Supplied;
    if supplied_source != supplied_derivation {
        return fail(
            "`source = \"supplied aggregate\"` goes with `derivation = \"supplied\"`, and only with it"
                .into(),
        );
    }
    if ind.reconstructed && ind.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return fail(
            "a reconstructed indicator needs a `note` saying what it was reconstructed from".into(),
        );
    }
    Ok(())
}
