//! Strategy discussions, section 47 enquiries, initial child protection
//! conferences, child protection plans, visits and reviews (Annex A Lists 5
//! and 7; DfE children in need census tables C4, D1, D5; Working Together
//! to Safeguard Children 2023).
//!
//! * CIN9 / CIN10: strategy discussions in the month / in the 12 months to
//!   month end per 10,000. CIN10a–c: % of the month's discussions attended
//!   by police / health / education (not recorded counts as not attended).
//!   CIN11 / CIN12: % with outcome section 47 / no further action.
//! * CIN13 / CIN14: section 47 enquiries started (`S47ActualStartDate`) in
//!   the month / rolling 12 months per 10,000. CIN15: % of those started in
//!   the year to date that led to an ICPC.
//! * SG7: ICPCs held in the month. SG6 / SG5: % of ICPCs in the month / year
//!   to date held within 15 working days of the section 47 start
//!   (`working_days(s47_start, date) <= 15`); an ICPC with no recorded start
//!   is excluded, and counted. Beside SG6, the enquiries needing an ICPC
//!   (`icpc_required`) with none held yet at month end and still inside the
//!   timescale. SG8–SG10: % attended by police / health /
//!   education.
//! * CIN18 / CIN19: children on a plan at month end (a child's overlapping
//!   plans count once) / per 10,000. SG13 / SG14: % of plans open at month
//!   end that started 18 months / 2 years or more before it
//!   (`start <= month end - 18 or 24 months`).
//! * CIN20: % of children on a plan at month end with a statutory visit in
//!   the 28 days (CIN20's `timescale_days`) up to month end (`month end - 28 days < visit <= month end`).
//!   Beside it, the children not visited whose plan began inside the 28
//!   days (not yet due).
//! * SG11 / SG12: % of review conferences due in the year to date / month
//!   that were held by their due date.

use chrono::Days;

use super::{any_in, dates_by_child, first_from, months_after};
use crate::engine::Ctx;
use crate::events::StrategyOutcome;
use crate::frame::LaFrame;
use crate::frame::rows::Review;
use crate::grid::Grid;

/// SG11, SG12: review conferences held by their due date.
pub(crate) fn reviews(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let (held, due) = reviews_in_time(grid, &ev.cp_reviews);
    ctx.percents("SG12", &held, &due);
    ctx.percents("SG11", &grid.year_to_date(&held), &grid.year_to_date(&due));
}

/// Reviews held by their due date, and reviews due, by month due.
pub(crate) fn reviews_in_time(grid: Grid, reviews: &[Review]) -> (Vec<i64>, Vec<i64>) {
    let due = grid.count(reviews.iter().map(|r| r.due));
    let held = grid.count(
        reviews
            .iter()
            .filter(|r| r.held.is_some_and(|h| h <= r.due))
            .map(|r| r.due),
    );
    (held, due)
}

/// CIN9-CIN15: strategy discussions and section 47 enquiries.
pub(crate) fn strategy_and_s47(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let sd = &ev.strategy_discussions;
    let all = grid.count(sd.iter().map(|s| s.date));
    ctx.counts("CIN9", &all);
    ctx.rates("CIN10", &grid.rolling_year(&all));
    let police = grid.count(
        sd.iter()
            .filter(|s| s.police_attended == Some(true))
            .map(|s| s.date),
    );
    let health = grid.count(
        sd.iter()
            .filter(|s| s.health_attended == Some(true))
            .map(|s| s.date),
    );
    let education = grid.count(
        sd.iter()
            .filter(|s| s.education_attended == Some(true))
            .map(|s| s.date),
    );
    ctx.percents("CIN10a", &police, &all);
    ctx.percents("CIN10b", &health, &all);
    ctx.percents("CIN10c", &education, &all);
    let s47 = grid.count(
        sd.iter()
            .filter(|s| s.outcome == Some(StrategyOutcome::Section47))
            .map(|s| s.date),
    );
    let nfa = grid.count(
        sd.iter()
            .filter(|s| s.outcome == Some(StrategyOutcome::NoFurtherAction))
            .map(|s| s.date),
    );
    ctx.percents("CIN11", &s47, &all);
    ctx.percents("CIN12", &nfa, &all);

    let started = grid.count(ev.section47s.iter().map(|s| s.start));
    ctx.counts("CIN13", &started);
    ctx.rates("CIN14", &grid.rolling_year(&started));
    let to_icpc = grid.count(
        ev.section47s
            .iter()
            .filter(|s| s.icpc_required == Some(true))
            .map(|s| s.start),
    );
    ctx.percents(
        "CIN15",
        &grid.year_to_date(&to_icpc),
        &grid.year_to_date(&started),
    );
}

/// SG5-SG10: initial child protection conferences.
pub(crate) fn conferences(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let all = grid.count(ev.icpcs.iter().map(|c| c.date));
    ctx.counts("SG7", &all);
    // SG6 and SG5 (its year to date) each with its own timescale.
    let (limit6, limit5) = (ctx.timescale("SG6"), ctx.timescale("SG5"));
    let mut timely = vec![0; grid.len];
    let mut timely5 = vec![0; grid.len];
    let mut timed = vec![0; grid.len];
    for c in &ev.icpcs {
        let Some(i) = grid.index(c.date) else {
            continue;
        };
        let Some(start) = c.s47_start else {
            ctx.exclude("SG6", "no section 47 start recorded");
            continue;
        };
        if let Some(n) = ctx.working_days("SG6", start, c.date) {
            timed[i] += 1;
            if n <= limit6 {
                timely[i] += 1;
                ctx.member("SG6", i, c.child, c.date);
            }
            if n <= limit5 {
                timely5[i] += 1;
            }
        }
    }
    ctx.percents("SG6", &timely, &timed);
    // Not yet due: enquiries needing an ICPC, none held yet at month end,
    // still inside the timescale. Without section 47s there is nothing to
    // say (no data is not zero), so nothing is attached.
    if !ev.section47s.is_empty() {
        let held = dates_by_child(ev.icpcs.iter().map(|c| (c.child, c.date)));
        let enquiries = ev
            .section47s
            .iter()
            .filter(|s| s.icpc_required == Some(true))
            .map(|s| (s.start, first_from(held.get(&s.child), s.start)));
        ctx.still_in_working_days("SG6", enquiries, limit6);
    }
    ctx.percents(
        "SG5",
        &grid.year_to_date(&timely5),
        &grid.year_to_date(&timed),
    );
    let attended = |f: fn(&crate::frame::rows::Icpc) -> Option<bool>| {
        grid.count(
            ev.icpcs
                .iter()
                .filter(|c| f(c) == Some(true))
                .map(|c| c.date),
        )
    };
    ctx.percents("SG8", &attended(|c| c.police_attended), &all);
    ctx.percents("SG9", &attended(|c| c.health_attended), &all);
    ctx.percents("SG10", &attended(|c| c.education_attended), &all);
}

/// CIN18, CIN19, SG13, SG14: children and plans open at month end.
pub(crate) fn plans(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let (children, open) =
        grid.children_open(ev.cp_plans.iter().map(|p| (p.child, p.start, p.end)));
    ctx.open_members("CIN18", &children);
    ctx.counts("CIN18", &open);
    ctx.rates("CIN19", &open);

    let plans_open = grid.open_at_month_end(ev.cp_plans.iter().map(|p| (p.start, p.end)));
    // A plan has lasted n months at a month end when it started n months or
    // more before it: the same as the interval (start + n months, end) being
    // open at that month end.
    let lasted = |n: u32| {
        grid.open_at_month_end(ev.cp_plans.iter().filter_map(|p| {
            let from = months_after(p.start, n);
            match p.end {
                Some(e) if e <= from => None,
                _ => Some((from, p.end)),
            }
        }))
    };
    ctx.percents("SG13", &lasted(18), &plans_open);
    ctx.percents("SG14", &lasted(24), &plans_open);
}

/// CIN20: children on a plan at month end visited in the 28 days to it.
pub(crate) fn visits(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let (children, open) =
        grid.children_open(ev.cp_plans.iter().map(|p| (p.child, p.start, p.end)));
    let visits = dates_by_child(ev.cp_visits.iter().map(|v| (v.child, v.date)));
    let mut visited = vec![0; grid.len];
    let mut not_yet_due = vec![0; grid.len];
    let window = ctx.timescale_days("CIN20");
    for (i, m) in grid.reported() {
        let eom = m.last_day();
        let after = eom.checked_sub_days(Days::new(window)).unwrap_or(eom);
        for (child, s, e) in &children {
            let open_at_eom = *s <= eom && e.is_none_or(|e| e > eom);
            if !open_at_eom {
                continue;
            }
            if visits.get(child).is_some_and(|v| any_in(v, after, eom)) {
                visited[i] += 1;
            } else if *s > after {
                // On a plan for less than the window: the first visit is
                // not yet overdue.
                not_yet_due[i] += 1;
            }
        }
    }
    ctx.percents("CIN20", &visited, &open);
    ctx.still_in_time("CIN20", &not_yet_due);
}
