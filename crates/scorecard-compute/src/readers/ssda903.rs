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
//! | OC3 (care leavers) | `IN_TOUCH` | `care_leaver_contacts`, and `children` for care leavers not in the header |
//!
//! **OC3** (SSDA903 guidance: care leavers, about their 17th to 21st
//! birthday in the year): each row is one contact dated on the young
//! person's birthday in the return year (1 April to 31 March; the year from
//! the file name, or, for a file without one, the year containing the
//! reporting date). `IN_TOUCH` YES or RHOM is in touch; NO, REFU and NREQ
//! are not; DIED leaves the row out of the cohort (S13). `ACTIV` is the
//! activity (F*, P* in education, employment or training); `ACCOM` a letter
//! for the accommodation and 1 (suitable) or 2 (unsuitable). They feed CF30
//! and CF31; CF29 also needs pathway plan reviews, which OC3 does not hold.
//!
//! OC2 carries year-end flags for the March of its year only: its
//! `HEALTH_CHECK` and `TEETH_CHECK` give CF23 and CF25 for that March, as
//! DfE defines them ([`year_end_figures`]), used where the case-level
//! health checks are not given (other months have no figure from it); its
//! other columns feed no indicator. AD1, UASC, placed for adoption and
//! previous permanence feed no indicator. Each such file is listed as not used, with its
//! headings.
//!
//! **Several years** (a folder of returns with the year in the file names,
//! `2021-episodes.csv`, `SSDA903_2021_episodes.csv`, or a subfolder per
//! year, `2020-21/`): episodes are stitched into one history ([`stitch`]).
//!
//! Dates are `dd/mm/yyyy` (ISO and Excel serials are accepted too). A cell
//! that does not fit never stops the run; each file's account counts it,
//! with line, column and value (the first five and the total):
//!
//! | rule | what | handling |
//! |---|---|---|
//! | S01 | the same episode in a later return | the later one is used |
//! | S02 | open at a return's end, absent from every later return | closed on 31 March of its year |
//! | S04 | blank row | left out |
//! | S10 | the row's own date (DECOM, REVIEW, MIS_START, SW_DECOM) blank or not a date | row left out |
//! | S11 | another date not a date | kept, date unknown |
//! | S12 | a missing row with MISSING = A (away from placement) | not a missing episode |
//! | S13 | an OC3 row with `IN_TOUCH` DIED | left out of the care leaver cohort |
//! | S14 | an OC3 code not in the SSDA903 code set (`IN_TOUCH`, `ACCOM`) | kept, that field unknown |
//! | S15 | an OC2 flag (`HEALTH_CHECK`, `TEETH_CHECK`) not 0 or 1 | kept, that flag unknown |
//! | S20 | a row of UASC, AD1, placed for adoption, previous permanence or DoLo | read and counted; no scorecard indicator uses these files |
//! | S16 | a code not in its return year's set (`SEX`, `RNE`, `LS`, `PLACE`, `REC`; the sets by year are in `data/ssda903-codes.toml`, from DfE's schemas: `SEX` 1/2 to 2023-24, M/F/U from 2024-25; `PLACE` K3 from 2024-25, Z11–Z14 from 2025-26) | kept as given |
//!
//! `SEX` is read as male, female or not stated whichever year's codes it is
//! written in.
//!
//! Only a file without the columns of the table it looks like stops the run
//! (the message names the file and the column).
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
use crate::quality::FileAccount;

/// The return year (ending 31 March) holding `date`.
fn return_year_holding(date: NaiveDate) -> i32 {
    use chrono::Datelike;
    if date.month() >= 4 {
        date.year() + 1
    } else {
        date.year()
    }
}

/// The return for the year ending 31 March `year`, as people name it
/// (`2023-24 return`).
fn return_name(year: i32) -> String {
    format!("{}-{:02} return", year - 1, year % 100)
}

/// One column's codes from one collection year on.
#[derive(Debug, serde::Deserialize)]
struct CodeSet {
    column: String,
    from: i32,
    values: Vec<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
struct CodeFile {
    codes: Vec<CodeSet>,
}

/// The built-in code sets by year (`data/ssda903-codes.toml`).
fn code_sets() -> &'static [CodeSet] {
    static SETS: std::sync::OnceLock<CodeFile> = std::sync::OnceLock::new();
    &SETS
        .get_or_init(|| {
            toml::from_str(include_str!("../../data/ssda903-codes.toml")).unwrap_or_default()
        })
        .codes
}

/// `column`'s codes (`episodes.PLACE`) for the return year ending 31 March
/// `year` (the latest set when the year is not known), with the year the
/// set starts.
fn codes_for(column: &str, year: Option<i32>) -> Option<(i32, &'static [String])> {
    let sets: Vec<&CodeSet> = code_sets().iter().filter(|s| s.column == column).collect();
    let chosen = match year {
        // Before the first set: the first.
        Some(y) => sets
            .iter()
            .filter(|s| s.from <= y)
            .max_by_key(|s| s.from)
            .or_else(|| sets.iter().min_by_key(|s| s.from)),
        None => sets.iter().max_by_key(|s| s.from),
    }?;
    Some((chosen.from, &chosen.values))
}

struct Table {
    file: String,
    headers: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
    /// Blank rows (counted, not read).
    blank: u64,
    /// Rows left out and cells refused so far.
    account: std::cell::RefCell<FileAccount>,
}

impl Table {
    fn parse(file: &str, text: &str) -> Result<Table> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| Error::csv(file, 1, None, e.to_string()))?
            .iter()
            .map(|h| h.trim().to_ascii_uppercase())
            .collect();
        let mut rows = Vec::new();
        let mut blank = 0;
        for rec in rdr.records() {
            let rec = rec.map_err(|e| Error::csv_record(file, &e))?;
            let line = rec.position().map_or(0, |p| p.line() as usize);
            if rec.iter().all(|c| c.trim().is_empty()) {
                blank += 1;
                continue;
            }
            // A short row is padded with blanks: one cell never stops a file.
            let mut cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
            cells.resize(cells.len().max(headers.len()), String::new());
            rows.push((line, cells));
        }
        Ok(Table {
            file: file.to_string(),
            headers,
            rows,
            blank,
            account: Default::default(),
        })
    }

    /// The row account of this file, read as `kind`.
    fn finish(&self, kind: &str) -> FileAccount {
        let mut a = self.account.borrow().clone();
        a.file = self.file.clone();
        a.kind = format!("SSDA903 {kind}");
        a.heading_row = Some(1);
        a.read = self.rows.len() as u64 + self.blank;
        if self.blank > 0 {
            a.excluded.insert("S04: blank row".into(), self.blank);
        }
        let excluded: u64 = a.excluded.values().sum();
        a.used = a.read.saturating_sub(excluded);
        a
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

    /// A coded cell, kept as given; a code outside the return year's set
    /// (see [`codes_for`]) is counted (S16).
    fn code(
        &self,
        line: usize,
        row: &[String],
        c: usize,
        column: &str,
        year: Option<i32>,
    ) -> Option<std::sync::Arc<str>> {
        let v = Self::text(row, c)?;
        if let Some((from, set)) = codes_for(column, year) {
            let t = v.trim().to_ascii_uppercase();
            if !set.contains(&t) {
                let when = match year {
                    Some(y) => format!("the {}", return_name(y)),
                    None => "the latest return".to_string(),
                };
                self.account.borrow_mut().cell_issue(
                    "S16: a code not in its return year's codes (kept)",
                    &self.heading(c),
                    &format!("for {when} (codes of {from} on): {}", set.join(", ")),
                    line,
                    &v,
                );
            }
        }
        Some(v)
    }

    fn heading(&self, c: usize) -> String {
        self.headers.get(c).cloned().unwrap_or_default()
    }

    /// An optional date; one that is not a date is unknown, and counted
    /// (S11) with its line, column and value.
    fn date(&self, line: usize, row: &[String], c: usize) -> Option<NaiveDate> {
        let cell = row.get(c).map(String::as_str).unwrap_or("");
        match parse_date(cell) {
            Ok(d) => d,
            Err(_) => {
                self.account.borrow_mut().cell_issue(
                    "S11: not a date (kept, date unknown)",
                    &self.heading(c),
                    "a date (dd/mm/yyyy)",
                    line,
                    cell,
                );
                None
            }
        }
    }

    /// The row's own date: without it (blank or not a date) the row is
    /// left out, and counted (S10) with its line, column and value.
    fn required_date(&self, line: usize, row: &[String], c: usize) -> Option<NaiveDate> {
        let cell = row.get(c).map(String::as_str).unwrap_or("");
        match parse_date(cell) {
            Ok(Some(d)) => Some(d),
            other => {
                let h = self.heading(c);
                let mut a = self.account.borrow_mut();
                let why = if other.is_ok() { "blank" } else { "not a date" };
                a.exclude(&format!("S10: {h} {why} (row left out)"));
                a.cell_issue(
                    &format!("S10: {h} {why} (row left out)"),
                    &h,
                    "a date (dd/mm/yyyy)",
                    line,
                    cell,
                );
                None
            }
        }
    }
}

/// SSDA903 files being read for one LA.
#[derive(Debug, Clone, Default)]
pub struct Ssda903 {
    la: String,
    events: Events,
    review_dates: Vec<(String, NaiveDate)>,
    /// Per episode of `events.cla_episodes`: the return year, file and line
    /// it came from (for stitching several years).
    episode_origin: Vec<(Option<i32>, String, usize)>,
    /// Row accounts of the files read (episodes after stitching).
    accounts: Vec<FileAccount>,
    /// OC3 rows, dated when the events are taken (a file's year may be
    /// unknown until then): child, date of birth, return year, in touch,
    /// activity, accommodation suitable.
    oc3: Vec<Oc3Row>,
    /// OC2 rows: return year, HEALTH_CHECK, TEETH_CHECK.
    oc2: Vec<(Option<i32>, Option<bool>, Option<bool>)>,
    /// The return year whose codes a file without a year is checked
    /// against (S16); the latest codes when `None`.
    codes_year: Option<i32>,
}

/// One OC3 row, before its birthday is dated.
#[derive(Debug, Clone)]
struct Oc3Row {
    child: std::sync::Arc<str>,
    dob: NaiveDate,
    year: Option<i32>,
    in_touch: Option<bool>,
    activity: Option<std::sync::Arc<str>>,
    accommodation_suitable: Option<bool>,
}

impl Ssda903 {
    /// Files for the LA named `la`.
    pub fn new(la: &str) -> Self {
        Ssda903 {
            la: la.into(),
            ..Ssda903::default()
        }
    }

    /// Checks the codes of a file without a year in its name against the
    /// return for the year ending 31 March `year` (S16); without this, the
    /// latest year's codes.
    pub fn with_codes_year(mut self, year: i32) -> Self {
        self.codes_year = Some(year);
        self
    }

    /// Reads one file; what it is comes from its columns. Returns the table
    /// it was recognised as, or `None` when it is not one the engine uses.
    pub fn read(&mut self, file: &str, text: &str) -> Result<Option<&'static str>> {
        self.read_year(file, text, None)
    }

    /// Reads one file of the return for the year ending 31 March `year`
    /// (see [`return_year`]): episodes of several years are stitched when
    /// the events are taken ([`Ssda903::into_events`]).
    pub fn read_year(
        &mut self,
        file: &str,
        text: &str,
        year: Option<i32>,
    ) -> Result<Option<&'static str>> {
        let before = self.accounts.len();
        let kind = self.read_table(file, text, year)?;
        // Each file listed with its return year, where its name gives one.
        if let Some(y) = year {
            for a in &mut self.accounts[before..] {
                a.kind = format!("{} ({})", a.kind, return_name(y));
            }
        }
        Ok(kind)
    }

    fn read_table(
        &mut self,
        file: &str,
        text: &str,
        year: Option<i32>,
    ) -> Result<Option<&'static str>> {
        let t = Table::parse(file, text)?;
        let codes_year = year.or(self.codes_year);
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
                let Some(start) = t.required_date(*line, row, s) else {
                    continue;
                };
                self.episode_origin.push((year, file.to_string(), *line));
                ev.cla_episodes.push(ClaEpisode {
                    la: la.clone(),
                    child_id: clean_id(&row[c]).into(),
                    start,
                    end: t.date(*line, row, dec),
                    rne: t.code(*line, row, rne, "episodes.RNE", codes_year),
                    legal_status: t.code(*line, row, ls, "episodes.LS", codes_year),
                    placement: t.code(*line, row, place, "episodes.PLACE", codes_year),
                    provider: prov.and_then(|p| Table::text(row, p)),
                    reason_ceased: t.code(*line, row, rec, "episodes.REC", codes_year),
                });
            }
            self.accounts.push(t.finish("episodes"));
            return Ok(Some("episodes"));
        }
        if t.has("REVIEW") {
            let (c, r) = (t.col("CHILD")?, t.col("REVIEW")?);
            for (line, row) in &t.rows {
                if let Some(d) = t.required_date(*line, row, r) {
                    self.review_dates.push((clean_id(&row[c]), d));
                }
            }
            self.accounts.push(t.finish("reviews"));
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
                    t.account
                        .borrow_mut()
                        .exclude("S12: MISSING is A (away from placement), not a missing episode");
                    continue;
                }
                let Some(start) = t.required_date(*line, row, s) else {
                    continue;
                };
                ev.missing_episodes.push(MissingEpisode {
                    la: la.clone(),
                    child_id: clean_id(&row[c]).into(),
                    start,
                    end: t.date(*line, row, e),
                    rhi_offered: None,
                    rhi_completed: None,
                });
            }
            self.accounts.push(t.finish("missing"));
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
                let Some(start) = t.required_date(*line, row, s) else {
                    continue;
                };
                ev.allocations.push(Allocation {
                    la: la.clone(),
                    child_id: clean_id(&row[c]).into(),
                    worker_id: row[w].as_str().into(),
                    start,
                    end: t.date(*line, row, e),
                });
            }
            self.accounts.push(t.finish("sw_episodes"));
            return Ok(Some("sw_episodes"));
        }
        if t.has("HEALTH_CHECK") && t.has("TEETH_CHECK") {
            // OC2: children looked after for 12 months or more at 31 March.
            let (health, teeth) = (t.col("HEALTH_CHECK")?, t.col("TEETH_CHECK")?);
            let flag = |line: usize, row: &[String], col: usize, name: &str| match row[col].trim() {
                "1" => Some(true),
                "0" => Some(false),
                "" => None,
                _ => {
                    t.account.borrow_mut().cell_issue(
                        "S15: an OC2 flag that is not 0 or 1 (kept, unknown)",
                        name,
                        "0 or 1",
                        line,
                        &row[col],
                    );
                    None
                }
            };
            for (line, row) in &t.rows {
                self.oc2.push((
                    year,
                    flag(*line, row, health, "HEALTH_CHECK"),
                    flag(*line, row, teeth, "TEETH_CHECK"),
                ));
            }
            self.accounts.push(t.finish("OC2 (outcomes at 31 March)"));
            return Ok(Some("oc2"));
        }
        if t.has("IN_TOUCH") {
            let (c, dob, touch, activ, accom) = (
                t.col("CHILD")?,
                t.col("DOB")?,
                t.col("IN_TOUCH")?,
                t.col("ACTIV")?,
                t.col("ACCOM")?,
            );
            for (line, row) in &t.rows {
                let Some(born) = t.required_date(*line, row, dob) else {
                    continue;
                };
                let code = row[touch].to_ascii_uppercase();
                let in_touch = match code.as_str() {
                    "YES" | "RHOM" => Some(true),
                    "NO" | "REFU" | "NREQ" => Some(false),
                    "DIED" => {
                        t.account
                            .borrow_mut()
                            .exclude("S13: IN_TOUCH is DIED (not in the care leaver cohort)");
                        continue;
                    }
                    _ => {
                        t.account.borrow_mut().cell_issue(
                            "S14: not an SSDA903 code (kept, unknown)",
                            "IN_TOUCH",
                            "YES, NO, DIED, REFU, NREQ or RHOM",
                            *line,
                            &row[touch],
                        );
                        None
                    }
                };
                let a = row[accom].to_ascii_uppercase();
                let accommodation_suitable = match (a.len(), a.chars().nth(1)) {
                    (0, _) => None,
                    (2, Some('1')) if a.as_bytes()[0].is_ascii_alphabetic() => Some(true),
                    (2, Some('2')) if a.as_bytes()[0].is_ascii_alphabetic() => Some(false),
                    _ if a == "0" => None,
                    _ => {
                        t.account.borrow_mut().cell_issue(
                            "S14: not an SSDA903 code (kept, unknown)",
                            "ACCOM",
                            "a letter and 1 (suitable) or 2 (unsuitable), e.g. B1",
                            *line,
                            &row[accom],
                        );
                        None
                    }
                };
                self.oc3.push(Oc3Row {
                    child: clean_id(&row[c]).into(),
                    dob: born,
                    year,
                    in_touch,
                    activity: Table::text(row, activ),
                    accommodation_suitable,
                });
            }
            self.accounts.push(t.finish("OC3 (care leavers)"));
            return Ok(Some("oc3"));
        }
        if t.has("CHILD") && t.has("SEX") && t.has("DOB") && !t.has("DUC") {
            let (c, sex, dob) = (t.col("CHILD")?, t.col("SEX")?, t.col("DOB")?);
            let eth = t.col("ETHNIC").ok();
            for (line, row) in &t.rows {
                ev.children.push(Child {
                    la: la.clone(),
                    child_id: clean_id(&row[c]).into(),
                    date_of_birth: t.date(*line, row, dob),
                    sex: t
                        .code(*line, row, sex, "header.SEX", codes_year)
                        .and_then(|v| {
                            let s: Option<&str> = match v.trim().to_ascii_uppercase().as_str() {
                                "1" | "M" => Some("Male"),
                                "2" | "F" => Some("Female"),
                                "U" | "0" | "9" => Some("Not stated"),
                                _ => None,
                            };
                            s.map(std::sync::Arc::from)
                        }),
                    ethnicity: eth.and_then(|e| Table::text(row, e)),
                    disability: None,
                });
            }
            self.accounts.push(t.finish("header"));
            return Ok(Some("header"));
        }
        // The return's other files: recognised by their columns, every row
        // counted, none used by a scorecard indicator (S20).
        let other = if t.has("DUC") {
            Some(("uasc", "UASC (unaccompanied asylum-seeking children)"))
        } else if t.has("DATE_INT") && t.has("DATE_MATCH") {
            Some(("ad1", "AD1 (adoptions)"))
        } else if t.has("DATE_PLACED") {
            Some(("placed_for_adoption", "placed for adoption"))
        } else if t.has("PREV_PERM") {
            Some(("previous_permanence", "previous permanence"))
        } else if t.has("DOLO_START") {
            Some(("dolo", "DoLo (deprivation of liberty)"))
        } else {
            None
        };
        if let Some((key, name)) = other {
            let mut a = t.finish(name);
            let rows = t.rows.len() as u64;
            if rows > 0 {
                a.excluded.insert(
                    format!("S20: {name} is read and counted; no scorecard indicator uses it"),
                    rows,
                );
            }
            a.used = 0;
            a.unmatched = t.headers.clone();
            self.accounts.push(a);
            return Ok(Some(key));
        }
        Ok(None)
    }

    /// The events read, with review due dates worked out up to `as_of`.
    pub fn into_events(self, calendar: &WorkingDayCalendar, as_of: NaiveDate) -> Events {
        self.into_parts(calendar, as_of).0
    }

    /// [`Ssda903::into_events`], with the row accounts of the episodes
    /// files: several return years are stitched (see [`stitch`]).
    pub fn into_parts(
        self,
        calendar: &WorkingDayCalendar,
        as_of: NaiveDate,
    ) -> (Events, Vec<FileAccount>) {
        let (events, accounts, _) = self.into_returns(calendar, as_of);
        (events, accounts)
    }

    /// [`Ssda903::into_parts`], with OC2's figures for the March of each
    /// return year (see [`year_end_figures`]).
    pub fn into_returns(
        mut self,
        calendar: &WorkingDayCalendar,
        as_of: NaiveDate,
    ) -> (Events, Vec<FileAccount>, crate::aggregates::Supplied) {
        self.events.cla_episodes = stitch(
            std::mem::take(&mut self.events.cla_episodes),
            &self.episode_origin,
            &mut self.accounts,
        );
        let figures = year_end_figures(&self.la, &self.oc2, as_of);
        let events = self.finish(calendar, as_of);
        (events, self.accounts, figures)
    }

    fn finish(&mut self, calendar: &WorkingDayCalendar, as_of: NaiveDate) -> Events {
        // OC3 rows: a contact on the birthday in the return year (the year
        // ending 31 March); a file without a year is the year containing
        // `as_of`. Care leavers not in any header are added as children
        // (for their ages).
        use chrono::Datelike;
        let la: std::sync::Arc<str> = self.la.as_str().into();
        let as_of_year = return_year_holding(as_of);
        let known: crate::hashing::Set<std::sync::Arc<str>> = self
            .events
            .children
            .iter()
            .map(|c| c.child_id.clone())
            .collect();
        let mut added = crate::hashing::Set::default();
        for r in std::mem::take(&mut self.oc3) {
            let year = r.year.unwrap_or(as_of_year);
            // The birthday between 1 April (year - 1) and 31 March (year).
            let on = |y: i32| {
                r.dob
                    .with_year(y)
                    .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
            };
            let birthday = if r.dob.month() >= 4 {
                on(year - 1)
            } else {
                on(year)
            };
            let Some(date) = birthday else { continue };
            self.events.care_leaver_contacts.push(CareLeaverContact {
                la: la.clone(),
                child_id: r.child.clone(),
                date,
                in_touch: r.in_touch,
                activity: r.activity,
                accommodation_suitable: r.accommodation_suitable,
            });
            if !known.contains(&r.child) && added.insert(r.child.clone()) {
                self.events.children.push(Child {
                    la: la.clone(),
                    child_id: r.child,
                    date_of_birth: Some(r.dob),
                    sex: None,
                    ethnicity: None,
                    disability: None,
                });
            }
        }
        self.events.cla_reviews = review_schedule(
            &self.la,
            &self.events.cla_episodes,
            &self.review_dates,
            calendar,
            as_of,
        );
        std::mem::take(&mut self.events)
    }
}

/// OC2's figures, as DfE defines them, for the March ending each return
/// year (a file without a year is the year containing `as_of`): CF23, the
/// children looked after 12 months or more at 31 March whose health
/// assessment is up to date (`HEALTH_CHECK` 1) out of those with the flag
/// recorded; CF25 the same with `TEETH_CHECK` (dental check). A row without
/// the flag is left out of that figure (and a flag not 0 or 1 is counted,
/// S15). They stand for the March months only: other months have no figure
/// from OC2.
pub fn year_end_figures(
    la: &str,
    rows: &[(Option<i32>, Option<bool>, Option<bool>)],
    as_of: NaiveDate,
) -> crate::aggregates::Supplied {
    let as_of_year = return_year_holding(as_of);
    let mut counts: std::collections::BTreeMap<(i32, &str), (i64, i64)> = Default::default();
    for (year, health, teeth) in rows {
        let y = year.unwrap_or(as_of_year);
        for (reference, flag) in [("CF23", health), ("CF25", teeth)] {
            if let Some(f) = flag {
                let c = counts.entry((y, reference)).or_default();
                c.0 += i64::from(*f);
                c.1 += 1;
            }
        }
    }
    let mut out = crate::aggregates::Supplied::new();
    for ((year, reference), (n, d)) in counts {
        let Some(month) = scorecard_core::Month::new(year, 3) else {
            continue;
        };
        out.entry(la.to_string())
            .or_default()
            .entry(reference.to_string())
            .or_default()
            .observations
            .insert(
                month,
                crate::engine::Observation {
                    numerator: n,
                    denominator: Some(d),
                    value: scorecard_core::percent(n, d).map(scorecard_core::Value::Decimal),
                    suppressed: false,
                },
            );
    }
    out
}

/// Episodes of several return years made one history (SSDA903 guidance:
/// each year's return holds every episode open during the year):
///
/// * the same episode (child, DECOM) in two returns is one episode, and the
///   later return's version is used (the earlier is counted, rule S01);
/// * an episode still open at the end of a return and absent from every
///   later one must have ended by that year's end: it is closed on 31 March
///   of the year it last appears in, and counted (rule S02, with its file,
///   row and the `DEC` column).
///
/// Episodes without a return year (one return, or files whose names carry
/// no year) are kept as they are.
pub fn stitch(
    episodes: Vec<ClaEpisode>,
    origin: &[(Option<i32>, String, usize)],
    accounts: &mut [FileAccount],
) -> Vec<ClaEpisode> {
    let latest_year = origin.iter().filter_map(|o| o.0).max();
    // The latest return each episode (child, DECOM) appears in.
    let mut latest: HashMap<(std::sync::Arc<str>, NaiveDate), i32> = HashMap::new();
    for (i, e) in episodes.iter().enumerate() {
        if let Some(y) = origin.get(i).and_then(|o| o.0) {
            let v = latest.entry((e.child_id.clone(), e.start)).or_insert(y);
            *v = (*v).max(y);
        }
    }
    let mut out = Vec::with_capacity(episodes.len());
    for (i, mut e) in episodes.into_iter().enumerate() {
        let (year, file, line) = origin.get(i).cloned().unwrap_or((None, String::new(), 0));
        let account = accounts.iter_mut().find(|a| a.file == file);
        let superseded = year.is_some_and(|y| {
            latest
                .get(&(e.child_id.clone(), e.start))
                .is_some_and(|l| *l > y)
        });
        if superseded {
            if let Some(a) = account {
                a.used = a.used.saturating_sub(1);
                a.exclude(
                    "S01: the same episode (CHILD, DECOM) is in a later return, which is used",
                );
            }
            continue;
        }
        if let (Some(y), Some(last)) = (year, latest_year)
            && y < last
            && e.end.is_none()
            && let Some(year_end) = NaiveDate::from_ymd_opt(y, 3, 31)
        {
            if let Some(a) = account {
                a.cell_issue(
                    "S02: open at the end of this return and absent from every later one: closed on 31 March of its year",
                    "DEC",
                    "an end date in a later return",
                    line,
                    "",
                );
            }
            e.end = Some(year_end);
        }
        out.push(e);
    }
    out
}

/// The return a file belongs to, as the year ending 31 March: the last
/// year in its name or, failing that, its folder's (`2021-episodes.csv`,
/// `SSDA903_2021_episodes.csv`, `2020-21/episodes.csv` are all 2021).
///
/// ```
/// use scorecard_compute::readers::ssda903::return_year;
/// use std::path::Path;
/// assert_eq!(return_year(Path::new("903/2021-episodes.csv")), Some(2021));
/// assert_eq!(return_year(Path::new("SSDA903_2020_episodes.csv")), Some(2020));
/// assert_eq!(return_year(Path::new("903/2020-21/episodes.csv")), Some(2021));
/// assert_eq!(return_year(Path::new("903/episodes.csv")), None);
/// ```
pub fn return_year(path: &std::path::Path) -> Option<i32> {
    let year_in = |name: &str| -> Option<i32> {
        let runs: Vec<&str> = name
            .split(|c: char| !c.is_ascii_digit())
            .filter(|r| !r.is_empty())
            .collect();
        let mut best = None;
        for (k, r) in runs.iter().enumerate() {
            if r.len() == 4
                && let Ok(y) = r.parse::<i32>()
                && (2000..2100).contains(&y)
            {
                // "2020-21": the year ending March 2021.
                let y = match runs.get(k + 1) {
                    Some(n) if n.len() == 2 && n.parse::<i32>().ok() == Some((y + 1) % 100) => {
                        y + 1
                    }
                    _ => y,
                };
                best = best.max(Some(y));
            }
        }
        best
    };
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string())?;
    year_in(&stem).or_else(|| {
        path.parent()
            .and_then(|p| p.file_name())
            .and_then(|n| year_in(&n.to_string_lossy()))
    })
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

/// Reads every `*.csv` in `dir` (and in its subfolders, one per return year)
/// for `la`, working out review due dates up to `as_of`. Returns the events
/// and, per file, the table it was read as (`None`: not used).
pub fn read_dir(
    la: &str,
    dir: &std::path::Path,
    calendar: &WorkingDayCalendar,
    as_of: NaiveDate,
) -> Result<(Events, FileKinds)> {
    let (ev, seen, _) = read_dirs(la, &[dir], calendar, as_of)?;
    Ok((ev, seen))
}

/// [`read_dir`] over several folders (or files) at once, for several
/// years' returns; episodes are stitched across years ([`stitch`]) and the
/// episodes files' row accounts returned.
pub fn read_dirs(
    la: &str,
    paths: &[&std::path::Path],
    calendar: &WorkingDayCalendar,
    as_of: NaiveDate,
) -> Result<(Events, FileKinds, Vec<FileAccount>)> {
    let r = read_returns(la, paths, calendar, as_of)?;
    Ok((r.events, r.kinds, r.accounts))
}

/// What several years' SSDA903 returns gave.
#[derive(Debug, Clone, Default)]
pub struct Returns {
    /// The events (episodes stitched across years).
    pub events: Events,
    /// Each file and the table it was read as.
    pub kinds: FileKinds,
    /// Each file's row account.
    pub accounts: Vec<FileAccount>,
    /// OC2's figures for the March of each return year (CF23, CF25), to be
    /// added where case-level health checks are not given
    /// ([`crate::Computation::add_supplied_as`]).
    pub year_end: crate::aggregates::Supplied,
}

/// [`read_dirs`], with OC2's year-end figures.
pub fn read_returns(
    la: &str,
    paths: &[&std::path::Path],
    calendar: &WorkingDayCalendar,
    as_of: NaiveDate,
) -> Result<Returns> {
    let io = Error::read;
    let csv = |p: &std::path::Path| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv"));
    let mut files = Vec::new();
    for &path in paths {
        if !path.is_dir() {
            files.push(path.to_path_buf());
            continue;
        }
        for entry in std::fs::read_dir(path).map_err(|e| io(path, e))? {
            let p = entry.map_err(|e| io(path, e))?.path();
            if p.is_dir() {
                for sub in std::fs::read_dir(&p).map_err(|e| io(&p, e))? {
                    let q = sub.map_err(|e| io(&p, e))?.path();
                    if csv(&q) {
                        files.push(q);
                    }
                }
            } else if csv(&p) {
                files.push(p);
            }
        }
    }
    // Oldest return first; within a year, by name.
    files.sort_by_key(|p| (return_year(p), p.clone()));
    // A file without a year is the return for the year holding `as_of`.
    let as_of_year = return_year_holding(as_of);
    let mut reader = Ssda903::new(la).with_codes_year(as_of_year);
    let mut seen = Vec::new();
    let mut others = Vec::new();
    for p in files {
        let text = super::text::read(&p)?;
        let file = p.display().to_string();
        let kind = reader.read_year(&file, &text, return_year(&p))?;
        // Every file is listed with what it was read as; one no indicator
        // uses yet is named with its headings, never skipped silently.
        match kind {
            Some(_) => {}
            None => others.push(FileAccount {
                file: file.clone(),
                kind: "not recognised: no SSDA903 file has these columns".into(),
                unmatched: text
                    .trim_start_matches('\u{feff}')
                    .lines()
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .map(|h| h.trim().to_string())
                    .collect(),
                ..FileAccount::default()
            }),
        }
        seen.push((file, kind));
    }
    let (events, mut accounts, year_end) = reader.into_returns(calendar, as_of);
    accounts.extend(others);
    Ok(Returns {
        events,
        kinds: seen,
        accounts,
        year_end,
    })
}
