use scorecard_core::{
    Catalogue, ComparatorKind, PublishedScorecard, Rating, ScorecardConfig, Target, Tolerance,
};

use crate::{dec, testdata};

fn published() -> PublishedScorecard {
    let path = testdata("published/tameside-scorecard-2024-01.csv");
    PublishedScorecard::parse(&std::fs::read_to_string(&path).unwrap(), "published").unwrap()
}

#[test]
fn published_defaults_hold_the_printed_targets_and_comparators() {
    let cfg = ScorecardConfig::try_published_defaults().unwrap();
    cfg.validate(&Catalogue::builtin()).unwrap();
    let card = published();
    let mut targets = 0;
    for row in &card.rows {
        assert_eq!(
            cfg.target(&row.reference),
            row.target,
            "target of {}",
            row.reference
        );
        targets += usize::from(row.target.is_set());
        let ours: Vec<(String, rust_decimal::Decimal)> = cfg
            .comparators(&row.reference)
            .into_iter()
            .map(|c| (c.set, c.value))
            .collect();
        let theirs: Vec<(String, rust_decimal::Decimal)> = row
            .comparators
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        let mut ours_sorted = ours.clone();
        ours_sorted.sort();
        assert_eq!(ours_sorted, theirs, "comparators of {}", row.reference);
    }
    // Counted by eye in the CSV: 19 rows print a target.
    assert_eq!(targets, 19);
    // Vintages as printed in the headings.
    let cin8 = cfg.comparators("CIN8");
    let vintage = |key: &str| {
        cin8.iter()
            .find(|c| c.set == key)
            .unwrap()
            .vintage
            .to_string()
    };
    assert_eq!(vintage("greater_manchester"), "2021/22");
    assert_eq!(vintage("stat_neighbour"), "2022/23");
    assert_eq!(vintage("england"), "2022/23");
    assert_eq!(
        cin8.iter()
            .find(|c| c.set == "stat_neighbour")
            .unwrap()
            .kind,
        ComparatorKind::StatisticalNeighbours
    );
    // The rating defaults the issue asks for.
    assert_eq!(cfg.rating.blue_periods, 3);
    assert_eq!(cfg.rating.other_tolerance, Tolerance::Relative(dec("0.1")));
    assert!(cfg.overrides.is_empty());
}

#[test]
fn a_council_file_layers_on_top() {
    let mut cfg = ScorecardConfig::published_defaults();
    cfg.layer_toml(
        r#"
        [rating]
        blue_periods = 0
        percent_tolerance = { points = 2.5 }

        [indicator.CIN8]
        target = "90%"

        [indicator.FD1]
        target = "1500"
        tolerance = { relative = 0.05 }

        [[override]]
        ref = "CIN8"
        rating = "A"
        reason = "every month"

        [[override]]
        ref = "CIN8"
        period = "2024-01"
        rating = "R"
        reason = "January only"
        "#,
        "council.toml",
    )
    .unwrap();
    cfg.validate(&Catalogue::builtin()).unwrap();
    assert_eq!(cfg.target("CIN8"), "90%".parse::<Target>().unwrap());
    // Replacing an indicator's settings drops its old comparators too.
    assert!(cfg.comparators("CIN8").is_empty());
    assert_eq!(cfg.rating.blue_periods, 0);
    assert_eq!(cfg.rating.percent_tolerance, Tolerance::Points(dec("2.5")));
    // [rating] replaced whole: unset fields take library defaults.
    assert_eq!(cfg.rating.other_tolerance, Tolerance::Relative(dec("0.10")));
    assert_eq!(
        cfg.settings("FD1").tolerance,
        Some(Tolerance::Relative(dec("0.05")))
    );
    // A month-specific override beats an every-month one.
    let jan = "2024-01".parse().unwrap();
    let feb = "2024-02".parse().unwrap();
    assert_eq!(cfg.override_for("CIN8", jan).unwrap().rating, Rating::Red);
    assert_eq!(cfg.override_for("CIN8", feb).unwrap().rating, Rating::Amber);
    assert!(cfg.override_for("CIN7", jan).is_none());
    // Layering the same ref and period again replaces, not duplicates.
    cfg.layer_toml(
        "[[override]]\nref = \"CIN8\"\nperiod = \"Jan-24\"\nrating = \"G\"\nreason = \"revised\"\n",
        "b.toml",
    )
    .unwrap();
    assert_eq!(cfg.overrides.len(), 2);
    assert_eq!(cfg.override_for("CIN8", jan).unwrap().reason, "revised");
}

#[test]
fn bad_configuration_is_refused_with_its_reason() {
    let cat = Catalogue::builtin();
    let err = |text: &str| -> String {
        match ScorecardConfig::from_toml(text, "council.toml") {
            Err(e) => e.to_string(),
            Ok(cfg) => cfg.validate(&cat).unwrap_err().to_string(),
        }
    };
    let msg = err("[[override]]\nref = \"CIN8\"\nrating = \"G\"\nreason = \"  \"\n");
    assert!(msg.contains("needs a reason"), "{msg}");
    let msg = err("[[override]]\nref = \"CIN8\"\nrating = \"G\"\n");
    assert!(msg.contains("reason") && msg.contains("line"), "{msg}");
    let msg = err("[indicator.XX9]\ntarget = \"5\"\n");
    assert!(msg.contains("XX9"), "{msg}");
    let msg = err("[indicator.CIN8]\ncomparators = { mars = 5 }\n");
    assert!(
        msg.contains("mars") && msg.contains("comparator_set"),
        "{msg}"
    );
    let msg = err(
        "[[comparator_set]]\nkey = \"sn\"\nname = \"SN\"\nkind = \"statistical_neighbours\"\n[indicator.CIN8]\ncomparators = { sn = 5 }\n",
    );
    assert!(msg.contains("no vintage"), "{msg}");
    let msg = err("[indicator.CIN8]\ntarget = \"24-20%\"\n");
    assert!(msg.contains("band") && msg.contains("line"), "{msg}");
    let msg = err("[indicator.CIN8]\ntolerance = { points = -1 }\n");
    assert!(msg.contains("negative"), "{msg}");
    let msg = err("[rating]\nblue = 3\n");
    assert!(msg.contains("blue"), "{msg}");
    let msg = err("[[override]]\nref = \"CIN8\"\nrating = \"Purple\"\nreason = \"x\"\n");
    assert!(msg.contains("Purple"), "{msg}");
}

#[test]
fn comparator_values_may_carry_their_own_vintage() {
    let mut cfg = ScorecardConfig::published_defaults();
    cfg.layer_toml(
        "[indicator.CIN8]\ncomparators = { england = { value = 80.5, vintage = \"2023/24\" }, stat_neighbour = 81 }\n",
        "c.toml",
    )
    .unwrap();
    cfg.validate(&Catalogue::builtin()).unwrap();
    let comps = cfg.comparators("CIN8");
    let eng = comps.iter().find(|c| c.set == "england").unwrap();
    assert_eq!(
        (eng.value, eng.vintage.to_string()),
        (dec("80.5"), "2023/24".to_string())
    );
    let sn = comps.iter().find(|c| c.set == "stat_neighbour").unwrap();
    assert_eq!(sn.vintage.to_string(), "2022/23");
}
