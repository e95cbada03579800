//! SSDA903 (the children looked after return) CSV files.
//!
//! Each file is recognised by its columns, whatever it is called:
//!
//! | table | recognised by | becomes |
//! |---|---|---|
//! | header | `CHILD, SEX, DOB` (no `DECOM`) | children |
//! | episodes | `DECOM` | `cla_episodes` |
//! | reviews | `REVIEW` | `cla_reviews` (due dates worked out, see below) |
//! | missing | `MIS_START` | `missing_episodes` (`MISSING` = M only; A is "away from placement") |
//! | social worker episodes | `SW_ID` | `social_worker_allocations` |
//!
//! OC2 and OC3 carry year-end flags rather than dated events and are not
//! read yet; AD1, placed for adoption and previous permanence feed no
//! indicator.
//!
//! Dates are `dd/mm/yyyy` (ISO and Excel serials are accepted too); errors
//! name file, line and column.
//!
//! **Review due dates** (Care Planning, Placement and Case Review (England)
//! Regulations 2010, regulation 33): in each period of care the first review
//! is due 20 working days after it starts, the second 3 months after the
//! first, then every 6 months after the previous one. Each due date is
//! matched with the next review held (on time if on or before the due
//! date); the next is due from the date that review was held, or from the
//! missed due date while none has been. Due dates after the period ends, or
//! after `as_of`, are not counted.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use scorecard_core::WorkingDayCalendar;

use super::annex_a::parse_date;

/// A child id as the Annex A reader cleans it; blank stays blank (and is
/// rejected by validation, V02).
fn clean_id(cell: &str) -> String {
    super::annex_a::clean_id(cell).unwrap_or_default()
}
use crate::error::{Error, Result};
use crate::events::*;

struct Table {
    file: String,
    headers: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    fn parse(file: &str, text: &str) -> Result<Table> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| Error::csv(file, 1, None, e.to_string()))?
            .iter()
            .map(|h| h.trim().to_ascii_uppercase())
            .collect();
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| Error::csv_record(file, &e))?;
            let line = rec.position().map_or(0, |p| p.line() as usize);
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            rows.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
        }
        Ok(Table {
            file: file.to_string(),
            headers,
            rows,
        })
    }

    fn has(&self, col: &str) -> bool {
        self.headers.iter().any(|h| h == col)
    }

    fn col(&self, col: &str) -> Result<usize> {
        self.headers.iter().position(|h| h == col).ok_or_else(|| {
            Error::csv(
                &self.file,
                1,
                Some(col),
                format!(
                    "missing SSDA903 column; the headings are {:?}",
                    self.headers
                ),
            )
        })
    }

    fn text(row: &[String], c: usize) -> Option<std::sync::Arc<str>> {
        row.get(c)
            .filter(|s| !s.is_empty())
            .map(|s| s.as_str().into())
    }

    fn date(&self, line: usize, row: &[String], c: usize) -> Result<Option<NaiveDate>> {
        parse_date(row.get(c).map(String::as_str).unwrap_or("")).map_err(|m| Error::Csv {
            file: self.file.clone(),
            line,
            column: self.headers.get(c).cloned(),
            message: m,
        })
    }

    fn required_date(&self, line: usize, row: &[String], c: usize) -> Result<NaiveDate> {
        self.date(line, row, c)?.ok_or_else(|| Error::Csv {
            file: self.file.clone(),
            line,
            column: self.headers.get(c).cloned(),
            message: "this date is required".into(),
        })
    }
}

/// SSDA903 files being read for one LA.
#[derive(Debug, Clone, Default)]
pub struct Ssda903 {
    la: String,
    events: Events,
    review_dates: Vec<(String, NaiveDate)>,
}

impl Ssda903 {
    /// Files for the LA named `la`.
    pub fn new(la: &str) -> Self {
        Ssda903 {
            la: la.into(),
            ..Ssda903::default()
        }
    }

    /// Reads one file; what it is comes from its columns. Returns the table
    /// it was recognised as, or `None` when it is not one the engine uses.
    pub fn read(&mut self, file: &str, text: &str) -> Result<Option<&'static str>> {
        let t = Table::parse(file, text)?;
        let la: std::sync::Arc<str> = self.la.as_str().into();
        let ev = &mut self.events;
        if t.has("DECOM") {
            let (c, s, rne, ls, place, prov, dec, rec) = (
                t.col("CHILD")?,
                t.col("DECOM")?,
                t.col("RNE")?,
                t.col("LS")?,
                t.col("PLACE")?,
                t.col("PLACE_PROVIDER").ok(),
                t.col("DEC")?,
                t.col("REC")?,
            );
            for (line, row) in &t.rows {
                ev.cla_episodes.push(ClaEpisode {
                    la: la.clone(),
                    child_id: clean_id(&row[c]).into(),
                    start: t.required_date(*line, row, s)?,
                    end: t.date(*line, row, dec)?,
                    rne: Table::text(row, rne),
                    legal_status: Table::text(row, ls),
                    placement: Table::text(row, place),
                    provider: prov.and_then(|p| Table::text(row, p)),
                    reason_ceased: Table::text(row, rec),
                });
            }
            return Ok(Some("episodes"));
        }
        if t.has("REVIEW") {
            let (c, r) = (t.col("CHILD")?, t.col("REVIEW")?);
            for (line, row) in &t.rows {
                self.review_dates
                    .push((clean_id(&row[c]), t.required_date(*line, row, r)?));
            }
            return Ok(Some("reviews"));
        }
        if t.has("MIS_START") {
            let (c, kind, s, e) = (
                t.col("CHILD")?,
                t.col("MISSING")?,
                t.col("MIS_START")?,
                t.col("MIS_END")?,
            );
            for (line, row) in &t.rows {
                if !row[kind].eq_ignore_ascii_case("M") {
                    continue;
                }
                ev.missing_episodes.push(MissingEpisode {
                    la: la.clone(),
                    child_id: clean_id(&row[c]).into(),
                    start: t.required_date(*line, row, s)?,
                    end: t.date(*line, row, e)?,
                    rhi_offered: None,
                    rhi_completed: None,
                });
            }
            return Ok(Some("missing"));
        }
        if t.has("SW_ID") {
            let (c, w, s, e) = (
                t.col("CHILD")?,
                t.col("SW_ID")?,
                t.col("SW_DECOM")?,
                t.col("SW_DEC")?,
            );
            for (line, row) in &t.rows {
                ev.allocations.push(Allocation {
                    la: la.clone(),
                    child_id: clean_id(&row[c]).into(),
                    worker_id: row[w].as_str().into(),
                    start: t.required_date(*line, row, s)?,
                    end: t.date(*line, row, e)?,
                });
            }
            return Ok(Some("sw_episodes"));
        }
        if t.has("CHILD") && t.has("SEX") && t.has("DOB") && !t.has("DUC") {
            let (c, sex, dob) = (t.col("CHILD")?, t.col("SEX")?, t.col("DOB")?);
            let eth = t.col("ETHNIC").ok();
            for (line, row) in &t.rows {
                ev.children.push(Child {
                    la: la.clone(),
                    child_id: clean_id(&row[c]).into(),
                    date_of_birth: t.date(*line, row, dob)?,
                    sex: Table::text(row, sex),
                    ethnicity: eth.and_then(|e| Table::text(row, e)),
                    disability: None,
                });
            }
            return Ok(Some("header"));
        }
        Ok(None)
    }

    /// The events read, with review due dates worked out up to `as_of`.
    pub fn into_events(mut self, calendar: &WorkingDayCalendar, as_of: NaiveDate) -> Events {
        self.events.cla_reviews = review_schedule(
            &self.la,
            &self.events.cla_episodes,
            &self.review_dates,
            calendar,
            as_of,
        );
        self.events
    }
}

/// Works out review due dates per period of care (see the module docs).
pub fn review_schedule(
    la: &str,
    episodes: &[ClaEpisode],
    held: &[(String, NaiveDate)],
    calendar: &WorkingDayCalendar,
    as_of: NaiveDate,
) -> Vec<Review> {
    let mut held_by: HashMap<&str, Vec<NaiveDate>> = HashMap::new();
    for (c, d) in held {
        held_by.entry(c.as_str()).or_default().push(*d);
    }
    for v in held_by.values_mut() {
        v.sort_unstable();
    }
    // Periods of care: merge each child's episodes.
    let mut by_child: HashMap<&str, Vec<(NaiveDate, Option<NaiveDate>)>> = HashMap::new();
    for e in episodes {
        by_child
            .entry(&*e.child_id)
            .or_default()
            .push((e.start, e.end));
    }
    let mut out = Vec::new();
    let mut children: Vec<_> = by_child.into_iter().collect();
    children.sort();
    for (child, mut eps) in children {
        eps.sort();
        let mut periods: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
        for (s, e) in eps {
            match periods.last_mut() {
                Some(last) if last.1.is_some_and(|le| s <= le) => {
                    last.1 = e.map(|e| e.max(last.1.unwrap_or(e)));
                }
                Some(last) if last.1.is_none() => {}
                _ => periods.push((s, e)),
            }
        }
        let reviews = held_by.get(child).map(Vec::as_slice).unwrap_or(&[]);
        for (start, end) in periods {
            let limit = end.map_or(as_of, |e| e.min(as_of));
            let Ok(mut due) = calendar.add_working_days(start, 20) else {
                continue;
            };
            let mut from = start;
            let mut nth = 0;
            while due <= limit {
                // The next review held after the previous one (or the start),
                // on time or late.
                let held = reviews.iter().copied().find(|d| *d > from && *d <= limit);
                out.push(Review {
                    la: la.into(),
                    child_id: child.into(),
                    due,
                    held,
                });
                nth += 1;
                // The next review is due from the one held, or from the
                // missed due date while none has been.
                let base = match held {
                    Some(h) => {
                        from = h;
                        h
                    }
                    None => due,
                };
                let gap = if nth == 1 { 3 } else { 6 };
                due = match base.checked_add_months(Months::new(gap)) {
                    Some(d) => d,
                    None => break,
                };
            }
        }
    }
    out
}

/// Each file read and the table it was recognised as (`None`: not used).
pub type FileKinds = Vec<(String, Option<&'static str>)>;

/// Reads every `*.csv` in `dir` for `la`, working out review due dates up
/// to `as_of`. Returns the events and, per file, the table it was read as
/// (`None`: not used).
pub fn read_dir(
    la: &str,
    dir: &std::path::Path,
    calendar: &WorkingDayCalendar,
    as_of: NaiveDate,
) -> Result<(Events, FileKinds)> {
    let io = |p: &std::path::Path, e: std::io::Error| Error::Io {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        .collect();
    paths.sort();
    let mut reader = Ssda903::new(la);
    let mut seen = Vec::new();
    for p in paths {
        let text = super::text::read(&p)?;
        let kind = reader.read(&p.display().to_string(), &text)?;
        seen.push((p.display().to_string(), kind));
    }
    Ok((reader.into_events(calendar, as_of), seen))
}
