//! # Funnel plots: is a team's percentage unusual for its size?
//!
//! Ranking teams by a percentage invites wrong conclusions: a team with ten
//! assessments swings far more than one with two hundred. A funnel plot
//! draws each team's value against its denominator with control limits
//! around the LA's value that widen as the denominator shrinks; a team
//! outside them differs by more than chance would explain.
//!
//! The limits are exact binomial, interpolated as Spiegelhalter (2005),
//! "Funnel plots for comparing institutional performance", Statistics in
//! Medicine 24:1185–1202, appendix A.1.1: for the LA's proportion θ and a
//! denominator n, with R ~ Binomial(n, θ) and F its distribution function,
//! `r_p` is the smallest r with F(r) ≥ p, `α = (F(r_p) − p) / (F(r_p) −
//! F(r_p − 1))`, and the limit is `(r_p − α) / n`. The 95% limits use p =
//! 0.025 and 0.975 (about two standard deviations), the 99.8% limits p =
//! 0.001 and 0.999 (about three).
//!
//! ```
//! use scorecard_core::funnel::{Position, limits};
//! // The LA completes half its assessments in time; a team of ten.
//! let l = limits(0.5, 10).unwrap();
//! assert!((l.lower_95 - 0.132444).abs() < 1e-6);
//! assert_eq!(l.position(1, 10), Position::Low95);  // 10%: low, inside 99.8%
//! assert_eq!(l.position(5, 10), Position::Within);
//! ```

/// Control limits (as proportions, 0 to 1) for one denominator.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Limits {
    /// The denominator they are for.
    pub n: u64,
    /// The LA's proportion they are centred on.
    pub theta: f64,
    /// Lower 99.8% limit.
    pub lower_998: f64,
    /// Lower 95% limit.
    pub lower_95: f64,
    /// Upper 95% limit.
    pub upper_95: f64,
    /// Upper 99.8% limit.
    pub upper_998: f64,
}

/// Where a value falls against the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Below the lower 99.8% limit.
    Low998,
    /// Below the lower 95% limit (inside 99.8%).
    Low95,
    /// Inside the 95% limits.
    Within,
    /// Above the upper 95% limit (inside 99.8%).
    High95,
    /// Above the upper 99.8% limit.
    High998,
}

impl Position {
    /// The word for outputs: `below 99.8%`, `below 95%`, `within`, `above
    /// 95%`, `above 99.8%`.
    pub fn describe(self) -> &'static str {
        match self {
            Position::Low998 => "below 99.8%",
            Position::Low95 => "below 95%",
            Position::Within => "within",
            Position::High95 => "above 95%",
            Position::High998 => "above 99.8%",
        }
    }

    /// True outside the 95% limits.
    pub fn is_outside(self) -> bool {
        self != Position::Within
    }
}

impl Limits {
    /// Where `numerator / denominator` falls (the limits are for
    /// `self.n`; pass the same denominator). A value on a limit is inside.
    pub fn position(&self, numerator: u64, denominator: u64) -> Position {
        let v = numerator as f64 / denominator.max(1) as f64;
        if v < self.lower_998 {
            Position::Low998
        } else if v < self.lower_95 {
            Position::Low95
        } else if v > self.upper_998 {
            Position::High998
        } else if v > self.upper_95 {
            Position::High95
        } else {
            Position::Within
        }
    }
}

/// The limits around `theta` (0 to 1) for denominator `n`; `None` when `n`
/// is 0 or `theta` is not a proportion.
pub fn limits(theta: f64, n: u64) -> Option<Limits> {
    if n == 0 || !(0.0..=1.0).contains(&theta) {
        return None;
    }
    let cdf = binomial_cdf(n, theta);
    let at = |p: f64| quantile(&cdf, n, p);
    Some(Limits {
        n,
        theta,
        lower_998: at(0.001),
        lower_95: at(0.025),
        upper_95: at(0.975),
        upper_998: at(0.999),
    })
}

/// The interpolated quantile `(r_p − α) / n`, clamped to 0..=1.
fn quantile(cdf: &[f64], n: u64, p: f64) -> f64 {
    // Rounding can leave the last value a hair under 1.
    let r = cdf
        .iter()
        .position(|&f| f >= p - 1e-12)
        .unwrap_or(cdf.len() - 1);
    let f_r = cdf[r];
    let f_below = if r == 0 { 0.0 } else { cdf[r - 1] };
    let mass = f_r - f_below;
    let alpha = if mass > 0.0 { (f_r - p) / mass } else { 0.0 };
    ((r as f64 - alpha) / n as f64).clamp(0.0, 1.0)
}

/// F(0), ..., F(n) of Binomial(n, θ), the probabilities built in logs so
/// that large denominators do not underflow.
fn binomial_cdf(n: u64, theta: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(n as usize + 1);
    if theta == 0.0 || theta == 1.0 {
        // All the mass at 0 (θ = 0) or at n (θ = 1).
        for r in 0..=n {
            out.push(if theta == 0.0 || r == n { 1.0 } else { 0.0 });
        }
        return out;
    }
    let (lp, lq) = (theta.ln(), (1.0 - theta).ln());
    let mut log_pmf = n as f64 * lq;
    let mut total = 0.0;
    for r in 0..=n {
        if r > 0 {
            log_pmf += ((n - r + 1) as f64).ln() - (r as f64).ln() + lp - lq;
        }
        total += log_pmf.exp();
        out.push(total.min(1.0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// θ = 0.5, n = 10: the probabilities are C(10, r) / 1024 (1, 10, 45,
    /// 120, 210, 252, ...), so F(0) = 1/1024, F(1) = 11/1024, F(2) =
    /// 56/1024, F(7) = 968/1024, F(8) = 1013/1024, F(9) = 1023/1024.
    /// - p = 0.001: r = 1 (F(0) < 0.001 ≤ F(1)); α = (11 − 1.024)/10 =
    ///   0.9976; limit (1 − 0.9976)/10 = 0.00024.
    /// - p = 0.025: r = 2; α = (56 − 25.6)/45 = 0.675556; limit 0.1324444.
    /// - p = 0.975: r = 8; α = (1013 − 998.4)/45 = 0.324444; limit 0.7675556.
    /// - p = 0.999: r = 9; α = (1023 − 1022.976)/10 = 0.0024; limit 0.89976.
    #[test]
    fn limits_for_ten_at_a_half_as_worked_by_hand() {
        let l = limits(0.5, 10).unwrap_or_else(|| unreachable!());
        let close = |a: f64, b: f64| (a - b).abs() < 1e-6;
        assert!(close(l.lower_998, 0.00024), "{l:?}");
        assert!(close(l.lower_95, 2.0 / 10.0 - 30.4 / 45.0 / 10.0), "{l:?}");
        assert!(close(l.upper_95, 0.8 - 14.6 / 45.0 / 10.0), "{l:?}");
        assert!(close(l.upper_998, 0.89976), "{l:?}");
        assert_eq!(l.position(0, 10), Position::Low998);
        assert_eq!(l.position(1, 10), Position::Low95);
        assert_eq!(l.position(2, 10), Position::Within);
        assert_eq!(l.position(7, 10), Position::Within);
        assert_eq!(l.position(8, 10), Position::High95);
        // 0.9 is just above 0.89976.
        assert_eq!(l.position(9, 10), Position::High998);
        assert_eq!(l.position(10, 10), Position::High998);
    }

    /// The funnel narrows as the denominator grows, and stays in 0..=1.
    #[test]
    fn limits_narrow_with_size() {
        let mut last = f64::INFINITY;
        for n in [5, 20, 100, 1_000, 100_000] {
            let l = limits(0.8, n).unwrap_or_else(|| unreachable!());
            let width = l.upper_998 - l.lower_998;
            assert!(width < last, "n = {n}: {l:?}");
            assert!(l.lower_998 >= 0.0 && l.upper_998 <= 1.0);
            assert!(l.lower_998 <= l.lower_95 && l.lower_95 <= l.upper_95);
            last = width;
        }
        // Large n: close to θ ± 3.09 sqrt(θ(1 − θ)/n) (the normal
        // approximation): 0.8 ± 3.0902 × 0.0012649 = 0.8 ± 0.003909.
        let l = limits(0.8, 100_000).unwrap_or_else(|| unreachable!());
        assert!((l.upper_998 - 0.803909).abs() < 2e-5, "{l:?}");
        assert!((l.lower_998 - 0.796091).abs() < 2e-5, "{l:?}");
        assert!(limits(0.5, 0).is_none());
        assert!(limits(1.5, 10).is_none());
    }
}
