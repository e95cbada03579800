//! # The DfE children in need census (XML)
//!
//! Every LA returns the CIN census to DfE each year as one XML file:
//! `Message/Header` (collection year, reference date, the LA's `LEA` code)
//! and `Message/Children/Child`, each child with `ChildIdentifiers`,
//! `ChildCharacteristics` and one `CINdetails` per referral. This reader
//! streams the file (quick-xml; one child held at a time, so a file of
//! hundreds of MB is read in bounded memory) into the canonical events:
//!
//! | census element | event |
//! |---|---|
//! | `ChildIdentifiers`: `LAchildID`, `PersonBirthDate`, `GenderCurrent` (to 2023-24) or `Sex` (2024-25 on); `ChildCharacteristics`: `Ethnicity`, `Disabilities/Disability` | `children` (`NONE` = not disabled) |
//! | `CINdetails`: `CINreferralDate`, `ReferralSource`, `ReferralNFA` | `referrals` |
//! | `CINdetails`: `CINreferralDate` to `CINclosureDate`, `ReasonForClosure` | `cin_episodes` |
//! | `Assessments`: `AssessmentActualStartDate`, `AssessmentAuthorisationDate` | `assessments` (the census has no outcome) |
//! | `CINPlanDates`: `CINPlanStartDate`, `CINPlanEndDate` | `cin_plans` |
//! | `Section47`: `S47ActualStartDate`, `ICPCnotRequired`, `DateOfInitialCPC` | `section47s`, and `icpcs` (with the S47 start) |
//! | `CINdetails/DateOfInitialCPC` | `icpcs` without a S47 start, only when no `Section47` of the referral holds a conference |
//! | `ChildProtectionPlans`: `CPPstartDate`, `CPPendDate`, `InitialCategoryOfAbuse`, `NumberOfPreviousCPP` | `cp_plans` |
//!
//! Read and counted but used by no indicator: `Reviews/CPPreviewDate` (the
//! census gives the reviews held, not the dates they fell due, which SG11
//! and SG12 need), `PreProceedingsandFGDM` (2026 on), assessment factors,
//! `PrimaryNeedCode`, UPNs and the other identifiers.
//!
//! Several years: one file per census, or a folder of them. A referral (or
//! assessment, plan, S47) is keyed by child and start date; where two
//! censuses hold it, the later census (by `ReferenceDate`) wins, so an
//! episode open at one year's end and closed in the next is one closed
//! episode.
//!
//! Rules, counted per file in the data-quality report (a bad value never
//! stops a run; only a file that is not a CIN census does):
//!
//! | id | rule | handling |
//! |---|---|---|
//! | C01 | a child with no `LAchildID` | the child left out |
//! | C02 | a `CINdetails` with no `CINreferralDate` | its referral and episode left out (its assessments, plans, S47s kept) |
//! | C03 | an assessment, plan or S47 without its start date | that item left out |
//! | C04 | an item also in a later census | the later census's version used, this one counted |
//! | C10 | a date that is not a date (`YYYY-MM-DD`) | the field unknown |
//! | C11 | a value not in the census code set (sex, yes/no) | the field unknown |
//!
//! ```
//! use scorecard_compute::readers::cin_census;
//! let xml = r#"<Message><Header><Source><LEA>357</LEA></Source></Header><Children><Child>
//!   <ChildIdentifiers><LAchildID>C1</LAchildID><PersonBirthDate>2015-03-27</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
//!   <CINdetails><CINreferralDate>2024-01-08</CINreferralDate><ReferralNFA>false</ReferralNFA>
//!     <Assessments><AssessmentActualStartDate>2024-01-09</AssessmentActualStartDate>
//!       <AssessmentAuthorisationDate>2024-02-20</AssessmentAuthorisationDate></Assessments>
//!   </CINdetails></Child></Children></Message>"#;
//! let read = cin_census::read_str(None, "census.xml", xml).unwrap();
//! assert_eq!(read.events.referrals.len(), 1);
//! assert_eq!(&*read.events.referrals[0].la, "357"); // the file's LEA
//! assert_eq!(read.events.assessments[0].authorised, "2024-02-20".parse().ok());
//! assert_eq!(read.accounts[0].used, 1);
//! ```

use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use quick_xml::events::Event;

use crate::coverage::Coverage;
use crate::error::{Error, Result};
use crate::events::*;
use crate::hashing::Set;
use crate::quality::FileAccount;

/// What reading CIN census files gave: the events (stitched across years),
/// each file's account, and what was supplied.
#[derive(Debug, Clone, Default)]
pub struct CinCensusRead {
    /// The events.
    pub events: Events,
    /// Every file: children read = used + excluded, values not used.
    pub accounts: Vec<FileAccount>,
    /// The tables and fields the census supplied.
    pub coverage: Coverage,
}

/// The tables the census feeds, and the fields of them it never carries.
const TABLES: &[&str] = &[
    "children",
    "referrals",
    "cin_episodes",
    "assessments",
    "cin_plans",
    "section47s",
    "icpcs",
    "cp_plans",
];
const NEVER: &[&str] = &[
    "referrals.decision_date",
    "assessments.outcome",
    "icpcs.police_attended",
    "icpcs.health_attended",
    "icpcs.education_attended",
];

/// Elements read into events (the rest are counted as not used).
const USED: &[&str] = &[
    "LAchildID",
    "PersonBirthDate",
    "GenderCurrent",
    "Sex",
    "Ethnicity",
    "Disability",
    "CINreferralDate",
    "ReferralSource",
    "ReferralNFA",
    "CINclosureDate",
    "ReasonForClosure",
    "DateOfInitialCPC",
    "AssessmentActualStartDate",
    "AssessmentAuthorisationDate",
    "CINPlanStartDate",
    "CINPlanEndDate",
    "S47ActualStartDate",
    "ICPCnotRequired",
    "CPPstartDate",
    "CPPendDate",
    "InitialCategoryOfAbuse",
    "NumberOfPreviousCPP",
];

/// Containers (no value of their own).
const CONTAINERS: &[&str] = &[
    "Message",
    "Header",
    "CollectionDetails",
    "Source",
    "Children",
    "Child",
    "ChildIdentifiers",
    "ChildCharacteristics",
    "Disabilities",
    "CINdetails",
    "Assessments",
    "FactorsIdentifiedAtAssessment",
    "CINPlanDates",
    "Section47",
    "ChildProtectionPlans",
    "Reviews",
    "PreProceedingsandFGDM",
];

/// Reads CIN census XML at `path`: one file, or a folder of `.xml` files
/// (one per census year). `la` names the LA (code or name, as the
/// population file); when `None`, each file's `Header/Source/LEA`.
pub fn read_path(la: Option<&str>, path: &Path) -> Result<CinCensusRead> {
    read_paths(la, &[path])
}

/// [`read_path`] for several files or folders (a census year each, given
/// one by one), stitched together as one history.
pub fn read_paths(la: Option<&str>, paths: &[&Path]) -> Result<CinCensusRead> {
    let io = Error::read;
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for &path in paths {
        if !path.is_dir() {
            files.push(path.to_path_buf());
            continue;
        }
        let mut names: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| io(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        names.sort();
        let before = files.len();
        for p in names {
            let xml = p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml"));
            let hidden = p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if xml && !hidden {
                files.push(p);
            } else {
                skipped.push(p);
            }
        }
        if files.len() == before {
            return Err(Error::not_input(
                path.display().to_string(),
                "no CIN census here: the folder holds no .xml file",
            ));
        }
    }
    let mut years = Vec::new();
    for (i, p) in files.iter().enumerate() {
        let f = std::fs::File::open(p).map_err(|e| io(p, e))?;
        let source = p.display().to_string();
        let mut y = read_one(la, &source, std::io::BufReader::new(f))?;
        y.order = i;
        years.push(y);
    }
    let mut read = stitch(years);
    for p in skipped {
        read.accounts.push(FileAccount {
            file: p.display().to_string(),
            kind: "not read: not an .xml file".into(),
            ..FileAccount::default()
        });
    }
    Ok(read)
}

/// Reads one census from text (`source` names it in messages).
pub fn read_str(la: Option<&str>, source: &str, xml: &str) -> Result<CinCensusRead> {
    Ok(stitch(vec![read_one(la, source, xml.as_bytes())?]))
}

/// One file's reading, before stitching.
struct Year {
    reference: Option<NaiveDate>,
    events: Events,
    account: FileAccount,
    /// Position in the order the files were given.
    order: usize,
}

/// Merges several censuses: the later census's version of a referral,
/// assessment, plan or S47 (keyed by child and start) wins; the earlier
/// census's copy is dropped (it is the same item, reported again).
fn stitch(mut years: Vec<Year>) -> CinCensusRead {
    // Latest first; files of the same date keep the order they were given
    // (a stable sort), so the first given wins among them.
    years.sort_by_key(|y| std::cmp::Reverse(y.reference));
    let mut out = CinCensusRead::default();
    let mut seen: Set<(&'static str, Arc<str>, Arc<str>, NaiveDate)> = Set::default();
    let mut children: crate::hashing::Map<(Arc<str>, Arc<str>), Child> = Default::default();
    // Only an item a later census already gave is dropped: copies within
    // one census stay, for the engine's duplicate rule (V06) to count.
    let mut this_year = Vec::new();
    macro_rules! keep {
        ($ev:ident, $sup:ident, $table:literal, $field:ident, $date:ident) => {
            for r in std::mem::take(&mut $ev.$field) {
                let key = ($table, r.la.clone(), r.child_id.clone(), r.$date);
                if !seen.contains(&key) {
                    this_year.push(key);
                    out.events.$field.push(r);
                } else {
                    *$sup.entry($table).or_default() += 1;
                }
            }
        };
    }
    let mut accounts = Vec::new();
    for mut y in years {
        seen.extend(this_year.drain(..));
        let mut superseded: std::collections::BTreeMap<&'static str, u64> = Default::default();
        let ev = &mut y.events;
        keep!(ev, superseded, "referrals", referrals, date);
        keep!(ev, superseded, "cin_episodes", cin_episodes, start);
        keep!(ev, superseded, "assessments", assessments, start);
        keep!(ev, superseded, "cin_plans", cin_plans, start);
        keep!(ev, superseded, "section47s", section47s, start);
        keep!(ev, superseded, "icpcs", icpcs, date);
        keep!(ev, superseded, "cp_plans", cp_plans, start);
        // In the order of TABLES, as the data-quality report lists them.
        for t in TABLES {
            if let Some(&n) = superseded.get(t) {
                y.account.cells.push(crate::quality::CellIssues {
                    rule: "C04: also in a later census (the later one is used)".into(),
                    column: (*t).to_string(),
                    expected: "each item once; a later census's version wins".into(),
                    total: n,
                    examples: Vec::new(),
                });
            }
        }
        for c in std::mem::take(&mut ev.children) {
            // The latest census's details of a child.
            children
                .entry((c.la.clone(), c.child_id.clone()))
                .or_insert(c);
        }
        for t in TABLES {
            out.coverage
                .supply(t, &format!("CIN census {}", y.account.file));
        }
        for f in NEVER {
            out.coverage
                .lack(f, &format!("CIN census {}", y.account.file));
        }
        accounts.push((y.order, y.account));
    }
    // Accounts in the order the files were given.
    accounts.sort_by_key(|a| a.0);
    out.accounts = accounts.into_iter().map(|(_, a)| a).collect();
    let mut children: Vec<Child> = children.into_values().collect();
    children.sort_by(|a, b| (&a.la, &a.child_id).cmp(&(&b.la, &b.child_id)));
    out.events.children = children;
    // Each table in a fixed order (child, date), whatever order the years came in.
    macro_rules! order {
        ($field:ident, $date:ident) => {
            out.events
                .$field
                .sort_by(|a, b| (&a.la, &a.child_id, a.$date).cmp(&(&b.la, &b.child_id, b.$date)));
        };
    }
    order!(referrals, date);
    order!(cin_episodes, start);
    order!(assessments, start);
    order!(cin_plans, start);
    order!(section47s, start);
    order!(icpcs, date);
    order!(cp_plans, start);
    out
}

/// One child's census record, as read so far.
#[derive(Default)]
struct ChildRec {
    id: Option<String>,
    line: usize,
    dob: Option<NaiveDate>,
    sex: Option<Arc<str>>,
    ethnicity: Option<Arc<str>>,
    disabilities: Vec<String>,
    details: Vec<Details>,
}

/// One `CINdetails`.
#[derive(Default)]
struct Details {
    line: usize,
    referral: Option<NaiveDate>,
    source: Option<Arc<str>>,
    nfa: Option<bool>,
    closure: Option<NaiveDate>,
    reason: Option<Arc<str>>,
    icpc: Option<NaiveDate>,
    assessments: Vec<(usize, Option<NaiveDate>, Option<NaiveDate>)>,
    plans: Vec<(usize, Option<NaiveDate>, Option<NaiveDate>)>,
    s47s: Vec<S47>,
    cpps: Vec<Cpp>,
}

#[derive(Default)]
struct S47 {
    line: usize,
    start: Option<NaiveDate>,
    icpc: Option<NaiveDate>,
    not_required: Option<bool>,
}

#[derive(Default)]
struct Cpp {
    line: usize,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    category: Option<Arc<str>>,
    previous: Option<u32>,
}

/// Reads one census file.
fn read_one<R: BufRead>(la: Option<&str>, source: &str, input: R) -> Result<Year> {
    let mut xml = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut line = 1usize;
    let mut account = FileAccount {
        file: source.to_string(),
        kind: "CIN census".into(),
        ..FileAccount::default()
    };
    let mut header_la: Option<String> = None;
    let mut reference: Option<NaiveDate> = None;
    let mut year: Option<String> = None;
    let mut child: Option<ChildRec> = None;
    let mut events = Events::default();
    let mut unused: Vec<String> = Vec::new();
    let mut la_arc: Option<Arc<str>> = None;
    let bad = |line: usize, what: &str| Error::Input {
        at: scorecard_core::Location::file(source).at_line(line),
        message: what.to_string(),
    };
    loop {
        let ev = xml
            .read_event_into(&mut buf)
            .map_err(|e| bad(line, &format!("not well-formed XML: {e}")))?;
        match ev {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                line += count_lines(e.as_bytes());
                if path.is_empty() && name != "Message" {
                    return Err(bad(
                        line,
                        &format!(
                            "this is not a CIN census: its root element is <{name}>, not <Message> (the DfE children in need census XML)"
                        ),
                    ));
                }
                text.clear();
                match name.as_str() {
                    "Child" if path.last().is_some_and(|p| p == "Children") => {
                        child = Some(ChildRec {
                            line,
                            ..ChildRec::default()
                        });
                    }
                    "CINdetails" => {
                        if let Some(c) = child.as_mut() {
                            c.details.push(Details {
                                line,
                                ..Details::default()
                            });
                        }
                    }
                    "Assessments" | "CINPlanDates" => {
                        if let Some(d) = child.as_mut().and_then(|c| c.details.last_mut()) {
                            let item = (line, None, None);
                            if name == "Assessments" {
                                d.assessments.push(item);
                            } else {
                                d.plans.push(item);
                            }
                        }
                    }
                    "Section47" => {
                        if let Some(d) = child.as_mut().and_then(|c| c.details.last_mut()) {
                            d.s47s.push(S47 {
                                line,
                                ..S47::default()
                            });
                        }
                    }
                    "ChildProtectionPlans" => {
                        if let Some(d) = child.as_mut().and_then(|c| c.details.last_mut()) {
                            d.cpps.push(Cpp {
                                line,
                                ..Cpp::default()
                            });
                        }
                    }
                    _ => {}
                }
                path.push(name);
            }
            Event::Empty(e) => {
                line += count_lines(e.as_bytes());
            }
            Event::Text(t) => {
                line += count_lines(t.as_bytes());
                text.push_str(&t);
            }
            Event::CData(t) => {
                line += count_lines(t.as_bytes());
                text.push_str(&t);
            }
            Event::GeneralRef(r) => {
                let name = r.into_inner();
                text.push_str(match &*name {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
                if let Some(n) = name.strip_prefix('#') {
                    let code = match n.strip_prefix('x') {
                        Some(h) => u32::from_str_radix(h, 16).ok(),
                        None => n.parse().ok(),
                    };
                    if let Some(c) = code.and_then(char::from_u32) {
                        text.push(c);
                    }
                }
            }
            Event::Comment(t) => line += count_lines(t.as_bytes()),
            Event::End(_) => {
                let Some(name) = path.pop() else { continue };
                let value = text.trim().to_string();
                text.clear();
                let parent = path.last().map(String::as_str).unwrap_or("");
                match (parent, name.as_str()) {
                    ("Source", "LEA") => header_la = Some(value.clone()),
                    ("CollectionDetails", "ReferenceDate") => reference = parse_day(&value),
                    ("CollectionDetails", "Year") => year = Some(value.clone()),
                    ("Children", "Child") => {
                        let Some(c) = child.take() else { continue };
                        let la = match &la_arc {
                            Some(a) => a.clone(),
                            None => {
                                let name = la.map(str::to_string).or_else(|| header_la.clone());
                                let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
                                    return Err(bad(
                                        c.line,
                                        "the file names no local authority (Header/Source/LEA is missing or empty): give the LA with --la",
                                    ));
                                };
                                let a: Arc<str> = name.trim().into();
                                la_arc = Some(a.clone());
                                a
                            }
                        };
                        account.read += 1;
                        finish_child(c, &la, &mut events, &mut account);
                    }
                    _ => {
                        if let Some(c) = child.as_mut() {
                            take_value(c, parent, &name, &value, line, &mut account, &mut unused);
                        } else if !CONTAINERS.contains(&name.as_str())
                            && !matches!(parent, "CollectionDetails" | "Source")
                            && !unused.contains(&name)
                        {
                            unused.push(name.clone());
                        }
                    }
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
        buf.clear();
    }
    if !path.is_empty() {
        return Err(bad(
            line,
            &format!(
                "the file ends inside <{}> (is it complete?)",
                path.join("/")
            ),
        ));
    }
    account.kind = format!(
        "CIN census {}",
        year.map(|y| format!("collection year {y}"))
            .or_else(|| reference.map(|r| format!("reference date {r}")))
            .unwrap_or_else(|| "(no collection year in the header)".into())
    );
    account.matched = USED
        .iter()
        .map(|u| ((*u).to_string(), "read".to_string()))
        .collect();
    account.unmatched = unused;
    Ok(Year {
        reference,
        events,
        account,
        order: 0,
    })
}

fn count_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// One element's value into the child being read.
fn take_value(
    c: &mut ChildRec,
    parent: &str,
    name: &str,
    value: &str,
    line: usize,
    account: &mut FileAccount,
    unused: &mut Vec<String>,
) {
    let mut date = |v: &str| -> Option<NaiveDate> {
        if v.is_empty() {
            return None;
        }
        let d = parse_day(v);
        if d.is_none() {
            account.cell_issue("C10: not a date", name, "a date as YYYY-MM-DD", line, v);
        }
        d
    };
    let text = |v: &str| (!v.is_empty()).then(|| Arc::<str>::from(v));
    if CONTAINERS.contains(&name) {
        return;
    }
    let detail = c.details.last_mut();
    match (parent, name) {
        ("ChildIdentifiers", "LAchildID") => c.id = Some(value.to_string()),
        ("ChildIdentifiers", "PersonBirthDate") => c.dob = date(value),
        ("ChildIdentifiers", "GenderCurrent" | "Sex") => {
            c.sex = match value.to_ascii_uppercase().as_str() {
                "" => None,
                "1" | "M" => Some("Male".into()),
                "2" | "F" => Some("Female".into()),
                "0" | "9" | "U" => Some("Not stated".into()),
                _ => {
                    account.cell_issue(
                        "C11: value not in the census codes",
                        name,
                        "1 or M (male), 2 or F (female), 0, 9 or U (not known)",
                        line,
                        value,
                    );
                    None
                }
            }
        }
        ("ChildCharacteristics", "Ethnicity") => c.ethnicity = text(value),
        ("Disabilities", "Disability") => {
            if !value.is_empty() {
                c.disabilities.push(value.to_ascii_uppercase());
            }
        }
        ("CINdetails", f) => {
            let Some(d) = detail else { return };
            match f {
                "CINreferralDate" => d.referral = date(value),
                "ReferralSource" => d.source = text(value),
                "ReferralNFA" => d.nfa = yes_no(value, name, line, account),
                "CINclosureDate" => d.closure = date(value),
                "ReasonForClosure" => d.reason = text(value),
                "DateOfInitialCPC" => d.icpc = date(value),
                _ => note_unused(unused, name),
            }
        }
        ("Assessments", f) => {
            let Some(a) = detail.and_then(|d| d.assessments.last_mut()) else {
                return;
            };
            match f {
                "AssessmentActualStartDate" => a.1 = date(value),
                "AssessmentAuthorisationDate" => a.2 = date(value),
                _ => note_unused(unused, name),
            }
        }
        ("CINPlanDates", f) => {
            let Some(p) = detail.and_then(|d| d.plans.last_mut()) else {
                return;
            };
            match f {
                "CINPlanStartDate" => p.1 = date(value),
                "CINPlanEndDate" => p.2 = date(value),
                _ => note_unused(unused, name),
            }
        }
        ("Section47", f) => {
            let Some(s) = detail.and_then(|d| d.s47s.last_mut()) else {
                return;
            };
            match f {
                "S47ActualStartDate" => s.start = date(value),
                "DateOfInitialCPC" => s.icpc = date(value),
                "ICPCnotRequired" => s.not_required = yes_no(value, name, line, account),
                _ => note_unused(unused, name),
            }
        }
        ("ChildProtectionPlans", f) => {
            let Some(p) = detail.and_then(|d| d.cpps.last_mut()) else {
                return;
            };
            match f {
                "CPPstartDate" => p.start = date(value),
                "CPPendDate" => p.end = date(value),
                "InitialCategoryOfAbuse" => p.category = text(value),
                "NumberOfPreviousCPP" => {
                    p.previous = if value.is_empty() {
                        None
                    } else {
                        let n = value.parse().ok();
                        if n.is_none() {
                            account.cell_issue(
                                "C11: value not in the census codes",
                                name,
                                "a whole number",
                                line,
                                value,
                            );
                        }
                        n
                    }
                }
                _ => note_unused(unused, name),
            }
        }
        _ => note_unused(unused, name),
    }
}

fn note_unused(unused: &mut Vec<String>, name: &str) {
    if !unused.iter().any(|u| u == name) {
        unused.push(name.to_string());
    }
}

/// The census's booleans: `true`/`false`, `1`/`0` (and Y/N, as some
/// systems write them).
fn yes_no(value: &str, name: &str, line: usize, account: &mut FileAccount) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "" => None,
        "true" | "1" | "y" | "yes" => Some(true),
        "false" | "0" | "n" | "no" => Some(false),
        _ => {
            account.cell_issue(
                "C11: value not in the census codes",
                name,
                "true or false (1 or 0)",
                line,
                value,
            );
            None
        }
    }
}

/// Turns one child's record into events, counting what is left out.
fn finish_child(c: ChildRec, la: &Arc<str>, ev: &mut Events, account: &mut FileAccount) {
    let Some(id) = c.id.as_deref().and_then(super::annex_a::clean_id) else {
        account.exclude("C01: a child with no LAchildID");
        account.cell_issue(
            "C01: a child with no LAchildID",
            "LAchildID",
            "the LA's child id",
            c.line,
            c.id.as_deref().unwrap_or(""),
        );
        return;
    };
    account.used += 1;
    let child_id: Arc<str> = id.into();
    let disability = if c.disabilities.is_empty() {
        None
    } else {
        Some(c.disabilities.iter().any(|d| d != "NONE"))
    };
    ev.children.push(Child {
        la: la.clone(),
        child_id: child_id.clone(),
        date_of_birth: c.dob,
        sex: c.sex,
        ethnicity: c.ethnicity,
        disability,
    });
    fn widen(account: &mut FileAccount, d: NaiveDate) {
        account.dates = Some(match account.dates {
            None => (d, d),
            Some((a, b)) => (a.min(d), b.max(d)),
        });
    }
    for d in c.details {
        match d.referral {
            Some(date) => {
                widen(account, date);
                ev.referrals.push(Referral {
                    la: la.clone(),
                    child_id: child_id.clone(),
                    date,
                    source: d.source.clone(),
                    nfa: d.nfa,
                    decision_date: None,
                });
                ev.cin_episodes.push(CinEpisode {
                    la: la.clone(),
                    child_id: child_id.clone(),
                    start: date,
                    end: d.closure,
                    closure_reason: d.reason.clone(),
                });
            }
            None => account.cell_issue(
                "C02: a CINdetails with no CINreferralDate (its referral and episode left out)",
                "CINreferralDate",
                "a date as YYYY-MM-DD",
                d.line,
                "",
            ),
        }
        let missing = |account: &mut FileAccount, what: &str, line: usize| {
            account.cell_issue(
                "C03: an item without its start date (left out)",
                what,
                "a date as YYYY-MM-DD",
                line,
                "",
            );
        };
        for (line, start, authorised) in d.assessments {
            match start {
                Some(start) => ev.assessments.push(Assessment {
                    la: la.clone(),
                    child_id: child_id.clone(),
                    start,
                    authorised,
                    outcome: None,
                }),
                None => missing(account, "AssessmentActualStartDate", line),
            }
        }
        for (line, start, end) in d.plans {
            match start {
                Some(start) => ev.cin_plans.push(CinPlan {
                    la: la.clone(),
                    child_id: child_id.clone(),
                    start,
                    end,
                }),
                None => missing(account, "CINPlanStartDate", line),
            }
        }
        // The census records no attendance and no outcome of a conference.
        let conference = |date: NaiveDate, s47_start: Option<NaiveDate>| Icpc {
            la: la.clone(),
            child_id: child_id.clone(),
            date,
            s47_start,
            plan_made: None,
            police_attended: None,
            health_attended: None,
            education_attended: None,
        };
        let s47_conference = d.s47s.iter().any(|s| s.icpc.is_some());
        for s in d.s47s {
            let Some(start) = s.start else {
                missing(account, "S47ActualStartDate", s.line);
                continue;
            };
            let icpc_required = super::icpc_required(s.icpc, s.not_required);
            ev.section47s.push(Section47 {
                la: la.clone(),
                child_id: child_id.clone(),
                start,
                icpc_required,
            });
            if let Some(date) = s.icpc {
                ev.icpcs.push(conference(date, Some(start)));
            }
        }
        if let (Some(date), false) = (d.icpc, s47_conference) {
            ev.icpcs.push(conference(date, None));
        }
        for p in d.cpps {
            match p.start {
                Some(start) => ev.cp_plans.push(CpPlan {
                    la: la.clone(),
                    child_id: child_id.clone(),
                    start,
                    end: p.end,
                    initial_category: p.category,
                    previous_plans: p.previous,
                }),
                None => missing(account, "CPPstartDate", p.line),
            }
        }
    }
}

/// Writes the events of one LA as a CIN census XML file (for tests and
/// synthetic councils): one `Child` per child with any referral,
/// assessment, S47, conference, CIN plan or CP plan; one `CINdetails` per
/// referral (closed by the CIN episode starting that day, if any), each
/// other item in the `CINdetails` of the child's latest referral on or
/// before it (else the first). What the census cannot carry (assessment
/// outcomes, attendance at conferences, referral decisions) is not written.
pub fn write_xml(events: &Events, lea: &str, reference: NaiveDate) -> String {
    use std::collections::BTreeMap;
    use std::fmt::Write;
    fn esc(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }
    #[derive(Default)]
    struct Out<'a> {
        referrals: Vec<&'a Referral>,
        items: Vec<(NaiveDate, String)>,
    }
    let mut by_child: BTreeMap<&str, Out<'_>> = BTreeMap::new();
    for r in &events.referrals {
        by_child.entry(&r.child_id).or_default().referrals.push(r);
    }
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let opt = |tag: &str, d: Option<NaiveDate>| {
        d.map(|d| format!("<{tag}>{}</{tag}>", d.format("%Y-%m-%d")))
            .unwrap_or_default()
    };
    for a in &events.assessments {
        let x = format!(
            "<Assessments><AssessmentActualStartDate>{}</AssessmentActualStartDate>{}</Assessments>",
            day(a.start),
            opt("AssessmentAuthorisationDate", a.authorised)
        );
        by_child
            .entry(&a.child_id)
            .or_default()
            .items
            .push((a.start, x));
    }
    for p in &events.cin_plans {
        let x = format!(
            "<CINPlanDates><CINPlanStartDate>{}</CINPlanStartDate>{}</CINPlanDates>",
            day(p.start),
            opt("CINPlanEndDate", p.end)
        );
        by_child
            .entry(&p.child_id)
            .or_default()
            .items
            .push((p.start, x));
    }
    // A conference goes with the S47 it followed; one with no S47 of its
    // child is written with an S47 starting on its recorded start.
    let mut used_icpc = vec![false; events.icpcs.len()];
    let mut icpcs_of: BTreeMap<(&str, NaiveDate), Vec<usize>> = BTreeMap::new();
    for (i, c) in events.icpcs.iter().enumerate() {
        if let Some(s) = c.s47_start {
            icpcs_of.entry((&c.child_id, s)).or_default().push(i);
        }
    }
    for s in &events.section47s {
        let icpc = icpcs_of
            .get(&(&*s.child_id, s.start))
            .and_then(|v| v.iter().copied().find(|i| !used_icpc[*i]));
        let date = icpc.map(|i| {
            used_icpc[i] = true;
            events.icpcs[i].date
        });
        let not_required = match s.icpc_required {
            Some(false) => "<ICPCnotRequired>true</ICPCnotRequired>",
            Some(true) => "<ICPCnotRequired>false</ICPCnotRequired>",
            None => "",
        };
        let x = format!(
            "<Section47><S47ActualStartDate>{}</S47ActualStartDate>{}{}</Section47>",
            day(s.start),
            opt("DateOfInitialCPC", date),
            not_required
        );
        by_child
            .entry(&s.child_id)
            .or_default()
            .items
            .push((s.start, x));
    }
    for (i, c) in events.icpcs.iter().enumerate() {
        if used_icpc[i] {
            continue;
        }
        let x = match c.s47_start {
            Some(s) => format!(
                "<Section47><S47ActualStartDate>{}</S47ActualStartDate><DateOfInitialCPC>{}</DateOfInitialCPC></Section47>",
                day(s),
                day(c.date)
            ),
            None => format!("<DateOfInitialCPC>{}</DateOfInitialCPC>", day(c.date)),
        };
        let at = c.s47_start.unwrap_or(c.date);
        by_child.entry(&c.child_id).or_default().items.push((at, x));
    }
    for p in &events.cp_plans {
        let mut x = format!(
            "<ChildProtectionPlans><CPPstartDate>{}</CPPstartDate>{}",
            day(p.start),
            opt("CPPendDate", p.end)
        );
        if let Some(c) = &p.initial_category {
            let _ = write!(
                x,
                "<InitialCategoryOfAbuse>{}</InitialCategoryOfAbuse>",
                esc(c)
            );
        }
        if let Some(n) = p.previous_plans {
            let _ = write!(x, "<NumberOfPreviousCPP>{n}</NumberOfPreviousCPP>");
        }
        x.push_str("</ChildProtectionPlans>");
        by_child
            .entry(&p.child_id)
            .or_default()
            .items
            .push((p.start, x));
    }
    let episodes: BTreeMap<(&str, NaiveDate), &CinEpisode> = events
        .cin_episodes
        .iter()
        .rev()
        .map(|e| ((&*e.child_id, e.start), e))
        .collect();
    let children: BTreeMap<&str, &Child> =
        events.children.iter().map(|c| (&*c.child_id, c)).collect();
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Message>\n<Header><CollectionDetails><Collection>CIN</Collection><Year>{}</Year><ReferenceDate>{}</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>{}</LEA></Source></Header>\n<Children>\n",
        reference.format("%Y"),
        day(reference),
        esc(lea)
    );
    for (id, mut out) in by_child {
        out.referrals.sort_by_key(|r| r.date);
        let _ = write!(
            xml,
            "<Child><ChildIdentifiers><LAchildID>{}</LAchildID>",
            esc(id)
        );
        if let Some(c) = children.get(id) {
            let _ = write!(xml, "{}", opt("PersonBirthDate", c.date_of_birth));
            let sex = match c.sex.as_deref() {
                Some("Male") => "M",
                Some("Female") => "F",
                Some(_) => "U",
                None => "",
            };
            if !sex.is_empty() {
                let _ = write!(xml, "<Sex>{sex}</Sex>");
            }
        }
        xml.push_str("</ChildIdentifiers>");
        if let Some(e) = children.get(id).and_then(|c| c.ethnicity.as_deref()) {
            let _ = write!(
                xml,
                "<ChildCharacteristics><Ethnicity>{}</Ethnicity></ChildCharacteristics>",
                esc(e)
            );
        }
        // Each item into the details of the latest referral on or before it.
        let n = out.referrals.len().max(1);
        let mut details: Vec<String> = vec![String::new(); n];
        for (at, x) in &out.items {
            let k = out
                .referrals
                .iter()
                .rposition(|r| r.date <= *at)
                .unwrap_or(0);
            details[k].push_str(x);
        }
        for (k, body) in details.iter().enumerate() {
            xml.push_str("<CINdetails>");
            if let Some(r) = out.referrals.get(k) {
                let _ = write!(xml, "<CINreferralDate>{}</CINreferralDate>", day(r.date));
                if let Some(s) = &r.source {
                    let _ = write!(xml, "<ReferralSource>{}</ReferralSource>", esc(s));
                }
                if let Some(nfa) = r.nfa {
                    let _ = write!(xml, "<ReferralNFA>{nfa}</ReferralNFA>");
                }
                let episode = episodes.get(&(&*r.child_id, r.date));
                if let Some(e) = episode {
                    let _ = write!(xml, "{}", opt("CINclosureDate", e.end));
                    if let Some(reason) = &e.closure_reason {
                        let _ = write!(xml, "<ReasonForClosure>{}</ReasonForClosure>", esc(reason));
                    }
                }
            }
            xml.push_str(body);
            xml.push_str("</CINdetails>");
        }
        xml.push_str("</Child>\n");
    }
    xml.push_str("</Children>\n</Message>\n");
    xml
}
