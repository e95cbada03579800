#[test]
fn probe() {
    println!("{:?}", scorecard_core::Catalogue::try_builtin().map(|c| c.len()));
    println!("{:?}", scorecard_core::ScorecardConfig::try_published_defaults().map(|c| c.indicators.len()));
}
