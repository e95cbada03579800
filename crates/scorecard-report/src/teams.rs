//! # The team view: every indicator by team (or worker), with funnel plots
//!
//! What `scorecard run --by team` (or `--by worker`) adds beside the LA's
//! scorecard: `by-team.csv` (tidy, one row per LA total or group, ref and
//! month), `by-team.html` (a funnel plot per percentage indicator for the
//! reporting month, and each group's values) and `by-team.xlsx` (the same
//! rows, and a `Funnel` sheet). The groups come from
//! [`scorecard_compute::groups`]: a child is in the team of their latest
//! allocation begun by the month's end, and the groups' counts add up to
//! the LA's, with an `unallocated` group.
//!
//! **Funnel plots, not league tables.** For a percentage, each group's
//! value is drawn against its denominator with 95% and 99.8% exact binomial
//! limits around the LA's value ([`scorecard_core::funnel`]); a group
//! outside them is flagged in the `funnel` column (`above 95%`, `below
//! 99.8%`, ...). A small team inside wide limits is not called out for a
//! swing chance explains.
//!
//! **Workers are personal data.** Worker-level files are written only when
//! asked for (`--by worker`), beside the drill-down, and each worker is
//! shown by a pseudonym ([`pseudonym`]: a keyed hash, the same in every
//! run with the same key) unless names are asked for (`--names`).

use std::fmt::Write as _;

use chrono::NaiveDate;
use scorecard_compute::Computation;
use scorecard_compute::groups::{Basis, GroupBy, Grouped, UNALLOCATED};
use scorecard_core::funnel::{self, Limits, Position};
use scorecard_core::rating::{RatingInput, RuleKind, rate};
use scorecard_core::{Catalogue, Month, Rating, ScorecardConfig, Unit, Week};

use crate::error::{Error, Result};

/// A period the team view is written for: a month, or a week.
pub trait Period: Copy + Ord + std::fmt::Display {
    /// The label for headings (`Jan-24`, `W05 2024 (to 4 Feb)`).
    fn label(self) -> String;
    /// The first day.
    fn first_day(self) -> NaiveDate;
    /// The last day.
    fn last_day(self) -> NaiveDate;
    /// The period `n` later.
    fn plus(self, n: i64) -> Self;
    /// `month` or `week`.
    const NAME: &'static str;
}

impl Period for Month {
    fn label(self) -> String {
        Month::label(self)
    }
    fn first_day(self) -> NaiveDate {
        Month::first_day(self)
    }
    fn last_day(self) -> NaiveDate {
        Month::last_day(self)
    }
    fn plus(self, n: i64) -> Self {
        Month::plus(self, n)
    }
    const NAME: &'static str = "month";
}

impl Period for Week {
    fn label(self) -> String {
        Week::label(self)
    }
    fn first_day(self) -> NaiveDate {
        Week::first_day(self)
    }
    fn last_day(self) -> NaiveDate {
        Week::last_day(self)
    }
    fn plus(self, n: i64) -> Self {
        Week::plus(self, n)
    }
    const NAME: &'static str = "week";
}

/// One row of the team view: an LA total (`group` blank) or a group's
/// value of one ref in one period.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GroupRow<P = Month> {
    /// Local authority.
    pub la: String,
    /// The team or worker (pseudonymised unless names were asked for);
    /// blank for the LA total.
    pub group: String,
    /// Indicator ref.
    pub reference: String,
    /// Its title.
    pub title: String,
    /// Its unit.
    pub unit: Option<Unit>,
    /// The period.
    pub period: P,
    /// Numerator (or the count); `None` when there is no value.
    pub numerator: Option<i64>,
    /// Denominator.
    pub denominator: Option<i64>,
    /// The value as shown (at the indicator's precision; `c` when
    /// withheld).
    pub value: String,
    /// The LA's value in the same month (the funnel's centre).
    pub la_value: String,
    /// Funnel limits (percentages) at this group's denominator.
    pub limits: Option<Limits>,
    /// Where the group falls against them.
    pub position: Option<Position>,
    /// Withheld (small numbers).
    pub suppressed: bool,
    /// Why there is no value.
    pub note: String,
    /// The value rated against the indicator's target alone (the
    /// configuration's rule for it with the target's tolerance; no
    /// comparators, no overrides); `None` without a target or a value.
    pub target_rating: Option<Rating>,
}

/// An indicator's target and rating rule, prepared once for all its rows:
/// its values are rated against the target alone.
struct TargetRule<'a> {
    indicator: &'a scorecard_core::Indicator,
    target: scorecard_core::Target,
    rule: scorecard_core::rating::RatingRule,
    defaults: &'a scorecard_core::rating::RatingDefaults,
    /// Periods looked at (the last is the one rated).
    periods: u32,
}

impl<'a> TargetRule<'a> {
    /// `None` when the indicator has no target.
    fn new(indicator: &'a scorecard_core::Indicator, config: &'a ScorecardConfig) -> Option<Self> {
        let settings = config.settings(&indicator.reference);
        if !settings.target.is_set() {
            return None;
        }
        let mut rule = settings.rating_rule();
        rule.rule = RuleKind::Target;
        let periods = rule
            .blue_periods
            .unwrap_or(config.rating.blue_periods)
            .max(1);
        Some(TargetRule {
            indicator,
            target: settings.target,
            rule,
            defaults: &config.rating,
            periods,
        })
    }

    /// The rating of `series` in `period`; `None` without a value.
    fn rate<P: Period>(
        &self,
        series: &scorecard_compute::ComputedSeries<P>,
        period: P,
    ) -> Option<Rating> {
        let recent: Vec<Option<rust_decimal::Decimal>> = (0..self.periods)
            .rev()
            .map(|k| {
                series
                    .get(period.plus(-i64::from(k)))
                    .filter(|o| !o.suppressed)
                    .and_then(|o| o.value)
                    .map(scorecard_core::Value::as_decimal)
            })
            .collect();
        recent.last().copied().flatten()?;
        let outcome = rate(
            &RatingInput {
                indicator: self.indicator,
                recent: &recent,
                target: self.target,
                comparators: &[],
                interval: None,
                significance: &[],
            },
            &self.rule,
            self.defaults,
        );
        (outcome.rating != Rating::NotRated).then_some(outcome.rating)
    }
}

/// The rows of `la` for the months `first ..= last`: for each computed ref
/// in the catalogue's order, the LA total then each group (groups by name,
/// `unallocated` last).
pub fn rows<P: Period>(
    grouped: &Grouped<P>,
    computation: &Computation<P>,
    la: &str,
    catalogue: &Catalogue,
    config: &ScorecardConfig,
    first: P,
    last: P,
) -> Vec<GroupRow<P>> {
    let mut out = Vec::new();
    // An LA with no records has no groups: its totals are still listed.
    let none = std::collections::BTreeMap::new();
    let groups = grouped.las.get(la).unwrap_or(&none);
    let mut names: Vec<&String> = groups.keys().filter(|g| *g != UNALLOCATED).collect();
    if groups.contains_key(UNALLOCATED) {
        names.extend(groups.keys().filter(|g| *g == UNALLOCATED));
    }
    for indicator in catalogue.iter() {
        let r = indicator.reference.as_str();
        let Some(total) = computation.series(la, r) else {
            continue;
        };
        let target_rule = TargetRule::new(indicator, config);
        let shown = |o: &scorecard_compute::Observation| {
            if o.suppressed {
                "c".to_string()
            } else {
                o.value
                    .map(|v| v.display(indicator.unit, indicator.precision))
                    .unwrap_or_default()
            }
        };
        let mut month = first;
        while month <= last {
            let la_obs = total.get(month);
            let la_value = la_obs.map(shown).unwrap_or_default();
            // θ, the LA's proportion, for a percentage with a denominator.
            let theta = la_obs
                .filter(|o| indicator.unit == Unit::Percent && !o.suppressed)
                .and_then(|o| Some(o.numerator as f64 / o.denominator.filter(|d| *d > 0)? as f64));
            let row = |group: &str,
                       series: Option<&scorecard_compute::ComputedSeries<P>>,
                       o: Option<&scorecard_compute::Observation>,
                       note: &str| {
                let limits = match (theta, o) {
                    (Some(t), Some(o)) if !group.is_empty() && !o.suppressed => o
                        .denominator
                        .and_then(|d| funnel::limits(t, u64::try_from(d).ok()?)),
                    _ => None,
                };
                let position = limits.and_then(|l| {
                    let o = o?;
                    Some(l.position(u64::try_from(o.numerator).ok()?, l.n))
                });
                GroupRow {
                    la: la.to_string(),
                    group: group.to_string(),
                    reference: r.to_string(),
                    title: indicator.title.clone(),
                    unit: Some(indicator.unit),
                    period: month,
                    numerator: o.filter(|o| !o.suppressed).map(|o| o.numerator),
                    denominator: o.filter(|o| !o.suppressed).and_then(|o| o.denominator),
                    value: o.map(shown).unwrap_or_default(),
                    la_value: la_value.clone(),
                    limits,
                    position,
                    suppressed: o.is_some_and(|o| o.suppressed),
                    note: note.to_string(),
                    target_rating: target_rule
                        .as_ref()
                        .zip(series)
                        .and_then(|(t, s)| t.rate(s, month)),
                }
            };
            if let Some(reason) = &total.no_data {
                out.push(row("", None, None, reason));
                month = month.plus(1);
                continue;
            }
            out.push(row("", Some(total), la_obs, ""));
            for g in &names {
                let series = groups.get(*g).and_then(|refs| refs.get(r));
                let o = series.and_then(|s| s.get(month));
                let note = match (series, o) {
                    (Some(s), _) if s.no_data.is_some() => s.no_data.clone().unwrap_or_default(),
                    (_, None) => format!(
                        "no child allocated to this {} this {}",
                        grouped.by.name(),
                        P::NAME
                    ),
                    _ => String::new(),
                };
                out.push(row(g, series, o, &note));
            }
            month = month.plus(1);
        }
    }
    out
}

/// The CSV header: `la`, then `team` or `worker`, then the rest.
fn header(by: GroupBy) -> [&'static str; 17] {
    [
        "la",
        by.name(),
        "ref",
        "indicator",
        "period",
        "numerator",
        "denominator",
        "value",
        "la_value",
        "funnel_lower_998",
        "funnel_lower_95",
        "funnel_upper_95",
        "funnel_upper_998",
        "funnel",
        "suppressed",
        "note",
        "target_rating",
    ]
}

fn percent(x: f64) -> String {
    format!("{:.1}", x * 100.0)
}

fn record<P: Period>(r: &GroupRow<P>) -> [String; 17] {
    let limit =
        |f: fn(&Limits) -> f64| r.limits.as_ref().map(|l| percent(f(l))).unwrap_or_default();
    [
        r.la.clone(),
        r.group.clone(),
        r.reference.clone(),
        r.title.clone(),
        r.period.to_string(),
        r.numerator.map(|n| n.to_string()).unwrap_or_default(),
        r.denominator.map(|n| n.to_string()).unwrap_or_default(),
        r.value.clone(),
        r.la_value.clone(),
        limit(|l| l.lower_998),
        limit(|l| l.lower_95),
        limit(|l| l.upper_95),
        limit(|l| l.upper_998),
        r.position
            .map(|p| p.describe().to_string())
            .unwrap_or_default(),
        if r.suppressed {
            "true".into()
        } else {
            String::new()
        },
        r.note.clone(),
        r.target_rating
            .map(|x| x.code().to_string())
            .unwrap_or_default(),
    ]
}

/// The rows as CSV, with a `team` (or `worker`) column blank for the LA
/// total. Funnel limits are percentages to one decimal place.
pub fn to_csv<P: Period>(rows: &[GroupRow<P>], by: GroupBy) -> Result<String> {
    csv_text("the team view", &header(by), rows.iter().map(record))
}

/// A CSV text of `header` and `records`; a failure says what was written.
fn csv_text<const N: usize>(
    what: &str,
    header: &[&str; N],
    records: impl Iterator<Item = [String; N]>,
) -> Result<String> {
    let fail = |e: &dyn std::fmt::Display| Error::Invalid(format!("writing {what}: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(|e| fail(&e))?;
    for r in records {
        w.write_record(&r).map_err(|e| fail(&e))?;
    }
    let bytes = w.into_inner().map_err(|e| fail(&e))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A worker's pseudonym: `W-` and ten hex digits of HMAC-SHA-256 of the LA
/// and the name under `key`. The same key, LA and name give the same
/// pseudonym in every run; without the key the name cannot be recovered
/// from it, and a different key gives unrelated pseudonyms.
///
/// ```
/// use scorecard_report::teams::pseudonym;
/// let p = pseudonym(b"a council's secret", "E08000008", "Jo Bloggs");
/// assert_eq!(p, pseudonym(b"a council's secret", "E08000008", "Jo Bloggs"));
/// assert!(p.starts_with("W-") && !p.contains("Jo"));
/// assert_ne!(p, pseudonym(b"another key", "E08000008", "Jo Bloggs"));
/// ```
pub fn pseudonym(key: &[u8], la: &str, name: &str) -> String {
    use hmac::{KeyInit, Mac};
    // HMAC takes a key of any length: this cannot fail.
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(key) else {
        return format!("W-{}", name.len());
    };
    mac.update(la.as_bytes());
    mac.update(&[0x1f]);
    mac.update(name.trim().as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut out = String::from("W-");
    for b in digest.iter().take(5) {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Replaces every worker of `grouped` by their [`pseudonym`] under `key`
/// (the LA's code when no key is given: stable, but anyone holding the list
/// of names could recompute them; the team view says so).
pub fn pseudonymise<P: Ord + Copy>(grouped: &mut Grouped<P>, key: Option<&[u8]>) {
    let las: Vec<String> = grouped.las.keys().cloned().collect();
    for la in las {
        let key = key.map_or_else(|| la.as_bytes().to_vec(), <[u8]>::to_vec);
        if let Some(groups) = grouped.las.get_mut(&la) {
            let old = std::mem::take(groups);
            for (name, refs) in old {
                let new = if name == UNALLOCATED {
                    name
                } else {
                    pseudonym(&key, &la, &name)
                };
                groups.insert(new, refs);
            }
        }
    }
}

/// The sentence saying how children were grouped and how workers are shown.
pub fn basis_note<P: Ord + Copy>(
    grouped: &Grouped<P>,
    la: &str,
    names: bool,
    keyed: bool,
) -> String {
    let basis = grouped.basis.get(la).copied().unwrap_or(Basis::None);
    let described = basis.describe(grouped.by);
    let mut chars = described.chars();
    let mut s: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    s.push('.');
    if grouped.by == GroupBy::Worker {
        s.push_str(if names {
            " Workers are named (--names): this file is personal data."
        } else if keyed {
            " Workers are shown by pseudonyms keyed by the council's key (--pseudonym-key)."
        } else {
            " Workers are shown by pseudonyms keyed by the LA code only: anyone holding the list of names could recompute them; give --pseudonym-key to prevent that."
        });
    }
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A funnel plot as inline SVG: each group's percentage (`rows` of one
/// ref and month, the LA total among them) against its denominator, with
/// the LA's value and the 95% (dashed) and 99.8% (solid) limits. A group
/// outside the 95% limits is drawn as a filled diamond and labelled; every
/// point carries its numbers as a tooltip (`<title>`). `None` when no group
/// has a denominator or the LA has no proportion.
pub fn funnel_svg<P: Period>(rows: &[&GroupRow<P>]) -> Option<String> {
    let total = rows.iter().find(|r| r.group.is_empty())?;
    let theta = total.numerator? as f64 / total.denominator.filter(|d| *d > 0)? as f64;
    let points: Vec<(&GroupRow<P>, f64, f64)> = rows
        .iter()
        .filter(|r| !r.group.is_empty())
        .filter_map(|r| {
            let d = r.denominator.filter(|d| *d > 0)?;
            Some((*r, d as f64, r.numerator? as f64 / d as f64))
        })
        .collect();
    if points.is_empty() {
        return None;
    }
    let (w, h) = (640.0, 360.0);
    let (left, right, top, bottom) = (56.0, 16.0, 16.0, 44.0);
    let xmax = points.iter().map(|p| p.1).fold(1.0, f64::max) * 1.1;
    let x = |n: f64| left + n / xmax * (w - left - right);
    let y = |p: f64| top + (1.0 - p) * (h - top - bottom);
    let mut s = String::new();
    let label = format!(
        "Funnel plot of {} ({}), {}: {} groups against the LA's {:.1}%",
        total.title,
        total.reference,
        total.period.label(),
        points.len(),
        theta * 100.0
    );
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}" style="max-width:100%;height:auto">"##,
        esc(&label)
    );
    // Axes and gridlines at 0, 25, 50, 75, 100%.
    for k in 0..=4 {
        let p = f64::from(k) / 4.0;
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#d0d0d0"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end" fill="#333">{}%</text>"##,
            w - right,
            y(p),
            y(p),
            left - 6.0,
            y(p) + 4.0,
            k * 25
        );
    }
    for k in 0..=4 {
        let n = xmax * f64::from(k) / 4.0;
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#333">{:.0}</text>"##,
            x(n),
            h - bottom + 16.0,
            n
        );
    }
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#333">denominator (cases in the group)</text>"##,
        (left + w - right) / 2.0,
        h - 6.0
    );
    // The LA's value.
    let _ = write!(
        s,
        r##"<line x1="{left}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#1d4f91" stroke-width="2"/>"##,
        w - right,
        y(theta),
        y(theta)
    );
    // The limits, sampled along the denominator.
    let steps = 80;
    let mut curves: [String; 4] = Default::default();
    for i in 1..=steps {
        let n = (xmax * f64::from(i) / f64::from(steps)).max(1.0).round() as u64;
        if let Some(l) = funnel::limits(theta, n) {
            for (c, v) in curves
                .iter_mut()
                .zip([l.lower_998, l.lower_95, l.upper_95, l.upper_998])
            {
                let _ = write!(c, "{:.1},{:.1} ", x(n as f64), y(v));
            }
        }
    }
    for (i, c) in curves.iter().enumerate() {
        let dash = if i == 1 || i == 2 {
            r#" stroke-dasharray="5 4""#
        } else {
            ""
        };
        let _ = write!(
            s,
            r##"<polyline points="{}" fill="none" stroke="#555"{dash}/>"##,
            c.trim()
        );
    }
    for (r, n, p) in &points {
        let outside = r.position.is_some_and(Position::is_outside);
        let tip = format!(
            "{}: {} of {} ({:.1}%), {}",
            r.group,
            r.numerator.unwrap_or_default(),
            r.denominator.unwrap_or_default(),
            p * 100.0,
            r.position
                .map(|p| match p {
                    Position::Within => "within the limits".to_string(),
                    other => format!("{} limit", other.describe()),
                })
                .unwrap_or_default()
        );
        let (cx, cy) = (x(*n), y(*p));
        // A label in the right half runs leftwards, so it stays in the plot.
        let right_half = cx > w / 2.0;
        let anchor = if right_half { "end" } else { "start" };
        if outside {
            let _ = write!(
                s,
                r##"<path d="M{cx:.1},{:.1} L{:.1},{cy:.1} L{cx:.1},{:.1} L{:.1},{cy:.1} Z" fill="#b00020"><title>{}</title></path><text x="{:.1}" y="{:.1}" font-size="11" fill="#b00020" text-anchor="{anchor}">{}</text>"##,
                cy - 6.0,
                cx + 6.0,
                cy + 6.0,
                cx - 6.0,
                esc(&tip),
                if right_half { cx - 8.0 } else { cx + 8.0 },
                cy - 8.0,
                esc(&r.group)
            );
        } else {
            let _ = write!(
                s,
                r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="4" fill="#fff" stroke="#1d4f91" stroke-width="1.5"><title>{}</title></circle>"##,
                esc(&tip)
            );
        }
    }
    s.push_str("</svg>");
    Some(s)
}

/// The team view of `la` as one self-contained HTML page: how children were
/// grouped, then for each percentage indicator of the reporting month its
/// funnel plot and a table of its groups, then every indicator's values
/// by group.
pub fn render_page<P: Period>(
    rows: &[GroupRow<P>],
    la: &str,
    period: P,
    by: GroupBy,
    note: &str,
) -> String {
    let what = by.name();
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{la}: by {what}, {}</title><style>
body{{font-family:system-ui,Segoe UI,Arial,sans-serif;margin:1.5rem;color:#1a1a1a;max-width:1300px}}
table{{border-collapse:collapse;margin:.5rem 0 1.5rem}}th,td{{border:1px solid #bbb;padding:.25rem .5rem;text-align:right}}
th:first-child,td:first-child{{text-align:left}}.flag{{color:#b00020;font-weight:600}}.scroll{{overflow-x:auto;max-width:100%}}
figure{{margin:0 0 .5rem}}figcaption{{font-size:.9rem;color:#333}}
</style></head><body><main><h1>{la}: every indicator by {what}, {}</h1><p>{}</p>
<p>Funnel plots: each {what}'s percentage against its denominator, with the LA's value (solid line) and 95% (dashed) and 99.8% (solid) exact binomial limits. A {what} outside the 95% limits is a filled diamond, named, and flagged in the table; inside, a difference is within what chance explains for its size.</p>"#,
        esc(&period.label()),
        esc(&period.label()),
        esc(note)
    );
    let this_month: Vec<&GroupRow<P>> = rows.iter().filter(|r| r.period == period).collect();
    let mut refs: Vec<&str> = Vec::new();
    for r in &this_month {
        if !refs.contains(&r.reference.as_str()) {
            refs.push(&r.reference);
        }
    }
    for reference in &refs {
        let of: Vec<&GroupRow<P>> = this_month
            .iter()
            .filter(|r| r.reference == *reference)
            .copied()
            .collect();
        if of.first().and_then(|r| r.unit) != Some(Unit::Percent) {
            continue;
        }
        let Some(svg) = funnel_svg(&of) else { continue };
        let title = of.first().map(|r| r.title.as_str()).unwrap_or_default();
        let _ = write!(
            s,
            r#"<section><h2>{} ({})</h2><figure>{svg}<figcaption>{}: the LA's value {}.</figcaption></figure><div class="scroll" role="region" aria-label="{} by {what}" tabindex="0"><table><thead><tr><th scope="col">{what}</th><th scope="col">numerator</th><th scope="col">denominator</th><th scope="col">value</th><th scope="col">funnel</th></tr></thead><tbody>"#,
            esc(title),
            esc(reference),
            esc(&period.label()),
            of.first().map(|r| esc(&r.la_value)).unwrap_or_default(),
            esc(reference)
        );
        for r in of.iter().filter(|r| !r.group.is_empty()) {
            let flag = r.position.is_some_and(Position::is_outside);
            let _ = write!(
                s,
                r#"<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td{}>{}</td></tr>"#,
                esc(&r.group),
                r.numerator.map(|n| n.to_string()).unwrap_or_default(),
                r.denominator.map(|n| n.to_string()).unwrap_or_default(),
                esc(&r.value),
                if flag { r#" class="flag""# } else { "" },
                r.position.map(Position::describe).unwrap_or_default()
            );
        }
        s.push_str("</tbody></table></div></section>");
    }
    // Every indicator, the reporting month, by group.
    let mut groups: Vec<&str> = Vec::new();
    for r in &this_month {
        if !r.group.is_empty() && !groups.contains(&r.group.as_str()) {
            groups.push(&r.group);
        }
    }
    let _ = write!(
        s,
        r#"<section><h2>Every indicator by {what}, {}</h2><div class="scroll" role="region" aria-label="every indicator by {what}" tabindex="0"><table><thead><tr><th scope="col">indicator</th><th scope="col">LA</th>"#,
        esc(&period.label())
    );
    for g in &groups {
        let _ = write!(s, r#"<th scope="col">{}</th>"#, esc(g));
    }
    s.push_str("</tr></thead><tbody>");
    for reference in &refs {
        let of: Vec<&GroupRow<P>> = this_month
            .iter()
            .filter(|r| r.reference == *reference)
            .copied()
            .collect();
        let Some(total) = of.iter().find(|r| r.group.is_empty()) else {
            continue;
        };
        let _ = write!(
            s,
            r#"<tr><th scope="row">{} {}</th><td>{}</td>"#,
            esc(reference),
            esc(&total.title),
            if total.note.is_empty() {
                esc(&total.value)
            } else {
                "no data".into()
            }
        );
        for g in &groups {
            let cell = of
                .iter()
                .find(|r| r.group == *g)
                .map(|r| esc(&r.value))
                .unwrap_or_default();
            let _ = write!(s, "<td>{cell}</td>");
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div></section></main></body></html>\n");
    s
}

/// The team view as a workbook: `By team` (every row) and `Funnel` (the
/// reporting month's percentages with their limits).
pub fn render_workbook<P: Period>(rows: &[GroupRow<P>], period: P, by: GroupBy) -> Result<Vec<u8>> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let header: Vec<String> = header(by).iter().map(|h| h.to_string()).collect();
    let mut all = vec![header.clone()];
    all.extend(rows.iter().map(|r| record(r).to_vec()));
    let numeric = [
        "numerator",
        "denominator",
        "funnel_lower_998",
        "funnel_lower_95",
        "funnel_upper_95",
        "funnel_upper_998",
    ];
    let sheet = format!("By {}", by.name());
    crate::xlsx::table_sheet(&mut wb, &sheet, "ByGroup", &all, &numeric)?;
    funnel_sheets(&mut wb, rows, period, by)?;
    Ok(wb.save_to_buffer()?)
}

/// `Funnel`: the period's percentages, each group's value and limits (as
/// percentages), one block per ref ordered by denominator; `Funnel charts`:
/// a scatter chart per ref drawn from those cells (the groups as points,
/// the LA's value, the 95% limits dashed and the 99.8% solid).
fn funnel_sheets<P: Period>(
    wb: &mut rust_xlsxwriter::Workbook,
    rows: &[GroupRow<P>],
    period: P,
    by: GroupBy,
) -> Result<()> {
    use rust_xlsxwriter::{
        Chart, ChartFormat, ChartLine, ChartLineDashType, ChartMarker, ChartType,
    };
    const SHEET: &str = "Funnel";
    let mut points: Vec<&GroupRow<P>> = rows
        .iter()
        .filter(|r| r.period == period && !r.group.is_empty() && r.limits.is_some())
        .filter(|r| r.numerator.is_some() && r.denominator.is_some_and(|d| d > 0))
        .collect();
    // Refs in the rows' order, each ref's groups by denominator.
    let order: Vec<&str> = {
        let mut seen: Vec<&str> = Vec::new();
        for r in &points {
            if !seen.contains(&r.reference.as_str()) {
                seen.push(&r.reference);
            }
        }
        seen
    };
    points.sort_by_key(|r| {
        (
            order.iter().position(|x| *x == r.reference),
            r.denominator.unwrap_or(0),
        )
    });
    let ws = wb.add_worksheet().set_name(SHEET)?;
    let heads = [
        "la",
        by.name(),
        "ref",
        "indicator",
        "numerator",
        "denominator",
        "value %",
        "LA %",
        "lower 99.8%",
        "lower 95%",
        "upper 95%",
        "upper 99.8%",
        "funnel",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    let mut blocks: Vec<(&str, &str, u32, u32)> = Vec::new();
    for (i, r) in points.iter().enumerate() {
        let row = i as u32 + 1;
        let (Some(n), Some(d), Some(l)) = (r.numerator, r.denominator, r.limits) else {
            continue;
        };
        ws.write_string(row, 0, &r.la)?;
        ws.write_string(row, 1, &r.group)?;
        ws.write_string(row, 2, &r.reference)?;
        ws.write_string(row, 3, &r.title)?;
        ws.write_number(row, 4, n as f64)?;
        ws.write_number(row, 5, d as f64)?;
        ws.write_number(row, 6, n as f64 / d as f64 * 100.0)?;
        for (c, v) in [l.theta, l.lower_998, l.lower_95, l.upper_95, l.upper_998]
            .iter()
            .enumerate()
        {
            ws.write_number(row, 7 + c as u16, v * 100.0)?;
        }
        ws.write_string(
            row,
            12,
            r.position.map(Position::describe).unwrap_or_default(),
        )?;
        match blocks.last_mut() {
            Some(b) if b.0 == r.reference => b.3 = row,
            _ => blocks.push((&r.reference, &r.title, row, row)),
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_column_width(3, 40)?;
    let charts = wb.add_worksheet().set_name("Funnel charts")?;
    for (k, (reference, title, first, last)) in blocks.iter().enumerate() {
        let mut chart = Chart::new(ChartType::ScatterStraight);
        let heading = format!("{reference} {title}: {}", period.label());
        chart.title().set_name(&heading);
        let x = (SHEET, *first, 5u16, *last, 5u16);
        let mut series = |col: u16, name: &str, line: Option<ChartLine>| {
            let s = chart.add_series();
            s.set_categories(x)
                .set_values((SHEET, *first, col, *last, col))
                .set_name(name);
            match line {
                Some(l) => {
                    s.set_format(ChartFormat::new().set_line(&l));
                }
                None => {
                    s.set_format(ChartFormat::new().set_no_line())
                        .set_marker(ChartMarker::new().set_automatic());
                }
            }
        };
        series(6, by.name(), None);
        series(
            7,
            "LA",
            Some(ChartLine::new().set_color("#1D4F91").set_width(2.0).clone()),
        );
        let dashed = ChartLine::new()
            .set_color("#555555")
            .set_dash_type(ChartLineDashType::Dash)
            .clone();
        let solid = ChartLine::new().set_color("#555555").clone();
        series(8, "lower 99.8%", Some(solid.clone()));
        series(9, "lower 95%", Some(dashed.clone()));
        series(10, "upper 95%", Some(dashed));
        series(11, "upper 99.8%", Some(solid));
        chart.x_axis().set_name("denominator");
        chart.y_axis().set_name("%");
        charts.insert_chart(k as u32 * 22, 0, &chart)?;
    }
    Ok(())
}

/// `caseloads-by-team.csv`: the LA (team blank) and each team's caseloads
/// at the end of `period`.
pub fn team_caseloads_csv(
    teams: &[scorecard_compute::caseloads::TeamCaseload],
    period: impl Period,
) -> Result<String> {
    let header = [
        "la",
        "team",
        "date",
        "workers",
        "cases",
        "cin",
        "cp",
        "cla",
        "care_leavers",
        "other",
        "average",
        "median",
        "highest",
        "threshold",
        "over_threshold",
    ];
    csv_text(
        "the caseloads",
        &header,
        teams.iter().map(|t| {
            let c = t.cases;
            [
                t.la.clone(),
                t.team.clone(),
                period.last_day().to_string(),
                t.workers.to_string(),
                c.total().to_string(),
                c.cin.to_string(),
                c.cp.to_string(),
                c.cla.to_string(),
                c.care_leavers.to_string(),
                c.other.to_string(),
                t.average().map(|a| format!("{a:.1}")).unwrap_or_default(),
                format!("{:.1}", t.median),
                t.highest.to_string(),
                t.threshold.to_string(),
                t.over.to_string(),
            ]
        }),
    )
}

/// `caseloads-by-worker.csv`: each worker's open cases by type at the end
/// of `period` (personal data; pseudonymise first unless names were asked
/// for).
pub fn worker_caseloads_csv(
    workers: &[scorecard_compute::caseloads::WorkerCaseload],
    period: impl Period,
) -> Result<String> {
    let header = [
        "la",
        "worker",
        "team",
        "date",
        "cases",
        "cin",
        "cp",
        "cla",
        "care_leavers",
        "other",
    ];
    csv_text(
        "the caseloads",
        &header,
        workers.iter().map(|x| {
            let c = x.cases;
            [
                x.la.clone(),
                x.worker.clone(),
                x.team.clone().unwrap_or_else(|| UNALLOCATED.to_string()),
                period.last_day().to_string(),
                c.total().to_string(),
                c.cin.to_string(),
                c.cp.to_string(),
                c.cla.to_string(),
                c.care_leavers.to_string(),
                c.other.to_string(),
            ]
        }),
    )
}

/// `page` with a caseloads section (the LA and each team at the end of
/// `period`) before its end.
pub fn with_caseloads(
    page: &str,
    teams: &[scorecard_compute::caseloads::TeamCaseload],
    period: impl Period,
) -> String {
    let mut s = String::new();
    let threshold = teams.first().map(|t| t.threshold).unwrap_or_default();
    let _ = write!(
        s,
        r#"<section><h2>Caseloads on {}</h2><p>Open cases held by each worker, by the child's status (looked after, then child protection, then child in need, then care leaver; other: allocated with none of these open). The average is cases divided by workers holding cases (as WF6); over: workers holding more than {threshold}.</p><div class="scroll" role="region" aria-label="caseloads" tabindex="0"><table><thead><tr><th scope="col">team</th><th scope="col">workers</th><th scope="col">cases</th><th scope="col">CIN</th><th scope="col">CP</th><th scope="col">CLA</th><th scope="col">care leavers</th><th scope="col">other</th><th scope="col">average</th><th scope="col">median</th><th scope="col">highest</th><th scope="col">over {threshold}</th></tr></thead><tbody>"#,
        esc(&period.last_day().format("%-d %B %Y").to_string())
    );
    for t in teams {
        let c = t.cases;
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.1}</td><td>{}</td><td>{}</td></tr>",
            if t.team.is_empty() {
                "LA".to_string()
            } else {
                esc(&t.team)
            },
            t.workers,
            c.total(),
            c.cin,
            c.cp,
            c.cla,
            c.care_leavers,
            c.other,
            t.average().map(|a| format!("{a:.1}")).unwrap_or_default(),
            t.median,
            t.highest,
            t.over
        );
    }
    s.push_str("</tbody></table></div></section>");
    match page.rfind("</main>") {
        Some(i) => format!("{}{s}{}", &page[..i], &page[i..]),
        None => format!("{page}{s}"),
    }
}

/// What [`write_files`] writes, beside the rows.
#[derive(Debug)]
pub(crate) struct Files<'a> {
    pub by: GroupBy,
    pub la: &'a str,
    /// `by-team`, `weekly-by-team`, ...
    pub stem: String,
    /// For the caseloads.
    pub events: &'a scorecard_compute::Events,
    pub names: bool,
    pub key: Option<&'a [u8]>,
    pub threshold: u32,
}

/// Writes `STEM.csv`, `STEM.html` (funnel plots and the caseloads at the
/// period's end), `STEM.xlsx` and `caseloads-STEM.csv` (`caseloads-by-team`;
/// by worker also `caseloads-by-worker`, pseudonymised unless named) to
/// `dir`; returns the paths.
pub(crate) fn write_files<P: Period>(
    rows: &[GroupRow<P>],
    period: P,
    note: &str,
    f: &Files<'_>,
    dir: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>> {
    let (by, la) = (f.by, f.la);
    let mut workers: Vec<scorecard_compute::caseloads::WorkerCaseload> =
        scorecard_compute::caseloads::caseloads(f.events, period.last_day())
            .into_iter()
            .filter(|w| w.la == la)
            .collect();
    let teams = scorecard_compute::caseloads::by_team(&workers, f.threshold);
    let page = render_page(rows, la, period, by, note);
    let stem = &f.stem;
    let prefix = stem
        .strip_suffix(&format!("by-{}", by.name()))
        .unwrap_or("");
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (format!("{stem}.csv"), to_csv(rows, by)?.into_bytes()),
        (
            format!("{stem}.html"),
            with_caseloads(&page, &teams, period).into_bytes(),
        ),
        (format!("{stem}.xlsx"), render_workbook(rows, period, by)?),
        (
            format!("{prefix}caseloads-by-team.csv"),
            team_caseloads_csv(&teams, period)?.into_bytes(),
        ),
    ];
    if by == GroupBy::Worker {
        if !f.names {
            let key = f.key.map_or_else(|| la.as_bytes().to_vec(), <[u8]>::to_vec);
            for w in &mut workers {
                w.worker = pseudonym(&key, la, &w.worker);
            }
            // By pseudonym: the order of the names would say something.
            workers.sort_by(|a, b| (&a.team, &a.worker).cmp(&(&b.team, &b.worker)));
        }
        files.push((
            format!("{prefix}caseloads-by-worker.csv"),
            worker_caseloads_csv(&workers, period)?.into_bytes(),
        ));
    }
    crate::write_files(dir, files)
}

/// The rows as Parquet at `path`: `period` as text (`2024-01`, `2024-W05`)
/// with its first and last days as dates (`period_start`, `period_end`),
/// counts as integers, the limits as numbers (percentages), the rest text.
pub fn write_parquet<P: Period>(
    rows: &[GroupRow<P>],
    by: GroupBy,
    path: &std::path::Path,
) -> Result<()> {
    use scorecard_compute::readers::parquet::{PlainColumn, write_columns};
    let text = |f: &dyn Fn(&GroupRow<P>) -> String| {
        PlainColumn::Text(
            rows.iter()
                .map(|r| Some(f(r)).filter(|s| !s.is_empty()))
                .collect(),
        )
    };
    let limit = |f: fn(&Limits) -> f64| {
        PlainColumn::Number(
            rows.iter()
                .map(|r| r.limits.as_ref().map(|l| f(l) * 100.0))
                .collect(),
        )
    };
    let columns: Vec<(&str, PlainColumn)> = vec![
        ("la", text(&|r| r.la.clone())),
        (by.name(), text(&|r| r.group.clone())),
        ("ref", text(&|r| r.reference.clone())),
        ("indicator", text(&|r| r.title.clone())),
        ("period", text(&|r| r.period.to_string())),
        (
            "period_start",
            PlainColumn::Date(rows.iter().map(|r| Some(r.period.first_day())).collect()),
        ),
        (
            "period_end",
            PlainColumn::Date(rows.iter().map(|r| Some(r.period.last_day())).collect()),
        ),
        (
            "numerator",
            PlainColumn::Integer(rows.iter().map(|r| r.numerator).collect()),
        ),
        (
            "denominator",
            PlainColumn::Integer(rows.iter().map(|r| r.denominator).collect()),
        ),
        ("value", text(&|r| r.value.clone())),
        ("la_value", text(&|r| r.la_value.clone())),
        ("funnel_lower_998", limit(|l| l.lower_998)),
        ("funnel_lower_95", limit(|l| l.lower_95)),
        ("funnel_upper_95", limit(|l| l.upper_95)),
        ("funnel_upper_998", limit(|l| l.upper_998)),
        (
            "funnel",
            text(&|r| {
                r.position
                    .map(|p| p.describe().to_string())
                    .unwrap_or_default()
            }),
        ),
        (
            "withheld",
            text(&|r| {
                if r.suppressed {
                    "c".into()
                } else {
                    String::new()
                }
            }),
        ),
        ("note", text(&|r| r.note.clone())),
        (
            "target_rating",
            text(&|r| {
                r.target_rating
                    .map(|x| x.code().to_string())
                    .unwrap_or_default()
            }),
        ),
    ];
    Ok(write_columns(path, &columns)?)
}

/// The council's pseudonym key, read from `options.pseudonym_key`.
pub(crate) fn read_key(options: &crate::recipe::RunOptions) -> Result<Option<Vec<u8>>> {
    match &options.pseudonym_key {
        None => Ok(None),
        Some(path) => Ok(Some(std::fs::read(path).map_err(|e| Error::read(path, e))?)),
    }
}

/// A grouping made ready for output as the LA totals in `computation`
/// are: no value where the LA has none, suppressed as the LA's are,
/// workers pseudonymised unless named.
pub(crate) fn finish<P: Ord + Copy>(
    grouped: &mut Grouped<P>,
    computation: &Computation<P>,
    options: &crate::recipe::RunOptions,
    key: Option<&[u8]>,
) {
    grouped.follow(computation);
    if options.suppress_small {
        grouped.suppress_small();
    }
    if grouped.by == GroupBy::Worker && !options.names {
        pseudonymise(grouped, key);
    }
}
