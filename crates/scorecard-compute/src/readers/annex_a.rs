//! Ofsted Annex A lists (ILACS): one workbook with a sheet per list, or one
//! CSV per list.
//!
//! Councils' exports differ, so the reader is tolerant where it can be and
//! exact where it must be:
//!
//! * **Which list**: a sheet or file name containing `List N` (`List 3`,
//!   `List_3`, `Annex A List 3 - Referrals`) or the list's subject
//!   (`Contacts`, `Early help`, `Referrals`, `Assessments`, `Section 47`,
//!   `Children in need`, `Child protection`, `Looked after`, `Care leavers`).
//! * **Headings** are matched ignoring case, spaces and punctuation, with
//!   aliases (see [`ALIASES`]); unknown columns are ignored; only the columns
//!   an indicator needs are required, and a missing one is an error naming
//!   it and the headings found.
//! * **Dates**: `dd/mm/yyyy` (also `-` or `.` separators, an optional time),
//!   ISO `yyyy-mm-dd`, or an Excel serial number (days since 1899-12-30). A
//!   two-digit year is refused: write the year in full.
//! * **Values** may carry an option prefix (`a) Male`, `q) 6: Police`); child
//!   ids are text (leading zeros kept, a trailing `.0` from Excel dropped).
//! * Yes/no cells: `Y`, `Yes`, `True`, `1` / `N`, `No`, `False`, `0`; blank is
//!   not recorded.
//!
//! Annex A is a snapshot: List 8 gives one row per looked-after child with
//! the current placement, so it becomes at most two episodes per child (the
//! period of care up to the most recent placement, and that placement);
//! visits, health and dental checks are the latest ones only. Lists 10 and 11
//! (adoption) are not used by any indicator and are skipped. List 9 gives
//! each care leaver's latest contact (in touch: `Y`/`Yes` or the SSDA903
//! codes `YES`, `RHOM` as in touch, `NO`, `REFU`, `NREQ`, `DIED` as not;
//! activity as its code, e.g. `F2`; suitability `Suitable`/`Unsuitable`,
//! `Y`/`N`) and latest pathway plan review.
//!
//! ```
//! use scorecard_compute::readers::annex_a::{AnnexA, read_csv_list};
//! let text = "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Referral,Referral Source,Referral NFA?\n\
//!             0042,a) Male,WBRI,01/02/2015,8,05/01/2024,q) 6: Police,N\n";
//! let mut annex = AnnexA::new("E08000008");
//! read_csv_list(&mut annex, "List_3.csv", text).unwrap();
//! let ev = annex.into_events();
//! assert_eq!(&*ev.referrals[0].child_id, "0042");
//! assert_eq!(ev.referrals[0].date.to_string(), "2024-01-05");
//! assert_eq!(ev.referrals[0].source.as_deref(), Some("6: Police"));
//! assert_eq!(ev.children[0].sex.as_deref(), Some("Male"));
//! ```

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate};

use crate::error::{Error, Result};
use crate::events::*;
use crate::quality::FileAccount;

/// Heading aliases: canonical key, then the headings (normalised: lower
/// case, letters and digits only) that mean it.
pub const ALIASES: &[(&str, &[&str])] = &[
    (
        "child_id",
        &[
            "childuniqueid",
            "childid",
            "uniqueid",
            "id",
            "lachildid",
            "childidentifier",
        ],
    ),
    ("gender", &["gender", "sex"]),
    ("ethnicity", &["ethnicity", "ethnicorigin"]),
    ("dob", &["dateofbirth", "dob", "birthdate"]),
    (
        "disability",
        &["doesthechildhaveadisability", "disability", "disabled"],
    ),
    ("contact_date", &["dateofcontact", "contactdate"]),
    ("contact_source", &["contactsource", "sourceofcontact"]),
    (
        "eh_start",
        &["assessmentstartdate", "earlyhelpassessmentstartdate"],
    ),
    (
        "eh_completed",
        &[
            "assessmentcompletiondate",
            "earlyhelpassessmentcompletiondate",
        ],
    ),
    ("referral_date", &["dateofreferral", "referraldate"]),
    ("referral_source", &["referralsource", "sourceofreferral"]),
    ("referral_nfa", &["referralnfa", "nfa", "referralnfaed"]),
    (
        "assessment_start",
        &[
            "continuousassessmentstartdate",
            "assessmentstartdate",
            "assessmentactualstartdate",
        ],
    ),
    (
        "assessment_authorised",
        &[
            "continuousassessmentdateofauthorisation",
            "assessmentauthorisationdate",
            "dateofauthorisation",
            "assessmentcompletiondate",
        ],
    ),
    (
        "assessment_needs_support",
        &[
            "wasthechildassessedasrequiringlachildrenssocialcaresupport",
            "requiringsocialcaresupport",
            "assessedasrequiringsupport",
        ],
    ),
    (
        "s47_start",
        &[
            "strategydiscussioninitiatingsection47enquirystartdate",
            "section47startdate",
            "s47startdate",
            "s47actualstartdate",
        ],
    ),
    (
        "icpc_unnecessary",
        &[
            "wasaninitialchildprotectionconferencedeemedunnecessary",
            "icpcnotrequired",
            "icpcdeemedunnecessary",
        ],
    ),
    (
        "icpc_date",
        &[
            "dateofinitialchildprotectionconference",
            "icpcdate",
            "dateoficpc",
            "dateofinitialcpc",
        ],
    ),
    (
        "icpc_plan",
        &[
            "didtheinitialchildprotectionconferenceresultinachildprotectionplan",
            "icpcresultedinplan",
            "cppfromicpc",
        ],
    ),
    (
        "cin_start",
        &["cinstartdate", "startdate", "cinreferraldate"],
    ),
    ("cin_end", &["cinclosuredate", "closuredate"]),
    ("cin_closure_reason", &["reasonforclosure", "closurereason"]),
    (
        "cp_start",
        &[
            "childprotectionplanstartdate",
            "cppstartdate",
            "planstartdate",
        ],
    ),
    (
        "cp_end",
        &["childprotectionplanenddate", "cppenddate", "planenddate"],
    ),
    (
        "cp_category",
        &["initialcategoryofabuse", "initialcategory"],
    ),
    (
        "cp_last_visit",
        &[
            "dateofthelaststatutoryvisit",
            "dateoflaststatutoryvisit",
            "laststatutoryvisit",
        ],
    ),
    (
        "cp_previous",
        &[
            "numberofpreviouschildprotectionplans",
            "previouscpps",
            "numberofpreviouscpp",
        ],
    ),
    (
        "cla_start",
        &[
            "datestartedtobelookedafter",
            "datestartedlookedafter",
            "cladate",
            "lookedafterstartdate",
        ],
    ),
    (
        "cla_end",
        &["dateceasedtobelookedafter", "dateceasedlookedafter"],
    ),
    (
        "cla_reason_ceased",
        &["reasonceasedtobelookedafter", "reasonceased"],
    ),
    ("cla_legal_status", &["childslegalstatus", "legalstatus"]),
    (
        "cla_placement_start",
        &["startdateofmostrecentplacement", "placementstartdate"],
    ),
    ("cla_placement_type", &["placementtype"]),
    ("cla_provider", &["placementprovider"]),
    (
        "cla_last_visit",
        &["dateoflastsocialworkvisit", "lastsocialworkvisit"],
    ),
    (
        "cla_last_health",
        &["dateoflasthealthassessment", "lasthealthassessment"],
    ),
    (
        "cla_last_dental",
        &["dateoflastdentalcheck", "lastdentalcheck"],
    ),
    (
        "cl_in_touch",
        &["laintouch", "intouch", "localauthorityintouch"],
    ),
    (
        "cl_contact_date",
        &[
            "latestdateofcontact",
            "dateoflatestcontact",
            "lastcontactdate",
            "dateoflastcontact",
        ],
    ),
    (
        "cl_activity",
        &["activitystatus", "activity", "mainactivity"],
    ),
    (
        "cl_accommodation",
        &[
            "suitabilityofaccommodation",
            "accommodationsuitability",
            "suitableaccommodation",
        ],
    ),
    (
        "cl_pathway_review",
        &[
            "latestpathwayplanreviewdate",
            "pathwayplanreviewdate",
            "dateoflatestpathwayplanreview",
        ],
    ),
];

/// Normalises a heading: lower case, letters and digits only (curly quotes,
/// brackets, spaces and punctuation dropped).
pub fn normalise_heading(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which list a sheet or file name is (1–11), if it can tell.
pub fn list_number(name: &str) -> Option<u8> {
    let n = normalise_heading(name);
    if let Some(pos) = n.find("list") {
        let digits: String = n[pos + 4..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(k) = digits.parse::<u8>()
            && (1..=11).contains(&k)
        {
            return Some(k);
        }
    }
    const SUBJECTS: &[(&str, u8)] = &[
        ("careleaver", 9),
        ("lookedafter", 8),
        ("cla", 8),
        ("childprotection", 7),
        ("childreninneed", 6),
        ("section47", 5),
        ("s47", 5),
        ("icpc", 5),
        ("assessment", 4),
        ("referral", 3),
        ("earlyhelp", 2),
        ("contact", 1),
    ];
    SUBJECTS
        .iter()
        .find(|(k, _)| n.contains(k))
        .map(|(_, v)| *v)
}

/// Parses an Annex A date cell. `Ok(None)` for a blank cell.
///
/// ```
/// use scorecard_compute::readers::annex_a::parse_date;
/// let d = |s| parse_date(s).unwrap().unwrap().to_string();
/// assert_eq!(d("05/01/2024"), "2024-01-05");
/// assert_eq!(d("5/1/2024 00:00"), "2024-01-05");
/// assert_eq!(d("2024-01-05"), "2024-01-05");
/// assert_eq!(d("45296"), "2024-01-05"); // Excel serial
/// assert!(parse_date("31/02/2024").is_err());
/// assert!(parse_date("05/01/24").is_err());
/// assert_eq!(parse_date("  ").unwrap(), None);
/// ```
pub fn parse_date(cell: &str) -> std::result::Result<Option<NaiveDate>, String> {
    let t = cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // Drop a time part ("05/01/2024 00:00", "2024-01-05T00:00:00").
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    let expected = "a date as dd/mm/yyyy, yyyy-mm-dd or an Excel serial number";
    if t.bytes().all(|b| b.is_ascii_digit() || b == b'.') && !t.contains('/') && !t.contains('-') {
        let whole = t.split('.').next().unwrap_or(t);
        let serial: u64 = whole
            .parse()
            .map_err(|_| format!("expected {expected}, found {cell:?}"))?;
        if !(1..=2_958_465).contains(&serial) {
            return Err(format!(
                "{cell:?} is not an Excel date serial (1 to 2958465)"
            ));
        }
        let base = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or("calendar")?;
        return Ok(base.checked_add_days(Days::new(serial)));
    }
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!("expected {expected}, found {cell:?}"));
    }
    let (y, m, d) = if parts[0].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else if parts[2].len() == 4 {
        (parts[2], parts[1], parts[0])
    } else {
        return Err(format!(
            "{cell:?} has a two-digit year: write the year in full (dd/mm/yyyy)"
        ));
    };
    let (y, m, d): (i32, u32, u32) = (
        y.parse().map_err(|_| format!("bad year in {cell:?}"))?,
        m.parse().map_err(|_| format!("bad month in {cell:?}"))?,
        d.parse().map_err(|_| format!("bad day in {cell:?}"))?,
    );
    NaiveDate::from_ymd_opt(y, m, d)
        .map(Some)
        .ok_or_else(|| format!("{cell:?} is not a real date"))
}

/// Strips an option prefix such as `a) ` or `q) ` and trims.
pub fn clean_value(cell: &str) -> Option<String> {
    let t = cell.trim();
    let t = match t.split_once(") ") {
        Some((p, rest)) if p.len() <= 2 && p.chars().all(|c| c.is_ascii_alphanumeric()) => {
            rest.trim()
        }
        _ => t,
    };
    (!t.is_empty()).then(|| t.to_string())
}

/// A child id as text: trimmed, a trailing `.0` (Excel) dropped.
pub fn clean_id(cell: &str) -> String {
    let t = cell.trim();
    t.strip_suffix(".0").unwrap_or(t).to_string()
}

fn parse_yes_no(cell: &str) -> std::result::Result<Option<bool>, String> {
    let v = clean_value(cell).unwrap_or_default().to_ascii_lowercase();
    match v.as_str() {
        "" => Ok(None),
        "y" | "yes" | "true" | "1" => Ok(Some(true)),
        "n" | "no" | "false" | "0" => Ok(Some(false)),
        _ => Err(format!("expected Y or N, found {cell:?}")),
    }
}

/// One list's rows as text, whatever the file format.
#[derive(Debug, Clone)]
pub struct ListTable {
    /// File or sheet name, for errors.
    pub source: String,
    /// Headings as given.
    pub headers: Vec<String>,
    /// Rows with their 1-based line (or spreadsheet row) numbers.
    pub rows: Vec<(usize, Vec<String>)>,
}

struct Cols<'t> {
    table: &'t ListTable,
    list: u8,
    index: HashMap<&'static str, usize>,
}

impl<'t> Cols<'t> {
    fn new(table: &'t ListTable, list: u8) -> Self {
        let norm: Vec<String> = table.headers.iter().map(|h| normalise_heading(h)).collect();
        let mut index = HashMap::new();
        for (key, aliases) in ALIASES {
            if let Some(i) = norm.iter().position(|h| aliases.contains(&h.as_str())) {
                index.insert(*key, i);
            }
        }
        Cols { table, list, index }
    }

    fn require(&self, key: &str) -> Result<usize> {
        self.index.get(key).copied().ok_or_else(|| {
            let wanted = ALIASES
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, a)| a.join(" / "))
                .unwrap_or_default();
            Error::csv(
                &self.table.source,
                1,
                Some(key),
                format!(
                    "List {} needs a column for {key} (a heading matching {wanted}, ignoring case and punctuation); the headings are {:?}",
                    self.list, self.table.headers
                ),
            )
        })
    }

    fn cell<'r>(&self, row: &'r [String], key: &str) -> &'r str {
        self.index
            .get(key)
            .and_then(|&i| row.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }

    fn err(&self, line: usize, key: &str, message: String) -> Error {
        let column = self
            .index
            .get(key)
            .and_then(|&i| self.table.headers.get(i))
            .cloned();
        Error::Csv {
            file: self.table.source.clone(),
            line,
            column: column.or_else(|| Some(key.to_string())),
            message,
        }
    }

    fn date(&self, line: usize, row: &[String], key: &str) -> Result<Option<NaiveDate>> {
        parse_date(self.cell(row, key)).map_err(|m| self.err(line, key, m))
    }

    fn yes_no(&self, line: usize, row: &[String], key: &str) -> Result<Option<bool>> {
        parse_yes_no(self.cell(row, key)).map_err(|m| self.err(line, key, m))
    }

    fn text(&self, row: &[String], key: &str) -> Option<std::sync::Arc<str>> {
        clean_value(self.cell(row, key)).map(Into::into)
    }
}

/// Annex A lists being read for one local authority.
#[derive(Debug, Clone)]
pub struct AnnexA {
    la: String,
    events: Events,
    children: BTreeMap<std::sync::Arc<str>, Child>,
    accounts: Vec<FileAccount>,
}

impl AnnexA {
    /// Lists for the LA named `la` (code or name, as the population file).
    pub fn new(la: &str) -> Self {
        AnnexA {
            la: la.to_string(),
            events: Events::default(),
            children: BTreeMap::new(),
            accounts: Vec::new(),
        }
    }

    /// The events read so far.
    pub fn into_events(self) -> Events {
        self.into_parts().0
    }

    /// The events read so far, and each file's row account (read = used +
    /// excluded, per reason).
    pub fn into_parts(mut self) -> (Events, Vec<FileAccount>) {
        self.events.children = self.children.into_values().collect();
        (self.events, self.accounts)
    }

    /// Reads one list. `list` is 1–11; lists 10 and 11 are skipped.
    pub fn read_list(&mut self, list: u8, table: &ListTable) -> Result<()> {
        let cols = Cols::new(table, list);
        if list >= 10 {
            return Ok(());
        }
        let c_id = cols.require("child_id")?;
        match list {
            1 => {
                cols.require("contact_date")?;
            }
            2 => {
                cols.require("eh_start")?;
            }
            3 => {
                cols.require("referral_date")?;
            }
            4 => {
                cols.require("assessment_start")?;
                cols.require("assessment_authorised")?;
            }
            5 => {
                cols.require("s47_start")?;
                cols.require("icpc_date")?;
            }
            6 => {
                cols.require("cin_start")?;
            }
            7 => {
                cols.require("cp_start")?;
            }
            8 => {
                cols.require("cla_start")?;
            }
            9 => {
                cols.require("cl_contact_date")?;
            }
            _ => {}
        }
        let la: std::sync::Arc<str> = self.la.as_str().into();
        let mut account = FileAccount {
            file: table.source.clone(),
            ..FileAccount::default()
        };
        let required = match list {
            1 => Some("contact_date"),
            2 => Some("eh_start"),
            3 => Some("referral_date"),
            4 => Some("assessment_start"),
            5 => Some("s47_start"),
            6 => Some("cin_start"),
            7 => Some("cp_start"),
            8 => Some("cla_start"),
            9 => Some("cl_contact_date"),
            _ => None,
        };
        for (line, row) in &table.rows {
            let line = *line;
            account.read += 1;
            if row.iter().all(|c| c.trim().is_empty()) {
                *account.excluded.entry("blank row".into()).or_default() += 1;
                continue;
            }
            if row.len() < table.headers.len() {
                return Err(Error::csv(
                    &table.source,
                    line,
                    None,
                    format!(
                        "the row has {} fields but the heading row has {}: is the file cut short?",
                        row.len(),
                        table.headers.len()
                    ),
                ));
            }
            if let Some(key) = required
                && cols.cell(row, key).trim().is_empty()
            {
                let heading = cols
                    .index
                    .get(key)
                    .and_then(|&i| table.headers.get(i))
                    .cloned()
                    .unwrap_or_else(|| key.to_string());
                *account
                    .excluded
                    .entry(format!("no {}", heading.trim()))
                    .or_default() += 1;
                continue;
            }
            account.used += 1;
            let child_id: std::sync::Arc<str> =
                clean_id(row.get(c_id).map(String::as_str).unwrap_or("")).into();
            if child_id.is_empty() {
                return Err(cols.err(line, "child_id", "the child id is blank".into()));
            }
            let child = Child {
                la: la.clone(),
                child_id: child_id.clone(),
                date_of_birth: cols.date(line, row, "dob")?,
                sex: cols.text(row, "gender"),
                ethnicity: cols.text(row, "ethnicity"),
                disability: cols.yes_no(line, row, "disability")?,
            };
            self.children.entry(child_id.clone()).or_insert(child);
            let (la, child_id) = (la.clone(), child_id.clone());
            let ev = &mut self.events;
            match list {
                1 => {
                    if let Some(date) = cols.date(line, row, "contact_date")? {
                        ev.contacts.push(Contact {
                            la,
                            child_id,
                            date,
                            source: cols.text(row, "contact_source"),
                            outcome: None,
                            outcome_date: None,
                        });
                    }
                }
                2 => {
                    if let Some(start) = cols.date(line, row, "eh_start")? {
                        ev.early_help_assessments.push(EarlyHelpAssessment {
                            la,
                            child_id,
                            start,
                            completed: cols.date(line, row, "eh_completed")?,
                        });
                    }
                }
                3 => {
                    if let Some(date) = cols.date(line, row, "referral_date")? {
                        ev.referrals.push(Referral {
                            la,
                            child_id,
                            date,
                            source: cols.text(row, "referral_source"),
                            nfa: cols.yes_no(line, row, "referral_nfa")?,
                            decision_date: None,
                        });
                    }
                }
                4 => {
                    if let Some(start) = cols.date(line, row, "assessment_start")? {
                        let outcome =
                            cols.yes_no(line, row, "assessment_needs_support")?
                                .map(|needs| {
                                    if needs {
                                        AssessmentOutcome::ChildInNeed
                                    } else {
                                        AssessmentOutcome::NotInNeed
                                    }
                                });
                        ev.assessments.push(Assessment {
                            la,
                            child_id,
                            start,
                            authorised: cols.date(line, row, "assessment_authorised")?,
                            outcome,
                        });
                    }
                }
                5 => {
                    let Some(start) = cols.date(line, row, "s47_start")? else {
                        continue;
                    };
                    let icpc_date = cols.date(line, row, "icpc_date")?;
                    let unnecessary = cols.yes_no(line, row, "icpc_unnecessary")?;
                    let icpc_required = match (icpc_date, unnecessary) {
                        (Some(_), _) => Some(true),
                        (None, Some(true)) => Some(false),
                        _ => None,
                    };
                    ev.section47s.push(Section47 {
                        la: la.clone(),
                        child_id: child_id.clone(),
                        start,
                        icpc_required,
                    });
                    if let Some(date) = icpc_date {
                        ev.icpcs.push(Icpc {
                            la,
                            child_id,
                            date,
                            s47_start: Some(start),
                            plan_made: cols.yes_no(line, row, "icpc_plan")?,
                            police_attended: None,
                            health_attended: None,
                            education_attended: None,
                        });
                    }
                }
                6 => {
                    if let Some(start) = cols.date(line, row, "cin_start")? {
                        ev.cin_episodes.push(CinEpisode {
                            la,
                            child_id,
                            start,
                            end: cols.date(line, row, "cin_end")?,
                            closure_reason: cols.text(row, "cin_closure_reason"),
                        });
                    }
                }
                7 => {
                    let Some(start) = cols.date(line, row, "cp_start")? else {
                        continue;
                    };
                    let previous = cols.cell(row, "cp_previous").trim();
                    let previous_plans = if previous.is_empty() {
                        None
                    } else {
                        Some(clean_id(previous).parse::<u32>().map_err(|_| {
                            cols.err(
                                line,
                                "cp_previous",
                                format!("expected a whole number, found {previous:?}"),
                            )
                        })?)
                    };
                    if let Some(date) = cols.date(line, row, "cp_last_visit")? {
                        ev.cp_visits.push(Visit {
                            la: la.clone(),
                            child_id: child_id.clone(),
                            date,
                        });
                    }
                    ev.cp_plans.push(CpPlan {
                        la,
                        child_id,
                        start,
                        end: cols.date(line, row, "cp_end")?,
                        initial_category: cols.text(row, "cp_category"),
                        previous_plans,
                    });
                }
                8 => {
                    let Some(start) = cols.date(line, row, "cla_start")? else {
                        continue;
                    };
                    let end = cols.date(line, row, "cla_end")?;
                    let placed = cols.date(line, row, "cla_placement_start")?;
                    let legal_status = cols.text(row, "cla_legal_status");
                    let placement = cols
                        .text(row, "cla_placement_type")
                        .map(|p| p.split([':', ' ']).next().unwrap_or("").to_string());
                    let provider = cols.text(row, "cla_provider");
                    let reason_ceased = cols
                        .text(row, "cla_reason_ceased")
                        .map(|p| p.split([':', ' ']).next().unwrap_or("").to_string());
                    match placed {
                        Some(p) if p > start && end.is_none_or(|e| p <= e) => {
                            ev.cla_episodes.push(ClaEpisode {
                                la: la.clone(),
                                child_id: child_id.clone(),
                                start,
                                end: Some(p),
                                rne: Some("S".into()),
                                legal_status: legal_status.clone(),
                                placement: None,
                                provider: None,
                                reason_ceased: Some("X1".into()),
                            });
                            ev.cla_episodes.push(ClaEpisode {
                                la: la.clone(),
                                child_id: child_id.clone(),
                                start: p,
                                end,
                                rne: Some("P".into()),
                                legal_status,
                                placement: placement.map(Into::into),
                                provider,
                                reason_ceased: reason_ceased.map(Into::into),
                            });
                        }
                        _ => ev.cla_episodes.push(ClaEpisode {
                            la: la.clone(),
                            child_id: child_id.clone(),
                            start,
                            end,
                            rne: Some("S".into()),
                            legal_status,
                            placement: placement.map(Into::into),
                            provider,
                            reason_ceased: reason_ceased.map(Into::into),
                        }),
                    }
                    if let Some(date) = cols.date(line, row, "cla_last_visit")? {
                        ev.cla_visits.push(Visit {
                            la: la.clone(),
                            child_id: child_id.clone(),
                            date,
                        });
                    }
                    if let Some(date) = cols.date(line, row, "cla_last_health")? {
                        ev.health_checks.push(HealthCheck {
                            la: la.clone(),
                            child_id: child_id.clone(),
                            date,
                            kind: HealthCheckKind::Review,
                        });
                    }
                    if let Some(date) = cols.date(line, row, "cla_last_dental")? {
                        ev.health_checks.push(HealthCheck {
                            la,
                            child_id,
                            date,
                            kind: HealthCheckKind::Dental,
                        });
                    }
                }
                9 => {
                    if let Some(date) = cols.date(line, row, "cl_pathway_review")? {
                        ev.pathway_plan_reviews.push(Visit {
                            la: la.clone(),
                            child_id: child_id.clone(),
                            date,
                        });
                    }
                    let Some(date) = cols.date(line, row, "cl_contact_date")? else {
                        continue;
                    };
                    let touch = cols
                        .text(row, "cl_in_touch")
                        .unwrap_or_default()
                        .to_ascii_uppercase();
                    let in_touch = match touch.as_str() {
                        "" => None,
                        "Y" | "YES" | "RHOM" | "TRUE" => Some(true),
                        "N" | "NO" | "REFU" | "NREQ" | "DIED" | "FALSE" => Some(false),
                        _ => return Err(cols.err(
                            line,
                            "cl_in_touch",
                            format!(
                                "expected Y/N or YES, NO, REFU, NREQ, DIED, RHOM; found {touch:?}"
                            ),
                        )),
                    };
                    let activity = cols
                        .text(row, "cl_activity")
                        .map(|a| a.split([':', ' ']).next().unwrap_or("").to_string());
                    let suit = cols
                        .text(row, "cl_accommodation")
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    let accommodation_suitable = if suit.is_empty() {
                        None
                    } else if suit.starts_with("not")
                        || suit.starts_with("unsuitable")
                        || suit == "n"
                        || suit == "no"
                    {
                        Some(false)
                    } else if suit.starts_with("suitable") || suit == "y" || suit == "yes" {
                        Some(true)
                    } else {
                        return Err(cols.err(
                            line,
                            "cl_accommodation",
                            format!("expected Suitable or Unsuitable (or Y/N), found {suit:?}"),
                        ));
                    };
                    ev.care_leaver_contacts.push(CareLeaverContact {
                        la,
                        child_id,
                        date,
                        in_touch,
                        activity: activity.map(Into::into),
                        accommodation_suitable,
                    });
                }
                _ => {}
            }
        }
        self.accounts.push(account);
        Ok(())
    }
}

/// Parses CSV text into a [`ListTable`].
pub fn csv_table(source: &str, text: &str) -> Result<ListTable> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::csv(source, 1, None, e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::csv_record(source, &e))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        rows.push((line, rec.iter().map(str::to_string).collect()));
    }
    Ok(ListTable {
        source: source.to_string(),
        headers,
        rows,
    })
}

/// Reads one list from CSV text; which list it is comes from `name`.
pub fn read_csv_list(annex: &mut AnnexA, name: &str, text: &str) -> Result<()> {
    let list = list_number(name).ok_or_else(|| {
        Error::csv(name, 1, None, "cannot tell which Annex A list this is: name it List_1 ... List_11, or by its subject (Referrals, Assessments, ...)")
    })?;
    annex.read_list(list, &csv_table(name, text)?)
}

/// Reads every `*.csv` in `dir` whose name identifies a list.
pub fn read_csv_dir(la: &str, dir: &std::path::Path) -> Result<Events> {
    Ok(read_csv_dir_accounted(la, dir)?.0)
}

/// [`read_csv_dir`], with each file's row account.
pub fn read_csv_dir_accounted(
    la: &str,
    dir: &std::path::Path,
) -> Result<(Events, Vec<FileAccount>)> {
    let io = |e: std::io::Error| Error::Io {
        path: dir.display().to_string(),
        message: e.to_string(),
    };
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        .collect();
    names.sort();
    let mut annex = AnnexA::new(la);
    for path in names {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if list_number(&name).is_none() {
            continue;
        }
        let text = super::text::read(&path)?;
        read_csv_list(&mut annex, &path.display().to_string(), &text)?;
    }
    Ok(annex.into_parts())
}

/// Writes lists 1–8 as CSV texts (file name, text) in the Ofsted template's
/// headings, from canonical events of one LA. Annex A carries less than the
/// canonical model: see the module documentation.
pub fn write_csv_lists(events: &Events) -> Result<Vec<(String, String)>> {
    let dob: HashMap<&str, &Child> = events.children.iter().map(|c| (&*c.child_id, c)).collect();
    let fmt = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    };
    let yn = |b: Option<bool>| match b {
        Some(true) => "Y",
        Some(false) => "N",
        None => "",
    };
    let common = |id: &str| -> Vec<String> {
        let c = dob.get(id);
        vec![
            id.to_string(),
            c.and_then(|c| c.sex.clone())
                .unwrap_or_default()
                .to_string(),
            c.and_then(|c| c.ethnicity.clone())
                .unwrap_or_default()
                .to_string(),
            fmt(c.and_then(|c| c.date_of_birth)),
            String::new(),
        ]
    };
    let head = [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
    ];
    let mut out = Vec::new();
    let mut emit = |name: &str, extra: &[&str], rows: Vec<Vec<String>>| -> Result<()> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header: Vec<&str> = head.iter().chain(extra.iter()).copied().collect();
        w.write_record(&header)
            .map_err(|e| Error::csv(name, 1, None, e.to_string()))?;
        for r in rows {
            w.write_record(&r)
                .map_err(|e| Error::csv(name, 0, None, e.to_string()))?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| Error::csv(name, 0, None, e.to_string()))?;
        out.push((
            name.to_string(),
            String::from_utf8_lossy(&bytes).to_string(),
        ));
        Ok(())
    };
    let with = |id: &str, rest: Vec<String>| {
        let mut v = common(id);
        v.extend(rest);
        v
    };
    emit(
        "List_1_Contacts.csv",
        &["Date of Contact", "Contact Source"],
        events
            .contacts
            .iter()
            .map(|c| {
                with(
                    &c.child_id,
                    vec![
                        fmt(Some(c.date)),
                        c.source.clone().unwrap_or_default().to_string(),
                    ],
                )
            })
            .collect(),
    )?;
    emit(
        "List_2_Early_Help.csv",
        &[
            "Assessment start date",
            "Assessment completion date",
            "Organisation completing assessment",
        ],
        events
            .early_help_assessments
            .iter()
            .map(|a| {
                with(
                    &a.child_id,
                    vec![fmt(Some(a.start)), fmt(a.completed), String::new()],
                )
            })
            .collect(),
    )?;
    emit(
        "List_3_Referrals.csv",
        &[
            "Date of referral",
            "Referral Source",
            "Referral NFA?",
            "Number of Referrals in Last 12 Months",
            "Allocated Team",
            "Allocated Worker",
        ],
        events
            .referrals
            .iter()
            .map(|r| {
                with(
                    &r.child_id,
                    vec![
                        fmt(Some(r.date)),
                        r.source.clone().unwrap_or_default().to_string(),
                        yn(r.nfa).into(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ],
                )
            })
            .collect(),
    )?;
    emit(
        "List_4_Assessments.csv",
        &[
            "Does the Child have a Disability",
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?",
            "Allocated Team",
            "Allocated Worker",
        ],
        events
            .assessments
            .iter()
            .map(|a| {
                let needs = a.outcome.map(|o| o == AssessmentOutcome::ChildInNeed);
                with(
                    &a.child_id,
                    vec![
                        String::new(),
                        fmt(Some(a.start)),
                        String::new(),
                        fmt(a.authorised),
                        yn(needs).into(),
                        String::new(),
                        String::new(),
                    ],
                )
            })
            .collect(),
    )?;
    // List 5: one row per section 47, with its ICPC when there is one.
    let icpc_by: HashMap<(&str, NaiveDate), &Icpc> = events
        .icpcs
        .iter()
        .filter_map(|c| Some(((&*c.child_id, c.s47_start?), c)))
        .collect();
    emit(
        "List_5_Section_47.csv",
        &[
            "Does the Child have a Disability",
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months",
            "Allocated Team",
            "Allocated Worker",
        ],
        events
            .section47s
            .iter()
            .map(|s| {
                let icpc = icpc_by.get(&(&*s.child_id, s.start));
                let unnecessary = match (icpc, s.icpc_required) {
                    (Some(_), _) => Some(false),
                    (None, Some(false)) => Some(true),
                    _ => None,
                };
                with(
                    &s.child_id,
                    vec![
                        String::new(),
                        fmt(Some(s.start)),
                        yn(unnecessary).into(),
                        fmt(icpc.map(|c| c.date)),
                        yn(icpc.and_then(|c| c.plan_made)).into(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ],
                )
            })
            .collect(),
    )?;
    emit(
        "List_6_Children_in_Need.csv",
        &[
            "Does the Child have a Disability",
            "CIN Start Date",
            "Primary Need Code",
            "Date Child Was Last Seen",
            "CIN Closure Date",
            "Reason for Closure",
            "Case Status",
            "Allocated Team",
            "Allocated Worker",
        ],
        events
            .cin_episodes
            .iter()
            .map(|e| {
                with(
                    &e.child_id,
                    vec![
                        String::new(),
                        fmt(Some(e.start)),
                        String::new(),
                        String::new(),
                        fmt(e.end),
                        e.closure_reason.clone().unwrap_or_default().to_string(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ],
                )
            })
            .collect(),
    )?;
    emit(
        "List_7_Child_Protection.csv",
        &[
            "Does the Child have a Disability",
            "Child Protection Plan Start Date",
            "Initial Category of Abuse",
            "Latest Category of Abuse",
            "Date of the Last Statutory Visit",
            "Was the Child Seen Alone?",
            "Date of latest review conference",
            "Child Protection Plan End Date",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
            "Number of Previous Child Protection Plans",
            "Allocated Team",
            "Allocated Worker",
        ],
        events
            .cp_plans
            .iter()
            .map(|p| {
                with(
                    &p.child_id,
                    vec![
                        String::new(),
                        fmt(Some(p.start)),
                        p.initial_category.clone().unwrap_or_default().to_string(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        fmt(p.end),
                        String::new(),
                        p.previous_plans.map(|n| n.to_string()).unwrap_or_default(),
                        String::new(),
                        String::new(),
                    ],
                )
            })
            .collect(),
    )?;
    // List 9: one row per care leaver, with their latest contact and review.
    let mut latest: BTreeMap<&str, (Option<&CareLeaverContact>, Option<NaiveDate>)> =
        BTreeMap::new();
    for c in &events.care_leaver_contacts {
        let e = latest.entry(&*c.child_id).or_default();
        if e.0.is_none_or(|p| c.date >= p.date) {
            e.0 = Some(c);
        }
    }
    for r in &events.pathway_plan_reviews {
        let e = latest.entry(&*r.child_id).or_default();
        e.1 = e.1.max(Some(r.date));
    }
    emit(
        "List_9_Care_Leavers.csv",
        &[
            "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
            "Does the Child have a Disability",
            "Allocated Team",
            "Allocated Worker",
            "Allocated Personal Advisor",
            "Eligibility Category",
            "Latest Pathway Plan Review Date",
            "LA in Touch",
            "Latest Date of Contact",
            "Type of Accommodation",
            "Suitability of Accommodation",
            "Activity Status",
        ],
        latest
            .iter()
            .filter(|(_, (c, _))| c.is_some())
            .map(|(id, (c, review))| {
                let suit = c
                    .and_then(|c| c.accommodation_suitable)
                    .map(|s| if s { "Suitable" } else { "Unsuitable" })
                    .unwrap_or_default();
                with(
                    id,
                    vec![
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        fmt(*review),
                        yn(c.and_then(|c| c.in_touch)).into(),
                        fmt(c.map(|c| c.date)),
                        String::new(),
                        suit.into(),
                        c.and_then(|c| c.activity.clone())
                            .unwrap_or_default()
                            .to_string(),
                    ],
                )
            })
            .collect(),
    )?;
    Ok(out)
}

/// Reads an Annex A workbook (xlsx, xls or ods): every sheet whose name
/// identifies a list. A list with no sheet is simply absent.
pub fn read_workbook(la: &str, path: &std::path::Path) -> Result<Events> {
    Ok(read_workbook_accounted(la, path)?.0)
}

/// [`read_workbook`], with each sheet's row account.
pub fn read_workbook_accounted(
    la: &str,
    path: &std::path::Path,
) -> Result<(Events, Vec<FileAccount>)> {
    use calamine::{Data, Reader, open_workbook_auto};
    let file = path.display().to_string();
    let mut wb = open_workbook_auto(path).map_err(|e| Error::Io {
        path: file.clone(),
        message: e.to_string(),
    })?;
    let mut annex = AnnexA::new(la);
    let sheets = wb.sheet_names().to_vec();
    let mut seen = std::collections::BTreeSet::new();
    for sheet in sheets {
        let Some(list) = list_number(&sheet) else {
            continue;
        };
        if !seen.insert(list) {
            return Err(Error::csv(
                &format!("{file} [{sheet}]"),
                1,
                None,
                format!("a second sheet for List {list}"),
            ));
        }
        let range = wb.worksheet_range(&sheet).map_err(|e| Error::Io {
            path: format!("{file} [{sheet}]"),
            message: e.to_string(),
        })?;
        let text = |c: &Data| -> String {
            match c {
                Data::Empty | Data::Error(_) => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Int(i) => i.to_string(),
                Data::Bool(b) => {
                    if *b {
                        "Y".into()
                    } else {
                        "N".into()
                    }
                }
                Data::DateTime(d) => format!("{}", d.as_f64().floor() as i64),
            }
        };
        let start_row = range.start().map_or(0, |(r, _)| r as usize);
        let mut rows = range.rows();
        let headers: Vec<String> = rows
            .next()
            .map(|r| r.iter().map(text).collect())
            .unwrap_or_default();
        let rows = rows
            .enumerate()
            .map(|(i, r)| (start_row + i + 2, r.iter().map(text).collect()))
            .collect();
        annex.read_list(
            list,
            &ListTable {
                source: format!("{file} [{sheet}]"),
                headers,
                rows,
            },
        )?;
    }
    Ok(annex.into_parts())
}
