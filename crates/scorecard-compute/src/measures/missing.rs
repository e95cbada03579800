//! Missing episodes and return home interviews (Statutory guidance on
//! children who run away or go missing from home or care, 2014).
//!
//! * CIN21: missing episodes starting in the month.
//! * CIN22: of those, episodes whose return home interview was offered by
//!   the end of the month.
//! * CIN23: of those, episodes whose interview was completed within 72 hours
//!   (CIN23's `timescale_hours` in the catalogue) of the return; with dates
//!   only, within 3 calendar days of `end`.
//! * CIN24: distinct children with an episode starting in the month.

use crate::hashing::Set;

use chrono::Days;

use crate::engine::Ctx;
use crate::frame::LaFrame;

pub(crate) fn measure(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let eps = &ev.missing_episodes;
    ctx.counts("CIN21", &grid.count(eps.iter().map(|e| e.start)));
    let offered = grid.count(eps.iter().filter_map(|e| {
        let by = grid.end_of(e.start);
        e.rhi_offered.is_some_and(|o| o <= by).then_some(e.start)
    }));
    ctx.counts("CIN22", &offered);
    // With dates only, n hours is the n/24 calendar days after the return,
    // rounded up (72 hours: within 3 days).
    let days = (ctx.timescale_hours("CIN23") as u64).div_ceil(24);
    let in_72h = grid.count(eps.iter().filter_map(|e| {
        let (end, done) = (e.end?, e.rhi_completed?);
        let limit = end.checked_add_days(Days::new(days))?;
        (done >= end && done <= limit).then_some(e.start)
    }));
    ctx.counts("CIN23", &in_72h);
    let mut seen = Set::default();
    let children = grid.count(eps.iter().filter_map(|e| {
        seen.insert((e.child, grid.offset(e.start)))
            .then_some(e.start)
    }));
    ctx.counts("CIN24", &children);
}
