//! The one error type of this crate.

/// Everything that can go wrong in `scorecard-compute`.
///
/// Input errors name the file, the line (1-based, header = 1) and the
/// column, and say what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input is wrong where [`Location`](scorecard_core::Location)
    /// says: a heading, a row or a cell of a CSV file, a sheet, a Parquet
    /// column, or a file that is not what it claims to be.
    #[error("{at}: {message}")]
    Input {
        /// Where: the file, and where known the sheet, line or row, and
        /// column.
        at: scorecard_core::Location,
        /// What is wrong and what was expected.
        message: String,
    },

    /// A file or folder could not be read or written (the path, the
    /// operation and the operating system's error).
    #[error(transparent)]
    Io(#[from] scorecard_core::FileError),

    /// A database could not be read (the SSD from PostgreSQL).
    #[error("cannot read the database {url}: {message}")]
    Database {
        /// The connection URL, its password hidden.
        url: String,
        /// What went wrong, as the server or client said it.
        message: String,
    },

    /// An error from the core crate (periods, calendar, catalogue).
    #[error(transparent)]
    Core(#[from] scorecard_core::Error),

    /// A name that is not one of the known ones (an indicator ref the
    /// engine does not compute, a table the event model does not have).
    #[error("{what} {name:?} is not known{}", if suggestions.is_empty() { String::new() } else { format!("; did you mean {}?", suggestions.join(" or ")) })]
    Unknown {
        /// What kind of name (`ref`, `table`).
        what: &'static str,
        /// The name given.
        name: String,
        /// Known names close to it.
        suggestions: Vec<String>,
    },
}

/// The known names within two edits of `name` (case ignored), closest first.
pub(crate) fn close_matches(name: &str, known: &[&str]) -> Vec<String> {
    let lower = name.to_ascii_lowercase();
    let distance = |a: &str, b: &str| {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(ca != cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    };
    let mut scored: Vec<(usize, &str)> = known
        .iter()
        .map(|k| (distance(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(d, _)| *d <= 2)
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, k)| k.to_string())
        .collect()
}

/// Shorthand for `Result<T, scorecard_compute::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A record the CSV parser could not read, at the line it names.
    pub(crate) fn csv_record(file: &str, e: &csv::Error) -> Self {
        let line = e.position().map_or(0, |p| p.line() as usize);
        Error::csv(file, line, None, e.to_string())
    }

    pub(crate) fn csv(
        file: &str,
        line: usize,
        column: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Error::Input {
            at: scorecard_core::Location::file(file)
                .at_line(line)
                .in_column_opt(column),
            message: message.into(),
        }
    }

    /// `path` could not be read.
    pub(crate) fn read(path: &std::path::Path, e: std::io::Error) -> Self {
        Error::Io(scorecard_core::FileError::read(path, e))
    }

    /// `path` could not be written (or, for a folder, created).
    pub(crate) fn write(path: &std::path::Path, e: std::io::Error) -> Self {
        Error::Io(scorecard_core::FileError::write(path, e))
    }

    /// `file` as a whole is not what it claims to be.
    #[cfg_attr(not(feature = "io"), allow(dead_code))]
    pub(crate) fn not_input(file: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input {
            at: scorecard_core::Location::file(file),
            message: message.into(),
        }
    }
}
