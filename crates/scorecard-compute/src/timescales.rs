//! Timescales, read from the catalogue: in working days (45 for an
//! assessment, 15 from strategy discussion to conference, 20 for an initial
//! health assessment, 1 for a referral decision), in hours (72 for a MASH
//! screening or a return home interview) and in calendar days (28 between
//! visits to a child on a plan, 42 to a looked-after child). An indicator's
//! `definition.timescale_working_days`, `timescale_hours` or
//! `timescale_days` is the one number the engine and the drill-down use,
//! so a council that replaces an indicator in its own catalogue TOML
//! changes what is computed. Which refs are timed, and in which unit, is
//! in the engine's registry (`measures/mod.rs`); a timed ref whose
//! catalogue gives it no timescale has no data.
//!
//! ```
//! use scorecard_compute::timescales::Timescales;
//! use scorecard_core::Catalogue;
//! let t = Timescales::builtin();
//! assert_eq!((t.get("CIN8"), t.get("SG6"), t.get("CF22")), (Some(45), Some(15), Some(20)));
//! assert_eq!((t.hours("FD2f"), t.hours("CIN23"), t.days("CIN20"), t.days("CF3")),
//!            (Some(72), Some(72), Some(28), Some(42)));
//! // A council's own catalogue: CIN8 within 40 working days.
//! let mut mine = Timescales::from_catalogue(&Catalogue::builtin());
//! mine.set("CIN8", 40);
//! assert_eq!(mine.get("CIN8"), Some(40));
//! ```

use std::collections::BTreeMap;

use scorecard_core::Catalogue;

/// Every ref's timescales (working days, hours, calendar days), from a
/// catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Timescales {
    working_days: BTreeMap<String, u32>,
    hours: BTreeMap<String, u32>,
    days: BTreeMap<String, u32>,
}

/// The unit a timed ref's timescale is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// `timescale_working_days`.
    WorkingDays,
    /// `timescale_hours`.
    Hours,
    /// `timescale_days`.
    Days,
}

/// The refs the engine computes against a timescale, with its unit
/// (flagged `timed`, `hours` or `days` in the registry).
pub(crate) fn timed() -> impl Iterator<Item = (&'static str, Unit)> {
    crate::measures::REGISTRY
        .iter()
        .filter_map(|i| i.timescale.map(|u| (i.reference, u)))
}

impl Timescales {
    /// The built-in catalogue's timescales.
    pub fn builtin() -> Self {
        Timescales::from_catalogue(&Catalogue::builtin())
    }

    /// The timescales of `catalogue` (a council's, say).
    pub fn from_catalogue(catalogue: &Catalogue) -> Self {
        let mut t = Timescales::default();
        for i in catalogue.iter() {
            let d = &i.definition;
            let r = &i.reference;
            if let Some(n) = d.timescale_working_days {
                t.working_days.insert(r.clone(), n);
            }
            if let Some(n) = d.timescale_hours {
                t.hours.insert(r.clone(), n);
            }
            if let Some(n) = d.timescale_days {
                t.days.insert(r.clone(), n);
            }
        }
        t
    }

    /// The timescale of `reference` in working days, if it has one.
    pub fn get(&self, reference: &str) -> Option<u32> {
        self.working_days.get(reference).copied()
    }

    /// The timescale of `reference` in hours, if it has one.
    pub fn hours(&self, reference: &str) -> Option<u32> {
        self.hours.get(reference).copied()
    }

    /// The timescale of `reference` in calendar days, if it has one.
    pub fn days(&self, reference: &str) -> Option<u32> {
        self.days.get(reference).copied()
    }

    /// Sets the timescale of `reference` in working days.
    pub fn set(&mut self, reference: &str, working_days: u32) {
        self.working_days
            .insert(reference.to_string(), working_days);
    }

    /// Sets the timescale of `reference` in hours.
    pub fn set_hours(&mut self, reference: &str, hours: u32) {
        self.hours.insert(reference.to_string(), hours);
    }

    /// Sets the timescale of `reference` in calendar days.
    pub fn set_days(&mut self, reference: &str, days: u32) {
        self.days.insert(reference.to_string(), days);
    }

    /// Why `reference` has no data for want of a timescale: it is timed
    /// (in the registry) and the catalogue gives it none in its unit.
    pub(crate) fn no_data(&self, reference: &str) -> Option<String> {
        let (_, unit) = timed().find(|(t, _)| *t == reference)?;
        self.missing(reference, unit)
    }

    /// Why `reference` (timed in `unit`) cannot be computed: the catalogue
    /// gives it no timescale in that unit.
    fn missing(&self, reference: &str, unit: Unit) -> Option<String> {
        let (has, field) = match unit {
            Unit::WorkingDays => (self.get(reference), "timescale_working_days"),
            Unit::Hours => (self.hours(reference), "timescale_hours"),
            Unit::Days => (self.days(reference), "timescale_days"),
        };
        has.is_none()
            .then(|| format!("no data: the catalogue gives {reference} no {field}"))
    }
}
