//! DfE comparators: England and regions recomputed from the LA rows equal
//! the published National and Regional rows; Tameside's statistical
//! neighbours worked out by hand.

use rust_decimal::Decimal;
use scorecard_compute::Population;
use scorecard_report::comparators::{DfeData, MEASURES};

use crate::testdata;

fn load() -> DfeData {
    let pop = Population::from_ons_csv(
        &std::fs::read_to_string(testdata(
            "dfe/ons_mid-year_population_estimates_2012_to_2024.csv",
        ))
        .unwrap(),
        "ons",
    )
    .unwrap();
    let mut data = DfeData::new(pop);
    let files: std::collections::BTreeSet<&str> = MEASURES.iter().map(|m| m.file).collect();
    for f in files
        .into_iter()
        .chain(["New_Statistical_Neighbour_Groupings_April_2021.csv"])
    {
        data.add_file(
            f,
            &std::fs::read_to_string(testdata(&format!("dfe/{f}"))).unwrap(),
        )
        .unwrap();
    }
    data
}

fn round(d: Decimal, dp: u32) -> Decimal {
    scorecard_core::round_half_away(d, dp)
}

#[test]
fn england_and_regions_from_la_rows_match_the_published_rows() {
    let data = load();
    // (ref, printed decimal places) for measures with a published percentage or rate.
    let published = [
        ("CIN4", 1),
        ("CIN5", 1),
        ("SG14", 1),
        ("CF2", 0),
        ("CF4", 0),
        ("CF5", 0),
        ("CF23", 0),
        ("CF25", 0),
        ("CF31", 0),
        ("WF4", 1),
        ("WF6", 1),
    ];
    // The workforce census publishes each LA's FTEs rounded to one decimal,
    // so sums of them can differ from DfE's own by one in the last place:
    // allowed for WF4 and WF6 only, and counted.
    let slack = |r: &str| {
        if r.starts_with("WF") {
            Decimal::new(1, 1)
        } else {
            Decimal::ZERO
        }
    };
    let mut off_by_one = 0;
    let (mut checked, mut skipped) = (0, Vec::new());
    for (reference, dp) in published {
        for year in 2013..=2025 {
            let Some(national) = data.published(reference, None, year) else {
                continue;
            };
            let (ours, left_out) = data.aggregate(reference, None, year).unwrap();
            if !left_out.is_empty() {
                skipped.push(format!(
                    "{reference} {year} England: suppressed in {left_out:?}"
                ));
            } else {
                let diff = (round(ours, dp) - national).abs();
                assert!(
                    diff <= slack(reference),
                    "{reference} {year} England: {} vs {national}",
                    round(ours, dp)
                );
                off_by_one += usize::from(!diff.is_zero());
                checked += 1;
            }
            for region in data.regions(reference, year) {
                let Some(printed) = data.published(reference, Some(&region), year) else {
                    continue;
                };
                let (ours, left_out) = data.aggregate(reference, Some(&region), year).unwrap();
                if !left_out.is_empty() {
                    skipped.push(format!(
                        "{reference} {year} {region}: suppressed in {left_out:?}"
                    ));
                    continue;
                }
                let diff = (round(ours, dp) - printed).abs();
                assert!(
                    diff <= slack(reference),
                    "{reference} {year} {region}: {} vs {printed}",
                    round(ours, dp)
                );
                off_by_one += usize::from(!diff.is_zero());
                checked += 1;
            }
        }
    }
    // Every figure compared was equal (workforce: within one in the last
    // place, see above); those with a suppressed LA are
    // skipped (listed with --nocapture). 580 compared when this was written.
    println!(
        "compared {checked} published figures: equal, but for {off_by_one} workforce figures one in the last place; skipped {} with a suppressed LA",
        skipped.len()
    );
    for s in &skipped {
        println!("  skipped {}", s.chars().take(160).collect::<String>());
    }
    assert!(checked >= 550, "only {checked} compared");
}

#[test]
fn counts_behind_rates_add_up_to_the_national_count() {
    // The rates (CIN2, CIN14, CIN19, WF2) have no published rate column; their
    // counts, summed over LAs, equal the National count rounded to 10.
    let data = load();
    let _ = &data;
    for (file, column) in [
        (
            "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
            "referral_count",
        ),
        ("c4_section47_and_icpc.csv", "Section47"),
        ("d5_cpps_at31march_by_duration_2013_to_2025.csv", "CPP_At31"),
        ("b1_children_in_need_2013_to_2025.csv", "At31_episodes"),
    ] {
        let text = std::fs::read_to_string(testdata(&format!("dfe/{file}"))).unwrap();
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let h = rdr.headers().unwrap().clone();
        let col = |n: &str| h.iter().position(|x| x == n).unwrap();
        let (cy, cl, cr) = (col("time_period"), col("geographic_level"), col(column));
        let recs: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        for year in ["2019", "2023", "2025"] {
            let la: Vec<&csv::StringRecord> = recs
                .iter()
                .filter(|r| &r[cy] == year && &r[cl] == "Local authority")
                .collect();
            if la.iter().any(|r| r[cr].parse::<i64>().is_err()) {
                println!("{file} {year}: an LA is suppressed, skipped");
                continue;
            }
            let la_sum: i64 = la.iter().map(|r| r[cr].parse::<i64>().unwrap()).sum();
            let national: i64 = recs
                .iter()
                .find(|r| &r[cy] == year && &r[cl] == "National")
                .unwrap()[cr]
                .parse()
                .unwrap();
            assert!(
                (la_sum - national).abs() <= 5,
                "{file} {year}: {la_sum} vs {national}"
            );
        }
    }
}

#[test]
fn tameside_statistical_neighbours_by_hand() {
    let data = load();
    // Tameside (357)'s ten neighbours under the April 2021 model: Rotherham,
    // Redcar and Cleveland, Doncaster, North East Lincolnshire, Wigan, St.
    // Helens, Barnsley, Sunderland, Darlington, Gateshead.
    // 2022-23 re-referral % as published for each:
    //   16.6 18.7 25.2 29.9 23.7 23.3 19.2 23.9 17.9 22.5 -> sum 220.9 / 10 = 22.09
    // (the January 2024 scorecard printed 21%: the figures have been revised since).
    let (v, n) = data.statistical_neighbours("CIN4", "357", 2023).unwrap();
    assert_eq!((v, n), ("22.09".parse().unwrap(), 10));
    // Not in need %: 33.7 30 41.9 22.6 28.7 39.9 28.2 37 37.7 29.3 -> 329 / 10 = 32.9
    // (printed 33%).
    assert_eq!(
        data.statistical_neighbours("CIN5", "357", 2023).unwrap(),
        ("32.9".parse().unwrap(), 10)
    );
    // Children looked after per 10,000: 95 148 83 173 97 127 78 91 143 133 -> 1168 / 10 = 116.8.
    assert_eq!(
        data.statistical_neighbours("CF2", "357", 2023).unwrap(),
        ("116.8".parse().unwrap(), 10)
    );
    // CP plans of 2 years or more: Wigan, St. Helens and North East
    // Lincolnshire are suppressed (c); the other seven: 1.5 3.8 4 4.2 0 0 0
    // -> 13.5 / 7 = 1.928571...
    let (v, n) = data.statistical_neighbours("SG14", "357", 2023).unwrap();
    assert_eq!(n, 7);
    assert_eq!(round(v, 4), "1.9286".parse().unwrap());
    // Comparator values carry their vintage and, for the neighbours, how many were used.
    let comps = data.comparators("E08000008", 2023);
    let cin4 = &comps.iter().find(|(r, _)| *r == "CIN4").unwrap().1;
    let sn = cin4.iter().find(|c| c.set == "stat_neighbour").unwrap();
    assert_eq!(
        (sn.vintage.to_string(), sn.contributors),
        ("2022/23".to_string(), Some(10))
    );
    assert!(cin4.iter().any(|c| c.set == "england") && cin4.iter().any(|c| c.set == "region"));
}
