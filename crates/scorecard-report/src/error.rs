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
    /// Writing an output failed.
    #[error("cannot write the output: {0}")]
    Output(String),
}

/// Shorthand for `Result<T, scorecard_report::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<rust_xlsxwriter::XlsxError> for Error {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        Error::Output(e.to_string())
    }
}
