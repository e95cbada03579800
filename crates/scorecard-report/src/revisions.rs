//! What changed since last month's scorecard (`scorecard run --previous`).
//!
//! Analysts mark by hand, each month, the earlier figures that moved
//! because of late data entry. Given an earlier run's `scorecard.json` (the
//! tidy rows), this flags:
//!
//! * in the tidy rows, every LA × indicator × month present in both runs
//!   whose **figure as shown** (rounded to the indicator's precision)
//!   differs, with the earlier figure; and every rating or arrow that
//!   differs, with the earlier one;
//! * on the scorecard, the months shown whose figure differs, and whether
//!   the rating or arrow differs from the earlier scorecard's own
//!   (the earlier run's reporting month).
//!
//! A figure that was blank and now has a value (or the reverse) is a
//! revision too; a month the earlier run did not cover is not.
//!
//! ```
//! use scorecard_report::revisions::Previous;
//! use scorecard_report::tidy::TidyRow;
//! use scorecard_core::Catalogue;
//! let row = |value: &str| TidyRow { la: "E1".into(), reference: "CIN1".into(),
//!     period: "2024-01".into(), value: value.into(), rating: "N/A".into(), ..TidyRow::default() };
//! let previous = Previous::from_rows(vec![row("41")]);
//! let mut now = vec![row("44")];
//! assert_eq!(previous.flag_tidy(&mut now, &Catalogue::builtin()), 1);
//! assert_eq!((now[0].revised.as_str(), now[0].previous_value.as_str()), ("yes", "41"));
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use scorecard_core::{
    Arrow, Catalogue, Month, Rating, RevisedFigure, Revision, Scorecard, round_half_away,
};

use crate::error::{Error, Result};
use crate::tidy::TidyRow;

/// An earlier run's tidy rows, by LA, ref and month.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    rows: BTreeMap<(String, String, String), TidyRow>,
    latest: BTreeMap<String, String>,
}

impl Previous {
    /// From tidy rows.
    pub fn from_rows(rows: Vec<TidyRow>) -> Previous {
        let mut p = Previous::default();
        for r in rows {
            let latest = p.latest.entry(r.la.clone()).or_default();
            if r.period > *latest {
                *latest = r.period.clone();
            }
            p.rows
                .insert((r.la.clone(), r.reference.clone(), r.period.clone()), r);
        }
        p
    }

    /// From the text of a `scorecard.json`; `source` names it in errors.
    pub fn from_json(text: &str, source: &str) -> Result<Previous> {
        let rows: Vec<TidyRow> = serde_json::from_str(text).map_err(|e| Error::Data {
            file: source.into(),
            line: e.line(),
            message: format!(
                "not a scorecard.json written by `scorecard run` (a list of tidy rows): {e}"
            ),
        })?;
        Ok(Previous::from_rows(rows))
    }

    /// The earlier run's JSON for `la`: `path` itself when it is a file;
    /// in a folder, `scorecard.json` there, or in its `la` subfolder (a
    /// run of several LAs).
    pub fn locate(path: &Path, la: &str) -> Result<PathBuf> {
        if path.is_file() {
            return Ok(path.to_path_buf());
        }
        for candidate in [
            path.join("scorecard.json"),
            path.join(la).join("scorecard.json"),
        ] {
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
        Err(Error::Input {
            path: path.display().to_string(),
            message: format!(
                "no scorecard.json there (nor in {la}/scorecard.json); give an earlier run's output folder or its scorecard.json"
            ),
        })
    }

    /// Reads the earlier run for `la` (see [`Previous::locate`]).
    pub fn load(path: &Path, la: &str) -> Result<Previous> {
        let file = Previous::locate(path, la)?;
        let text = std::fs::read_to_string(&file).map_err(|e| Error::read(&file, e))?;
        Previous::from_json(&text, &file.display().to_string())
    }

    /// How many rows the earlier run had.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Did it have none?
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Flags the tidy rows (see the [module documentation](self)); returns
    /// how many rows were flagged.
    pub fn flag_tidy(&self, rows: &mut [TidyRow], catalogue: &Catalogue) -> usize {
        let mut flagged = 0;
        for r in rows.iter_mut() {
            let key = (r.la.clone(), r.reference.clone(), r.period.clone());
            let Some(old) = self.rows.get(&key) else {
                continue;
            };
            let precision = catalogue.get(&r.reference).map_or(1, |i| i.precision);
            let mut any = false;
            if !same_figure(&old.value, &r.value, precision) {
                r.revised = "yes".into();
                r.previous_value = old.value.clone();
                any = true;
            }
            if old.rating != r.rating {
                r.previous_rating = old.rating.clone();
                any = true;
            }
            if old.direction != r.direction {
                r.previous_direction = old.direction.clone();
                any = true;
            }
            flagged += usize::from(any);
        }
        flagged
    }

    /// Sets each row's [`Revision`] on the scorecard.
    pub fn flag_card(&self, card: &mut Scorecard) {
        let la = card.la.clone();
        let previous_period = self.latest.get(&la).and_then(|p| p.parse::<Month>().ok());
        let months = card.months.clone();
        for section in &mut card.sections {
            for row in &mut section.rows {
                let mut revision = Revision {
                    previous_period,
                    ..Revision::default()
                };
                for (k, (month, value)) in months.iter().zip(&row.values).enumerate() {
                    let key = (la.clone(), row.reference.clone(), month.to_string());
                    let Some(old) = self.rows.get(&key) else {
                        continue;
                    };
                    let now = value
                        .map(|v| v.as_decimal().to_string())
                        .unwrap_or_default();
                    let suppressed = row.suppressed.get(k).copied().unwrap_or(false);
                    let now = if suppressed { "c".to_string() } else { now };
                    if !same_figure(&old.value, &now, row.precision) {
                        revision.revised.push(RevisedFigure {
                            month: *month,
                            previous: old.value.clone(),
                        });
                    }
                }
                if let Some(p) = previous_period {
                    let key = (la.clone(), row.reference.clone(), p.to_string());
                    if let Some(old) = self.rows.get(&key) {
                        revision.previous_rating = old.rating.parse::<Rating>().ok();
                        revision.previous_direction = old.direction.parse::<Arrow>().ok();
                        revision.rating_changed =
                            revision.previous_rating != Some(row.rating.rating);
                        revision.direction_changed =
                            revision.previous_direction != row.direction.map(|d| d.arrow);
                    }
                }
                row.revision = Some(revision);
            }
        }
    }
}

/// Are two figures (exact, as tidy files write them) the same as shown?
/// Blank and `c` compare as text.
fn same_figure(old: &str, new: &str, precision: u32) -> bool {
    match (old.trim().parse::<Decimal>(), new.trim().parse::<Decimal>()) {
        (Ok(a), Ok(b)) => round_half_away(a, precision) == round_half_away(b, precision),
        _ => old.trim() == new.trim(),
    }
}
