use std::collections::BTreeSet;

use scorecard_core::{Catalogue, DataSource, Derivation, Error, PublishedScorecard, Section, Unit};

use crate::testdata;

fn published() -> PublishedScorecard {
    let path = testdata("published/tameside-scorecard-2024-01.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    PublishedScorecard::parse(&text, &path.display().to_string()).unwrap()
}

#[test]
fn holds_every_published_ref_with_its_printed_title_and_section() {
    let cat = Catalogue::try_builtin().unwrap();
    let card = published();
    assert_eq!(card.rows.len(), 102);
    for row in &card.rows {
        let ind = cat
            .get(&row.reference)
            .unwrap_or_else(|| panic!("{} missing", row.reference));
        assert_eq!(ind.title, row.title, "{}", row.reference);
        assert_eq!(ind.section, row.section, "{}", row.reference);
        assert!(
            !ind.reconstructed,
            "{} is printed, not reconstructed",
            row.reference
        );
    }
}

#[test]
fn holds_the_reconstructed_cared_for_and_audit_rows() {
    let cat = Catalogue::builtin();
    let mut reconstructed = BTreeSet::new();
    for i in 1..=18 {
        let r = format!("CF{i}");
        let ind = cat.get(&r).unwrap_or_else(|| panic!("{r} missing"));
        assert!(ind.reconstructed && ind.note.is_some(), "{r}");
        assert_eq!(ind.section, Section::CaredFor);
        reconstructed.insert(r);
    }
    for i in 16..=20 {
        let r = format!("SG{i}");
        let ind = cat.get(&r).unwrap_or_else(|| panic!("{r} missing"));
        assert!(ind.reconstructed, "{r}");
        assert_eq!(
            ind.derivation,
            Derivation::Supplied,
            "audits are supplied aggregates"
        );
        reconstructed.insert(r);
    }
    // 102 printed + 18 + 5 reconstructed, nothing else.
    assert_eq!(cat.len(), 125);
    let all_reconstructed: BTreeSet<String> = cat
        .iter()
        .filter(|i| i.reconstructed)
        .map(|i| i.reference.clone())
        .collect();
    assert_eq!(all_reconstructed, reconstructed);
    // The printed titles of CF15-CF18 are kept.
    assert_eq!(cat.get("CF15").unwrap().title, "Children's Homes (%)");
    assert_eq!(cat.get("CF16").unwrap().title, "Secure Units No");
    // The placement measures the improvement plan cites.
    assert_eq!(cat.get("CF4").unwrap().unit, Unit::Percent);
    assert_eq!(
        cat.get("CF5").unwrap().source,
        DataSource::Ssda903("episodes".into())
    );
}

#[test]
fn every_ref_the_improvement_plan_names_is_in_the_catalogue() {
    let cat = Catalogue::builtin();
    let text =
        std::fs::read_to_string(testdata("published/improvement-plan-measures.csv")).unwrap();
    // The refs are the fifth field; the quoted action refs never contain
    // semicolons, so the `;`-separated ref lists are easy to find.
    let mut n = 0;
    for line in text.lines().skip(1) {
        for token in line.split([',', ';']) {
            let t = token.trim().trim_matches('"');
            let looks_like_ref = ["FD", "EH", "CIN", "CF", "SG", "WF"].iter().any(|p| {
                t.strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            });
            if looks_like_ref && t.chars().all(|c| c.is_ascii_alphanumeric()) {
                assert!(cat.get(t).is_some(), "improvement plan names {t}");
                n += 1;
            }
        }
    }
    assert!(n >= 30, "found {n} refs");
}

#[test]
fn timescales_follow_the_official_definitions() {
    let cat = Catalogue::builtin();
    for (r, wd) in [
        ("CIN8", 45),
        ("SG5", 15),
        ("SG6", 15),
        ("CF21", 20),
        ("CF22", 20),
        ("EH9a", 45),
    ] {
        assert_eq!(
            cat.get(r).unwrap().definition.timescale_working_days,
            Some(wd),
            "{r}"
        );
    }
    for ind in cat.iter() {
        assert!(!ind.definition.follows.is_empty());
        if ind.unit == Unit::RatePer10k {
            let den = ind.definition.denominator.as_deref().unwrap();
            assert!(
                den.contains("0-17") && den.contains("10,000"),
                "{}: {den}",
                ind.reference
            );
        }
        assert_eq!(
            ind.source == DataSource::Supplied,
            ind.derivation == Derivation::Supplied
        );
    }
    // Sections come out in published order.
    let order: Vec<Section> = cat.iter().map(|i| i.section).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

const GOOD: &str = r#"
[[indicator]]
ref = "FD20"
title = "Contacts from schools (No.)"
section = "FD"
unit = "count"
polarity = "contextual"
basis = "in_month"
precision = 0
source = "Annex A List 1"
derivation = "derived"
definition.numerator = "Contacts from schools in the month"
definition.follows = "local definition"
"#;

fn load_err(text: &str) -> Error {
    Catalogue::from_toml(text, "council.toml").unwrap_err()
}

#[test]
fn a_council_can_extend_and_replace() {
    let mut cat = Catalogue::builtin();
    cat.extend_from_toml(GOOD, "council.toml").unwrap();
    assert_eq!(cat.len(), 126);
    // Adding it again is refused, and nothing changes.
    let err = cat.extend_from_toml(GOOD, "council.toml").unwrap_err();
    assert!(err.to_string().contains("replaces = [\"FD20\"]"), "{err}");
    assert_eq!(cat.len(), 126);
    // Redefining with `replaces = ["FD20"]`.
    let replaced = format!(
        "replaces = [\"FD20\"]\n{}",
        GOOD.replace("(No.)", "(Number)")
    );
    cat.extend_from_toml(&replaced, "council.toml").unwrap();
    assert_eq!(
        cat.get("FD20").unwrap().title,
        "Contacts from schools (Number)"
    );
    assert_eq!(cat.len(), 126);
    // `replaces` for a ref that does not exist is an error.
    let mut fresh = Catalogue::empty();
    assert!(fresh.extend_from_toml(&replaced, "council.toml").is_err());
}

#[test]
fn validation_names_the_file_the_ref_and_the_problem() {
    let cases = [
        (
            GOOD.replace("ref = \"FD20\"", "ref = \"CIN20x\""),
            "section code FD",
        ),
        (
            GOOD.replace("precision = 0", "precision = 1"),
            "a count has precision 0",
        ),
        (
            GOOD.replace("unit = \"count\"", "unit = \"percent\""),
            "definition.denominator",
        ),
        (
            GOOD.replace("derivation = \"derived\"", "derivation = \"supplied\""),
            "supplied aggregate",
        ),
        (
            GOOD.replace(
                "derivation = \"derived\"",
                "derivation = \"derived\"\nreconstructed = true",
            ),
            "note",
        ),
        (
            GOOD.replace("title = \"Contacts from schools (No.)\"", "title = \" \""),
            "title is empty",
        ),
    ];
    for (text, needle) in cases {
        let err = load_err(&text);
        let msg = err.to_string();
        assert!(msg.starts_with("council.toml"), "{msg}");
        assert!(msg.contains(needle), "expected {needle:?} in {msg}");
    }
    // Two indicators with the same ref in one file.
    let dup = format!("{GOOD}\n{GOOD}");
    assert!(load_err(&dup).to_string().contains("defined twice"));
    // Shape errors come from the TOML parser with line and column.
    let msg = load_err(&GOOD.replace("basis = \"in_month\"", "basis = \"monthly\"")).to_string();
    assert!(
        msg.contains("council.toml") && msg.contains("line") && msg.contains("monthly"),
        "{msg}"
    );
    let msg = load_err(&GOOD.replace(
        "source = \"Annex A List 1\"",
        "source = \"Annex A List 12\"",
    ))
    .to_string();
    assert!(msg.contains("Annex A List N"), "{msg}");
    let msg = load_err(&format!("{GOOD}colour = \"red\"\n")).to_string();
    assert!(msg.contains("colour"), "{msg}");
}

#[test]
fn indicators_round_trip_through_serde() {
    let cat = Catalogue::builtin();
    let ind = cat.get("CIN8").unwrap();
    let json = serde_json::to_string(ind).unwrap();
    assert!(json.contains("\"ref\":\"CIN8\""));
    assert!(json.contains("\"source\":\"Annex A List 4\""));
    let back: scorecard_core::Indicator = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, ind);
}
