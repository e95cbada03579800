//! The front door: contacts (Annex A List 1) and the MASH.
//!
//! * FD1 / FD2: contacts in the month / in the 12 months to month end per
//!   10,000.
//! * FD8a: % of the month's contacts whose outcome by month end is a
//!   referral to children's social care.
//! * FD2a / FD2b / FD2c: MASH contacts received in the month / of those,
//!   ended before screening / as a %.
//! * FD2e / FD2f: MASH screenings completed in the month / % of them
//!   completed within 72 hours (FD2f's `timescale_hours` in the
//!   catalogue) of the contact being received.
//! * FD8c–FD8f: % of the month's completed screenings with outcome referral
//!   to social care / early help / another agency / information and advice.

use chrono::TimeDelta;

use crate::engine::Ctx;
use crate::events::ContactOutcome;
use crate::frame::LaFrame;

pub(crate) fn measure(ctx: &mut Ctx<'_>, ev: &LaFrame) {
    let grid = ctx.grid;
    let all = grid.count(ev.contacts.iter().map(|c| c.date));
    ctx.counts("FD1", &all);
    ctx.rates("FD2", &grid.rolling_year(&all));
    let referred = grid.count(ev.contacts.iter().filter_map(|c| {
        let eom = grid.end_of(c.date);
        (c.outcome == Some(ContactOutcome::SocialCareReferral)
            && c.outcome_date.is_none_or(|d| d <= eom))
        .then_some(c.date)
    }));
    ctx.percents("FD8a", &referred, &all);

    let mash = &ev.mash_contacts;
    let received = grid.count(mash.iter().map(|m| m.received.date()));
    ctx.counts("FD2a", &received);
    let ended = grid.count(
        mash.iter()
            .filter(|m| m.ended_before_screening)
            .map(|m| m.received.date()),
    );
    ctx.counts("FD2b", &ended);
    ctx.percents("FD2c", &ended, &received);
    let screened: Vec<_> = mash
        .iter()
        .filter_map(|m| m.screening_completed.map(|done| (m, done)))
        .collect();
    let completed = grid.count(screened.iter().map(|(_, d)| d.date()));
    ctx.counts("FD2e", &completed);
    let limit = ctx.timescale_hours("FD2f");
    let fast = grid.count(
        screened
            .iter()
            .filter(|(m, done)| *done - m.received <= TimeDelta::hours(limit))
            .map(|(_, d)| d.date()),
    );
    ctx.percents("FD2f", &fast, &completed);
    // Awaiting screening at month end (midnight after its last day) and
    // received less than the timescale before it.
    let open = grid.still_in_time(
        mash.iter().filter(|m| !m.ended_before_screening).map(|m| {
            (
                m.received.date(),
                m.screening_completed.map(|d| d.date()),
                m.received,
            )
        }),
        |received, eom| {
            eom.succ_opt()
                .and_then(|next| next.and_hms_opt(0, 0, 0))
                .is_some_and(|midnight| midnight - *received <= TimeDelta::hours(limit))
        },
    );
    ctx.still_in_time("FD2f", &open);
    for (r, outcome) in [
        ("FD8c", ContactOutcome::SocialCareReferral),
        ("FD8d", ContactOutcome::EarlyHelp),
        ("FD8e", ContactOutcome::OtherAgency),
        ("FD8f", ContactOutcome::InformationAndAdvice),
    ] {
        let n = grid.count(
            screened
                .iter()
                .filter(|(m, _)| m.outcome == Some(outcome))
                .map(|(_, d)| d.date()),
        );
        ctx.percents(r, &n, &completed);
    }
}
