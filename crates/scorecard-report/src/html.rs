//! The scorecard as one self-contained HTML page: no scripts, fonts or
//! images fetched from anywhere; charts are inline SVG.
//!
//! The page leads with a **summary** (per section, how many indicators are
//! Blue, Green, Amber, Red, unrated or without data; what needs attention
//! and what is improving, see [`crate::summary`]), then the sections, whose
//! column headings stay in view as the page scrolls. Every indicator's title
//! opens a **detail view** (a `<details>` element: no script, and usable by
//! keyboard) with its 24-month chart (target line or band, comparator
//! lines, SPC mean and limits, special-cause points marked by shape as well
//! as colour), numerator and denominator, confidence interval, definition,
//! source, data-quality notes and any override reason.
//!
//! Ratings are shown by colour **and** by letter (readable in greyscale and
//! by a screen reader, with the rating's name and reason in the cell's
//! label); arrows carry their judgement as text. The page fits a 1366-pixel
//! screen without horizontal scrolling (tested in headless Chromium, with
//! axe-core for WCAG 2.1 AA); narrower screens scroll each table in its own
//! region. The print stylesheet is for A3 landscape, with the LA and month
//! at the head of each page and page numbers at the foot (the PDF is this,
//! printed by Chromium).

use std::fmt::Write as _;

use scorecard_compute::DataQuality;
use scorecard_core::{Polarity, Rating, Row, Scorecard, Target, Unit, Value};

use crate::focus::FocusArea;
use crate::summary::Summary;

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
    let (w, h, pad) = (96.0, 22.0, 2.0);
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
                format!(
                    "{} than {}",
                    s.significance.word(),
                    card.comparator_name(&s.set)
                )
                .replace("similar than", "similar to")
            })
            .collect();
        parts.push(vs.join(", "));
    }
    if let Some(spc) = &row.spc {
        parts.push(format!("SPC: {}", spc.describe()));
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
    let icons = row.spc.as_ref().map(spc_icons).unwrap_or_default();
    format!(
        "<small class=\"stats\">{icons}{}</small>",
        esc(&parts.join(" \u{b7} "))
    )
}

/// Making Data Count's two icons, drawn small: variation (grey common
/// cause; blue improving, orange concerning, purple neither, with H or L
/// for the side) and assurance (blue P consistently met, orange F
/// consistently missed, grey ? hit and miss). Letters carry the meaning as
/// well as colour; the words follow in the text, so the icons are hidden
/// from screen readers.
fn spc_icons(spc: &scorecard_core::RowSpc) -> String {
    use scorecard_core::spc::{Assurance, Side, Variation};
    let icon = |fill: &str, letter: &str| {
        format!(
            "<svg class=\"icon\" width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><circle cx=\"7\" cy=\"7\" r=\"6.5\" fill=\"{fill}\"/><text x=\"7\" y=\"10.5\" font-size=\"9\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#fff\">{letter}</text></svg>"
        )
    };
    let side = |s: Side| if s == Side::High { "H" } else { "L" };
    let mut out = String::new();
    if let Some(v) = spc.chart.variation {
        out.push_str(&match v {
            Variation::CommonCause => icon("#595959", "~"),
            Variation::Improving(s) => icon("#1f5fa0", side(s)),
            Variation::Concerning(s) => icon("#b34700", side(s)),
            Variation::Neither(s) => icon("#6a3d9a", side(s)),
        });
    }
    if let Some(a) = spc.chart.assurance {
        out.push_str(&match a {
            Assurance::ConsistentlyMet => icon("#1f5fa0", "P"),
            Assurance::ConsistentlyMissed => icon("#b34700", "F"),
            Assurance::HitAndMiss => icon("#595959", "?"),
        });
    }
    out
}

const STYLE: &str = r#"
:root{--ink:#1b1b1b;--muted:#444;--rule:#b0b0b0;--head:#dde4ee;--navy:#1f3864}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:.75rem;color:var(--ink);font-size:.82rem}
h1{font-size:1.3rem;margin:0 0 .2rem} h2{font-size:1.1rem;margin:.8rem 0 .4rem} h3{font-size:.95rem;margin:.4rem 0}
p.meta{margin:0 0 .5rem;color:var(--muted)}
nav.sections a{margin-right:.8rem;color:var(--navy)}
.summary{display:grid;grid-template-columns:minmax(0,28rem) minmax(0,1fr) minmax(0,1fr);gap:1rem;align-items:start}
.summary ul{margin:0;padding-left:1.1rem} .summary li{margin-bottom:.25rem}
table{border-collapse:collapse;width:100%;font-size:.78rem}
table.counts td,table.counts th{text-align:center}
table.counts th:first-child,table.counts td:first-child{text-align:left}
.wrap{overflow-x:auto;margin-bottom:1.2rem}
table.card{table-layout:fixed;min-width:62rem}
caption{text-align:left;font-weight:700;font-size:1rem;padding:.35rem .5rem;background:var(--navy);color:#fff}
th,td{border:1px solid var(--rule);padding:.2rem .3rem;vertical-align:top}
th{background:var(--head);font-weight:600;font-size:.72rem;line-height:1.15;overflow-wrap:break-word;hyphens:auto}
table.card thead th{position:sticky;top:0;z-index:1}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.ref{font-weight:600}
td.rag{text-align:center;font-weight:700}
.rag.b{background:#1f5fa0;color:#fff} .rag.g{background:#2e7d32;color:#fff}
.rag.a{background:#ffc000;color:#000} .rag.r{background:#c00000;color:#fff}
.rag.n{color:#444}
td.dot{text-align:center;font-size:.95rem} .spark{color:var(--navy)}
.stats{display:block;color:#333;font-size:.7rem;margin-top:.15rem}
svg.icon{vertical-align:-3px;margin-right:2px}
.rev{font-weight:700;color:#7a3e00} td.revised{outline:2px dashed #7a3e00;outline-offset:-3px}
details summary{cursor:pointer;color:var(--navy)} details summary:focus{outline:2px solid var(--navy)}
details[open] summary{font-weight:600}
.detail{margin-top:.3rem} .detail dl{margin:.3rem 0;display:grid;grid-template-columns:6.5rem minmax(0,1fr);gap:.1rem .4rem}
.detail dt{font-weight:600} .detail dd{margin:0;min-width:0;overflow-wrap:anywhere}
svg.chart{width:100%;height:auto;max-width:26rem;color:var(--navy)}
.note{font-size:.75rem;color:var(--muted)} sup{font-size:.7em} .nodata{color:#444;font-style:italic}
.legend span{display:inline-block;padding:0 .35rem;margin-right:.25rem;border:1px solid #999}
@media (max-width:1100px){.summary{grid-template-columns:1fr}}
@page{size:A3 landscape;margin:14mm 10mm 14mm 10mm;
 @top-left{content:var(--page-title,"");font-size:9pt}
 @bottom-right{content:"Page " counter(page) " of " counter(pages);font-size:9pt}}
@media print{body{margin:0;font-size:8pt} nav.sections{display:none}
 .wrap{overflow:visible} table.card{min-width:0} section.part{break-inside:avoid}
 thead{display:table-header-group} tr{break-inside:avoid} table.card thead th{position:static}
 details>:not(summary){display:none} details summary{list-style:none;color:#000}
 caption{background:none;color:#000;border-bottom:2px solid #000}
 .rag{background:none!important;color:#000!important;border:2px solid #000} a{color:#000}
 .summary{break-after:page}}
"#;

/// Renders the scorecard (and, when given, the focus-area roll-up) as HTML.
pub fn render(card: &Scorecard, focus: &[FocusArea]) -> String {
    render_page(card, focus, &DataQuality::default())
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
    let mut quality = DataQuality::default();
    quality.indicator_sources = sources.clone();
    render_page(card, focus, &quality)
}

/// The whole page, with each indicator's data-quality notes (its sources
/// and the records left out of it) in its detail view.
pub fn render_page(card: &Scorecard, focus: &[FocusArea], quality: &DataQuality) -> String {
    let sources = &quality.indicator_sources;
    let mut h = String::new();
    let title = format!(
        "{} children's services performance scorecard, {}",
        card.la,
        card.period.label()
    );
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{t}</title><style>{STYLE}html{{--page-title:\"{pt}\"}}</style></head><body><header><h1>{t}</h1>",
        t = esc(&title),
        pt = css_string(&format!("{}, {}", card.la, card.period.label()))
    );
    let _ = write!(
        h,
        "<p class=\"meta\">Direction of travel compares the latest month with the {}. <span class=\"legend\">Ratings: <span>B Blue: target met and sustained</span><span>G Green: on target</span><span>A Amber: missed, within tolerance</span><span>R Red: missed</span></span> Open an indicator's title for its chart, definition and data notes.</p>",
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
    h.push_str("<nav class=\"sections\" aria-label=\"Sections\">");
    h.push_str("<a href=\"#summary\">Summary</a>");
    for section in &card.sections {
        let _ = write!(
            h,
            "<a href=\"#sec-{}\">{}</a>",
            section.section.code(),
            esc(&section.name)
        );
    }
    h.push_str("</nav></header><main>");
    summary_html(&mut h, card);
    let mut notes = Vec::new();
    for section in &card.sections {
        let _ = write!(
            h,
            "<section class=\"part\" id=\"sec-{code}\" aria-label=\"{name}\"><div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{name} table\"><table class=\"card\"><caption>{name} ({code})</caption>",
            name = esc(&section.name),
            code = section.section.code()
        );
        // Column widths: the title takes what is left.
        h.push_str("<colgroup><col style=\"width:3.6rem\"><col>");
        for _ in &card.months {
            h.push_str("<col style=\"width:3.7rem\">");
        }
        h.push_str("<col style=\"width:3.7rem\"><col style=\"width:3.6rem\">");
        for _ in &card.comparator_sets {
            h.push_str("<col style=\"width:4.3rem\">");
        }
        h.push_str("<col style=\"width:6.6rem\"><col style=\"width:3.9rem\"><col style=\"width:4.6rem\"></colgroup>");
        h.push_str("<thead><tr><th scope=\"col\">Ref</th><th scope=\"col\">Indicator</th>");
        for m in &card.months {
            let _ = write!(h, "<th scope=\"col\">{}</th>", m.label());
        }
        h.push_str("<th scope=\"col\">Previous Year</th><th scope=\"col\">Target</th>");
        for set in &card.comparator_sets {
            let _ = write!(h, "<th scope=\"col\">{}</th>", esc(&set.heading(None)));
        }
        h.push_str("<th scope=\"col\">Last 12 Months</th><th scope=\"col\">Perform\u{ad}ance</th><th scope=\"col\">Direction of Travel</th></tr></thead><tbody>");
        for row in &section.rows {
            row_html(&mut h, row, card, quality, &mut notes);
        }
        h.push_str("</tbody></table></div></section>");
    }
    if !notes.is_empty() {
        h.push_str("<section class=\"note\"><h2>Ratings set by hand</h2><ol>");
        for n in &notes {
            let _ = write!(h, "<li>{}</li>", esc(n));
        }
        h.push_str("</ol></section>");
    }
    if !focus.is_empty() {
        h.push_str("<section class=\"part\"><div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Focus areas table\"><table class=\"focus\"><caption>Improvement plan focus areas</caption><thead><tr><th scope=\"col\">Focus area</th><th scope=\"col\">Measures (ratings)</th><th scope=\"col\">Summary</th></tr></thead><tbody>");
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
        h.push_str("</tbody></table></div></section>");
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
    h.push_str("</main></body></html>\n");
    h
}

/// A text as a CSS string's content (quotes and backslashes escaped; no
/// markup can end the style element).
fn css_string(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '<' | '>' | '\n'))
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

fn summary_html(h: &mut String, card: &Scorecard) {
    let s = Summary::of(card);
    h.push_str("<section class=\"summary\" id=\"summary\" aria-label=\"Summary\"><div><h2>Summary</h2><table class=\"counts\"><caption>Ratings by section</caption><thead><tr><th scope=\"col\">Section</th><th scope=\"col\">B Blue</th><th scope=\"col\">G Green</th><th scope=\"col\">A Amber</th><th scope=\"col\">R Red</th><th scope=\"col\">Not rated</th><th scope=\"col\">No data</th></tr></thead><tbody>");
    for (section, name, c) in &s.sections {
        let _ = write!(
            h,
            "<tr><th scope=\"row\"><a href=\"#sec-{}\">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            section.code(),
            esc(name),
            c.blue,
            c.green,
            c.amber,
            c.red,
            c.unrated,
            c.no_data
        );
    }
    h.push_str("</tbody></table></div>");
    for (heading, items) in [
        ("Needs attention", &s.attention),
        ("Improving", &s.improving),
    ] {
        let _ = write!(h, "<div><h2>{heading} ({})</h2>", items.len());
        if items.is_empty() {
            h.push_str("<p class=\"note\">Nothing this month.</p>");
        } else {
            h.push_str("<ul>");
            for i in items {
                let _ = write!(
                    h,
                    "<li><a href=\"#row-{r}\">{r} {t}</a>: {why}</li>",
                    r = esc(&i.reference),
                    t = esc(&i.title),
                    why = esc(&i.reasons.join("; "))
                );
            }
            h.push_str("</ul>");
        }
        h.push_str("</div>");
    }
    h.push_str("</section>");
}

fn row_html(
    h: &mut String,
    row: &Row,
    card: &Scorecard,
    quality: &DataQuality,
    notes: &mut Vec<String>,
) {
    let _ = write!(
        h,
        "<tr data-ref=\"{r}\" id=\"row-{r}\"><td class=\"ref\">{r}</td><td class=\"title\"><details><summary>{t}</summary>{detail}</details>{extra}</td>",
        r = esc(&row.reference),
        t = esc(&row.title),
        detail = detail_html(row, card, quality),
        extra = row
            .no_data
            .as_ref()
            .map(|r| format!("<small class=\"nodata\">{}</small>", esc(&capital(r))))
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
                let _ = write!(h, "<td class=\"num\">{text}</td>");
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
                "<td class=\"dot\" aria-label=\"{w} ({j})\" title=\"{w}, {j}\">{}<br><small>{j}</small>{was_arrow}</td>",
                d.arrow.symbol(),
                w = d.arrow.word(),
                j = d.judgement.word(),
            );
        }
        None => h.push_str("<td class=\"dot\"></td>"),
    }
    h.push_str("</tr>");
}

/// The detail view: chart, figures, definition, source, data quality.
fn detail_html(row: &Row, card: &Scorecard, quality: &DataQuality) -> String {
    let mut d = String::from("<div class=\"detail\">");
    d.push_str(&chart(row, card));
    d.push_str("<dl>");
    let mut item = |term: &str, text: String| {
        if !text.is_empty() {
            let _ = write!(d, "<dt>{term}</dt><dd>{text}</dd>");
        }
    };
    if let Some(p) = &row.parts {
        let text = match p.denominator {
            Some(den) if row.unit == Unit::RatePer10k => {
                format!("{} out of a population of {den}", p.numerator)
            }
            Some(den) => format!("{} of {den}", p.numerator),
            None => p.numerator.to_string(),
        };
        item(&card.period.label(), esc(&text));
    }
    if let Some(ci) = &row.interval {
        item(
            "Interval",
            esc(&format!(
                "{} confidence interval {} to {} ({})",
                ci.confidence,
                Value::Decimal(ci.lower).display(row.unit, row.precision),
                Value::Decimal(ci.upper).display(row.unit, row.precision),
                ci.method.name()
            )),
        );
    }
    if let Some(def) = &row.definition {
        let mut t = esc(&def.numerator);
        if let Some(den) = &def.denominator {
            let _ = write!(t, ", out of {}", esc(den));
        }
        if let Some(n) = def.timescale_working_days {
            let _ = write!(t, "; timescale {n} working days");
        }
        if let Some(n) = def.timescale_hours {
            let _ = write!(t, "; timescale {n} hours");
        }
        if let Some(n) = def.timescale_days {
            let _ = write!(t, "; timescale {n} days");
        }
        if let Some(o) = &def.timescale_other {
            let _ = write!(t, "; {}", esc(o));
        }
        item("Definition", t);
        item("Follows", esc(&def.follows));
    }
    item("Source", esc(&row.source));
    let mut dq = Vec::new();
    if let Some(s) = quality.indicator_sources.get(&row.reference) {
        dq.push(capital(s));
    }
    if let Some(ex) = quality.indicator_exclusions.get(&row.reference) {
        for (reason, n) in ex {
            dq.push(format!("{n} left out: {reason}"));
        }
    }
    item("Data quality", esc(&dq.join("; ")));
    item("Rating", esc(&row.rating.reason));
    if let Some(o) = &row.rating.override_reason {
        item("Set by hand", esc(o));
    }
    d.push_str("</dl></div>");
    d
}

fn f(d: rust_decimal::Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

/// The detail chart: the series from the SPC chart's first month (24 months
/// in a standard run), with the SPC mean and limits, the target, and the
/// comparator values; special-cause points drawn larger and by shape
/// (square for concern, diamond for improvement, circle otherwise).
pub fn chart(row: &Row, card: &Scorecard) -> String {
    let Some(spc) = &row.spc else {
        return String::new();
    };
    let values: Vec<Option<f64>> = spc.values.iter().map(|v| v.map(f)).collect();
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    if present.is_empty() {
        return String::new();
    }
    let l = &spc.chart.limits;
    let mut lines: Vec<(f64, &str, String)> = vec![
        (f(l.mean), "mean", "SPC mean".into()),
        (f(l.upper), "limit", "upper process limit".into()),
        (f(l.lower), "limit", "lower process limit".into()),
    ];
    match row.target {
        Target::Value(t) => lines.push((f(t), "target", "target".into())),
        Target::Band { low, high } => {
            lines.push((f(low), "target", "target band low".into()));
            lines.push((f(high), "target", "target band high".into()));
        }
        Target::None => {}
    }
    for c in &row.comparators {
        lines.push((
            f(c.value),
            "comparator",
            card.comparator_name(&c.set).to_string(),
        ));
    }
    let mut lo = present.iter().copied().fold(f64::INFINITY, f64::min);
    let mut hi = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    for (v, _, _) in &lines {
        lo = lo.min(*v);
        hi = hi.max(*v);
    }
    if row.unit == Unit::Percent {
        lo = lo.max(0.0);
        hi = hi.min(100.0);
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    let (w, hgt, left, right, top, bottom) = (360.0, 150.0, 40.0, 8.0, 8.0, 20.0);
    let n = values.len().max(2);
    let x = |i: usize| left + (w - left - right) * i as f64 / (n - 1) as f64;
    let y = |v: f64| top + (hgt - top - bottom) * (1.0 - (v.clamp(lo, hi) - lo) / (hi - lo));
    let shown = |v: f64| {
        Value::Decimal(rust_decimal::Decimal::from_f64_retain(v).unwrap_or_default())
            .display(row.unit, row.precision)
    };
    let last = spc.first.plus(values.len() as i64 - 1);
    let mut label = format!(
        "{} from {} to {}: latest {}; SPC mean {}, limits {} to {}",
        row.reference,
        spc.first.label(),
        last.label(),
        values
            .last()
            .copied()
            .flatten()
            .map(shown)
            .unwrap_or_else(|| "none".into()),
        shown(f(l.mean)),
        shown(f(l.lower)),
        shown(f(l.upper))
    );
    if row.target.is_set() {
        let _ = write!(label, "; target {}", row.target.display(row.unit));
    }
    if let Some(v) = spc.chart.variation {
        let _ = write!(label, "; {}", v.describe());
    }
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {hgt}\" role=\"img\" aria-label=\"{}\">",
        esc(&label)
    );
    if let Target::Band { low, high } = row.target {
        let (y1, y2) = (y(f(high)), y(f(low)));
        let _ = write!(
            svg,
            "<rect x=\"{left}\" y=\"{y1:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#2e7d32\" fill-opacity=\"0.12\"/>",
            w - left - right,
            (y2 - y1).max(0.5)
        );
    }
    for (v, kind, _) in &lines {
        let (stroke, dash) = match *kind {
            "mean" => ("#555", ""),
            "limit" => ("#777", " stroke-dasharray=\"4 3\""),
            "target" => ("#2e7d32", " stroke-dasharray=\"8 3\""),
            _ => ("#7a3e00", " stroke-dasharray=\"1 3\""),
        };
        let _ = write!(
            svg,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"{stroke}\" stroke-width=\"1\"{dash}/>",
            w - right,
            yy = y(*v)
        );
    }
    // Axis labels.
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"end\" fill=\"#333\">{}</text><text x=\"{}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"end\" fill=\"#333\">{}</text>",
        left - 3.0,
        y(hi) + 8.0,
        esc(&shown(hi)),
        left - 3.0,
        y(lo),
        esc(&shown(lo))
    );
    let _ = write!(
        svg,
        "<text x=\"{left}\" y=\"{}\" font-size=\"9\" fill=\"#333\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"9\" text-anchor=\"end\" fill=\"#333\">{}</text>",
        hgt - 5.0,
        spc.first.label(),
        w - right,
        hgt - 5.0,
        last.label()
    );
    // The series, broken where a month is missing.
    let mut seg: Vec<String> = Vec::new();
    let mut polylines = String::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => seg.push(format!("{:.1},{:.1}", x(i), y(*v))),
            None => {
                if seg.len() > 1 {
                    let _ = write!(
                        polylines,
                        "<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.6\" points=\"{}\"/>",
                        seg.join(" ")
                    );
                }
                seg.clear();
            }
        }
    }
    if seg.len() > 1 {
        let _ = write!(
            polylines,
            "<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.6\" points=\"{}\"/>",
            seg.join(" ")
        );
    }
    svg.push_str(&polylines);
    for (i, v) in values.iter().enumerate() {
        let Some(v) = v else { continue };
        let (cx, cy) = (x(i), y(*v));
        let special = spc.chart.signals.get(i).copied().flatten();
        let good = special.map(|s| match (row.polarity, s.side) {
            (Polarity::HigherIsBetter, scorecard_core::spc::Side::High)
            | (Polarity::LowerIsBetter, scorecard_core::spc::Side::Low) => Some(true),
            (Polarity::HigherIsBetter, _) | (Polarity::LowerIsBetter, _) => Some(false),
            _ => None,
        });
        match good {
            Some(Some(false)) => {
                let _ = write!(
                    svg,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"6\" height=\"6\" fill=\"#c55a11\"/>",
                    cx - 3.0,
                    cy - 3.0
                );
            }
            Some(Some(true)) => {
                let _ = write!(
                    svg,
                    "<path d=\"M{cx:.1} {:.1}l3.5 3.5l-3.5 3.5l-3.5 -3.5z\" fill=\"#1f5fa0\"/>",
                    cy - 3.5
                );
            }
            Some(None) => {
                let _ = write!(
                    svg,
                    "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"3.2\" fill=\"#6a3d9a\"/>"
                );
            }
            None => {
                let _ = write!(
                    svg,
                    "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"1.8\" fill=\"currentColor\"/>"
                );
            }
        }
    }
    svg.push_str("</svg>");
    let mut legend =
        String::from("<p class=\"note\">Solid grey: SPC mean; dashed grey: process limits");
    if spc.chart.limits.trial {
        legend.push_str(" (trial: fewer than the baseline's points)");
    }
    if row.target.is_set() {
        legend.push_str("; long dashes: target");
    }
    let comps: Vec<String> = lines
        .iter()
        .filter(|l| l.1 == "comparator")
        .map(|l| format!("{} {}", l.2, shown(l.0)))
        .collect();
    if !comps.is_empty() {
        let _ = write!(legend, "; dotted: {}", esc(&comps.join(", ")));
    }
    legend.push_str(". Special cause: diamond improving, square concerning, large circle neither.");
    if let Some(a) = spc.chart.assurance {
        let _ = write!(legend, " Assurance: {}.", a.describe());
    }
    legend.push_str("</p>");
    svg + &legend
}

/// The earlier figure as shown (`41`, `86.3%`), or as written when it is
/// not a number (blank, `c`).
fn previous_shown(previous: &str, row: &Row) -> String {
    match previous.trim().parse::<rust_decimal::Decimal>() {
        Ok(d) => Value::Decimal(d).display(row.unit, row.precision),
        Err(_) if previous.trim().is_empty() => "blank".to_string(),
        Err(_) => esc(previous),
    }
}
