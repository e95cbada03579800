//! Children looked after (SSDA903 episodes; Annex A List 8). Agreed series
//! of short breaks (legal status V3, V4) are left out of every measure, as
//! in DfE's statistics.
//!
//! * CF1 / CF2: children looked after at month end (a child's episodes
//!   merged into periods of care) / per 10,000.
//! * CF3: % of them with a social work visit in the 6 weeks (42 days, CF3's
//!   `timescale_days` in the catalogue) up to
//!   month end.
//! * CF4: % of them with 3 or more placements in the 12 months to month end:
//!   placements starting in the window (episodes with RNE S, P or T) plus the
//!   placement they were in when the window began, if any.
//! * CF5: long-term stability (DfE): of children under 16 at month end who
//!   have been looked after continuously for 2½ years or more, the % whose
//!   current placement began 2 years or more before (a placement begins at
//!   an episode with RNE S, P or T; L, B and U changes keep it), or who are
//!   placed for adoption (A3–A6) and whose previous placement began 2 years
//!   or more before. Children without a date of birth are left out, and
//!   counted.
//! * CF6: periods of care starting in the month (RNE S). CF7: episodes
//!   ending in the month that end care (REC other than X1).
//! * CF8–CF20: children at month end by placement type (SSDA903 PLACE):
//!   foster U1–U6, placed with parents P1, placed for adoption A3–A6,
//!   children's homes K2, secure units K1, independent and semi-independent
//!   living H5/P2/S1, other placements Z1; % of children looked after.
//! * CF22 / CF21: % of children whose initial health assessment deadline (20
//!   working days after becoming looked after: each ref's timescale in the
//!   catalogue) fell in the month / year to
//!   date and who had it by then; children who left care before the deadline
//!   are not counted. Beside CF22, the children looked after at month end
//!   still inside the timescale with no initial assessment yet.
//! * CF23 / CF25: % of children looked after at month end for 12 months or
//!   more with a health assessment (initial or review) / dental check in the
//!   12 months to month end.
//! * SG15: % of looked-after children's reviews due in the year to date held
//!   by their due date.

use chrono::{Days, NaiveDate};

use super::child_protection::reviews_in_time;
use super::{ByChild, any_in, dates_by_child, first_from, months_before};
use crate::engine::Ctx;
use crate::events::HealthCheckKind;
use crate::frame::rows::ClaEpisode;
use crate::frame::{Code, LaFrame};
use crate::grid::{Period, merge_per_child};

const PLACEMENTS: &[(&str, &str, &[&str])] = &[
    ("CF8", "CF9", &["U1", "U2", "U3", "U4", "U5", "U6"]),
    ("CF10", "CF11", &["P1"]),
    ("CF12", "CF13", &["A3", "A4", "A5", "A6"]),
    ("CF14", "CF15", &["K2"]),
    ("CF16", "", &["K1"]),
    ("CF17", "CF18", &["H5", "P2", "S1"]),
    ("CF19", "CF20", &["Z1"]),
];

fn short_break(ev: &LaFrame, e: &ClaEpisode) -> bool {
    matches!(ev.code(e.legal_status).map(str::trim), Some("V3" | "V4"))
}

/// An SSDA903 code, trimmed and upper-cased (without allocating when it
/// already is).
fn code(ev: &LaFrame, c: Option<Code>) -> std::borrow::Cow<'_, str> {
    let t = ev.code(c).unwrap_or("").trim();
    if t.bytes().any(|b| b.is_ascii_lowercase()) {
        std::borrow::Cow::Owned(t.to_ascii_uppercase())
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

/// Episodes other than short breaks, and each child's periods of care.
fn episodes_and_periods(ev: &LaFrame) -> (Vec<&ClaEpisode>, Vec<Period>) {
    let eps: Vec<&ClaEpisode> = ev
        .cla_episodes
        .iter()
        .filter(|e| !short_break(ev, e))
        .collect();
    let periods = merge_per_child(eps.iter().map(|e| (e.child, e.start, e.end)).collect());
    (eps, periods)
}

/// CF1, CF2: children looked after at month end.
pub(crate) fn counts(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let (_, periods) = episodes_and_periods(ev);
    let cla = grid.open_at_month_end(periods.iter().map(|(_, s, e)| (*s, *e)));
    ctx.open_members("CF1", &periods);
    ctx.counts("CF1", &cla);
    ctx.rates("CF2", &cla);
}

/// Every other measure of children looked after (CF3-CF25, SG15).
pub(crate) fn measure(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let (eps, periods) = episodes_and_periods(ev);
    let cla = grid.open_at_month_end(periods.iter().map(|(_, s, e)| (*s, *e)));

    ctx.counts(
        "CF6",
        &grid.count(
            eps.iter()
                .filter(|e| code(ev, e.rne) == "S")
                .map(|e| e.start),
        ),
    );
    ctx.counts(
        "CF7",
        &grid.count(eps.iter().filter_map(|e| {
            let rec = code(ev, e.reason_ceased);
            (!rec.is_empty() && rec != "X1").then_some(e.end?)
        })),
    );

    for (count_ref, pct_ref, codes) in PLACEMENTS {
        let n = grid.open_at_month_end(
            eps.iter()
                .filter(|e| codes.contains(&&*code(ev, e.placement)))
                .map(|e| (e.start, e.end)),
        );
        ctx.counts(count_ref, &n);
        if !pct_ref.is_empty() {
            ctx.percents(pct_ref, &n, &cla);
        }
    }

    // Per-child views used below.
    let by_child: ByChild<&ClaEpisode> = ByChild::new(eps.iter().map(|e| (e.child, *e)));
    let visits = dates_by_child(ev.cla_visits.iter().map(|v| (v.child, v.date)));
    let checks = |kinds: &[HealthCheckKind]| {
        dates_by_child(
            ev.health_checks
                .iter()
                .filter(|h| kinds.contains(&h.kind))
                .map(|h| (h.child, h.date)),
        )
    };
    let health = checks(&[HealthCheckKind::Initial, HealthCheckKind::Review]);
    let dental = checks(&[HealthCheckKind::Dental]);

    let mut visited = vec![0; grid.len];
    let mut three_plus = vec![0; grid.len];
    let mut long_term = vec![0; grid.len];
    let mut health_ok = vec![0; grid.len];
    let mut dental_ok = vec![0; grid.len];
    let mut stable = vec![0; grid.len];
    let mut stable_den = vec![0; grid.len];
    let dob = ev.dates_of_birth();
    for (child, _, _) in &periods {
        if !dob.contains_key(child) {
            ctx.exclude("CF5", "looked-after child with no date of birth");
        }
    }
    let visit_window = ctx.timescale_days("CF3");
    for (i, m) in grid.reported() {
        let eom = m.last_day();
        let six_weeks = eom.checked_sub_days(Days::new(visit_window)).unwrap_or(eom);
        let year_ago = months_before(eom, 12);
        let window_start = year_ago.succ_opt().unwrap_or(year_ago);
        for (child, s, e) in &periods {
            if !(*s <= eom && e.is_none_or(|e| e > eom)) {
                continue;
            }
            if visits.get(child).is_some_and(|v| any_in(v, six_weeks, eom)) {
                visited[i] += 1;
            }
            if placements_in(ev, by_child.get(child).unwrap_or(&[]), window_start, eom) >= 3 {
                three_plus[i] += 1;
            }
            let eps = by_child.get(child).unwrap_or(&[]);
            if *s <= months_before(eom, 30)
                && dob
                    .get(child)
                    .is_some_and(|b| super::care_leavers::age_on(*b, eom) < 16)
            {
                stable_den[i] += 1;
                if long_term_stable(ev, eps, eom) {
                    stable[i] += 1;
                }
            }
            if *s <= year_ago {
                long_term[i] += 1;
                if health.get(child).is_some_and(|v| any_in(v, year_ago, eom)) {
                    health_ok[i] += 1;
                }
                if dental.get(child).is_some_and(|v| any_in(v, year_ago, eom)) {
                    dental_ok[i] += 1;
                }
            }
        }
    }
    ctx.percents("CF3", &visited, &cla);
    ctx.percents("CF5", &stable, &stable_den);
    ctx.percents("CF4", &three_plus, &cla);
    ctx.percents("CF23", &health_ok, &long_term);
    ctx.percents("CF25", &dental_ok, &long_term);

    initial_health(
        ctx,
        ev,
        &eps,
        &periods,
        &checks(&[HealthCheckKind::Initial]),
    );

    let (held, due) = reviews_in_time(grid, &ev.cla_reviews);
    ctx.percents("SG15", &grid.year_to_date(&held), &grid.year_to_date(&due));
}

/// Is the child's placement at `eom` long-term stable (see CF5 above)?
fn long_term_stable(ev: &LaFrame, eps: &[&ClaEpisode], eom: NaiveDate) -> bool {
    let mut starts: Vec<&ClaEpisode> = eps
        .iter()
        .copied()
        .filter(|e| e.start <= eom && matches!(&*code(ev, e.rne), "S" | "P" | "T"))
        .collect();
    starts.sort_by_key(|e| e.start);
    let two_years = months_before(eom, 24);
    let Some(current) = starts.last() else {
        return false;
    };
    if current.start <= two_years {
        return true;
    }
    let adoption = eps
        .iter()
        .filter(|e| e.start <= eom && e.end.is_none_or(|end| end > eom))
        .any(|e| matches!(&*code(ev, e.placement), "A3" | "A4" | "A5" | "A6"));
    adoption && starts.len() >= 2 && starts[starts.len() - 2].start <= two_years
}

/// Placements a child had in `window_start ..= eom`.
fn placements_in(
    ev: &LaFrame,
    eps: &[&ClaEpisode],
    window_start: NaiveDate,
    eom: NaiveDate,
) -> usize {
    let starting = eps
        .iter()
        .filter(|e| e.start >= window_start && e.start <= eom)
        .filter(|e| matches!(&*code(ev, e.rne), "S" | "P" | "T"))
        .count();
    let ongoing = eps
        .iter()
        .any(|e| e.start < window_start && e.end.is_none_or(|end| end >= window_start));
    starting + usize::from(ongoing)
}

fn initial_health(
    ctx: &mut Ctx<'_>,
    ev: &LaFrame,
    eps: &[&ClaEpisode],
    periods: &[Period],
    initial: &ByChild<NaiveDate>,
) {
    // CF22 and CF21 (its year to date) each with its own timescale.
    let (t22, t21) = (ctx.timescale("CF22"), ctx.timescale("CF21"));
    let (in_time, due) = initial_health_in_time(ctx, ev, eps, periods, initial, t22);
    ctx.percents("CF22", &in_time, &due);
    // Not yet due: looked after at month end, no initial assessment yet,
    // and still inside the timescale.
    let grid = ctx.grid;
    let still_looked_after = |child: u32, start: NaiveDate, eom: NaiveDate| {
        let from = periods.partition_point(|p| p.0 < child);
        let to = periods.partition_point(|p| p.0 <= child);
        periods[from..to]
            .iter()
            .any(|(_, s, end)| *s <= start && end.is_none_or(|end| end > eom))
    };
    let open = grid.still_in_time(
        eps.iter().filter(|e| code(ev, e.rne) == "S").map(|e| {
            let first = first_from(initial.get(&e.child), e.start);
            (e.start, first, (e.child, e.start))
        }),
        |(child, start), eom| {
            ctx.within_working_days(*start, eom, t22) && still_looked_after(*child, *start, eom)
        },
    );
    ctx.still_in_time("CF22", &open);
    let (in_time, due) = if t21 == t22 {
        (in_time, due)
    } else {
        initial_health_in_time(ctx, ev, eps, periods, initial, t21)
    };
    let grid = ctx.grid;
    ctx.percents(
        "CF21",
        &grid.year_to_date(&in_time),
        &grid.year_to_date(&due),
    );
}

/// Per month: initial health assessments due (`timescale` working days
/// after becoming looked after, the child still looked after then) and
/// those held by the deadline.
fn initial_health_in_time(
    ctx: &mut Ctx<'_>,
    ev: &LaFrame,
    eps: &[&ClaEpisode],
    periods: &[Period],
    initial: &ByChild<NaiveDate>,
    timescale: i64,
) -> (Vec<i64>, Vec<i64>) {
    let grid = ctx.grid;
    let mut due = vec![0; grid.len];
    let mut in_time = vec![0; grid.len];
    let days = u32::try_from(timescale).unwrap_or(0);
    for e in eps.iter().filter(|e| code(ev, e.rne) == "S") {
        let deadline = match ctx.calendar.add_working_days(e.start, days) {
            Ok(d) => d,
            Err(_) => {
                ctx.exclude("CF22", "a date is outside the working-day calendar");
                continue;
            }
        };
        let Some(i) = grid.index(deadline) else {
            continue;
        };
        // Still looked after on the deadline? (`periods` is sorted by child:
        // look at this child's periods only.)
        let child = e.child;
        let from = periods.partition_point(|p| p.0 < child);
        let to = periods.partition_point(|p| p.0 <= child);
        let stayed = periods[from..to]
            .iter()
            .any(|(_, s, end)| *s <= e.start && end.is_none_or(|end| end >= deadline));
        if !stayed {
            continue;
        }
        due[i] += 1;
        let before = e.start.pred_opt().unwrap_or(e.start);
        if initial
            .get(&e.child)
            .is_some_and(|v| any_in(v, before, deadline))
        {
            in_time[i] += 1;
        }
    }
    (in_time, due)
}
