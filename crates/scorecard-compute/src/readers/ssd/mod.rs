//! # The Standard Safeguarding Dataset (SSD)
//!
//! Data to Insight's SSD is a standard extract of a council's case
//! management system: one table per subject (`ssd_person`,
//! `ssd_cin_episodes`, `ssd_cp_plans`, ...) with the SSD's own field names
//! (`data_objects_specification.csv` in the SSD repository lists them). LAs
//! deploy it in their own database; this reader takes it
//!
//! * from a folder of extracts, one file per table named after it
//!   (`ssd_person.csv`, `ssd_cin_episodes.parquet`; case and a prefix such
//!   as `LA_` do not matter), with [`read_dir`], or
//! * straight from a PostgreSQL database, with
//!   `read_postgres` (cargo feature
//!   `postgres`), reading only the columns below.
//!
//! Both give the same [`SsdTable`]s to one mapping, so a database and its
//! extract give the same figures.
//!
//! | SSD table: fields | event |
//! |---|---|
//! | `ssd_person`: `pers_person_id`, `pers_dob`, `pers_sex` (else `pers_gender`), `pers_ethnicity`; `ssd_disability`: `disa_disability_code` | `children` (`NONE` = not disabled) |
//! | `ssd_contacts`: `cont_contact_date`, `cont_contact_source_code`, `cont_contact_outcome_json` | `contacts` |
//! | `ssd_early_help_episodes`: `earl_episode_start_date`, `earl_episode_end_date`, `earl_episode_end_reason` | `early_help_episodes` |
//! | `ssd_cin_episodes`: `cine_referral_date`, `cine_referral_source_code`, `cine_referral_nfa`, `cine_close_date`, `cine_close_reason` | `referrals` and `cin_episodes` (one per referral, as in the CIN census) |
//! | `ssd_cin_assessments`: `cina_assessment_start_date`, `cina_assessment_auth_date` | `assessments` |
//! | `ssd_s47_enquiry`: `s47e_s47_start_date`, `s47e_s47_outcome_json` (`CP_CONFERENCE_FLAG`) | `section47s` |
//! | `ssd_initial_cp_conference`: `icpc_icpc_date`, `icpc_s47_enquiry_id`, `icpc_icpc_outcome_cp_flag` | `icpcs` (with the S47's start) |
//! | `ssd_cin_plans`: `cinp_cin_plan_start_date`, `cinp_cin_plan_end_date` | `cin_plans` |
//! | `ssd_cp_plans`: `cppl_cp_plan_start_date`, `cppl_cp_plan_end_date`, `cppl_cp_plan_initial_category` | `cp_plans` |
//! | `ssd_cp_visits`: `cppv_cp_visit_date`; `ssd_cp_reviews`: `cppr_cp_review_due`, `cppr_cp_review_date` | `cp_visits`, `cp_reviews` |
//! | `ssd_cla_episodes`: `clae_cla_episode_start_date`, `_start_reason`, `_ceased_date`, `_ceased_reason`, `clae_cla_placement_id`, `clae_cla_id`; `ssd_cla_placement`: `clap_cla_placement_type`, `_provider` (by placement id, else the placement open at the episode's start); `ssd_legal_status`: `lega_legal_status` open at the episode's start | `cla_episodes` |
//! | `ssd_cla_visits`: `clav_cla_visit_date`; `ssd_cla_reviews`: `clar_cla_review_due_date`, `clar_cla_review_date`, `clar_cla_review_cancelled` (by `clar_cla_id`) | `cla_visits`, `cla_reviews` |
//! | `ssd_cla_health`: `clah_health_check_type`, `clah_health_check_date`, `clah_health_check_status` | `health_checks` |
//! | `ssd_missing`: `miss_missing_episode_start_date`, `_end_date` | `missing_episodes` (the SSD's return interview fields are flags, not dates: CIN22 and CIN23 have no data from it) |
//! | `ssd_care_leavers`: `clea_care_leaver_latest_contact`, `_in_touch`, `_activity`, `_accom_suitable`, `clea_pathway_plan_review_date` | `care_leaver_contacts`, `pathway_plan_reviews` |
//! | `ssd_involvements`: `invo_professional_id`, `invo_involvement_start_date`, `_end_date`, `invo_professional_role_id` (social work roles), `invo_professional_team` | `social_worker_allocations` (WF5), `team_allocations` (`--by team`: the history) |
//!
//! The other SSD tables (`ssd_family`, `ssd_address`, `ssd_professionals`,
//! `ssd_permanence`, `ssd_sdq_scores`, ...) are read, counted and listed as
//! used by no indicator; a file that is no SSD table is listed as not
//! recognised with the headings seen.
//!
//! Values as extracts hold them: dates as ISO dates or date-times (or any
//! form [`parse_date`] takes), flags as
//! `Y`/`N`, `1`/`0`, `true`/`false`, codes with or without their description
//! (`C2 - Full care order`). Rules, counted per table in the data-quality
//! report (one bad value never stops a run; a table without its person id
//! or own date column does, naming the table and the headings seen):
//!
//! | id | rule | handling |
//! |---|---|---|
//! | D01 | no person id | the row left out |
//! | D02 | no value in the row's own date | the row left out |
//! | D03 | the row's own date is not a date | the row left out |
//! | D04 | another date is not a date | the field unknown |
//! | D05 | a value not in the field's code set | the field unknown |
//! | D06 | a CLA review whose `clar_cla_id` is in no `ssd_cla_episodes` row | the row left out |
//! | D07 | an involvement whose role is not social work | the row left out of WF5 |
//! | D08 | a health check whose status says it did not happen | the row left out |
//! | D09 | a table no scorecard indicator uses | counted |
//!
//! ```
//! use scorecard_compute::readers::ssd::{self, SsdTable};
//! let table = |name: &str, headings: &[&str], rows: &[&[&str]]| SsdTable::new(
//!     name, format!("{name}.csv"),
//!     headings.iter().map(|h| h.to_string()).collect(),
//!     rows.iter().map(|r| r.iter().map(|c| (!c.is_empty()).then(|| c.to_string())).collect()).collect(),
//! );
//! let read = ssd::read_tables("E08000008", vec![
//!     table("ssd_person", &["pers_person_id", "pers_dob", "pers_sex"], &[&["P1", "2015-03-27", "F"]]),
//!     table("ssd_cin_assessments", &["cina_person_id", "cina_assessment_start_date", "cina_assessment_auth_date"],
//!           &[&["P1", "2024-01-09 00:00:00", "2024-02-20"], &["", "2024-01-10", ""]]),
//! ]).unwrap();
//! assert_eq!(read.events.assessments.len(), 1);
//! assert_eq!(read.events.assessments[0].authorised, "2024-02-20".parse().ok());
//! let acc = read.accounts.iter().find(|a| a.file == "ssd_cin_assessments.csv").unwrap();
//! assert_eq!((acc.read, acc.used), (2, 1)); // the row without a person id is counted
//! assert!(read.coverage.has_table("assessments"));
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::coverage::Coverage;
use crate::error::{Error, Result};
use crate::events::*;
use crate::hashing::Map;
use crate::quality::FileAccount;
use crate::readers::annex_a::{clean_id, parse_date};

#[cfg(feature = "postgres")]
mod postgres;
mod write;

#[cfg(feature = "postgres")]
pub use postgres::read_postgres;
pub use write::{write_csv_dir, write_tables};

/// What reading the SSD gave: the events, one account per table (rows read
/// = used + excluded), and the tables and fields it supplied.
#[derive(Debug, Clone, Default)]
pub struct SsdRead {
    /// The events.
    pub events: Events,
    /// Every table or file read, and every file not recognised.
    pub accounts: Vec<FileAccount>,
    /// The tables and fields the SSD supplied.
    pub coverage: Coverage,
}

/// One SSD table as read from a file or a database, every cell as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SsdTable {
    name: String,
    origin: String,
    headings: Vec<String>,
    rows: Vec<Vec<Option<String>>>,
    first_line: usize,
}

impl SsdTable {
    /// The table `name` (`ssd_person`) from `origin` (a path, or the
    /// database and table), its `headings` and its `rows` (`None` for a
    /// null or empty cell). Rows are numbered from 2 in reports, as lines of
    /// a CSV file with a heading row.
    pub fn new(
        name: impl Into<String>,
        origin: impl Into<String>,
        headings: Vec<String>,
        rows: Vec<Vec<Option<String>>>,
    ) -> SsdTable {
        SsdTable {
            name: name.into(),
            origin: origin.into(),
            headings,
            rows,
            first_line: 2,
        }
    }

    /// Numbers reported rows from `line` (1 for database rows).
    pub fn first_line(mut self, line: usize) -> SsdTable {
        self.first_line = line;
        self
    }

    /// The SSD table name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// An SSD table the scorecard reads: its name and the fields it reads, the
/// person id first. `date` is the row's own date (a row without it is left
/// out), if it has one.
pub(crate) struct Used {
    pub(crate) name: &'static str,
    pub(crate) fields: &'static [&'static str],
    pub(crate) date: Option<&'static str>,
    /// The canonical tables it feeds.
    pub(crate) feeds: &'static [&'static str],
}

/// The SSD tables read, in the order they are mapped (a table another
/// joins to comes first).
pub(crate) const USED: &[Used] = &[
    Used {
        name: "ssd_person",
        fields: &[
            "pers_person_id",
            "pers_dob",
            "pers_sex",
            "pers_gender",
            "pers_ethnicity",
        ],
        date: None,
        feeds: &["children"],
    },
    Used {
        name: "ssd_disability",
        fields: &["disa_person_id", "disa_disability_code"],
        date: None,
        feeds: &[],
    },
    Used {
        name: "ssd_contacts",
        fields: &[
            "cont_person_id",
            "cont_contact_date",
            "cont_contact_source_code",
            "cont_contact_outcome_json",
        ],
        date: Some("cont_contact_date"),
        feeds: &["contacts"],
    },
    Used {
        name: "ssd_early_help_episodes",
        fields: &[
            "earl_person_id",
            "earl_episode_start_date",
            "earl_episode_end_date",
            "earl_episode_end_reason",
        ],
        date: Some("earl_episode_start_date"),
        feeds: &["early_help_episodes"],
    },
    Used {
        name: "ssd_cin_episodes",
        fields: &[
            "cine_person_id",
            "cine_referral_date",
            "cine_referral_source_code",
            "cine_referral_nfa",
            "cine_close_date",
            "cine_close_reason",
        ],
        date: Some("cine_referral_date"),
        feeds: &["referrals", "cin_episodes"],
    },
    Used {
        name: "ssd_cin_assessments",
        fields: &[
            "cina_person_id",
            "cina_assessment_start_date",
            "cina_assessment_auth_date",
        ],
        date: Some("cina_assessment_start_date"),
        feeds: &["assessments"],
    },
    Used {
        name: "ssd_s47_enquiry",
        fields: &[
            "s47e_person_id",
            "s47e_s47_start_date",
            "s47e_s47_enquiry_id",
            "s47e_s47_outcome_json",
        ],
        date: Some("s47e_s47_start_date"),
        feeds: &["section47s"],
    },
    Used {
        name: "ssd_initial_cp_conference",
        fields: &[
            "icpc_person_id",
            "icpc_icpc_date",
            "icpc_s47_enquiry_id",
            "icpc_icpc_outcome_cp_flag",
        ],
        date: Some("icpc_icpc_date"),
        feeds: &["icpcs"],
    },
    Used {
        name: "ssd_cin_plans",
        fields: &[
            "cinp_person_id",
            "cinp_cin_plan_start_date",
            "cinp_cin_plan_end_date",
        ],
        date: Some("cinp_cin_plan_start_date"),
        feeds: &["cin_plans"],
    },
    Used {
        name: "ssd_cp_plans",
        fields: &[
            "cppl_person_id",
            "cppl_cp_plan_start_date",
            "cppl_cp_plan_end_date",
            "cppl_cp_plan_initial_category",
        ],
        date: Some("cppl_cp_plan_start_date"),
        feeds: &["cp_plans"],
    },
    Used {
        name: "ssd_cp_visits",
        fields: &["cppv_person_id", "cppv_cp_visit_date"],
        date: Some("cppv_cp_visit_date"),
        feeds: &["cp_visits"],
    },
    Used {
        name: "ssd_cp_reviews",
        fields: &[
            "cppr_person_id",
            "cppr_cp_review_due",
            "cppr_cp_review_date",
        ],
        date: Some("cppr_cp_review_due"),
        feeds: &["cp_reviews"],
    },
    Used {
        name: "ssd_cla_placement",
        fields: &[
            "clap_person_id",
            "clap_cla_placement_start_date",
            "clap_cla_placement_id",
            "clap_cla_placement_end_date",
            "clap_cla_placement_type",
            "clap_cla_placement_provider",
        ],
        date: Some("clap_cla_placement_start_date"),
        feeds: &[],
    },
    Used {
        name: "ssd_legal_status",
        fields: &[
            "lega_person_id",
            "lega_legal_status_start_date",
            "lega_legal_status_end_date",
            "lega_legal_status",
        ],
        date: Some("lega_legal_status_start_date"),
        feeds: &[],
    },
    Used {
        name: "ssd_cla_episodes",
        fields: &[
            "clae_person_id",
            "clae_cla_episode_start_date",
            "clae_cla_episode_start_reason",
            "clae_cla_episode_ceased_date",
            "clae_cla_episode_ceased_reason",
            "clae_cla_placement_id",
            "clae_cla_id",
        ],
        date: Some("clae_cla_episode_start_date"),
        feeds: &["cla_episodes"],
    },
    Used {
        name: "ssd_cla_visits",
        fields: &["clav_person_id", "clav_cla_visit_date"],
        date: Some("clav_cla_visit_date"),
        feeds: &["cla_visits"],
    },
    Used {
        name: "ssd_cla_reviews",
        fields: &[
            "clar_cla_id",
            "clar_cla_review_due_date",
            "clar_cla_review_date",
            "clar_cla_review_cancelled",
        ],
        date: Some("clar_cla_review_due_date"),
        feeds: &["cla_reviews"],
    },
    Used {
        name: "ssd_cla_health",
        fields: &[
            "clah_person_id",
            "clah_health_check_date",
            "clah_health_check_type",
            "clah_health_check_status",
        ],
        date: Some("clah_health_check_date"),
        feeds: &["health_checks"],
    },
    Used {
        name: "ssd_missing",
        fields: &[
            "miss_person_id",
            "miss_missing_episode_start_date",
            "miss_missing_episode_end_date",
        ],
        date: Some("miss_missing_episode_start_date"),
        feeds: &["missing_episodes"],
    },
    Used {
        name: "ssd_care_leavers",
        fields: &[
            "clea_person_id",
            "clea_care_leaver_latest_contact",
            "clea_care_leaver_in_touch",
            "clea_care_leaver_activity",
            "clea_care_leaver_accom_suitable",
            "clea_pathway_plan_review_date",
        ],
        date: None,
        feeds: &["care_leaver_contacts", "pathway_plan_reviews"],
    },
    Used {
        name: "ssd_involvements",
        fields: &[
            "invo_person_id",
            "invo_involvement_start_date",
            "invo_professional_id",
            "invo_involvement_end_date",
            "invo_professional_role_id",
            "invo_professional_team",
        ],
        date: Some("invo_involvement_start_date"),
        feeds: &["social_worker_allocations", "team_allocations"],
    },
];

/// The SSD tables (specification of 2024-25) no scorecard indicator uses:
/// read, counted (D09) and listed.
pub(crate) const NOT_USED: &[&str] = &[
    "ssd_family",
    "ssd_address",
    "ssd_immigration_status",
    "ssd_mother",
    "ssd_assessment_factors",
    "ssd_cin_visits",
    "ssd_cla_convictions",
    "ssd_cla_immunisations",
    "ssd_cla_substance_misuse",
    "ssd_cla_previous_permanence",
    "ssd_cla_care_plan",
    "ssd_sdq_scores",
    "ssd_permanence",
    "ssd_professionals",
    "ssd_send",
    "ssd_ehcp_requests",
    "ssd_ehcp_assessment",
    "ssd_ehcp_named_plan",
    "ssd_ehcp_active_plans",
    "ssd_sen_need",
    "ssd_pre_proceedings",
    "ssd_voice_of_child",
    "ssd_linked_identifiers",
    "ssd_s251_finance",
    "ssd_department",
    "ssd_version_log",
    "ssd_api_data_staging",
];

/// The SSD table a file or database table named `stem` holds: the longest
/// known SSD name it contains (case ignored), so `LA_ssd_cla_episodes` is
/// `ssd_cla_episodes`, not `ssd_cla`.
pub(crate) fn table_of(stem: &str) -> Option<&'static str> {
    let lower = stem.to_ascii_lowercase();
    USED.iter()
        .map(|u| u.name)
        .chain(NOT_USED.iter().copied())
        .filter(|n| lower.ends_with(n))
        .max_by_key(|n| n.len())
}

/// Reads a folder of SSD extracts (see the module documentation): every
/// `.csv` and `.parquet` file, each listed with the table it holds or as not
/// recognised.
pub fn read_dir(la: &str, dir: &Path) -> Result<SsdRead> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::read(dir, e))?;
    let mut paths: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut tables = Vec::new();
    let mut others = Vec::new();
    for path in paths {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let origin = path.display().to_string();
        let (headings, rows) = match ext.as_str() {
            "csv" => read_csv(&path)?,
            "parquet" => crate::readers::parquet::read_text_table(&path)?,
            _ => {
                others.push(FileAccount {
                    file: origin,
                    kind: "not recognised: not a .csv or .parquet SSD extract".into(),
                    ..FileAccount::default()
                });
                continue;
            }
        };
        match table_of(&stem) {
            Some(name) => tables.push(SsdTable::new(name, origin, headings, rows)),
            None => others.push(FileAccount {
                file: origin,
                kind:
                    "not recognised: its name is no SSD table (ssd_person, ssd_cin_episodes, ...)"
                        .into(),
                read: rows.len() as u64,
                excluded: BTreeMap::from([(
                    "D00: not an SSD table".to_string(),
                    rows.len() as u64,
                )]),
                unmatched: headings,
                ..FileAccount::default()
            }),
        }
    }
    if tables.is_empty() {
        return Err(Error::not_input(
            dir.display().to_string(),
            "no SSD table here: expected files named after the SSD tables (ssd_person.csv, ssd_cin_episodes.csv, ...)",
        ));
    }
    let mut read = read_tables(la, tables)?;
    read.accounts.extend(others);
    Ok(read)
}

/// A CSV file's headings and rows, every cell as text (blank is `None`).
fn read_csv(path: &Path) -> Result<crate::readers::parquet::TextTable> {
    let text = crate::readers::text::read(path)?;
    let file = path.display().to_string();
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headings: Vec<String> = r
        .headers()
        .map_err(|e| Error::csv_record(&file, &e))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| Error::csv_record(&file, &e))?;
        rows.push(
            rec.iter()
                .map(|c| (!c.trim().is_empty()).then(|| c.to_string()))
                .collect(),
        );
    }
    Ok((headings, rows))
}

/// One table's rows with its columns found by name.
struct Rows {
    index: Map<&'static str, usize>,
    account: FileAccount,
}

impl Rows {
    fn cell<'r>(&self, row: &'r [Option<String>], field: &str) -> &'r str {
        self.index
            .get(field)
            .and_then(|i| row.get(*i))
            .and_then(|c| c.as_deref())
            .map(str::trim)
            .unwrap_or("")
    }

    fn has(&self, field: &str) -> bool {
        self.index.contains_key(field)
    }
}

/// Maps SSD tables (from files or a database) to events; see the module
/// documentation. Fails only for a table without its person id or own date
/// column, naming it and the headings seen.
pub fn read_tables(la: &str, tables: Vec<SsdTable>) -> Result<SsdRead> {
    let mut m = Mapper {
        la: la.into(),
        ids: Map::default(),
        ev: Events::default(),
        coverage: Coverage::new(),
        accounts: Vec::new(),
        s47_starts: Map::default(),
        cla_children: Map::default(),
        placements: Vec::new(),
        legal: Vec::new(),
        disabled: Map::default(),
    };
    let mut by_name: BTreeMap<String, Vec<SsdTable>> = BTreeMap::new();
    for t in tables {
        if NOT_USED.contains(&t.name.as_str()) {
            m.accounts.push(FileAccount {
                file: t.origin.clone(),
                kind: format!("SSD {} (read and counted)", t.name),
                read: t.rows.len() as u64,
                excluded: BTreeMap::from([(
                    format!("D09: {} is used by no scorecard indicator", t.name),
                    t.rows.len() as u64,
                )]),
                unmatched: t.headings.clone(),
                ..FileAccount::default()
            });
            continue;
        }
        by_name.entry(t.name.clone()).or_default().push(t);
    }
    for used in USED {
        for t in by_name.remove(used.name).unwrap_or_default() {
            m.table(used, &t)?;
        }
    }
    for (name, ts) in by_name {
        for t in ts {
            m.accounts.push(FileAccount {
                file: t.origin.clone(),
                kind: format!("not recognised: {name} is no SSD table"),
                read: t.rows.len() as u64,
                unmatched: t.headings.clone(),
                ..FileAccount::default()
            });
        }
    }
    Ok(m.finish())
}

/// The state of one mapping.
struct Mapper {
    la: Arc<str>,
    ids: Map<String, Arc<str>>,
    ev: Events,
    coverage: Coverage,
    accounts: Vec<FileAccount>,
    /// S47 id → its child and start, for conferences.
    s47_starts: Map<String, (Arc<str>, NaiveDate)>,
    /// CLA id → its child, for reviews.
    cla_children: Map<String, Arc<str>>,
    /// Placements: id, child, start, end, type, provider.
    placements: Vec<Placement>,
    /// Legal statuses: child, start, end, status.
    legal: Vec<Legal>,
    /// Disability codes seen per child: any but NONE means disabled.
    disabled: Map<Arc<str>, bool>,
}

/// A legal status: child, start, end, status.
type Legal = (Arc<str>, NaiveDate, Option<NaiveDate>, Arc<str>);

struct Placement {
    id: Option<String>,
    child: Arc<str>,
    start: NaiveDate,
    end: Option<NaiveDate>,
    kind: Option<Arc<str>>,
    provider: Option<Arc<str>>,
}

/// The cells of one row, with the account to note bad values in.
struct Row<'a, 't> {
    rows: &'a mut Rows,
    row: &'t [Option<String>],
    line: usize,
}

impl<'t> Row<'_, 't> {
    fn text(&self, field: &str) -> &'t str {
        self.rows.cell(self.row, field)
    }

    fn opt_text(&self, field: &str) -> Option<Arc<str>> {
        let t = self.text(field);
        (!t.is_empty()).then(|| Arc::from(t))
    }

    fn date(&mut self, field: &str) -> Option<NaiveDate> {
        let v = self.text(field);
        match parse_date(v) {
            Ok(d) => d,
            Err(_) => {
                self.rows.account.cell_issue(
                    "D04: not a date (the field is unknown)",
                    field,
                    "a date (YYYY-MM-DD, a date-time or dd/mm/yyyy)",
                    self.line,
                    v,
                );
                None
            }
        }
    }

    fn flag(&mut self, field: &str) -> Option<bool> {
        let v = self.text(field);
        let f = flag(v);
        if f.is_none() && !v.is_empty() {
            self.bad_code(field, "Y or N (also 1/0, true/false)", v);
        }
        f
    }

    /// A code, without its description (`C2 - Full care order` is `C2`,
    /// `a) U1` is `U1`), upper case.
    fn code(&self, field: &str) -> Option<Arc<str>> {
        code(self.text(field)).map(Arc::from)
    }

    fn bad_code(&mut self, field: &str, expected: &str, value: &str) {
        self.rows.account.cell_issue(
            "D05: value not in the field's codes (the field is unknown)",
            field,
            expected,
            self.line,
            value,
        );
    }
}

/// A yes/no flag as extracts write it.
fn flag(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" | "1" | "true" | "t" => Some(true),
        "n" | "no" | "0" | "false" | "f" => Some(false),
        _ => None,
    }
}

/// A code without its description, upper case; `None` when blank.
fn code(v: &str) -> Option<String> {
    let mut t = v.trim();
    // "a) U1": an option letter.
    if let Some((letter, rest)) = t.split_once(')')
        && letter.len() == 1
        && letter.chars().all(|c| c.is_ascii_alphabetic())
    {
        t = rest.trim();
    }
    if let Some((c, _)) = t.split_once(" - ") {
        t = c.trim();
    }
    (!t.is_empty()).then(|| t.to_ascii_uppercase())
}

impl Mapper {
    fn id(&mut self, raw: &str) -> Option<Arc<str>> {
        let id = clean_id(raw)?;
        if let Some(a) = self.ids.get(&id) {
            return Some(Arc::clone(a));
        }
        let a: Arc<str> = id.as_str().into();
        self.ids.insert(id, Arc::clone(&a));
        Some(a)
    }

    fn table(&mut self, used: &Used, t: &SsdTable) -> Result<()> {
        let mut index = Map::default();
        let mut matched = Vec::new();
        let mut unmatched = Vec::new();
        for (i, h) in t.headings.iter().enumerate() {
            let key = h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            match used.fields.iter().find(|f| **f == key) {
                Some(f) => {
                    index.entry(*f).or_insert(i);
                    matched.push((h.clone(), f.to_string()));
                }
                None => unmatched.push(h.clone()),
            }
        }
        let key_fields = std::iter::once(used.fields[0]).chain(used.date);
        for k in key_fields {
            if !index.contains_key(k) {
                return Err(Error::Input {
                    at: scorecard_core::Location::file(&t.origin).in_column(k.to_string()),
                    message: format!(
                        "{} needs a column {k}; the headings are {:?}",
                        t.name, t.headings
                    ),
                });
            }
        }
        let source = format!("SSD {} ({})", t.name, t.origin);
        for f in used.feeds {
            self.coverage.supply(f, &source);
        }
        let mut rows = Rows {
            index,
            account: FileAccount {
                file: t.origin.clone(),
                kind: format!("SSD {}", t.name),
                heading_row: (t.first_line > 1).then(|| t.first_line - 1),
                matched,
                unmatched,
                ..FileAccount::default()
            },
        };
        self.lacks(used, &rows, &source);
        for (i, row) in t.rows.iter().enumerate() {
            let line = t.first_line + i;
            rows.account.read += 1;
            let person = rows.cell(row, used.fields[0]).to_string();
            let child = if used.name == "ssd_cla_reviews" {
                match self.cla_children.get(person.as_str()) {
                    Some(c) => Some(Arc::clone(c)),
                    None if person.is_empty() => None,
                    None => {
                        rows.account
                            .exclude("D06: its clar_cla_id is in no ssd_cla_episodes row");
                        continue;
                    }
                }
            } else {
                self.id(&person)
            };
            let Some(child) = child else {
                rows.account.exclude("D01: no person id");
                rows.account.cell_issue(
                    "D01: no person id",
                    used.fields[0],
                    "a person id",
                    line,
                    &person,
                );
                continue;
            };
            let own = match used.date {
                None => None,
                Some(f) => {
                    let v = rows.cell(row, f);
                    match parse_date(v) {
                        Ok(Some(d)) => Some(d),
                        Ok(None) => {
                            rows.account.exclude(&format!("D02: no {f}"));
                            continue;
                        }
                        Err(_) => {
                            rows.account.exclude(&format!("D03: {f} is not a date"));
                            rows.account.cell_issue(
                                "D03: the row's own date is not a date (row left out)",
                                f,
                                "a date (YYYY-MM-DD, a date-time or dd/mm/yyyy)",
                                line,
                                v,
                            );
                            continue;
                        }
                    }
                }
            };
            if let Some(d) = own {
                rows.account.dates = Some(match rows.account.dates {
                    None => (d, d),
                    Some((a, b)) => (a.min(d), b.max(d)),
                });
            }
            let mut r = Row {
                rows: &mut rows,
                row,
                line,
            };
            if self.row(used.name, &mut r, child, own) {
                rows.account.used += 1;
            }
        }
        self.accounts.push(rows.account);
        Ok(())
    }

    /// The fields a table's missing columns leave unknown.
    fn lacks(&mut self, used: &Used, rows: &Rows, source: &str) {
        let lack = |c: &mut Coverage, column: &str, field: &str| {
            if !rows.has(column) {
                c.lack(field, source);
            }
        };
        let c = &mut self.coverage;
        match used.name {
            "ssd_contacts" => lack(c, "cont_contact_outcome_json", "contacts.outcome"),
            "ssd_cin_episodes" => {
                lack(c, "cine_close_reason", "cin_episodes.closure_reason");
                c.lack("referrals.decision_date", source);
            }
            "ssd_cin_assessments" => c.lack("assessments.outcome", source),
            "ssd_initial_cp_conference" => {
                for f in [
                    "icpcs.police_attended",
                    "icpcs.health_attended",
                    "icpcs.education_attended",
                ] {
                    c.lack(f, source);
                }
            }
            "ssd_missing" => {
                c.lack("missing_episodes.rhi_offered", source);
                c.lack("missing_episodes.rhi_completed", source);
            }
            "ssd_care_leavers" => {
                lack(
                    c,
                    "clea_care_leaver_in_touch",
                    "care_leaver_contacts.in_touch",
                );
                lack(
                    c,
                    "clea_care_leaver_activity",
                    "care_leaver_contacts.activity",
                );
            }
            _ => {}
        }
    }

    /// Maps one row; false when it was left out (and counted).
    fn row(
        &mut self,
        table: &str,
        r: &mut Row<'_, '_>,
        child: Arc<str>,
        own: Option<NaiveDate>,
    ) -> bool {
        let la = Arc::clone(&self.la);
        let ev = &mut self.ev;
        let date = own.unwrap_or(NaiveDate::MIN);
        match table {
            "ssd_person" => {
                let sex_field = if r.text("pers_sex").is_empty() {
                    "pers_gender"
                } else {
                    "pers_sex"
                };
                let v = r.text(sex_field).to_string();
                let sex = match v.to_ascii_lowercase().as_str() {
                    "" => None,
                    "m" | "1" | "male" => Some("Male".into()),
                    "f" | "2" | "female" => Some("Female".into()),
                    "u" | "0" | "9" | "i" | "not stated" | "not known" | "unknown"
                    | "indeterminate" => Some("Not stated".into()),
                    _ => {
                        r.bad_code(sex_field, "M, F or U (also 1, 2, 0, 9)", &v);
                        None
                    }
                };
                ev.children.push(Child {
                    la,
                    child_id: child,
                    date_of_birth: r.date("pers_dob"),
                    sex,
                    ethnicity: r.code("pers_ethnicity"),
                    disability: None,
                });
            }
            "ssd_disability" => {
                let Some(code) = r.code("disa_disability_code") else {
                    r.rows.account.exclude("D02: no disa_disability_code");
                    return false;
                };
                let d = self.disabled.entry(child).or_insert(false);
                *d |= &*code != "NONE";
            }
            "ssd_contacts" => {
                let v = r.text("cont_contact_outcome_json").to_string();
                let outcome = contact_outcome(&v);
                if outcome.is_none() && !v.is_empty() {
                    r.bad_code(
                        "cont_contact_outcome_json",
                        "JSON flags (NEW_REFERRAL_FLAG, NFA_FLAG, ...) or CIN Referral, EH Referral, Advice, NFA",
                        &v,
                    );
                }
                ev.contacts.push(Contact {
                    la,
                    child_id: child,
                    date,
                    source: r.code("cont_contact_source_code"),
                    outcome,
                    outcome_date: None,
                });
            }
            "ssd_early_help_episodes" => {
                let v = r.text("earl_episode_end_reason").to_ascii_lowercase();
                let end_reason = (!v.is_empty()).then(|| early_help_end(&v));
                ev.early_help_episodes.push(EarlyHelpEpisode {
                    la,
                    child_id: child,
                    start: date,
                    end: r.date("earl_episode_end_date"),
                    end_reason,
                });
            }
            "ssd_cin_episodes" => {
                ev.referrals.push(Referral {
                    la: Arc::clone(&la),
                    child_id: Arc::clone(&child),
                    date,
                    source: r.code("cine_referral_source_code"),
                    nfa: r.flag("cine_referral_nfa"),
                    decision_date: None,
                });
                ev.cin_episodes.push(CinEpisode {
                    la,
                    child_id: child,
                    start: date,
                    end: r.date("cine_close_date"),
                    closure_reason: r.code("cine_close_reason"),
                });
            }
            "ssd_cin_assessments" => ev.assessments.push(Assessment {
                la,
                child_id: child,
                start: date,
                authorised: r.date("cina_assessment_auth_date"),
                outcome: None,
            }),
            "ssd_s47_enquiry" => {
                let v = r.text("s47e_s47_outcome_json").to_string();
                let conference = json_flag(&v, "CP_CONFERENCE");
                if conference.is_none() && !v.is_empty() {
                    r.bad_code(
                        "s47e_s47_outcome_json",
                        "JSON with CP_CONFERENCE_FLAG Y or N",
                        &v,
                    );
                }
                let id = r.text("s47e_s47_enquiry_id");
                if !id.is_empty() {
                    self.s47_starts
                        .insert(id.to_string(), (Arc::clone(&child), date));
                }
                ev.section47s.push(Section47 {
                    la,
                    child_id: child,
                    start: date,
                    icpc_required: conference,
                });
            }
            "ssd_initial_cp_conference" => {
                let s47 = self
                    .s47_starts
                    .get(r.text("icpc_s47_enquiry_id"))
                    .filter(|(c, _)| *c == child)
                    .map(|(_, d)| *d);
                ev.icpcs.push(Icpc {
                    la,
                    child_id: child,
                    date,
                    s47_start: s47,
                    plan_made: r.flag("icpc_icpc_outcome_cp_flag"),
                    police_attended: None,
                    health_attended: None,
                    education_attended: None,
                });
            }
            "ssd_cin_plans" => ev.cin_plans.push(CinPlan {
                la,
                child_id: child,
                start: date,
                end: r.date("cinp_cin_plan_end_date"),
            }),
            "ssd_cp_plans" => ev.cp_plans.push(CpPlan {
                la,
                child_id: child,
                start: date,
                end: r.date("cppl_cp_plan_end_date"),
                initial_category: r.opt_text("cppl_cp_plan_initial_category"),
                previous_plans: None,
            }),
            "ssd_cp_visits" => ev.cp_visits.push(Visit {
                la,
                child_id: child,
                date,
            }),
            "ssd_cp_reviews" => ev.cp_reviews.push(Review {
                la,
                child_id: child,
                due: date,
                held: r.date("cppr_cp_review_date"),
            }),
            "ssd_cla_placement" => {
                let id = r.text("clap_cla_placement_id");
                self.placements.push(Placement {
                    id: (!id.is_empty()).then(|| id.to_string()),
                    child,
                    start: date,
                    end: r.date("clap_cla_placement_end_date"),
                    kind: r.code("clap_cla_placement_type"),
                    provider: r.code("clap_cla_placement_provider"),
                });
            }
            "ssd_legal_status" => {
                let end = r.date("lega_legal_status_end_date");
                let Some(status) = r.code("lega_legal_status") else {
                    r.rows.account.exclude("D02: no lega_legal_status");
                    return false;
                };
                self.legal.push((child, date, end, status));
            }
            "ssd_cla_episodes" => {
                let cla = r.text("clae_cla_id");
                if !cla.is_empty() {
                    self.cla_children
                        .insert(cla.to_string(), Arc::clone(&child));
                }
                let pid = r.text("clae_cla_placement_id");
                let placement = self
                    .placements
                    .iter()
                    .find(|p| !pid.is_empty() && p.id.as_deref() == Some(pid))
                    .or_else(|| {
                        self.placements
                            .iter()
                            .filter(|p| {
                                p.child == child
                                    && p.start <= date
                                    && p.end.is_none_or(|e| e > date)
                            })
                            .max_by_key(|p| p.start)
                    });
                let legal_status = self
                    .legal
                    .iter()
                    .filter(|(c, s, e, _)| *c == child && *s <= date && e.is_none_or(|e| e > date))
                    .max_by_key(|(_, s, _, _)| *s)
                    .map(|(_, _, _, l)| Arc::clone(l));
                ev.cla_episodes.push(ClaEpisode {
                    la,
                    child_id: child,
                    start: date,
                    end: r.date("clae_cla_episode_ceased_date"),
                    rne: r.code("clae_cla_episode_start_reason"),
                    legal_status,
                    placement: placement.and_then(|p| p.kind.clone()),
                    provider: placement.and_then(|p| p.provider.clone()),
                    reason_ceased: r.code("clae_cla_episode_ceased_reason"),
                });
            }
            "ssd_cla_visits" => ev.cla_visits.push(Visit {
                la,
                child_id: child,
                date,
            }),
            "ssd_cla_reviews" => {
                let cancelled = r.flag("clar_cla_review_cancelled") == Some(true);
                let held = r.date("clar_cla_review_date").filter(|_| !cancelled);
                ev.cla_reviews.push(Review {
                    la,
                    child_id: child,
                    due: date,
                    held,
                });
            }
            "ssd_cla_health" => {
                let status = r.text("clah_health_check_status").to_ascii_lowercase();
                if ["refus", "declin", "cancel", "not ", "did not", "dna"]
                    .iter()
                    .any(|w| status.contains(w))
                {
                    r.rows
                        .account
                        .exclude("D08: its status says the check did not happen");
                    return false;
                }
                let v = r.text("clah_health_check_type").to_string();
                let lower = v.to_ascii_lowercase();
                let kind = if lower.contains("dental") || lower.contains("teeth") {
                    HealthCheckKind::Dental
                } else if lower.contains("initial") || lower == "iha" {
                    HealthCheckKind::Initial
                } else if lower.contains("review") || lower.contains("health") || lower == "rha" {
                    HealthCheckKind::Review
                } else {
                    r.bad_code(
                        "clah_health_check_type",
                        "Initial Health Assessment, Review Health Assessment or Dental Check",
                        &v,
                    );
                    r.rows
                        .account
                        .exclude("D05: clah_health_check_type is not a health check type");
                    return false;
                };
                ev.health_checks.push(HealthCheck {
                    la,
                    child_id: child,
                    date,
                    kind,
                });
            }
            "ssd_missing" => ev.missing_episodes.push(MissingEpisode {
                la,
                child_id: child,
                start: date,
                end: r.date("miss_missing_episode_end_date"),
                rhi_offered: None,
                rhi_completed: None,
            }),
            "ssd_care_leavers" => {
                let contact = r.date("clea_care_leaver_latest_contact");
                let review = r.date("clea_pathway_plan_review_date");
                if contact.is_none() && review.is_none() {
                    r.rows.account.exclude(
                        "D02: no clea_care_leaver_latest_contact or clea_pathway_plan_review_date",
                    );
                    return false;
                }
                if let Some(d) = review {
                    ev.pathway_plan_reviews.push(Visit {
                        la: Arc::clone(&la),
                        child_id: Arc::clone(&child),
                        date: d,
                    });
                }
                if let Some(d) = contact {
                    let in_touch = r
                        .code("clea_care_leaver_in_touch")
                        .map(|t| matches!(&*t, "YES" | "RHOM" | "Y"));
                    let v = r.text("clea_care_leaver_accom_suitable").to_string();
                    let suitable = match v.to_ascii_lowercase().as_str() {
                        "" => None,
                        "1" | "suitable" | "y" | "yes" | "true" => Some(true),
                        "2" | "unsuitable" | "not suitable" | "n" | "no" | "false" => Some(false),
                        _ => {
                            r.bad_code(
                                "clea_care_leaver_accom_suitable",
                                "Suitable or Unsuitable (also 1/2, Y/N)",
                                &v,
                            );
                            None
                        }
                    };
                    ev.care_leaver_contacts.push(CareLeaverContact {
                        la,
                        child_id: child,
                        date: d,
                        in_touch,
                        activity: r.code("clea_care_leaver_activity"),
                        accommodation_suitable: suitable,
                    });
                }
            }
            "ssd_involvements" => {
                let role = r.text("invo_professional_role_id").to_ascii_lowercase();
                let social_work = role.is_empty()
                    || [
                        "social work",
                        "case worker",
                        "caseworker",
                        "allocated",
                        "sw",
                    ]
                    .iter()
                    .any(|w| role.contains(w));
                if !social_work {
                    r.rows
                        .account
                        .exclude("D07: not a social work involvement (invo_professional_role_id)");
                    return false;
                }
                let Some(worker) = r.opt_text("invo_professional_id") else {
                    r.rows.account.exclude("D02: no invo_professional_id");
                    return false;
                };
                let end = r.date("invo_involvement_end_date");
                // The history of teams and workers, for `--by team`.
                ev.team_allocations.push(TeamAllocation {
                    la: la.clone(),
                    child_id: child.clone(),
                    team: r.opt_text("invo_professional_team"),
                    worker: Some(worker.clone()),
                    start: Some(date),
                    end,
                });
                ev.allocations.push(Allocation {
                    la,
                    child_id: child,
                    worker_id: worker,
                    start: date,
                    end,
                });
            }
            _ => return false,
        }
        true
    }

    fn finish(mut self) -> SsdRead {
        for c in &mut self.ev.children {
            if let Some(d) = self.disabled.get(&c.child_id) {
                c.disability = Some(*d);
            }
        }
        if !self.ev.cla_episodes.is_empty()
            && !self
                .accounts
                .iter()
                .any(|a| a.kind == "SSD ssd_cla_placement")
        {
            self.coverage
                .lack("cla_episodes.placement", "SSD (no ssd_cla_placement table)");
        }
        SsdRead {
            events: self.ev,
            accounts: self.accounts,
            coverage: self.coverage,
        }
    }
}

/// A flag in an SSD outcome JSON (`{"CP_CONFERENCE_FLAG":"Y"}`), the key
/// with or without `OUTCOME_` and `_FLAG`.
fn json_flag(v: &str, key: &str) -> Option<bool> {
    let value: serde_json::Value = serde_json::from_str(v.trim()).ok()?;
    let obj = value.as_object()?;
    obj.iter().find_map(|(k, val)| {
        let k = k.trim().to_ascii_uppercase();
        let k = k.strip_prefix("OUTCOME_").unwrap_or(&k);
        let k = k.strip_suffix("_FLAG").unwrap_or(k);
        if k != key {
            return None;
        }
        match val {
            serde_json::Value::String(s) => flag(s),
            serde_json::Value::Bool(b) => Some(*b),
            serde_json::Value::Number(n) => n.as_i64().map(|n| n != 0),
            _ => None,
        }
    })
}

/// A contact's outcome from `cont_contact_outcome_json`: the SSD's JSON
/// flags (a referral outranks early help, another agency, advice and no
/// further action), or the plain words some extracts write.
fn contact_outcome(v: &str) -> Option<ContactOutcome> {
    let t = v.trim();
    if t.is_empty() {
        return None;
    }
    if t.starts_with('{') {
        let yes = |k: &str| json_flag(t, k) == Some(true);
        let any_known = ["NEW_REFERRAL", "EXISTING_REFERRAL", "CP_ENQUIRY", "NFA"]
            .iter()
            .any(|k| json_flag(t, k).is_some());
        return if yes("NEW_REFERRAL") || yes("EXISTING_REFERRAL") || yes("CP_ENQUIRY") {
            Some(ContactOutcome::SocialCareReferral)
        } else if yes("EARLY_HELP") {
            Some(ContactOutcome::EarlyHelp)
        } else if yes("OTHER_AGENCY") {
            Some(ContactOutcome::OtherAgency)
        } else if yes("ADVICE") {
            Some(ContactOutcome::InformationAndAdvice)
        } else if yes("NFA") {
            Some(ContactOutcome::NoFurtherAction)
        } else if any_known {
            // Every flag no: an outcome the scorecard does not split out.
            Some(ContactOutcome::NoFurtherAction)
        } else {
            None
        };
    }
    let l = t.to_ascii_lowercase();
    if l.contains("eh ") || l.contains("early help") {
        Some(ContactOutcome::EarlyHelp)
    } else if l.contains("referral") || l.contains("social care") {
        Some(ContactOutcome::SocialCareReferral)
    } else if l.contains("other agency") || l.contains("signpost") {
        Some(ContactOutcome::OtherAgency)
    } else if l.contains("advice") || l.contains("information") {
        Some(ContactOutcome::InformationAndAdvice)
    } else if l == "nfa" || l.contains("no further action") {
        Some(ContactOutcome::NoFurtherAction)
    } else {
        None
    }
}

/// How an early help episode ended, from the words of
/// `earl_episode_end_reason` (lower case).
fn early_help_end(v: &str) -> EarlyHelpEndReason {
    if v.contains("step up") || v.contains("stepped up") || v.contains("social care") {
        EarlyHelpEndReason::StepUpToSocialCare
    } else if v.contains("level 2") {
        EarlyHelpEndReason::StepDownToLevel2
    } else if v.contains("universal") {
        EarlyHelpEndReason::StepDownToUniversal
    } else if v.contains("completed") || v.contains("achieved") {
        EarlyHelpEndReason::AllActionsCompleted
    } else {
        EarlyHelpEndReason::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_codes_and_flags() {
        assert_eq!(table_of("LA_ssd_cla_episodes"), Some("ssd_cla_episodes"));
        assert_eq!(table_of("SSD_PERSON"), Some("ssd_person"));
        assert_eq!(table_of("ssd_cla"), None);
        assert_eq!(code("C2 - Full care order").as_deref(), Some("C2"));
        assert_eq!(code("a) u1").as_deref(), Some("U1"));
        assert_eq!(flag("True"), Some(true));
        assert_eq!(
            json_flag(r#"{"OUTCOME_CP_CONFERENCE_FLAG": "N"}"#, "CP_CONFERENCE"),
            Some(false)
        );
        assert_eq!(
            contact_outcome(r#"{"NEW_REFERRAL_FLAG":"N","NFA_FLAG":"Y"}"#),
            Some(ContactOutcome::NoFurtherAction)
        );
        assert_eq!(
            contact_outcome("EH Referral"),
            Some(ContactOutcome::EarlyHelp)
        );
        assert_eq!(
            contact_outcome("CIN Referral"),
            Some(ContactOutcome::SocialCareReferral)
        );
        assert_eq!(contact_outcome("maybe"), None);
    }
}
