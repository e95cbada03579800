//! # Where in an input, and what happened to a file
//!
//! Every reader names the place a problem is with one [`Location`]: the
//! file, and as far as they apply the sheet, the line or row, and the
//! column. Failures of the operating system keep the [`std::io::Error`]
//! (as an [`IoError`]) and say whether the file was being read or written
//! ([`Operation`]).
//!
//! ```
//! use scorecard_core::Location;
//! let at = Location::file("annex_a.xlsx").in_sheet("List 6").at_row(12).in_column("Assessment authorised date");
//! assert_eq!(
//!     at.to_string(),
//!     "annex_a.xlsx, sheet \"List 6\", row 12, column \"Assessment authorised date\""
//! );
//! assert_eq!(Location::file("referrals.csv").at_line(3).to_string(), "referrals.csv, line 3");
//! ```

use std::sync::Arc;

/// A place in an input: the file (as the caller named it, or a description
/// such as "built-in catalogue"), and where known the sheet, the line or
/// row, and the column. Build one with [`Location::file`] and the `at_` /
/// `in_` methods.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Location {
    /// The file.
    pub file: String,
    /// The sheet of a workbook.
    pub sheet: Option<String>,
    /// The 1-based line of a text file (a CSV's header is line 1).
    pub line: Option<usize>,
    /// The 1-based row: of a sheet as the spreadsheet numbers it, or the
    /// data row of a columnar table.
    pub row: Option<usize>,
    /// The column (its heading).
    pub column: Option<String>,
}

impl Location {
    /// The whole of `file`.
    pub fn file(file: impl Into<String>) -> Location {
        Location {
            file: file.into(),
            ..Location::default()
        }
    }

    /// This place, in sheet `sheet`.
    pub fn in_sheet(mut self, sheet: impl Into<String>) -> Location {
        self.sheet = Some(sheet.into());
        self
    }

    /// This place, at line `line` (1-based).
    pub fn at_line(mut self, line: usize) -> Location {
        self.line = Some(line);
        self
    }

    /// This place, at row `row` (1-based).
    pub fn at_row(mut self, row: usize) -> Location {
        self.row = Some(row);
        self
    }

    /// This place, in column `column`.
    pub fn in_column(mut self, column: impl Into<String>) -> Location {
        self.column = Some(column.into());
        self
    }

    /// This place, in column `column` when there is one.
    pub fn in_column_opt(mut self, column: Option<impl Into<String>>) -> Location {
        self.column = column.map(Into::into);
        self
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, ", sheet {s:?}")?;
        }
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c:?}")?;
        }
        Ok(())
    }
}

/// What was being done to a file when the operating system refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Reading a file or listing a folder.
    Read,
    /// Writing a file or creating a folder.
    Write,
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Operation::Read => "read",
            Operation::Write => "write",
        })
    }
}

/// A file or folder that could not be read or written: the path, the
/// operation and the operating system's error (kept as the source). The
/// io variant of every crate's error holds one.
///
/// ```
/// use scorecard_core::{FileError, Operation};
/// let e = FileError::read("in/List 6.csv".as_ref(), std::io::ErrorKind::NotFound.into());
/// assert_eq!(e.operation, Operation::Read);
/// assert!(e.to_string().starts_with("cannot read in/List 6.csv: "));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot {operation} {path}: {source}")]
#[non_exhaustive]
pub struct FileError {
    /// Reading or writing.
    pub operation: Operation,
    /// The path.
    pub path: String,
    /// The operating system's error.
    #[source]
    pub source: IoError,
}

impl FileError {
    /// `path` could not be read (or, for a folder, listed).
    pub fn read(path: &std::path::Path, e: std::io::Error) -> FileError {
        FileError::new(Operation::Read, path, e)
    }

    /// `path` could not be written (or, for a folder, created).
    pub fn write(path: &std::path::Path, e: std::io::Error) -> FileError {
        FileError::new(Operation::Write, path, e)
    }

    fn new(operation: Operation, path: &std::path::Path, e: std::io::Error) -> FileError {
        FileError {
            operation,
            path: path.display().to_string(),
            source: e.into(),
        }
    }
}

/// A [`std::io::Error`], shared so that the error types holding it stay
/// `Clone` and comparable (two are equal when their kind and message are).
///
/// ```
/// use scorecard_core::IoError;
/// let e = IoError::from(std::io::Error::from(std::io::ErrorKind::NotFound));
/// assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
/// ```
#[derive(Debug, Clone)]
pub struct IoError(Arc<std::io::Error>);

impl IoError {
    /// The kind of failure (not found, permission denied, ...).
    pub fn kind(&self) -> std::io::ErrorKind {
        self.0.kind()
    }

    /// The operating system's error itself.
    pub fn get_ref(&self) -> &std::io::Error {
        &self.0
    }
}

impl From<std::io::Error> for IoError {
    fn from(e: std::io::Error) -> Self {
        IoError(Arc::new(e))
    }
}

impl PartialEq for IoError {
    fn eq(&self, other: &Self) -> bool {
        self.kind() == other.kind() && self.0.to_string() == other.0.to_string()
    }
}

impl Eq for IoError {}

impl std::fmt::Display for IoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for IoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}
