//! The one error type of this crate.
//!
//! Every variant carries what a user needs to fix the problem: which text
//! (a file name when the caller supplied one, otherwise a description such
//! as "built-in catalogue"), which line or field, what was found and what
//! was expected.

use chrono::NaiveDate;

/// Everything that can go wrong in `scorecard-core`.
///
/// ```
/// use scorecard_core::{Month, Error};
/// let err = "Jan 2024x".parse::<Month>().unwrap_err();
/// assert!(matches!(err, Error::Parse { .. }));
/// assert!(err.to_string().contains("Jan-24"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A piece of text (a cell, a field, a command-line value) did not parse.
    #[error("cannot read {what} from {input:?}: expected {expected}")]
    Parse {
        /// What was being read, e.g. "month", "target", "percentage".
        what: &'static str,
        /// The text as given.
        input: String,
        /// What the text should look like.
        expected: String,
    },

    /// A date fell outside the range a working-day calendar was built for.
    #[error(
        "date {date} is outside the working-day calendar ({first} to {last}); \
         build the calendar with a wider year range"
    )]
    DateOutOfRange {
        /// The date asked about.
        date: NaiveDate,
        /// First date the calendar covers.
        first: NaiveDate,
        /// Last date the calendar covers.
        last: NaiveDate,
    },

    /// A TOML document (catalogue or configuration) is not valid TOML or
    /// does not have the expected shape.
    #[error("{source_name}: {message}")]
    Toml {
        /// Where the text came from (a path, or "built-in catalogue").
        source_name: String,
        /// The TOML parser's message, which names line and column.
        message: String,
    },

    /// A CSV text handed to the crate is malformed.
    #[error("{at}: {message}")]
    Csv {
        /// Where: the text's name, its line (1-based, the header is line
        /// 1) and the column when the problem is in one cell.
        at: crate::Location,
        /// What is wrong.
        message: String,
    },

    /// A catalogue or configuration parsed but breaks a rule (a duplicate
    /// ref, a band whose low end is above its high end, ...).
    #[error("{source_name}: indicator {reference}: {message}")]
    Invalid {
        /// Where the definition came from.
        source_name: String,
        /// The indicator ref concerned (or "-" when none).
        reference: String,
        /// What is wrong and what to do.
        message: String,
    },

    /// An indicator ref that the catalogue does not hold.
    #[error("unknown indicator ref {0:?}: it is not in the catalogue")]
    UnknownIndicator(String),
}

/// Shorthand for `Result<T, scorecard_core::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn parse(what: &'static str, input: &str, expected: impl Into<String>) -> Self {
        Error::Parse {
            what,
            input: input.to_string(),
            expected: expected.into(),
        }
    }

    pub(crate) fn invalid(source_name: &str, reference: &str, message: impl Into<String>) -> Self {
        Error::Invalid {
            source_name: source_name.to_string(),
            reference: reference.to_string(),
            message: message.into(),
        }
    }
}
