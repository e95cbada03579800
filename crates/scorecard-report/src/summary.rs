//! What a director reads first: per section, how many indicators are Blue,
//! Green, Amber, Red, not rated or without data; then what needs attention
//! and what is improving.
//!
//! **Needs attention**, one entry per indicator with every reason:
//! * rated Red;
//! * special-cause variation on the concerning side at the latest point
//!   (SPC, see [`scorecard_core::spc`]);
//! * a sustained miss: the target missed in each of the last three months
//!   shown, or the SPC assurance icon says it will consistently be missed;
//! * among the biggest movers: a change of 10% or more against the previous
//!   month, the worse way (the five largest).
//!
//! **Improving**: special-cause variation on the improving side, and the
//! five largest moves of 10% or more the better way.
//!
//! ```
//! use scorecard_report::summary::Summary;
//! # fn card() -> scorecard_core::Scorecard { unimplemented!() }
//! # if false {
//! let s = Summary::of(&card());
//! for item in &s.attention {
//!     println!("{}: {}", item.reference, item.reasons.join("; "));
//! }
//! # }
//! ```

use rust_decimal::Decimal;
use scorecard_core::spc::{Assurance, Variation};
use scorecard_core::{Judgement, Rating, Row, Scorecard, Section, round_half_away};

/// Counts of one section's ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Blue.
    pub blue: usize,
    /// Green.
    pub green: usize,
    /// Amber.
    pub amber: usize,
    /// Red.
    pub red: usize,
    /// Not rated (with data).
    pub unrated: usize,
    /// No data.
    pub no_data: usize,
}

/// One indicator in a list, with why it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its ref.
    pub reference: String,
    /// Its title.
    pub title: String,
    /// Why it is listed.
    pub reasons: Vec<String>,
}

/// The summary of a scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// Per section, in the scorecard's order.
    pub sections: Vec<(Section, String, Counts)>,
    /// What needs attention.
    pub attention: Vec<Item>,
    /// What is improving.
    pub improving: Vec<Item>,
}

/// How many of the largest movers each way are listed.
const MOVERS: usize = 5;

impl Summary {
    /// The summary of `card` (see the [module documentation](self)).
    pub fn of(card: &Scorecard) -> Summary {
        let mut out = Summary::default();
        for s in &card.sections {
            let mut c = Counts::default();
            for row in &s.rows {
                if row.no_data.is_some() {
                    c.no_data += 1;
                    continue;
                }
                match row.rating.rating {
                    Rating::Blue => c.blue += 1,
                    Rating::Green => c.green += 1,
                    Rating::Amber => c.amber += 1,
                    Rating::Red => c.red += 1,
                    Rating::NotRated => c.unrated += 1,
                }
            }
            out.sections.push((s.section, s.name.clone(), c));
        }
        let mut attention: Vec<Item> = Vec::new();
        let mut improving: Vec<Item> = Vec::new();
        let add = |list: &mut Vec<Item>, row: &Row, why: String| match list
            .iter_mut()
            .find(|i| i.reference == row.reference)
        {
            Some(i) => i.reasons.push(why),
            None => list.push(Item {
                reference: row.reference.clone(),
                title: row.title.clone(),
                reasons: vec![why],
            }),
        };
        let mut movers: Vec<(Decimal, &Row, bool)> = Vec::new();
        for row in card.rows().filter(|r| r.no_data.is_none()) {
            if row.rating.rating == Rating::Red {
                add(&mut attention, row, format!("Red: {}", row.rating.reason));
            }
            if let Some(spc) = &row.spc {
                match spc.chart.variation {
                    Some(v @ Variation::Concerning(_)) => {
                        add(&mut attention, row, format!("SPC: {}", describe(v, row)))
                    }
                    Some(v @ Variation::Improving(_)) => {
                        add(&mut improving, row, format!("SPC: {}", describe(v, row)))
                    }
                    _ => {}
                }
                if spc.chart.assurance == Some(Assurance::ConsistentlyMissed) {
                    add(
                        &mut attention,
                        row,
                        "SPC: the process limits say the target will consistently be missed".into(),
                    );
                }
            }
            if missed_three(row) {
                add(
                    &mut attention,
                    row,
                    "target missed in each of the last three months".into(),
                );
            }
            if let Some((change, better)) = movement(row) {
                movers.push((change, row, better));
            }
        }
        movers.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.reference.cmp(&b.1.reference)));
        let ten = Decimal::new(10, 0);
        for better in [false, true] {
            for (change, row, _) in movers
                .iter()
                .filter(|m| m.2 == better && m.0 >= ten)
                .take(MOVERS)
            {
                let why = format!(
                    "among the biggest movers: {}% {} than last month",
                    round_half_away(*change, 0),
                    if better { "better" } else { "worse" }
                );
                if better {
                    add(&mut improving, row, why);
                } else {
                    add(&mut attention, row, why);
                }
            }
        }
        out.attention = attention;
        out.improving = improving;
        out
    }
}

fn describe(v: Variation, row: &Row) -> String {
    match row.spc.as_ref().and_then(|s| s.chart.latest()) {
        Some(s) => format!("{} ({})", v.describe(), s.rule.describe()),
        None => v.describe().to_string(),
    }
}

/// The target missed in each of the last three months shown.
fn missed_three(row: &Row) -> bool {
    if !row.target.is_set() || row.values.len() < 3 {
        return false;
    }
    row.values[row.values.len() - 3..].iter().all(|v| {
        v.and_then(|v| {
            row.target
                .check(round_half_away(v.as_decimal(), row.precision), row.polarity)
        })
        .is_some_and(|c| !c.met)
    })
}

/// The latest month's change against the month before, in percent of the
/// earlier value, and whether it was the better way; `None` without both
/// values, a zero baseline, or a judgement (contextual indicators).
fn movement(row: &Row) -> Option<(Decimal, bool)> {
    let d = row.direction?;
    let better = match d.judgement {
        Judgement::Improving => true,
        Judgement::Declining => false,
        _ => return None,
    };
    let n = row.values.len();
    if n < 2 || row.suppressed.get(n - 1).copied().unwrap_or(false) {
        return None;
    }
    let latest = row.values[n - 1]?.as_decimal();
    let before = row.values[n - 2]?.as_decimal();
    if before.is_zero() {
        return None;
    }
    let change = ((latest - before) / before.abs() * Decimal::ONE_HUNDRED).abs();
    Some((change, better))
}
