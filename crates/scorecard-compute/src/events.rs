//! # The canonical event model
//!
//! Every reader (Annex A, SSDA903, canonical CSV) produces these plain Rust
//! records, and the engine consumes only them, so a council system can call
//! the engine with its own events and no file at all.
//!
//! Conventions for every table:
//!
//! * `la` names the local authority the event belongs to: its new code
//!   (`E08000008`), old code (`357`) or name (`Tameside`), whichever the
//!   population table will be looked up by. Every computation is keyed by it.
//! * `child_id` is text, as the source system holds it (leading zeros kept).
//! * Ids are `Arc<str>`: a reader gives every row of one LA the same `la`
//!   and every row of one child the same `child_id`, so 20 million events
//!   do not hold 40 million separately allocated strings. Build them with
//!   `.into()` from a `&str` or a `String`.
//! * Dates are calendar dates (`NaiveDate`); an open episode has no end.
//! * "Open at month end" means `start <= last day` and (`end` is absent or
//!   `end > last day`).
//!
//! In CSV (the canonical form, one file per table, named as the table, e.g.
//! `referrals.csv`) the columns are the field names below, dates are ISO
//! `YYYY-MM-DD`, booleans `true`/`false`, enumerations their snake-case
//! names, and a blank cell is "not recorded".
//!
//! | table | one row per | fields |
//! |---|---|---|
//! | `children` | child | la, child_id, date_of_birth, sex, ethnicity, disability |
//! | `contacts` | contact | la, child_id, date, source, outcome, outcome_date |
//! | `mash_contacts` | contact routed to the MASH | la, child_id, received, screening_completed, ended_before_screening, outcome |
//! | `early_help_episodes` | episode | la, child_id, start, end, end_reason |
//! | `early_help_assessments` | assessment | la, child_id, start, completed |
//! | `referrals` | referral | la, child_id, date, source, nfa, decision_date |
//! | `assessments` | child and family assessment | la, child_id, start, authorised, outcome |
//! | `strategy_discussions` | strategy discussion | la, child_id, date, outcome, police_attended, health_attended, education_attended |
//! | `section47s` | section 47 enquiry | la, child_id, start, icpc_required |
//! | `icpcs` | initial conference | la, child_id, date, s47_start, plan_made, police_attended, health_attended, education_attended |
//! | `cin_episodes` | child in need episode (referral to closure) | la, child_id, start, end, closure_reason |
//! | `cin_plans` | CIN plan | la, child_id, start, end |
//! | `cin_reviews` | CIN plan review due | la, child_id, due, held |
//! | `cp_plans` | child protection plan | la, child_id, start, end, initial_category, previous_plans |
//! | `cp_visits` | statutory visit to a child on a plan | la, child_id, date |
//! | `cp_reviews` | CP review conference due | la, child_id, due, held |
//! | `cla_episodes` | SSDA903 episode | la, child_id, start, end, rne, legal_status, placement, provider, reason_ceased |
//! | `cla_visits` | social work visit to a looked-after child | la, child_id, date |
//! | `cla_reviews` | looked-after child's review due | la, child_id, due, held |
//! | `health_checks` | health or dental check | la, child_id, date, kind |
//! | `missing_episodes` | missing episode | la, child_id, start, end, rhi_offered, rhi_completed |
//! | `social_worker_allocations` | allocation of a worker to a child | la, child_id, worker_id, start, end |
//! | `care_leaver_contacts` | contact with a care leaver | la, child_id, date, in_touch, activity, accommodation_suitable |
//! | `pathway_plan_reviews` | care leaver's pathway plan review | la, child_id, date |
//! | `team_allocations` | a child's allocated team and worker (for `--by team`) | la, child_id, team, worker, start, end |

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Text codes for the enumerations (the same names serde uses), for
/// columnar formats.
pub trait Code: Sized + Copy + 'static {
    /// The snake-case code.
    fn code(self) -> &'static str;
    /// The value for a code.
    fn from_code(code: &str) -> Option<Self>;
    /// Every value.
    fn all() -> &'static [Self];
}

macro_rules! codes {
    ($t:ident { $($v:ident => $c:literal),* $(,)? }) => {
        impl Code for $t {
            fn code(self) -> &'static str {
                match self { $($t::$v => $c),* }
            }
            fn from_code(code: &str) -> Option<Self> {
                match code { $($c => Some($t::$v),)* _ => None }
            }
            fn all() -> &'static [Self] {
                &[$($t::$v),*]
            }
        }
    };
}

/// A child (one row per child per local authority).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Child {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// Sex or gender as recorded.
    pub sex: Option<Arc<str>>,
    /// Ethnicity code.
    pub ethnicity: Option<Arc<str>>,
    /// Disabled?
    pub disability: Option<bool>,
}

/// What a contact or MASH screening led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactOutcome {
    /// Referral to children's social care.
    SocialCareReferral,
    /// Early help.
    EarlyHelp,
    /// Referral to another agency.
    OtherAgency,
    /// Information and advice.
    InformationAndAdvice,
    /// No further action.
    NoFurtherAction,
}

/// A contact (Annex A List 1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Contact {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Date of contact.
    pub date: NaiveDate,
    /// Contact source.
    pub source: Option<Arc<str>>,
    /// Outcome, once decided.
    pub outcome: Option<ContactOutcome>,
    /// When the outcome was decided.
    pub outcome_date: Option<NaiveDate>,
}

/// A contact routed to the MASH, with its screening.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MashContact {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// When the MASH received it.
    pub received: chrono::NaiveDateTime,
    /// When the screening was completed.
    pub screening_completed: Option<chrono::NaiveDateTime>,
    /// Ended before a screening was completed.
    pub ended_before_screening: bool,
    /// Screening outcome.
    pub outcome: Option<ContactOutcome>,
}

/// How an early help episode ended (Multi Agency Evaluation Record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EarlyHelpEndReason {
    /// Stepped up to children's social care.
    StepUpToSocialCare,
    /// Stepped down to level 2 support.
    StepDownToLevel2,
    /// Stepped down to universal services.
    StepDownToUniversal,
    /// All actions completed.
    AllActionsCompleted,
    /// Any other reason.
    Other,
}

/// An early help episode.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EarlyHelpEpisode {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Start.
    pub start: NaiveDate,
    /// End.
    pub end: Option<NaiveDate>,
    /// Why it ended.
    pub end_reason: Option<EarlyHelpEndReason>,
}

/// An early help assessment (Annex A List 2).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EarlyHelpAssessment {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Assessment start date.
    pub start: NaiveDate,
    /// Assessment completion date.
    pub completed: Option<NaiveDate>,
}

/// A referral to children's social care (Annex A List 3; CIN census
/// `CINreferralDate`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Referral {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Date of referral.
    pub date: NaiveDate,
    /// Referral source.
    pub source: Option<Arc<str>>,
    /// Referral closed with no further action?
    pub nfa: Option<bool>,
    /// When the decision on the referral was made (for CIN3).
    pub decision_date: Option<NaiveDate>,
}

/// The outcome of a child and family assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentOutcome {
    /// Not in need: no further action.
    NotInNeed,
    /// Early help.
    EarlyHelp,
    /// Child in need of social care support.
    ChildInNeed,
}

/// A child and family assessment (Annex A List 4; CIN census).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Assessment {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// `AssessmentActualStartDate`.
    pub start: NaiveDate,
    /// `AssessmentAuthorisationDate`: the assessment counts as completed then.
    pub authorised: Option<NaiveDate>,
    /// Outcome.
    pub outcome: Option<AssessmentOutcome>,
}

/// The outcome of a strategy discussion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrategyOutcome {
    /// A section 47 enquiry.
    Section47,
    /// No further action.
    NoFurtherAction,
    /// Anything else (e.g. continue under section 17).
    Other,
}

/// A strategy discussion.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StrategyDiscussion {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Date held.
    pub date: NaiveDate,
    /// Outcome.
    pub outcome: Option<StrategyOutcome>,
    /// Police attended.
    pub police_attended: Option<bool>,
    /// Health attended.
    pub health_attended: Option<bool>,
    /// Education attended.
    pub education_attended: Option<bool>,
}

/// A section 47 enquiry (Annex A List 5; CIN census `S47ActualStartDate`,
/// the date of the strategy discussion that initiated it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Section47 {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// `S47ActualStartDate`.
    pub start: NaiveDate,
    /// Did it lead to an initial child protection conference?
    pub icpc_required: Option<bool>,
}

/// An initial child protection conference (Annex A List 5; CIN census
/// `DateOfInitialCPC`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Icpc {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Date of the conference.
    pub date: NaiveDate,
    /// Start of the section 47 enquiry it followed (the strategy discussion).
    pub s47_start: Option<NaiveDate>,
    /// Did it result in a child protection plan?
    pub plan_made: Option<bool>,
    /// Police attended.
    pub police_attended: Option<bool>,
    /// Health attended.
    pub health_attended: Option<bool>,
    /// Education attended.
    pub education_attended: Option<bool>,
}

/// A child in need episode, from referral to closure (Annex A List 6; CIN
/// census `CINreferralDate` to `CINclosureDate`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CinEpisode {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Start (referral date).
    pub start: NaiveDate,
    /// Closure date.
    pub end: Option<NaiveDate>,
    /// Reason for closure (CIN census RC1-RC9, or local text).
    pub closure_reason: Option<Arc<str>>,
}

/// A child in need plan (CIN census `CINPlanStartDate`, `CINPlanEndDate`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CinPlan {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Start.
    pub start: NaiveDate,
    /// End.
    pub end: Option<NaiveDate>,
}

/// A child protection plan (Annex A List 7; CIN census).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CpPlan {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// `CPPstartDate`.
    pub start: NaiveDate,
    /// `CPPendDate`.
    pub end: Option<NaiveDate>,
    /// Initial category of abuse.
    pub initial_category: Option<Arc<str>>,
    /// `NumberOfPreviousCPP`.
    pub previous_plans: Option<u32>,
}

/// A dated event about a child with no other detail: a statutory visit to a
/// child on a plan (`cp_visits`) or to a looked-after child (`cla_visits`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Visit {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Date of the visit.
    pub date: NaiveDate,
}

/// A review that fell due, and when it was held.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Review {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// When it was due.
    pub due: NaiveDate,
    /// When it was held.
    pub held: Option<NaiveDate>,
}

/// An SSDA903 episode of care.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClaEpisode {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// `DECOM`.
    pub start: NaiveDate,
    /// `DEC`.
    pub end: Option<NaiveDate>,
    /// `RNE`: S new period of care, L legal status change, P placement
    /// change, T both, B/U change with the same carer.
    pub rne: Option<Arc<str>>,
    /// `LS` legal status (V3/V4 are agreed series of short breaks).
    pub legal_status: Option<Arc<str>>,
    /// `PLACE` placement type.
    pub placement: Option<Arc<str>>,
    /// `PLACE_PROVIDER`.
    pub provider: Option<Arc<str>>,
    /// `REC` reason episode ceased (X1: episode ceases, care continues).
    pub reason_ceased: Option<Arc<str>>,
}

/// What kind of health check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthCheckKind {
    /// Initial health assessment on becoming looked after.
    Initial,
    /// Review health assessment.
    Review,
    /// Dental check.
    Dental,
}

/// A health assessment or dental check of a looked-after child.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HealthCheck {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Date.
    pub date: NaiveDate,
    /// Kind.
    pub kind: HealthCheckKind,
}

/// A missing episode and its return home interview.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MissingEpisode {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Reported missing.
    pub start: NaiveDate,
    /// Returned.
    pub end: Option<NaiveDate>,
    /// Return home interview offered.
    pub rhi_offered: Option<NaiveDate>,
    /// Return home interview completed.
    pub rhi_completed: Option<NaiveDate>,
}

/// A social worker's allocation to a child.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Allocation {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Worker identifier.
    pub worker_id: Arc<str>,
    /// Allocated from.
    pub start: NaiveDate,
    /// Allocated until.
    pub end: Option<NaiveDate>,
}

/// The team and worker a child is allocated to: what `--by team` and
/// `--by worker` group children by (never an indicator's input).
///
/// Two kinds of source, told apart by `start`:
///
/// * a history (the SSD's `ssd_involvements`: `invo_professional_team`,
///   from `invo_involvement_start_date`): `start` is when the allocation
///   began;
/// * only the current allocation (Annex A's `Allocated Team` and
///   `Allocated Worker` columns, as at the extract): `start` is `None`, and
///   the allocation stands for every period.
///
/// ```
/// use scorecard_compute::events::TeamAllocation;
/// let now = TeamAllocation {
///     la: "E08000008".into(),
///     child_id: "C1".into(),
///     team: Some("Assessment Team 2".into()),
///     worker: Some("A. Worker".into()),
///     start: None,
///     end: None,
/// };
/// assert!(now.start.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TeamAllocation {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// The team, as the source names it.
    pub team: Option<Arc<str>>,
    /// The worker, as the source names them (personal data: pseudonymised
    /// in every output unless names are asked for).
    pub worker: Option<Arc<str>>,
    /// Allocated from; `None` when the source gives only the current
    /// allocation.
    pub start: Option<NaiveDate>,
    /// Allocated until.
    pub end: Option<NaiveDate>,
}

/// A contact with a care leaver (typically around their birthday), as in
/// SSDA903 OC3 and Annex A List 9.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CareLeaverContact {
    /// Local authority.
    pub la: Arc<str>,
    /// Child identifier.
    pub child_id: Arc<str>,
    /// Date of the contact.
    pub date: NaiveDate,
    /// Was the authority in touch (`IN_TOUCH` YES or RHOM)?
    pub in_touch: Option<bool>,
    /// Activity (SSDA903 `ACTIV`: F* full-time and P* part-time education,
    /// employment or training; G* not).
    pub activity: Option<Arc<str>>,
    /// Is the accommodation suitable?
    pub accommodation_suitable: Option<bool>,
}

/// All the events of one or more local authorities.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Events {
    /// Children.
    pub children: Vec<Child>,
    /// Contacts.
    pub contacts: Vec<Contact>,
    /// MASH contacts and screenings.
    pub mash_contacts: Vec<MashContact>,
    /// Early help episodes.
    pub early_help_episodes: Vec<EarlyHelpEpisode>,
    /// Early help assessments.
    pub early_help_assessments: Vec<EarlyHelpAssessment>,
    /// Referrals.
    pub referrals: Vec<Referral>,
    /// Child and family assessments.
    pub assessments: Vec<Assessment>,
    /// Strategy discussions.
    pub strategy_discussions: Vec<StrategyDiscussion>,
    /// Section 47 enquiries.
    pub section47s: Vec<Section47>,
    /// Initial child protection conferences.
    pub icpcs: Vec<Icpc>,
    /// Child in need episodes.
    pub cin_episodes: Vec<CinEpisode>,
    /// Child in need plans.
    pub cin_plans: Vec<CinPlan>,
    /// CIN plan reviews due.
    pub cin_reviews: Vec<Review>,
    /// Child protection plans.
    pub cp_plans: Vec<CpPlan>,
    /// Statutory visits to children on CP plans.
    pub cp_visits: Vec<Visit>,
    /// CP review conferences.
    pub cp_reviews: Vec<Review>,
    /// SSDA903 episodes.
    pub cla_episodes: Vec<ClaEpisode>,
    /// Social work visits to looked-after children.
    pub cla_visits: Vec<Visit>,
    /// Looked-after children's reviews due.
    pub cla_reviews: Vec<Review>,
    /// Health and dental checks.
    pub health_checks: Vec<HealthCheck>,
    /// Missing episodes.
    pub missing_episodes: Vec<MissingEpisode>,
    /// Social worker allocations.
    pub allocations: Vec<Allocation>,
    /// Contacts with care leavers.
    pub care_leaver_contacts: Vec<CareLeaverContact>,
    /// Pathway plan reviews of care leavers.
    pub pathway_plan_reviews: Vec<Visit>,
    /// `team_allocations`: teams and workers, for grouping only.
    pub team_allocations: Vec<TeamAllocation>,
}

codes!(ContactOutcome {
    SocialCareReferral => "social_care_referral",
    EarlyHelp => "early_help",
    OtherAgency => "other_agency",
    InformationAndAdvice => "information_and_advice",
    NoFurtherAction => "no_further_action",
});
codes!(EarlyHelpEndReason {
    StepUpToSocialCare => "step_up_to_social_care",
    StepDownToLevel2 => "step_down_to_level2",
    StepDownToUniversal => "step_down_to_universal",
    AllActionsCompleted => "all_actions_completed",
    Other => "other",
});
codes!(AssessmentOutcome { NotInNeed => "not_in_need", EarlyHelp => "early_help", ChildInNeed => "child_in_need" });
codes!(StrategyOutcome { Section47 => "section47", NoFurtherAction => "no_further_action", Other => "other" });
codes!(HealthCheckKind { Initial => "initial", Review => "review", Dental => "dental" });

/// One table of [`Events`], by its canonical name: what units of work read,
/// options select and readers are asked for. A name that is not a table
/// cannot be written as a `Table`; text from a user becomes one through
/// [`str::parse`], which names the close tables when it fails.
///
/// ```
/// use scorecard_compute::Table;
/// assert_eq!(Table::Referrals.name(), "referrals");
/// let t: Table = "social_worker_allocations".parse().unwrap();
/// assert_eq!(t, Table::SocialWorkerAllocations);
/// let err = "allocations".parse::<Table>().unwrap_err();
/// assert!(err.to_string().contains("did you mean"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    /// `children`: one row per child.
    Children,
    /// `contacts`.
    Contacts,
    /// `mash_contacts`.
    MashContacts,
    /// `early_help_episodes`.
    EarlyHelpEpisodes,
    /// `early_help_assessments`.
    EarlyHelpAssessments,
    /// `referrals`.
    Referrals,
    /// `assessments`: child and family assessments.
    Assessments,
    /// `strategy_discussions`.
    StrategyDiscussions,
    /// `section47s`.
    Section47s,
    /// `icpcs`: initial child protection conferences.
    Icpcs,
    /// `cin_episodes`.
    CinEpisodes,
    /// `cin_plans`.
    CinPlans,
    /// `cin_reviews`.
    CinReviews,
    /// `cp_plans`.
    CpPlans,
    /// `cp_visits`.
    CpVisits,
    /// `cp_reviews`.
    CpReviews,
    /// `cla_episodes`: SSDA903 episodes.
    ClaEpisodes,
    /// `cla_visits`.
    ClaVisits,
    /// `cla_reviews`.
    ClaReviews,
    /// `health_checks`.
    HealthChecks,
    /// `missing_episodes`.
    MissingEpisodes,
    /// `social_worker_allocations` (the field `Events::allocations`).
    SocialWorkerAllocations,
    /// `care_leaver_contacts`.
    CareLeaverContacts,
    /// `pathway_plan_reviews`.
    PathwayPlanReviews,
    /// `team_allocations`: teams and workers, for grouping only.
    TeamAllocations,
}

impl Table {
    /// Every table, in the order of [`Events`]' fields (and of
    /// [`Events::TABLES`]).
    pub const ALL: [Table; 25] = [
        Table::Children,
        Table::Contacts,
        Table::MashContacts,
        Table::EarlyHelpEpisodes,
        Table::EarlyHelpAssessments,
        Table::Referrals,
        Table::Assessments,
        Table::StrategyDiscussions,
        Table::Section47s,
        Table::Icpcs,
        Table::CinEpisodes,
        Table::CinPlans,
        Table::CinReviews,
        Table::CpPlans,
        Table::CpVisits,
        Table::CpReviews,
        Table::ClaEpisodes,
        Table::ClaVisits,
        Table::ClaReviews,
        Table::HealthChecks,
        Table::MissingEpisodes,
        Table::SocialWorkerAllocations,
        Table::CareLeaverContacts,
        Table::PathwayPlanReviews,
        Table::TeamAllocations,
    ];

    /// The canonical name (`referrals`, `social_worker_allocations`): the
    /// file name of its CSV and Parquet forms.
    pub const fn name(self) -> &'static str {
        Events::TABLES[self as usize]
    }

    /// The table named `name` exactly, for `const` items only (the registry
    /// of units): there an unknown name is a compile error. Never called at
    /// run time; text from a user goes through [`str::parse`] instead.
    #[allow(clippy::panic)]
    pub(crate) const fn named(name: &str) -> Table {
        let mut i = 0;
        while i < Table::ALL.len() {
            if const_str_eq(Table::ALL[i].name(), name) {
                return Table::ALL[i];
            }
            i += 1;
        }
        panic!("not a canonical table name")
    }
}

/// String equality usable in `const fn`.
const fn const_str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

// The enum and the field list cannot drift apart in length.
const _: () = assert!(Table::ALL.len() == Events::TABLES.len());

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Table {
    type Err = crate::error::Error;

    /// The table with this canonical name; otherwise an error naming the
    /// close ones (`allocations` suggests `social_worker_allocations`).
    fn from_str(s: &str) -> crate::error::Result<Table> {
        if let Some(t) = Table::ALL.iter().find(|t| t.name() == s) {
            return Ok(*t);
        }
        let mut suggestions = crate::error::close_matches(s, Events::TABLES);
        if s.contains("allocation") && !suggestions.iter().any(|x| x == "social_worker_allocations")
        {
            suggestions.push("social_worker_allocations".into());
        }
        Err(crate::error::Error::Unknown {
            what: "table",
            name: s.to_string(),
            suggestions,
        })
    }
}

/// Calls `$m!(field, "table_name")` for every table of [`Events`], in the
/// order they are read and written.
macro_rules! tables {
    ($m:ident) => {
        $m!(children, "children");
        $m!(contacts, "contacts");
        $m!(mash_contacts, "mash_contacts");
        $m!(early_help_episodes, "early_help_episodes");
        $m!(early_help_assessments, "early_help_assessments");
        $m!(referrals, "referrals");
        $m!(assessments, "assessments");
        $m!(strategy_discussions, "strategy_discussions");
        $m!(section47s, "section47s");
        $m!(icpcs, "icpcs");
        $m!(cin_episodes, "cin_episodes");
        $m!(cin_plans, "cin_plans");
        $m!(cin_reviews, "cin_reviews");
        $m!(cp_plans, "cp_plans");
        $m!(cp_visits, "cp_visits");
        $m!(cp_reviews, "cp_reviews");
        $m!(cla_episodes, "cla_episodes");
        $m!(cla_visits, "cla_visits");
        $m!(cla_reviews, "cla_reviews");
        $m!(health_checks, "health_checks");
        $m!(missing_episodes, "missing_episodes");
        $m!(allocations, "social_worker_allocations");
        $m!(care_leaver_contacts, "care_leaver_contacts");
        $m!(pathway_plan_reviews, "pathway_plan_reviews");
        $m!(team_allocations, "team_allocations");
    };
}
pub(crate) use tables;

impl Events {
    /// The events of one local authority.
    pub fn for_la(&self, la: &str) -> Events {
        let mut out = Events::default();
        macro_rules! pick {
            ($f:ident, $n:literal) => {
                out.$f = self.$f.iter().filter(|r| *r.la == *la).cloned().collect();
            };
        }
        tables!(pick);
        out
    }

    /// The canonical table names, in the order of the fields.
    pub const TABLES: &'static [&'static str] = &{
        const N: usize = {
            let mut n = 0;
            macro_rules! count {
                ($f:ident, $n:literal) => {
                    n += 1;
                };
            }
            tables!(count);
            n
        };
        let mut out = [""; N];
        let mut i = 0;
        macro_rules! name {
            ($f:ident, $n:literal) => {
                out[i] = $n;
                i += 1;
            };
        }
        tables!(name);
        let _ = i;
        out
    };

    /// Empties every table not in `tables`.
    ///
    /// ```
    /// use scorecard_compute::{Events, Table};
    /// let mut ev = Events::default();
    /// ev.retain_tables(&[Table::Referrals, Table::SocialWorkerAllocations]);
    /// assert!(ev.is_empty());
    /// ```
    pub fn retain_tables(&mut self, tables: &[Table]) {
        let mut all = Table::ALL.iter();
        macro_rules! keep {
            ($f:ident, $n:literal) => {
                if all.next().is_some_and(|t| !tables.contains(t)) {
                    self.$f = Vec::new();
                }
            };
        }
        tables!(keep);
    }

    /// Moves every record of `other` into `self` (without copying a table
    /// that `self` does not have yet).
    pub fn append(&mut self, mut other: Events) {
        macro_rules! add {
            ($f:ident, $n:literal) => {
                if self.$f.is_empty() {
                    std::mem::swap(&mut self.$f, &mut other.$f);
                } else {
                    self.$f.append(&mut other.$f);
                }
            };
        }
        tables!(add);
    }

    /// The distinct local authorities named by any record, sorted.
    pub fn las(&self) -> Vec<String> {
        let mut set = std::collections::BTreeSet::new();
        macro_rules! collect {
            ($f:ident, $n:literal) => {
                set.extend(self.$f.iter().map(|r| r.la.clone()));
            };
        }
        tables!(collect);
        set.into_iter().map(|la| la.to_string()).collect()
    }

    /// Total number of records across every table.
    pub fn len(&self) -> usize {
        let mut n = 0;
        macro_rules! count {
            ($f:ident, $n:literal) => {
                n += self.$f.len();
            };
        }
        tables!(count);
        n
    }

    /// Every table and its number of records, in order.
    pub fn table_sizes(&self) -> Vec<(Table, usize)> {
        let mut out = Vec::new();
        let mut tables = Table::ALL.iter();
        macro_rules! size {
            ($f:ident, $n:literal) => {
                if let Some(t) = tables.next() {
                    out.push((*t, self.$f.len()));
                }
            };
        }
        tables!(size);
        out
    }

    /// True when there are no records at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Each variant names its own table: the variant's name, written in
    /// snake case, is the table's canonical name (so a variant cannot point
    /// at its neighbour's table), and every name parses back to it.
    #[test]
    fn every_table_variant_names_its_own_table() {
        for t in Table::ALL {
            let mut snake = String::new();
            for (i, c) in format!("{t:?}").chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    snake.push('_');
                }
                snake.push(c.to_ascii_lowercase());
            }
            // `Section47s` is written without an underscore before the digits.
            assert_eq!(snake, t.name(), "{t:?}");
            assert_eq!(t.name().parse::<Table>().unwrap(), t);
        }
        const ICPCS: Table = Table::named("icpcs");
        assert_eq!(ICPCS, Table::Icpcs);
        let sizes: Vec<Table> = Events::default()
            .table_sizes()
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(sizes, Table::ALL);
    }
}
