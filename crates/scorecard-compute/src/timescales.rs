//! Timescales in working days (45 for an assessment, 15 from strategy
//! discussion to conference, 20 for an initial health assessment, 1 for a
//! referral decision), read from the catalogue: an indicator's
//! `definition.timescale_working_days` is the one number the engine and the
//! drill-down use, so a council that replaces an indicator in its own
//! catalogue TOML changes what is computed.
//!
//! ```
//! use scorecard_compute::timescales::Timescales;
//! use scorecard_core::Catalogue;
//! let t = Timescales::builtin();
//! assert_eq!((t.get("CIN8"), t.get("SG6"), t.get("CF22")), (Some(45), Some(15), Some(20)));
//! // A council's own catalogue: CIN8 within 40 working days.
//! let mut mine = Timescales::from_catalogue(&Catalogue::builtin());
//! mine.set("CIN8", 40);
//! assert_eq!(mine.get("CIN8"), Some(40));
//! ```

use std::collections::BTreeMap;

use scorecard_core::Catalogue;

/// Every ref's timescale in working days, from a catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Timescales(BTreeMap<String, u32>);

/// The refs the engine computes against a working-day timescale.
pub(crate) const TIMED: &[&str] = &["EH9a", "CIN3", "CIN8", "SG5", "SG6", "CF21", "CF22"];

impl Timescales {
    /// The built-in catalogue's timescales.
    pub fn builtin() -> Self {
        Timescales::from_catalogue(&Catalogue::builtin())
    }

    /// The timescales of `catalogue` (a council's, say).
    pub fn from_catalogue(catalogue: &Catalogue) -> Self {
        Timescales(
            catalogue
                .iter()
                .filter_map(|i| {
                    i.definition
                        .timescale_working_days
                        .map(|n| (i.reference.clone(), n))
                })
                .collect(),
        )
    }

    /// The timescale of `reference`, if it has one.
    pub fn get(&self, reference: &str) -> Option<u32> {
        self.0.get(reference).copied()
    }

    /// Sets the timescale of `reference`.
    pub fn set(&mut self, reference: &str, working_days: u32) {
        self.0.insert(reference.to_string(), working_days);
    }
}
