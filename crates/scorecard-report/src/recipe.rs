//! What `scorecard run` does, as one library call: [`Sources`] (what to
//! read) → [`Report::build`] (read, combine, compute the two years to the
//! reporting month, supplied aggregates, small-number suppression, the DfE
//! comparators and ranks) → [`Report::write`] (per LA: the scorecard, the
//! tidy rows, revisions against an earlier run, every output; the
//! drill-down on request). The CLI parses flags into these, shows progress
//! and maps errors to exit codes; a council system calls the same.
//!
//! ```no_run
//! use scorecard_report::recipe::{Report, RunOptions, Sources};
//! let sources = Sources::new().annex_a("Annex A 2024-01.xlsx").la("E08000008");
//! let period = "2024-01".parse()?;
//! let report = Report::build(&sources, period, &RunOptions::default(), &|_| {})?;
//! for path in report.write("out".as_ref(), &|step| eprintln!("{step}"))? {
//!     println!("{}", path.display());
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::{Path, PathBuf};

use scorecard_compute::groups::{GroupBy, Grouped, compute_grouped};
use scorecard_compute::readers::{annex_a, canonical, cin_census, parquet, ssd, ssda903};
use scorecard_compute::sources::{Source, combine};
use scorecard_compute::{
    Computation, Coverage, Events, FileAccount, Options, Population, compute_with,
};
use scorecard_core::{Catalogue, Month, Scorecard, ScorecardConfig, Week, WorkingDayCalendar};

use crate::comparators::DfeData;
use crate::error::{Error, Result};
use crate::tidy::TidyRow;
use crate::{focus, tidy};

/// What to read. Every field is optional; at least one input is needed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Sources {
    /// Annex A workbooks or folders of CSVs (one LA: `las` holds it).
    pub annex_a: Vec<PathBuf>,
    /// A council's own Annex A headings and value spellings (TOML).
    pub annex_a_map: Option<PathBuf>,
    /// SSDA903 folders or files (one LA).
    pub ssda903: Vec<PathBuf>,
    /// CIN census XML files or folders.
    pub cin_census: Vec<PathBuf>,
    /// The Standard Safeguarding Dataset (one LA): a folder of its tables
    /// as CSV or Parquet, or a `postgresql://` URL of its database.
    pub ssd: Option<String>,
    /// The canonical form: a folder of `TABLE.csv` or `TABLE.parquet`.
    pub canonical: Option<PathBuf>,
    /// Supplied aggregates (`la,ref,period,value[,numerator,denominator]`).
    pub aggregates: Option<PathBuf>,
    /// ONS mid-year estimates (DfE format); the 2012–2024 file is built in.
    pub population: Option<PathBuf>,
    /// A council's own catalogue TOML, layered on the built-in one.
    pub catalogue: Option<PathBuf>,
    /// The LA (code or name) the Annex A and SSDA903 files belong to; else
    /// which LAs to report (default: all in the data).
    pub las: Vec<String>,
}

impl Sources {
    /// No inputs yet; add them with the methods below.
    ///
    /// ```
    /// use scorecard_report::recipe::Sources;
    /// let s = Sources::new().annex_a("annex_a.xlsx").ssda903("903/2023-24").la("E08000008");
    /// assert_eq!(s.las, ["E08000008"]);
    /// ```
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Also an Annex A workbook or folder of CSVs.
    pub fn annex_a(mut self, path: impl Into<PathBuf>) -> Sources {
        self.annex_a.push(path.into());
        self
    }

    /// A council's own Annex A headings and value spellings.
    pub fn annex_a_map(mut self, path: impl Into<PathBuf>) -> Sources {
        self.annex_a_map = Some(path.into());
        self
    }

    /// Also an SSDA903 folder or file.
    pub fn ssda903(mut self, path: impl Into<PathBuf>) -> Sources {
        self.ssda903.push(path.into());
        self
    }

    /// Also a CIN census XML file or folder.
    pub fn cin_census(mut self, path: impl Into<PathBuf>) -> Sources {
        self.cin_census.push(path.into());
        self
    }

    /// The SSD: a folder of its tables or a `postgresql://` URL.
    pub fn ssd(mut self, folder_or_url: impl Into<String>) -> Sources {
        self.ssd = Some(folder_or_url.into());
        self
    }

    /// The canonical form (a folder of `TABLE.csv` or `TABLE.parquet`).
    pub fn canonical(mut self, dir: impl Into<PathBuf>) -> Sources {
        self.canonical = Some(dir.into());
        self
    }

    /// Supplied aggregates.
    pub fn aggregates(mut self, path: impl Into<PathBuf>) -> Sources {
        self.aggregates = Some(path.into());
        self
    }

    /// ONS mid-year estimates in place of the built-in ones.
    pub fn population(mut self, path: impl Into<PathBuf>) -> Sources {
        self.population = Some(path.into());
        self
    }

    /// A council's own catalogue TOML.
    pub fn catalogue(mut self, path: impl Into<PathBuf>) -> Sources {
        self.catalogue = Some(path.into());
        self
    }

    /// Also the LA `la` (code or name).
    pub fn la(mut self, la: impl Into<String>) -> Sources {
        self.las.push(la.into());
        self
    }
}

/// What the inputs gave: events, the row account of every file and sheet,
/// and which tables and fields they supplied.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Loaded {
    /// The LAs the Annex A, SSDA903 or CIN census files belong to (computed
    /// even if their lists have no rows).
    pub las: Vec<String>,
    /// The events, each table from one source.
    pub events: Events,
    /// Every input file's row account.
    pub accounts: Vec<FileAccount>,
    /// What the inputs supplied.
    pub coverage: Coverage,
    /// SSDA903 OC2's figures for the March of each return year (CF23,
    /// CF25), added where case-level health checks are not given.
    pub year_end: scorecard_compute::aggregates::Supplied,
}

impl Loaded {
    /// Options for the engine: `base` with the coverage and the LAs.
    pub fn options(&self, base: Options) -> Options {
        base.with_coverage(self.coverage.clone())
            .with_las(self.las.iter().cloned())
    }

    /// Computes `first ..= last` with `base` options (and the inputs'
    /// coverage and LAs), the files' row accounts in the data quality and
    /// OC2's March figures added; returns the computation and the events.
    pub fn compute(
        self,
        population: &Population,
        cal: &WorkingDayCalendar,
        first: Month,
        last: Month,
        base: Options,
    ) -> (Computation, Events) {
        let options = self.options(base);
        let mut computation = compute_with(&self.events, population, cal, first, last, &options);
        computation.quality.files = self.accounts;
        computation.add_supplied_as(
            &self.year_end,
            "ssda903_oc2",
            Some("SSDA903 OC2 (31 March of each return year only)"),
        );
        (computation, self.events)
    }
}

fn read(path: &Path) -> Result<String> {
    Ok(scorecard_compute::readers::text::read(path)?)
}

/// The catalogue: built in, with a council's own TOML layered on.
pub fn catalogue(path: Option<&Path>) -> Result<Catalogue> {
    let mut cat = Catalogue::try_builtin()?;
    if let Some(p) = path {
        cat.extend_from_toml(&read(p)?, &p.display().to_string())?;
    }
    Ok(cat)
}

/// The Annex A specification: built in, with a council's own headings and
/// value spellings (`map`, TOML) layered on.
pub fn annex_spec(map: Option<&Path>) -> Result<annex_a::Spec> {
    let mut spec = annex_a::Spec::builtin()?;
    if let Some(p) = map {
        spec.layer_toml(&read(p)?, &p.display().to_string())?;
    }
    Ok(spec)
}

/// The population: `path`, or the built-in ONS estimates.
pub fn population(path: Option<&Path>) -> Result<Population> {
    Ok(match path {
        Some(p) => Population::from_ons_csv(&read(p)?, &p.display().to_string())?,
        None => Population::builtin()?,
    })
}

/// The configuration: the published defaults with `path` layered on.
pub fn config(path: Option<&Path>) -> Result<ScorecardConfig> {
    let mut cfg = ScorecardConfig::try_published_defaults()?;
    if let Some(p) = path {
        cfg.layer_toml(&read(p)?, &p.display().to_string())?;
    }
    Ok(cfg)
}

/// The months computed: two years to the reporting month, so that the
/// previous financial year and a 12-month series are complete.
pub fn window(period: Month) -> (Month, Month) {
    (period.plus(-23), period)
}

/// Reads `sources` (only `tables` of a canonical Parquet folder, when
/// given), combining them in the order of precedence canonical, SSD,
/// SSDA903, Annex A, CIN census (see `scorecard_compute::sources`).
pub fn load(
    sources: &Sources,
    period: Month,
    cal: &WorkingDayCalendar,
    tables: Option<&[scorecard_compute::Table]>,
    progress: &dyn Fn(&str),
) -> Result<Loaded> {
    if sources.canonical.is_none()
        && sources.annex_a.is_empty()
        && sources.ssda903.is_empty()
        && sources.cin_census.is_empty()
        && sources.ssd.is_none()
        && sources.aggregates.is_none()
    {
        return Err(Error::Invalid(
            "no input: give --annex-a, --ssda903, --cin-census, --ssd, --canonical or --aggregates"
                .into(),
        ));
    }
    let mut found: Vec<Source> = Vec::new();
    let mut accounts = Vec::new();
    let mut year_end = scorecard_compute::aggregates::Supplied::new();
    let single_la = || -> Result<String> {
        match sources.las.as_slice() {
            [one] => Ok(one.clone()),
            _ => Err(Error::Invalid("Annex A, SSDA903 and SSD files belong to one local authority: name it with exactly one --la (its code, e.g. E08000008, or name)".into())),
        }
    };
    if let Some(dir) = &sources.canonical {
        progress(&format!("reading the canonical form in {}", dir.display()));
        let ev = if has_parquet(dir)? {
            parquet::read_dir_tables(dir, tables)?
        } else {
            canonical::read_dir(dir)?
        };
        found.push(Source::new(
            format!("the canonical form {}", dir.display()),
            ev,
            canonical::coverage(dir),
        ));
    }
    if let Some(ssd) = &sources.ssd {
        let la = single_la()?;
        let is_url = ssd.starts_with("postgresql://") || ssd.starts_with("postgres://");
        let read = if is_url {
            progress("reading the SSD from its PostgreSQL database");
            ssd::read_postgres(&la, ssd)?
        } else {
            progress(&format!("reading the SSD from {ssd}"));
            ssd::read_dir(&la, Path::new(ssd))?
        };
        accounts.extend(read.accounts);
        let name = if is_url {
            "the SSD database".to_string()
        } else {
            format!("the SSD {ssd}")
        };
        found.push(Source::new(name, read.events, read.coverage));
    }
    if !sources.ssda903.is_empty() {
        let la = single_la()?;
        let paths: Vec<&Path> = sources.ssda903.iter().map(PathBuf::as_path).collect();
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        progress(&format!("reading SSDA903 files from {}", names.join(", ")));
        let read = ssda903::read_returns(&la, &paths, cal, period.last_day())?;
        let (ev, acc) = (read.events, read.accounts);
        year_end = read.year_end;
        // The tables the files gave, supplied by SSDA903.
        let name = format!("SSDA903 {}", names.join(", "));
        let mut cov = Coverage::new();
        for (t, _) in Coverage::infer(&ev).tables() {
            cov.supply(t, &name);
        }
        // SSDA903's missing episodes carry no return home interviews.
        if cov.has_table("missing_episodes") {
            cov.lack("missing_episodes.rhi_offered", &name);
            cov.lack("missing_episodes.rhi_completed", &name);
        }
        accounts.extend(acc);
        found.push(Source::new(name, ev, cov));
    }
    if !sources.annex_a.is_empty() {
        let spec = annex_spec(sources.annex_a_map.as_deref())?;
        let la = single_la()?;
        let mut ev = Events::default();
        let mut cov = Coverage::new();
        for path in &sources.annex_a {
            progress(&format!("reading Annex A lists from {}", path.display()));
            let read = annex_a::read_path_with(&la, path, spec.clone())?;
            ev.append(read.events);
            accounts.extend(read.accounts);
            cov.merge(read.coverage);
        }
        let names: Vec<String> = sources
            .annex_a
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        found.push(Source::new(
            format!("Annex A {}", names.join(", ")),
            ev,
            cov,
        ));
    }
    let mut census_las: Vec<String> = Vec::new();
    if !sources.cin_census.is_empty() {
        let paths: Vec<&Path> = sources.cin_census.iter().map(PathBuf::as_path).collect();
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        progress(&format!("reading the CIN census from {}", names.join(", ")));
        let la = match sources.las.as_slice() {
            [one] => Some(one.as_str()),
            _ => None,
        };
        // Every census given is one history, stitched across its years.
        let read = cin_census::read_paths(la, &paths)?;
        for c in &read.events.children {
            if !census_las.iter().any(|l| **l == *c.la) {
                census_las.push(c.la.to_string());
            }
        }
        accounts.extend(read.accounts);
        found.push(Source::new(
            format!("the CIN census {}", names.join(", ")),
            read.events,
            read.coverage,
        ));
    }
    let (events, coverage, not_used) = combine(found);
    accounts.extend(not_used);
    let mut las =
        if sources.annex_a.is_empty() && sources.ssda903.is_empty() && sources.ssd.is_none() {
            Vec::new()
        } else {
            vec![single_la()?]
        };
    for la in census_las {
        if !las.contains(&la) {
            las.push(la);
        }
    }
    Ok(Loaded {
        las,
        events,
        accounts,
        coverage,
        year_end,
    })
}

/// Reads `sources` and computes every indicator of `cat` over the two years
/// to `period` (see [`window`]), with the inputs' file accounts in the data
/// quality. Returns the computation, the events (for the drill-down) and the
/// population used. (No kinds of team are named, so WF9–WF12 have no data;
/// [`Report::build`] takes them from the configuration's `[teams]`.)
pub fn compute(
    sources: &Sources,
    period: Month,
    cal: &WorkingDayCalendar,
    cat: &Catalogue,
    progress: &dyn Fn(&str),
) -> Result<(Computation, Events, Population)> {
    compute_configured(sources, period, cal, cat, &Default::default(), progress)
}

/// [`compute`] with the configuration's kinds of team.
fn compute_configured(
    sources: &Sources,
    period: Month,
    cal: &WorkingDayCalendar,
    cat: &Catalogue,
    teams: &scorecard_core::TeamKinds,
    progress: &dyn Fn(&str),
) -> Result<(Computation, Events, Population)> {
    let loaded = load(sources, period, cal, None, progress)?;
    let pop = population(sources.population.as_deref())?;
    let (first, last) = window(period);
    progress(&format!("computing {} events", loaded.events.len()));
    let (computation, events) = loaded.compute(
        &pop,
        cal,
        first,
        last,
        Options::default().with_catalogue(cat).with_teams(teams),
    );
    Ok((computation, events, pop))
}

/// How a run is made beyond its inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RunOptions {
    /// A configuration file layered on the published defaults.
    pub config: Option<PathBuf>,
    /// A folder of DfE published files: comparators and ranks from them.
    pub dfe: Option<PathBuf>,
    /// An earlier run's output folder or `scorecard.json`: revisions flagged.
    pub previous: Option<PathBuf>,
    /// Withhold counts 1–4 and figures made from them.
    pub suppress_small: bool,
    /// Also write `drill-down.csv` (personal data).
    pub drill_down: bool,
    /// Also write `scorecard.pdf` (needs Chromium).
    pub pdf: bool,
    /// Also write `scorecard.parquet`.
    pub parquet: bool,
    /// Also every indicator by team or by worker (`by-team.csv`, `.html`,
    /// `.xlsx`; see [`crate::teams`]).
    pub by: Option<GroupBy>,
    /// Name workers instead of showing their pseudonyms (personal data).
    pub names: bool,
    /// A file whose contents key the workers' pseudonyms (the council's
    /// secret: the same key gives the same pseudonyms in every run).
    pub pseudonym_key: Option<PathBuf>,
    /// With `by`: the caseload above which a worker is counted as over
    /// (`caseloads-by-team.csv`); 20 when not given (a local choice: there
    /// is no national threshold).
    pub caseload_threshold: Option<u32>,
}

/// A computed run, ready to be written.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Report {
    /// The reporting month.
    pub period: Month,
    /// The catalogue.
    pub catalogue: Catalogue,
    /// The configuration (before each LA's DfE comparators).
    pub config: ScorecardConfig,
    /// The computation (every LA).
    pub computation: Computation,
    /// The events (for the drill-down).
    pub events: Events,
    /// The LAs reported.
    pub las: Vec<String>,
    /// Every indicator by team or worker, when asked for.
    pub grouped: Option<Grouped>,
    pseudonym_key: Option<Vec<u8>>,
    dfe: Option<DfeData>,
    options: RunOptions,
}

impl Report {
    /// Reads and computes (see the [module documentation](self)).
    pub fn build(
        sources: &Sources,
        period: Month,
        options: &RunOptions,
        progress: &dyn Fn(&str),
    ) -> Result<Report> {
        let cal = WorkingDayCalendar::england_and_wales();
        let cat = catalogue(sources.catalogue.as_deref())?;
        let cfg = config(options.config.as_deref())?;
        let (mut computation, events, pop) =
            compute_configured(sources, period, &cal, &cat, &cfg.teams, progress)?;
        if let Some(path) = &sources.aggregates {
            let agg = scorecard_compute::aggregates::read_aggregates(
                &read(path)?,
                &path.display().to_string(),
                &cat,
            )?;
            computation.add_supplied(&agg);
        }
        let las = if sources.las.is_empty() {
            computation.las.keys().cloned().collect()
        } else {
            sources.las.clone()
        };
        Report::from_computation(
            computation,
            events,
            &pop,
            las,
            period,
            cat,
            cfg,
            options,
            progress,
        )
    }

    /// A report over a computation made elsewhere (the demo's synthetic
    /// council): suppression and the DfE files applied as in [`Report::build`].
    #[allow(clippy::too_many_arguments)]
    pub fn from_computation(
        mut computation: Computation,
        events: Events,
        population: &Population,
        las: Vec<String>,
        period: Month,
        catalogue: Catalogue,
        config: ScorecardConfig,
        options: &RunOptions,
        progress: &dyn Fn(&str),
    ) -> Result<Report> {
        if las.is_empty() {
            return Err(Error::Invalid("the inputs hold no records".into()));
        }
        config.validate(&catalogue)?;
        let pseudonym_key = crate::teams::read_key(options)?;
        let grouped = match options.by {
            None => None,
            Some(by) => {
                progress(&format!("computing every indicator by {}", by.name()));
                let engine = Options::default()
                    .with_catalogue(&catalogue)
                    .with_teams(&config.teams);
                Some(group(
                    &computation,
                    &events,
                    population,
                    &engine,
                    options,
                    pseudonym_key.as_deref(),
                    by,
                )?)
            }
        };
        if options.suppress_small {
            computation.suppress_small();
        }
        let dfe = match &options.dfe {
            None => None,
            Some(dir) => {
                progress("reading the DfE files");
                Some(read_dfe(dir, population, &config)?)
            }
        };
        Ok(Report {
            period,
            catalogue,
            config,
            computation,
            events,
            las,
            grouped,
            pseudonym_key,
            dfe,
            options: options.clone(),
        })
    }

    /// The scorecard of `la`, its tidy rows for the 12 months to the
    /// reporting month, and its focus areas, with the LA's own DfE
    /// comparators and ranks and, when an earlier run was given, its
    /// revisions.
    pub fn scorecard(&self, la: &str) -> Result<(Scorecard, Vec<TidyRow>, Vec<focus::FocusArea>)> {
        if !self.computation.las.contains_key(la) {
            return Err(Error::Invalid(format!(
                "no data for local authority {la:?}; the data has {:?}",
                self.computation.las.keys().collect::<Vec<_>>()
            )));
        }
        let (period, catalogue) = (self.period, &self.catalogue);
        let mut config = self.config.clone();
        if let Some(data) = &self.dfe
            && let Some(year) = crate::comparators::latest_year(data, "CIN4", period)
        {
            crate::comparators::apply_to_config(&mut config, &data.comparators(la, year));
            crate::comparators::apply_benchmarks(&mut config, data, la, year, catalogue);
        }
        let mut card =
            crate::assemble::scorecard(&self.computation, la, period, catalogue, &config)?;
        let areas = focus::roll_up(focus::IMPROVEMENT_PLAN, &card)?;
        let mut rows = tidy::rows_for(
            &self.computation,
            la,
            catalogue,
            &config,
            period.plus(-11),
            period,
        )?;
        if let Some(path) = &self.options.previous {
            let earlier = crate::revisions::Previous::load(path, la)?;
            earlier.flag_tidy(&mut rows, catalogue);
            earlier.flag_card(&mut card);
        }
        Ok((card, rows, areas))
    }

    /// Writes every output to `out` (one subfolder per LA when there are
    /// several, with `scorecard-all-las.csv` beside them); returns the
    /// paths written.
    pub fn write(&self, out: &Path, progress: &dyn Fn(&str)) -> Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        let mut all_rows = Vec::new();
        for la in &self.las {
            progress(&format!("assembling and writing the scorecard of {la}"));
            let (card, rows, areas) = self.scorecard(la)?;
            let dir = if self.las.len() > 1 {
                out.join(la)
            } else {
                out.to_path_buf()
            };
            written.extend(crate::write_outputs(
                &dir,
                &card,
                &areas,
                &rows,
                &self.computation.quality,
            )?);
            if self.options.parquet {
                let path = dir.join("scorecard.parquet");
                tidy::write_parquet(&rows, &path)?;
                written.push(path);
            }
            if self.options.pdf {
                progress(&format!("printing the PDF of {la}"));
                let pdf = dir.join("scorecard.pdf");
                crate::pdf::print(&dir.join("scorecard.html"), &pdf)?;
                written.push(pdf);
            }
            all_rows.extend(rows);
            if let Some(grouped) = &self.grouped {
                written.extend(self.write_groups(grouped, la, &dir)?);
            }
        }
        if self.las.len() > 1 {
            let path = out.join("scorecard-all-las.csv");
            write(&path, tidy::to_csv(&all_rows)?)?;
            written.push(path);
        }
        if self.options.drill_down {
            let cal = WorkingDayCalendar::england_and_wales();
            let rows = scorecard_compute::drill::drill_down_with(
                &self.events,
                &cal,
                self.period,
                &scorecard_compute::timescales::Timescales::from_catalogue(&self.catalogue),
            );
            let path = out.join("drill-down.csv");
            std::fs::create_dir_all(out).map_err(|e| Error::write(out, e))?;
            write(&path, scorecard_compute::drill::to_csv(&rows)?)?;
            written.push(path);
        }
        Ok(written)
    }
}

impl Report {
    /// `by-team.csv`, `.html` and `.xlsx` (or `by-worker`) of `la` in `dir`.
    fn write_groups(&self, grouped: &Grouped, la: &str, dir: &Path) -> Result<Vec<PathBuf>> {
        let by = grouped.by;
        let rows = crate::teams::rows(
            grouped,
            &self.computation,
            la,
            &self.catalogue,
            &self.config,
            self.period.plus(-11),
            self.period,
        );
        let note = crate::teams::basis_note(
            grouped,
            la,
            self.options.names,
            self.options.pseudonym_key.is_some(),
        );
        crate::teams::write_files(
            &rows,
            self.period,
            &note,
            &crate::teams::Files {
                by,
                la,
                stem: format!("by-{}", by.name()),
                events: &self.events,
                names: self.options.names,
                key: self.pseudonym_key.as_deref(),
                threshold: self.options.caseload_threshold.unwrap_or(20),
            },
            dir,
        )
    }
}

/// Every indicator by `by`, as the LA totals in `computation` were made:
/// the same months and catalogue, no value where the LA has none,
/// suppressed as the LA's are, workers pseudonymised unless named.
fn group(
    computation: &Computation,
    events: &Events,
    population: &Population,
    engine: &Options,
    options: &RunOptions,
    key: Option<&[u8]>,
    by: GroupBy,
) -> Result<Grouped> {
    let (Some(first), Some(last)) = (computation.first, computation.last) else {
        return Err(Error::Invalid("nothing was computed to group".into()));
    };
    // Only the 12 months the team view shows: each month's assignment of
    // children to groups is a computation of its own.
    let first = first.max(last.plus(-11));
    let cal = WorkingDayCalendar::england_and_wales();
    let mut grouped = compute_grouped(events, population, &cal, first, last, engine, by);
    crate::teams::finish(&mut grouped, computation, options, key);
    Ok(grouped)
}

fn write(path: &Path, text: String) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::write(path, e))
}

/// Reads every CSV of a DfE folder, with `config`'s neighbour settings.
pub fn read_dfe(dir: &Path, population: &Population, config: &ScorecardConfig) -> Result<DfeData> {
    let mut data = DfeData::new(population.clone()).with_statistics(&config.statistics);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::read(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    for f in files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        data.add_file(&name, &read(&f)?)?;
    }
    Ok(data)
}

/// The engine's options for `refs` (every derivable one when empty); a ref
/// the catalogue has but the engine does not compute is refused as
/// supplied, any other unknown ref with the close ones.
fn series_options(catalogue: &Catalogue, refs: &[String]) -> Result<Options> {
    Ok(if refs.is_empty() {
        Options::default()
    } else {
        if let Some(r) = refs.iter().find(|r| {
            !scorecard_compute::COMPUTED.contains(&r.as_str()) && catalogue.get(r).is_some()
        }) {
            return Err(Error::Invalid(format!(
                "--refs: {r} is not computed from case-level data (it is supplied as an aggregate)"
            )));
        }
        Options::refs(refs.iter().cloned()).map_err(|e| Error::Invalid(format!("--refs: {e}")))?
    })
}

/// [`series`] by week, weeks `from ..= to` (of `from`'s week end).
pub fn series_weekly(
    sources: &Sources,
    from: Week,
    to: Week,
    refs: &[String],
    progress: &dyn Fn(&str),
) -> Result<SeriesRun<Week>> {
    let catalogue = catalogue(sources.catalogue.as_deref())?;
    let options = series_options(&catalogue, refs)?;
    let cal = WorkingDayCalendar::england_and_wales();
    let tables = options.tables();
    let clock = std::time::Instant::now();
    let loaded = load(sources, to.month(), &cal, Some(&tables), progress)?;
    let pop = population(sources.population.as_deref())?;
    let read_seconds = clock.elapsed().as_secs_f64();
    progress(&format!("computing {} events by week", loaded.events.len()));
    let engine = loaded.options(options.with_catalogue(&catalogue));
    let mut computation =
        scorecard_compute::compute_weekly(&loaded.events, &pop, &cal, from, to, &engine);
    computation.quality.files = loaded.accounts;
    let compute_seconds = clock.elapsed().as_secs_f64() - read_seconds;
    Ok(SeriesRun {
        computation,
        events: loaded.events.len(),
        read_seconds,
        compute_seconds,
    })
}

/// Every LA's monthly series from `sources`, unrated (`scorecard series`):
/// what was computed, from which events, and how long reading and
/// computing took.
#[derive(Debug)]
#[non_exhaustive]
pub struct SeriesRun<P = Month> {
    /// The computation (by month, or by week from [`series_weekly`]).
    pub computation: Computation<P>,
    /// How many events (rows of every table read) it was computed from.
    pub events: usize,
    /// Seconds reading the inputs.
    pub read_seconds: f64,
    /// Seconds computing.
    pub compute_seconds: f64,
}

/// Computes the series of `refs` (every derivable one when empty) for the
/// months `from ..= to`, reading only the tables they need. A ref the
/// catalogue has but the engine does not compute is refused as supplied;
/// any other unknown ref is refused with the close ones.
pub fn series(
    sources: &Sources,
    from: Month,
    to: Month,
    refs: &[String],
    progress: &dyn Fn(&str),
) -> Result<SeriesRun> {
    let catalogue = catalogue(sources.catalogue.as_deref())?;
    let options = series_options(&catalogue, refs)?;
    let cal = WorkingDayCalendar::england_and_wales();
    let tables = options.tables();
    let clock = std::time::Instant::now();
    if let Some(dir) = parquet_only(sources)? {
        // Canonical Parquet alone: straight into the engine's frame, no
        // record made (the same series as through the events; a test checks).
        progress(&format!("reading the canonical form in {}", dir.display()));
        let frame = parquet::read_frame(dir, Some(&tables))?;
        let pop = population(sources.population.as_deref())?;
        let read_seconds = clock.elapsed().as_secs_f64();
        let events = frame.rows_read() as usize;
        progress(&format!("computing {events} events"));
        let options = options
            .with_catalogue(&catalogue)
            .with_coverage(canonical::coverage(dir));
        let computation = scorecard_compute::compute_frame(frame, &pop, &cal, from, to, &options);
        let compute_seconds = clock.elapsed().as_secs_f64() - read_seconds;
        return Ok(SeriesRun {
            computation,
            events,
            read_seconds,
            compute_seconds,
        });
    }
    let loaded = load(sources, to, &cal, Some(&tables), progress)?;
    let pop = population(sources.population.as_deref())?;
    let read_seconds = clock.elapsed().as_secs_f64();
    progress(&format!("computing {} events", loaded.events.len()));
    let (computation, events) =
        loaded.compute(&pop, &cal, from, to, options.with_catalogue(&catalogue));
    let compute_seconds = clock.elapsed().as_secs_f64() - read_seconds;
    Ok(SeriesRun {
        computation,
        events: events.len(),
        read_seconds,
        compute_seconds,
    })
}

/// The canonical folder, when it is the only input and holds Parquet.
fn parquet_only(sources: &Sources) -> Result<Option<&Path>> {
    let Some(dir) = &sources.canonical else {
        return Ok(None);
    };
    if !(sources.annex_a.is_empty()
        && sources.ssda903.is_empty()
        && sources.cin_census.is_empty()
        && sources.ssd.is_none()
        && sources.aggregates.is_none())
    {
        return Ok(None);
    }
    Ok(has_parquet(dir)?.then_some(dir.as_path()))
}

/// Does the canonical folder `dir` hold Parquet (else it is CSV)?
fn has_parquet(dir: &Path) -> Result<bool> {
    Ok(std::fs::read_dir(dir)
        .map_err(|e| Error::read(dir, e))?
        .filter_map(|e| e.ok())
        .any(|e| e.path().extension().is_some_and(|x| x == "parquet")))
}
