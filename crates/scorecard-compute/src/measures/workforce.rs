//! Workforce measures derivable from case-level data.
//!
//! * WF5: % of children open to social care at month end (a child in need
//!   episode open) who had 3 or more distinct social workers allocated at
//!   some time in the 12 months to month end (an allocation overlaps the
//!   window when `start <= month end` and `end` is absent or on or after
//!   the window's first day).
//! * WF6: the average caseload as the DfE children's social work workforce
//!   census defines it: cases held at month end divided by the social
//!   workers holding cases at month end (a raw average, headcount). A case
//!   is a child with an allocation open at month end (`start <= month end`
//!   and `end` absent or after it); a child allocated to one worker twice
//!   counts once for that worker.
//! * WF9–WF12: the average caseload (as WF6) of the workers in one kind of
//!   team: children's social work teams, the children with disabilities
//!   team, the cared for children team, the adoptions team, named by the
//!   configuration's `[teams]`. From `team_allocations` with a start (an
//!   allocation history: the SSD's involvements; Annex A's current
//!   allocations cannot date a month's caseload): a case is a child whose
//!   allocation to a worker in such a team is open at month end.
//! * WF8: the highest individual caseload at month end (the largest number
//!   of children allocated to one worker), from the same allocations.

use crate::hashing::Map;

use super::months_before;
use crate::engine::Ctx;
use crate::frame::rows::Allocation;
use crate::frame::{Code, LaFrame};
use crate::grid::{Period, merge_per_child};
use chrono::NaiveDate;

pub(crate) fn measure(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    // Sorted by child: a child's periods come together (and, merged, at
    // most one is open at a month end).
    let open = merge_per_child(
        ev.cin_episodes
            .iter()
            .map(|p| (p.child, p.start, p.end))
            .collect(),
    );
    let by_child: super::ByChild<&Allocation> =
        super::ByChild::new(ev.allocations.iter().map(|a| (a.child, a)));
    let mut children = vec![0; grid.len];
    let mut three_plus = vec![0; grid.len];
    for (i, m) in grid.reported() {
        let eom = m.last_day();
        let from = months_before(eom, 12).succ_opt().unwrap_or(eom);
        let mut counted: Option<u32> = None;
        for (child, s, e) in &open {
            if !(*s <= eom && e.is_none_or(|e| e > eom)) || counted == Some(*child) {
                continue;
            }
            counted = Some(*child);
            children[i] += 1;
            let allocations = by_child.get(child).unwrap_or(&[]);
            if three_workers(allocations, eom, from) {
                three_plus[i] += 1;
            }
        }
    }
    ctx.percents("WF5", &three_plus, &children);
}

/// Were three or more distinct workers allocated (an allocation begun by
/// `eom` and not ended before `from`)? Stops at the third.
fn three_workers(allocations: &[&Allocation], eom: NaiveDate, from: NaiveDate) -> bool {
    let mut seen: [Option<Code>; 2] = [None; 2];
    let mut n = 0;
    for a in allocations
        .iter()
        .filter(|a| a.start <= eom && a.end.is_none_or(|e| e >= from))
    {
        let w = Some(a.worker_id);
        if seen[..n].contains(&w) {
            continue;
        }
        if n == seen.len() {
            return true;
        }
        seen[n] = w;
        n += 1;
    }
    false
}

/// Per grid period: the cases held at its end (a child per worker holding
/// it, once however many of the worker's allocations of the child are
/// open), the workers holding at least one, and the most one holds. Each
/// worker's allocations are merged per child and swept once over the grid
/// (an allocation is open at a period's end when it began by then and has
/// no end or ends after it); periods before the reported ones are 0.
fn held(
    grid: crate::grid::Grid,
    allocations: impl Iterator<Item = (Code, Period)>,
) -> (Vec<i64>, Vec<i64>, Vec<i64>) {
    let mut by_worker: Map<Code, Vec<Period>> = Map::default();
    for (worker, period) in allocations {
        by_worker.entry(worker).or_default().push(period);
    }
    let (mut cases, mut workers, mut highest) =
        (vec![0; grid.len], vec![0; grid.len], vec![0; grid.len]);
    for (_, periods) in by_worker {
        let merged = merge_per_child(periods);
        let open = grid.open_at_month_end(merged.iter().map(|(_, s, e)| (*s, *e)));
        for (i, _) in grid.reported() {
            let n = open[i];
            cases[i] += n;
            workers[i] += i64::from(n > 0);
            highest[i] = highest[i].max(n);
        }
    }
    (cases, workers, highest)
}

/// WF6 and WF8 from the allocations open at each month end.
pub(crate) fn caseloads(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let (cases, workers, highest) = held(
        ctx.grid,
        ev.allocations
            .iter()
            .map(|a| (a.worker_id, (a.child, a.start, a.end))),
    );
    ctx.averages("WF6", &cases, &workers);
    ctx.counts("WF8", &highest);
}

/// WF9–WF12: WF6's average over the workers of each configured kind of team.
pub(crate) fn team_caseloads(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    for (reference, _, _) in scorecard_core::TeamKinds::INDICATORS {
        let teams = ctx.teams.of(reference);
        // The allocations with a worker in a team of this kind; one without
        // a start is never open at a month end.
        let in_kind = ev
            .team_allocations
            .iter()
            .filter(|t| {
                ev.code(t.team)
                    .is_some_and(|team| teams.iter().any(|x| x.trim() == team.trim()))
            })
            .filter_map(|t| Some((t.worker?, (t.child, t.start?, t.end))));
        let (cases, workers, _) = held(grid, in_kind);
        ctx.averages(reference, &cases, &workers);
    }
}
