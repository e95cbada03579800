//! Text files as councils save them: UTF-8 (with or without a byte-order
//! mark), UTF-16 with a byte-order mark (Excel's "Unicode text"), or
//! Windows-1252 (Excel's "CSV" on Windows, where `£` and curly quotes are
//! single bytes). The encoding is told from the byte-order mark, else UTF-8
//! when the bytes are valid UTF-8, else Windows-1252.
//!
//! ```
//! # #[cfg(feature = "io")] {
//! use scorecard_compute::readers::text::decode;
//! assert_eq!(decode(b"\xEF\xBB\xBFa,b"), "a,b");
//! assert_eq!(decode(b"caf\xE9 \x93quoted\x94"), "caf\u{e9} \u{201c}quoted\u{201d}");
//! assert_eq!(decode(b"\xFF\xFEa\0,\0b\0"), "a,b");
//! # }
//! ```

use std::path::Path;

use crate::error::{Error, Result};

/// Decodes a file's bytes (see the module documentation). Without the
/// crate's `io` feature only UTF-8 is decoded (with or without its
/// byte-order mark); any other bytes are replaced by U+FFFD.
#[cfg(not(feature = "io"))]
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

/// Decodes a file's bytes (see the module documentation).
#[cfg(feature = "io")]
pub fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Reads and decodes a text file.
pub fn read(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::read(path, e))?;
    // Valid UTF-8 without a byte-order mark (the common case) is kept as
    // read, not copied; anything else (a UTF-16 mark is never valid UTF-8)
    // goes through `decode`.
    match String::from_utf8(bytes) {
        Ok(text) if !text.starts_with('\u{feff}') => Ok(text),
        Ok(text) => Ok(decode(text.as_bytes())),
        Err(e) => Ok(decode(e.as_bytes())),
    }
}
