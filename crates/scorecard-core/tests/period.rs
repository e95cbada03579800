use scorecard_core::{FinancialYear, Month, Window};

use crate::d;

fn m(s: &str) -> Month {
    s.parse().unwrap()
}

#[test]
fn parses_published_and_iso_months() {
    let jan = Month::new(2024, 1).unwrap();
    for text in [
        "Jan-24",
        "2024-01",
        "jan-24",
        "JAN-2024",
        "January 2024",
        "Jan 24",
        "2024-1",
    ] {
        assert_eq!(m(text), jan, "{text}");
    }
    assert_eq!(m("Aug-23"), Month::new(2023, 8).unwrap());
    assert_eq!(m("Dec-99"), Month::new(2099, 12).unwrap());
    assert_eq!(jan.to_string(), "2024-01");
    assert_eq!(jan.label(), "Jan-24");
    assert_eq!(Month::new(2023, 9).unwrap().label(), "Sep-23");
}

#[test]
fn rejects_malformed_months_with_a_clear_error() {
    for bad in [
        "", "2024-13", "2024-00", "Jan", "Jam-24", "Ja-24", "24-01", "2024/01x", "Jan-2",
        "Jan-024", "2024-001",
    ] {
        let err = bad.parse::<Month>().unwrap_err();
        assert!(err.to_string().contains("expected a month"), "{bad}: {err}");
    }
}

#[test]
fn month_arithmetic_across_year_ends() {
    assert_eq!(m("2024-01").pred(), m("2023-12"));
    assert_eq!(m("2023-12").succ(), m("2024-01"));
    assert_eq!(m("2024-01").plus(-13), m("2022-12"));
    assert_eq!(m("2023-04").months_until(m("2024-03")), 11);
    assert_eq!(m("2024-02").last_day(), d(2024, 2, 29));
    assert_eq!(m("2023-02").last_day(), d(2023, 2, 28));
    assert_eq!(m("2023-12").last_day(), d(2023, 12, 31));
    assert!(m("2024-01").contains(d(2024, 1, 31)));
    assert!(!m("2024-01").contains(d(2024, 2, 1)));
    assert_eq!(Month::of(d(2024, 2, 29)), m("2024-02"));
}

#[test]
fn financial_years_run_april_to_march() {
    assert_eq!(m("2024-03").financial_year(), FinancialYear::starting(2023));
    assert_eq!(m("2024-04").financial_year(), FinancialYear::starting(2024));
    assert_eq!(FinancialYear::of(d(2023, 3, 31)).to_string(), "2022-23");
    assert_eq!(FinancialYear::of(d(2023, 4, 1)).to_string(), "2023-24");
    assert_eq!(
        "2023/24".parse::<FinancialYear>().unwrap(),
        FinancialYear::starting(2023)
    );
    assert_eq!(
        "1999-00".parse::<FinancialYear>().unwrap(),
        FinancialYear::starting(1999)
    );
    assert_eq!(
        "2023-2024".parse::<FinancialYear>().unwrap(),
        FinancialYear::starting(2023)
    );
    assert!("2023-25".parse::<FinancialYear>().is_err());
    assert!("23-24".parse::<FinancialYear>().is_err());
    let w = FinancialYear::starting(2023).window();
    assert_eq!(
        (w.first_day(), w.last_day(), w.len()),
        (d(2023, 4, 1), d(2024, 3, 31), 12)
    );
}

#[test]
fn financial_quarters() {
    // Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar.
    assert_eq!(m("2023-04").quarter().number(), 1);
    assert_eq!(m("2023-09").quarter().number(), 2);
    assert_eq!(m("2023-12").quarter().number(), 3);
    assert_eq!(m("2024-01").quarter().number(), 4);
    assert_eq!(m("2024-03").quarter().to_string(), "2023-24 Q4");
    let q = m("2023-08").quarter().window();
    assert_eq!(
        (q.first_month(), q.last_month()),
        (m("2023-07"), m("2023-09"))
    );
}

#[test]
fn rolling_and_year_to_date_windows() {
    let w = m("2024-01").rolling(12);
    assert_eq!(
        (w.first_day(), w.last_day()),
        (d(2023, 2, 1), d(2024, 1, 31))
    );
    assert_eq!(w.months().count(), 12);
    assert!(w.contains(d(2023, 2, 1)) && !w.contains(d(2023, 1, 31)));
    // YTD in April is just April; in March it is the whole year.
    assert_eq!(m("2023-04").year_to_date().len(), 1);
    assert_eq!(m("2024-03").year_to_date().len(), 12);
    assert_eq!(m("2024-01").year_to_date().first_day(), d(2023, 4, 1));
    assert!(Window::new(m("2024-02"), m("2024-01")).is_none());
    assert_eq!(m("2024-01").year_earlier(), m("2023-01"));
}

#[test]
fn months_serialise_as_iso_text() {
    let json = serde_json::to_string(&m("Jan-24")).unwrap();
    assert_eq!(json, "\"2024-01\"");
    let back: Month = serde_json::from_str("\"Feb-24\"").unwrap();
    assert_eq!(back, m("2024-02"));
}
