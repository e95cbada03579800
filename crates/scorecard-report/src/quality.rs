//! The data-quality report (`data-quality.csv`): per input table, rows
//! read, used and excluded, with one line per exclusion reason (the rule id
//! first, see `scorecard_compute::quality`); rows kept with a warning; each
//! Annex A file or sheet, row by row (blank rows, rows without the list's
//! date); then the records left out of single indicators, per ref and reason.

use scorecard_compute::DataQuality;

use crate::error::{Error, Result};

/// The report as CSV: `source,read,used,excluded,warned,reason`.
pub fn to_csv(q: &DataQuality) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let e = |e: csv::Error| Error::Output(e.to_string());
    w.write_record(["source", "read", "used", "excluded", "warned", "reason"])
        .map_err(e)?;
    for (table, t) in &q.tables {
        if t.read == 0 {
            continue;
        }
        if t.excluded.is_empty() {
            w.write_record([
                table.as_str(),
                &t.read.to_string(),
                &t.used.to_string(),
                "0",
                "",
                "",
            ])
            .map_err(e)?;
        }
        for (reason, n) in &t.excluded {
            w.write_record([
                table.as_str(),
                &t.read.to_string(),
                &t.used.to_string(),
                &n.to_string(),
                "",
                reason,
            ])
            .map_err(e)?;
        }
        for (rule, n) in q.warnings.get(table).into_iter().flatten() {
            w.write_record([
                table.as_str(),
                &t.read.to_string(),
                &t.used.to_string(),
                "",
                &n.to_string(),
                rule,
            ])
            .map_err(e)?;
        }
    }
    for f in &q.files {
        if f.excluded.is_empty() {
            w.write_record([
                f.file.as_str(),
                &f.read.to_string(),
                &f.used.to_string(),
                "0",
                "",
                "",
            ])
            .map_err(e)?;
        }
        for (reason, n) in &f.excluded {
            w.write_record([
                f.file.as_str(),
                &f.read.to_string(),
                &f.used.to_string(),
                &n.to_string(),
                "",
                reason,
            ])
            .map_err(e)?;
        }
    }
    for (reference, reasons) in &q.indicator_exclusions {
        for (reason, n) in reasons {
            w.write_record([
                format!("indicator {reference}").as_str(),
                "",
                "",
                &n.to_string(),
                "",
                reason,
            ])
            .map_err(e)?;
        }
    }
    let bytes = w.into_inner().map_err(|x| Error::Output(x.to_string()))?;
    String::from_utf8(bytes).map_err(|x| Error::Output(x.to_string()))
}
