//! Workforce measures derivable from case-level data.
//!
//! * WF5: % of children open to social care at month end (a child in need
//!   episode open) who had 3 or more distinct social workers allocated at
//!   some time in the 12 months to month end (an allocation overlaps the
//!   window when `start <= month end` and `end` is absent or on or after
//!   the window's first day).

use crate::hashing::{Map, Set};

use super::months_before;
use crate::engine::Ctx;
use crate::events::Allocation;
use crate::grid::merge_per_child;
use crate::quality::LaEvents;

pub(crate) fn measure(ctx: &mut Ctx<'_>, ev: &LaEvents<'_>) {
    let grid = ctx.grid;
    let open = merge_per_child(
        ev.cin_episodes
            .iter()
            .map(|p| (&*p.child_id, p.start, p.end))
            .collect(),
    );
    let mut by_child: Map<&str, Vec<&Allocation>> = Map::default();
    for a in &ev.allocations {
        by_child.entry(&*a.child_id).or_default().push(a);
    }
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
            let workers: Set<&str> = by_child
                .get(child)
                .into_iter()
                .flatten()
                .filter(|a| a.start <= eom && a.end.is_none_or(|e| e >= from))
                .map(|a| &*a.worker_id)
                .collect();
            if workers.len() >= 3 {
                three_plus[i] += 1;
            }
        }
    }
    ctx.percents("WF5", &three_plus, &children);
}
