//! # scorecard-synth
//!
//! Deterministic synthetic caseloads: a seed, a number of local
//! authorities, children per LA and a run of months give the same
//! [`Events`] every time, on every machine (the random numbers come from a
//! SplitMix64 generator written here, not from a crate whose algorithm may
//! change).
//!
//! Event rates are calibrated to England's published figures (see
//! [`Rates`]): about 545 referrals per 10,000 children a year, 22%
//! re-referrals, 82% of assessments within 45 working days, 78% of ICPCs
//! within 15 working days, 43 children per 10,000 on a child protection
//! plan and 70 per 10,000 looked after at any time, 10% of looked-after
//! children with 3 or more placements in a year.
//!
//! Real edge cases are produced on purpose: events on weekends and bank
//! holidays, leap days (when the months span one), episodes still open at
//! the end, same-day events (duplicate referrals, same-day decisions), and
//! children who move between LAs (the same child id in two LAs).
//!
//! ```
//! use scorecard_synth::{SynthConfig, generate};
//! let cfg = SynthConfig { children_per_la: 5_000, months: 12, ..SynthConfig::default() };
//! let a = generate(&cfg);
//! let b = generate(&cfg);
//! assert_eq!(a.events, b.events); // deterministic
//! assert!(!a.events.referrals.is_empty());
//! ```
#![deny(missing_docs)]

mod rng;
mod simulate;

use scorecard_compute::{Events, Population};
use scorecard_core::Month;

pub use rng::SplitMix64;

/// Calibration targets, per year unless said otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    /// Referrals per 10,000 children a year (England 2022-23: about 545).
    pub referrals_per_10k: f64,
    /// Share of referrals within 12 months of a previous one (about 22%).
    pub re_referral: f64,
    /// Share of assessments authorised within 45 working days (about 82%).
    pub assessment_in_45: f64,
    /// Share of ICPCs within 15 working days of the S47 start (about 78%).
    pub icpc_in_15: f64,
    /// Children on a CP plan per 10,000 at any time (about 43).
    pub cp_per_10k: f64,
    /// Children looked after per 10,000 at any time (about 70).
    pub cla_per_10k: f64,
    /// Share of looked-after children with 3+ placements in a year (about 10%).
    pub three_plus_placements: f64,
}

impl Default for Rates {
    fn default() -> Self {
        Rates {
            referrals_per_10k: 545.0,
            re_referral: 0.22,
            assessment_in_45: 0.82,
            icpc_in_15: 0.78,
            cp_per_10k: 43.0,
            cla_per_10k: 70.0,
            three_plus_placements: 0.10,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthConfig {
    /// Seed: the same seed gives the same caseload.
    pub seed: u64,
    /// Number of local authorities.
    pub las: u32,
    /// Children aged 0-17 in each LA (the population for rates).
    pub children_per_la: u32,
    /// First month of the reporting range.
    pub first_month: Month,
    /// Months in the reporting range.
    pub months: u32,
    /// Months simulated before the range so that rolling windows, years to
    /// date and open plans are in steady state when it starts (default 36).
    pub warm_up_months: u32,
    /// Calibration.
    pub rates: Rates,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            seed: 2024,
            las: 1,
            children_per_la: 60_000,
            first_month: Month::new(2023, 2).unwrap_or_else(|| Month::of(chrono::NaiveDate::MIN)),
            months: 12,
            warm_up_months: 36,
            rates: Rates::default(),
        }
    }
}

impl SynthConfig {
    /// The last month of the reporting range.
    pub fn last_month(&self) -> Month {
        self.first_month.plus(i64::from(self.months.max(1)) - 1)
    }
}

/// A generated caseload.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthetic {
    /// Every event of every LA.
    pub events: Events,
    /// Children aged 0-17 per LA, every year.
    pub population: Population,
    /// The LA codes, in order.
    pub las: Vec<String>,
}

impl Synthetic {
    /// Writes the canonical form as Parquet, one file per table, in `dir`.
    pub fn write_parquet(&self, dir: &std::path::Path) -> scorecard_compute::Result<()> {
        scorecard_compute::readers::parquet::write_dir(&self.events, dir)
    }

    /// The population as DfE's ONS mid-year estimates CSV (the columns
    /// [`Population::from_ons_csv`] reads), one row per LA and year.
    pub fn population_csv(&self, cfg: &SynthConfig) -> String {
        population_csv(cfg)
    }

    /// Writes Annex A lists 1-7 as CSV, one folder per LA (`dir/SYN001/List_3_Referrals.csv`, ...).
    pub fn write_annex_a(&self, dir: &std::path::Path) -> scorecard_compute::Result<()> {
        for la in &self.las {
            let folder = la_folder(dir, la)?;
            for (name, text) in
                scorecard_compute::readers::annex_a::write_csv_lists(&self.events.for_la(la))?
            {
                let path = folder.join(name);
                std::fs::write(&path, text).map_err(|e| {
                    scorecard_compute::Error::Io(scorecard_core::FileError::write(&path, e))
                })?;
            }
        }
        Ok(())
    }

    /// Writes each LA's Annex A lists as one workbook in the template's
    /// dress (`DIR/LA/annex-a.xlsx`: template sheets, title rows, coded
    /// values with option letters, Excel dates), as councils ship them.
    pub fn write_annex_a_workbook(&self, dir: &std::path::Path) -> scorecard_compute::Result<()> {
        for la in &self.las {
            let folder = la_folder(dir, la)?;
            scorecard_compute::readers::annex_a::write_workbook(
                &self.events.for_la(la),
                &folder.join("annex-a.xlsx"),
            )?;
        }
        Ok(())
    }
}

impl Synthetic {
    /// Writes each LA's events as a DfE CIN census XML file,
    /// `dir/LA/cin-census.xml`, for the census year ending `reference`.
    pub fn write_cin_census(
        &self,
        dir: &std::path::Path,
        reference: chrono::NaiveDate,
    ) -> scorecard_compute::Result<()> {
        for la in &self.las {
            let folder = la_folder(dir, la)?;
            let path = folder.join("cin-census.xml");
            let xml = scorecard_compute::readers::cin_census::write_xml(
                &self.events.for_la(la),
                la,
                reference,
            );
            std::fs::write(&path, xml).map_err(|e| {
                scorecard_compute::Error::Io(scorecard_core::FileError::write(&path, e))
            })?;
        }
        Ok(())
    }
}

impl Synthetic {
    /// Writes each LA's events as Standard Safeguarding Dataset tables,
    /// `dir/LA/ssd_person.csv`, `dir/LA/ssd_cin_episodes.csv`, ...
    pub fn write_ssd(&self, dir: &std::path::Path) -> scorecard_compute::Result<()> {
        for la in &self.las {
            let folder = la_folder(dir, la)?;
            scorecard_compute::readers::ssd::write_csv_dir(&self.events.for_la(la), &folder)?;
        }
        Ok(())
    }

    /// Writes the council's data in every input form under `dir` (what
    /// `scorecard demo --write-inputs` writes): `canonical/` Parquet,
    /// `annex-a/` CSVs, `annex-a-workbook/` in the template's dress,
    /// `ssd/` tables as CSV and `cin-census/` XML for the census year (to
    /// 31 March) holding `period`.
    pub fn write_inputs(
        &self,
        dir: &std::path::Path,
        period: scorecard_core::Month,
    ) -> scorecard_compute::Result<()> {
        self.write_parquet(&dir.join("canonical"))?;
        self.write_annex_a(&dir.join("annex-a"))?;
        self.write_annex_a_workbook(&dir.join("annex-a-workbook"))?;
        self.write_ssd(&dir.join("ssd"))?;
        let year_end = period.financial_year().end_month().last_day();
        self.write_cin_census(&dir.join("cin-census"), year_end)
    }
}

/// `dir/la`, created.
fn la_folder(dir: &std::path::Path, la: &str) -> scorecard_compute::Result<std::path::PathBuf> {
    let folder = dir.join(la);
    std::fs::create_dir_all(&folder)
        .map_err(|e| scorecard_compute::Error::Io(scorecard_core::FileError::write(&folder, e)))?;
    Ok(folder)
}

/// The population of `cfg`'s LAs as DfE's ONS mid-year estimates CSV.
fn population_csv(cfg: &SynthConfig) -> String {
    let mut out = String::from(
        "time_period,geographic_level,age_group,new_la_code,old_la_code,la_name,population_estimate\n",
    );
    let (first, last) = years(cfg);
    for i in 0..cfg.las.max(1) {
        let la = la_code(i);
        for y in first..=last {
            out.push_str(&format!(
                "{y},Local authority,Children aged 0 to 17 years,{la},,Synthetic {:03},{}\n",
                i + 1,
                cfg.children_per_la
            ));
        }
    }
    out
}

/// What [`write_parquet`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Events written, every table.
    pub events: usize,
    /// The LA codes, in order.
    pub las: Vec<String>,
}

/// Generates `cfg`'s caseload straight into Parquet files in `dir`, a few
/// LAs at a time, so that a caseload far larger than memory can be written
/// (all of England over a decade is ~170 M events): the LAs of a batch are
/// simulated on every core, then appended in order. The files hold exactly
/// what [`generate`] then [`Synthetic::write_parquet`] write (the same
/// rows in the same order; only the row groups differ), and the
/// population CSV is `dir/population.csv`. `progress` is told each LA done
/// and the events written so far.
///
/// ```
/// use scorecard_synth::{SynthConfig, generate, write_parquet};
/// use scorecard_compute::readers::parquet;
/// let cfg = SynthConfig { las: 3, children_per_la: 2_000, months: 12, ..SynthConfig::default() };
/// let tmp = std::env::temp_dir();
/// let (streamed, whole) = (tmp.join("scorecard-doc-synth-stream"), tmp.join("scorecard-doc-synth-whole"));
/// let written = write_parquet(&cfg, &streamed, |_, _| {}).unwrap();
/// let all = generate(&cfg);
/// all.write_parquet(&whole).unwrap();
/// assert_eq!(written.events, all.events.len());
/// // The same rows, in the same order (compared without printing them).
/// assert!(parquet::read_dir(&streamed).unwrap() == parquet::read_dir(&whole).unwrap());
/// # std::fs::remove_dir_all(&streamed).ok();
/// # std::fs::remove_dir_all(&whole).ok();
/// ```
pub fn write_parquet(
    cfg: &SynthConfig,
    dir: &std::path::Path,
    mut progress: impl FnMut(u32, usize),
) -> scorecard_compute::Result<Written> {
    use rayon::prelude::*;
    let mut writer = scorecard_compute::readers::parquet::DirWriter::create(dir)?;
    let total = cfg.las.max(1);
    // Enough LAs to keep every core busy; few enough to bound memory.
    let batch = (rayon::current_num_threads() as u32).clamp(1, 8);
    let mut written = Written {
        events: 0,
        las: Vec::new(),
    };
    let mut incoming = Vec::new();
    let mut first = 0;
    while first < total {
        let last = (first + batch).min(total);
        let parts: Vec<Events> = (first..last)
            .into_par_iter()
            .map(|i| {
                let mut ev = Events::default();
                simulate::la(cfg, i, &la_code(i), &mut ev);
                ev
            })
            .collect();
        for (i, mut ev) in (first..last).zip(parts) {
            forward_movers(cfg, i, &mut incoming, &mut ev);
            writer.write(&ev)?;
            written.events += ev.len();
            written.las.push(la_code(i));
            progress(i + 1, written.events);
        }
        first = last;
    }
    writer.finish()?;
    let path = dir.join("population.csv");
    std::fs::write(&path, population_csv(cfg))
        .map_err(|e| scorecard_compute::Error::Io(scorecard_core::FileError::write(&path, e)))?;
    Ok(written)
}

/// Adds to LA `i`'s simulated events the referrals it forwards to the next
/// LA ([`simulate::movers`]), chosen among those it received (`incoming`)
/// and its own; `incoming` becomes what the next LA receives.
fn forward_movers(
    cfg: &SynthConfig,
    i: u32,
    incoming: &mut Vec<scorecard_compute::events::Referral>,
    ev: &mut Events,
) {
    *incoming = simulate::movers(cfg, i, incoming, &ev.referrals);
    ev.referrals.extend(incoming.iter().cloned());
}

/// The code of the `i`th synthetic LA (`SYN001`, ...).
pub fn la_code(i: u32) -> String {
    format!("SYN{:03}", i + 1)
}

/// The years the population covers.
fn years(cfg: &SynthConfig) -> (i32, i32) {
    let first = cfg
        .first_month
        .plus(-i64::from(cfg.warm_up_months) - 120)
        .year();
    (first, cfg.last_month().year())
}

/// Generates a caseload. See the [crate documentation](crate).
pub fn generate(cfg: &SynthConfig) -> Synthetic {
    let mut events = Events::default();
    let mut population = Population::new();
    let mut las = Vec::new();
    let (first_year, last_year) = years(cfg);
    let mut incoming = Vec::new();
    for i in 0..cfg.las.max(1) {
        let code = la_code(i);
        let name = format!("Synthetic {:03}", i + 1);
        for y in first_year..=last_year {
            population.insert(&[&code, &name], y, i64::from(cfg.children_per_la));
        }
        let mut own = Events::default();
        simulate::la(cfg, i, &code, &mut own);
        forward_movers(cfg, i, &mut incoming, &mut own);
        events.append(own);
        las.push(code);
    }
    Synthetic {
        events,
        population,
        las,
    }
}
