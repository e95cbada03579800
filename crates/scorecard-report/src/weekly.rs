//! # The weekly scorecard
//!
//! What `scorecard run --cadence weekly --period 2024-W05` writes: every
//! indicator by week, for the 13 weeks to the reporting week, computed by
//! the same units as the monthly scorecard on a grid of weeks
//! ([`scorecard_compute::compute_weekly`]: counts in the week, snapshots at
//! its last day, timeliness for items completed in it, a rolling 52 weeks
//! where the month has a rolling 12 months).
//!
//! * `weekly.csv`: one row per ref and week (the tidy form, `period` as
//!   `2024-W05`, with the week's first and last days), each value rated
//!   against its target alone (`target_rating`: targets are the monthly
//!   scorecard's; comparators and overrides, which are monthly, are not
//!   applied).
//! * `weekly.html`: the 13 weeks of every indicator, the rating shown by
//!   letter and colour.
//! * `weekly.xlsx`: the rows as a table.
//! * `data-quality.csv`: as the monthly run's.
//! * On request, `weekly.parquet` (typed: the week's first and last days
//!   as dates) and `weekly.pdf` (the page, printed by Chromium).
//! * With `--by team` (or `worker`): `weekly-by-team.csv`, `.html` (funnel
//!   plots for the reporting week), `.xlsx`, and the caseloads at the week's
//!   end ([`crate::teams`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use scorecard_compute::groups::{GroupBy, Grouped, WeeklyGrouped, compute_grouped_weekly};
use scorecard_compute::{Events, Options, Population, WeeklyComputation, compute_weekly};
use scorecard_core::{Catalogue, Rating, ScorecardConfig, Week, WorkingDayCalendar};

use crate::error::{Error, Result};
use crate::recipe::{RunOptions, Sources};
use crate::teams::{self, GroupRow};

/// Weeks shown: the reporting week and the 12 before it (a quarter).
pub const WEEKS_SHOWN: i64 = 13;

/// A computed weekly run, ready to be written.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WeeklyReport {
    /// The reporting week.
    pub week: Week,
    /// The catalogue.
    pub catalogue: Catalogue,
    /// The configuration (its targets and rating rules).
    pub config: ScorecardConfig,
    /// Every LA's weekly series.
    pub computation: WeeklyComputation,
    /// By team or worker, when asked for.
    pub grouped: Option<WeeklyGrouped>,
    /// The events (for the caseloads).
    pub events: Events,
    /// The LAs reported.
    pub las: Vec<String>,
    options: RunOptions,
    pseudonym_key: Option<Vec<u8>>,
}

impl WeeklyReport {
    /// Reads `sources` and computes the weeks to `week`.
    pub fn build(
        sources: &Sources,
        week: Week,
        options: &RunOptions,
        progress: &dyn Fn(&str),
    ) -> Result<WeeklyReport> {
        let cal = WorkingDayCalendar::england_and_wales();
        let catalogue = crate::recipe::catalogue(sources.catalogue.as_deref())?;
        let config = crate::recipe::config(options.config.as_deref())?;
        let loaded = crate::recipe::load(sources, week.month(), &cal, None, progress)?;
        let population = crate::recipe::population(sources.population.as_deref())?;
        let engine = loaded.options(
            Options::default()
                .with_catalogue(&catalogue)
                .with_teams(&config.teams),
        );
        progress(&format!("computing {} events by week", loaded.events.len()));
        let mut computation = compute_weekly(
            &loaded.events,
            &population,
            &cal,
            week.plus(1 - WEEKS_SHOWN),
            week,
            &engine,
        );
        computation.quality.files = loaded.accounts.clone();
        let las = if sources.las.is_empty() {
            computation.las.keys().cloned().collect()
        } else {
            sources.las.clone()
        };
        WeeklyReport::from_computation(
            computation,
            loaded.events,
            &population,
            las,
            week,
            catalogue,
            config,
            &engine,
            options,
            progress,
        )
    }

    /// A weekly report over a computation made elsewhere (the demo), with
    /// the engine's `engine` options for the groups.
    #[allow(clippy::too_many_arguments)]
    pub fn from_computation(
        mut computation: WeeklyComputation,
        events: Events,
        population: &Population,
        las: Vec<String>,
        week: Week,
        catalogue: Catalogue,
        config: ScorecardConfig,
        engine: &Options,
        options: &RunOptions,
        progress: &dyn Fn(&str),
    ) -> Result<WeeklyReport> {
        if las.is_empty() {
            return Err(Error::Invalid("the inputs hold no records".into()));
        }
        config.validate(&catalogue)?;
        let pseudonym_key = teams::read_key(options)?;
        let grouped = match options.by {
            None => None,
            Some(by) => {
                progress(&format!(
                    "computing every indicator by {} and week",
                    by.name()
                ));
                let (Some(first), Some(last)) = (computation.first, computation.last) else {
                    return Err(Error::Invalid("nothing was computed to group".into()));
                };
                let cal = WorkingDayCalendar::england_and_wales();
                let mut g =
                    compute_grouped_weekly(&events, population, &cal, first, last, engine, by);
                teams::finish(&mut g, &computation, options, pseudonym_key.as_deref());
                Some(g)
            }
        };
        if options.suppress_small {
            computation.suppress_small();
        }
        Ok(WeeklyReport {
            week,
            catalogue,
            config,
            computation,
            grouped,
            events,
            las,
            options: options.clone(),
            pseudonym_key,
        })
    }

    /// The rows of `la` (the LA's own, group blank) for the weeks shown.
    pub fn rows(&self, la: &str) -> Vec<GroupRow<Week>> {
        let none: WeeklyGrouped = Grouped::empty(GroupBy::Team);
        teams::rows(
            &none,
            &self.computation,
            la,
            &self.catalogue,
            &self.config,
            self.week.plus(1 - WEEKS_SHOWN),
            self.week,
        )
    }

    /// Writes the weekly outputs to `out` (one subfolder per LA when there
    /// are several); returns the paths written.
    pub fn write(&self, out: &Path, progress: &dyn Fn(&str)) -> Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        for la in &self.las {
            progress(&format!("writing the weekly scorecard of {la}"));
            let dir = if self.las.len() > 1 {
                out.join(la)
            } else {
                out.to_path_buf()
            };
            let rows = self.rows(la);
            let files: Vec<(&str, Vec<u8>)> = vec![
                (
                    "weekly.csv",
                    teams::to_csv(&rows, GroupBy::Team)?.into_bytes(),
                ),
                (
                    "weekly.html",
                    render_page(&rows, la, self.week, self.grouped.as_ref().map(|g| g.by))
                        .into_bytes(),
                ),
                (
                    "weekly.xlsx",
                    teams::render_workbook(&rows, self.week, GroupBy::Team)?,
                ),
                (
                    "data-quality.csv",
                    crate::quality::to_csv(&self.computation.quality)?.into_bytes(),
                ),
            ];
            written.extend(crate::write_files(&dir, files)?);
            if self.options.parquet {
                let path = dir.join("weekly.parquet");
                teams::write_parquet(&rows, GroupBy::Team, &path)?;
                written.push(path);
            }
            if self.options.pdf {
                progress(&format!("printing the weekly PDF of {la}"));
                let pdf = dir.join("weekly.pdf");
                crate::pdf::print(&dir.join("weekly.html"), &pdf)?;
                written.push(pdf);
            }
            if let Some(grouped) = &self.grouped {
                let by = grouped.by;
                let rows = teams::rows(
                    grouped,
                    &self.computation,
                    la,
                    &self.catalogue,
                    &self.config,
                    self.week.plus(1 - WEEKS_SHOWN),
                    self.week,
                );
                let note = teams::basis_note(
                    grouped,
                    la,
                    self.options.names,
                    self.options.pseudonym_key.is_some(),
                );
                written.extend(teams::write_files(
                    &rows,
                    self.week,
                    &note,
                    &teams::Files {
                        by,
                        la,
                        stem: format!("weekly-by-{}", by.name()),
                        events: &self.events,
                        names: self.options.names,
                        key: self.pseudonym_key.as_deref(),
                        threshold: self.options.caseload_threshold.unwrap_or(20),
                    },
                    &dir,
                )?);
            }
        }
        Ok(written)
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn rating_style(r: Option<Rating>) -> (&'static str, &'static str) {
    match r {
        Some(Rating::Blue) => ("#9fc5e8", "B"),
        Some(Rating::Green) => ("#b6d7a8", "G"),
        Some(Rating::Amber) => ("#ffe599", "A"),
        Some(Rating::Red) => ("#ea9999", "R"),
        _ => ("#ffffff", ""),
    }
}

/// The weekly page: every indicator's 13 weeks, each value with its rating
/// against the target (letter and colour).
pub fn render_page(rows: &[GroupRow<Week>], la: &str, week: Week, by: Option<GroupBy>) -> String {
    let mut weeks: Vec<Week> = rows.iter().map(|r| r.period).collect();
    weeks.sort();
    weeks.dedup();
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{la}: weekly scorecard, {week}</title><style>
body{{font-family:system-ui,Segoe UI,Arial,sans-serif;margin:1.5rem;color:#1a1a1a;max-width:1300px}}
table{{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.8rem}}th,td{{border:1px solid #bbb;padding:.15rem .3rem;text-align:right;white-space:nowrap}}
thead th{{font-size:.75rem}}th[scope=row]{{text-align:left;white-space:normal;min-width:11rem}}.scroll{{overflow-x:auto;max-width:100%}}
</style></head><body><main><h1>{la}: weekly scorecard to {}</h1>
<p>Every indicator by week (the {} weeks to {}), computed as the monthly scorecard is, week by week: counts in the week, snapshots at its last day, timeliness for items completed in it, a rolling 52 weeks where the month has a rolling 12 months; a week belongs to the month and financial year of its last day. Each value is rated against its target alone (B, G, A, R): the monthly comparators and overrides do not apply to weeks.{}</p>
<div class="scroll" role="region" aria-label="weekly values" tabindex="0"><table><thead><tr><th scope="col">indicator</th>"#,
        esc(&week.label()),
        weeks.len(),
        week.last_day().format("%-d %B %Y"),
        match by {
            Some(by) => format!(
                " By {}: <a href=\"weekly-by-{}.html\">weekly-by-{}.html</a>.",
                by.name(),
                by.name(),
                by.name()
            ),
            None => String::new(),
        }
    );
    for w in &weeks {
        let iso = w.to_string();
        let _ = write!(
            s,
            r#"<th scope="col">{}<br>to {}</th>"#,
            esc(iso.split_once('-').map_or(iso.as_str(), |(_, b)| b)),
            w.last_day().format("%-d %b")
        );
    }
    s.push_str("</tr></thead><tbody>");
    let mut refs: Vec<&str> = Vec::new();
    for r in rows {
        if !refs.contains(&r.reference.as_str()) {
            refs.push(&r.reference);
        }
    }
    for reference in refs {
        let of: Vec<&GroupRow<Week>> = rows.iter().filter(|r| r.reference == reference).collect();
        let title = of.first().map(|r| r.title.as_str()).unwrap_or_default();
        let _ = write!(
            s,
            r#"<tr data-ref="{}"><th scope="row">{} {}</th>"#,
            esc(reference),
            esc(reference),
            esc(title)
        );
        for w in &weeks {
            match of.iter().find(|r| r.period == *w) {
                Some(r) if !r.note.is_empty() && r.value.is_empty() => {
                    let _ = write!(s, r#"<td title="{}">no data</td>"#, esc(&r.note));
                }
                Some(r) => {
                    let (bg, letter) = rating_style(r.target_rating);
                    let shown = if letter.is_empty() {
                        esc(&r.value)
                    } else {
                        format!("{} <b>{letter}</b>", esc(&r.value))
                    };
                    let _ = write!(s, r#"<td style="background:{bg}">{shown}</td>"#);
                }
                None => s.push_str("<td></td>"),
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div></main></body></html>\n");
    s
}
