//! What Annex A looks like: the lists, their headings and the value maps,
//! read from `data/annex-a.toml` (built in; a council layers its own
//! spellings on top with [`Spec::layer_toml`]).
//!
//! ```
//! use scorecard_compute::readers::annex_a::Spec;
//! let spec = Spec::builtin().unwrap();
//! // Headings are matched ignoring case, spaces, quotes and punctuation.
//! assert_eq!(spec.column("Referral NFA ?").map(|c| c.key.as_str()), Some("referral_nfa"));
//! assert_eq!(spec.column("  date of REFERRAL").map(|c| c.key.as_str()), Some("referral_date"));
//! // Values: option letters and descriptions are dropped; spellings mapped.
//! assert_eq!(spec.value("sex", "a) Male"), Ok(Some("Male".to_string())));
//! assert_eq!(spec.value("sex", "1 - Male"), Ok(Some("Male".to_string())));
//! assert_eq!(spec.value("legal_status", "C2 - Full care order"), Ok(Some("C2".to_string())));
//! assert_eq!(spec.value("placement_type", "f) U6: Foster placement - not FFA"), Ok(Some("U6".to_string())));
//! assert_eq!(spec.value("yes_no", "#N/A"), Ok(None));
//! assert!(spec.value("yes_no", "CS Assessment Updated").is_err());
//! // Sheets by number or subject.
//! assert_eq!(spec.list_from_name("List_8"), Some(8));
//! assert_eq!(spec.list_from_name("L5"), Some(5));
//! assert_eq!(spec.list_from_name("Children in Care"), Some(8));
//! assert_eq!(spec.list_from_name("Sec47 and ICPC"), Some(5));
//! assert!(spec.is_template_sheet("FAQ_and_changes"));
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{Error, Result};

/// The built-in specification (`crates/scorecard-compute/data/annex-a.toml`).
pub const BUILTIN: &str = include_str!("../../../data/annex-a.toml");

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A child's (or adopter's) identifier.
    Id,
    /// A date.
    Date,
    /// A whole number (a fractional age is kept as its whole part).
    Number,
    /// Free text (an option letter is dropped).
    Text,
    /// A value of a value map.
    Code,
}

/// One column scorecard knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The key the reader uses (`referral_date`).
    pub key: String,
    /// How its cells are read.
    pub kind: Kind,
    /// The value map of a coded column.
    pub values: Option<String>,
    /// The headings that mean it, as written in the specification.
    pub headings: Vec<String>,
}

/// One list of Annex A.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct List {
    /// 1 to 11.
    pub number: u8,
    /// Its name in the template (`Referrals`).
    pub name: String,
    /// Words that name it in a sheet or file name.
    #[serde(default)]
    pub subjects: Vec<String>,
    /// The column of the row's own event (a row without it is left out).
    #[serde(default)]
    pub date: Option<String>,
    /// Columns without which the list cannot be read.
    #[serde(default)]
    pub required: Vec<String>,
    /// The canonical tables it feeds.
    #[serde(default)]
    pub tables: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    kind: Option<Kind>,
    values: Option<String>,
    #[serde(default)]
    headings: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValues {
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    map: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    #[serde(default)]
    sheets: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    #[serde(default)]
    list: Vec<List>,
    #[serde(default)]
    template: RawTemplate,
    #[serde(default)]
    column: BTreeMap<String, RawColumn>,
    #[serde(default)]
    values: BTreeMap<String, RawValues>,
}

/// A value map: normalised spelling to the value stored, and the codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct ValueMap {
    spellings: BTreeMap<String, String>,
    codes: BTreeMap<String, String>,
}

/// The whole specification (the module documentation of `spec.rs` describes it; the
/// file itself is `data/annex-a.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    lists: Vec<List>,
    template: Vec<String>,
    columns: Vec<Column>,
    by_heading: BTreeMap<String, usize>,
    values: BTreeMap<String, ValueMap>,
}

/// Lower case, letters and digits only (curly quotes, brackets, spaces and
/// punctuation dropped): how headings, sheet names and values are compared.
pub fn normalise(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A normalised heading without its `(Y/N)` (`Y/N`, `Y / N`), when it
/// had one.
fn without_yn<'a>(heading: &str, normalised: &'a str) -> Option<&'a str> {
    let compact: String = heading
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    (compact.contains("y/n") && normalised.ends_with("yn"))
        .then(|| &normalised[..normalised.len() - 2])
        .filter(|s| !s.is_empty())
}

/// Drops a template option letter (`a) `, `q) `, `aa) `) and trims.
pub(crate) fn strip_option(cell: &str) -> &str {
    let t = cell.trim();
    match t.split_once(')') {
        Some((p, rest))
            if !p.is_empty()
                && p.len() <= 2
                && p.chars().all(|c| c.is_ascii_alphanumeric())
                && rest.starts_with(char::is_whitespace) =>
        {
            rest.trim()
        }
        _ => t,
    }
}

/// Is this cell blank as people write blanks (`#N/A`, `n/a`, `-`, spaces)?
pub fn is_blank(cell: &str) -> bool {
    let t = cell.trim();
    if t.is_empty() {
        return true;
    }
    // Short words only: no allocation for the cells that hold data.
    t.len() <= 7
        && [
            "#n/a", "n/a", "na", "-", "--", "null", "#null!", "none", "#value!", "#ref!",
        ]
        .iter()
        .any(|b| t.eq_ignore_ascii_case(b))
}

impl Spec {
    /// A specification that knows nothing (layer a file on it).
    pub fn empty() -> Spec {
        Spec {
            lists: Vec::new(),
            template: Vec::new(),
            columns: Vec::new(),
            by_heading: BTreeMap::new(),
            values: BTreeMap::new(),
        }
    }

    /// The built-in specification.
    pub fn builtin() -> Result<Spec> {
        let mut spec = Spec::empty();
        spec.layer_toml(BUILTIN, "built-in annex-a.toml")?;
        Ok(spec)
    }

    /// Adds a council's own lists, headings and spellings (the same shape as
    /// the built-in file) on top of these. `source` names it in errors.
    pub fn layer_toml(&mut self, text: &str, source: &str) -> Result<()> {
        let raw: RawSpec = toml::from_str(text)
            .map_err(|e| Error::not_input(source, format!("not an Annex A specification: {e}")))?;
        for list in raw.list {
            match self.lists.iter_mut().find(|l| l.number == list.number) {
                Some(l) => l.subjects.extend(list.subjects),
                None => self.lists.push(list),
            }
        }
        self.lists.sort_by_key(|l| l.number);
        self.template
            .extend(raw.template.sheets.iter().map(|s| normalise(s)));
        for (key, c) in raw.column {
            let i = match self.columns.iter().position(|x| x.key == key) {
                Some(i) => i,
                None => {
                    let kind = c.kind.ok_or_else(|| Error::Input {
                        at: scorecard_core::Location::file(source).in_column(key.clone()),
                        message: "a new column needs a kind (id, date, number, text or code)"
                            .into(),
                    })?;
                    self.columns.push(Column {
                        key: key.clone(),
                        kind,
                        values: None,
                        headings: Vec::new(),
                    });
                    self.columns.len() - 1
                }
            };
            if let Some(v) = c.values {
                self.columns[i].values = Some(v);
            }
            // The key itself is a heading too (`referral_date`), listed last.
            for h in c.headings.into_iter().chain(std::iter::once(key.clone())) {
                let n = normalise(&h);
                if let Some(&other) = self.by_heading.get(&n)
                    && other != i
                {
                    return Err(Error::Input {
                        at: scorecard_core::Location::file(source).in_column(key.clone()),
                        message: format!(
                            "heading {h:?} already means column {}",
                            self.columns[other].key
                        ),
                    });
                }
                if let Some(short) = without_yn(&h, &n) {
                    self.by_heading.entry(short.to_string()).or_insert(i);
                }
                self.by_heading.insert(n, i);
                self.columns[i].headings.push(h);
            }
        }
        for (name, v) in raw.values {
            let map = self.values.entry(name).or_default();
            for code in v.codes {
                map.codes
                    .insert(normalise(&code), code.to_ascii_uppercase());
            }
            for (stored, spellings) in v.map {
                for s in std::iter::once(&stored).chain(spellings.iter()) {
                    map.spellings.insert(normalise(s), stored.clone());
                    map.spellings
                        .insert(normalise(strip_option(s)), stored.clone());
                }
            }
        }
        for c in &self.columns {
            if let Some(v) = &c.values
                && !self.values.contains_key(v)
            {
                return Err(Error::Input {
                    at: scorecard_core::Location::file(source).in_column(c.key.clone()),
                    message: format!("no value map named {v:?}"),
                });
            }
        }
        Ok(())
    }

    /// The lists, by number.
    pub fn lists(&self) -> &[List] {
        &self.lists
    }

    /// List `n`.
    pub fn list(&self, n: u8) -> Option<&List> {
        self.lists.iter().find(|l| l.number == n)
    }

    /// Every column.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The column a heading means, if any. A `(Y/N)` is optional: "Referral
    /// NFA (Y/N)" is "Referral NFA?".
    pub fn column(&self, heading: &str) -> Option<&Column> {
        let n = normalise(heading);
        let i = self
            .by_heading
            .get(&n)
            .or_else(|| without_yn(heading, &n).and_then(|short| self.by_heading.get(short)))?;
        Some(&self.columns[*i])
    }

    /// The column with key `key`.
    pub fn column_by_key(&self, key: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.key == key)
    }

    /// Is `sheet` one of the template's guidance sheets (no data)?
    pub fn is_template_sheet(&self, sheet: &str) -> bool {
        self.template.contains(&normalise(sheet))
    }

    /// Which list a sheet or file name is: `List 3`, `List_3`, `L3`,
    /// `Annex A List 3 - Referrals`, or a subject (`Referrals`, `Children in
    /// Care`, `Sec47 and ICPC`).
    pub fn list_from_name(&self, name: &str) -> Option<u8> {
        let stem = name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(name)
            .trim_end_matches(".csv")
            .trim_end_matches(".CSV");
        let n = normalise(stem);
        if let Some(pos) = n.find("list") {
            let digits: String = n[pos + 4..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(k) = digits.parse::<u8>()
                && (1..=11).contains(&k)
            {
                return Some(k);
            }
        }
        let words: Vec<String> = stem
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        for w in &words {
            if let Some(rest) = w.strip_prefix('l')
                && let Ok(k) = rest.parse::<u8>()
                && (1..=11).contains(&k)
            {
                return Some(k);
            }
        }
        // Most specific subjects first: "Early help assessments" is List 2,
        // "Adopters" List 11 (before "adoption").
        const ORDER: [u8; 11] = [11, 10, 9, 8, 7, 6, 5, 2, 4, 3, 1];
        for k in ORDER {
            let Some(list) = self.list(k) else { continue };
            for s in &list.subjects {
                let ns = normalise(s);
                let hit = if ns.len() >= 6 {
                    n.contains(&ns)
                } else {
                    words.contains(&ns)
                };
                if hit {
                    return Some(k);
                }
            }
        }
        None
    }

    /// Reads a coded cell through value map `map`: `Ok(None)` when blank,
    /// `Ok(Some(value))` when it maps, `Err(())` when it does not.
    #[allow(clippy::result_unit_err)]
    pub fn value(&self, map: &str, cell: &str) -> std::result::Result<Option<String>, ()> {
        if is_blank(cell) {
            return Ok(None);
        }
        let Some(m) = self.values.get(map) else {
            return Err(());
        };
        let stripped = strip_option(cell);
        let whole = normalise(stripped);
        if let Some(v) = m.spellings.get(&whole).or_else(|| m.codes.get(&whole)) {
            return Ok(Some(v.clone()));
        }
        // A code with its description: `C2 - Full care order`, `E1: Placement order`.
        let token = stripped
            .split(|c: char| c.is_whitespace() || c == ':' || c == '-' || c == '–')
            .find(|t| !t.is_empty())
            .unwrap_or("");
        let token = normalise(token);
        if let Some(v) = m.codes.get(&token).or_else(|| m.spellings.get(&token)) {
            return Ok(Some(v.clone()));
        }
        Err(())
    }

    /// The codes of a coded value map (sorted), for writers.
    pub fn codes(&self, map: &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .values
            .get(map)
            .map(|m| {
                m.codes
                    .values()
                    .cloned()
                    .chain(m.spellings.values().cloned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v.dedup();
        v
    }

    /// The spellings a value map accepts, for messages.
    pub fn expected(&self, map: &str) -> String {
        let Some(m) = self.values.get(map) else {
            return String::new();
        };
        let mut stored: Vec<&str> = m
            .spellings
            .values()
            .map(String::as_str)
            .chain(m.codes.values().map(String::as_str))
            .collect();
        stored.sort_unstable();
        stored.dedup();
        stored.join(", ")
    }
}
