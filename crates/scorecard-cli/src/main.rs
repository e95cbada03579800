//! `scorecard`: the command line over the scorecard libraries.
//!
//! ```text
//! scorecard demo [--out DIR]                      a synthetic council, every output
//! scorecard run --period 2024-01 --out DIR ...    your data, every output
//! scorecard validate ...                          the data-quality report alone
//! scorecard inspect PATH...                       what each input file and sheet is
//! scorecard catalogue [--format table|csv|json]   every indicator and its definition
//! ```
//!
//! Exit status: 0 on success, 2 when the input or configuration is wrong
//! (the message names the file, row and column), 1 for anything else.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use scorecard_compute::readers::annex_a;
use scorecard_compute::{Options, compute, compute_with};
use scorecard_core::{Catalogue, Month, ScorecardConfig, WorkingDayCalendar};
use scorecard_report::recipe;

/// mimalloc instead of glibc's malloc: large tables are allocated and freed
/// many times, and glibc returned their pages to the kernel each time (half
/// the time of a run went to page faults; see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(
    name = "scorecard",
    version,
    about = "Children's social care performance scorecards from case-level data"
)]
struct Cli {
    /// No progress bars or summaries (errors still go to stderr).
    #[arg(long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
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
        /// Withhold small numbers in the outputs (counts 1-4, and percentages and rates from them, shown as c).
        #[arg(long)]
        suppress_small: bool,
        /// Also write scorecard.pdf for the committee pack (A3 landscape; needs Chromium).
        #[arg(long)]
        pdf: bool,
        /// Also write scorecard.parquet: the tidy rows with typed columns (dates, integers),
        /// for Power BI and DuckDB.
        #[arg(long)]
        parquet: bool,
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
        /// Withhold small numbers in the outputs (counts 1-4, and percentages and rates from them, shown as c).
        #[arg(long)]
        suppress_small: bool,
        /// Also write drill-down.csv: the children behind CIN1, CIN4, CIN8, SG6, CIN18 and CF1
        /// in the reporting month, for case audits. Personal data: keep it inside the council.
        #[arg(long)]
        drill_down: bool,
        /// An earlier run's output folder (or its scorecard.json): every earlier month's
        /// figure that changed since (late data entry), and every rating or arrow that
        /// changed, is flagged in every output with the earlier value.
        #[arg(long, value_name = "OUT_OR_JSON")]
        previous: Option<PathBuf>,
        /// Also write scorecard.pdf for the committee pack (A3 landscape; needs Chromium).
        #[arg(long)]
        pdf: bool,
        /// Also write scorecard.parquet: the tidy rows with typed columns (dates, integers),
        /// for Power BI and DuckDB.
        #[arg(long)]
        parquet: bool,
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
        /// First month (YYYY-MM).
        #[arg(long)]
        from: String,
        /// Last month (YYYY-MM).
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
enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Args, Debug)]
struct Inputs {
    /// Ofsted Annex A lists: a workbook (.xlsx, .xls, .ods) or a folder of CSVs (one per
    /// list); may be given more than once. Needs one --la.
    #[arg(long)]
    annex_a: Vec<PathBuf>,
    /// Your own Annex A headings and value spellings, layered on the built-in ones (the
    /// shape of crates/scorecard-compute/data/annex-a.toml).
    #[arg(long)]
    annex_a_map: Option<PathBuf>,
    /// SSDA903 CSV files (header, episodes, reviews, missing, ...): a folder, with several
    /// years' returns (the year in the file names, or a subfolder per year), or given once
    /// per year; episodes are stitched across years. Needs one --la.
    #[arg(long)]
    ssda903: Vec<PathBuf>,
    /// The DfE children in need census XML: a file, or a folder of them (one per census
    /// year; the later census wins where two hold the same referral); may be given more
    /// than once. The LA is --la if given, else the file's LEA code.
    #[arg(long)]
    cin_census: Vec<PathBuf>,
    /// The canonical form: a folder of TABLE.csv or TABLE.parquet files.
    #[arg(long)]
    canonical: Option<PathBuf>,
    /// Supplied aggregates: CSV of la,ref,period,value[,numerator,denominator].
    #[arg(long)]
    aggregates: Option<PathBuf>,
    /// ONS mid-year population estimates (DfE format); the 2012-2024 file is built in.
    #[arg(long)]
    population: Option<PathBuf>,
    /// Your own indicator catalogue (TOML in the shape of scorecard-core/data/catalogue.toml),
    /// layered on the built-in one: new indicators, and `replaces = ["CIN8"]` to redefine one.
    /// Its timescales (working days, hours, calendar days) change what is computed.
    #[arg(long)]
    catalogue: Option<PathBuf>,
    /// Local authorities (code or name). For Annex A and SSDA903, the one LA the files belong to;
    /// otherwise which LAs to report (default: all in the data).
    #[arg(long = "la")]
    las: Vec<String>,
}

/// `print!` and `println!` that stop quietly when the reader of the output
/// has gone (`scorecard catalogue | head`) instead of panicking.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout(), $($t)*).map_err(Failure::stdout)?
    }};
}
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($t)*).map_err(Failure::stdout)?
    }};
}

/// An error with the exit status it should give.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    /// Exit status 2: the input or configuration is wrong.
    fn data(message: impl std::fmt::Display) -> Self {
        Failure {
            code: 2,
            message: message.to_string(),
        }
    }

    /// Standard output could not be written: when its reader has gone
    /// (a closed pipe) the run stops quietly with status 0, else status 1.
    fn stdout(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure {
                code: 0,
                message: String::new(),
            }
        } else {
            Failure::other(format!("cannot write to standard output: {e}"))
        }
    }

    /// Exit status 1: anything else (a file that cannot be read or written,
    /// an output that cannot be made).
    fn other(message: impl std::fmt::Display) -> Self {
        Failure {
            code: 1,
            message: message.to_string(),
        }
    }
}

impl From<scorecard_compute::Error> for Failure {
    fn from(e: scorecard_compute::Error) -> Self {
        match e {
            scorecard_compute::Error::Io { .. } => Failure::other(e),
            _ => Failure::data(e),
        }
    }
}

impl From<scorecard_core::Error> for Failure {
    fn from(e: scorecard_core::Error) -> Self {
        Failure::data(e)
    }
}

impl From<scorecard_report::Error> for Failure {
    fn from(e: scorecard_report::Error) -> Self {
        match e {
            scorecard_report::Error::Compute(e) => e.into(),
            scorecard_report::Error::Output(_) | scorecard_report::Error::Input { .. } => {
                Failure::other(e)
            }
            _ => Failure::data(e),
        }
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        Failure::other(format!("cannot write JSON: {e}"))
    }
}

/// Writes `contents` to `path`; a failure names the path (exit status 1).
fn write_file(path: &Path, contents: impl AsRef<[u8]>) -> Res<()> {
    std::fs::write(path, contents)
        .map_err(|e| Failure::other(format!("cannot write {}: {e}", path.display())))
}

/// Creates the folder `path`; a failure names it (exit status 1).
fn create_dir(path: &Path) -> Res<()> {
    std::fs::create_dir_all(path)
        .map_err(|e| Failure::other(format!("cannot create the folder {}: {e}", path.display())))
}

type Res<T> = std::result::Result<T, Failure>;

fn spinner(quiet: bool) -> ProgressBar {
    let pb = ProgressBar::new_spinner();
    if quiet {
        pb.set_draw_target(ProgressDrawTarget::hidden());
    } else {
        pb.set_style(
            ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        pb.enable_steady_tick(Duration::from_millis(120));
    }
    pb
}

fn read(path: &Path) -> Res<String> {
    Ok(scorecard_compute::readers::text::read(path)?)
}

fn parse_month(s: &str) -> Res<Month> {
    Ok(s.parse::<Month>()?)
}

impl Inputs {
    /// What to read, for the library's recipe.
    fn sources(&self) -> recipe::Sources {
        recipe::Sources {
            annex_a: self.annex_a.clone(),
            annex_a_map: self.annex_a_map.clone(),
            ssda903: self.ssda903.clone(),
            cin_census: self.cin_census.clone(),
            canonical: self.canonical.clone(),
            aggregates: self.aggregates.clone(),
            population: self.population.clone(),
            catalogue: self.catalogue.clone(),
            las: self.las.clone(),
        }
    }
}

/// Progress messages on the spinner.
fn progress(pb: &ProgressBar) -> impl Fn(&str) + '_ {
    move |m: &str| pb.set_message(m.to_string())
}

/// An enumeration's name as the catalogue TOML spells it (`percent`,
/// `higher_is_better`), not Rust's `Debug` name.
fn toml_name<T: serde::Serialize + std::fmt::Debug>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => format!("{value:?}"),
    }
}

/// The Annex A specification: built in, with `map` layered on.
fn annex_spec(map: Option<&Path>) -> Res<annex_a::Spec> {
    let mut spec = annex_a::Spec::builtin()?;
    if let Some(p) = map {
        spec.layer_toml(&read(p)?, &p.display().to_string())?;
    }
    Ok(spec)
}

fn run(cli: Cli) -> Res<()> {
    let cal = WorkingDayCalendar::england_and_wales();
    match cli.command {
        Command::Demo {
            out,
            children,
            seed,
            period,
            write_inputs,
            suppress_small,
            pdf,
            parquet,
        } => {
            let period = parse_month(&period)?;
            let pb = spinner(cli.quiet);
            pb.set_message(format!(
                "generating a synthetic council of {children} children"
            ));
            let (first, last) = recipe::window(period);
            let cfg = scorecard_synth::SynthConfig {
                seed,
                children_per_la: children,
                first_month: first,
                months: 24,
                ..Default::default()
            };
            let synthetic = scorecard_synth::generate(&cfg);
            if write_inputs {
                pb.set_message("writing the synthetic inputs");
                synthetic.write_parquet(&out.join("input").join("canonical"))?;
                synthetic.write_annex_a(&out.join("input").join("annex-a"))?;
                synthetic.write_annex_a_workbook(&out.join("input").join("annex-a-workbook"))?;
                // The census year containing the reporting month ends on 31 March.
                let fy_end = if period.month() >= 4 {
                    period.year() + 1
                } else {
                    period.year()
                };
                let reference =
                    chrono::NaiveDate::from_ymd_opt(fy_end, 3, 31).unwrap_or(period.last_day());
                synthetic.write_cin_census(&out.join("input").join("cin-census"), reference)?;
            }
            pb.set_message(format!("computing {} events", synthetic.events.len()));
            let computation = compute(&synthetic.events, &synthetic.population, &cal, first, last);
            let options = recipe::RunOptions {
                suppress_small,
                pdf,
                parquet,
                ..recipe::RunOptions::default()
            };
            let report = recipe::Report::from_computation(
                computation,
                synthetic.events,
                &synthetic.population,
                synthetic.las.clone(),
                period,
                Catalogue::try_builtin()?,
                ScorecardConfig::try_published_defaults()?,
                &options,
                &progress(&pb),
            )?;
            let written = report.write(&out, &progress(&pb))?;
            pb.finish_and_clear();
            if !cli.quiet {
                outln!(
                    "Synthetic council {} ({children} children), scorecard for {}:",
                    synthetic.las.join(", "),
                    period.label()
                );
                for p in written {
                    outln!("  {}", p.display());
                }
            }
            Ok(())
        }
        Command::Run {
            inputs,
            period,
            out,
            config,
            dfe,
            suppress_small,
            drill_down,
            previous,
            pdf,
            parquet,
        } => {
            let period = parse_month(&period)?;
            let pb = spinner(cli.quiet);
            let options = recipe::RunOptions {
                config,
                dfe,
                previous,
                suppress_small,
                drill_down,
                pdf,
                parquet,
            };
            let report =
                recipe::Report::build(&inputs.sources(), period, &options, &progress(&pb))?;
            let written = report.write(&out, &progress(&pb))?;
            let las = &report.las;
            pb.finish_and_clear();
            if !cli.quiet {
                outln!("Scorecard for {} ({}):", period.label(), las.join(", "));
                for p in written {
                    outln!("  {}", p.display());
                }
            }
            Ok(())
        }
        Command::Validate {
            inputs,
            period,
            out,
        } => {
            let period = parse_month(&period)?;
            let pb = spinner(cli.quiet);
            let cat = recipe::catalogue(inputs.catalogue.as_deref())?;
            let (computation, _, _) =
                recipe::compute(&inputs.sources(), period, &cal, &cat, &progress(&pb))?;
            let text = scorecard_report::quality::to_csv(&computation.quality)?;
            pb.finish_and_clear();
            match out {
                Some(dir) => {
                    create_dir(&dir)?;
                    write_file(&dir.join("data-quality.csv"), text)?;
                }
                None => out!("{text}"),
            }
            Ok(())
        }
        Command::Series {
            inputs,
            from,
            to,
            refs,
            out,
        } => {
            let (from, to) = (parse_month(&from)?, parse_month(&to)?);
            let catalogue = recipe::catalogue(inputs.catalogue.as_deref())?;
            let options = if refs.is_empty() {
                Options::default()
            } else {
                // A ref of the catalogue that is supplied, not computed, says so;
                // any other unknown ref is the engine's error, with close ones.
                if let Some(r) = refs.iter().find(|r| {
                    !scorecard_compute::COMPUTED.contains(&r.as_str()) && catalogue.get(r).is_some()
                }) {
                    return Err(Failure {
                        code: 2,
                        message: format!(
                            "--refs: {r} is not computed from case-level data (it is supplied as an aggregate)"
                        ),
                    });
                }
                Options::refs(refs).map_err(|e| Failure::data(format!("--refs: {e}")))?
            };
            let pb = spinner(cli.quiet);
            let tables = options.tables();
            let clock = std::time::Instant::now();
            let sources = inputs.sources();
            let loaded = recipe::load(&sources, to, &cal, Some(&tables), &progress(&pb))?;
            let pop = recipe::population(sources.population.as_deref())?;
            let read_s = clock.elapsed().as_secs_f64();
            pb.set_message(format!("computing {} events", loaded.events.len()));
            let options = loaded.options(options.with_catalogue(&catalogue));
            let events = loaded.events;
            let mut computation = compute_with(&events, &pop, &cal, from, to, &options);
            computation.quality.files = loaded.accounts;
            computation.add_supplied_as(
                &loaded.year_end,
                "ssda903_oc2",
                Some("SSDA903 OC2 (31 March of each return year only)"),
            );
            let compute_s = clock.elapsed().as_secs_f64() - read_s;
            pb.set_message(format!("writing {}", out.display()));
            let f = std::fs::File::create(&out)
                .map_err(|e| Failure::other(format!("cannot write {}: {e}", out.display())))?;
            let mut w = std::io::BufWriter::new(f);
            scorecard_report::tidy::write_series_csv(&computation, &mut w)?;
            std::io::Write::flush(&mut w)
                .map_err(|e| Failure::other(format!("cannot write {}: {e}", out.display())))?;
            let write_s = clock.elapsed().as_secs_f64() - read_s - compute_s;
            pb.finish_and_clear();
            if !cli.quiet {
                outln!(
                    "{} events, {} local authorities, {} to {}: {}",
                    events.len(),
                    computation.las.len(),
                    from,
                    to,
                    out.display()
                );
                outln!(
                    "read {read_s:.2} s, computed {compute_s:.2} s ({:.1} million events/s), written {write_s:.2} s",
                    events.len() as f64 / compute_s.max(1e-9) / 1e6
                );
            }
            // The process ends here: let the OS reclaim the tables at once
            // instead of freeing millions of records one by one.
            std::mem::forget(computation);
            std::mem::forget(events);
            Ok(())
        }
        Command::Synth {
            out,
            las,
            children,
            first,
            months,
            seed,
        } => {
            let pb = spinner(cli.quiet);
            pb.set_message(format!(
                "generating {las} synthetic councils of {children} children, {months} months"
            ));
            let cfg = scorecard_synth::SynthConfig {
                seed,
                las,
                children_per_la: children,
                first_month: parse_month(&first)?,
                months,
                ..Default::default()
            };
            let synthetic = scorecard_synth::generate(&cfg);
            pb.set_message(format!("writing {} events", synthetic.events.len()));
            synthetic.write_parquet(&out)?;
            write_file(&out.join("population.csv"), synthetic.population_csv(&cfg))?;
            pb.finish_and_clear();
            if !cli.quiet {
                outln!(
                    "{} events of {} councils, {} to {}: {}",
                    synthetic.events.len(),
                    synthetic.las.len(),
                    cfg.first_month,
                    cfg.last_month(),
                    out.display()
                );
            }
            Ok(())
        }
        Command::Calendar { out } => {
            let mut text = String::from("date,working_day,working_days_to\n");
            let mut to = 0i64;
            let last = cal.last_date();
            for d in cal.first_date().iter_days().take_while(|d| *d <= last) {
                let working = cal.is_working_day(d)?;
                to += i64::from(working);
                text.push_str(&format!("{d},{working},{to}\n"));
            }
            write_file(&out, text)?;
            Ok(())
        }
        Command::Inspect { paths, annex_a_map } => {
            let spec = annex_spec(annex_a_map.as_deref())?;
            let mut annex = annex_a::AnnexA::with_spec("inspected", spec);
            for p in &paths {
                annex_a::read_path_into(&mut annex, p)?;
            }
            let read = annex.finish();
            out!(
                "{}",
                scorecard_report::inspect::to_text(&read.accounts, &read.coverage)
            );
            Ok(())
        }
        Command::Catalogue {
            format,
            catalogue: path,
        } => {
            let cat = recipe::catalogue(path.as_deref())?;
            match format {
                Format::Json => outln!(
                    "{}",
                    serde_json::to_string_pretty(&cat.iter().collect::<Vec<_>>())?
                ),
                Format::Csv => {
                    outln!(
                        "ref,section,unit,polarity,basis,derivation,source,timescale_working_days,timescale_hours,timescale_days,title"
                    );
                    for i in cat.iter() {
                        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
                        let n = |x: Option<u32>| x.map(|n| n.to_string()).unwrap_or_default();
                        outln!(
                            "{},{},{},{},{},{},{},{},{},{},{}",
                            i.reference,
                            i.section,
                            toml_name(&i.unit),
                            toml_name(&i.polarity),
                            toml_name(&i.basis),
                            toml_name(&i.derivation),
                            q(&i.source.to_string()),
                            n(i.definition.timescale_working_days),
                            n(i.definition.timescale_hours),
                            n(i.definition.timescale_days),
                            q(&i.title)
                        );
                    }
                }
                Format::Table => {
                    for i in cat.iter() {
                        outln!(
                            "{:<7}{:<4}{:<10}{:<22}{}",
                            i.reference,
                            // Display of a section ignores widths: pad its text.
                            i.section.to_string(),
                            toml_name(&i.derivation),
                            i.source.to_string(),
                            i.title
                        );
                    }
                }
            }
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) if f.code == 0 => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}
