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

use std::process::ExitCode;

use clap::Parser;

mod args;
mod failure;
mod progress;

use args::{Cli, Command, Format};
use failure::{Failure, Res, create_dir, parse_month, write_file};
use progress::{progress, spinner};

use scorecard_compute::readers::annex_a;
use scorecard_compute::{Options, compute, compute_weekly};
use scorecard_core::{Catalogue, ScorecardConfig, Week, WorkingDayCalendar};
use scorecard_report::{recipe, weekly};

/// mimalloc instead of glibc's malloc: large tables are allocated and freed
/// many times, and glibc returned their pages to the kernel each time (half
/// the time of a run went to page faults; see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// `heading:` and each path written, one per line.
fn print_written(heading: &str, written: &[std::path::PathBuf]) -> Res<()> {
    outln!("{heading}:");
    for p in written {
        outln!("  {}", p.display());
    }
    Ok(())
}

/// Writes a `series` run's CSV and says how long each step took.
fn finish_series<P: Ord + Copy + std::fmt::Display + Sync>(
    run: recipe::SeriesRun<P>,
    out: &std::path::Path,
    quiet: bool,
    pb: &indicatif::ProgressBar,
    from: P,
    to: P,
) -> Res<()> {
    let clock = std::time::Instant::now();
    let (read_s, compute_s) = (run.read_seconds, run.compute_seconds);
    let (computation, events) = (run.computation, run.events);
    pb.set_message(format!("writing {}", out.display()));
    scorecard_report::tidy::write_series_file(&computation, out)?;
    let write_s = clock.elapsed().as_secs_f64();
    pb.finish_and_clear();
    if !quiet {
        outln!(
            "{} events, {} local authorities, {} to {}: {}",
            events,
            computation.las.len(),
            from,
            to,
            out.display()
        );
        outln!(
            "read {read_s:.2} s, computed {compute_s:.2} s ({:.1} million events/s), written {write_s:.2} s",
            events as f64 / compute_s.max(1e-9) / 1e6
        );
    }
    // The process ends here: let the OS reclaim the tables at once
    // instead of freeing millions of records one by one.
    std::mem::forget(computation);
    Ok(())
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
            outputs,
        } => {
            let week = outputs.week(&period).map_err(Failure::data)?;
            let period = match week {
                Some(w) => w.month(),
                None => parse_month(&period)?,
            };
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
                synthetic.write_inputs(&out.join("input"), period)?;
            }
            if let Some(week) = week {
                pb.set_message(format!(
                    "computing {} events by week",
                    synthetic.events.len()
                ));
                let catalogue = Catalogue::try_builtin()?;
                let engine = Options::default().with_catalogue(&catalogue);
                let computation = compute_weekly(
                    &synthetic.events,
                    &synthetic.population,
                    &cal,
                    week.plus(1 - weekly::WEEKS_SHOWN),
                    week,
                    &engine,
                );
                let report = weekly::WeeklyReport::from_computation(
                    computation,
                    synthetic.events,
                    &synthetic.population,
                    synthetic.las.clone(),
                    week,
                    catalogue,
                    ScorecardConfig::try_published_defaults()?,
                    &engine,
                    &outputs.options(),
                    &progress(&pb),
                )?;
                let written = report.write(&out, &progress(&pb))?;
                pb.finish_and_clear();
                if !cli.quiet {
                    let heading = format!(
                        "Synthetic council {} ({children} children), weekly scorecard to {}",
                        synthetic.las.join(", "),
                        week.label()
                    );
                    print_written(&heading, &written)?;
                }
                return Ok(());
            }
            pb.set_message(format!("computing {} events", synthetic.events.len()));
            let computation = compute(&synthetic.events, &synthetic.population, &cal, first, last);
            let report = recipe::Report::from_computation(
                computation,
                synthetic.events,
                &synthetic.population,
                synthetic.las.clone(),
                period,
                Catalogue::try_builtin()?,
                ScorecardConfig::try_published_defaults()?,
                &outputs.options(),
                &progress(&pb),
            )?;
            let written = report.write(&out, &progress(&pb))?;
            pb.finish_and_clear();
            if !cli.quiet {
                let heading = format!(
                    "Synthetic council {} ({children} children), scorecard for {}",
                    synthetic.las.join(", "),
                    period.label()
                );
                print_written(&heading, &written)?;
            }
            Ok(())
        }
        Command::Run {
            inputs,
            period,
            out,
            config,
            dfe,
            drill_down,
            previous,
            outputs,
        } => {
            let week = outputs.week(&period).map_err(Failure::data)?;
            let pb = spinner(cli.quiet);
            let mut options = outputs.options();
            (options.config, options.dfe, options.previous) = (config, dfe, previous);
            options.drill_down = drill_down;
            if let Some(week) = week {
                if options.dfe.is_some() || options.previous.is_some() || options.drill_down {
                    return Err(Failure::data(
                        "--dfe, --previous and --drill-down are for monthly runs (comparators, revisions and the drill-down are by month)",
                    ));
                }
                let report =
                    weekly::WeeklyReport::build(&inputs.sources(), week, &options, &progress(&pb))?;
                let written = report.write(&out, &progress(&pb))?;
                pb.finish_and_clear();
                if !cli.quiet {
                    let heading = format!(
                        "Weekly scorecard to {} ({})",
                        week.label(),
                        report.las.join(", ")
                    );
                    print_written(&heading, &written)?;
                }
                return Ok(());
            }
            let period = parse_month(&period)?;
            let report =
                recipe::Report::build(&inputs.sources(), period, &options, &progress(&pb))?;
            let written = report.write(&out, &progress(&pb))?;
            let las = &report.las;
            pb.finish_and_clear();
            if !cli.quiet {
                let heading = format!("Scorecard for {} ({})", period.label(), las.join(", "));
                print_written(&heading, &written)?;
            }
            // The process ends here: its memory goes back to the system at
            // once, without dropping the events record by record (a tenth
            // of a second for a million rows).
            std::mem::forget(report);
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
            let pb = spinner(cli.quiet);
            let weeks = (
                scorecard_core::week::parse_iso(&from),
                scorecard_core::week::parse_iso(&to),
            );
            match weeks {
                (Some(_), Some(_)) => {
                    let (from, to) = (from.parse::<Week>()?, to.parse::<Week>()?);
                    let run =
                        recipe::series_weekly(&inputs.sources(), from, to, &refs, &progress(&pb))?;
                    finish_series(run, &out, cli.quiet, &pb, from, to)
                }
                (None, None) => {
                    let (from, to) = (parse_month(&from)?, parse_month(&to)?);
                    let run = recipe::series(&inputs.sources(), from, to, &refs, &progress(&pb))?;
                    finish_series(run, &out, cli.quiet, &pb, from, to)
                }
                _ => Err(Failure::data(format!(
                    "--from {from} and --to {to}: give two months (2024-01) or two weeks (2024-W05)"
                ))),
            }
        }
        Command::Synth {
            out,
            las,
            children,
            first,
            months,
            seed,
            ssd,
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
            // Council by council into the Parquet files: memory is bounded
            // by a few councils, whatever the scale.
            let written = scorecard_synth::write_parquet(&cfg, &out, |done, events| {
                pb.set_message(format!("{done} of {las} councils written, {events} events"));
            })?;
            if ssd {
                pb.set_message("writing the Standard Safeguarding Dataset tables");
                scorecard_synth::generate(&cfg).write_ssd(&out.join("ssd"))?;
            }
            pb.finish_and_clear();
            if !cli.quiet {
                outln!(
                    "{} events of {} councils, {} to {}: {}",
                    written.events,
                    written.las.len(),
                    cfg.first_month,
                    cfg.last_month(),
                    out.display()
                );
            }
            Ok(())
        }
        Command::Calendar { out } => {
            let text = scorecard_report::listing::calendar_csv(&cal)?;
            write_file(&out, text)?;
            Ok(())
        }
        Command::Inspect { paths, annex_a_map } => {
            let spec = recipe::annex_spec(annex_a_map.as_deref())?;
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
            let text = match format {
                Format::Json => scorecard_report::listing::catalogue_json(&cat)? + "\n",
                Format::Csv => scorecard_report::listing::catalogue_csv(&cat),
                Format::Table => scorecard_report::listing::catalogue_table(&cat),
            };
            out!("{text}");
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
