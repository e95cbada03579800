//! Children in need (Annex A List 6; DfE children in need census).
//!
//! * CIN16 / CIN16a: children with a CIN plan open at month end (a child's
//!   overlapping plans count once) / per 10,000.
//! * CIN17: % of CIN plan reviews due in the year to date held by their
//!   due date.
//! * WF1 / WF2: children with a child in need episode open at month end
//!   (all open cases) / per 10,000.
//! * EH11: CIN episodes closed in the month with a step down to early help
//!   (`closure_reason` RC8, or a local reason that mentions early help).

use super::child_protection::reviews_in_time;
use crate::engine::Ctx;
use crate::frame::LaFrame;

pub(crate) fn measure(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let (_, open_plans) =
        grid.children_open(ev.cin_plans.iter().map(|p| (p.child, p.start, p.end)));
    ctx.counts("CIN16", &open_plans);
    ctx.rates("CIN16a", &open_plans);

    let (held, due) = reviews_in_time(grid, &ev.cin_reviews);
    ctx.percents("CIN17", &grid.year_to_date(&held), &grid.year_to_date(&due));

    let (_, open) = grid.children_open(ev.cin_episodes.iter().map(|p| (p.child, p.start, p.end)));
    ctx.counts("WF1", &open);
    ctx.rates("WF2", &open);

    let stepped_down = grid.count(ev.cin_episodes.iter().filter_map(|e| {
        let reason = ev.code(e.closure_reason)?.trim().to_ascii_lowercase();
        (reason == "rc8" || reason.contains("early help")).then_some(e.end?)
    }));
    ctx.counts("EH11", &stepped_down);
}
