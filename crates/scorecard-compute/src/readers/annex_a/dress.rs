//! Annex A in the template's dress: the lists as an `.xlsx` workbook the
//! way Ofsted's template and councils' exports look (a `Front_Sheet` and a
//! `Guidance` sheet, a title row such as `List 3: Referrals` above the
//! headings, coded values with their option letters, `a) Male`, `b) No`,
//! `a) WBRI`, dates as Excel dates, numeric ids as numbers). The reader
//! must read it back to the same figures (the synthetic generator's round
//! trip test).

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::spec::{Kind, Spec};
use crate::error::{Error, Result};
use crate::events::Events;

/// The template's own option texts for a few value maps (letter and
/// words); other codes are written `x) CODE`, the letter from the code's
/// place in its list.
const TEMPLATE_TEXT: &[(&str, &str, &str)] = &[
    ("yes_no", "Y", "a) Yes"),
    ("yes_no", "N", "b) No"),
    ("sex", "Male", "a) Male"),
    ("sex", "Female", "b) Female"),
    ("sex", "Not stated", "c) Not stated/recorded (or unborn)"),
    ("sex", "Neither", "d) Neither"),
    ("in_touch", "Y", "a) Yes"),
    ("in_touch", "N", "b) No"),
    ("suitability", "Suitable", "a) Suitable"),
    ("suitability", "Unsuitable", "b) Unsuitable"),
];

/// A plain cell as the template would show it: `Some(text)`, or `None`
/// when the plain value is kept.
fn dressed(spec: &Spec, map: &str, plain: &str) -> Option<String> {
    if plain.trim().is_empty() {
        return None;
    }
    if let Some((_, _, t)) = TEMPLATE_TEXT
        .iter()
        .find(|(m, v, _)| *m == map && v.eq_ignore_ascii_case(plain))
    {
        return Some(t.to_string());
    }
    let codes = spec.codes(map);
    let i = codes.iter().position(|c| c.eq_ignore_ascii_case(plain))?;
    let letter = char::from(b'a' + (i % 26) as u8);
    Some(format!("{letter}) {plain}"))
}

fn xlsx_err(path: &std::path::Path) -> impl Fn(rust_xlsxwriter::XlsxError) -> Error + '_ {
    move |e| Error::write(path, std::io::Error::other(e))
}

/// Writes the lists of [`super::write_csv_lists`] as one workbook at `path`
/// in the template's dress (see the module documentation of `dress.rs`).
pub fn write_workbook(events: &Events, path: &std::path::Path) -> Result<()> {
    let spec = Spec::builtin()?;
    let err = xlsx_err(path);
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let bold = Format::new().set_bold();
    {
        let front = wb.add_worksheet().set_name("Front_Sheet").map_err(&err)?;
        front
            .write_string_with_format(0, 0, "Annex A - Child level data", &bold)
            .map_err(&err)?;
        front.write_string(1, 0, "Lists 1 - 11").map_err(&err)?;
        let guidance = wb.add_worksheet().set_name("Guidance").map_err(&err)?;
        guidance
            .write_string(0, 0, "Written by scorecard (synthetic data)")
            .map_err(&err)?;
    }
    for (name, header, rows) in super::write_lists(events)? {
        let number: u8 = name
            .trim_start_matches("List_")
            .split('_')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let title = spec
            .list(number)
            .map(|l| format!("List {number}: {}", l.name))
            .unwrap_or_else(|| name.clone());
        let ws = wb
            .add_worksheet()
            .set_name(format!("List_{number}"))
            .map_err(&err)?;
        ws.write_string_with_format(0, 0, &title, &bold)
            .map_err(&err)?;
        let columns: Vec<_> = header.iter().map(|h| spec.column(h)).collect();
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(1, c as u16, h, &bold)
                .map_err(&err)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 2;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                if cell.is_empty() {
                    continue;
                }
                let column = columns.get(c).copied().flatten();
                match column.map(|x| (x.kind, x.values.as_deref())) {
                    Some((Kind::Date, _)) => {
                        let d = NaiveDate::parse_from_str(cell, "%d/%m/%Y").map_err(|e| {
                            Error::csv(&name, r as usize, Some(&header[c]), e.to_string())
                        })?;
                        let x = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .map_err(&err)?;
                        ws.write_datetime_with_format(r, col, &x, &date)
                            .map_err(&err)?;
                    }
                    Some((Kind::Id, _))
                        if !cell.starts_with('0')
                            && cell.len() < 15
                            && cell.bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        // As Excel stores a typed number: read back as 1234.0.
                        let n: f64 = cell.parse().unwrap_or(0.0);
                        ws.write_number(r, col, n).map_err(&err)?;
                    }
                    Some((Kind::Number, _)) if cell.parse::<f64>().is_ok() => {
                        let n: f64 = cell.parse().unwrap_or(0.0);
                        ws.write_number(r, col, n).map_err(&err)?;
                    }
                    Some((Kind::Code, Some(map))) => {
                        let text = dressed(&spec, map, cell).unwrap_or_else(|| cell.clone());
                        ws.write_string(r, col, &text).map_err(&err)?;
                    }
                    _ => {
                        ws.write_string(r, col, cell).map_err(&err)?;
                    }
                }
            }
        }
    }
    wb.save(path).map_err(&err)?;
    Ok(())
}
