//! The data-quality report (`data-quality.csv`), one line per fact:
//!
//! * per input table: rows read, used and excluded, one line per exclusion
//!   reason (the rule id first, see `scorecard_compute::quality`), and rows
//!   kept with a warning;
//! * per input file and sheet: what it was read as (and the row its
//!   headings were on), rows read = used + excluded with the reasons, and
//!   the cells that could not be used: a summary per rule and column, then
//!   the first few examples with their `row`, `column` and `value`;
//! * the records left out of single indicators, per ref and reason;
//! * per indicator computed from case-level data, the sources it was
//!   computed from, or `no data: needs ...` when its inputs were not given.
//!
//! Columns: `source,read,used,excluded,warned,reason,row,column,value`.

use scorecard_compute::DataQuality;

use crate::error::{Error, Result};

/// The columns of every line.
const HEADER: [&str; 9] = [
    "source", "read", "used", "excluded", "warned", "reason", "row", "column", "value",
];

/// Writes one line, blank in the columns `fields` does not reach.
fn line(w: &mut csv::Writer<Vec<u8>>, fields: &[&str]) -> Result<()> {
    let blanks = HEADER.len().saturating_sub(fields.len());
    w.write_record(
        fields
            .iter()
            .copied()
            .chain(std::iter::repeat_n("", blanks)),
    )
    .map_err(|e| Error::Output(e.to_string()))
}

/// The report as CSV (see the [module documentation](self)).
pub fn to_csv(q: &DataQuality) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    line(&mut w, &HEADER)?;
    for (table, t) in &q.tables {
        if t.read == 0 {
            continue;
        }
        let (read, used) = (t.read.to_string(), t.used.to_string());
        if t.excluded.is_empty() {
            line(&mut w, &[table, &read, &used, "0", "", ""])?;
        }
        for (reason, n) in &t.excluded {
            line(&mut w, &[table, &read, &used, &n.to_string(), "", reason])?;
        }
        for (rule, n) in q.warnings.get(table).into_iter().flatten() {
            line(&mut w, &[table, &read, &used, "", &n.to_string(), rule])?;
        }
    }
    for f in &q.files {
        let (read, used) = (f.read.to_string(), f.used.to_string());
        let excluded: u64 = f.excluded.values().sum();
        // A sheet not read, or read only in part, says so as it is.
        let mut what = if f.kind.starts_with("not read") || f.kind.starts_with("read only") {
            f.kind.clone()
        } else {
            format!("read as {}", f.kind)
        };
        if let Some(h) = f.heading_row {
            what.push_str(&format!("; headings on row {h}"));
        }
        if let Some((a, b)) = f.dates {
            what.push_str(&format!("; dates {a} to {b}"));
        }
        if !f.unmatched.is_empty() {
            let label = if f.kind.starts_with("Annex A List") {
                "headings not used"
            } else {
                "headings seen"
            };
            what.push_str(&format!("; {label}: {}", f.unmatched.join(" | ")));
        }
        line(
            &mut w,
            &[&f.file, &read, &used, &excluded.to_string(), "", &what],
        )?;
        for (reason, n) in &f.excluded {
            line(&mut w, &[&f.file, &read, &used, &n.to_string(), "", reason])?;
        }
        for c in &f.cells {
            let total = c.total.to_string();
            // A01, A03 and S10 cells left their row out; the others were
            // kept with the field unknown.
            let left_out = ["A01", "A03", "S10"].iter().any(|r| c.rule.starts_with(r));
            let (ex, warned) = if left_out {
                (total.as_str(), "")
            } else {
                ("", total.as_str())
            };
            let summary = format!(
                "{} in column {:?} (expected {}); first {} of {} below",
                c.rule,
                c.column,
                c.expected,
                c.examples.len(),
                c.total
            );
            line(&mut w, &[&f.file, "", "", ex, warned, &summary])?;
            for (row, value) in &c.examples {
                let row = row.to_string();
                line(
                    &mut w,
                    &[&f.file, "", "", "", "", &c.rule, &row, &c.column, value],
                )?;
            }
        }
    }
    for (reference, reasons) in &q.indicator_exclusions {
        for (reason, n) in reasons {
            let source = format!("indicator {reference}");
            line(&mut w, &[&source, "", "", &n.to_string(), "", reason])?;
        }
    }
    for (reference, says) in &q.indicator_sources {
        line(
            &mut w,
            &[&format!("indicator {reference}"), "", "", "", "", says],
        )?;
    }
    let bytes = w.into_inner().map_err(|x| Error::Output(x.to_string()))?;
    String::from_utf8(bytes).map_err(|x| Error::Output(x.to_string()))
}
