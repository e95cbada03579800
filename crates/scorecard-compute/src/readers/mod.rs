//! Readers: files in, [`crate::Events`] out. Errors name the file, line and
//! column and say what was expected.
//!
//! All but [`canonical`] and [`text`] need the crate's `io` feature (on by
//! default); without it, [`text`] reads UTF-8 only.
//!
//! * [`annex_a`]: Ofsted Annex A lists, CSV per list or an xlsx workbook.
//! * [`canonical`]: the canonical form, one CSV per table.
//! * [`cin_census`]: the DfE children in need census XML, one or several
//!   years, streamed.
//! * [`parquet`]: the canonical form, one Parquet file per table.
//! * [`ssd`]: the Standard Safeguarding Dataset, from a folder of CSV or
//!   Parquet extracts or (feature `postgres`) its PostgreSQL database.
//! * [`text`]: decoding files saved as UTF-8, UTF-16 or Windows-1252.
//! * [`ssda903`]: SSDA903 CSV files (header, episodes, reviews, missing,
//!   social worker episodes, OC2, OC3), several return years stitched.

#[cfg(feature = "io")]
pub mod annex_a;
pub mod canonical;
#[cfg(feature = "io")]
pub mod cin_census;
#[cfg(feature = "io")]
pub mod parquet;
#[cfg(feature = "io")]
pub mod ssd;
#[cfg(feature = "io")]
pub mod ssda903;
pub mod text;

/// Whether a section 47 led to an initial conference, as Annex A List 5 and
/// the CIN census record it: a conference date says yes; "conference not
/// required" with no date says no; neither is unknown.
#[cfg(feature = "io")]
pub(crate) fn icpc_required(
    conference: Option<chrono::NaiveDate>,
    not_required: Option<bool>,
) -> Option<bool> {
    match (conference, not_required) {
        (Some(_), _) => Some(true),
        (None, Some(true)) => Some(false),
        _ => None,
    }
}
