//! Confidence intervals against the anchors: PHStatsMethods (the Python port
//! of PHEindicatormethods, run on PHEindicatormethods' own test inputs 65/100,
//! 1045/5000 and counts 65, 1045, 10, 9, 1) and scipy's chi-squared quantiles,
//! to the six places PHStatsMethods prints; and hand-worked edge cases.

use rust_decimal::Decimal;
use scorecard_core::uncertainty::{
    Confidence, Method, Significance, exact_poisson, interval, normal_quantile, significance,
};
use scorecard_core::{Polarity, Unit};

use crate::dec;

fn r6(d: Decimal) -> String {
    d.round_dp(6).to_string()
}

#[test]
fn normal_quantiles_match_scipy() {
    // scipy.stats.norm.ppf(0.975) = 1.959963984540054; ppf(0.999) = 3.090232306167813
    assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-12);
    assert!((normal_quantile(0.999) - 3.090_232_306_167_813).abs() < 1e-12);
    assert!((normal_quantile(0.5)).abs() < 1e-15);
    assert!((normal_quantile(0.01) + 2.326_347_874_040_841).abs() < 1e-12);
}

#[test]
fn wilson_matches_phstatsmethods() {
    let ci = |x, n, c| interval(Unit::Percent, x, Some(n), c).unwrap();
    let c95 = Confidence::NINETY_FIVE;
    let c998 = Confidence::NINETY_NINE_POINT_EIGHT;
    // PHStatsMethods ph_proportion(multiplier=100):
    //   65/100:    95% 55.254443-73.635752; 99.8% 49.549466-77.835406
    //   1045/5000: 95% 19.795550-22.049130; 99.8% 19.179382-22.731563
    //   3/7:       95% 15.821986-74.954164
    let a = ci(65, 100, c95);
    assert_eq!(
        (r6(a.lower), r6(a.upper)),
        ("55.254443".into(), "73.635752".into())
    );
    assert_eq!(a.method, Method::Wilson);
    let a = ci(65, 100, c998);
    assert_eq!(
        (r6(a.lower), r6(a.upper)),
        ("49.549466".into(), "77.835406".into())
    );
    let a = ci(1045, 5000, c95);
    assert_eq!(
        (r6(a.lower), r6(a.upper)),
        ("19.795550".into(), "22.049130".into())
    );
    let a = ci(1045, 5000, c998);
    assert_eq!(
        (r6(a.lower), r6(a.upper)),
        ("19.179382".into(), "22.731563".into())
    );
    let a = ci(3, 7, c95);
    assert_eq!(
        (r6(a.lower), r6(a.upper)),
        ("15.821986".into(), "74.954164".into())
    );
}

#[test]
fn wilson_at_zero_and_all() {
    // By hand: at x = 0 the limits are 0 and z²/(n+z²); at x = n they are
    // n/(n+z²) and 1. With z = 1.959964, z² = 3.841459: for n = 10,
    // 3.841459/13.841459 = 0.277533 and 10/13.841459 = 0.722467.
    let zero = interval(Unit::Percent, 0, Some(10), Confidence::NINETY_FIVE).unwrap();
    assert_eq!(zero.lower, Decimal::ZERO);
    assert_eq!(zero.upper.round_dp(4), dec("27.7533"));
    let all = interval(Unit::Percent, 10, Some(10), Confidence::NINETY_FIVE).unwrap();
    assert_eq!(all.lower.round_dp(4), dec("72.2467"));
    assert_eq!(all.upper, dec("100"));
    // No denominator, a zero one, or more events than trials: no interval.
    assert!(interval(Unit::Percent, 1, None, Confidence::NINETY_FIVE).is_none());
    assert!(interval(Unit::Percent, 0, Some(0), Confidence::NINETY_FIVE).is_none());
    assert!(interval(Unit::Percent, 11, Some(10), Confidence::NINETY_FIVE).is_none());
    // Counts are not samples.
    assert!(interval(Unit::Count, 5, Some(10), Confidence::NINETY_FIVE).is_none());
}

#[test]
fn rates_use_byar_from_ten_and_exact_below() {
    let per = |x| interval(Unit::RatePer10k, x, Some(10_000), Confidence::NINETY_FIVE).unwrap();
    // PHStatsMethods ph_rate(multiplier=10000, denominator 10000):
    //   65: Byars 50.163188-82.849139; 1045: 982.593202-1110.331213;
    //   10: Byars 4.787450-18.391459; 9: Exact 4.115373-17.084803;
    //   1: Exact 0.025318-5.571643
    let a = per(65);
    assert_eq!(
        (r6(a.lower), r6(a.upper), a.method),
        ("50.163188".into(), "82.849139".into(), Method::Byar)
    );
    let a = per(1045);
    assert_eq!(
        (r6(a.lower), r6(a.upper)),
        ("982.593202".into(), "1110.331213".into())
    );
    let a = per(10);
    assert_eq!(
        (r6(a.lower), r6(a.upper), a.method),
        ("4.787450".into(), "18.391459".into(), Method::Byar)
    );
    let a = per(9);
    assert_eq!(
        (r6(a.lower), r6(a.upper), a.method),
        ("4.115373".into(), "17.084803".into(), Method::ExactPoisson)
    );
    let a = per(1);
    assert_eq!(
        (r6(a.lower), r6(a.upper)),
        ("0.025318".into(), "5.571643".into())
    );
    // 99.8%: PHStatsMethods 65: 42.880261-94.000291; 9: 2.452424-22.657373
    let c = Confidence::NINETY_NINE_POINT_EIGHT;
    let a = interval(Unit::RatePer10k, 65, Some(10_000), c).unwrap();
    assert_eq!(
        (r6(a.lower), r6(a.upper)),
        ("42.880261".into(), "94.000291".into())
    );
    let a = interval(Unit::RatePer10k, 9, Some(10_000), c).unwrap();
    assert_eq!(
        (r6(a.lower), r6(a.upper)),
        ("2.452424".into(), "22.657373".into())
    );
}

#[test]
fn exact_poisson_at_zero_is_minus_log_alpha() {
    // By hand: P(X = 0; λ) = e^-λ = 0.025 at the 95% upper limit, so
    // λ = -ln 0.025 = 3.688879; at 99.8%, -ln 0.001 = 6.907755.
    let (lo, hi) = exact_poisson(0, Confidence::NINETY_FIVE);
    assert_eq!(lo, 0.0);
    assert!((hi - 3.688_879_454_113_935).abs() < 1e-9);
    let (_, hi) = exact_poisson(0, Confidence::NINETY_NINE_POINT_EIGHT);
    assert!((hi - 6.907_755_278_982_137).abs() < 1e-9);
    // Per 10,000 of 2,500 children: 4 × 3.688879 = 14.7555.
    let a = interval(Unit::RatePer10k, 0, Some(2_500), Confidence::NINETY_FIVE).unwrap();
    assert_eq!(a.upper.round_dp(4), dec("14.7555"));
}

#[test]
fn confidence_levels_are_checked() {
    assert_eq!(Confidence::new(dec("95")).unwrap(), Confidence::NINETY_FIVE);
    assert_eq!(
        Confidence::new(dec("99.8")).unwrap(),
        Confidence::NINETY_NINE_POINT_EIGHT
    );
    assert!(Confidence::new(dec("1")).is_err());
    assert!(Confidence::new(dec("0.2")).is_err());
    assert_eq!(Confidence::NINETY_NINE_POINT_EIGHT.to_string(), "99.8%");
}

#[test]
fn significance_reads_polarity() {
    // 65/100: 55.25 to 73.64.
    let ci = interval(Unit::Percent, 65, Some(100), Confidence::NINETY_FIVE).unwrap();
    let s = |c: &str, p| significance(&ci, dec(c), p);
    assert_eq!(s("80", Polarity::HigherIsBetter), Significance::Worse);
    assert_eq!(s("80", Polarity::LowerIsBetter), Significance::Better);
    assert_eq!(s("50", Polarity::HigherIsBetter), Significance::Better);
    assert_eq!(s("60", Polarity::HigherIsBetter), Significance::Similar);
    assert_eq!(s("80", Polarity::Contextual), Significance::Lower);
    assert_eq!(s("50", Polarity::WithinBand), Significance::Higher);
    // The interval's own limit is similar (touching is not outside).
    assert_eq!(
        significance(&ci, ci.upper, Polarity::HigherIsBetter),
        Significance::Similar
    );
}
