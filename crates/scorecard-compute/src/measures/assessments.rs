//! Child and family assessments (Annex A List 4; DfE children in need
//! census). An assessment counts in the month of its authorisation.
//!
//! * CIN5: % of assessments completed in the month with outcome not in need,
//!   of those with a recorded outcome (DfE CIN census factor "no further
//!   action"); an assessment without one is left out, and counted.
//! * CIN6: assessments completed in the month.
//! * CIN7: assessments completed in the 12 months to month end, per 10,000.
//! * CIN8: % of assessments completed in the month with
//!   `working_days(start, authorised) <= 45` (CIN8's timescale in the
//!   catalogue). Beside it, the assessments open at month end and still
//!   inside 45 working days (not yet due, so not late).
//! * EH11a: assessments completed in the month with outcome early help.

use crate::engine::Ctx;
use crate::events::AssessmentOutcome;
use crate::frame::LaFrame;

pub(crate) fn measure(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let completed: Vec<_> = ev
        .assessments
        .iter()
        .filter_map(|a| a.authorised.map(|d| (a, d)))
        .collect();
    let all = grid.count(completed.iter().map(|(_, d)| *d));
    ctx.counts("CIN6", &all);
    ctx.rates("CIN7", &grid.rolling_year(&all));
    let with_outcome = |o: AssessmentOutcome| {
        grid.count(
            completed
                .iter()
                .filter(|(a, _)| a.outcome == Some(o))
                .map(|(_, d)| *d),
        )
    };
    let known = grid.count(
        completed
            .iter()
            .filter(|(a, _)| a.outcome.is_some())
            .map(|(_, d)| *d),
    );
    for _ in completed.iter().filter(|(a, _)| a.outcome.is_none()) {
        ctx.exclude("CIN5", "assessment with no recorded outcome");
    }
    ctx.percents("CIN5", &with_outcome(AssessmentOutcome::NotInNeed), &known);
    ctx.counts("EH11a", &with_outcome(AssessmentOutcome::EarlyHelp));

    let limit = ctx.timescale("CIN8");
    let mut timely = vec![0; grid.len];
    let mut timed = vec![0; grid.len];
    for (a, authorised) in &completed {
        let Some(i) = grid.index(*authorised) else {
            continue;
        };
        if let Some(n) = ctx.working_days("CIN8", a.start, *authorised) {
            timed[i] += 1;
            if n <= limit {
                timely[i] += 1;
                ctx.member("CIN8", i, a.child, *authorised);
            }
        }
    }
    ctx.percents("CIN8", &timely, &timed);
    ctx.still_in_working_days(
        "CIN8",
        ev.assessments.iter().map(|a| (a.start, a.authorised)),
        limit,
    );
}
