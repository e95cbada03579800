//! The scorecard as one self-contained HTML page: no scripts, fonts or
//! images fetched from anywhere; sparklines are inline SVG.
//!
//! Ratings are shown by colour **and** by letter (readable in greyscale and
//! by a screen reader, with the rating's name and reason in the cell's
//! label); arrows carry their judgement as text for screen readers. Print
//! styles keep each section together and drop the colours' dependence.

use std::fmt::Write as _;

use scorecard_core::{Rating, Row, Scorecard, Value};

use crate::focus::FocusArea;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A value as shown.
pub fn shown(v: Option<Value>, row: &Row) -> String {
    v.map(|v| v.display(row.unit, row.precision))
        .unwrap_or_default()
}

/// `no data: ...` as `No data: ...`.
fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn rating_class(r: Rating) -> &'static str {
    match r {
        Rating::Blue => "b",
        Rating::Green => "g",
        Rating::Amber => "a",
        Rating::Red => "r",
        Rating::NotRated => "n",
    }
}

/// An inline SVG sparkline of `values` (gaps where a month has none).
pub fn sparkline(values: &[Option<Value>], label: &str) -> String {
    let nums: Vec<Option<f64>> = values
        .iter()
        .map(|v| v.and_then(|v| v.as_decimal().to_string().parse::<f64>().ok()))
        .collect();
    let present: Vec<f64> = nums.iter().flatten().copied().collect();
    let (w, h, pad) = (120.0, 24.0, 2.0);
    let mut svg = format!(
        "<svg class=\"spark\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">",
        esc(label)
    );
    if let (Some(lo), Some(hi)) = (
        present.iter().copied().reduce(f64::min),
        present.iter().copied().reduce(f64::max),
    ) {
        let span = if hi > lo { hi - lo } else { 1.0 };
        let step = if nums.len() > 1 {
            (w - 2.0 * pad) / (nums.len() - 1) as f64
        } else {
            0.0
        };
        let point = |i: usize, v: f64| {
            (
                pad + step * i as f64,
                h - pad - (v - lo) / span * (h - 2.0 * pad),
            )
        };
        let mut segment: Vec<String> = Vec::new();
        let flush = |segment: &mut Vec<String>, svg: &mut String| {
            if segment.len() > 1 {
                let _ = write!(
                    svg,
                    "<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"{}\"/>",
                    segment.join(" ")
                );
            } else if let Some(p) = segment.first() {
                let mut xy = p.split(',');
                let _ = write!(
                    svg,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"1.5\"/>",
                    xy.next().unwrap_or("0"),
                    xy.next().unwrap_or("0")
                );
            }
            segment.clear();
        };
        for (i, v) in nums.iter().enumerate() {
            match v {
                Some(v) => {
                    let (x, y) = point(i, *v);
                    segment.push(format!("{x:.1},{y:.1}"));
                }
                None => flush(&mut segment, &mut svg),
            }
        }
        flush(&mut segment, &mut svg);
        if let Some((i, Some(v))) = nums.iter().enumerate().rev().find(|(_, v)| v.is_some()) {
            let (x, y) = point(i, *v);
            let _ = write!(svg, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.2\"/>");
        }
    }
    svg.push_str("</svg>");
    svg
}

const STYLE: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:1.5rem;color:#1b1b1b}
h1{font-size:1.4rem;margin:0 0 .2rem} p.meta{margin:0 0 1rem;color:#444}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem;font-size:.82rem}
caption{text-align:left;font-weight:700;font-size:1.05rem;padding:.4rem .5rem;background:#1f3864;color:#fff}
th,td{border:1px solid #bbb;padding:.25rem .4rem;vertical-align:middle}
th{background:#dde4ee;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.ref{font-weight:600;white-space:nowrap} td.title{min-width:18rem}
td.rag{text-align:center;font-weight:700;width:3.2rem}
td.rag.b{background:#5b9bd5;color:#fff} td.rag.g{background:#70ad47;color:#fff}
td.rag.a{background:#ffc000;color:#000} td.rag.r{background:#c00000;color:#fff}
td.rag.n{color:#555}
td.dot{text-align:center;font-size:1rem} .spark{color:#1f3864}
.stats{display:block;color:#333;font-size:.72rem;margin-top:.15rem} .rev{font-weight:700;color:#7a3e00}
td.revised{outline:2px dashed #7a3e00;outline-offset:-3px}
.note{font-size:.75rem;color:#444} sup{font-size:.7em} .nodata{color:#444;font-style:italic}
.legend span{display:inline-block;padding:0 .4rem;margin-right:.3rem;border:1px solid #999}
@media print{body{margin:0;font-size:9pt} table{page-break-inside:avoid} caption{background:none;color:#000;border-bottom:2px solid #000}
 td.rag{background:none!important;color:#000!important;border:2px solid #000} a{color:#000}}
"#;

/// The earlier figure as shown (`41`, `86.3%`), or as written when it is
/// not a number (blank, `c`).
fn previous_shown(previous: &str, row: &Row) -> String {
    match previous.trim().parse::<rust_decimal::Decimal>() {
        Ok(d) => Value::Decimal(d).display(row.unit, row.precision),
        Err(_) if previous.trim().is_empty() => "blank".to_string(),
        Err(_) => esc(previous),
    }
}

/// The line of statistics under an indicator's title: the confidence
/// interval, significance against each comparator, the SPC icons, the rank
/// among all LAs and the items still in time.
fn statistics_line(row: &Row, card: &Scorecard) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(ci) = &row.interval {
        parts.push(format!(
            "{} CI {} to {}",
            ci.confidence,
            Value::Decimal(ci.lower).display(row.unit, row.precision),
            Value::Decimal(ci.upper).display(row.unit, row.precision)
        ));
    }
    if !row.significance.is_empty() {
        let vs: Vec<String> = row
            .significance
            .iter()
            .map(|s| {
                let name = card
                    .comparator_sets
                    .iter()
                    .find(|c| c.key == s.set)
                    .map_or(s.set.as_str(), |c| c.name.as_str());
                format!("{} than {name}", s.significance.word())
                    .replace("similar than", "similar to")
            })
            .collect();
        parts.push(vs.join(", "));
    }
    if let Some(spc) = &row.spc {
        let mut t = String::from("SPC: ");
        if let Some(v) = spc.chart.variation {
            t.push_str(v.describe());
        }
        if let Some(a) = spc.chart.assurance {
            t.push_str("; ");
            t.push_str(a.describe());
        }
        if spc.chart.limits.trial {
            t.push_str(" (trial limits)");
        }
        parts.push(t);
    }
    if let Some(b) = &row.benchmark {
        parts.push(format!("{}: ranked {} among LAs", b.vintage, b.describe()));
    }
    if let Some(n) = row.still_in_time {
        parts.push(format!("+ {n} still in time"));
    }
    if parts.is_empty() {
        return String::new();
    }
    format!(
        "<small class=\"stats\">{}</small>",
        esc(&parts.join(" \u{b7} "))
    )
}

/// Renders the scorecard (and, when given, the focus-area roll-up) as HTML.
pub fn render(card: &Scorecard, focus: &[FocusArea]) -> String {
    render_with_sources(card, focus, &std::collections::BTreeMap::new())
}

/// [`render`], with a closing section saying what each indicator was
/// computed from, and which had no data and what they need (`sources`:
/// ref to `computed from ...` or `no data: needs ...`, as in
/// `DataQuality::indicator_sources`).
pub fn render_with_sources(
    card: &Scorecard,
    focus: &[FocusArea],
    sources: &std::collections::BTreeMap<String, String>,
) -> String {
    let mut h = String::new();
    let title = format!(
        "{} children's services performance scorecard, {}",
        card.la,
        card.period.label()
    );
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(&title)
    );
    let _ = write!(h, "<h1>{}</h1>", esc(&title));
    let _ = write!(
        h,
        "<p class=\"meta\">Direction of travel compares the latest month with the {}. <span class=\"legend\">Ratings: <span>B Blue: target met and sustained</span><span>G Green: on target</span><span>A Amber: missed, within tolerance</span><span>R Red: missed</span></span></p>",
        match card.baseline {
            scorecard_core::Baseline::PreviousMonth => "previous month",
            scorecard_core::Baseline::SameMonthLastYear => "same month last year",
            scorecard_core::Baseline::PreviousYear => "previous year",
        }
    );
    if card
        .rows()
        .any(|r| r.revision.as_ref().is_some_and(|x| x.any()))
    {
        let period = card
            .rows()
            .find_map(|r| r.revision.as_ref()?.previous_period)
            .map(|p| format!(" ({})", p.label()))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<p class=\"meta\"><span class=\"rev\">\u{2020}</span> marks a figure revised since the earlier scorecard{period} (its earlier value on hover and to screen readers); \"was\" gives a rating or arrow that changed.</p>"
        );
    }
    let mut notes = Vec::new();
    for section in &card.sections {
        let _ = write!(
            h,
            "<table><caption>{} ({})</caption><thead><tr><th scope=\"col\">Ref</th><th scope=\"col\">Indicator</th>",
            esc(&section.name),
            section.section.code()
        );
        for m in &card.months {
            let _ = write!(h, "<th scope=\"col\">{}</th>", m.label());
        }
        h.push_str("<th scope=\"col\">Previous Year</th><th scope=\"col\">Target</th>");
        for set in &card.comparator_sets {
            let _ = write!(h, "<th scope=\"col\">{}</th>", esc(&set.heading(None)));
        }
        h.push_str("<th scope=\"col\">Last 12 Months</th><th scope=\"col\">Performance</th><th scope=\"col\">Direction of Travel</th></tr></thead><tbody>");
        for row in &section.rows {
            let _ = write!(
                h,
                "<tr data-ref=\"{}\"><td class=\"ref\">{}</td><td class=\"title\">{}{}</td>",
                esc(&row.reference),
                esc(&row.reference),
                esc(&row.title),
                row.no_data
                    .as_ref()
                    .map(|r| format!("<br><small class=\"nodata\">{}</small>", esc(&capital(r))))
                    .unwrap_or_else(|| statistics_line(row, card))
            );
            for (k, v) in row.values.iter().enumerate() {
                let text = if row.suppressed.get(k).copied().unwrap_or(false) {
                    "c".to_string()
                } else {
                    shown(*v, row)
                };
                let revised = card.months.get(k).and_then(|m| {
                    row.revision
                        .as_ref()?
                        .revised
                        .iter()
                        .find(|r| r.month == *m)
                });
                match revised {
                    Some(r) => {
                        let was = previous_shown(&r.previous, row);
                        let _ = write!(
                            h,
                            "<td class=\"num revised\" title=\"revised: was {was} in the earlier scorecard\">{text}<span class=\"rev\" aria-label=\"revised, was {was}\"> \u{2020}</span></td>"
                        );
                    }
                    None => {
                        let _ = write!(h, "<td class=\"num\">{}</td>", text);
                    }
                }
            }
            let _ = write!(
                h,
                "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                shown(row.previous_year, row),
                esc(&row.target.display(row.unit))
            );
            for set in &card.comparator_sets {
                let c = row.comparators.iter().find(|c| c.set == set.key);
                let _ = write!(
                    h,
                    "<td class=\"num\">{}</td>",
                    c.map(|c| Value::Decimal(c.value).display(row.unit, row.precision))
                        .unwrap_or_default()
                );
            }
            let _ = write!(
                h,
                "<td>{}</td>",
                sparkline(
                    &row.series,
                    &format!("{} over the last 12 months", row.reference)
                )
            );
            let r = row.rating.rating;
            let marker = if row.rating.override_reason.is_some() {
                notes.push(format!(
                    "{}: {}",
                    row.reference,
                    row.rating.override_reason.clone().unwrap_or_default()
                ));
                format!("<sup>{}</sup>", notes.len())
            } else {
                String::new()
            };
            let was_rating = row
                .revision
                .as_ref()
                .filter(|r| r.rating_changed)
                .map(|r| {
                    format!(
                        "<small class=\"rev\"> (was {})</small>",
                        r.previous_rating.map_or("none", |x| x.code())
                    )
                })
                .unwrap_or_default();
            let letter = if row.no_data.is_some() {
                "no data"
            } else if r == Rating::NotRated {
                ""
            } else {
                r.code()
            };
            let _ = write!(
                h,
                "<td class=\"rag {}\" title=\"{}\" aria-label=\"{}: {}\">{}{}{}</td>",
                rating_class(r),
                esc(&row.rating.reason),
                r.name(),
                esc(&row.rating.reason),
                letter,
                marker,
                was_rating
            );
            let was_arrow = row
                .revision
                .as_ref()
                .filter(|r| r.direction_changed)
                .map(|r| {
                    format!(
                        "<small class=\"rev\"> (was {})</small>",
                        r.previous_direction.map_or("none", |a| a.word())
                    )
                })
                .unwrap_or_default();
            match row.direction {
                Some(d) => {
                    let _ = write!(
                        h,
                        "<td class=\"dot\" aria-label=\"{} ({})\" title=\"{}, {}\">{}{was_arrow}</td>",
                        d.arrow.word(),
                        d.judgement.word(),
                        d.arrow.word(),
                        d.judgement.word(),
                        d.arrow.symbol()
                    );
                }
                None => h.push_str("<td class=\"dot\"></td>"),
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table>");
    }
    if !notes.is_empty() {
        h.push_str("<section class=\"note\"><h2>Ratings set by hand</h2><ol>");
        for n in &notes {
            let _ = write!(h, "<li>{}</li>", esc(n));
        }
        h.push_str("</ol></section>");
    }
    if !focus.is_empty() {
        h.push_str("<table class=\"focus\"><caption>Improvement plan focus areas</caption><thead><tr><th scope=\"col\">Focus area</th><th scope=\"col\">Measures (ratings)</th><th scope=\"col\">Summary</th></tr></thead><tbody>");
        for fa in focus {
            let measures = fa
                .measures
                .iter()
                .map(|(r, rating)| format!("{r} {}", rating.map(|x| x.code()).unwrap_or("-")))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = write!(
                h,
                "<tr><td>{} {}</td><td>{}</td><td class=\"rag {}\" aria-label=\"{}\">{}</td></tr>",
                esc(&fa.id),
                esc(&fa.title),
                esc(&measures),
                rating_class(fa.summary),
                fa.summary.name(),
                if fa.summary == Rating::NotRated {
                    ""
                } else {
                    fa.summary.code()
                }
            );
        }
        h.push_str("</tbody></table>");
    }
    // Where each indicator came from, grouped by source.
    let mut by_source: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for row in card.rows() {
        if let Some(says) = sources.get(&row.reference) {
            by_source.entry(says).or_default().push(&row.reference);
        }
    }
    if !by_source.is_empty() {
        h.push_str("<section class=\"note\"><h2>Where the figures come from</h2><ul>");
        for (says, refs) in &by_source {
            let _ = write!(
                h,
                "<li><strong>{}</strong>: {}</li>",
                esc(&refs.join(", ")),
                esc(&capital(says))
            );
        }
        h.push_str("</ul></section>");
    }
    h.push_str("</body></html>\n");
    h
}
