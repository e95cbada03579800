//! Reading a published scorecard that was transcribed to CSV.
//!
//! The format is the one of `testdata/published/tameside-scorecard-2024-01.csv`:
//! `ref, title, section`, one column per month named `mon_yyyy`
//! (`aug_2023` …), `previous_year`, `target`, one column per comparator
//! named `KEY_avg` (the comparator set key plus `_avg`), `published_rag`,
//! `published_direction`, `transcription_note`. Cells are as printed
//! (`26%`, `52.0%`, `107.8`, `n/a`, blank).
//!
//! A council can use it to bring last year's hand-built scorecard into the
//! engine (its values become series; its RAG and arrows can be compared
//! with the rules'). The caller reads the file; this module parses text.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::catalogue::Catalogue;
use crate::csv_text::{Record, Table};
use crate::direction::Arrow;
use crate::error::{Error, Result};
use crate::indicator::Section;
use crate::period::Month;
use crate::rating::Rating;
use crate::scorecard::RowInput;
use crate::series::Series;
use crate::target::Target;
use crate::value::PrintedNumber;

/// One printed row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedRow {
    /// Line in the CSV text (header = 1).
    pub line: usize,
    /// Ref.
    pub reference: String,
    /// Title as printed.
    pub title: String,
    /// Section.
    pub section: Section,
    /// The monthly cells, aligned with [`PublishedScorecard::months`].
    pub values: Vec<Option<PrintedNumber>>,
    /// Previous year.
    pub previous_year: Option<PrintedNumber>,
    /// Target.
    pub target: Target,
    /// Comparator values by set key.
    pub comparators: BTreeMap<String, Decimal>,
    /// The published rating (`None` when the cell is blank; `N/A` is
    /// `Some(Rating::NotRated)`).
    pub rating: Option<Rating>,
    /// The published arrow.
    pub arrow: Option<Arrow>,
    /// The transcriber's note.
    pub note: String,
}

/// A published scorecard as transcribed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedScorecard {
    /// The months, oldest first.
    pub months: Vec<Month>,
    /// Comparator set keys, in column order.
    pub comparator_keys: Vec<String>,
    /// Rows in printed order.
    pub rows: Vec<PublishedRow>,
}

fn month_column(h: &str) -> Option<Month> {
    let (m, y) = h.split_once('_')?;
    if y.len() != 4 {
        return None;
    }
    format!("{m}-{y}").parse().ok()
}

impl PublishedScorecard {
    /// Parses the CSV text; `source_name` (the file's path) is used in
    /// errors, which name the line and column of any cell that does not
    /// parse.
    pub fn parse(text: &str, source_name: &str) -> Result<PublishedScorecard> {
        let table = Table::parse(text, source_name)?;
        let col = |n: &str| table.column(n);
        let (c_ref, c_title, c_section) = (col("ref")?, col("title")?, col("section")?);
        let (c_prev, c_target) = (col("previous_year")?, col("target")?);
        let (c_rag, c_dir) = (col("published_rag")?, col("published_direction")?);
        let c_note = table.column("transcription_note").ok();
        let month_cols: Vec<(usize, Month)> = table
            .header
            .iter()
            .enumerate()
            .filter_map(|(i, h)| month_column(h).map(|m| (i, m)))
            .collect();
        if month_cols.is_empty() {
            return Err(Error::Csv {
                at: crate::Location::file(source_name).at_line(1),
                message: "no month columns (named like aug_2023)".into(),
            });
        }
        let comparator_cols: Vec<(usize, String)> = table
            .header
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.strip_suffix("_avg").map(|k| (i, k.to_string())))
            .collect();
        let cell = |r: &Record, c: usize| r.fields[c].trim().to_string();
        let number = |r: &Record, c: usize| {
            PrintedNumber::parse(&r.fields[c]).map_err(|e| table.cell_error(r, c, e.to_string()))
        };
        let mut rows = Vec::with_capacity(table.records.len());
        for r in &table.records {
            let reference = cell(r, c_ref);
            if reference.is_empty() {
                return Err(table.cell_error(r, c_ref, "the ref is blank"));
            }
            let section = cell(r, c_section)
                .parse::<Section>()
                .map_err(|e| table.cell_error(r, c_section, e.to_string()))?;
            let values = month_cols
                .iter()
                .map(|(c, _)| number(r, *c))
                .collect::<Result<Vec<_>>>()?;
            let mut comparators = BTreeMap::new();
            for (c, key) in &comparator_cols {
                if let Some(n) = number(r, *c)? {
                    comparators.insert(key.clone(), n.value);
                }
            }
            let rating = match cell(r, c_rag) {
                s if s.is_empty() => None,
                s => Some(
                    s.parse::<Rating>()
                        .map_err(|e| table.cell_error(r, c_rag, e.to_string()))?,
                ),
            };
            let arrow = match cell(r, c_dir) {
                s if s.is_empty() => None,
                s => Some(
                    s.parse::<Arrow>()
                        .map_err(|e| table.cell_error(r, c_dir, e.to_string()))?,
                ),
            };
            rows.push(PublishedRow {
                line: r.line,
                reference,
                title: cell(r, c_title),
                section,
                values,
                previous_year: number(r, c_prev)?,
                target: cell(r, c_target)
                    .parse()
                    .map_err(|e: Error| table.cell_error(r, c_target, e.to_string()))?,
                comparators,
                rating,
                arrow,
                note: c_note.map(|c| cell(r, c)).unwrap_or_default(),
            });
        }
        Ok(PublishedScorecard {
            months: month_cols.into_iter().map(|(_, m)| m).collect(),
            comparator_keys: comparator_cols.into_iter().map(|(_, k)| k).collect(),
            rows,
        })
    }

    /// The last month printed.
    pub fn period(&self) -> Option<Month> {
        self.months.last().copied()
    }

    /// The row for `reference`.
    pub fn row(&self, reference: &str) -> Option<&PublishedRow> {
        self.rows.iter().find(|r| r.reference == reference)
    }

    /// Each row's values as a [`RowInput`] for the
    /// [`crate::ScorecardBuilder`], keyed by ref; values take the unit of
    /// the catalogue's indicator. A ref not in the catalogue is an error.
    pub fn inputs(&self, catalogue: &Catalogue) -> Result<BTreeMap<String, RowInput>> {
        let mut out = BTreeMap::new();
        for row in &self.rows {
            let ind = catalogue.require(&row.reference)?;
            let series: Series = self
                .months
                .iter()
                .zip(&row.values)
                .filter_map(|(m, v)| v.map(|v| (*m, v.to_value(ind.unit))))
                .collect();
            out.insert(
                row.reference.clone(),
                RowInput {
                    series,
                    previous_year: row.previous_year.map(|v| v.to_value(ind.unit)),
                    ..RowInput::default()
                },
            );
        }
        Ok(out)
    }
}
