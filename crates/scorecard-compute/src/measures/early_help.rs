//! Early help (Annex A List 2 for assessments; the canonical
//! `early_help_episodes` table for episodes).
//!
//! * EH2 / EH3: children with an early help episode open at month end / per
//!   10,000.
//! * EH7: early help assessments started and not completed at month end.
//! * EH9: children with an early help assessment completed in the month.
//! * EH9a: % of assessments completed in the month within 45 working days
//!   of their start.
//! * EH10, EH10b, EH10c, EH10d: episodes ending in the month stepped up to
//!   social care / down to level 2 / down to universal services / with all
//!   actions completed.

use crate::hashing::Set;

use crate::engine::Ctx;
use crate::events::EarlyHelpEndReason;
use crate::frame::LaFrame;

pub(crate) fn measure(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let (_, open) = grid.children_open(
        ev.early_help_episodes
            .iter()
            .map(|e| (e.child, e.start, e.end)),
    );
    ctx.counts("EH2", &open);
    ctx.rates("EH3", &open);

    let a = &ev.early_help_assessments;
    ctx.counts(
        "EH7",
        &grid.open_at_month_end(a.iter().map(|x| (x.start, x.completed))),
    );
    let mut seen = Set::default();
    let children = grid.count(a.iter().filter_map(|x| {
        let done = x.completed?;
        seen.insert((x.child, grid.offset(done))).then_some(done)
    }));
    ctx.counts("EH9", &children);
    let limit = ctx.timescale("EH9a");
    let mut timely = vec![0; grid.len];
    let mut timed = vec![0; grid.len];
    for x in a {
        let Some(done) = x.completed else { continue };
        let Some(i) = grid.index(done) else { continue };
        if let Some(n) = ctx.working_days("EH9a", x.start, done) {
            timed[i] += 1;
            if n <= limit {
                timely[i] += 1;
            }
        }
    }
    ctx.percents("EH9a", &timely, &timed);
    ctx.still_in_working_days("EH9a", a.iter().map(|x| (x.start, x.completed)), limit);

    let ended = |reason: EarlyHelpEndReason| {
        grid.count(
            ev.early_help_episodes
                .iter()
                .filter(|e| e.end_reason == Some(reason))
                .filter_map(|e| e.end),
        )
    };
    ctx.counts("EH10", &ended(EarlyHelpEndReason::StepUpToSocialCare));
    ctx.counts("EH10b", &ended(EarlyHelpEndReason::StepDownToLevel2));
    ctx.counts("EH10c", &ended(EarlyHelpEndReason::StepDownToUniversal));
    ctx.counts("EH10d", &ended(EarlyHelpEndReason::AllActionsCompleted));
}
