//! Progress on standard error: a spinner with the elapsed time and the
//! step the library reports; hidden with `--quiet`.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The spinner (hidden when `quiet`).
pub fn spinner(quiet: bool) -> ProgressBar {
    let pb = ProgressBar::new_spinner();
    if quiet {
        pb.set_draw_target(ProgressDrawTarget::hidden());
    } else {
        pb.set_style(
            ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        pb.enable_steady_tick(Duration::from_millis(120));
    }
    pb
}

/// Progress messages on the spinner.
pub fn progress(pb: &ProgressBar) -> impl Fn(&str) + '_ {
    move |m: &str| pb.set_message(m.to_string())
}
