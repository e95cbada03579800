//! Any text as a date, month or financial year: a value or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let _ = scorecard_compute::readers::annex_a::parse_date(s);
    let _ = s.parse::<scorecard_core::Month>();
    let _ = s.parse::<scorecard_core::FinancialYear>();
    let _ = s.parse::<scorecard_core::Vintage>();
});
