//! `scorecard inspect`: what each input file and sheet is, before anything
//! is computed: which list, the row its headings are on, how many rows,
//! their date range, the headings matched to columns and those not used;
//! then which indicators these inputs can feed and which they cannot (and
//! what each of those needs).
//!
//! ```
//! use scorecard_compute::{Coverage, FileAccount};
//! let mut coverage = Coverage::new();
//! coverage.supply("referrals", "Annex A List 3 (Referrals): List_3.csv");
//! let mut account = FileAccount::new("List_3.csv", "Annex A List 3 (Referrals)");
//! (account.heading_row, account.read, account.used) = (Some(2), 4, 4);
//! let text = scorecard_report::inspect::to_text(&[account], &coverage);
//! assert!(text.contains("List_3.csv\n  Annex A List 3 (Referrals), headings on row 2"));
//! assert!(text.contains("CIN1  computed from Annex A List 3"));
//! assert!(text.contains("CF1  no data: needs Annex A List 8 or SSDA903 episodes"));
//! ```

use std::fmt::Write;

use scorecard_compute::{COMPUTED, Coverage, FileAccount};

/// The inspection as plain text.
pub fn to_text(accounts: &[FileAccount], coverage: &Coverage) -> String {
    let mut t = String::new();
    for a in accounts {
        let _ = writeln!(t, "{}", a.file);
        let mut what = format!("  {}", a.kind);
        if let Some(h) = a.heading_row {
            let _ = write!(what, ", headings on row {h}");
        }
        let _ = writeln!(t, "{what}");
        if a.kind.starts_with("Annex A List") || a.read > 0 {
            let excluded: u64 = a.excluded.values().sum();
            let _ = writeln!(
                t,
                "  rows: {} read, {} used, {} left out",
                a.read, a.used, excluded
            );
            for (reason, n) in &a.excluded {
                let _ = writeln!(t, "    {n} {reason}");
            }
        }
        if let Some((first, last)) = a.dates {
            let _ = writeln!(t, "  dates: {first} to {last}");
        }
        if !a.matched.is_empty() {
            let cols: Vec<String> = a
                .matched
                .iter()
                .map(|(h, k)| format!("{h} -> {k}"))
                .collect();
            let _ = writeln!(t, "  columns matched: {}", cols.join("; "));
        }
        if !a.unmatched.is_empty() {
            let label = if a.kind.starts_with("Annex A List") {
                "headings not used"
            } else {
                "headings seen"
            };
            let _ = writeln!(t, "  {label}: {}", a.unmatched.join("; "));
        }
        for c in &a.cells {
            let examples: Vec<String> = c
                .examples
                .iter()
                .map(|(row, v)| format!("row {row} {v:?}"))
                .collect();
            let _ = writeln!(
                t,
                "  {} cells {} in {:?}: {}",
                c.total,
                c.rule,
                c.column,
                examples.join(", ")
            );
        }
    }
    let (mut fed, mut not) = (Vec::new(), Vec::new());
    for r in COMPUTED {
        match coverage.no_data(r) {
            Some(reason) => not.push(format!("  {r}  {reason}")),
            None => fed.push(format!(
                "  {r}  {}",
                coverage.computed_from(r).unwrap_or_default()
            )),
        }
    }
    let _ = writeln!(
        t,
        "\nIndicators these inputs can feed ({} of {}):",
        fed.len(),
        COMPUTED.len()
    );
    for l in fed {
        let _ = writeln!(t, "{l}");
    }
    let _ = writeln!(
        t,
        "\nIndicators with no data from these inputs ({}):",
        not.len()
    );
    for l in not {
        let _ = writeln!(t, "{l}");
    }
    t
}
