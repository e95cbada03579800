//! The engine and the catalogue agree on what is derived.

use std::collections::BTreeSet;

use scorecard_compute::readers::canonical::table_names;
use scorecard_compute::{COMPUTED, Events, NOT_YET_COMPUTED, Population, compute};
use scorecard_core::{Catalogue, DataSource, Derivation, WorkingDayCalendar};

#[test]
fn every_derived_indicator_is_computed_or_listed_with_a_reason() {
    let cat = Catalogue::builtin();
    let computed: BTreeSet<&str> = COMPUTED.iter().copied().collect();
    let pending: BTreeSet<&str> = NOT_YET_COMPUTED.iter().map(|(r, _)| *r).collect();
    assert!(computed.is_disjoint(&pending));
    for ind in cat.iter() {
        let r = ind.reference.as_str();
        match ind.derivation {
            Derivation::Derived => assert!(
                computed.contains(r) || pending.contains(r),
                "{r} is derived in the catalogue but neither computed nor listed as pending"
            ),
            Derivation::Supplied => assert!(!computed.contains(r), "{r} is supplied, not computed"),
        }
    }
    for r in computed.iter().chain(&pending) {
        assert!(cat.get(r).is_some(), "{r} is not in the catalogue");
    }
    assert_eq!(computed.len(), COMPUTED.len(), "COMPUTED lists a ref twice");
}

#[test]
fn every_computed_ref_comes_out_of_the_engine() {
    let mut pop = Population::new();
    pop.insert(&["X"], 2020, 1000);
    let mut events = Events::default();
    events.referrals.push(scorecard_compute::events::Referral {
        la: "X".into(),
        child_id: "1".into(),
        date: "2024-01-01".parse().unwrap(),
        source: None,
        nfa: None,
        decision_date: None,
    });
    let out = compute(
        &events,
        &pop,
        &WorkingDayCalendar::england_and_wales(),
        "2024-01".parse().unwrap(),
        "2024-01".parse().unwrap(),
    );
    let produced: BTreeSet<&str> = out.las["X"].keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = COMPUTED.iter().copied().collect();
    assert_eq!(produced, expected);
}

#[test]
fn catalogue_sources_name_real_canonical_tables() {
    let tables = table_names();
    for ind in Catalogue::builtin().iter() {
        if let DataSource::Canonical(t) = &ind.source {
            assert!(
                tables.contains(&t.as_str()),
                "{}: canonical table {t} does not exist",
                ind.reference
            );
        }
    }
}
