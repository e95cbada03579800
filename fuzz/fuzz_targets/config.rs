//! Any text as scorecard.toml or a catalogue: a configuration or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scorecard_core::{Catalogue, ScorecardConfig};

fuzz_target!(|s: &str| {
    if let Ok(cfg) = ScorecardConfig::from_toml(s, "fuzz.toml") {
        let _ = cfg.validate(&Catalogue::builtin());
    }
    let _ = Catalogue::from_toml(s, "fuzz.toml");
});
