//! The scorecard as an Excel workbook, as analysts expect one:
//!
//! * **Scorecard**, in the published layout: a band per section (no merged
//!   cells); columns Ref, Indicator, the months, Previous Year, Target, the
//!   comparator averages (vintage in the heading), Last 12 Months as a
//!   native Excel sparkline, Performance with the BRAG fill and letter
//!   (fills with readable contrast), Direction of Travel, then the
//!   statistics. Printed A3 landscape, fit to the page width, the heading
//!   row repeated on every page; the heading row and two columns frozen.
//!   Percentages are real numbers with a % format; an override, a revised
//!   figure or a changed rating shows as a cell note.
//! * **Data**: the tidy rows (see [`crate::tidy`]) as an Excel table,
//!   `ScorecardData`, numbers as numbers.
//! * **Definitions**: each indicator's definition, table `Definitions`.
//! * **Data quality**: the data-quality report, table `DataQuality`.
//! * `Series` (hidden): the sparklines' data.

use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, Note, Sparkline, Table, TableColumn, Workbook,
    Worksheet,
};

use scorecard_compute::DataQuality;
use scorecard_core::{Rating, Row, Scorecard, Unit, Value};

use crate::error::{Error, Result};
use crate::tidy::TidyRow;

fn number_format(row: &Row) -> String {
    let decimals = if row.precision == 0 {
        String::new()
    } else {
        format!(".{}", "0".repeat(row.precision as usize))
    };
    match row.unit {
        Unit::Percent => format!("0{decimals}%"),
        _ => format!("#,##0{decimals}"),
    }
}

/// The number Excel stores (a percentage as a fraction).
/// The confidence level of the card's intervals (the first row with one),
/// 95% when none has one.
fn card_confidence(card: &Scorecard) -> String {
    card.rows()
        .find_map(|r| r.interval.map(|i| i.confidence.to_string()))
        .unwrap_or_else(|| "95%".to_string())
}

fn cell_number(v: Value, unit: Unit) -> f64 {
    let x: f64 = v.as_decimal().to_string().parse().unwrap_or(0.0);
    if unit == Unit::Percent { x / 100.0 } else { x }
}

/// The Performance cell's fill and text colours (`0xRRGGBB`) for a
/// rating: each pair has a contrast ratio of at least 4.5 (WCAG AA).
pub fn fill(r: Rating) -> Option<(u32, u32)> {
    match r {
        Rating::Blue => Some((0x1F5FA0, 0xFFFFFF)),
        Rating::Green => Some((0x2E7D32, 0xFFFFFF)),
        Rating::Amber => Some((0xFFC000, 0x000000)),
        Rating::Red => Some((0xC00000, 0xFFFFFF)),
        Rating::NotRated => None,
    }
}

/// The Scorecard and Series sheets alone (no tidy rows, no data quality).
pub fn render(card: &Scorecard) -> Result<Vec<u8>> {
    render_workbook(card, &[], &DataQuality::default())
}

/// Writes the whole workbook (see the [module documentation](self)) to bytes.
pub fn render_workbook(
    card: &Scorecard,
    tidy: &[TidyRow],
    quality: &DataQuality,
) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let border = Format::new().set_border(FormatBorder::Thin);
    let header = border
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE4EE))
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let band = Format::new()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x1F3864));
    let text = border.clone().set_text_wrap();
    let bold = border.clone().set_bold();
    let title_fmt = Format::new().set_bold().set_font_size(14);

    let n_months = card.months.len() as u16;
    let col_prev = 2 + n_months;
    let col_target = col_prev + 1;
    let col_comp = col_target + 1;
    let col_spark = col_comp + card.comparator_sets.len() as u16;
    let col_perf = col_spark + 1;
    let col_dot = col_perf + 1;
    // The statistics: interval, significance, SPC, rank, still in time.
    let col_ci = col_dot + 1;
    let col_sig = col_ci + 1;
    let col_spc = col_sig + 1;
    let col_rank = col_spc + 1;
    let col_still = col_rank + 1;
    let col_last = col_still;

    let mut series_rows: Vec<(String, Vec<Option<f64>>)> = Vec::new();
    {
        let ws: &mut Worksheet = wb.add_worksheet().set_name("Scorecard")?;
        ws.write_string_with_format(
            0,
            0,
            format!(
                "{} children's services performance scorecard, {}",
                card.la,
                card.period.label()
            ),
            &title_fmt,
        )?;
        let hr = 2;
        let mut headings: Vec<String> = vec!["Ref".into(), "Indicator".into()];
        headings.extend(card.months.iter().map(|m| m.label()));
        headings.push("Previous Year".into());
        headings.push("Target".into());
        headings.extend(card.comparator_sets.iter().map(|s| s.heading(None)));
        headings.push("Last 12 Months".into());
        headings.push("Performance".into());
        headings.push("Direction of Travel".into());
        headings.push(format!("Confidence Interval ({})", card_confidence(card)));
        headings.push("Significance".into());
        headings.push("SPC".into());
        headings.push("Rank among LAs".into());
        headings.push("Still in Time".into());
        for (c, h) in headings.iter().enumerate() {
            ws.write_string_with_format(hr, c as u16, h, &header)?;
        }
        ws.set_row_height(hr, 45)?;
        ws.set_freeze_panes(hr + 1, 2)?;
        // A3 landscape, one page wide, the heading row on every page.
        ws.set_paper_size(8);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(hr, hr)?;
        ws.set_column_width(0, 8)?;
        ws.set_column_width(1, 55)?;
        for c in 2..col_spark {
            ws.set_column_width(c, 10)?;
        }
        ws.set_column_width(col_spark, 16)?;
        ws.set_column_width(col_perf, 12)?;
        ws.set_column_width(col_dot, 11)?;
        ws.set_column_width(col_ci, 14)?;
        ws.set_column_width(col_sig, 30)?;
        ws.set_column_width(col_spc, 30)?;
        ws.set_column_width(col_rank, 22)?;
        ws.set_column_width(col_still, 9)?;

        let mut r = hr + 1;
        for section in &card.sections {
            // A band across the row, written cell by cell (no merged cells).
            ws.write_string_with_format(
                r,
                0,
                format!("{} ({})", section.name, section.section.code()),
                &band,
            )?;
            for c in 1..=col_last {
                ws.write_blank(r, c, &band)?;
            }
            r += 1;
            for row in &section.rows {
                let num = border.clone().set_num_format(number_format(row));
                ws.write_string_with_format(r, 0, &row.reference, &bold)?;
                ws.write_string_with_format(r, 1, &row.title, &text)?;
                if let Some(reason) = &row.no_data {
                    ws.insert_note(r, 1, &Note::new(reason).set_author("scorecard"))?;
                }
                let cells = row
                    .values
                    .iter()
                    .copied()
                    .chain(std::iter::once(row.previous_year));
                for (k, v) in cells.enumerate() {
                    let c = 2 + k as u16;
                    if row.suppressed.get(k).copied().unwrap_or(false) {
                        ws.write_string_with_format(
                            r,
                            c,
                            "c",
                            &border.clone().set_align(FormatAlign::Right),
                        )?;
                        continue;
                    }
                    let revised = card.months.get(k).and_then(|m| {
                        row.revision
                            .as_ref()?
                            .revised
                            .iter()
                            .find(|x| x.month == *m)
                    });
                    let fmt = if revised.is_some() {
                        num.clone()
                            .set_border(FormatBorder::MediumDashed)
                            .set_border_color(Color::RGB(0x7A3E00))
                    } else {
                        num.clone()
                    };
                    match v {
                        Some(v) => {
                            ws.write_number_with_format(r, c, cell_number(v, row.unit), &fmt)?
                        }
                        None => ws.write_blank(r, c, &fmt)?,
                    };
                    if let Some(x) = revised {
                        let was = if x.previous.is_empty() {
                            "blank"
                        } else {
                            &x.previous
                        };
                        ws.insert_note(
                            r,
                            c,
                            &Note::new(format!("Revised since the earlier scorecard: was {was}"))
                                .set_author("scorecard"),
                        )?;
                    }
                }
                ws.write_string_with_format(
                    r,
                    col_target,
                    row.target.display(row.unit),
                    &border.clone().set_align(FormatAlign::Right),
                )?;
                for (k, set) in card.comparator_sets.iter().enumerate() {
                    let c = col_comp + k as u16;
                    match row.comparators.iter().find(|x| x.set == set.key) {
                        Some(x) => ws.write_number_with_format(
                            r,
                            c,
                            cell_number(Value::Decimal(x.value), row.unit),
                            &num,
                        )?,
                        None => ws.write_blank(r, c, &border)?,
                    };
                }
                // Sparkline data on the Series sheet, one row per indicator.
                let data_row = series_rows.len() as u32;
                series_rows.push((
                    row.reference.clone(),
                    row.series
                        .iter()
                        .map(|v| v.map(|v| cell_number(v, row.unit)))
                        .collect(),
                ));
                if row.series.iter().any(Option::is_some) {
                    let n = row.series.len() as u16;
                    let spark = Sparkline::new()
                        .set_range(("Series", data_row, 1, data_row, n))
                        .show_markers(false)
                        .show_last_point(true);
                    ws.add_sparkline(r, col_spark, &spark)?;
                }
                ws.write_blank(r, col_spark, &border)?;
                let rating = row.rating.rating;
                let mut perf = border.clone().set_bold().set_align(FormatAlign::Center);
                if let Some((bg, fg)) = fill(rating) {
                    perf = perf
                        .set_background_color(Color::RGB(bg))
                        .set_font_color(Color::RGB(fg));
                }
                let letter = if row.no_data.is_some() {
                    "no data"
                } else if rating == Rating::NotRated {
                    ""
                } else {
                    rating.code()
                };
                ws.write_string_with_format(r, col_perf, letter, &perf)?;
                let mut perf_note = Vec::new();
                if let Some(reason) = &row.rating.override_reason {
                    perf_note.push(format!("Rating set by hand: {reason}"));
                }
                if let Some(rev) = row.revision.as_ref().filter(|x| x.rating_changed) {
                    perf_note.push(format!(
                        "Was {} in the earlier scorecard",
                        rev.previous_rating.map_or("none", |x| x.code())
                    ));
                }
                if !perf_note.is_empty() {
                    ws.insert_note(
                        r,
                        col_perf,
                        &Note::new(perf_note.join(". ")).set_author("scorecard"),
                    )?;
                }
                let dot = row
                    .direction
                    .map(|d| format!("{} {}", d.arrow.symbol(), d.judgement.word()))
                    .unwrap_or_default();
                ws.write_string_with_format(
                    r,
                    col_dot,
                    dot,
                    &border.clone().set_align(FormatAlign::Center),
                )?;
                if let Some(rev) = row.revision.as_ref().filter(|x| x.direction_changed) {
                    ws.insert_note(
                        r,
                        col_dot,
                        &Note::new(format!(
                            "Was {} in the earlier scorecard",
                            rev.previous_direction.map_or("none", |a| a.word())
                        ))
                        .set_author("scorecard"),
                    )?;
                }
                let shown = |d| Value::Decimal(d).display(row.unit, row.precision);
                let ci = row
                    .interval
                    .map(|ci| format!("{} to {}", shown(ci.lower), shown(ci.upper)))
                    .unwrap_or_default();
                ws.write_string_with_format(r, col_ci, ci, &text)?;
                let sig = row
                    .significance
                    .iter()
                    .map(|x| {
                        format!(
                            "{}: {}",
                            card.comparator_name(&x.set),
                            x.significance.word()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                ws.write_string_with_format(r, col_sig, sig, &text)?;
                let spc = row.spc.as_ref().map(|x| x.describe()).unwrap_or_default();
                ws.write_string_with_format(r, col_spc, spc, &text)?;
                let rank = row
                    .benchmark
                    .as_ref()
                    .map(|b| format!("{}: {}", b.vintage, b.describe()))
                    .unwrap_or_default();
                ws.write_string_with_format(r, col_rank, rank, &text)?;
                match row.still_in_time {
                    Some(n) => ws.write_number_with_format(r, col_still, n as f64, &border)?,
                    None => ws.write_blank(r, col_still, &border)?,
                };
                r += 1;
            }
        }
    }
    data_sheet(&mut wb, tidy)?;
    definitions_sheet(&mut wb, card)?;
    quality_sheet(&mut wb, quality)?;
    {
        let ws = wb.add_worksheet().set_name("Series")?;
        for (i, (reference, vals)) in series_rows.iter().enumerate() {
            let r = i as u32;
            ws.write_string(r, 0, reference)?;
            for (k, v) in vals.iter().enumerate() {
                if let Some(v) = v {
                    ws.write_number(r, 1 + k as u16, *v)?;
                }
            }
        }
        ws.set_hidden(true);
    }
    Ok(wb.save_to_buffer()?)
}

/// Tidy columns written as numbers when they hold one.
const NUMERIC: &[&str] = &[
    "value",
    "numerator",
    "denominator",
    "ci_lower",
    "ci_upper",
    "spc_mean",
    "spc_lower",
    "spc_upper",
    "rank",
    "rank_of",
    "previous_rank",
    "still_in_time",
    "previous_value",
];

/// Writes `rows` (the first is the header) as an Excel table called `name`
/// on a new sheet `sheet`; cells of `numeric` columns that hold a number
/// are numbers. A sheet with only a header gets one blank row, as Excel
/// tables need one.
pub(crate) fn table_sheet(
    wb: &mut Workbook,
    sheet: &str,
    name: &str,
    rows: &[Vec<String>],
    numeric: &[&str],
) -> Result<()> {
    let Some(header) = rows.first() else {
        return Ok(());
    };
    let ws = wb.add_worksheet().set_name(sheet)?;
    let numeric_col: Vec<bool> = header
        .iter()
        .map(|h| numeric.contains(&h.as_str()))
        .collect();
    for (r, row) in rows.iter().enumerate().skip(1) {
        for (c, cell) in row.iter().enumerate() {
            let (r, c16) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(x) if numeric_col.get(c).copied().unwrap_or(false) && x.is_finite() => {
                    ws.write_number(r, c16, x)?;
                }
                _ if cell.is_empty() => {}
                _ => {
                    ws.write_string(r, c16, cell)?;
                }
            }
        }
    }
    let columns: Vec<TableColumn> = header
        .iter()
        .map(|h| TableColumn::new().set_header(h))
        .collect();
    let last_row = rows.len().max(2) as u32 - 1;
    let table = Table::new().set_name(name).set_columns(&columns);
    ws.add_table(0, 0, last_row, (header.len() - 1) as u16, &table)?;
    for (c, h) in header.iter().enumerate() {
        ws.set_column_width(c as u16, (h.len() as f64 + 4.0).clamp(8.0, 40.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Records of a CSV text, as strings.
fn csv_rows(text: &str) -> Result<Vec<Vec<String>>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    rdr.records()
        .map(|r| {
            r.map(|r| r.iter().map(String::from).collect())
                .map_err(|e| Error::Output(e.to_string()))
        })
        .collect()
}

fn data_sheet(wb: &mut Workbook, tidy: &[TidyRow]) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    if tidy.is_empty() {
        w.serialize(TidyRow::default())
            .map_err(|e| Error::Output(e.to_string()))?;
    }
    for r in tidy {
        w.serialize(r.displayed())
            .map_err(|e| Error::Output(e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Output(e.to_string()))?;
    let mut rows = csv_rows(&String::from_utf8_lossy(&bytes))?;
    if tidy.is_empty() {
        rows.truncate(1);
    }
    table_sheet(wb, "Data", "ScorecardData", &rows, NUMERIC)
}

fn word<T: serde::Serialize>(x: &T) -> String {
    serde_json::to_value(x)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

fn definitions_sheet(wb: &mut Workbook, card: &Scorecard) -> Result<()> {
    let mut rows = vec![
        [
            "ref",
            "title",
            "section",
            "unit",
            "polarity",
            "precision",
            "numerator",
            "denominator",
            "timescale",
            "follows",
            "source",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>(),
    ];
    for s in &card.sections {
        for row in &s.rows {
            let d = row.definition.as_ref();
            let timescale = d
                .map(|d| {
                    let mut t = Vec::new();
                    if let Some(n) = d.timescale_working_days {
                        t.push(format!("{n} working days"));
                    }
                    if let Some(n) = d.timescale_hours {
                        t.push(format!("{n} hours"));
                    }
                    if let Some(n) = d.timescale_days {
                        t.push(format!("{n} days"));
                    }
                    if let Some(o) = &d.timescale_other {
                        t.push(o.clone());
                    }
                    t.join("; ")
                })
                .unwrap_or_default();
            rows.push(vec![
                row.reference.clone(),
                row.title.clone(),
                s.name.clone(),
                word(&row.unit),
                word(&row.polarity),
                row.precision.to_string(),
                d.map(|d| d.numerator.clone()).unwrap_or_default(),
                d.and_then(|d| d.denominator.clone()).unwrap_or_default(),
                timescale,
                d.map(|d| d.follows.clone()).unwrap_or_default(),
                row.source.clone(),
            ]);
        }
    }
    table_sheet(wb, "Definitions", "Definitions", &rows, &["precision"])
}

fn quality_sheet(wb: &mut Workbook, quality: &DataQuality) -> Result<()> {
    let rows = csv_rows(&crate::quality::to_csv(quality)?)?;
    table_sheet(
        wb,
        "Data quality",
        "DataQuality",
        &rows,
        &["read", "used", "excluded", "warned", "row"],
    )
}
