//! Referrals (Annex A List 3; DfE children in need census, table C1).
//!
//! * CIN1: referrals with `date` in the month.
//! * CIN2: referrals in the 12 months to month end, per 10,000 children.
//! * CIN3: referrals in the month whose decision was made within one
//!   working day (`working_days(date, decision_date) <= 1`), out of those
//!   with a decision date (referrals without one are counted as excluded).
//!   Beside it, referrals awaiting a decision at month end and still inside
//!   the working day.
//! * CIN4: referrals in the month where the same child had an earlier
//!   referral with `this date - 12 months <= earlier < this date`.

use super::{dates_by_child, months_before};
use crate::engine::Ctx;
use crate::frame::LaFrame;

pub(crate) fn measure(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let all = ctx.count_members("CIN1", ev.referrals.iter().map(|r| (r.child, r.date)));
    ctx.counts("CIN1", &all);
    ctx.rates("CIN2", &grid.rolling_year(&all));

    let limit = ctx.timescale("CIN3");
    let mut within = vec![0; grid.len];
    let mut decided = vec![0; grid.len];
    for r in &ev.referrals {
        let Some(i) = grid.index(r.date) else {
            continue;
        };
        let Some(decision) = r.decision_date else {
            ctx.exclude("CIN3", "no decision date recorded");
            continue;
        };
        if let Some(n) = ctx.working_days("CIN3", r.date, decision) {
            decided[i] += 1;
            if n <= limit {
                within[i] += 1;
            }
        }
    }
    ctx.percents("CIN3", &within, &decided);
    ctx.still_in_working_days(
        "CIN3",
        ev.referrals.iter().map(|r| (r.date, r.decision_date)),
        limit,
    );

    let by_child = dates_by_child(ev.referrals.iter().map(|r| (r.child, r.date)));
    let mut repeat = vec![0; grid.len];
    for (child, dates) in by_child.iter() {
        for (k, d) in dates.iter().enumerate() {
            let Some(i) = grid.index(*d) else { continue };
            // The latest earlier referral strictly before this date.
            let earlier = dates[..k].iter().rev().find(|e| *e < d);
            if earlier.is_some_and(|e| *e >= months_before(*d, 12)) {
                repeat[i] += 1;
                ctx.member("CIN4", i, child, *d);
            }
        }
    }
    ctx.percents("CIN4", &repeat, &all);
}
