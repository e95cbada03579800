//! The committee pack's PDF: the HTML page (see [`crate::html`]) printed by
//! headless Chromium from its print stylesheet: A3 landscape, the LA and
//! month at the head of every page, "Page N of M" at the foot, each section
//! kept on one page where it fits, the summary on a page of its own.
//!
//! Chromium is found as `SCORECARD_CHROMIUM`, else `chromium`,
//! `chromium-browser`, `google-chrome` or `google-chrome-stable` on the
//! `PATH` (Debian: `apt-get install chromium`).
//!
//! ```no_run
//! use std::path::Path;
//! scorecard_report::pdf::print(Path::new("out/scorecard.html"), Path::new("out/scorecard.pdf"))?;
//! # Ok::<(), scorecard_report::Error>(())
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// The Chromium binary to print with, if there is one.
pub fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SCORECARD_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

/// Prints the page at `html` to `pdf`.
pub fn print(html: &Path, pdf: &Path) -> Result<()> {
    let browser = chromium().ok_or_else(|| Error::Input {
        path: pdf.display().to_string(),
        message: "writing a PDF needs Chromium: install it (Debian: apt-get install chromium), or set SCORECARD_CHROMIUM to a Chromium or Chrome binary".into(),
    })?;
    let html = std::path::absolute(html).map_err(|e| Error::Input {
        path: html.display().to_string(),
        message: e.to_string(),
    })?;
    let profile = std::env::temp_dir().join(format!("scorecard-pdf-{}", std::process::id()));
    let out = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output();
    std::fs::remove_dir_all(&profile).ok();
    let out = out.map_err(|e| Error::Input {
        path: browser.display().to_string(),
        message: format!("cannot run Chromium to write the PDF: {e}"),
    })?;
    if !out.status.success() || !pdf.is_file() {
        let log = String::from_utf8_lossy(&out.stderr);
        return Err(Error::Output(format!(
            "{}: Chromium did not print the page ({}): {}",
            pdf.display(),
            out.status,
            log.lines().last().unwrap_or("")
        )));
    }
    Ok(())
}
