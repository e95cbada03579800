//! The generator: deterministic, and calibrated to England's rates.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod calibration;
mod demo;
mod golden;
mod groups;
mod round_trip;
mod selection;
