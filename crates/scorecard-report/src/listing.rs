//! The catalogue and the working-day calendar as files a reader opens
//! (`scorecard catalogue`, `scorecard calendar`): the catalogue as CSV with
//! the TOML's own names (`percent`, `higher_is_better`), as a text table,
//! or as JSON; the calendar as one line per day with the running count of
//! working days.
//!
//! ```
//! use scorecard_core::Catalogue;
//! let csv = scorecard_report::listing::catalogue_csv(&Catalogue::builtin());
//! assert!(csv.lines().any(|l| l.starts_with("CIN8,CIN,percent,higher_is_better,")));
//! ```

use std::fmt::Write as _;

use scorecard_core::{Catalogue, WorkingDayCalendar};

use crate::error::{Error, Result};

/// An enumeration's name as the catalogue TOML spells it, not Rust's
/// `Debug` name.
fn toml_name<T: serde::Serialize + std::fmt::Debug>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => format!("{value:?}"),
    }
}

/// Every indicator, one CSV line each: ref, section, unit, polarity, basis,
/// derivation, source, the three timescales and the title.
pub fn catalogue_csv(cat: &Catalogue) -> String {
    let mut out = String::from(
        "ref,section,unit,polarity,basis,derivation,source,timescale_working_days,timescale_hours,timescale_days,title\n",
    );
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let n = |x: Option<u32>| x.map(|n| n.to_string()).unwrap_or_default();
    for i in cat.iter() {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{}",
            i.reference,
            i.section,
            toml_name(&i.unit),
            toml_name(&i.polarity),
            toml_name(&i.basis),
            toml_name(&i.derivation),
            q(&i.source.to_string()),
            n(i.definition.timescale_working_days),
            n(i.definition.timescale_hours),
            n(i.definition.timescale_days),
            q(&i.title)
        );
    }
    out
}

/// Every indicator as an aligned text table: ref, section, derivation,
/// source, title.
pub fn catalogue_table(cat: &Catalogue) -> String {
    let mut out = String::new();
    for i in cat.iter() {
        let _ = writeln!(
            out,
            "{:<7}{:<4}{:<10}{:<22}{}",
            i.reference,
            // Display of a section ignores widths: pad its text.
            i.section.to_string(),
            toml_name(&i.derivation),
            i.source.to_string(),
            i.title
        );
    }
    out
}

/// Every indicator as pretty JSON.
pub fn catalogue_json(cat: &Catalogue) -> Result<String> {
    serde_json::to_string_pretty(&cat.iter().collect::<Vec<_>>())
        .map_err(|e| Error::Output(format!("the catalogue as JSON: {e}")))
}

/// Every day of the calendar: `date,working_day,working_days_to` (the
/// working days from the calendar's start to that day).
pub fn calendar_csv(cal: &WorkingDayCalendar) -> Result<String> {
    let mut text = String::from("date,working_day,working_days_to\n");
    let mut to = 0i64;
    let last = cal.last_date();
    for d in cal.first_date().iter_days().take_while(|d| *d <= last) {
        let working = cal.is_working_day(d)?;
        to += i64::from(working);
        let _ = writeln!(text, "{d},{working},{to}");
    }
    Ok(text)
}
