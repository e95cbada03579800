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

use crate::hashing::{Map, Set};

use super::months_before;
use crate::engine::Ctx;
use crate::frame::rows::Allocation;
use crate::frame::{Code, LaFrame};
use crate::grid::merge_per_child;

pub(crate) fn measure(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
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
        let mut counted = Set::default();
        for (child, s, e) in &open {
            if !(*s <= eom && e.is_none_or(|e| e > eom) && counted.insert(*child)) {
                continue;
            }
            children[i] += 1;
            let workers: Set<Code> = by_child
                .get(child)
                .into_iter()
                .flatten()
                .filter(|a| a.start <= eom && a.end.is_none_or(|e| e >= from))
                .map(|a| a.worker_id)
                .collect();
            if workers.len() >= 3 {
                three_plus[i] += 1;
            }
        }
    }
    ctx.percents("WF5", &three_plus, &children);
}

/// WF6 and WF8 from the allocations open at each month end.
pub(crate) fn caseloads(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let (mut cases, mut workers, mut highest) =
        (vec![0; grid.len], vec![0; grid.len], vec![0; grid.len]);
    for (i, m) in grid.reported() {
        let eom = m.last_day();
        let mut held: Map<Code, Set<u32>> = Map::default();
        for a in &ev.allocations {
            if a.start <= eom && a.end.is_none_or(|e| e > eom) {
                held.entry(a.worker_id).or_default().insert(a.child);
            }
        }
        workers[i] = held.len() as i64;
        cases[i] = held.values().map(|c| c.len() as i64).sum();
        highest[i] = held.values().map(|c| c.len() as i64).max().unwrap_or(0);
    }
    ctx.averages("WF6", &cases, &workers);
    ctx.counts("WF8", &highest);
}

/// WF9–WF12: WF6's average over the workers of each configured kind of team.
pub(crate) fn team_caseloads(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    for (reference, _, _) in scorecard_core::TeamKinds::INDICATORS {
        let teams = ctx.teams.of(reference);
        let (mut cases, mut workers) = (vec![0; grid.len], vec![0; grid.len]);
        // The allocations with a worker in a team of this kind (the same
        // every month: picked once).
        let in_kind: Vec<_> = ev
            .team_allocations
            .iter()
            .filter(|t| {
                ev.code(t.team)
                    .is_some_and(|team| teams.iter().any(|x| x.trim() == team.trim()))
            })
            .filter_map(|t| Some((t.worker?, t)))
            .collect();
        for (i, m) in grid.reported() {
            let eom = m.last_day();
            let mut held: Map<Code, Set<u32>> = Map::default();
            for (w, t) in &in_kind {
                let open = t.start.is_some_and(|s| s <= eom) && t.end.is_none_or(|e| e > eom);
                if open {
                    held.entry(*w).or_default().insert(t.child);
                }
            }
            workers[i] = held.len() as i64;
            cases[i] = held.values().map(|c| c.len() as i64).sum();
        }
        ctx.averages(reference, &cases, &workers);
    }
}
