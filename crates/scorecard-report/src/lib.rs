//! # scorecard-report
//!
//! The scorecard as people read it: assembled from computed series
//! ([`assemble`]), rolled up by improvement-plan focus area ([`focus`]), and
//! written as an Excel workbook ([`xlsx`]), a self-contained HTML page
//! ([`html`]), tidy CSV/JSON ([`tidy`]) and a data-quality CSV
//! ([`quality`]). [`write_outputs`] writes all five to a folder.
//! [`inspect`] describes the inputs before anything is computed.
//! [`comparators`] computes England, regional and statistical-neighbour
//! averages from the DfE's published local-authority files. [`recipe`] is
//! what `scorecard run` does, as one call: [`recipe::Report::build`] then
//! [`recipe::Report::write`].
#![deny(missing_docs)]

pub mod assemble;
pub mod comparators;
pub mod error;
pub mod focus;
pub mod html;
pub mod inspect;
pub mod listing;
pub mod pdf;
pub mod quality;
pub mod recipe;
pub mod revisions;
pub mod summary;
pub mod teams;
pub mod tidy;
pub mod weekly;
pub mod xlsx;

use std::path::{Path, PathBuf};

use scorecard_compute::DataQuality;
use scorecard_core::Scorecard;

pub use error::{Error, Result};

/// The five output files, by name.
pub const OUTPUTS: [&str; 5] = [
    "scorecard.xlsx",
    "scorecard.html",
    "scorecard.csv",
    "scorecard.json",
    "data-quality.csv",
];

/// Writes `scorecard.xlsx`, `scorecard.html`, `scorecard.csv`,
/// `scorecard.json` and `data-quality.csv` to `dir` (created if needed);
/// returns their paths.
pub fn write_outputs(
    dir: &Path,
    card: &Scorecard,
    focus: &[focus::FocusArea],
    tidy_rows: &[tidy::TidyRow],
    quality: &DataQuality,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let files: Vec<(&str, Vec<u8>)> = vec![
        (OUTPUTS[0], xlsx::render_workbook(card, tidy_rows, quality)?),
        (
            OUTPUTS[1],
            html::render_page(card, focus, quality).into_bytes(),
        ),
        (OUTPUTS[2], tidy::to_csv(tidy_rows)?.into_bytes()),
        (OUTPUTS[3], tidy::to_json(tidy_rows)?.into_bytes()),
        (OUTPUTS[4], quality::to_csv(quality)?.into_bytes()),
    ];
    write_files(dir, files)
}

/// Writes each `(name, bytes)` to `dir` (created if needed); returns the
/// paths. A failure names the path.
pub(crate) fn write_files<N: AsRef<str>>(
    dir: &Path,
    files: Vec<(N, Vec<u8>)>,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let mut out = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name.as_ref());
        std::fs::write(&path, bytes).map_err(|e| Error::write(&path, e))?;
        out.push(path);
    }
    Ok(out)
}
