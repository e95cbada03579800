//! Events written as SSD tables (what `scorecard synth` and the demo's
//! `--write-inputs` write, and what the tests load into PostgreSQL).
//!
//! Ids are made up (`REF1`, `S471`, ...); dates are ISO; flags `Y`/`N`;
//! outcomes as the SSD's JSON flags. What the SSD cannot hold is not
//! written: referral decision dates, assessment outcomes, conference
//! attendance, return interview dates, MASH contacts, strategy
//! discussions, CIN plan reviews, early help assessments, and CIN episodes
//! that did not start with a referral (the SSD's episodes are referrals).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::events::*;

/// One written table: its name, headings and rows.
pub type WrittenTable = (String, Vec<String>, Vec<Vec<String>>);

/// Writes `events` (one LA's) as SSD CSV files in `dir` (created), one per
/// table, named after it (`ssd_person.csv`, ...).
pub fn write_csv_dir(events: &Events, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    for (name, headings, rows) in write_tables(events) {
        let path = dir.join(format!("{name}.csv"));
        let file = path.display().to_string();
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&headings)
            .map_err(|e| Error::csv(&file, 1, None, e.to_string()))?;
        for r in &rows {
            w.write_record(r)
                .map_err(|e| Error::csv(&file, 0, None, e.to_string()))?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| Error::csv(&file, 0, None, e.to_string()))?;
        std::fs::write(&path, bytes).map_err(|e| Error::write(&path, e))?;
    }
    Ok(())
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn opt_day(d: Option<NaiveDate>) -> String {
    d.map(day).unwrap_or_default()
}

fn yn(b: Option<bool>) -> String {
    match b {
        Some(true) => "Y".into(),
        Some(false) => "N".into(),
        None => String::new(),
    }
}

fn text(t: &Option<std::sync::Arc<str>>) -> String {
    t.as_deref().unwrap_or("").to_string()
}

fn table(name: &str, headings: &[&str], rows: Vec<Vec<String>>) -> WrittenTable {
    (
        name.to_string(),
        headings.iter().map(|h| h.to_string()).collect(),
        rows,
    )
}

/// `events` as SSD tables (see the module documentation).
pub fn write_tables(events: &Events) -> Vec<WrittenTable> {
    let mut out = Vec::new();
    let mut n = 0usize;
    let mut next = |prefix: &str| {
        n += 1;
        format!("{prefix}{n}")
    };
    out.push(table(
        "ssd_person",
        &["pers_person_id", "pers_sex", "pers_ethnicity", "pers_dob"],
        events
            .children
            .iter()
            .map(|c| {
                let sex = match c.sex.as_deref() {
                    Some("Male") => "M",
                    Some("Female") => "F",
                    Some(_) => "U",
                    None => "",
                };
                vec![
                    c.child_id.to_string(),
                    sex.into(),
                    text(&c.ethnicity),
                    opt_day(c.date_of_birth),
                ]
            })
            .collect(),
    ));
    out.push(table(
        "ssd_disability",
        &["disa_table_id", "disa_person_id", "disa_disability_code"],
        events
            .children
            .iter()
            .filter_map(|c| {
                let code = match c.disability? {
                    true => "DIS",
                    false => "NONE",
                };
                Some(vec![next("DIS"), c.child_id.to_string(), code.into()])
            })
            .collect(),
    ));
    out.push(table(
        "ssd_contacts",
        &[
            "cont_contact_id",
            "cont_person_id",
            "cont_contact_date",
            "cont_contact_source_code",
            "cont_contact_outcome_json",
        ],
        events
            .contacts
            .iter()
            .map(|c| {
                let json = c.outcome.map(|o| {
                    let key = match o {
                        ContactOutcome::SocialCareReferral => "OUTCOME_NEW_REFERRAL_FLAG",
                        ContactOutcome::EarlyHelp => "OUTCOME_EARLY_HELP_FLAG",
                        ContactOutcome::OtherAgency => "OUTCOME_OTHER_AGENCY_FLAG",
                        ContactOutcome::InformationAndAdvice => "OUTCOME_ADVICE_FLAG",
                        ContactOutcome::NoFurtherAction => "OUTCOME_NFA_FLAG",
                    };
                    format!("{{\"{key}\":\"Y\"}}")
                });
                vec![
                    next("CONT"),
                    c.child_id.to_string(),
                    day(c.date),
                    text(&c.source),
                    json.unwrap_or_default(),
                ]
            })
            .collect(),
    ));
    out.push(table(
        "ssd_early_help_episodes",
        &[
            "earl_episode_id",
            "earl_person_id",
            "earl_episode_start_date",
            "earl_episode_end_date",
            "earl_episode_end_reason",
        ],
        events
            .early_help_episodes
            .iter()
            .map(|e| {
                let reason = e.end_reason.map(|r| match r {
                    EarlyHelpEndReason::StepUpToSocialCare => "Step up to social care",
                    EarlyHelpEndReason::StepDownToLevel2 => "Step down to level 2",
                    EarlyHelpEndReason::StepDownToUniversal => "Step down to universal services",
                    EarlyHelpEndReason::AllActionsCompleted => "All actions completed",
                    EarlyHelpEndReason::Other => "Other",
                });
                vec![
                    next("EH"),
                    e.child_id.to_string(),
                    day(e.start),
                    opt_day(e.end),
                    reason.unwrap_or("").into(),
                ]
            })
            .collect(),
    ));
    // One row per referral, closed as its CIN episode (same child and start)
    // was. The SSD's episodes are its referrals, so a CIN episode with no
    // referral on its start date cannot be held (as in the CIN census).
    let mut episodes: BTreeMap<(&str, NaiveDate), Vec<&CinEpisode>> = BTreeMap::new();
    for e in &events.cin_episodes {
        episodes.entry((&e.child_id, e.start)).or_default().push(e);
    }
    let mut rows = Vec::new();
    for r in &events.referrals {
        let e = episodes
            .get_mut(&(&*r.child_id, r.date))
            .and_then(|v| (!v.is_empty()).then(|| v.remove(0)));
        rows.push(vec![
            next("REF"),
            r.child_id.to_string(),
            day(r.date),
            text(&r.source),
            yn(r.nfa),
            e.map(|e| opt_day(e.end)).unwrap_or_default(),
            e.map(|e| text(&e.closure_reason)).unwrap_or_default(),
        ]);
    }
    out.push(table(
        "ssd_cin_episodes",
        &[
            "cine_referral_id",
            "cine_person_id",
            "cine_referral_date",
            "cine_referral_source_code",
            "cine_referral_nfa",
            "cine_close_date",
            "cine_close_reason",
        ],
        rows,
    ));
    out.push(table(
        "ssd_cin_assessments",
        &[
            "cina_assessment_id",
            "cina_person_id",
            "cina_assessment_start_date",
            "cina_assessment_auth_date",
        ],
        events
            .assessments
            .iter()
            .map(|a| {
                vec![
                    next("ASM"),
                    a.child_id.to_string(),
                    day(a.start),
                    opt_day(a.authorised),
                ]
            })
            .collect(),
    ));
    // S47s with ids; each conference names the S47 it followed.
    let mut s47_ids: BTreeMap<(&str, NaiveDate), Vec<String>> = BTreeMap::new();
    let mut rows = Vec::new();
    for s in &events.section47s {
        let id = next("S47");
        s47_ids
            .entry((&s.child_id, s.start))
            .or_default()
            .push(id.clone());
        let json = s.icpc_required.map(|b| {
            format!(
                "{{\"CP_CONFERENCE_FLAG\":\"{}\"}}",
                if b { "Y" } else { "N" }
            )
        });
        rows.push(vec![
            id,
            s.child_id.to_string(),
            day(s.start),
            json.unwrap_or_default(),
        ]);
    }
    let mut icpc_rows = Vec::new();
    for c in &events.icpcs {
        let s47 = c
            .s47_start
            .and_then(|s| s47_ids.get_mut(&(&*c.child_id, s)))
            .and_then(|v| (!v.is_empty()).then(|| v.remove(0)));
        // A conference whose S47 is not among the events: its S47 written
        // from the start the conference recorded (as the census writer does).
        let s47 = s47.or_else(|| {
            let start = c.s47_start?;
            let id = next("S47");
            rows.push(vec![
                id.clone(),
                c.child_id.to_string(),
                day(start),
                "{\"CP_CONFERENCE_FLAG\":\"Y\"}".into(),
            ]);
            Some(id)
        });
        icpc_rows.push(vec![
            next("ICPC"),
            s47.unwrap_or_default(),
            c.child_id.to_string(),
            day(c.date),
            yn(c.plan_made),
        ]);
    }
    out.push(table(
        "ssd_s47_enquiry",
        &[
            "s47e_s47_enquiry_id",
            "s47e_person_id",
            "s47e_s47_start_date",
            "s47e_s47_outcome_json",
        ],
        rows,
    ));
    out.push(table(
        "ssd_initial_cp_conference",
        &[
            "icpc_icpc_id",
            "icpc_s47_enquiry_id",
            "icpc_person_id",
            "icpc_icpc_date",
            "icpc_icpc_outcome_cp_flag",
        ],
        icpc_rows,
    ));
    out.push(table(
        "ssd_cin_plans",
        &[
            "cinp_cin_plan_id",
            "cinp_person_id",
            "cinp_cin_plan_start_date",
            "cinp_cin_plan_end_date",
        ],
        events
            .cin_plans
            .iter()
            .map(|p| {
                vec![
                    next("CINP"),
                    p.child_id.to_string(),
                    day(p.start),
                    opt_day(p.end),
                ]
            })
            .collect(),
    ));
    out.push(table(
        "ssd_cp_plans",
        &[
            "cppl_cp_plan_id",
            "cppl_person_id",
            "cppl_cp_plan_start_date",
            "cppl_cp_plan_end_date",
            "cppl_cp_plan_initial_category",
        ],
        events
            .cp_plans
            .iter()
            .map(|p| {
                vec![
                    next("CPP"),
                    p.child_id.to_string(),
                    day(p.start),
                    opt_day(p.end),
                    text(&p.initial_category),
                ]
            })
            .collect(),
    ));
    let visits = |name: &str,
                  fields: [&str; 3],
                  prefix: &str,
                  v: &[Visit],
                  next: &mut dyn FnMut(&str) -> String| {
        table(
            name,
            &fields,
            v.iter()
                .map(|v| vec![next(prefix), v.child_id.to_string(), day(v.date)])
                .collect(),
        )
    };
    out.push(visits(
        "ssd_cp_visits",
        ["cppv_cp_visit_id", "cppv_person_id", "cppv_cp_visit_date"],
        "CPV",
        &events.cp_visits,
        &mut next,
    ));
    out.push(table(
        "ssd_cp_reviews",
        &[
            "cppr_cp_review_id",
            "cppr_person_id",
            "cppr_cp_review_due",
            "cppr_cp_review_date",
        ],
        events
            .cp_reviews
            .iter()
            .map(|r| {
                vec![
                    next("CPR"),
                    r.child_id.to_string(),
                    day(r.due),
                    opt_day(r.held),
                ]
            })
            .collect(),
    ));
    // Each episode with its placement and its legal status, by id; one CLA
    // id per child, which the reviews name.
    let (mut episodes, mut placements, mut legal) = (Vec::new(), Vec::new(), Vec::new());
    for e in &events.cla_episodes {
        let pid = next("PL");
        let cla = format!("CLA-{}", e.child_id);
        placements.push(vec![
            pid.clone(),
            e.child_id.to_string(),
            day(e.start),
            opt_day(e.end),
            text(&e.placement),
            text(&e.provider),
        ]);
        if e.legal_status.is_some() {
            legal.push(vec![
                next("LEG"),
                e.child_id.to_string(),
                text(&e.legal_status),
                day(e.start),
                opt_day(e.end),
            ]);
        }
        episodes.push(vec![
            next("CLAE"),
            e.child_id.to_string(),
            cla,
            pid,
            day(e.start),
            text(&e.rne),
            opt_day(e.end),
            text(&e.reason_ceased),
        ]);
    }
    out.push(table(
        "ssd_cla_placement",
        &[
            "clap_cla_placement_id",
            "clap_person_id",
            "clap_cla_placement_start_date",
            "clap_cla_placement_end_date",
            "clap_cla_placement_type",
            "clap_cla_placement_provider",
        ],
        placements,
    ));
    out.push(table(
        "ssd_legal_status",
        &[
            "lega_legal_status_id",
            "lega_person_id",
            "lega_legal_status",
            "lega_legal_status_start_date",
            "lega_legal_status_end_date",
        ],
        legal,
    ));
    out.push(table(
        "ssd_cla_episodes",
        &[
            "clae_cla_episode_id",
            "clae_person_id",
            "clae_cla_id",
            "clae_cla_placement_id",
            "clae_cla_episode_start_date",
            "clae_cla_episode_start_reason",
            "clae_cla_episode_ceased_date",
            "clae_cla_episode_ceased_reason",
        ],
        episodes,
    ));
    out.push(visits(
        "ssd_cla_visits",
        ["clav_cla_visit_id", "clav_person_id", "clav_cla_visit_date"],
        "CLAV",
        &events.cla_visits,
        &mut next,
    ));
    out.push(table(
        "ssd_cla_reviews",
        &[
            "clar_cla_review_id",
            "clar_cla_id",
            "clar_cla_review_due_date",
            "clar_cla_review_date",
        ],
        events
            .cla_reviews
            .iter()
            .map(|r| {
                vec![
                    next("CLAR"),
                    format!("CLA-{}", r.child_id),
                    day(r.due),
                    opt_day(r.held),
                ]
            })
            .collect(),
    ));
    out.push(table(
        "ssd_cla_health",
        &[
            "clah_health_check_id",
            "clah_person_id",
            "clah_health_check_type",
            "clah_health_check_date",
            "clah_health_check_status",
        ],
        events
            .health_checks
            .iter()
            .map(|h| {
                let kind = match h.kind {
                    HealthCheckKind::Initial => "Initial Health Assessment",
                    HealthCheckKind::Review => "Review Health Assessment",
                    HealthCheckKind::Dental => "Dental Check",
                };
                vec![
                    next("HC"),
                    h.child_id.to_string(),
                    kind.into(),
                    day(h.date),
                    "Completed".into(),
                ]
            })
            .collect(),
    ));
    out.push(table(
        "ssd_missing",
        &[
            "miss_table_id",
            "miss_person_id",
            "miss_missing_episode_start_date",
            "miss_missing_episode_type",
            "miss_missing_episode_end_date",
        ],
        events
            .missing_episodes
            .iter()
            .map(|m| {
                vec![
                    next("MISS"),
                    m.child_id.to_string(),
                    day(m.start),
                    "Missing".into(),
                    opt_day(m.end),
                ]
            })
            .collect(),
    ));
    // One row per care leaver: the latest contact and the latest pathway
    // plan review (the SSD, like Annex A List 9, holds the latest only).
    let mut leavers: BTreeMap<&str, (Option<&CareLeaverContact>, Option<NaiveDate>)> =
        BTreeMap::new();
    for c in &events.care_leaver_contacts {
        let e = leavers.entry(&c.child_id).or_default();
        if e.0.is_none_or(|x| x.date <= c.date) {
            e.0 = Some(c);
        }
    }
    for r in &events.pathway_plan_reviews {
        let e = leavers.entry(&r.child_id).or_default();
        if e.1.is_none_or(|d| d <= r.date) {
            e.1 = Some(r.date);
        }
    }
    out.push(table(
        "ssd_care_leavers",
        &[
            "clea_table_id",
            "clea_person_id",
            "clea_care_leaver_in_touch",
            "clea_care_leaver_latest_contact",
            "clea_care_leaver_accom_suitable",
            "clea_care_leaver_activity",
            "clea_pathway_plan_review_date",
        ],
        leavers
            .into_iter()
            .map(|(child, (c, review))| {
                let in_touch = c
                    .and_then(|c| c.in_touch)
                    .map(|t| if t { "YES" } else { "NO" });
                let suitable = c
                    .and_then(|c| c.accommodation_suitable)
                    .map(|s| if s { "Suitable" } else { "Unsuitable" });
                vec![
                    next("CL"),
                    child.to_string(),
                    in_touch.unwrap_or("").into(),
                    opt_day(c.map(|c| c.date)),
                    suitable.unwrap_or("").into(),
                    c.map(|c| text(&c.activity)).unwrap_or_default(),
                    opt_day(review),
                ]
            })
            .collect(),
    ));
    // The team of each involvement, where the events carry its history.
    let teams: BTreeMap<(&str, &str, NaiveDate), &str> = events
        .team_allocations
        .iter()
        .filter_map(|t| {
            Some((
                (&*t.child_id, t.worker.as_deref()?, t.start?),
                t.team.as_deref()?,
            ))
        })
        .collect();
    out.push(table(
        "ssd_involvements",
        &[
            "invo_involvements_id",
            "invo_professional_id",
            "invo_professional_role_id",
            "invo_involvement_start_date",
            "invo_involvement_end_date",
            "invo_person_id",
            "invo_professional_team",
        ],
        events
            .allocations
            .iter()
            .map(|a| {
                vec![
                    next("INV"),
                    a.worker_id.to_string(),
                    "Allocated Social Worker".into(),
                    day(a.start),
                    opt_day(a.end),
                    a.child_id.to_string(),
                    teams
                        .get(&(&*a.child_id, &*a.worker_id, a.start))
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    ));
    out
}
