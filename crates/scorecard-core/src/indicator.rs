//! What an indicator is: its ref, section, unit, polarity, period basis,
//! definition and data source.
//!
//! Indicators are data, not code: they are read from the catalogue (see
//! [`crate::catalogue`]) and a council can add its own.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The six sections of the scorecard, in published order.
///
/// ```
/// use scorecard_core::Section;
/// assert_eq!(Section::ChildInNeed.code(), "CIN");
/// assert_eq!("CF".parse::<Section>().unwrap(), Section::CaredFor);
/// assert!(Section::FrontDoor < Section::Workforce);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Section {
    /// FD: contacts, MASH, referrals to social care.
    FrontDoor,
    /// EH: early help episodes and assessments.
    EarlyHelp,
    /// CIN: referrals, assessments, strategy discussions, section 47s, plans.
    ChildInNeed,
    /// CF: children looked after ("cared for") and care leavers.
    CaredFor,
    /// SG: safeguarding: conferences, reviews, education.
    Safeguarding,
    /// WF: social work workforce and caseloads.
    Workforce,
}

impl Section {
    /// All sections in published order.
    pub const ALL: [Section; 6] = [
        Section::FrontDoor,
        Section::EarlyHelp,
        Section::ChildInNeed,
        Section::CaredFor,
        Section::Safeguarding,
        Section::Workforce,
    ];

    /// The short code used in refs: FD, EH, CIN, CF, SG, WF.
    pub fn code(self) -> &'static str {
        match self {
            Section::FrontDoor => "FD",
            Section::EarlyHelp => "EH",
            Section::ChildInNeed => "CIN",
            Section::CaredFor => "CF",
            Section::Safeguarding => "SG",
            Section::Workforce => "WF",
        }
    }

    /// The heading as printed.
    pub fn name(self) -> &'static str {
        match self {
            Section::FrontDoor => "Front Door",
            Section::EarlyHelp => "Early Help",
            Section::ChildInNeed => "Child in Need",
            Section::CaredFor => "Cared For",
            Section::Safeguarding => "Safeguarding",
            Section::Workforce => "Workforce",
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Section {
    type Err = Error;
    /// Accepts the code (`CIN`) or the snake-case name (`child_in_need`).
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        Section::ALL
            .into_iter()
            .find(|sec| {
                t.eq_ignore_ascii_case(sec.code())
                    || t.eq_ignore_ascii_case(&sec.name().to_ascii_lowercase().replace(' ', "_"))
            })
            .ok_or_else(|| Error::parse("section", s, "one of FD, EH, CIN, CF, SG, WF"))
    }
}

impl TryFrom<String> for Section {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Error> {
        s.parse()
    }
}

impl From<Section> for String {
    fn from(s: Section) -> String {
        s.code().to_string()
    }
}

/// What an indicator's values measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A whole number (children, events, cases).
    Count,
    /// A percentage, held in percent (86.3 for 86.3%).
    Percent,
    /// A rate per 10,000 children aged 0–17 (ONS mid-year estimate).
    #[serde(rename = "rate_per_10k")]
    RatePer10k,
    /// An average (e.g. a caseload per worker).
    Average,
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Higher values are better (e.g. timeliness).
    HigherIsBetter,
    /// Lower values are better (e.g. re-referrals, agency staff).
    LowerIsBetter,
    /// Values inside a target band are best; both directions away are worse.
    WithinBand,
    /// No direction is better in itself (volumes, demand); shown for context.
    Contextual,
}

/// The period a monthly value covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodBasis {
    /// Events in the calendar month.
    InMonth,
    /// Events from 1 April of the financial year to the end of the month.
    YearToDate,
    /// Events in the 12 calendar months up to and including the month.
    #[serde(rename = "rolling_12_months")]
    Rolling12Months,
    /// Children or cases open on the last day of the month.
    MonthEndSnapshot,
    /// The financial quarter (reported against one month of it).
    Quarterly,
}

/// Whether the engine computes an indicator from case-level events or it
/// arrives as a supplied aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Derivation {
    /// Computed from case-level data (Annex A, SSDA903, canonical events).
    Derived,
    /// Supplied as an aggregate (`la,ref,period,value[,numerator,denominator]`).
    Supplied,
}

/// Where an indicator's data comes from.
///
/// Written in the catalogue as text: `Annex A List 4`, `SSDA903 episodes`,
/// `canonical social_worker_allocations`, `supplied aggregate`.
///
/// ```
/// use scorecard_core::DataSource;
/// let s: DataSource = "Annex A List 4".parse().unwrap();
/// assert_eq!(s, DataSource::AnnexA(4));
/// assert_eq!(s.to_string(), "Annex A List 4");
/// assert!("Annex A List 12".parse::<DataSource>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DataSource {
    /// An Ofsted Annex A list, 1–11.
    AnnexA(u8),
    /// An SSDA903 table (header, episodes, reviews, missing, oc2, oc3,
    /// uasc, ad1, placed_adoption, prev_perm, sw_episodes).
    Ssda903(String),
    /// A table of the canonical event model that Annex A does not carry
    /// (e.g. `mash_screenings`, `social_worker_allocations`).
    Canonical(String),
    /// A supplied aggregate (not derivable from case-level data).
    Supplied,
}

/// SSDA903 tables a catalogue may name.
pub const SSDA903_TABLES: [&str; 11] = [
    "header",
    "episodes",
    "reviews",
    "missing",
    "oc2",
    "oc3",
    "uasc",
    "ad1",
    "placed_adoption",
    "prev_perm",
    "sw_episodes",
];

impl fmt::Display for DataSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataSource::AnnexA(n) => write!(f, "Annex A List {n}"),
            DataSource::Ssda903(t) => write!(f, "SSDA903 {t}"),
            DataSource::Canonical(t) => write!(f, "canonical {t}"),
            DataSource::Supplied => f.write_str("supplied aggregate"),
        }
    }
}

impl FromStr for DataSource {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let err = || {
            Error::parse(
                "data source",
                s,
                "`Annex A List N` (1-11), `SSDA903 TABLE`, `canonical TABLE` or `supplied aggregate`",
            )
        };
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        if lower == "supplied aggregate" || lower == "supplied" {
            return Ok(DataSource::Supplied);
        }
        if let Some(n) = lower.strip_prefix("annex a list ") {
            let n: u8 = n.trim().parse().map_err(|_| err())?;
            return if (1..=11).contains(&n) {
                Ok(DataSource::AnnexA(n))
            } else {
                Err(err())
            };
        }
        if let Some(table) = lower.strip_prefix("ssda903 ") {
            let table = table.trim();
            return if SSDA903_TABLES.contains(&table) {
                Ok(DataSource::Ssda903(table.to_string()))
            } else {
                Err(err())
            };
        }
        if let Some(table) = lower.strip_prefix("canonical ") {
            let table = table.trim();
            let ok = !table.is_empty()
                && table
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit());
            return if ok {
                Ok(DataSource::Canonical(table.to_string()))
            } else {
                Err(err())
            };
        }
        Err(err())
    }
}

impl TryFrom<String> for DataSource {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Error> {
        s.parse()
    }
}

impl From<DataSource> for String {
    fn from(s: DataSource) -> String {
        s.to_string()
    }
}

/// How an indicator is defined: what is counted, out of what, against which
/// timescale, following which official definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// What is counted (the numerator of a percentage or rate, or the count).
    pub numerator: String,
    /// What it is out of, for percentages, rates and averages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<String>,
    /// A timescale in working days (45 for assessments, 15 for ICPCs, 20
    /// for initial health assessments), counted as in
    /// [`crate::calendar`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timescale_working_days: Option<u32>,
    /// A timescale in hours (72 for a MASH screening or a return home
    /// interview); the engine computes against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timescale_hours: Option<u32>,
    /// A timescale in calendar days (28 between visits to a child on a
    /// plan, 42 to a looked-after child); the engine computes against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timescale_days: Option<u32>,
    /// A timescale in words, for the reader (e.g. "72 hours from return",
    /// "28 calendar days up to month end").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timescale_other: Option<String>,
    /// The official definition followed (DfE CIN census, SSDA903 guidance,
    /// Ofsted Annex A, Working Together), or "local definition".
    pub follows: String,
}

/// One indicator of the scorecard.
///
/// ```
/// use scorecard_core::{Catalogue, Unit, Polarity, PeriodBasis, Section};
/// let cat = Catalogue::builtin();
/// let cin8 = cat.get("CIN8").unwrap();
/// assert_eq!(cin8.section, Section::ChildInNeed);
/// assert_eq!(cin8.unit, Unit::Percent);
/// assert_eq!(cin8.polarity, Polarity::HigherIsBetter);
/// assert_eq!(cin8.basis, PeriodBasis::InMonth);
/// assert_eq!(cin8.definition.timescale_working_days, Some(45));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// The ref, e.g. `CIN8`; unique in a catalogue.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The title as printed on the scorecard.
    pub title: String,
    /// Section.
    pub section: Section,
    /// Unit of the values.
    pub unit: Unit,
    /// Which way is better.
    pub polarity: Polarity,
    /// The period each monthly value covers.
    pub basis: PeriodBasis,
    /// Decimal places shown.
    pub precision: u32,
    /// Where the data comes from.
    pub source: DataSource,
    /// Derived from case-level data or supplied.
    pub derivation: Derivation,
    /// True where the ref's definition was reconstructed because the
    /// published source lost it (CF1–CF18, SG16–SG20).
    #[serde(default)]
    pub reconstructed: bool,
    /// Notes: what was reconstructed and from what; data caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The definition.
    pub definition: Definition,
}
