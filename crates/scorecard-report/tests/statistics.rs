//! Benchmarking, neighbour averages and revision flags, worked by hand.

use rust_decimal::Decimal;
use scorecard_compute::{Computation, ComputedSeries, Observation, Population};
use scorecard_core::{
    Band, Catalogue, Month, NeighbourAverage, NeighbourModel, Polarity, ScorecardConfig,
    StatisticsSettings, Value,
};
use scorecard_report::comparators::DfeData;
use scorecard_report::revisions::Previous;
use scorecard_report::{assemble, tidy};

const HEAD: &str = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,category,referral_count,rereferral_count,rereferral_percent,no_further_action_count,no_further_action_percent,not_in_need_count,not_in_need_percent";

/// A C1 file: (year, old code, re-referral %) per LA; counts are 100
/// referrals and the percentage as re-referrals.
fn c1(rows: &[(i32, &str, &str)]) -> String {
    let mut t = format!("{HEAD}\n");
    for (year, code, pct) in rows {
        let n: Decimal = pct.parse().unwrap();
        t.push_str(&format!(
            "{year},Reporting year,Local authority,E92000001,England,E12000002,North West,{code},E0{code},LA {code},Referrals and Re-referrals,100,{},{pct},0,0,0,0\n",
            n.round()
        ));
    }
    t
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn rank_and_band_among_las_with_ties() {
    // CIN4 (re-referrals, lower is better, shown to 0 places) in 2023:
    // 301 18, 302 18, 303 20.6, 304 21.4, 305 25, 306 30. As shown 20.6 and
    // 21.4 are both 21, so they tie.
    //   301, 302: nobody lower → rank 1; 303, 304: two lower → rank 3;
    //   305: four lower → 5; 306: 6.
    // Bands of 6 ((rank-1)×4 against 6, 12, 18): 1 → A, 3 → B, 5 → C, 6 → D.
    // In 2022 303 had 25 and the others 20: five lower → 6th, D.
    let mut rows: Vec<(i32, &str, &str)> = vec![
        (2023, "301", "18"),
        (2023, "302", "18"),
        (2023, "303", "20.6"),
        (2023, "304", "21.4"),
        (2023, "305", "25"),
        (2023, "306", "30"),
    ];
    for code in ["301", "302", "304", "305", "306"] {
        rows.push((2022, code, "20"));
    }
    rows.push((2022, "303", "25"));
    let mut data = DfeData::new(Population::default());
    data.add_file(
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        &c1(&rows),
    )
    .unwrap();
    let b = |la: &str| {
        data.benchmark("CIN4", la, 2023, Polarity::LowerIsBetter, 0)
            .unwrap()
    };
    assert_eq!(
        (b("301").rank, b("302").rank, b("301").band),
        (1, 1, Band::A)
    );
    assert_eq!(
        (b("303").rank, b("304").rank, b("303").band),
        (3, 3, Band::B)
    );
    assert_eq!((b("305").rank, b("305").band), (5, Band::C));
    assert_eq!((b("306").rank, b("306").of, b("306").band), (6, 6, Band::D));
    let prev = b("303").previous.unwrap();
    assert_eq!(
        (prev.rank, prev.band, prev.vintage.to_string()),
        (6, Band::D, "2021/22".into())
    );
    assert_eq!(b("303").vintage.to_string(), "2022/23");
    assert_eq!(b("303").describe(), "3rd of 6 (B); 2021/22: 6th of 6 (D)");
    // The LA can be named by its new code too.
    assert_eq!(
        data.benchmark("CIN4", "E0305", 2023, Polarity::LowerIsBetter, 0)
            .unwrap()
            .rank,
        5
    );
    // Into the configuration, and so onto the scorecard row.
    let mut cfg = ScorecardConfig::published_defaults();
    scorecard_report::comparators::apply_benchmarks(
        &mut cfg,
        &data,
        "303",
        2023,
        &Catalogue::builtin(),
    );
    assert_eq!(cfg.settings("CIN4").benchmark.unwrap().rank, 3);
}

#[test]
fn neighbour_average_mean_or_median_and_the_model_by_year() {
    // 301's neighbours: 302, 303, 304 under the 2021 model; 305, 306 under 2025.
    // 2023 values 18, 21, 25 (2021 model): mean 64/3 = 21.333..., median 21.
    // 2025 values 30, 20 (2025 model): mean and median 25.
    let rows = [
        (2023, "302", "18"),
        (2023, "303", "21"),
        (2023, "304", "25"),
        (2025, "302", "18"),
        (2025, "303", "21"),
        (2025, "304", "25"),
        (2025, "305", "30"),
        (2025, "306", "20"),
    ];
    let sn2021 = "LA num,LA Name,LA number,GOInd,GOReg,SN1,SNP,SN2,SNP,SN3,SNP\n301,LA 301,301,2,North West,302,Close,303,Close,304,Close\n";
    let sn2025 = "old_la_code,la_name,region_ind,region_name,SN_1,SN_1P,SN_2,SN_2P\n301,LA 301,2,North West,305,Close,306,Close\n";
    let load = |settings: StatisticsSettings| {
        let mut d = DfeData::new(Population::default()).with_statistics(&settings);
        d.add_file(
            "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
            &c1(&rows),
        )
        .unwrap();
        d.add_file("New_Statistical_Neighbour_Groupings_April_2021.csv", sn2021)
            .unwrap();
        d.add_file("sn_model_2025_wide.csv", sn2025).unwrap();
        d
    };
    let mean = load(StatisticsSettings::default());
    let (v, n) = mean.statistical_neighbours("CIN4", "301", 2023).unwrap();
    assert_eq!((v.round_dp(4), n), (dec("21.3333"), 3));
    assert_eq!(
        mean.statistical_neighbours("CIN4", "301", 2025).unwrap(),
        (dec("25"), 2)
    );
    let median = load(StatisticsSettings {
        neighbour_average: NeighbourAverage::Median,
        ..StatisticsSettings::default()
    });
    assert_eq!(
        median.statistical_neighbours("CIN4", "301", 2023).unwrap(),
        (dec("21"), 3)
    );
    // Pinned to the 2021 model, 2025 uses 302-304: mean 21.333...
    let pinned = load(StatisticsSettings {
        neighbour_model: NeighbourModel::Model2021,
        ..StatisticsSettings::default()
    });
    let (v, n) = pinned.statistical_neighbours("CIN4", "301", 2025).unwrap();
    assert_eq!((v.round_dp(4), n), (dec("21.3333"), 3));
}

fn m(s: &str) -> Month {
    s.parse().unwrap()
}

/// CIN1 (a contextual count, no target: never rated) at 40 a month from
/// February 2023 to January 2024, with October 2023 at `october`.
fn computation(october: i64) -> Computation {
    let mut s = ComputedSeries::default();
    for k in 0..12 {
        let month = m("2023-02").plus(k);
        let n = if month == m("2023-10") { october } else { 40 };
        s.observations
            .insert(month, Observation::new(n, None, Some(Value::Count(n))));
    }
    let mut c = Computation::default();
    c.las
        .entry("E08000008".into())
        .or_default()
        .insert("CIN1".into(), s);
    c
}

#[test]
fn a_late_figure_is_flagged_exactly_where_it_changed() {
    let cat = Catalogue::builtin();
    let cfg = ScorecardConfig::published_defaults();
    let earlier = tidy::rows(&computation(40), &cat, &cfg, m("2023-02"), m("2024-01")).unwrap();
    // Round trip through the JSON, as `--previous` reads it.
    let previous = Previous::from_json(&tidy::to_json(&earlier).unwrap(), "earlier").unwrap();
    // The same data again: nothing flagged.
    let mut same = earlier.clone();
    assert_eq!(previous.flag_tidy(&mut same, &cat), 0);
    // October revised 40 → 44: October's figure is flagged with 40. Its arrow
    // (against September's 40) was flat and is now up; November's (40
    // against October) was flat and is now down. Nothing else changes.
    let mut now = tidy::rows(&computation(44), &cat, &cfg, m("2023-02"), m("2024-01")).unwrap();
    assert_eq!(previous.flag_tidy(&mut now, &cat), 2);
    let flagged: Vec<(&str, &str, &str, &str)> = now
        .iter()
        .filter(|r| {
            !(r.revised.is_empty()
                && r.previous_direction.is_empty()
                && r.previous_rating.is_empty())
        })
        .map(|r| {
            (
                r.period.as_str(),
                r.revised.as_str(),
                r.previous_value.as_str(),
                r.previous_direction.as_str(),
            )
        })
        .collect();
    assert_eq!(
        flagged,
        [
            ("2023-10", "yes", "40", "flat"),
            ("2023-11", "", "", "flat")
        ]
    );
    // On the scorecard for January 2024 (six months shown: August to
    // January), October alone is revised; January's rating and arrow are
    // as in the earlier run's January.
    let mut card =
        assemble::scorecard(&computation(44), "E08000008", m("2024-01"), &cat, &cfg).unwrap();
    previous.flag_card(&mut card);
    let rev = card.row("CIN1").unwrap().revision.clone().unwrap();
    assert_eq!(rev.revised.len(), 1);
    assert_eq!(
        (rev.revised[0].month, rev.revised[0].previous.as_str()),
        (m("2023-10"), "40")
    );
    assert_eq!(rev.previous_period, Some(m("2024-01")));
    assert!(!rev.rating_changed && !rev.direction_changed);
    // The HTML marks that cell and says what it was.
    let html = scorecard_report::html::render(&card, &[]);
    assert_eq!(html.matches("revised, was 40").count(), 1);
}

#[test]
fn an_earlier_run_that_is_not_one_is_refused_with_its_name() {
    let err = Previous::from_json("{\"not\": \"rows\"}", "last-month/scorecard.json").unwrap_err();
    assert!(
        err.to_string().starts_with("last-month/scorecard.json"),
        "{err}"
    );
    let dir = std::env::temp_dir().join("scorecard-no-previous-here");
    std::fs::create_dir_all(&dir).unwrap();
    let err = Previous::load(&dir, "E08000008").unwrap_err();
    assert!(err.to_string().contains("no scorecard.json there"), "{err}");
}

#[test]
fn tameside_rank_from_the_published_file() {
    // Independent method (Python's csv module over the same file, while
    // writing this test): of the 149 LAs with a 2022/23 re-referral
    // percentage, 132 print a lower one at 0 places than Tameside's 27.3
    // (27), so it ranks 133rd; (133 - 1) × 4 = 528 ≥ 3 × 149 → band D.
    let file = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv";
    let mut data = DfeData::new(Population::default());
    let text = std::fs::read_to_string(crate::testdata(&format!("dfe/{file}"))).unwrap();
    data.add_file(file, &text).unwrap();
    let b = data
        .benchmark("CIN4", "E08000008", 2023, Polarity::LowerIsBetter, 0)
        .unwrap();
    assert_eq!(
        (b.rank, b.of, b.band, b.value),
        (133, 149, Band::D, dec("27.3"))
    );
}

#[test]
fn the_2025_model_file_as_published_reads() {
    // Barking and Dagenham (301): its 2025-model neighbours begin 308, 821,
    // 313; its April 2021 ones 203, 308, 352. Reading both and pinning each
    // gives averages over ten neighbours for 2022/23 re-referrals, which
    // differ.
    let dfe = |f: &str| std::fs::read_to_string(crate::testdata(&format!("dfe/{f}"))).unwrap();
    let c1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv";
    let load = |model| {
        let mut d = DfeData::new(Population::default()).with_statistics(&StatisticsSettings {
            neighbour_model: model,
            ..StatisticsSettings::default()
        });
        d.add_file(c1, &dfe(c1)).unwrap();
        d.add_file("sn_model_2025_wide.csv", &dfe("sn_model_2025_wide.csv"))
            .unwrap();
        d.add_file(
            "New_Statistical_Neighbour_Groupings_April_2021.csv",
            &dfe("New_Statistical_Neighbour_Groupings_April_2021.csv"),
        )
        .unwrap();
        d
    };
    let (v2025, n2025) = load(NeighbourModel::Model2025)
        .statistical_neighbours("CIN4", "301", 2023)
        .unwrap();
    let (v2021, n2021) = load(NeighbourModel::Model2021)
        .statistical_neighbours("CIN4", "301", 2023)
        .unwrap();
    assert_eq!((n2025, n2021), (10, 10));
    assert_ne!(v2025, v2021, "the two models group 301 differently");
    // Auto: the 2021 model for 2022/23, the 2025 one for 2024-25.
    let auto = load(NeighbourModel::Auto);
    assert_eq!(auto.neighbour_model(2023), Some(2021));
    assert_eq!(auto.neighbour_model(2025), Some(2025));
}

#[test]
fn the_summary_lists_what_needs_attention_and_what_improves() {
    use scorecard_core::{RowInput, ScorecardBuilder, Series};
    use scorecard_report::summary::Summary;
    let cat = Catalogue::builtin();
    let cfg = ScorecardConfig::published_defaults(); // CIN8 target 85%
    let series = |vals: &[&str]| -> Series {
        vals.iter()
            .enumerate()
            .map(|(k, v)| (m("2023-08").plus(k as i64), Value::Decimal(dec(v))))
            .collect()
    };
    let mut inputs = std::collections::BTreeMap::new();
    // CIN8: 70% for six months, 85% missed by 15 points each month: Red,
    // and a sustained miss. Flat, so not a mover.
    inputs.insert(
        "CIN8".to_string(),
        RowInput {
            series: series(&["70", "70", "70", "70", "70", "70"]),
            ..RowInput::default()
        },
    );
    // CIN4 (re-referrals, lower is better): 20% then 30% in January, 50%
    // worse than December: a mover the worse way.
    inputs.insert(
        "CIN4".to_string(),
        RowInput {
            series: series(&["20", "21", "20", "21", "20", "30"]),
            ..RowInput::default()
        },
    );
    // SG6 (higher is better): 80% in December, 96% in January, 20% better.
    inputs.insert(
        "SG6".to_string(),
        RowInput {
            series: series(&["80", "81", "80", "81", "80", "96"]),
            ..RowInput::default()
        },
    );
    let card = ScorecardBuilder::new(&cat, &cfg)
        .build("LA", m("2024-01"), &inputs)
        .unwrap();
    let s = Summary::of(&card);
    let attention: Vec<&str> = s.attention.iter().map(|i| i.reference.as_str()).collect();
    assert!(attention.contains(&"CIN8"), "{:?}", s.attention);
    let cin8 = s.attention.iter().find(|i| i.reference == "CIN8").unwrap();
    assert!(cin8.reasons.iter().any(|r| r.starts_with("Red: ")));
    assert!(
        cin8.reasons
            .iter()
            .any(|r| r == "target missed in each of the last three months")
    );
    let cin4 = s.attention.iter().find(|i| i.reference == "CIN4").unwrap();
    assert!(
        cin4.reasons
            .iter()
            .any(|r| r == "among the biggest movers: 50% worse than last month"),
        "{cin4:?}"
    );
    let sg6 = s.improving.iter().find(|i| i.reference == "SG6").unwrap();
    assert!(
        sg6.reasons
            .iter()
            .any(|r| r == "among the biggest movers: 20% better than last month"),
        "{sg6:?}"
    );
    // Counts: CIN8 Red in Child in Need; every row is counted once.
    let total: usize = s
        .sections
        .iter()
        .map(|(_, _, c)| c.blue + c.green + c.amber + c.red + c.unrated + c.no_data)
        .sum();
    assert_eq!(total, card.rows().count());
}
