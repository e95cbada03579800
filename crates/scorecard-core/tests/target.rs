use scorecard_core::{Polarity, Target, Unit};

use crate::dec;

fn t(s: &str) -> Target {
    s.parse().unwrap()
}

#[test]
fn parses_values_and_bands_as_published() {
    assert_eq!(t(""), Target::None);
    assert_eq!(t("85%"), Target::Value(dec("85")));
    assert_eq!(t("2175"), Target::Value(dec("2175")));
    assert_eq!(t("2.1%"), Target::Value(dec("2.1")));
    assert_eq!(
        t("20-24%"),
        Target::Band {
            low: dec("20"),
            high: dec("24")
        }
    );
    assert_eq!(
        t("16-18"),
        Target::Band {
            low: dec("16"),
            high: dec("18")
        }
    );
    assert_eq!(
        t("14-22%"),
        Target::Band {
            low: dec("14"),
            high: dec("22")
        }
    );
    assert_eq!(
        t("14% - 22%"),
        Target::Band {
            low: dec("14"),
            high: dec("22")
        }
    );
    assert_eq!(
        t("14 \u{2013} 22%"),
        Target::Band {
            low: dec("14"),
            high: dec("22")
        }
    );
    assert_eq!(
        t("14 to 22"),
        Target::Band {
            low: dec("14"),
            high: dec("22")
        }
    );
    assert_eq!(t("1,750"), Target::Value(dec("1750")));
}

#[test]
fn rejects_bad_targets() {
    for bad in ["24-20%", "abc", "20-", "-5", "85%%x", "1-2-3", "1.2.3"] {
        let err = bad.parse::<Target>().unwrap_err();
        assert!(err.to_string().contains("target"), "{bad}: {err}");
    }
}

#[test]
fn displays_as_printed() {
    assert_eq!(t("20-24%").display(Unit::Percent), "20-24%");
    assert_eq!(t("16-18").display(Unit::Average), "16-18");
    assert_eq!(t("85").display(Unit::Percent), "85%");
    assert_eq!(t("2.10").display(Unit::Percent), "2.1%");
    assert_eq!(Target::None.display(Unit::Percent), "");
}

#[test]
fn met_depends_on_polarity() {
    let band = t("20-24%");
    // Lower is better: under the band is fine, above is a miss by v - 24.
    assert!(band.check(dec("19"), Polarity::LowerIsBetter).unwrap().met);
    let miss = band.check(dec("26"), Polarity::LowerIsBetter).unwrap();
    assert!(!miss.met);
    assert_eq!(miss.shortfall, dec("2"));
    assert_eq!(miss.threshold, dec("24"));
    // Higher is better: the low end is the bar.
    assert!(band.check(dec("30"), Polarity::HigherIsBetter).unwrap().met);
    assert_eq!(
        band.check(dec("18"), Polarity::HigherIsBetter)
            .unwrap()
            .shortfall,
        dec("2")
    );
    // Within band: both sides miss.
    assert!(band.check(dec("20"), Polarity::WithinBand).unwrap().met);
    assert!(band.check(dec("24"), Polarity::WithinBand).unwrap().met);
    assert_eq!(
        band.check(dec("19"), Polarity::WithinBand)
            .unwrap()
            .shortfall,
        dec("1")
    );
    assert_eq!(
        band.check(dec("27"), Polarity::WithinBand)
            .unwrap()
            .shortfall,
        dec("3")
    );
    // A single value: >= or <=; no judgement without a direction.
    let v = t("85%");
    assert!(v.check(dec("85"), Polarity::HigherIsBetter).unwrap().met);
    assert!(!v.check(dec("84.9"), Polarity::HigherIsBetter).unwrap().met);
    assert!(v.check(dec("85"), Polarity::LowerIsBetter).unwrap().met);
    assert!(!v.check(dec("85.1"), Polarity::LowerIsBetter).unwrap().met);
    assert!(v.check(dec("85"), Polarity::Contextual).is_none());
    assert!(
        Target::None
            .check(dec("1"), Polarity::HigherIsBetter)
            .is_none()
    );
    // Relative shortfall: 38 above 612 is 6.2%.
    let r = t("612").check(dec("650"), Polarity::LowerIsBetter).unwrap();
    assert_eq!(r.relative_shortfall().unwrap().round_dp(3), dec("0.062"));
}
