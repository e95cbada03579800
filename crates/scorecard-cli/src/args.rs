//! The command line's flags (clap): what each subcommand takes.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use scorecard_compute::groups::GroupBy;
use scorecard_core::Week;
use scorecard_report::recipe;

#[derive(Parser, Debug)]
#[command(
    name = "scorecard",
    version,
    about = "Children's social care performance scorecards from case-level data"
)]
pub struct Cli {
    /// No progress bars or summaries (errors still go to stderr).
    #[arg(long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// What to write besides the five outputs, and how (shared by demo and run).
#[derive(Args, Debug)]
pub struct Outputs {
    /// Withhold small numbers in the outputs (counts 1-4, and percentages and rates from them, shown as c).
    #[arg(long)]
    pub suppress_small: bool,
    /// Also write scorecard.pdf for the committee pack (A3 landscape; needs Chromium).
    #[arg(long)]
    pub pdf: bool,
    /// Also write scorecard.parquet: the tidy rows with typed columns (dates, integers),
    /// for Power BI and DuckDB.
    #[arg(long)]
    pub parquet: bool,
    /// Also every indicator by team (or worker): by-team.csv, by-team.html with funnel plots,
    /// by-team.xlsx. A child is in the team of their latest allocation begun by each month's
    /// end (Annex A: the current Allocated Team); the teams and "unallocated" add up to the LA.
    /// By worker is personal data: workers are pseudonymised unless --names is given.
    #[arg(long, value_name = "team|worker")]
    pub by: Option<GroupBy>,
    /// With --by worker: name the workers instead of pseudonymising them.
    #[arg(long)]
    pub names: bool,
    /// With --by worker: a file whose contents key the pseudonyms (keep it secret; the same
    /// key gives the same pseudonyms in every run). Without it they are keyed by the LA code.
    #[arg(long, value_name = "FILE")]
    pub pseudonym_key: Option<PathBuf>,
    /// With --by: count the workers holding more than N cases in caseloads-by-team.csv (default
    /// 20, a local choice: there is no national threshold).
    #[arg(long, value_name = "N")]
    pub caseload_over: Option<u32>,
    /// monthly (the scorecard, the default) or weekly: every indicator by week for the 13
    /// weeks to --period, given as an ISO week (2024-W05); writes weekly.csv, .html, .xlsx.
    /// A period written as a week (2024-W05) implies weekly.
    #[arg(long, value_enum)]
    pub cadence: Option<Cadence>,
    /// With weekly: the weekday weeks end on (default sunday: ISO weeks, Monday to Sunday;
    /// friday: Saturday to Friday). A week is named by the ISO week of its last day.
    #[arg(long, value_name = "DAY")]
    pub week_end: Option<String>,
}

/// How often the figures are reported.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    /// By calendar month: the scorecard.
    Monthly,
    /// By week: the operational view.
    Weekly,
}

impl Outputs {
    /// The reporting week, when the run is weekly (`--cadence weekly`, or a
    /// period written as a week); `None` for a monthly run.
    pub fn week(&self, period: &str) -> Result<Option<Week>, String> {
        let looks_weekly = scorecard_core::week::parse_iso(period).is_some();
        match (self.cadence, looks_weekly) {
            (Some(Cadence::Monthly), true) => {
                return Err(format!(
                    "--period {period} is a week but --cadence is monthly: give a month (2024-01) or --cadence weekly"
                ));
            }
            (None | Some(Cadence::Monthly), false) => {
                if self.week_end.is_some() {
                    return Err("--week-end is for weekly runs: add --cadence weekly".into());
                }
                return Ok(None);
            }
            _ => {}
        }
        let end: chrono::Weekday = match &self.week_end {
            None => chrono::Weekday::Sun,
            Some(d) => d.trim().parse().map_err(|_| {
                format!("--week-end {d:?} is not a weekday (monday ... sunday, or mon ... sun)")
            })?,
        };
        let Some((year, number)) = scorecard_core::week::parse_iso(period) else {
            return Err(format!(
                "--period {period:?}: a weekly run needs an ISO week such as 2024-W05"
            ));
        };
        Week::iso_ending(year, number, end)
            .map(Some)
            .ok_or_else(|| format!("--period {period:?}: {year} has no week {number}"))
    }

    /// The recipe's options with these flags.
    pub fn options(&self) -> recipe::RunOptions {
        let mut o = recipe::RunOptions::default();
        o.suppress_small = self.suppress_small;
        o.pdf = self.pdf;
        o.parquet = self.parquet;
        o.by = self.by;
        o.names = self.names;
        o.pseudonym_key = self.pseudonym_key.clone();
        o.caseload_threshold = self.caseload_over;
        o
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Generate a synthetic council, compute its scorecard and write every output.
    Demo {
        /// Output folder.
        #[arg(long, default_value = "scorecard-demo")]
        out: PathBuf,
        /// Children aged 0-17 in the synthetic council.
        #[arg(long, default_value_t = 60_000)]
        children: u32,
        /// Seed of the generator (same seed, same council).
        #[arg(long, default_value_t = 2024)]
        seed: u64,
        /// Reporting month.
        #[arg(long, default_value = "2024-01")]
        period: String,
        /// Also write the synthetic council's data under DIR/input: canonical Parquet, Annex A
        /// CSVs, an Annex A workbook in the template's dress (title rows, coded values), and
        /// a CIN census XML file.
        #[arg(long)]
        write_inputs: bool,
        #[command(flatten)]
        outputs: Outputs,
    },
    /// Compute the scorecard from your data and write every output.
    Run {
        #[command(flatten)]
        inputs: Inputs,
        /// Reporting month (YYYY-MM or Mon-YY).
        #[arg(long)]
        period: String,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Configuration layered on the published defaults (targets, tolerances, rules, overrides).
        #[arg(long)]
        config: Option<PathBuf>,
        /// A folder of DfE published files (c1_..., c4_..., d5_..., cla_..., the 2021
        /// statistical neighbour groupings): England, region and statistical-neighbour
        /// averages are computed from them instead of the configured ones.
        #[arg(long)]
        dfe: Option<PathBuf>,
        /// Also write drill-down.csv: the children behind CIN1, CIN4, CIN8, SG6, CIN18 and CF1
        /// in the reporting month, for case audits. Personal data: keep it inside the council.
        #[arg(long)]
        drill_down: bool,
        /// An earlier run's output folder (or its scorecard.json): every earlier month's
        /// figure that changed since (late data entry), and every rating or arrow that
        /// changed, is flagged in every output with the earlier value.
        #[arg(long, value_name = "OUT_OR_JSON")]
        previous: Option<PathBuf>,
        #[command(flatten)]
        outputs: Outputs,
    },
    /// Read the inputs and write the data-quality report alone.
    Validate {
        #[command(flatten)]
        inputs: Inputs,
        /// Reporting month (YYYY-MM); needed for SSDA903 review schedules.
        #[arg(long)]
        period: String,
        /// Write data-quality.csv here instead of printing it.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Compute every indicator's monthly series for every LA in the data and write them
    /// as one tidy CSV (la, ref, period, numerator, denominator, value): for Power BI,
    /// for checking the engine against SQL, and for timing it (see BENCHMARKS.md).
    Series {
        #[command(flatten)]
        inputs: Inputs,
        /// First month (YYYY-MM), or first ISO week (2024-W01: the series by week).
        #[arg(long)]
        from: String,
        /// Last month (YYYY-MM), or last ISO week (2024-W05).
        #[arg(long)]
        to: String,
        /// Only these refs, comma-separated (e.g. CIN1,CIN8,CF1); only the tables they
        /// need are read. Default: every derivable indicator.
        #[arg(long, value_delimiter = ',')]
        refs: Vec<String>,
        /// Output CSV file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Generate a synthetic caseload of many councils and write it in the canonical form
    /// (TABLE.parquet) with its population (population.csv, DfE's ONS format).
    Synth {
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Number of local authorities (SYN001, SYN002, ...).
        #[arg(long, default_value_t = 1)]
        las: u32,
        /// Children aged 0-17 in each.
        #[arg(long, default_value_t = 60_000)]
        children: u32,
        /// First reported month (YYYY-MM); 36 months of history are simulated before it.
        #[arg(long, default_value = "2019-02")]
        first: String,
        /// Number of reported months.
        #[arg(long, default_value_t = 60)]
        months: u32,
        /// Seed of the generator (same seed, same caseload).
        #[arg(long, default_value_t = 2024)]
        seed: u64,
        /// Also write each council as Standard Safeguarding Dataset tables
        /// (OUT/ssd/LA/ssd_person.csv, ...), for `run --ssd` or loading into a database.
        #[arg(long)]
        ssd: bool,
    },
    /// Write the England and Wales working-day calendar as CSV (date, working_day,
    /// working_days_to: working days from the calendar's start up to and including the
    /// date). Working days between a and b, as the engine counts them (a excluded, b
    /// included), are working_days_to(b) - working_days_to(a).
    Calendar {
        /// Output CSV file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Say what each input file and sheet is (which Annex A list, heading row, rows, date
    /// range, columns matched and not), and which indicators these inputs can feed.
    Inspect {
        /// Annex A workbooks, CSV files or folders of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Your own Annex A headings and value spellings (see `run --annex-a-map`).
        #[arg(long)]
        annex_a_map: Option<PathBuf>,
    },
    /// Print every indicator with its definition.
    Catalogue {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Your own catalogue TOML, layered on the built-in one (see `run --catalogue`).
        #[arg(long)]
        catalogue: Option<PathBuf>,
    },
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Args, Debug)]
pub struct Inputs {
    /// Ofsted Annex A lists: a workbook (.xlsx, .xls, .ods) or a folder of CSVs (one per
    /// list); may be given more than once. Needs one --la.
    #[arg(long)]
    pub annex_a: Vec<PathBuf>,
    /// Your own Annex A headings and value spellings, layered on the built-in ones (the
    /// shape of crates/scorecard-compute/data/annex-a.toml).
    #[arg(long)]
    pub annex_a_map: Option<PathBuf>,
    /// SSDA903 CSV files (header, episodes, reviews, missing, ...): a folder, with several
    /// years' returns (the year in the file names, or a subfolder per year), or given once
    /// per year; episodes are stitched across years. Needs one --la.
    #[arg(long)]
    ssda903: Vec<PathBuf>,
    /// The DfE children in need census XML: a file, or a folder of them (one per census
    /// year; the later census wins where two hold the same referral); may be given more
    /// than once. The LA is --la if given, else the file's LEA code.
    #[arg(long)]
    pub cin_census: Vec<PathBuf>,
    /// The Standard Safeguarding Dataset: a folder of its tables as CSV or Parquet files
    /// (ssd_person.csv, ssd_cin_episodes.csv, ...), or its PostgreSQL database as
    /// postgresql://user:password@host:port/database[?schema=NAME]. Needs one --la.
    #[arg(long)]
    pub ssd: Option<String>,
    /// The canonical form: a folder of TABLE.csv or TABLE.parquet files.
    #[arg(long)]
    pub canonical: Option<PathBuf>,
    /// Supplied aggregates: CSV of la,ref,period,value[,numerator,denominator].
    #[arg(long)]
    pub aggregates: Option<PathBuf>,
    /// ONS mid-year population estimates (DfE format); the 2012-2024 file is built in.
    #[arg(long)]
    pub population: Option<PathBuf>,
    /// Your own indicator catalogue (TOML in the shape of scorecard-core/data/catalogue.toml),
    /// layered on the built-in one: new indicators, and `replaces = ["CIN8"]` to redefine one.
    /// Its timescales (working days, hours, calendar days) change what is computed.
    #[arg(long)]
    pub catalogue: Option<PathBuf>,
    /// Local authorities (code or name). For Annex A and SSDA903, the one LA the files belong to;
    /// otherwise which LAs to report (default: all in the data).
    #[arg(long = "la")]
    pub las: Vec<String>,
}

impl Inputs {
    /// What to read, for the library's recipe.
    pub fn sources(&self) -> recipe::Sources {
        let mut s = recipe::Sources::new();
        s.annex_a = self.annex_a.clone();
        s.annex_a_map = self.annex_a_map.clone();
        s.ssda903 = self.ssda903.clone();
        s.cin_census = self.cin_census.clone();
        s.ssd = self.ssd.clone();
        s.canonical = self.canonical.clone();
        s.aggregates = self.aggregates.clone();
        s.population = self.population.clone();
        s.catalogue = self.catalogue.clone();
        s.las = self.las.clone();
        s
    }
}
