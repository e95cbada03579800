//! Cells as people type them: dates in every notation a council's export
//! produces, child ids, whole numbers.

use chrono::{Days, NaiveDate};

use super::spec::is_blank;

/// Parses a date cell. `Ok(None)` for a blank cell (empty, or a
/// placeholder such as `#N/A`, `n/a` or `-`); otherwise a date or what was
/// wrong ([`NotADate`]).
///
/// Accepted: `dd/mm/yyyy` (also `-` or `.` separators and an optional time),
/// `d/m/yy` (a two-digit year is read as Excel does: 00–29 are 2000–2029,
/// 30–99 are 1930–1999), ISO `yyyy-mm-dd` with an optional time, Excel serial
/// numbers (days since 1899-12-30, a fraction being the time of day) and text
/// dates (`8 Jan 2000`, `08-Jan-2000`, `8 January 2000`, `January 8, 2000`).
///
/// ```
/// use scorecard_compute::readers::annex_a::parse_date;
/// let d = |s| parse_date(s).unwrap().unwrap().to_string();
/// assert_eq!(d("05/01/2024"), "2024-01-05");
/// assert_eq!(d("5/1/2024 00:00"), "2024-01-05");
/// assert_eq!(d("5/1/24"), "2024-01-05");
/// assert_eq!(d("2024-01-05"), "2024-01-05");
/// assert_eq!(d("2024-01-05T09:30:00"), "2024-01-05");
/// assert_eq!(d("45296"), "2024-01-05"); // Excel serial
/// assert_eq!(d("45296.75"), "2024-01-05");
/// assert_eq!(d("8 Jan 2000"), "2000-01-08");
/// assert_eq!(d("08-Jan-2000"), "2000-01-08");
/// assert_eq!(d("January 8, 2000"), "2000-01-08");
/// assert!(parse_date("31/02/2024").is_err());
/// assert!(parse_date("May be 8 Jan 2000").is_err());
/// assert_eq!(parse_date("  ").unwrap(), None);
/// assert_eq!(parse_date("#N/A").unwrap(), None);
/// ```
pub fn parse_date(cell: &str) -> std::result::Result<Option<NaiveDate>, NotADate> {
    // The notations exports use most (`dd/mm/yyyy`, `yyyy-mm-dd`), read
    // straight from their bytes: what the general reading below gives.
    if let Some(date) = numeric_date(cell.as_bytes()) {
        return date.map(Some).ok_or_else(|| NotADate {
            cell: cell.to_string(),
            why: "a real date",
        });
    }
    if is_blank(cell) {
        return Ok(None);
    }
    let t = cell.trim();
    let not = |why: &'static str| NotADate {
        cell: cell.to_string(),
        why,
    };
    let expected = "a date (dd/mm/yyyy, yyyy-mm-dd, 8 Jan 2024 or an Excel serial number)";
    // An Excel serial, perhaps with a time fraction (one point at most:
    // `01.02.2024` is a date).
    if t.bytes().all(|b| b.is_ascii_digit() || b == b'.') && t.matches('.').count() <= 1 {
        let whole = t.split('.').next().unwrap_or(t);
        let serial: u64 = whole.parse().map_err(|_| not(expected))?;
        if !(1..=2_958_465).contains(&serial) {
            return Err(not("an Excel date serial (1 to 2958465)"));
        }
        let base = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or_else(|| not(expected))?;
        return Ok(base.checked_add_days(Days::new(serial)));
    }
    // Drop a time part ("05/01/2024 00:00", "2024-01-05T00:00:00").
    let first = t.split([' ', 'T']).next().unwrap_or(t);
    // At most four parts are looked at: three make a date.
    let mut parts = [""; 4];
    let mut n = 0;
    for p in first.split(['/', '-', '.']).take(4) {
        parts[n] = p;
        n += 1;
    }
    let parts = &parts[..n];
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let (y, m, d) = if parts[0].len() == 4 {
            (parts[0], parts[1], parts[2])
        } else {
            (parts[2], parts[1], parts[0])
        };
        let (y, m, d): (i32, u32, u32) = (
            y.parse().map_err(|_| not(expected))?,
            m.parse().map_err(|_| not(expected))?,
            d.parse().map_err(|_| not(expected))?,
        );
        let y = match parts[0].len().max(parts[2].len()) {
            4 => y,
            2 | 1 if y < 30 => 2000 + y,
            2 | 1 => 1900 + y,
            _ => return Err(not(expected)),
        };
        return NaiveDate::from_ymd_opt(y, m, d)
            .map(Some)
            .ok_or_else(|| not("a real date"));
    }
    text_date(t).map(Some).ok_or_else(|| not(expected))
}

/// `dd/mm/yyyy` or `yyyy-mm-dd` (either separator, `/` or `-`, in either
/// place) exactly, nothing around it: `Some` of the date, or of `None` when
/// the numbers make no real date; `None` for any other cell (read by the
/// general path).
fn numeric_date(b: &[u8]) -> Option<Option<NaiveDate>> {
    let &[a0, a1, a2, a3, a4, a5, a6, a7, a8, a9] = b else {
        return None;
    };
    let sep = |c: u8| c == b'/' || c == b'-';
    let dig = |c: u8| c.is_ascii_digit().then_some(u32::from(c - b'0'));
    let two = |x: u8, y: u8| Some(dig(x)? * 10 + dig(y)?);
    let four = |w: u8, x: u8, y: u8, z: u8| Some(two(w, x)? * 100 + two(y, z)?);
    let (y, m, d) = if sep(a2) && sep(a5) {
        (four(a6, a7, a8, a9)?, two(a3, a4)?, two(a0, a1)?)
    } else if sep(a4) && sep(a7) {
        (four(a0, a1, a2, a3)?, two(a5, a6)?, two(a8, a9)?)
    } else {
        return None;
    };
    Some(NaiveDate::from_ymd_opt(y as i32, m, d))
}

/// A cell that is not a date: the cell, and what a date would have been.
///
/// ```
/// use scorecard_compute::readers::annex_a::parse_date;
/// let e = parse_date("31/02/2024").unwrap_err();
/// assert_eq!(e.to_string(), "\"31/02/2024\" is not a real date");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{cell:?} is not {why}")]
#[non_exhaustive]
pub struct NotADate {
    /// The cell as found.
    pub cell: String,
    /// What it should have been (`a real date`, `an Excel date serial (1
    /// to 2958465)`, ...).
    pub why: &'static str,
}

/// `8 Jan 2000`, `08-Jan-2000`, `8 January 2000`, `January 8, 2000`,
/// `Saturday 8 January 2000`.
fn text_date(t: &str) -> Option<NaiveDate> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let words: Vec<String> = t
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',' || c == '/')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let (mut day, mut month, mut year) = (None, None, None);
    for w in &words {
        let w = w.trim_end_matches('.');
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let n: i32 = digits.parse().ok()?;
            if digits.len() == 4 {
                year.get_or_insert(n);
            } else if day.is_none() {
                day = Some(u32::try_from(n).ok()?);
            } else {
                return None;
            }
        } else if let Some(i) = MONTHS.iter().position(|m| w.len() >= 3 && m.starts_with(w)) {
            // "Jan", "Sept", "January".
            if month.is_some() {
                return None;
            }
            month = Some(i as u32 + 1);
        } else if DAYS.iter().any(|d| w.starts_with(d)) {
            continue;
        } else {
            return None;
        }
    }
    NaiveDate::from_ymd_opt(year?, month?, day?)
}

/// A child id as text: trimmed, spaces removed, upper case, a trailing `.0`
/// (a number that Excel stored as a float) dropped. `None` when blank.
/// (Examples in the tests below.)
pub fn clean_id(cell: &str) -> Option<String> {
    clean_id_cow(cell).map(std::borrow::Cow::into_owned)
}

/// [`clean_id`] without allocating when the cell is already clean (ASCII,
/// no spaces, no lower case, no `.0`): the common case.
pub(crate) fn clean_id_cow(cell: &str) -> Option<std::borrow::Cow<'_, str>> {
    let clean = !cell.is_empty()
        && cell
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b.is_ascii_lowercase())
        && !cell.ends_with(".0")
        && !is_blank(cell);
    if clean {
        return Some(std::borrow::Cow::Borrowed(cell));
    }
    if is_blank(cell) {
        return None;
    }
    let t: String = cell
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    let t = t.strip_suffix(".0").map(str::to_string).unwrap_or(t);
    (!t.is_empty()).then_some(std::borrow::Cow::Owned(t))
}

/// A whole number: `3`, `3.0`, ` 3 `; a fraction is cut to its whole part
/// (an age of 6.14 years is 6). `Ok(None)` when blank.
/// (Examples in the tests below.)
pub fn parse_number(cell: &str) -> std::result::Result<Option<u32>, String> {
    if is_blank(cell) {
        return Ok(None);
    }
    let t = cell.trim();
    let f: f64 = t
        .parse()
        .map_err(|_| format!("expected a whole number, found {cell:?}"))?;
    if !(0.0..=1e9).contains(&f) {
        return Err(format!("expected a whole number, found {cell:?}"));
    }
    Ok(Some(f.trunc() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_straight_from_bytes_read_as_the_general_path_does() {
        // Each of these also goes through the general path (a space in
        // front is trimmed there, so the fast path does not see it).
        for cell in [
            "05/01/2024",
            "2024-01-05",
            "05-01-2024",
            "2024/01/05",
            "29/02/2024",
            "31/02/2024",
            "00/01/2024",
            "2024-13-01",
            "05/01-2024",
        ] {
            let general = parse_date(&format!(" {cell}")).map_err(|e| e.why);
            assert_eq!(parse_date(cell).map_err(|e| e.why), general, "{cell}");
        }
        assert_eq!(
            parse_date("29/02/2024").unwrap().unwrap().to_string(),
            "2024-02-29"
        );
        assert_eq!(parse_date("2023-02-29").unwrap_err().why, "a real date");
        // Dots are a date's separators, not an Excel serial's fraction:
        // 1 February 2024, not serial 1 (31 December 1899).
        assert_eq!(
            parse_date("01.02.2024").unwrap().unwrap().to_string(),
            "2024-02-01"
        );
        assert_eq!(
            parse_date("45296.75").unwrap().unwrap().to_string(),
            "2024-01-05"
        );
    }

    #[test]
    fn ids_are_cleaned() {
        assert_eq!(clean_id(" 1001.0 ").as_deref(), Some("1001"));
        assert_eq!(clean_id("ab 12").as_deref(), Some("AB12"));
        assert_eq!(clean_id("0042").as_deref(), Some("0042"));
        assert_eq!(clean_id("#N/A"), None);
    }

    #[test]
    fn numbers_are_whole() {
        assert_eq!(parse_number("2.0"), Ok(Some(2)));
        assert_eq!(parse_number("6.138"), Ok(Some(6)));
        assert_eq!(parse_number("n/a"), Ok(None));
        assert!(parse_number("two").is_err());
    }
}
