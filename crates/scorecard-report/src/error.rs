//! The one error type of this crate.

/// Everything that can go wrong in `scorecard-report`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// From the core crate (catalogue, configuration, periods).
    #[error(transparent)]
    Core(#[from] scorecard_core::Error),
    /// From the compute crate (readers).
    #[error(transparent)]
    Compute(#[from] scorecard_compute::Error),
    /// A published DfE file is not as expected.
    #[error("{file}, line {line}: {message}")]
    Data {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The inputs or options asked for cannot be used as given (no input,
    /// several LAs for one LA's files, an LA not in the data).
    #[error("{0}")]
    Invalid(String),
    /// An input of this crate (an earlier run's output) cannot be found or read.
    #[error("{path}: {message}")]
    Input {
        /// The file or folder.
        path: String,
        /// What went wrong, and what to give instead.
        message: String,
    },
    /// A file or folder could not be read or written (the path, the
    /// operation and the operating system's error).
    #[error(transparent)]
    Io(#[from] scorecard_core::FileError),
    /// An output could not be made (a workbook or a serialisation failed).
    #[error("cannot write the output: {0}")]
    Output(String),
}

impl Error {
    /// `path` could not be read.
    pub(crate) fn read(path: &std::path::Path, e: std::io::Error) -> Self {
        Error::Io(scorecard_core::FileError::read(path, e))
    }

    /// `path` could not be written (or, for a folder, created).
    pub(crate) fn write(path: &std::path::Path, e: std::io::Error) -> Self {
        Error::Io(scorecard_core::FileError::write(path, e))
    }
}

/// Shorthand for `Result<T, scorecard_report::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<rust_xlsxwriter::XlsxError> for Error {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        Error::Output(e.to_string())
    }
}
