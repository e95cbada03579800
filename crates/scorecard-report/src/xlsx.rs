//! The scorecard as an Excel workbook in the published layout: one sheet
//! with a band per section; columns Ref, Indicator, the months, Previous
//! Year, Target, the comparator averages (vintage in the heading), Last 12
//! Months as a native Excel sparkline, Performance with the BRAG fill and
//! letter, Direction of Travel. The header is frozen; percentages are real
//! numbers with a % format; an override shows as a cell note with its
//! reason. The sparklines' data sit on a second sheet, `Series`.

use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, Note, Sparkline, Workbook, Worksheet,
};

use scorecard_core::{Rating, Row, Scorecard, Unit, Value};

use crate::error::Result;

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

fn fill(r: Rating) -> Option<(Color, Color)> {
    match r {
        Rating::Blue => Some((Color::RGB(0x5B9BD5), Color::White)),
        Rating::Green => Some((Color::RGB(0x70AD47), Color::White)),
        Rating::Amber => Some((Color::RGB(0xFFC000), Color::Black)),
        Rating::Red => Some((Color::RGB(0xC00000), Color::White)),
        Rating::NotRated => None,
    }
}

/// Writes the workbook to bytes.
pub fn render(card: &Scorecard) -> Result<Vec<u8>> {
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
            ws.merge_range(
                r,
                0,
                r,
                col_last,
                &format!("{} ({})", section.name, section.section.code()),
                &band,
            )?;
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
                    perf = perf.set_background_color(bg).set_font_color(fg);
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
                        let name = card
                            .comparator_sets
                            .iter()
                            .find(|c| c.key == x.set)
                            .map_or(x.set.as_str(), |c| c.name.as_str());
                        format!("{}: {}", name, x.significance.word())
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                ws.write_string_with_format(r, col_sig, sig, &text)?;
                let spc = row
                    .spc
                    .as_ref()
                    .map(|x| {
                        let mut t = x
                            .chart
                            .variation
                            .map(|v| v.describe().to_string())
                            .unwrap_or_default();
                        if let Some(a) = x.chart.assurance {
                            t.push_str("; ");
                            t.push_str(a.describe());
                        }
                        if x.chart.limits.trial {
                            t.push_str(" (trial limits)");
                        }
                        t
                    })
                    .unwrap_or_default();
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
