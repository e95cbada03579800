//! An `.xlsx` workbook's sheets read straight from their XML, row by row.
//!
//! A sheet of Annex A is mostly `<c r="B7" t="s"><v>12</v></c>`: a cell's
//! position, its type and its value. This module finds the workbook's
//! sheets (`xl/workbook.xml` and its relationships), reads the shared
//! strings once (shared by every handle on the workbook), and scans each
//! sheet's XML for rows and cells with byte searches: no XML event per tag,
//! no attribute iterator, no sheet-sized grid. What it gives is what
//! calamine's range of the same sheet gives as text (checked cell for cell
//! against calamine on every workbook in `testdata/`, the shared samples
//! among them, and on a workbook of odd XML: see the tests below):
//!
//! * rows from the first with a value to the last with one, a row with no
//!   value between them as a blank row, each with its 1-based sheet row;
//! * cells from column A (calamine's range starts at the first column
//!   with a value; a list's headings are found by name, so the two read
//!   alike), as wide as the widest row so far (a row's trailing empty
//!   cells are blanks, never a short row);
//! * a shared or inline string as its text (rich-text runs joined,
//!   phonetic runs left out, ASCII space trimmed unless
//!   `xml:space="preserve"`, XML entities and Excel's `_xHHHH_` escapes
//!   decoded); a formula's cached value; a number as Annex A text (whole
//!   numbers without a point: an Excel date as its serial, which
//!   `parse_date` reads); `TRUE`/`FALSE` as `Y`/`N`; an error value as a
//!   blank.
//!
//! A workbook whose parts cannot be found this way (no workbook part, a
//! sheet not in the archive) is read by calamine instead; a sheet whose XML
//! breaks off, or names a row or column past Excel's last (1,048,576,
//! XFD), is read up to the last whole row before it, and the rest reported.
//! Rows written out of order (Excel never does) are given in the order
//! written.

use std::io::Read;
use std::sync::Arc;

/// A workbook opened for its sheets: the archive, the sheets in workbook
/// order and the shared strings.
pub(super) struct Workbook {
    zip: zip::ZipArchive<std::io::BufReader<std::fs::File>>,
    /// The sheets in workbook order.
    pub(super) sheets: Arc<Vec<Sheet>>,
    strings: Arc<Strings>,
}

/// One sheet: its name, its part in the archive, and whether it holds cells
/// (a chart or dialog sheet does not).
pub(super) struct Sheet {
    pub(super) name: String,
    part: String,
    pub(super) cells: bool,
}

/// The shared strings, one buffer: string `i` is `text[ends[i-1]..ends[i]]`.
#[derive(Default)]
struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? };
        self.text.get(start..end)
    }
}

/// Why a workbook or sheet could not be read this way.
pub(super) type Why = String;

fn open_zip(
    path: &std::path::Path,
) -> Result<zip::ZipArchive<std::io::BufReader<std::fs::File>>, Why> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    zip::ZipArchive::new(std::io::BufReader::with_capacity(1 << 16, file))
        .map_err(|e| format!("not a zip archive: {e}"))
}

fn read_part(
    zip: &mut zip::ZipArchive<std::io::BufReader<std::fs::File>>,
    part: &str,
) -> Result<Option<String>, Why> {
    let mut entry = match zip.by_name(part) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{part}: {e}")),
    };
    let mut text = String::with_capacity(entry.size().min(1 << 28) as usize);
    entry
        .read_to_string(&mut text)
        .map_err(|e| format!("{part}: {e}"))?;
    Ok(Some(text))
}

/// A part's path relative to the folder of `base` (a relationship target),
/// or from the archive's root when it starts with `/`.
fn resolve(base: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for p in target.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The relationships of `part` (`dir/_rels/name.rels`): id to (type, target).
fn relationships(
    zip: &mut zip::ZipArchive<std::io::BufReader<std::fs::File>>,
    part: &str,
) -> Result<Vec<(String, String, String)>, Why> {
    let (dir, name) = part.rsplit_once('/').unwrap_or(("", part));
    let rels = if dir.is_empty() {
        format!("_rels/{name}.rels")
    } else {
        format!("{dir}/_rels/{name}.rels")
    };
    let Some(xml) = read_part(zip, &rels)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let b = xml.as_bytes();
    let mut at = 0;
    while let Some(tag) = next_tag(b, at) {
        at = tag.end;
        if !tag.closing && tag.name == b"Relationship" {
            let get = |k: &[u8]| attr(tag.attrs, k).map(|v| decode(v).into_owned());
            if let (Some(id), Some(kind), Some(target)) = (get(b"Id"), get(b"Type"), get(b"Target"))
            {
                out.push((id, kind, target));
            }
        }
    }
    Ok(out)
}

impl Workbook {
    /// Opens the workbook at `path`: its sheets and shared strings.
    pub(super) fn open(path: &std::path::Path) -> Result<Workbook, Why> {
        let mut zip = open_zip(path)?;
        let main = relationships(&mut zip, "")?
            .into_iter()
            .find(|(_, kind, _)| kind.ends_with("/officeDocument"))
            .map_or_else(
                || "xl/workbook.xml".to_string(),
                |(_, _, t)| resolve("", &t),
            );
        let xml = read_part(&mut zip, &main)?.ok_or_else(|| format!("no workbook part {main}"))?;
        let rels = relationships(&mut zip, &main)?;
        let mut sheets = Vec::new();
        let b = xml.as_bytes();
        let mut at = 0;
        while let Some(tag) = next_tag(b, at) {
            at = tag.end;
            if tag.closing || tag.name != b"sheet" {
                continue;
            }
            let name = attr(tag.attrs, b"name").map(|v| decode(v).into_owned());
            // The relationship id, whatever the namespace's prefix (r:id).
            let id = attr_local(tag.attrs, b"id").map(|v| decode(v).into_owned());
            let (Some(name), Some(id)) = (name, id) else {
                return Err("a <sheet> without a name or relationship id".to_string());
            };
            let (_, kind, target) = rels
                .iter()
                .find(|(i, _, _)| *i == id)
                .ok_or_else(|| format!("sheet {name:?}: relationship {id} not found"))?;
            let part = resolve(&main, target);
            if zip.index_for_name(&part).is_none() {
                return Err(format!("sheet {name:?}: part {part} not in the archive"));
            }
            sheets.push(Sheet {
                name,
                part,
                cells: kind.ends_with("/worksheet"),
            });
        }
        let strings = match rels.iter().find(|(_, k, _)| k.ends_with("/sharedStrings")) {
            Some((_, _, t)) => match read_part(&mut zip, &resolve(&main, t))? {
                Some(xml) => shared_strings(&xml)?,
                None => Strings::default(),
            },
            None => Strings::default(),
        };
        Ok(Workbook {
            zip,
            sheets: Arc::new(sheets),
            strings: Arc::new(strings),
        })
    }

    /// A second handle, made by the closure (the archive opened again, its sheets and shared strings shared), to read another sheet at once.
    pub(super) fn clone_handle<'p>(
        &self,
        path: &'p std::path::Path,
    ) -> impl FnOnce() -> Option<Workbook> + Send + 'p {
        let sheets = Arc::clone(&self.sheets);
        let strings = Arc::clone(&self.strings);
        move || {
            Some(Workbook {
                zip: open_zip(path).ok()?,
                sheets,
                strings,
            })
        }
    }

    /// The size of sheet `i`'s XML, inflated (0 if unknown).
    pub(super) fn size(&mut self, i: usize) -> u64 {
        self.sheets
            .get(i)
            .and_then(|s| self.zip.index_for_name(&s.part))
            .and_then(|k| self.zip.by_index(k).ok().map(|e| e.size()))
            .unwrap_or(0)
    }

    /// The rows a sheet declares (its `<dimension>`'s last row), or 0; no
    /// more than its XML could hold (a row with a cell is well over 32
    /// bytes), so that a dimension claiming a million rows sizes nothing it
    /// will not use.
    pub(super) fn declared_rows(&mut self, i: usize) -> usize {
        let Some(sheet) = self.sheets.get(i) else {
            return 0;
        };
        let Ok(entry) = self.zip.by_name(&sheet.part) else {
            return 0;
        };
        let most = (entry.size() / 32) as usize;
        // The dimension comes before the cells: the first 4 KiB hold it.
        let mut head = Vec::with_capacity(4096);
        if entry.take(4096).read_to_end(&mut head).is_err() {
            return 0;
        }
        let mut at = 0;
        while let Some(tag) = next_tag(&head, at) {
            at = tag.end;
            if tag.name == b"sheetData" {
                break;
            }
            if !tag.closing && tag.name == b"dimension" {
                return attr(tag.attrs, b"ref")
                    .and_then(|r| r.rsplit(|&b| b == b':').next().map(<[u8]>::to_vec))
                    .and_then(|last| cell_row(&last))
                    .map_or(0, |r| (r as usize + 1).min(most));
            }
        }
        0
    }

    /// The rows of sheet `i`, streamed from its XML.
    pub(super) fn rows(&mut self, i: usize) -> Result<Rows<'_>, Why> {
        let sheet = self.sheets.get(i).ok_or("no such sheet")?;
        let entry = self
            .zip
            .by_name(&sheet.part)
            .map_err(|e| format!("{}: {e}", sheet.part))?;
        Ok(Rows::over(Box::new(entry), &self.strings))
    }
}

impl<'w> Rows<'w> {
    /// The rows of a sheet's XML, its shared strings `strings`.
    fn over(xml: Box<dyn Read + 'w>, strings: &'w Strings) -> Rows<'w> {
        Rows {
            xml,
            strings,
            buf: Vec::with_capacity(CHUNK * 2),
            at: 0,
            eof: false,
            in_data: false,
            done: false,
            next_row: 0,
            pending: None,
            given: None,
            width: 0,
            num: String::new(),
            text: String::new(),
            failed: None,
        }
    }
}

/// The sheet XML is inflated this many bytes at a time.
const CHUNK: usize = 1 << 20;

/// A sheet's rows: each `(sheet row, record)`, as the module describes.
pub(super) struct Rows<'w> {
    xml: Box<dyn Read + 'w>,
    strings: &'w Strings,
    buf: Vec<u8>,
    /// Where scanning goes on in `buf`.
    at: usize,
    eof: bool,
    /// Inside `<sheetData>`.
    in_data: bool,
    done: bool,
    /// The 0-based index the next `<row>` without an `r` has.
    next_row: u32,
    /// A row with a value read ahead (a blank row is given before it).
    pending: Option<(u32, csv::StringRecord)>,
    /// The 0-based index of the last row given.
    given: Option<u32>,
    width: usize,
    num: String,
    text: String,
    /// Where the XML broke off: the last whole row read and why.
    pub(super) failed: Option<(usize, Why)>,
}

impl Rows<'_> {
    /// Inflates more of the sheet into the buffer (keeping what is not yet
    /// scanned); false at the end.
    fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        self.buf.drain(..self.at);
        self.at = 0;
        let len = self.buf.len();
        self.buf.resize(len + CHUNK, 0);
        let mut got = 0;
        while got < CHUNK {
            match self.xml.read(&mut self.buf[len + got..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.eof = true;
                    self.fail(format!("the sheet's XML cannot be inflated: {e}"));
                    break;
                }
            }
        }
        self.buf.truncate(len + got);
        got > 0
    }

    fn fail(&mut self, why: Why) {
        if self.failed.is_none() {
            let row = self.given.map_or(0, |r| r as usize + 1);
            self.failed = Some((row, why));
        }
        self.done = true;
    }

    /// The next whole `<row>` element from `at`: (start, end) in `buf`,
    /// with the buffer filled as needed; `None` at `</sheetData>` or the
    /// end.
    fn next_row_element(&mut self) -> Option<(usize, usize)> {
        loop {
            // Find <sheetData>, then each <row>.
            let mut scan = self.at;
            while let Some(tag) = next_tag(&self.buf, scan) {
                scan = tag.end;
                if !self.in_data {
                    if tag.name == b"sheetData" && !tag.closing {
                        self.in_data = true;
                        if tag.empty {
                            self.done = true;
                            return None;
                        }
                    }
                    self.at = scan;
                    continue;
                }
                if tag.name == b"sheetData" && tag.closing {
                    self.done = true;
                    return None;
                }
                if tag.name != b"row" || tag.closing {
                    self.at = scan;
                    continue;
                }
                if tag.empty {
                    self.at = tag.end;
                    return Some((tag.start, tag.end));
                }
                // The row's end: its closing tag (rows do not nest).
                if let Some(end) = row_close(&self.buf, tag.end) {
                    self.at = end;
                    return Some((tag.start, end));
                }
                break;
            }
            if !self.fill() {
                if !self.done && self.failed.is_none() && self.in_data {
                    self.fail("the sheet's XML ends inside its rows".to_string());
                } else if !self.in_data && self.failed.is_none() {
                    self.fail("the sheet has no <sheetData>".to_string());
                }
                self.done = true;
                return None;
            }
        }
    }

    /// Reads the next row with a value: (0-based row, record).
    fn next_valued(&mut self) -> Option<(u32, csv::StringRecord)> {
        while !self.done {
            let (start, end) = self.next_row_element()?;
            let row = std::mem::take(&mut self.buf);
            let read = self.read_row(&row[start..end]);
            self.buf = row;
            match read {
                Ok(Some(r)) => return Some(r),
                Ok(None) => {}
                Err(why) => {
                    self.fail(why);
                    return None;
                }
            }
        }
        None
    }

    /// One `<row>` element: its index and cells, `None` when no cell has a
    /// value.
    fn read_row(&mut self, xml: &[u8]) -> Result<Option<(u32, csv::StringRecord)>, Why> {
        let Some(tag) = next_tag(xml, 0) else {
            return Ok(None);
        };
        let index = match attr(tag.attrs, b"r") {
            Some(r) => parse_u32(r)
                .filter(|&r| r >= 1)
                .map(|r| r - 1)
                .ok_or_else(|| format!("a row numbered {:?}", String::from_utf8_lossy(r)))?,
            None => self.next_row,
        };
        // Past Excel's last row the XML is not a sheet's (and the blank rows
        // of the gap would be given one by one).
        if index >= MAX_ROWS {
            return Err(format!(
                "a row numbered {}, past Excel's last row {MAX_ROWS}",
                u64::from(index) + 1
            ));
        }
        self.next_row = index + 1;
        let mut rec = csv::StringRecord::with_capacity(64, self.width);
        let mut out_of_order: Vec<(usize, String)> = Vec::new();
        let mut col = 0usize;
        let mut at = tag.end;
        while let Some(c) = next_tag(xml, at) {
            at = c.end;
            if c.closing || c.name != b"c" {
                continue;
            }
            let (r, kind) = cell_attrs(c.attrs);
            if let Some(r) = r {
                col = cell_col(r).ok_or_else(|| {
                    format!(
                        "row {}: a cell at {:?}",
                        index + 1,
                        String::from_utf8_lossy(r)
                    )
                })?;
            }
            let here = col;
            col += 1;
            if c.empty {
                continue;
            }
            let (value, end) = self.cell_value(xml, c.end, kind)?;
            at = end;
            let Some(value) = value else { continue };
            if out_of_order.is_empty() && here >= rec.len() {
                while rec.len() < here {
                    rec.push_field("");
                }
                rec.push_field(value);
            } else {
                // Cells out of column order (Excel never writes them so):
                // placed by their column, a later one for a column kept.
                if out_of_order.is_empty() {
                    out_of_order = rec
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| !t.is_empty())
                        .map(|(i, t)| (i, t.to_string()))
                        .collect();
                }
                let value = value.to_string();
                out_of_order.retain(|(i, _)| *i != here);
                out_of_order.push((here, value));
            }
        }
        if !out_of_order.is_empty() {
            out_of_order.sort_by_key(|(i, _)| *i);
            rec.clear();
            for (i, t) in &out_of_order {
                while rec.len() < *i {
                    rec.push_field("");
                }
                rec.push_field(t);
            }
        }
        if rec.is_empty() {
            return Ok(None);
        }
        Ok(Some((index, rec)))
    }

    /// A cell's value as text (`None`: no value), from the content after
    /// its start tag at `from`; and where the cell ends.
    fn cell_value<'s>(
        &'s mut self,
        xml: &'s [u8],
        from: usize,
        kind: Option<&[u8]>,
    ) -> Result<(Option<&'s str>, usize), Why> {
        let mut at = from;
        let mut raw: Option<(usize, usize)> = None;
        let mut inline = false;
        self.text.clear();
        // What Excel writes for nearly every cell, `<v>text</v></c>`, read
        // without a tag at a time; anything else (a formula, an inline
        // string, prefixed names) by the tags below.
        if let Some(rest) = xml.get(from..)
            && rest.starts_with(b"<v>")
            && let Some(lt) = memchr::memchr(b'<', &rest[3..])
            && rest[3 + lt..].starts_with(b"</v></c>")
        {
            let end = from + 3 + lt + 8;
            return self
                .cell_text(xml, Some((from + 3, from + 3 + lt)), false, kind)
                .map(|v| (v, end));
        }
        while let Some(t) = next_tag(xml, at) {
            at = t.end;
            if t.closing {
                if t.name == b"c" {
                    break;
                }
                continue;
            }
            match t.name {
                b"v" if !t.empty => {
                    let end = close_of(xml, t.end, b"v")?;
                    raw = Some((t.end, end.start));
                    at = end.end;
                }
                b"is" if !t.empty => {
                    let end = close_of(xml, t.end, b"is")?;
                    string_item(&xml[t.end..end.start], &mut self.text)?;
                    inline = true;
                    at = end.end;
                }
                b"f" | b"extLst" if !t.empty => {
                    at = close_of(xml, t.end, t.name)?.end;
                }
                _ => {}
            }
        }
        self.cell_text(xml, raw, inline, kind).map(|v| (v, at))
    }

    /// A cell's value as text from its raw `<v>` (at `raw` in `xml`) or its
    /// inline string (in `self.text`), by its type.
    fn cell_text<'s>(
        &'s mut self,
        xml: &'s [u8],
        raw: Option<(usize, usize)>,
        inline: bool,
        kind: Option<&[u8]>,
    ) -> Result<Option<&'s str>, Why> {
        let kind = kind.unwrap_or(b"n");
        if inline && matches!(kind, b"inlineStr" | b"is") {
            return Ok(Some(&self.text));
        }
        let Some((s, e)) = raw else {
            return Ok(None);
        };
        let v = &xml[s..e];
        let value: Option<&str> = match kind {
            b"s" => {
                let text = content(v, &mut self.text)?;
                let i = parse_u32(text.trim().as_bytes());
                match i.and_then(|i| self.strings.get(i as usize)) {
                    Some(s) => Some(s),
                    None if text.is_empty() => None,
                    // An index past the shared strings: the index itself,
                    // so that the cell is reported, not lost.
                    None => Some(text),
                }
            }
            b"b" => match v {
                b"1" => Some("Y"),
                b"0" => Some("N"),
                _ => Some(content(v, &mut self.text)?),
            },
            b"e" => None,
            b"str" => {
                let un = unescape_excel(content(v, &mut self.text)?).into_owned();
                self.text = un;
                Some(&self.text)
            }
            b"d" => Some(content(v, &mut self.text)?),
            _ => {
                if v.is_empty() {
                    None
                } else if is_plain_integer(v) {
                    std::str::from_utf8(v).ok()
                } else {
                    let text = content(v, &mut self.text)?;
                    match text.trim().parse::<f64>() {
                        Ok(f) => {
                            super::number_text(f, &mut self.num);
                            Some(&self.num)
                        }
                        Err(_) => Some(&self.text),
                    }
                }
            }
        };
        Ok(value.filter(|v| !v.is_empty()))
    }
}

impl Iterator for Rows<'_> {
    type Item = (usize, csv::StringRecord);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pending.is_none() {
            self.pending = self.next_valued();
        }
        let (r, _) = self.pending.as_ref()?;
        let r = *r;
        let (index, mut rec) = match self.given {
            // A row with no value between rows with values.
            Some(g) if r > g + 1 => (g + 1, csv::StringRecord::new()),
            _ => self.pending.take()?,
        };
        self.given = Some(match self.given {
            Some(g) => g.max(index),
            None => index,
        });
        self.width = self.width.max(rec.len());
        while rec.len() < self.width {
            rec.push_field("");
        }
        Some((index as usize + 1, rec))
    }
}

/// Where the `</row>` (or `</x:row>`) after `from` ends. Text holds no
/// `<`, so `row>` after `</` or `</prefix:` is the closing tag.
fn row_close(b: &[u8], from: usize) -> Option<usize> {
    let finder = memchr::memmem::Finder::new(b"row>");
    let mut at = from;
    loop {
        let p = at + finder.find(b.get(at..)?)?;
        let before = &b[from..p];
        let closes = match before.last() {
            Some(b'/') => before.len() >= 2 && before[before.len() - 2] == b'<',
            Some(b':') => {
                let name = before[..before.len() - 1]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
                    .count();
                let slash = before.len() - 1 - name;
                slash >= 2 && before[slash - 1] == b'/' && before[slash - 2] == b'<'
            }
            _ => false,
        };
        if closes {
            return Some(p + 4);
        }
        at = p + 4;
    }
}

/// Digits only, no leading zero, short enough to be exact as a number:
/// its text is what formatting the number would give.
fn is_plain_integer(v: &[u8]) -> bool {
    !v.is_empty()
        && v.len() <= 15
        && v.iter().all(u8::is_ascii_digit)
        && (v.len() == 1 || v[0] != b'0')
}

fn parse_u32(v: &[u8]) -> Option<u32> {
    if v.is_empty() || v.len() > 9 || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(v.iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0')))
}

/// Excel's last row (1,048,576) and column (XFD, 16,384).
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLS: usize = 1 << 14;

/// The 0-based column of a cell reference (`B7` is 1), none past XFD.
fn cell_col(r: &[u8]) -> Option<usize> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let n = r[..letters].iter().fold(0usize, |n, &b| {
        n * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    Some(n - 1).filter(|&c| c < MAX_COLS)
}

/// The 0-based row of a cell reference (`B7` is 6).
fn cell_row(r: &[u8]) -> Option<u32> {
    let digits = &r[r.iter().take_while(|b| b.is_ascii_alphabetic()).count()..];
    parse_u32(digits).filter(|&n| n >= 1).map(|n| n - 1)
}

/// One tag: where it starts and ends in the buffer, its local name (any
/// namespace prefix dropped) and its attributes' text.
struct Tag<'b> {
    start: usize,
    end: usize,
    name: &'b [u8],
    attrs: &'b [u8],
    closing: bool,
    empty: bool,
}

/// The next element tag at or after `from` (comments, processing
/// instructions and declarations passed over); `None` when the buffer holds
/// no whole tag from there.
fn next_tag(b: &[u8], from: usize) -> Option<Tag<'_>> {
    let mut at = from;
    loop {
        let start = at + memchr::memchr(b'<', b.get(at..)?)?;
        let rest = b.get(start + 1..)?;
        match rest.first()? {
            b'!' => {
                let end = if rest.starts_with(b"!--") {
                    memchr::memmem::find(rest, b"-->")? + 3
                } else if rest.starts_with(b"![CDATA[") {
                    memchr::memmem::find(rest, b"]]>")? + 3
                } else {
                    memchr::memchr(b'>', rest)? + 1
                };
                at = start + 1 + end;
                continue;
            }
            b'?' => {
                at = start + 1 + memchr::memmem::find(rest, b"?>")? + 2;
                continue;
            }
            _ => {}
        }
        let closing = rest[0] == b'/';
        let body = if closing { &rest[1..] } else { rest };
        let name_len = body
            .iter()
            .position(|&c| c == b'>' || c == b'/' || c.is_ascii_whitespace())?;
        let qname = &body[..name_len];
        let name = match memchr::memchr(b':', qname) {
            Some(i) => &qname[i + 1..],
            None => qname,
        };
        // The tag's end, quoted attribute values passed over whole.
        let attrs_from = start + 1 + usize::from(closing) + name_len;
        let mut i = attrs_from;
        let mut quote = 0u8;
        loop {
            let c = *b.get(i)?;
            if quote != 0 {
                if c == quote {
                    quote = 0;
                }
            } else if c == b'"' || c == b'\'' {
                quote = c;
            } else if c == b'>' {
                break;
            }
            i += 1;
        }
        let empty = !closing && i > attrs_from && b[i - 1] == b'/';
        let attrs = &b[attrs_from..if empty { i - 1 } else { i }];
        return Some(Tag {
            start,
            end: i + 1,
            name,
            attrs,
            closing,
            empty,
        });
    }
}

/// The closing tag of `name` after `from`.
fn close_of<'b>(b: &'b [u8], from: usize, name: &[u8]) -> Result<Tag<'b>, Why> {
    let mut at = from;
    while let Some(t) = next_tag(b, at) {
        if t.closing && t.name == name {
            return Ok(t);
        }
        at = t.end;
    }
    Err(format!(
        "a <{}> element is not closed",
        String::from_utf8_lossy(name)
    ))
}

/// A tag's attributes as (name, raw value) pairs, in order; it stops at
/// the first that is not `name="value"` or `name='value'`.
struct Attrs<'b> {
    attrs: &'b [u8],
    at: usize,
}

impl<'b> Iterator for Attrs<'b> {
    type Item = (&'b [u8], &'b [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let (attrs, mut i) = (self.attrs, self.at);
        while i < attrs.len() && attrs[i].is_ascii_whitespace() {
            i += 1;
        }
        let k0 = i;
        while i < attrs.len() && attrs[i] != b'=' && !attrs[i].is_ascii_whitespace() {
            i += 1;
        }
        let key = &attrs[k0..i];
        while i < attrs.len() && (attrs[i].is_ascii_whitespace() || attrs[i] == b'=') {
            i += 1;
        }
        let q = *attrs.get(i)?;
        if q != b'"' && q != b'\'' {
            self.at = attrs.len();
            return None;
        }
        let v0 = i + 1;
        let len = memchr::memchr(q, attrs.get(v0..)?)?;
        self.at = v0 + len + 1;
        Some((key, &attrs[v0..v0 + len]))
    }
}

/// A cell's `r` and `t` attributes, in one pass over its attributes.
fn cell_attrs(attrs: &[u8]) -> (Option<&[u8]>, Option<&[u8]>) {
    let (mut r, mut t) = (None, None);
    for (key, value) in (Attrs { attrs, at: 0 }) {
        match key {
            [b'r'] => r = Some(value),
            [b't'] => t = Some(value),
            _ => {}
        }
    }
    (r, t)
}

/// An attribute's raw value by its exact name.
fn attr<'b>(attrs: &'b [u8], key: &[u8]) -> Option<&'b [u8]> {
    attr_by(attrs, |k| k == key)
}

/// An attribute's raw value by its local name (any prefix).
fn attr_local<'b>(attrs: &'b [u8], key: &[u8]) -> Option<&'b [u8]> {
    attr_by(attrs, |k| {
        let local = match memchr::memchr(b':', k) {
            Some(i) => &k[i + 1..],
            None => k,
        };
        local == key && k != b"xmlns:id"
    })
}

fn attr_by(attrs: &[u8], want: impl Fn(&[u8]) -> bool) -> Option<&[u8]> {
    Attrs { attrs, at: 0 }
        .find(|(k, _)| want(k))
        .map(|(_, v)| v)
}

/// Raw XML text with its entities decoded (borrowed when there are none).
fn decode(v: &[u8]) -> std::borrow::Cow<'_, str> {
    let s = String::from_utf8_lossy(v);
    if !s.contains('&') {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    push_decoded(&s, &mut out);
    std::borrow::Cow::Owned(out)
}

fn push_decoded(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        // Bytes, not chars: the 12 bytes may end inside a character.
        let near = &tail.as_bytes()[..tail.len().min(12)];
        let Some(semi) = near.iter().position(|&b| b == b';') else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let name = &tail[1..semi];
        let ch = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Element text (entities decoded, CDATA sections taken as they are) into
/// `out`, which it returns.
fn content<'o>(v: &[u8], out: &'o mut String) -> Result<&'o str, Why> {
    out.clear();
    let mut rest = v;
    loop {
        let Some(i) = memchr::memmem::find(rest, b"<![CDATA[") else {
            push_text(rest, out)?;
            return Ok(out);
        };
        push_text(&rest[..i], out)?;
        let after = &rest[i + 9..];
        let end = memchr::memmem::find(after, b"]]>").ok_or("a CDATA section is not closed")?;
        let cdata =
            std::str::from_utf8(&after[..end]).map_err(|e| format!("text not UTF-8: {e}"))?;
        out.push_str(&line_ends(cdata));
        rest = &after[end + 3..];
    }
}

fn push_text(v: &[u8], out: &mut String) -> Result<(), Why> {
    let s = std::str::from_utf8(v).map_err(|e| format!("text not UTF-8: {e}"))?;
    let s = line_ends(s);
    if s.contains('&') {
        push_decoded(&s, out);
    } else {
        out.push_str(&s);
    }
    Ok(())
}

/// XML's line ends: a CR LF pair or a lone CR in the text is a LF (XML 1.0
/// section 2.11; a CR written `&#13;` or `_x000D_` stays a CR).
fn line_ends(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('\r') {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Excel's `_xHHHH_` escapes decoded (a pair of surrogates as one
/// character, a lone one as U+FFFD).
fn unescape_excel(s: &str) -> std::borrow::Cow<'_, str> {
    fn unit(s: &str, at: usize) -> Option<u16> {
        let b = s.as_bytes();
        if b.get(at..at + 2)? != b"_x" || *b.get(at + 6)? != b'_' {
            return None;
        }
        u16::from_str_radix(s.get(at + 2..at + 6)?, 16).ok()
    }
    if !s.contains("_x") {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copied = 0;
    while let Some(off) = s[i..].find("_x") {
        let at = i + off;
        let Some(u) = unit(s, at) else {
            i = at + 2;
            continue;
        };
        out.push_str(&s[copied..at]);
        let mut next = at + 7;
        let c = match u {
            0xD800..=0xDBFF => match unit(s, next) {
                Some(lo @ 0xDC00..=0xDFFF) => {
                    next += 7;
                    char::from_u32(
                        0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(lo) - 0xDC00),
                    )
                }
                _ => None,
            },
            u => char::from_u32(u32::from(u)),
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        i = next;
        copied = next;
    }
    out.push_str(&s[copied..]);
    std::borrow::Cow::Owned(out)
}

/// A string item's text (`<si>` or `<is>` content) appended to `out`:
/// its `<t>` runs joined, phonetic runs (`<rPh>`) left out, each run's ASCII
/// space trimmed unless `xml:space="preserve"`, escapes decoded.
fn string_item(xml: &[u8], out: &mut String) -> Result<(), Why> {
    let mut at = 0;
    let mut run = String::new();
    while let Some(t) = next_tag(xml, at) {
        at = t.end;
        if t.closing {
            continue;
        }
        match t.name {
            b"rPh" if !t.empty => at = close_of(xml, t.end, b"rPh")?.end,
            b"t" if !t.empty => {
                let end = close_of(xml, t.end, b"t")?;
                content(&xml[t.end..end.start], &mut run)?;
                let preserve = attr(t.attrs, b"xml:space") == Some(b"preserve");
                let text = if preserve {
                    run.as_str()
                } else {
                    run.trim_matches([' ', '\t', '\r', '\n'])
                };
                out.push_str(&unescape_excel(text));
                at = end.end;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The shared strings part read into one buffer.
fn shared_strings(xml: &str) -> Result<Strings, Why> {
    let b = xml.as_bytes();
    let mut strings = Strings::default();
    if let Some(tag) = next_tag_named(b, 0, b"sst")
        && let Some(n) = attr(tag.attrs, b"uniqueCount").and_then(parse_u32)
    {
        // No more than the part could hold (`<si></si>` is 9 bytes).
        strings.ends.reserve((n as usize).min(xml.len() / 9));
    }
    strings.text.reserve(xml.len() / 3);
    let mut at = 0;
    while let Some(t) = next_tag(b, at) {
        at = t.end;
        if t.closing || t.name != b"si" {
            continue;
        }
        if !t.empty {
            if let Some((text, end)) = plain_item(xml, t.end) {
                strings.text.push_str(text);
                at = end;
            } else {
                let end = close_of(b, t.end, b"si")?;
                string_item(&b[t.end..end.start], &mut strings.text)?;
                at = end.end;
            }
        }
        strings.ends.push(strings.text.len());
    }
    Ok(strings)
}

/// What Excel writes for nearly every shared string, `<t>text</t></si>`
/// right after `<si>` (at `from`), read without a tag at a time: the text
/// and where the item ends. `None` for anything [`string_item`] must read
/// (attributes, runs, a prefix, an entity, a carriage return, an `_x`
/// escape, white space at either end to trim).
fn plain_item(xml: &str, from: usize) -> Option<(&str, usize)> {
    let b = xml.as_bytes();
    let rest = b.get(from..)?.strip_prefix(b"<t>")?;
    let n = memchr::memchr(b'<', rest)?;
    if !rest.get(n..)?.starts_with(b"</t></si>") {
        return None;
    }
    let v = &rest[..n];
    let trimmed = |c: Option<&u8>| c.is_some_and(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'));
    if memchr::memchr3(b'&', b'\r', b'_', v).is_some() || trimmed(v.first()) || trimmed(v.last()) {
        return None;
    }
    let text = xml.get(from + 3..from + 3 + n)?;
    Some((text, from + 3 + n + b"</t></si>".len()))
}

fn next_tag_named<'b>(b: &'b [u8], from: usize, name: &[u8]) -> Option<Tag<'b>> {
    let mut at = from;
    while let Some(t) = next_tag(b, at) {
        if !t.closing && t.name == name {
            return Some(t);
        }
        at = t.end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_attributes_and_text() {
        let xml = br#"<?xml version="1.0"?><!-- a > comment --><x:row r="7" spans='1:3'><x:c r="B7" t="s"/></x:row>"#;
        let t = next_tag(xml, 0).unwrap();
        assert_eq!(t.name, b"row");
        assert_eq!(attr(t.attrs, b"r"), Some(&b"7"[..]));
        assert_eq!(attr(t.attrs, b"spans"), Some(&b"1:3"[..]));
        let c = next_tag(xml, t.end).unwrap();
        assert!(c.empty && !c.closing);
        assert_eq!(attr(c.attrs, b"t"), Some(&b"s"[..]));
        assert_eq!(cell_attrs(c.attrs), (Some(&b"B7"[..]), Some(&b"s"[..])));
        assert_eq!(cell_attrs(br#" s="3" r='C1'"#), (Some(&b"C1"[..]), None));
        let end = next_tag(xml, c.end).unwrap();
        assert!(end.closing && end.name == b"row");
        // A '>' inside a quoted value does not end the tag.
        let q = next_tag(br#"<c f="a>b" t="n">"#, 0).unwrap();
        assert_eq!(attr(q.attrs, b"t"), Some(&b"n"[..]));
        // Half a tag is no tag (the buffer is filled first).
        assert!(next_tag(b"<row r=\"1", 0).is_none());
    }

    /// The plain shared string's fast path gives what reading it tag by
    /// tag gives, and leaves to that every item it cannot read alike.
    #[test]
    fn plain_shared_strings_read_as_by_tags() {
        let items = [
            "<t>Police</t>",
            "<t>SYN001-0006001</t>",
            "<t></t>",
            "<t>  padded </t>",
            "<t xml:space=\"preserve\"> kept </t>",
            "<t>a &amp; b</t>",
            "<t>line\r\nend</t>",
            "<t>_x0041_</t>",
            "<t>caf\u{e9} \u{2013} ok</t>",
            "<r><t>run </t></r><r><t>two</t></r>",
            "<t>a</t><rPh><t>b</t></rPh>",
        ];
        let xml: String = std::iter::once("<sst>".to_string())
            .chain(items.iter().map(|i| format!("<si>{i}</si>")))
            .chain(["<si/></sst>".to_string()])
            .collect();
        let fast = shared_strings(&xml).unwrap();
        let by_tags: Vec<String> = items
            .iter()
            .map(|i| {
                let mut out = String::new();
                string_item(i.as_bytes(), &mut out).unwrap();
                out
            })
            .chain([String::new()])
            .collect();
        let got: Vec<&str> = (0..by_tags.len()).map(|i| fast.get(i).unwrap()).collect();
        assert_eq!(got, by_tags);
        assert_eq!(got[0], "Police");
        assert_eq!(got[3], "padded");
        assert_eq!(got[5], "a & b");
        assert_eq!(got[7], "A");
        // Only the plain ones take the fast path.
        let plain = |i: &str| plain_item(&format!("<si>{i}</si>"), 4).is_some();
        assert!(plain(items[0]) && plain(items[2]) && plain(items[8]));
        assert!(!plain(items[3]) && !plain(items[4]) && !plain(items[5]) && !plain(items[9]));
    }

    #[test]
    fn columns_rows_and_escapes() {
        assert_eq!(cell_col(b"A1"), Some(0));
        assert_eq!(cell_col(b"Z9"), Some(25));
        // AA = 26 + 1 = 27th column; XFD = 24*676 + 6*26 + 4 = 16384th.
        assert_eq!(cell_col(b"AA3"), Some(26));
        assert_eq!(cell_col(b"XFD1"), Some(16383));
        // XFE = XFD + 1 is past Excel's last column.
        assert_eq!(cell_col(b"XFE1"), None);
        assert_eq!(cell_row(b"C600001"), Some(600_000));
        assert_eq!(
            decode(b"a &amp; b &lt;&#65;&#x42;&bogus;"),
            "a & b <AB&bogus;"
        );
        // A '&' with no ';' in reach, a character across the 12th byte.
        assert_eq!(decode("&amp;&lt;😀 & x😀".as_bytes()), "&<😀 & x😀");
        // Line ends as XML reads them: CR LF and a lone CR are LF; a CR
        // written as a character reference stays.
        let mut t = String::new();
        assert_eq!(
            content(b"a\r\nb\rc&#13;<![CDATA[d\r\n]]>", &mut t).unwrap(),
            "a\nb\nc\rd\n"
        );
        assert_eq!(unescape_excel("a_x000D_b_x005F_x"), "a\rb_x");
        // U+1F600 as a surrogate pair, then a lone surrogate.
        assert_eq!(
            unescape_excel("_xD83D__xDE00_ _xD83D_"),
            "\u{1F600} \u{FFFD}"
        );
        assert!(is_plain_integer(b"45292") && !is_plain_integer(b"012") && is_plain_integer(b"0"));
    }

    #[test]
    fn string_items_join_runs_and_leave_out_phonetics() {
        let mut s = String::new();
        string_item(
            br#"<r><rPr><b/></rPr><t xml:space="preserve">Child </t></r><r><t> Unique ID </t></r><rPh sb="0" eb="1"><t>X</t></rPh>"#,
            &mut s,
        )
        .unwrap();
        // The first run kept its space (preserve); the second was trimmed.
        assert_eq!(s, "Child Unique ID");
    }

    /// A sheet's rows as plain cells, trailing blanks dropped.
    type SheetRows = Vec<(usize, Vec<String>)>;

    fn trimmed(mut cells: Vec<String>) -> Vec<String> {
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        cells
    }

    /// What calamine reads of each sheet (an independent reader), from
    /// column A as ours reads.
    fn by_calamine(path: &std::path::Path) -> Vec<(String, Result<SheetRows, String>)> {
        use super::super::SheetCell;
        use calamine::Reader;
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
        let names = wb.sheet_names().to_vec();
        names
            .into_iter()
            .map(|name| {
                let rows = wb
                    .worksheet_range(&name)
                    .map_err(|e| e.to_string())
                    .map(|range| {
                        let (r0, c0) = range.start().unwrap_or((0, 0));
                        let mut num = String::new();
                        range
                            .rows()
                            .enumerate()
                            .map(|(i, row)| {
                                let mut cells = vec![String::new(); c0 as usize];
                                cells.extend(row.iter().map(|c| c.text(&mut num).to_string()));
                                (r0 as usize + i + 1, trimmed(cells))
                            })
                            .collect()
                    });
                (name, rows)
            })
            .collect()
    }

    /// What this module reads of a sheet: name, whether it holds cells,
    /// its rows and where its XML broke off.
    type Scanned = (String, bool, SheetRows, Option<(usize, Why)>);

    /// What this module reads of each sheet.
    fn by_scanner(path: &std::path::Path) -> Vec<Scanned> {
        let mut wb = Workbook::open(path).unwrap();
        let sheets = Arc::clone(&wb.sheets);
        sheets
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if !s.cells {
                    return (s.name.clone(), false, Vec::new(), None);
                }
                let mut rows = wb.rows(i).unwrap();
                let got = rows
                    .by_ref()
                    .map(|(r, rec)| (r, trimmed(rec.iter().map(str::to_string).collect())))
                    .collect();
                (s.name.clone(), true, got, rows.failed.take())
            })
            .collect()
    }

    fn workbooks(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                workbooks(&path, out);
            } else if path.extension().is_some_and(|x| x == "xlsx") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_workbook_in_testdata_reads_as_calamine_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata");
        let mut paths = Vec::new();
        workbooks(&root, &mut paths);
        // The workbook whose sheet breaks off is worked by hand (the CLI's
        // bad-input corpus, and the odd XML below): calamine reads none of
        // that sheet.
        paths.retain(|p| !p.ends_with("bad/cut_sheet/annex_a.xlsx"));
        paths.sort();
        // Ours, the bad ones, and the shared samples (Ofsted's template as
        // filled in four times, liia-tools' test workbook).
        assert!(paths.len() >= 7, "{paths:?}");
        let (mut sheets, mut cells) = (0, 0);
        for path in &paths {
            let theirs = by_calamine(path);
            let ours = by_scanner(path);
            let names: Vec<&String> = theirs.iter().map(|(n, _)| n).collect();
            let our_names: Vec<&String> = ours.iter().map(|(n, ..)| n).collect();
            assert_eq!(our_names, names, "{}", path.display());
            for ((name, rows), (_, has_cells, got, failed)) in theirs.iter().zip(&ours) {
                assert!(failed.is_none(), "{} [{name}]: {failed:?}", path.display());
                match rows {
                    Ok(rows) => {
                        assert!(*has_cells, "{} [{name}]", path.display());
                        assert_eq!(got, rows, "{} [{name}]", path.display());
                        sheets += 1;
                        cells += rows.iter().map(|(_, c)| c.len()).sum::<usize>();
                    }
                    Err(e) => assert!(!*has_cells, "{} [{name}]: calamine: {e}", path.display()),
                }
            }
        }
        // Enough read for the comparison to mean something.
        assert!(
            sheets >= 40 && cells >= 1000,
            "{sheets} sheets, {cells} cells"
        );
    }

    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// Sheet 1: every kind of cell Excel writes, and some it does not.
    const EDGES: &str = r#"<dimension ref="B2:F9"/><sheetData>
<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c><c r="D2" t="inlineStr"><is><t> Sex </t></is></c></row>
<row r="3" spans="2:6"><c r="B3" t="b"><v>1</v></c><c r="C3" t="e"><v>#N/A</v></c><c r="D3" s="1"><v>45292</v></c><c r="E3"><v>1.5</v></c><c r="F3" t="str"><f>B2&amp;"x"</f><v>x &lt; y</v></c></row>
<row r="4"><c r="B4" s="2"/><c r="C4" t="s"><v>2</v></c></row>
<row r="5"></row>
<row r="6"><c r="E6"><v>012</v></c><c r="F6"><v>1E3</v></c></row>
<row r="8"><c r="D8"><v>3</v></c><c r="B8"><v>1</v></c></row>
<row r="9"><c r="B9" t="s"><v>3</v></c><c r="C9"><v>45292.75</v></c><c r="D9"><v>-0</v></c></row>
</sheetData>"#;

    /// Writes a workbook of the given sheets (name, body of `<worksheet>`
    /// or `None` for a chart sheet) to a file of its own.
    fn odd_workbook(file: &str, sheets: &[(&str, Option<&str>)]) -> std::path::PathBuf {
        use std::io::Write;
        let path = std::env::temp_dir().join(format!("scorecard-{}-{file}", std::process::id()));
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        let mut put = |name: &str, text: &str| {
            zip.start_file(name, opts).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        };
        let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml";
        let mut types = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>"#
        );
        let mut book = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>"#
        );
        let mut rels = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        for (i, (name, body)) in sheets.iter().enumerate() {
            let n = i + 1;
            let (dir, kind) = if body.is_some() {
                ("worksheets", "worksheet")
            } else {
                ("chartsheets", "chartsheet")
            };
            types.push_str(&format!(
                r#"<Override PartName="/xl/{dir}/sheet{n}.xml" ContentType="{ct}.{kind}+xml"/>"#
            ));
            book.push_str(&format!(
                r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
            ));
            rels.push_str(&format!(
                r#"<Relationship Id="rId{n}" Type="{REL}/{kind}" Target="{dir}/sheet{n}.xml"/>"#
            ));
            let xml = match body {
                Some(body) if body.starts_with("<x:") => format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="{MAIN}">{body}</x:worksheet>"#
                ),
                Some(body) => format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}" xmlns:r="{REL}">{body}</worksheet>"#
                ),
                None => format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><chartsheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>"#
                ),
            };
            put(&format!("xl/{dir}/sheet{n}.xml"), &xml);
        }
        types.push_str("</Types>");
        book.push_str("</sheets></workbook>");
        rels.push_str(&format!(r#"<Relationship Id="rId99" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#));
        put("[Content_Types].xml", &types);
        put(
            "_rels/.rels",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        );
        put("xl/workbook.xml", &book);
        put("xl/_rels/workbook.xml.rels", &rels);
        put(
            "xl/sharedStrings.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="4" uniqueCount="4"><si><t>Child ID</t></si><si><r><t xml:space="preserve">Date </t></r><r><rPr><b/></rPr><t>of birth</t></r><rPh sb="0" eb="1"><t>X</t></rPh></si><si><t>  padded  </t></si><si><t>a &amp; b_x000D_</t></si></sst>"#
            ),
        );
        zip.finish().unwrap();
        path
    }

    fn row(r: usize, cells: &[&str]) -> (usize, Vec<String>) {
        (r, cells.iter().map(|c| c.to_string()).collect())
    }

    #[test]
    fn odd_xml_reads_as_worked_by_hand_and_as_calamine_reads_it() {
        // The edges sheet with every element prefixed (x:row, x:c, x:v).
        let prefixed = EDGES
            .replace("</", "\u{0}")
            .replace('<', "<x:")
            .replace('\u{0}', "</x:");
        // No r on rows or cells: each follows the one before.
        let no_refs = r#"<sheetData><row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row><row/><row><c/><c><v>3</v></c></row></sheetData>"#;
        // A row past Excel's last (1,048,576 + 1 = 1,048,577) after row 2.
        let too_far = r#"<sheetData><row r="2"><c r="A2"><v>5</v></c></row><row r="1048577"><c r="A1048577"><v>6</v></c></row></sheetData>"#;
        // XML that breaks off inside row 2; a shared string index past the end.
        let cut = r#"<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s"><v>99</v></c></row><row r="2"><c r="A2"><v>2</v>"#;
        let path = odd_workbook(
            "odd.xlsx",
            &[
                ("Edges", Some(EDGES)),
                ("Prefixed", Some(&prefixed)),
                ("No refs", Some(no_refs)),
                ("Cut off", Some(cut)),
                ("Chart", None),
                ("Too far", Some(too_far)),
            ],
        );
        let ours = by_scanner(&path);
        // Worked by hand from EDGES: column A is empty, so every row starts
        // with a blank; row 3: TRUE is Y, #N/A blank, 45292 verbatim, 1.5,
        // the formula's cached text; row 4: the styled empty B4 is no value,
        // the shared string trimmed; rows 5 and 7 blank; row 6: 012 and 1E3
        // are numbers, 12 and 1000; row 8's cells out of order placed by
        // column; row 9: Excel's _x000D_ a carriage return, -0 is 0.
        let edges = vec![
            row(2, &["", "Child ID", "Date of birth", "Sex"]),
            row(3, &["", "Y", "", "45292", "1.5", "x < y"]),
            row(4, &["", "", "padded"]),
            row(5, &[]),
            row(6, &["", "", "", "", "12", "1000"]),
            row(7, &[]),
            row(8, &["", "1", "", "3"]),
            row(9, &["", "a & b\r", "45292.75", "0"]),
        ];
        assert_eq!(ours[0].2, edges);
        assert_eq!(ours[1].2, edges);
        assert_eq!(
            ours[2].2,
            vec![row(1, &["a", "2"]), row(2, &[]), row(3, &["", "3"])]
        );
        // The cut-off sheet: its whole row read (the index shown, not
        // lost), then where and why it stopped.
        assert_eq!(ours[3].2, vec![row(1, &["1", "99"])]);
        let (at, why) = ours[3].3.clone().unwrap();
        assert_eq!(at, 1);
        assert!(why.contains("ends inside its rows"), "{why}");
        assert!(!ours[4].1 && ours[4].2.is_empty());
        // Row 2 read; the row past the last refused, reported after row 2.
        assert_eq!(ours[5].2, vec![row(2, &["5"])]);
        let (at, why) = ours[5].3.clone().unwrap();
        assert_eq!(at, 2);
        assert!(
            why.contains("1048577, past Excel's last row 1048576"),
            "{why}"
        );
        assert!(ours.iter().take(3).all(|s| s.3.is_none()));
        // calamine reads the first three sheets as we do.
        let theirs = by_calamine(&path);
        for (i, (name, rows)) in theirs.iter().take(3).enumerate() {
            assert_eq!(name, &ours[i].0);
            assert_eq!(rows.as_ref().unwrap(), &ours[i].2, "{name}");
        }
        let _ = std::fs::remove_file(path);
    }

    /// One cell written by rust_xlsxwriter (an independent writer).
    #[derive(Debug, Clone)]
    enum Written {
        Text(String),
        Number(f64),
        Bool(bool),
    }

    fn written() -> impl proptest::strategy::Strategy<Value = Written> {
        use proptest::prelude::*;
        prop_oneof![
            // Spaces at the ends, markup characters, CR/LF/tab, text that
            // looks like Excel's own escape, and characters past ASCII.
            "[ a-zA-Z0-9<>&\"'_\r\n\t£é😀]{0,12}".prop_map(Written::Text),
            "_x00[0-9A-F]{2}_[a-z]{0,3}".prop_map(Written::Text),
            (-1.0e16f64..1.0e16).prop_map(Written::Number),
            (-100_000i64..100_000).prop_map(|i| Written::Number(i as f64)),
            any::<bool>().prop_map(Written::Bool),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Whatever rust_xlsxwriter writes, the scanner reads as calamine
        /// does, cell for cell.
        #[test]
        fn what_rust_xlsxwriter_writes_reads_as_calamine_reads_it(
            cells in proptest::collection::vec((0u32..8, 0u16..6, written()), 1..30),
            second in proptest::collection::vec((0u32..3, 0u16..3, written()), 0..6),
        ) {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static N: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!(
                "scorecard-{}-written-{}.xlsx",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            ));
            let mut wb = rust_xlsxwriter::Workbook::new();
            for (name, cells) in [("List 3", &cells), ("Other", &second)] {
                let ws = wb.add_worksheet();
                ws.set_name(name).unwrap();
                for (r, c, v) in cells {
                    match v {
                        Written::Text(t) => ws.write_string(*r, *c, t).map(|_| ()),
                        Written::Number(f) => ws.write_number(*r, *c, *f).map(|_| ()),
                        Written::Bool(b) => ws.write_boolean(*r, *c, *b).map(|_| ()),
                    }
                    .unwrap();
                }
            }
            wb.save(&path).unwrap();
            let theirs = by_calamine(&path);
            let ours = by_scanner(&path);
            let _ = std::fs::remove_file(&path);
            proptest::prop_assert_eq!(theirs.len(), ours.len());
            for ((name, rows), (our_name, _, got, failed)) in theirs.iter().zip(&ours) {
                proptest::prop_assert_eq!(name, our_name);
                proptest::prop_assert!(failed.is_none());
                proptest::prop_assert_eq!(rows.as_ref().unwrap(), got);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Any bytes at all, made of sheet XML's pieces and cut anywhere:
        /// the scanner gives rows or says where it stopped; it never
        /// panics. (The same for shared strings.)
        #[test]
        fn any_sheet_xml_is_read_or_refused_never_a_panic(
            pieces in proptest::collection::vec(0usize..PIECES.len(), 0..60),
            cut in 0usize..4000,
        ) {
            let mut xml: Vec<u8> = pieces.iter().flat_map(|&i| PIECES[i].bytes()).collect();
            xml.truncate(cut.min(xml.len()));
            let strings = shared_strings(&String::from_utf8_lossy(&xml)).unwrap_or_default();
            let mut rows = Rows::over(Box::new(std::io::Cursor::new(xml)), &strings);
            let n = rows.by_ref().take(10_000).count();
            proptest::prop_assert!(n <= 10_000);
        }
    }

    /// The pieces the XML of `any_sheet_xml_is_read_or_refused_never_a_panic` is made of.
    const PIECES: [&str; 30] = [
        "<sheetData>",
        "</sheetData>",
        "<sheetData/>",
        "<row r=\"1\">",
        "<row r=\"999999999\">",
        "<row>",
        "</row>",
        "<row/>",
        "<c r=\"A1\" t=\"s\">",
        "<c r=\"ZZZZ9\">",
        "<c t=\"inlineStr\">",
        "<c r=\"XFD3\" t=\"b\"/>",
        "<v>",
        "</v>",
        "</c>",
        "<is><t>",
        "</t></is>",
        "<si><t xml:space=\"preserve\">",
        "</t></si>",
        "&amp;",
        "&#x1F600;",
        "&#99999999;",
        "&",
        "😀",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "<x:c r='B2' t=\"str\"><x:v>",
        "_xD83D_",
    ];
}
