//! Failures and the exit status each gives (2: the input or configuration
//! is wrong; 1: anything else; 0: standard output's reader has gone), and
//! the small file helpers that name their path when they fail.

use std::path::Path;

use scorecard_core::Month;

/// An error with the exit status it should give.
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    /// Exit status 2: the input or configuration is wrong.
    pub fn data(message: impl std::fmt::Display) -> Self {
        Failure {
            code: 2,
            message: message.to_string(),
        }
    }

    /// Standard output could not be written: when its reader has gone
    /// (a closed pipe) the run stops quietly with status 0, else status 1.
    pub fn stdout(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure {
                code: 0,
                message: String::new(),
            }
        } else {
            Failure::other(format!("cannot write to standard output: {e}"))
        }
    }

    /// Exit status 1: anything else (a file that cannot be read or written,
    /// an output that cannot be made).
    pub fn other(message: impl std::fmt::Display) -> Self {
        Failure {
            code: 1,
            message: message.to_string(),
        }
    }
}

impl From<scorecard_compute::Error> for Failure {
    fn from(e: scorecard_compute::Error) -> Self {
        match e {
            scorecard_compute::Error::Io(_) => Failure::other(e),
            _ => Failure::data(e),
        }
    }
}

impl From<scorecard_core::Error> for Failure {
    fn from(e: scorecard_core::Error) -> Self {
        Failure::data(e)
    }
}

impl From<scorecard_report::Error> for Failure {
    fn from(e: scorecard_report::Error) -> Self {
        match e {
            scorecard_report::Error::Compute(e) => e.into(),
            scorecard_report::Error::Output(_)
            | scorecard_report::Error::Input { .. }
            | scorecard_report::Error::Io(_) => Failure::other(e),
            _ => Failure::data(e),
        }
    }
}

/// Writes `contents` to `path`; a failure names the path (exit status 1).
pub fn write_file(path: &Path, contents: impl AsRef<[u8]>) -> Res<()> {
    std::fs::write(path, contents)
        .map_err(|e| Failure::other(format!("cannot write {}: {e}", path.display())))
}

/// Creates the folder `path`; a failure names it (exit status 1).
pub fn create_dir(path: &Path) -> Res<()> {
    std::fs::create_dir_all(path)
        .map_err(|e| Failure::other(format!("cannot create the folder {}: {e}", path.display())))
}

pub type Res<T> = std::result::Result<T, Failure>;

pub fn parse_month(s: &str) -> Res<Month> {
    Ok(s.parse::<Month>()?)
}
