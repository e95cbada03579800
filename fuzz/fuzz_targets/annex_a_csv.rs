//! Any bytes as an Annex A list: the reader returns events or an error,
//! never panics. The first byte picks the list.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scorecard_compute::readers::{annex_a, text};

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let name = format!("List_{}.csv", 1 + which % 9);
    let mut annex = annex_a::AnnexA::new("E08000008");
    let _ = annex_a::read_csv_list(&mut annex, &name, &text::decode(rest));
    let _ = annex.into_parts();
});
