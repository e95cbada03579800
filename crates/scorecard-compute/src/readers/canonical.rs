//! The canonical form as CSV: one file per table, named as the table
//! (`referrals.csv`, `cp_plans.csv`, ...; see [`crate::events`] for the
//! columns). A missing file is an empty table; an unknown column is an
//! error (it is probably a misspelling).
//!
//! ```
//! use scorecard_compute::readers::canonical::read_table;
//! use scorecard_compute::events::Referral;
//! let text = "la,child_id,date,source,nfa,decision_date\nE08000008,001,2024-01-05,,,\n";
//! let rows: Vec<Referral> = read_table(text, "referrals.csv").unwrap();
//! assert_eq!(&*rows[0].child_id, "001");
//! let bad = "la,child_id,date,source,nfa,decision_date\nE08000008,1,05/01/2024,,,\n";
//! let err = read_table::<Referral>(bad, "referrals.csv").unwrap_err().to_string();
//! assert!(err.starts_with("referrals.csv, line 2, column \"date\""), "{err}");
//! ```

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::events::Events;

/// Reads one table from CSV text.
pub fn read_table<T: DeserializeOwned>(text: &str, file: &str) -> Result<Vec<T>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| Error::csv(file, 1, None, e.to_string()))?
        .clone();
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| Error::csv(file, line, None, e.to_string()))?;
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        let row: T = rec.deserialize(Some(&headers)).map_err(|e| {
            let (column, message) = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => (
                    err.field()
                        .map(|f| f as usize)
                        .or_else(|| culprit::<T>(&rec, &headers, &err.to_string()))
                        .and_then(|f| headers.get(f))
                        .map(str::to_string),
                    err.kind().to_string(),
                ),
                _ => (None, e.to_string()),
            };
            Error::Input {
                at: scorecard_core::Location::file(file)
                    .at_line(line)
                    .in_column_opt(column),
                message: format!(
                    "{message} (dates are YYYY-MM-DD, booleans true/false, blank for not recorded)"
                ),
            }
        })?;
        out.push(row);
    }
    Ok(out)
}

/// Finds the column at fault when the deserializer did not say (custom
/// errors such as a malformed date). First the column whose blanking makes
/// the row parse (an optional field); else the first whose blanking changes
/// the error (a required field). Runs only on the error path.
fn culprit<T: DeserializeOwned>(
    rec: &csv::StringRecord,
    headers: &csv::StringRecord,
    original: &str,
) -> Option<usize> {
    let probe = |j: usize| {
        let blanked: csv::StringRecord = rec
            .iter()
            .enumerate()
            .map(|(k, f)| if k == j { "" } else { f })
            .collect();
        match blanked.deserialize::<T>(Some(headers)) {
            Ok(_) => None,
            Err(e) => Some(match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
                _ => e.to_string(),
            }),
        }
    };
    (0..rec.len())
        .find(|&j| probe(j).is_none())
        .or_else(|| (0..rec.len()).find(|&j| probe(j).is_some_and(|e| e != original)))
}

/// Writes one table as CSV text.
pub fn write_table<T: Serialize>(rows: &[T]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r)
            .map_err(|e| Error::csv("(output)", 0, None, e.to_string()))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::csv("(output)", 0, None, e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| Error::csv("(output)", 0, None, e.to_string()))
}

use crate::events::tables;

/// The canonical table names, in the order they are read and written.
pub fn table_names() -> Vec<&'static str> {
    let mut v = Vec::new();
    macro_rules! name {
        ($f:ident, $n:literal) => {
            v.push($n);
        };
    }
    tables!(name);
    v
}

/// Reads every `TABLE.csv` present in `dir`.
pub fn read_dir(dir: &Path) -> Result<Events> {
    let mut ev = Events::default();
    macro_rules! read {
        ($f:ident, $n:literal) => {
            let path = dir.join(concat!($n, ".csv"));
            if path.exists() {
                let text = super::text::read(&path)?;
                ev.$f = read_table(&text, &path.display().to_string())?;
            }
        };
    }
    tables!(read);
    Ok(ev)
}

/// What a folder of the canonical form supplies: every table with a
/// `TABLE.csv` or `TABLE.parquet` file, even an empty one (a real zero).
pub fn coverage(dir: &Path) -> crate::coverage::Coverage {
    let mut c = crate::coverage::Coverage::new();
    for t in table_names() {
        for ext in ["csv", "parquet"] {
            let path = dir.join(format!("{t}.{ext}"));
            if path.exists() {
                c.supply(t, &format!("canonical {}", path.display()));
            }
        }
    }
    c
}

/// Writes every table of `events` as `TABLE.csv` in `dir` (created if
/// needed).
pub fn write_dir(events: &Events, dir: &Path) -> Result<()> {
    let io = Error::write;
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    macro_rules! write {
        ($f:ident, $n:literal) => {
            let path = dir.join(concat!($n, ".csv"));
            std::fs::write(&path, write_table(&events.$f)?).map_err(|e| io(&path, e))?;
        };
    }
    tables!(write);
    Ok(())
}
