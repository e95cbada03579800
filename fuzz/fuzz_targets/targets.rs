//! Any text as a target band or a printed cell: a value or an error, never a panic;
//! a parsed band checks any value without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scorecard_core::{Polarity, PrintedNumber, Target};

fuzz_target!(|s: &str| {
    if let Ok(t) = s.parse::<Target>() {
        for p in [Polarity::HigherIsBetter, Polarity::LowerIsBetter, Polarity::WithinBand, Polarity::Contextual] {
            if let Some(c) = t.check(rust_decimal_value(s).as_decimal(), p) {
                let _ = c.relative_shortfall();
            }
        }
    }
    let _ = PrintedNumber::parse(s);
});

fn rust_decimal_value(s: &str) -> scorecard_core::Value {
    scorecard_core::Value::Count(s.len() as i64)
}
