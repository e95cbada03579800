//! Care leavers (SSDA903 OC3; Annex A List 9).
//!
//! The cohort at a month end: children with a care-leaver contact record on
//! or before it (the authority's care-leaver list), of the ages below on
//! that day (date of birth from the `children` table; without one a child
//! is left out, and counted).
//!
//! * CF29: % of care leavers aged 16–25 with a pathway plan review in the 6
//!   months up to month end (`month end - 6 months < review <= month end`).
//! * CF30 / CF31: % of care leavers aged 17–21 whose latest contact in the
//!   12 months to month end found them in touch / in education, employment
//!   or training (activity code F* or P*); no contact in the 12 months counts
//!   as not in touch.

use crate::hashing::Map;

use chrono::{Datelike, NaiveDate};

use super::{any_in, dates_by_child, months_before};
use crate::engine::Ctx;
use crate::frame::LaFrame;
use crate::frame::rows::CareLeaverContact;

/// Age in whole years on `on`.
pub(crate) fn age_on(dob: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - dob.year();
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

pub(crate) fn measure(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let dob = ev.dates_of_birth();
    let mut contacts: Map<u32, Vec<&CareLeaverContact>> = Map::default();
    for c in &ev.care_leaver_contacts {
        contacts.entry(c.child).or_default().push(c);
    }
    for v in contacts.values_mut() {
        v.sort_by_key(|c| c.date);
    }
    let reviews = dates_by_child(ev.pathway_plan_reviews.iter().map(|r| (r.child, r.date)));
    let mut children: Vec<u32> = contacts.keys().copied().collect();
    children.sort_unstable();
    for child in &children {
        if !dob.contains_key(child) {
            ctx.exclude("CF30", "care leaver with no date of birth");
        }
    }
    let (mut plan_n, mut plan_d) = (vec![0; grid.len], vec![0; grid.len]);
    let (mut touch_n, mut eet_n, mut cohort) =
        (vec![0; grid.len], vec![0; grid.len], vec![0; grid.len]);
    for (i, m) in grid.reported() {
        let eom = m.last_day();
        let six = months_before(eom, 6);
        let year = months_before(eom, 12);
        for child in &children {
            let (Some(born), Some(list)) = (dob.get(child), contacts.get(child)) else {
                continue;
            };
            if list.first().is_none_or(|c| c.date > eom) {
                continue;
            }
            let age = age_on(*born, eom);
            if (16..=25).contains(&age) {
                plan_d[i] += 1;
                if reviews.get(child).is_some_and(|r| any_in(r, six, eom)) {
                    plan_n[i] += 1;
                }
            }
            if (17..=21).contains(&age) {
                cohort[i] += 1;
                let latest = list.iter().rev().find(|c| c.date <= eom && c.date > year);
                if let Some(c) = latest {
                    if c.in_touch == Some(true) {
                        touch_n[i] += 1;
                    }
                    let code = ev
                        .code(c.activity)
                        .unwrap_or("")
                        .trim()
                        .to_ascii_uppercase();
                    if code.starts_with('F') || code.starts_with('P') {
                        eet_n[i] += 1;
                    }
                }
            }
        }
    }
    ctx.percents("CF29", &plan_n, &plan_d);
    ctx.percents("CF30", &touch_n, &cohort);
    ctx.percents("CF31", &eet_n, &cohort);
}
