//! The simulation of one local authority, day by day.
//!
//! Flows (referrals and what follows them, entries to care) are drawn per
//! day; durations (plans, periods of care) per case. Stocks start in steady
//! state: the warm-up months run before the reporting range, and children
//! already in care when the simulation starts are drawn from the
//! length-biased duration distribution.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use scorecard_compute::Events;
use scorecard_compute::events::*;
use scorecard_core::WorkingDayCalendar;

use crate::SynthConfig;
use crate::rng::SplitMix64;

/// Share of referrals that go to a strategy discussion.
const STRATEGY_SHARE: f64 = 0.41;
/// Share of strategy discussions leading to a section 47 enquiry.
const S47_SHARE: f64 = 0.72;
/// Share of section 47 enquiries leading to an ICPC.
const ICPC_SHARE: f64 = 0.33;
/// Share of ICPCs resulting in a plan.
const PLAN_SHARE: f64 = 0.85;
/// Mean period of care in months (see `care_months`).
const MEAN_CARE_MONTHS: f64 = 25.4;
/// Share of entries to care that come straight in (the rest come from a
/// child protection plan, one plan in twelve).
const DIRECT_ENTRY_SHARE: f64 = 0.9;
/// Placement moves per year in care.
const MOVES_PER_YEAR: f64 = 0.66;

struct Ctx<'a> {
    cfg: &'a SynthConfig,
    la: &'a str,
    rng: SplitMix64,
    cal: &'a WorkingDayCalendar,
    /// Events after this date have not happened yet (the extraction date).
    end: NaiveDate,
    next_child: u64,
    ev: &'a mut Events,
    /// (date, child) of recent referrals, for re-referrals.
    recent: Vec<(NaiveDate, String)>,
}

impl Ctx<'_> {
    fn new_child(&mut self, around: NaiveDate) -> String {
        self.next_child += 1;
        let id = format!("{}-{:07}", self.la, self.next_child);
        let age_days = u64::from(self.rng.range(0, 17 * 365));
        self.ev.children.push(Child {
            la: self.la.to_string().into(),
            child_id: id.clone().into(),
            date_of_birth: around.checked_sub_days(Days::new(age_days)),
            sex: Some(
                if self.rng.chance(0.5) {
                    "Male"
                } else {
                    "Female"
                }
                .to_string()
                .into(),
            ),
            ethnicity: Some(
                if self.rng.chance(0.8) { "WBRI" } else { "AOTH" }
                    .to_string()
                    .into(),
            ),
            disability: Some(self.rng.chance(0.1)),
        });
        id
    }

    fn open(&self, d: NaiveDate) -> Option<NaiveDate> {
        (d <= self.end).then_some(d)
    }

    fn wd_after(&self, d: NaiveDate, n: u32) -> NaiveDate {
        self.cal.add_working_days(d, n).unwrap_or(d)
    }
}

fn months_after(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m)).unwrap_or(d)
}

fn days_after(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_days(Days::new(u64::from(n))).unwrap_or(d)
}

/// Simulates one LA into `ev`.
pub(crate) fn la(cfg: &SynthConfig, index: u32, code: &str, ev: &mut Events) {
    let cal = WorkingDayCalendar::england_and_wales();
    let start = cfg
        .first_month
        .plus(-i64::from(cfg.warm_up_months))
        .first_day();
    let end = cfg.last_month().last_day();
    let seed = cfg.seed ^ (u64::from(index) + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut ctx = Ctx {
        cfg,
        la: code,
        rng: SplitMix64::new(seed),
        cal: &cal,
        end,
        next_child: 0,
        ev,
        recent: Vec::new(),
    };
    let pop = f64::from(cfg.children_per_la);
    let referrals_per_day = cfg.rates.referrals_per_10k * pop / 10_000.0 / 365.25;
    let cla_entries_per_day =
        cfg.rates.cla_per_10k * pop / 10_000.0 / (MEAN_CARE_MONTHS / 12.0) / 365.25;
    let direct_entries_per_day = cla_entries_per_day * DIRECT_ENTRY_SHARE;
    let early_help_per_day = 60.0 * pop / 10_000.0 / 365.25;

    initial_care_stock(&mut ctx, start, cla_entries_per_day);
    care_leavers(&mut ctx, start);

    // Fewer referrals at weekends and on bank holidays (a third of a
    // working day's), scaled so the yearly total is unchanged.
    let quiet = |d: NaiveDate| {
        matches!(d.weekday(), Weekday::Sat | Weekday::Sun) || !cal.is_working_day(d).unwrap_or(true)
    };
    let (mut days, mut weight) = (0.0, 0.0);
    for d in start.iter_days().take_while(|d| *d <= end) {
        days += 1.0;
        weight += if quiet(d) { 1.0 / 3.0 } else { 1.0 };
    }
    let working_day_rate = if weight > 0.0 {
        referrals_per_day * days / weight
    } else {
        0.0
    };
    let mut day = start;
    while day <= end {
        let factor = if quiet(day) { 1.0 / 3.0 } else { 1.0 };
        let n = ctx.rng.poisson(working_day_rate * factor);
        for _ in 0..n {
            referral(&mut ctx, day);
        }
        for _ in 0..ctx.rng.poisson(direct_entries_per_day) {
            let child = ctx.new_child(day);
            care_period(&mut ctx, &child, day, None);
        }
        for _ in 0..ctx.rng.poisson(early_help_per_day) {
            early_help(&mut ctx, day);
        }
        day = match day.succ_opt() {
            Some(d) => d,
            None => break,
        };
        // Keep the re-referral pool to the last 360 days.
        if day.day() == 1 {
            let cutoff = day.checked_sub_days(Days::new(360)).unwrap_or(day);
            ctx.recent.retain(|(d, _)| *d >= cutoff);
        }
    }
}

/// The referrals LA `index` forwards to the next LA, as if those children
/// moved (the same id known to two LAs): the first three referrals that
/// name LA `index`, among those it received from the LA before
/// (`incoming`, which come first) and its own, each 40 days later (at most
/// the end) and in the next LA. Each LA's own events are simulated apart
/// (on any core); this chain runs in LA order, so the caseload is the same
/// however it is generated.
pub(crate) fn movers(
    cfg: &SynthConfig,
    index: u32,
    incoming: &[Referral],
    own: &[Referral],
) -> Vec<Referral> {
    if cfg.las <= 1 || index + 1 >= cfg.las {
        return Vec::new();
    }
    let code: std::sync::Arc<str> = crate::la_code(index).into();
    let next: std::sync::Arc<str> = crate::la_code(index + 1).into();
    let end = cfg.last_month().last_day();
    incoming
        .iter()
        .chain(own)
        .filter(|r| r.la == code)
        .take(3)
        .map(|r| Referral {
            la: next.clone(),
            date: days_after(r.date, 40).min(end),
            ..r.clone()
        })
        .collect()
}

fn referral(ctx: &mut Ctx<'_>, day: NaiveDate) {
    // Re-referral: a child referred in the last 360 days.
    let child = if !ctx.recent.is_empty() && ctx.rng.chance(ctx.cfg.rates.re_referral) {
        let i = ctx.rng.index(ctx.recent.len());
        ctx.recent[i].1.clone()
    } else {
        ctx.new_child(day)
    };
    ctx.recent.push((day, child.clone()));
    let la = ctx.la.to_string();
    // Contacts: this one became a referral; two more that did not.
    for k in 0..3 {
        let mut outcome = match k {
            0 => ContactOutcome::SocialCareReferral,
            1 => ContactOutcome::EarlyHelp,
            _ => ContactOutcome::InformationAndAdvice,
        };
        let cid = if k == 0 {
            child.clone()
        } else {
            ctx.new_child(day)
        };
        let hours = if ctx.rng.chance(0.5) {
            ctx.rng.range(1, 72)
        } else {
            ctx.rng.range(73, 200)
        };
        let received = day.and_hms_opt(9, 0, 0).unwrap_or_default();
        let done = received + chrono::TimeDelta::hours(i64::from(hours));
        // Derived from the hours already drawn (no extra draw, so the rest of
        // the caseload is unchanged by these two): about one in six
        // contacts that did not become referrals ends before screening (the
        // family withdrew consent, or the concern was resolved), and about
        // a third of the information-and-advice ones go to another agency.
        let ended = k > 0 && hours % 6 == 0;
        if k == 2 && hours % 3 == 1 {
            outcome = ContactOutcome::OtherAgency;
        }
        ctx.ev.contacts.push(Contact {
            la: la.clone().into(),
            child_id: cid.clone().into(),
            date: day,
            source: Some("Police".into()),
            outcome: Some(outcome),
            outcome_date: Some(day),
        });
        ctx.ev.mash_contacts.push(MashContact {
            la: la.clone().into(),
            child_id: cid.into(),
            received,
            screening_completed: (!ended && done.date() <= ctx.end).then_some(done),
            ended_before_screening: ended,
            outcome: Some(outcome),
        });
    }
    let nfa = ctx.rng.chance(0.08);
    let decision = match ctx.rng.range(0, 9) {
        0..=4 => day,
        5..=7 => ctx.wd_after(day, 1),
        _ => {
            let n = ctx.rng.range(2, 4);
            ctx.wd_after(day, n)
        }
    };
    ctx.ev.referrals.push(Referral {
        la: la.clone().into(),
        child_id: child.clone().into(),
        date: day,
        source: Some("Police".into()),
        nfa: Some(nfa),
        decision_date: ctx.open(decision),
    });
    // Same-day duplicate now and then (a data-quality case).
    if ctx.rng.chance(0.003) {
        ctx.ev.referrals.push(Referral {
            la: la.clone().into(),
            child_id: child.clone().into(),
            date: day,
            source: None,
            nfa: Some(nfa),
            decision_date: None,
        });
    }
    if nfa {
        ctx.ev.cin_episodes.push(CinEpisode {
            la: la.into(),
            child_id: child.into(),
            start: day,
            end: Some(day),
            closure_reason: Some("RC7".into()),
        });
        return;
    }
    // Assessment.
    let a_start = days_after(day, ctx.rng.range(0, 3));
    let wd = if ctx.rng.chance(ctx.cfg.rates.assessment_in_45) {
        ctx.rng.range(3, 45)
    } else {
        ctx.rng.range(46, 80)
    };
    let authorised = ctx.wd_after(a_start, wd);
    let outcome = match ctx.rng.range(0, 9) {
        0..=2 => AssessmentOutcome::NotInNeed,
        3 => AssessmentOutcome::EarlyHelp,
        _ => AssessmentOutcome::ChildInNeed,
    };
    if a_start <= ctx.end {
        ctx.ev.assessments.push(Assessment {
            la: la.clone().into(),
            child_id: child.clone().into(),
            start: a_start,
            authorised: ctx.open(authorised),
            outcome: ctx.open(authorised).map(|_| outcome),
        });
    }
    // Strategy discussion, section 47, ICPC, plan.
    let mut case_end = authorised;
    if ctx.rng.chance(STRATEGY_SHARE) {
        let sd = days_after(day, ctx.rng.range(0, 5));
        if sd <= ctx.end {
            let s47 = ctx.rng.chance(S47_SHARE);
            let out = if s47 {
                StrategyOutcome::Section47
            } else if ctx.rng.chance(0.7) {
                StrategyOutcome::NoFurtherAction
            } else {
                StrategyOutcome::Other
            };
            ctx.ev.strategy_discussions.push(StrategyDiscussion {
                la: la.clone().into(),
                child_id: child.clone().into(),
                date: sd,
                outcome: Some(out),
                police_attended: Some(ctx.rng.chance(0.97)),
                health_attended: Some(ctx.rng.chance(0.88)),
                education_attended: Some(ctx.rng.chance(0.7)),
            });
            if s47 {
                let conf = ctx.rng.chance(ICPC_SHARE);
                let wd = if ctx.rng.chance(ctx.cfg.rates.icpc_in_15) {
                    ctx.rng.range(5, 15)
                } else {
                    ctx.rng.range(16, 30)
                };
                let icpc_date = ctx.wd_after(sd, wd);
                // Not yet known at extraction when the conference is still to come.
                let required = if conf && icpc_date > ctx.end {
                    None
                } else {
                    Some(conf)
                };
                ctx.ev.section47s.push(Section47 {
                    la: la.clone().into(),
                    child_id: child.clone().into(),
                    start: sd,
                    icpc_required: required,
                });
                if conf && icpc_date <= ctx.end {
                    let plan = ctx.rng.chance(PLAN_SHARE);
                    ctx.ev.icpcs.push(Icpc {
                        la: la.clone().into(),
                        child_id: child.clone().into(),
                        date: icpc_date,
                        s47_start: Some(sd),
                        plan_made: Some(plan),
                        police_attended: Some(ctx.rng.chance(0.85)),
                        health_attended: Some(ctx.rng.chance(0.85)),
                        education_attended: Some(ctx.rng.chance(0.7)),
                    });
                    if plan {
                        case_end = cp_plan(ctx, &child, icpc_date);
                    }
                }
            }
        }
    }
    // CIN episode: closes with the assessment when not in need, else months later.
    let close = match outcome {
        AssessmentOutcome::NotInNeed => authorised,
        AssessmentOutcome::EarlyHelp => authorised,
        AssessmentOutcome::ChildInNeed => {
            months_after(case_end.max(authorised), ctx.rng.range(2, 10))
        }
    };
    let reason = match outcome {
        AssessmentOutcome::EarlyHelp => "RC8",
        AssessmentOutcome::NotInNeed => "RC7",
        AssessmentOutcome::ChildInNeed => "RC1",
    };
    ctx.ev.cin_episodes.push(CinEpisode {
        la: la.clone().into(),
        child_id: child.clone().into(),
        start: day,
        end: ctx.open(close),
        closure_reason: ctx.open(close).map(|_| reason.into()),
    });
    if outcome == AssessmentOutcome::ChildInNeed && authorised <= ctx.end {
        let plan_months = ctx.rng.range(3, 12);
        let plan_end = ctx.open(months_after(authorised, plan_months).min(close));
        ctx.ev.cin_plans.push(CinPlan {
            la: la.clone().into(),
            child_id: child.clone().into(),
            start: authorised,
            end: plan_end,
        });
        let mut due = months_after(authorised, 3);
        while due <= close.min(ctx.end) {
            let held = if ctx.rng.chance(0.75) {
                due.checked_sub_days(Days::new(u64::from(ctx.rng.range(0, 10))))
            } else {
                Some(days_after(due, ctx.rng.range(1, 30)))
            };
            ctx.ev.cin_reviews.push(Review {
                la: la.clone().into(),
                child_id: child.clone().into(),
                due,
                held: held.and_then(|h| ctx.open(h)),
            });
            due = months_after(due, 3);
        }
    }
    allocations(ctx, &child, day, close);
    // Some children go missing.
    if ctx.rng.chance(0.06) {
        missing(ctx, &child, day, close);
    }
}

/// A child protection plan from `start`; returns its end (or a date after
/// the extraction when it is still open).
fn cp_plan(ctx: &mut Ctx<'_>, child: &str, start: NaiveDate) -> NaiveDate {
    let months = match ctx.rng.range(0, 99) {
        0..=59 => ctx.rng.range(3, 12),
        60..=94 => ctx.rng.range(12, 22),
        _ => ctx.rng.range(22, 40),
    };
    let end = days_after(months_after(start, months), ctx.rng.range(0, 27));
    let la = ctx.la.to_string();
    ctx.ev.cp_plans.push(CpPlan {
        la: la.clone().into(),
        child_id: child.to_string().into(),
        start,
        end: ctx.open(end),
        initial_category: Some(
            [
                "Neglect",
                "Emotional abuse",
                "Physical abuse",
                "Sexual abuse",
            ][ctx.rng.index(4)]
            .to_string()
            .into(),
        ),
        previous_plans: Some(if ctx.rng.chance(0.2) { 1 } else { 0 }),
    });
    // Statutory visits every 1-3 weeks, now and then a longer gap.
    let mut v = days_after(start, ctx.rng.range(1, 10));
    while v < end && v <= ctx.end {
        ctx.ev.cp_visits.push(Visit {
            la: la.clone().into(),
            child_id: child.to_string().into(),
            date: v,
        });
        v = days_after(
            v,
            if ctx.rng.chance(0.9) {
                ctx.rng.range(7, 20)
            } else {
                ctx.rng.range(29, 45)
            },
        );
    }
    // Review conferences: 3 months after the ICPC, then every 6 months.
    let mut due = months_after(start, 3);
    while due < end && due <= ctx.end {
        let held = if ctx.rng.chance(0.92) {
            due.checked_sub_days(Days::new(u64::from(ctx.rng.range(0, 7))))
        } else {
            Some(days_after(due, ctx.rng.range(1, 20)))
        };
        ctx.ev.cp_reviews.push(Review {
            la: la.clone().into(),
            child_id: child.to_string().into(),
            due,
            held: held.and_then(|h| ctx.open(h)),
        });
        due = months_after(due, 6);
    }
    // One in twelve children on a plan comes into care.
    if ctx.rng.chance(1.0 / 12.0) {
        let into_care = days_after(start, ctx.rng.range(10, 200));
        if into_care <= ctx.end {
            care_period(ctx, child, into_care, None);
        }
    }
    end
}

/// Months in care for one period (mean about 25 months).
fn care_months(rng: &mut SplitMix64) -> u32 {
    match rng.range(0, 9) {
        0..=2 => rng.range(1, 6),
        3..=6 => rng.range(6, 30),
        _ => rng.range(30, 84),
    }
}

/// Children already in care when the simulation starts: as many as the
/// entry rate times the mean stay, with stays drawn length-biased and a
/// uniform share of each already served.
fn initial_care_stock(ctx: &mut Ctx<'_>, sim_start: NaiveDate, entries_per_day: f64) {
    let n = (entries_per_day * MEAN_CARE_MONTHS * 30.44).round() as u32;
    let mut placed = 0;
    while placed < n {
        let months = care_months(&mut ctx.rng);
        if !ctx.rng.chance(f64::from(months) / 84.0) {
            continue;
        }
        placed += 1;
        let served_days = (f64::from(months) * 30.44 * ctx.rng.f64()) as u64;
        let start = sim_start
            .checked_sub_days(Days::new(served_days))
            .unwrap_or(sim_start);
        let child = ctx.new_child(start);
        care_period(ctx, &child, start, Some(months));
    }
}

const PLACEMENTS: &[(&str, f64)] = &[
    ("U1", 0.15),
    ("U3", 0.30),
    ("U4", 0.15),
    ("U6", 0.10),
    ("K2", 0.12),
    ("P1", 0.06),
    ("S1", 0.05),
    ("P2", 0.02),
    ("A4", 0.03),
    ("K1", 0.005),
    ("Z1", 0.015),
];

fn placement(rng: &mut SplitMix64) -> &'static str {
    let mut x = rng.f64() * PLACEMENTS.iter().map(|p| p.1).sum::<f64>();
    for (code, w) in PLACEMENTS {
        if x < *w {
            return code;
        }
        x -= w;
    }
    "U3"
}

/// A period of care from `start`, as SSDA903 episodes, with health checks,
/// visits, reviews and missing episodes.
fn care_period(ctx: &mut Ctx<'_>, child: &str, start: NaiveDate, months: Option<u32>) {
    let months = months.unwrap_or_else(|| care_months(&mut ctx.rng));
    let end = days_after(months_after(start, months), ctx.rng.range(0, 27));
    let la = ctx.la.to_string();
    let legal = if ctx.rng.chance(0.02) {
        "V3"
    } else if ctx.rng.chance(0.5) {
        "C2"
    } else {
        "C1"
    };
    // Placement moves: a Poisson process.
    let mut moves: Vec<NaiveDate> = Vec::new();
    let mut t = start;
    loop {
        let gap = (-(1.0 - ctx.rng.f64()).ln() / MOVES_PER_YEAR * 365.25) as u32;
        t = days_after(t, gap.max(1));
        if t >= end {
            break;
        }
        moves.push(t);
    }
    let mut from = start;
    let mut rne = "S";
    for (k, until) in moves
        .iter()
        .copied()
        .chain(std::iter::once(end))
        .enumerate()
    {
        if from > ctx.end {
            break;
        }
        let last = k == moves.len();
        let closes = ctx.open(until);
        ctx.ev.cla_episodes.push(ClaEpisode {
            la: la.clone().into(),
            child_id: child.to_string().into(),
            start: from,
            end: closes,
            rne: Some(rne.to_string().into()),
            legal_status: Some(legal.to_string().into()),
            placement: Some(placement(&mut ctx.rng).to_string().into()),
            provider: Some("PR1".into()),
            reason_ceased: closes.map(|_| {
                if last {
                    ["E11", "E12", "E13", "E41", "E8"][ctx.rng.index(5)]
                } else {
                    "X1"
                }
                .into()
            }),
        });
        from = until;
        rne = "P";
    }
    if legal == "V3" {
        return;
    }
    // Initial health assessment: in 20 working days for 60% of children.
    let deadline = ctx.wd_after(start, 20);
    let iha = if ctx.rng.chance(0.6) {
        days_after(start, ctx.rng.range(5, 25)).min(deadline)
    } else {
        days_after(deadline, ctx.rng.range(1, 40))
    };
    if iha <= ctx.end && iha <= end {
        ctx.ev.health_checks.push(HealthCheck {
            la: la.clone().into(),
            child_id: child.to_string().into(),
            date: iha,
            kind: HealthCheckKind::Initial,
        });
    }
    // Review health assessments and dental checks, yearly, sometimes late.
    for (kind, on_time) in [
        (HealthCheckKind::Review, 0.9),
        (HealthCheckKind::Dental, 0.8),
    ] {
        let mut d = months_after(start, 12);
        while d < end && d <= ctx.end {
            let when = if ctx.rng.chance(on_time) {
                d.checked_sub_days(Days::new(u64::from(ctx.rng.range(0, 40))))
                    .unwrap_or(d)
            } else {
                days_after(d, ctx.rng.range(10, 90))
            };
            if when <= ctx.end {
                ctx.ev.health_checks.push(HealthCheck {
                    la: la.clone().into(),
                    child_id: child.to_string().into(),
                    date: when,
                    kind,
                });
            }
            d = months_after(when, 12);
        }
    }
    // Social work visits every 4-7 weeks.
    let mut v = days_after(start, ctx.rng.range(1, 7));
    while v < end && v <= ctx.end {
        ctx.ev.cla_visits.push(Visit {
            la: la.clone().into(),
            child_id: child.to_string().into(),
            date: v,
        });
        v = days_after(v, ctx.rng.range(25, 50));
    }
    // Reviews: 20 working days, then 3 months, then every 6 months.
    let mut due = deadline;
    let mut nth = 0;
    while due < end && due <= ctx.end {
        let held = if ctx.rng.chance(0.88) {
            due.checked_sub_days(Days::new(u64::from(ctx.rng.range(0, 5))))
                .unwrap_or(due)
        } else {
            days_after(due, ctx.rng.range(1, 30))
        };
        ctx.ev.cla_reviews.push(Review {
            la: la.clone().into(),
            child_id: child.to_string().into(),
            due,
            held: ctx.open(held),
        });
        nth += 1;
        due = months_after(held, if nth == 1 { 3 } else { 6 });
    }
    if ctx.rng.chance(0.12) {
        missing(ctx, child, start, end);
    }
}

fn missing(ctx: &mut Ctx<'_>, child: &str, from: NaiveDate, until: NaiveDate) {
    let la = ctx.la.to_string();
    let mut t = days_after(from, ctx.rng.range(5, 60));
    for _ in 0..ctx.rng.range(1, 6) {
        if t >= until || t > ctx.end {
            break;
        }
        let back = days_after(t, ctx.rng.range(0, 3));
        let offered = days_after(back, ctx.rng.range(0, 4));
        let done = if ctx.rng.chance(0.6) {
            Some(days_after(back, ctx.rng.range(0, 3)))
        } else if ctx.rng.chance(0.5) {
            Some(days_after(back, ctx.rng.range(4, 15)))
        } else {
            None
        };
        ctx.ev.missing_episodes.push(MissingEpisode {
            la: la.clone().into(),
            child_id: child.to_string().into(),
            start: t,
            end: ctx.open(back),
            rhi_offered: ctx.open(offered),
            rhi_completed: done.and_then(|d| ctx.open(d)),
        });
        t = days_after(t, ctx.rng.range(10, 90));
    }
}

/// The synthetic council's social work teams.
const TEAMS: [&str; 10] = [
    "Assessment North",
    "Assessment South",
    "Children in Need East",
    "Children in Need West",
    "Child Protection 1",
    "Child Protection 2",
    "Children in Care 1",
    "Children in Care 2",
    "Leaving Care",
    "Disabled Children",
];

fn allocations(ctx: &mut Ctx<'_>, child: &str, from: NaiveDate, until: NaiveDate) {
    let la = ctx.la.to_string();
    let mut start = from;
    loop {
        let number = ctx.rng.range(1, 150);
        let worker: std::sync::Arc<str> = format!("{}-W{:03}", ctx.la, number).into();
        let stint = days_after(start, ctx.rng.range(30, 300));
        let end = stint.min(until);
        if start > ctx.end {
            break;
        }
        ctx.ev.allocations.push(Allocation {
            la: la.clone().into(),
            child_id: child.to_string().into(),
            worker_id: worker.clone(),
            start,
            end: ctx.open(end),
        });
        // Each worker belongs to one team (15 to a team): the history
        // `--by team` groups by (no extra draw, so the rest is unchanged).
        ctx.ev.team_allocations.push(TeamAllocation {
            la: la.clone().into(),
            child_id: child.to_string().into(),
            team: Some(TEAMS[((number - 1) / 15) as usize % TEAMS.len()].into()),
            worker: Some(worker),
            start: Some(start),
            end: ctx.open(end),
        });
        if end >= until {
            break;
        }
        start = end;
    }
}

fn early_help(ctx: &mut Ctx<'_>, day: NaiveDate) {
    let child = ctx.new_child(day);
    let la = ctx.la.to_string();
    let wd = if ctx.rng.chance(0.85) {
        ctx.rng.range(5, 45)
    } else {
        ctx.rng.range(46, 70)
    };
    let done = ctx.wd_after(day, wd);
    ctx.ev.early_help_assessments.push(EarlyHelpAssessment {
        la: la.clone().into(),
        child_id: child.clone().into(),
        start: day,
        completed: ctx.open(done),
    });
    let end = months_after(done, ctx.rng.range(2, 9));
    let reason = match ctx.rng.range(0, 9) {
        0 => EarlyHelpEndReason::StepUpToSocialCare,
        1..=2 => EarlyHelpEndReason::StepDownToLevel2,
        3..=5 => EarlyHelpEndReason::StepDownToUniversal,
        _ => EarlyHelpEndReason::AllActionsCompleted,
    };
    ctx.ev.early_help_episodes.push(EarlyHelpEpisode {
        la: la.into(),
        child_id: child.into(),
        start: day,
        end: ctx.open(end),
        end_reason: ctx.open(end).map(|_| reason),
    });
}

/// Care leavers: about 30 per 10,000 children, born so that they are aged
/// 16 to 25 during the simulation; birthday contacts from 17 to 21, pathway
/// plan reviews about every six months from 16 to 21.
fn care_leavers(ctx: &mut Ctx<'_>, sim_start: NaiveDate) {
    let n = (f64::from(ctx.cfg.children_per_la) * 0.003).round() as u32;
    let la = ctx.la.to_string();
    let span = (ctx.end - sim_start).num_days().max(1) as u32 + 9 * 365;
    for _ in 0..n {
        ctx.next_child += 1;
        let id = format!("{}-{:07}", ctx.la, ctx.next_child);
        // Sixteenth birthday somewhere from 9 years before the start to the end.
        let sixteen = days_after(
            sim_start
                .checked_sub_days(Days::new(9 * 365))
                .unwrap_or(sim_start),
            ctx.rng.range(0, span),
        );
        let dob = sixteen
            .checked_sub_months(Months::new(16 * 12))
            .unwrap_or(sixteen);
        ctx.ev.children.push(Child {
            la: la.clone().into(),
            child_id: id.clone().into(),
            date_of_birth: Some(dob),
            sex: Some("Female".into()),
            ethnicity: Some("WBRI".into()),
            disability: Some(false),
        });
        for age in 17..=21 {
            let birthday = months_after(dob, age * 12);
            let date = days_after(
                birthday.checked_sub_days(Days::new(20)).unwrap_or(birthday),
                ctx.rng.range(0, 60),
            );
            if date > ctx.end {
                break;
            }
            let in_touch = ctx.rng.chance(0.92);
            let activity = if in_touch && ctx.rng.chance(0.55) {
                ["F1", "F2", "P1", "F5", "P5"][ctx.rng.index(5)]
            } else {
                ["G4", "G5", "G6"][ctx.rng.index(3)]
            };
            ctx.ev.care_leaver_contacts.push(CareLeaverContact {
                la: la.clone().into(),
                child_id: id.clone().into(),
                date,
                in_touch: Some(in_touch),
                activity: in_touch.then(|| activity.into()),
                accommodation_suitable: in_touch.then(|| ctx.rng.chance(0.88)),
            });
        }
        let mut review = days_after(sixteen, ctx.rng.range(10, 60));
        let until = months_after(dob, 21 * 12);
        while review <= ctx.end && review <= until {
            ctx.ev.pathway_plan_reviews.push(Visit {
                la: la.clone().into(),
                child_id: id.clone().into(),
                date: review,
            });
            review = months_after(review, if ctx.rng.chance(0.9) { 5 } else { 8 });
        }
    }
}
