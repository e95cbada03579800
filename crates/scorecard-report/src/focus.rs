//! The improvement plan's focus areas (FA1–FA13), each rolled up from the
//! ratings of the scorecard measures it cites.
//!
//! The summary of a focus area is its worst rated measure (Red, then Amber,
//! then Green); Blue only when every rated measure is Blue; not rated when
//! none of its measures is rated (e.g. "to be developed").

use std::collections::BTreeMap;

use scorecard_core::{Rating, Scorecard};

use crate::error::{Error, Result};

/// The improvement plan's measures file, built in (`data/`, a copy of the
/// published one in `testdata/published/`).
pub const IMPROVEMENT_PLAN: &str = include_str!("../data/improvement-plan-measures.csv");

/// One focus area with its measures' ratings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FocusArea {
    /// `FA1` ...
    pub id: String,
    /// Title.
    pub title: String,
    /// Each cited ref with its rating in the scorecard (`None` when the
    /// scorecard has no such row).
    pub measures: Vec<(String, Option<Rating>)>,
    /// The roll-up.
    pub summary: Rating,
}

/// The worst rating (see the module documentation).
pub fn summarise(ratings: &[Rating]) -> Rating {
    let rated: Vec<Rating> = ratings
        .iter()
        .copied()
        .filter(|r| *r != Rating::NotRated)
        .collect();
    if rated.is_empty() {
        Rating::NotRated
    } else if rated.contains(&Rating::Red) {
        Rating::Red
    } else if rated.contains(&Rating::Amber) {
        Rating::Amber
    } else if rated.iter().all(|r| *r == Rating::Blue) {
        Rating::Blue
    } else {
        Rating::Green
    }
}

/// Reads the improvement plan (columns `focus_area, focus_area_title, ...,
/// scorecard_refs`; refs separated by `;`) and rolls each focus area up
/// from `card`.
pub fn roll_up(plan_csv: &str, card: &Scorecard) -> Result<Vec<FocusArea>> {
    let mut rdr = csv::Reader::from_reader(plan_csv.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| Error::Data {
            file: "improvement plan".into(),
            line: 1,
            message: e.to_string(),
        })?
        .clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h == n)
            .ok_or_else(|| Error::Data {
                file: "improvement plan".into(),
                line: 1,
                message: format!("missing column {n}"),
            })
    };
    let (c_id, c_title, c_refs) = (
        col("focus_area")?,
        col("focus_area_title")?,
        col("scorecard_refs")?,
    );
    let mut areas: BTreeMap<(u32, String), FocusArea> = BTreeMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| Error::Data {
            file: "improvement plan".into(),
            line: i + 2,
            message: e.to_string(),
        })?;
        let id = rec.get(c_id).unwrap_or("").trim().to_string();
        let order: u32 = id.trim_start_matches("FA").parse().unwrap_or(u32::MAX);
        let area = areas
            .entry((order, id.clone()))
            .or_insert_with(|| FocusArea {
                id: id.clone(),
                title: rec.get(c_title).unwrap_or("").to_string(),
                measures: Vec::new(),
                summary: Rating::NotRated,
            });
        for r in rec
            .get(c_refs)
            .unwrap_or("")
            .split(';')
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            if !area.measures.iter().any(|(m, _)| m == r) {
                area.measures
                    .push((r.to_string(), card.row(r).map(|row| row.rating.rating)));
            }
        }
    }
    Ok(areas
        .into_values()
        .map(|mut a| {
            let ratings: Vec<Rating> = a.measures.iter().filter_map(|(_, r)| *r).collect();
            a.summary = summarise(&ratings);
            a
        })
        .collect())
}
