//! A small RFC 4180 reader for the few CSV texts the core crate parses
//! itself (the built-in bank-holiday list and a published scorecard's
//! transcription). Bulk case-level CSV goes through the compute crate's
//! readers, not this.

use crate::error::{Error, Result};

/// One record with the 1-based line it started on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A parsed CSV text: its header and its records. Blank lines are skipped.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub source_name: String,
    pub header: Vec<String>,
    pub records: Vec<Record>,
}

impl Table {
    /// Parses `text`; `source_name` is used in errors.
    pub fn parse(text: &str, source_name: &str) -> Result<Table> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut records = Vec::new();
        let mut fields: Vec<String> = Vec::new();
        let mut field = String::new();
        let mut in_quotes = false;
        let mut line = 1usize;
        let mut record_line = 1usize;
        let mut chars = text.chars().peekable();
        let mut any = false;
        while let Some(c) = chars.next() {
            if in_quotes {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => in_quotes = false,
                    '\n' => {
                        line += 1;
                        field.push('\n');
                    }
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                '"' if field.is_empty() => {
                    in_quotes = true;
                    any = true;
                }
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    any = true;
                }
                '\r' => {}
                '\n' => {
                    if any || !field.is_empty() {
                        fields.push(std::mem::take(&mut field));
                        records.push(Record {
                            line: record_line,
                            fields: std::mem::take(&mut fields),
                        });
                    }
                    any = false;
                    line += 1;
                    record_line = line;
                }
                _ => {
                    field.push(c);
                    any = true;
                }
            }
        }
        if in_quotes {
            return Err(Error::Csv {
                at: crate::Location::file(source_name).at_line(record_line),
                message: "a quoted field is not closed before the end of the text".into(),
            });
        }
        if any || !field.is_empty() {
            fields.push(field);
            records.push(Record {
                line: record_line,
                fields,
            });
        }
        let mut iter = records.into_iter();
        let header = match iter.next() {
            Some(r) => r.fields.into_iter().map(|h| h.trim().to_string()).collect(),
            None => {
                return Err(Error::Csv {
                    at: crate::Location::file(source_name).at_line(1),
                    message: "the text is empty: expected a header line".into(),
                });
            }
        };
        let table = Table {
            source_name: source_name.to_string(),
            header,
            records: iter.collect(),
        };
        for r in &table.records {
            if r.fields.len() != table.header.len() {
                return Err(Error::Csv {
                    at: crate::Location::file(source_name).at_line(r.line),
                    message: format!(
                        "expected {} fields as in the header, found {}",
                        table.header.len(),
                        r.fields.len()
                    ),
                });
            }
        }
        Ok(table)
    }

    /// Index of the column named `name`, or an error naming it.
    pub fn column(&self, name: &str) -> Result<usize> {
        self.header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::Csv {
                at: crate::Location::file(&self.source_name)
                    .at_line(1)
                    .in_column(name),
                message: format!("missing column; the header has {:?}", self.header),
            })
    }

    /// An error about one cell.
    pub fn cell_error(&self, record: &Record, col: usize, message: impl Into<String>) -> Error {
        Error::Csv {
            at: crate::Location::file(&self.source_name)
                .at_line(record.line)
                .in_column_opt(self.header.get(col).cloned()),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_commas_and_newlines() {
        let t = Table::parse(
            "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\n1,\"two\nlines\"\n",
            "t",
        )
        .unwrap();
        assert_eq!(t.header, vec!["a", "b"]);
        assert_eq!(t.records.len(), 2);
        assert_eq!(t.records[0].fields, vec!["x, y", "say \"hi\""]);
        assert_eq!(t.records[0].line, 2);
        assert_eq!(t.records[1].fields, vec!["1", "two\nlines"]);
        assert_eq!(t.records[1].line, 4);
    }

    #[test]
    fn ragged_row_names_line() {
        let err = Table::parse("a,b\n1,2\n3\n", "f.csv").unwrap_err();
        assert!(err.to_string().contains("f.csv, line 3"), "{err}");
    }

    #[test]
    fn unclosed_quote_and_empty_text_are_errors() {
        assert!(Table::parse("a\n\"x\n", "f").is_err());
        assert!(Table::parse("", "f").is_err());
    }
}
