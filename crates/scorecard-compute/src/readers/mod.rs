//! Readers: files in, [`crate::Events`] out. Errors name the file, line and
//! column and say what was expected.
//!
//! * [`canonical`]: the canonical form, one CSV per table.

pub mod canonical;
