//! Rank and quartile band, worked by hand.

use scorecard_core::Polarity;
use scorecard_core::benchmark::{Band, band, ordinal, rank};

use crate::dec;

#[test]
fn ties_take_the_smallest_rank() {
    // Higher is better: 90, 85, 85, 80, 70, 70, 70, 60.
    let all: Vec<_> = ["90", "85", "85", "80", "70", "70", "70", "60"]
        .iter()
        .map(|s| dec(s))
        .collect();
    let r = |v: &str| rank(dec(v), &all, Polarity::HigherIsBetter, 0).unwrap();
    assert_eq!(r("90").rank, 1);
    assert_eq!(r("85").rank, 2); // both 85s
    assert_eq!(r("80").rank, 4);
    assert_eq!(r("70").rank, 5); // all three 70s
    assert_eq!(r("60").rank, 8);
    // Bands of 8: (rank-1)/8 < 1/4 → A for ranks 1-2, B 3-4, C 5-6, D 7-8.
    assert_eq!(
        (
            r("90").band,
            r("85").band,
            r("80").band,
            r("70").band,
            r("60").band
        ),
        (Band::A, Band::A, Band::B, Band::C, Band::D)
    );
    // Lower is better turns it round: 60 is first, the 70s share 2nd.
    let l = |v: &str| rank(dec(v), &all, Polarity::LowerIsBetter, 0).unwrap().rank;
    assert_eq!((l("60"), l("70"), l("80"), l("90")), (1, 2, 5, 8));
}

#[test]
fn values_are_compared_as_published() {
    // 20.04 and 19.96 both print as 20.0 at one place: tied.
    let all = [dec("20.04"), dec("19.96"), dec("25")];
    assert_eq!(
        rank(dec("19.96"), &all, Polarity::HigherIsBetter, 1)
            .unwrap()
            .rank,
        2
    );
    assert_eq!(
        rank(dec("20.04"), &all, Polarity::HigherIsBetter, 1)
            .unwrap()
            .rank,
        2
    );
    assert!(rank(dec("1"), &[], Polarity::HigherIsBetter, 0).is_none());
}

#[test]
fn bands_of_152() {
    // 152 / 4 = 38 per band.
    assert_eq!(band(38, 152), Band::A);
    assert_eq!(band(39, 152), Band::B);
    assert_eq!(band(76, 152), Band::B);
    assert_eq!(band(77, 152), Band::C);
    assert_eq!(band(115, 152), Band::D);
    assert_eq!(band(152, 152), Band::D);
    assert_eq!(
        (ordinal(1), ordinal(12), ordinal(22), ordinal(113)),
        ("1st".into(), "12th".into(), "22nd".into(), "113th".into())
    );
}
