//! Comparator averages from the DfE's published local-authority statistics.
//!
//! For an LA and a year this gives England, the LA's region, and its
//! statistical-neighbour average, each with its vintage (the year ending 31
//! March: `time_period` 2023 is 2022/23):
//!
//! * **England and regions** are computed from the LA rows: the sum of the
//!   numerators over the sum of the denominators (so they can be checked
//!   against the published National and Regional rows);
//! * the **statistical-neighbour average** is the simple mean of the ten
//!   neighbours' published values under the neighbour model in force (the
//!   April 2021 NFER model for 2021-22 to 2023-24); suppressed values (`c`,
//!   `x`, `z`, `low`, `u`, `..`) are missing, never zero, and the average says
//!   how many neighbours it used. The median instead of the mean, and the
//!   2025 model instead of the 2021 one, are chosen in `[statistics]`;
//! * each LA's **rank** among all LAs and its quartile band, for the year
//!   and the one before ([`DfeData::benchmark`], LAIT's method: see
//!   [`scorecard_core::benchmark`]).
//!
//! [`MEASURES`] maps catalogue refs to DfE measures. Rates per 10,000 use
//! the ONS 0–17 population of the same year.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use scorecard_compute::Population;
use scorecard_core::benchmark::{Ranked, rank};
use scorecard_core::{
    Benchmark, Catalogue, ComparatorKind, ComparatorValue, FinancialYear, Month, NeighbourAverage,
    NeighbourModel, Polarity, StatisticsSettings, Vintage, percent, rate_per_10k,
};

use crate::error::{Error, Result};

/// What a DfE measure is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denominator {
    /// Another column of the same row (a percentage).
    Column(&'static str),
    /// The ONS population aged 0-17 of the same LA and year (a rate per 10,000).
    Population,
    /// The sum of several columns (a percentage), e.g. agency plus employed FTE.
    Sum(&'static [&'static str]),
    /// Another column, as a plain ratio (an average such as a caseload).
    Ratio(&'static str),
}

/// A measure in a long-format file: one row per breakdown, with a total row
/// for the same group (e.g. `cla_group` = "CLA on 31 March", breakdown "With 3
/// or more placements during the year", total "Total children").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Long {
    /// The group column and value.
    pub group: (&'static str, &'static str),
    /// The breakdown column.
    pub breakdown: &'static str,
    /// The numerator's breakdown.
    pub numerator: &'static str,
    /// The total's breakdown (the denominator).
    pub total: &'static str,
    /// The count column.
    pub count: &'static str,
    /// The published percentage column.
    pub percent: &'static str,
}

/// A catalogue indicator's DfE measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// Catalogue ref.
    pub reference: &'static str,
    /// DfE file name (as published).
    pub file: &'static str,
    /// Keep rows whose column has this value (e.g. `population_type`).
    pub filter: Option<(&'static str, &'static str)>,
    /// Numerator column(s), summed.
    pub numerator: &'static [&'static str],
    /// Denominator.
    pub denominator: Denominator,
    /// The column with the published value for each LA, if any.
    pub published: Option<&'static str>,
    /// For long-format files: how to find the numerator and total rows
    /// (then `numerator`, `denominator` and `published` are not used).
    pub long: Option<Long>,
}

/// The mapped measures.
pub const MEASURES: &[Measure] = &[
    Measure {
        reference: "CIN2",
        file: "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        filter: None,
        numerator: &["referral_count"],
        denominator: Denominator::Population,
        published: None,
        long: None,
    },
    Measure {
        reference: "WF2",
        file: "b1_children_in_need_2013_to_2025.csv",
        filter: None,
        numerator: &["At31_episodes"],
        denominator: Denominator::Population,
        published: None,
        long: None,
    },
    Measure {
        reference: "CIN4",
        file: "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        filter: None,
        numerator: &["rereferral_count"],
        denominator: Denominator::Column("referral_count"),
        published: Some("rereferral_percent"),
        long: None,
    },
    // DfE's measure is "assessed as not in need" over all referrals in the year;
    // the engine's CIN5 is over assessments completed (the definition), so
    // the two differ by the share of referrals that are not assessed.
    Measure {
        reference: "CIN5",
        file: "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        filter: None,
        numerator: &["not_in_need_count"],
        denominator: Denominator::Column("referral_count"),
        published: Some("not_in_need_percent"),
        long: None,
    },
    Measure {
        reference: "CIN14",
        file: "c4_section47_and_icpc.csv",
        filter: None,
        numerator: &["Section47"],
        denominator: Denominator::Population,
        published: None,
        long: None,
    },
    Measure {
        reference: "SG5",
        file: "c4_section47_and_icpc.csv",
        filter: None,
        numerator: &["Duration_0-10_days", "Duration_11-15_days"],
        denominator: Denominator::Column("ICPC"),
        published: None,
        long: None,
    },
    Measure {
        reference: "CIN19",
        file: "d5_cpps_at31march_by_duration_2013_to_2025.csv",
        filter: None,
        numerator: &["CPP_At31"],
        denominator: Denominator::Population,
        published: None,
        long: None,
    },
    Measure {
        reference: "SG14",
        file: "d5_cpps_at31march_by_duration_2013_to_2025.csv",
        filter: None,
        numerator: &["2_years_or_more"],
        denominator: Denominator::Column("CPP_At31"),
        published: Some("2_years_or_more_percent"),
        long: None,
    },
    Measure {
        reference: "CF2",
        file: "cla_number_and_rate_per_10k_children.csv",
        filter: Some((
            "population_type",
            "Children looked after on 31 March each year",
        )),
        numerator: &["children_count"],
        denominator: Denominator::Column("population_estimate"),
        published: Some("rate_per_10000"),
        long: None,
    },
    Measure {
        reference: "CF4",
        file: "la_cla_placement_stability.csv",
        filter: None,
        numerator: &[],
        denominator: Denominator::Column(""),
        published: None,
        long: Some(Long {
            group: ("cla_group", "CLA on 31 March"),
            breakdown: "placement_stability",
            numerator: "With 3 or more placements during the year",
            total: "Total children",
            count: "children_count",
            percent: "children_percent",
        }),
    },
    Measure {
        reference: "CF5",
        file: "la_cla_placement_stability.csv",
        filter: None,
        numerator: &[],
        denominator: Denominator::Column(""),
        published: None,
        long: Some(Long {
            group: (
                "cla_group",
                "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years",
            ),
            breakdown: "placement_stability",
            numerator: "Living with the same carer for at least 2 years",
            total: "Total children",
            count: "children_count",
            percent: "children_percent",
        }),
    },
    Measure {
        reference: "CF23",
        file: "la_conviction_health_outcome_cla.csv",
        filter: None,
        numerator: &[],
        denominator: Denominator::Column(""),
        published: None,
        long: Some(Long {
            group: (
                "characteristic",
                "Health assessments: Children looked after all ages",
            ),
            breakdown: "breakdown",
            numerator: "Had their annual health assessment",
            total: "Total all ages",
            count: "children_count",
            percent: "children_percent",
        }),
    },
    Measure {
        reference: "CF25",
        file: "la_conviction_health_outcome_cla.csv",
        filter: None,
        numerator: &[],
        denominator: Denominator::Column(""),
        published: None,
        long: Some(Long {
            group: (
                "characteristic",
                "Health assessments: Children looked after all ages",
            ),
            breakdown: "breakdown",
            numerator: "Had their teeth checked by a dentist",
            total: "Total all ages",
            count: "children_count",
            percent: "children_percent",
        }),
    },
    // DfE publishes care leavers' activity for ages 17-18 and 19-21 separately;
    // the 19-21 figure is used for CF31 (17-21).
    Measure {
        reference: "CF31",
        file: "la_care_leavers_activity.csv",
        filter: None,
        numerator: &[],
        denominator: Denominator::Column(""),
        published: None,
        long: Some(Long {
            group: ("care_leaver_age", "19 to 21 years"),
            breakdown: "breakdown",
            numerator: "Total in education, employment or training",
            total: "Total",
            count: "care_leaver_count",
            percent: "care_leaver_percent",
        }),
    },
    Measure {
        reference: "WF4",
        file: "csww_indicators_2017_to_2025.csv",
        filter: None,
        numerator: &["agency_fte"],
        denominator: Denominator::Sum(&["agency_fte", "inpost_fte"]),
        published: Some("agency_rate_fte"),
        long: None,
    },
    Measure {
        reference: "WF6",
        file: "csww_indicators_2017_to_2025.csv",
        filter: None,
        numerator: &["cases"],
        denominator: Denominator::Ratio("case_holders_fte"),
        published: Some("caseload_fte"),
        long: None,
    },
];

/// A record of `name` the CSV reader could not read (`i` counts records
/// after the header line).
fn bad_record(name: &str, i: usize, e: &csv::Error) -> Error {
    Error::Data {
        file: name.into(),
        line: i + 2,
        message: e.to_string(),
    }
}

/// Is a cell a DfE suppression or not-applicable code?
pub fn suppressed(cell: &str) -> bool {
    matches!(
        cell.trim().to_ascii_lowercase().as_str(),
        "c" | "x" | "z" | "u" | "low" | ".." | ":" | ""
    )
}

#[derive(Debug, Clone)]
struct Row {
    level: String,
    region: String,
    old_code: String,
    new_code: String,
    name: String,
    year: i32,
    cells: HashMap<String, String>,
}

/// The DfE files, loaded.
#[derive(Debug, Clone, Default)]
pub struct DfeData {
    tables: HashMap<String, Vec<Row>>,
    /// Each LA's ten neighbours (old codes), by model (2021: the April 2021
    /// NFER groupings; 2025: the 2025 model).
    neighbours: BTreeMap<u16, HashMap<String, Vec<String>>>,
    population: Population,
    average: NeighbourAverage,
    model: NeighbourModel,
}

/// One LA's value for a measure and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaValue {
    /// Numerator.
    pub numerator: i64,
    /// Denominator (a population for rates).
    pub denominator: i64,
    /// The value: published where the file gives one, else computed.
    pub value: Decimal,
}

/// The workforce census holds FTEs with one decimal: its cells are read in
/// tenths so that sums stay exact.
fn in_tenths(m: &Measure) -> bool {
    m.file.starts_with("csww")
}

fn tenths(cell: &str) -> Option<i64> {
    if suppressed(cell) {
        return None;
    }
    let d: Decimal = cell.trim().replace(',', "").parse().ok()?;
    i64::try_from((d * Decimal::TEN).round().mantissa())
        .ok()
        .filter(|_| (d * Decimal::TEN).round().scale() == 0)
}

fn whole(cell: &str) -> Option<i64> {
    if suppressed(cell) {
        return None;
    }
    cell.trim().replace(',', "").parse::<i64>().ok()
}

impl DfeData {
    /// An empty set, using `population` for rates.
    pub fn new(population: Population) -> Self {
        DfeData {
            population,
            ..DfeData::default()
        }
    }

    /// Uses the statistics settings' neighbour average (mean or median) and
    /// neighbour model.
    pub fn with_statistics(mut self, settings: &StatisticsSettings) -> Self {
        self.average = settings.neighbour_average;
        self.model = settings.neighbour_model;
        self
    }

    /// The neighbour model used for `year` (ending 31 March): the one
    /// configured, or under `auto` the 2025 model from 2024-25 (when
    /// loaded) and the April 2021 model before.
    pub fn neighbour_model(&self, year: i32) -> Option<u16> {
        let wanted = match self.model {
            NeighbourModel::Model2021 => 2021,
            NeighbourModel::Model2025 => 2025,
            NeighbourModel::Auto if year >= 2025 => 2025,
            NeighbourModel::Auto => 2021,
        };
        if self.neighbours.contains_key(&wanted) {
            return Some(wanted);
        }
        // Under auto, fall back to the model that is loaded.
        match self.model {
            NeighbourModel::Auto => self.neighbours.keys().next_back().copied(),
            _ => None,
        }
    }

    /// Adds one published file (`name` as published, e.g.
    /// `c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv`).
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<()> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // The neighbour models: each LA's code, then SN1 and every other
        // column after it (the columns between say how close).
        if name.starts_with("sn_model_2025") {
            // old_la_code, la_name, region_ind, region_name, SN_1, SN_1P, ...
            return self.add_neighbours(name, text, 2025, 0, 4);
        }
        if name.starts_with("New_Statistical_Neighbour_Groupings") {
            // LA num, LA Name, LA number, GOInd, GOReg, SN1, SNP, ...
            return self.add_neighbours(name, text, 2021, 2, 5);
        }
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| Error::Data {
                file: name.into(),
                line: 1,
                message: e.to_string(),
            })?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let col = |n: &str| {
            headers
                .iter()
                .position(|h| h == n)
                .ok_or_else(|| Error::Data {
                    file: name.into(),
                    line: 1,
                    message: format!("missing column {n}"),
                })
        };
        let (c_year, c_level, c_region, c_old, c_new, c_name) = (
            col("time_period")?,
            col("geographic_level")?,
            col("region_name")?,
            col("old_la_code")?,
            col("new_la_code")?,
            col("la_name")?,
        );
        let mut rows = Vec::new();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|e| bad_record(name, i, &e))?;
            let get = |c: usize| rec.get(c).unwrap_or("").trim().to_string();
            let year: i32 = get(c_year).parse().map_err(|_| Error::Data {
                file: name.into(),
                line: i + 2,
                message: format!("time_period {:?} is not a year", get(c_year)),
            })?;
            rows.push(Row {
                level: get(c_level),
                region: get(c_region),
                old_code: get(c_old),
                new_code: get(c_new),
                name: get(c_name),
                year,
                cells: headers
                    .iter()
                    .cloned()
                    .zip(rec.iter().map(|s| s.trim().to_string()))
                    .collect(),
            });
        }
        self.tables.insert(name.to_string(), rows);
        Ok(())
    }

    /// Reads a neighbour model's file: each LA's code at column `code`, its
    /// ten neighbours from column `first` at every other column.
    fn add_neighbours(
        &mut self,
        name: &str,
        text: &str,
        model: u16,
        code: usize,
        first: usize,
    ) -> Result<()> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let groups = self.neighbours.entry(model).or_default();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|e| bad_record(name, i, &e))?;
            let la = rec.get(code).unwrap_or("").trim().to_string();
            let sns: Vec<String> = (0..10)
                .filter_map(|k| rec.get(first + 2 * k))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            groups.insert(la, sns);
        }
        Ok(())
    }

    fn rows<'a>(
        &'a self,
        m: &'a Measure,
        year: i32,
        level: &'a str,
    ) -> impl Iterator<Item = &'a Row> + 'a {
        self.tables
            .get(m.file)
            .into_iter()
            .flatten()
            .filter(move |r| r.year == year && r.level == level)
            .filter(move |r| {
                m.filter
                    .is_none_or(|(c, v)| r.cells.get(c).is_some_and(|x| x == v))
            })
            .filter(move |r| {
                m.long.is_none_or(|l| {
                    r.cells.get(l.group.0).is_some_and(|x| x == l.group.1)
                        && r.cells.get(l.breakdown).is_some_and(|x| x == l.numerator)
                })
            })
    }

    /// The total row of a long measure for the same geography as `r`.
    fn total_row<'a>(&'a self, m: &Measure, l: &Long, r: &Row) -> Option<&'a Row> {
        self.tables.get(m.file)?.iter().find(|t| {
            t.year == r.year
                && t.level == r.level
                && t.region == r.region
                && t.new_code == r.new_code
                && t.name == r.name
                && t.cells.get(l.group.0).is_some_and(|x| x == l.group.1)
                && t.cells.get(l.breakdown).is_some_and(|x| x == l.total)
        })
    }

    fn parts(&self, m: &Measure, r: &Row) -> Option<(i64, i64)> {
        if let Some(l) = &m.long {
            let num = whole(r.cells.get(l.count)?)?;
            let den = whole(self.total_row(m, l, r)?.cells.get(l.count)?)?;
            return Some((num, den));
        }
        let cell = |c: &str| -> Option<i64> {
            let v = r.cells.get(c)?;
            if in_tenths(m) { tenths(v) } else { whole(v) }
        };
        let mut num = 0;
        for c in m.numerator {
            num += cell(c)?;
        }
        let den = match m.denominator {
            Denominator::Column(c) | Denominator::Ratio(c) => cell(c)?,
            Denominator::Sum(cols) => {
                let mut t = 0;
                for c in cols {
                    t += cell(c)?;
                }
                t
            }
            // DfE rates for the year ending 31 March use the previous mid-year estimate.
            Denominator::Population => self
                .population
                .for_period(&r.new_code, Month::new(r.year - 1, 12)?)?,
        };
        Some((num, den))
    }

    fn compute(m: &Measure, num: i64, den: i64) -> Option<Decimal> {
        match m.denominator {
            Denominator::Ratio(_) => (den != 0).then(|| Decimal::from(num) / Decimal::from(den)),
            Denominator::Sum(_) => percent(num, den),
            Denominator::Population => rate_per_10k(num, den),
            Denominator::Column(_) if m.reference == "CF2" => rate_per_10k(num, den),
            Denominator::Column(_) => percent(num, den),
        }
    }

    /// The measure for `reference`.
    pub fn measure(reference: &str) -> Option<&'static Measure> {
        MEASURES.iter().find(|m| m.reference == reference)
    }

    /// One LA's value (by new code, old code or name); `None` when
    /// suppressed or absent.
    pub fn la(&self, reference: &str, la: &str, year: i32) -> Option<LaValue> {
        let m = Self::measure(reference)?;
        let r = self
            .rows(m, year, "Local authority")
            .find(|r| r.new_code == la || r.old_code == la || r.name.eq_ignore_ascii_case(la))?;
        self.row_value(m, r)
    }

    fn row_value(&self, m: &Measure, r: &Row) -> Option<LaValue> {
        let (numerator, denominator) = self.parts(m, r)?;
        let published_col = m.long.map(|l| l.percent).or(m.published);
        let value = match published_col.and_then(|c| r.cells.get(c)) {
            Some(p) if !suppressed(p) => p.parse().ok()?,
            Some(_) => return None,
            None => Self::compute(m, numerator, denominator)?,
        };
        Some(LaValue {
            numerator,
            denominator,
            value,
        })
    }

    /// England or a region computed from the LA rows (sum over sum), with
    /// the LAs left out because suppressed. `region` `None` is England.
    pub fn aggregate(
        &self,
        reference: &str,
        region: Option<&str>,
        year: i32,
    ) -> Option<(Decimal, Vec<String>)> {
        let m = Self::measure(reference)?;
        let (mut n, mut d, mut left_out) = (0, 0, Vec::new());
        for r in self
            .rows(m, year, "Local authority")
            .filter(|r| region.is_none_or(|g| r.region == g))
        {
            match self.parts(m, r) {
                Some((a, b)) => {
                    n += a;
                    d += b;
                }
                None => left_out.push(r.name.clone()),
            }
        }
        Some((Self::compute(m, n, d)?, left_out))
    }

    /// The published National (or Regional) figure: the file's published
    /// column, or its numerator over its denominator.
    pub fn published(&self, reference: &str, region: Option<&str>, year: i32) -> Option<Decimal> {
        let m = Self::measure(reference)?;
        let level = if region.is_some() {
            "Regional"
        } else {
            "National"
        };
        let r = self
            .rows(m, year, level)
            .find(|r| region.is_none_or(|g| r.region == g))?;
        if let Some(p) = m
            .long
            .map(|l| l.percent)
            .or(m.published)
            .and_then(|c| r.cells.get(c))
            && !suppressed(p)
        {
            return p.parse().ok();
        }
        if m.long.is_some() {
            return None;
        }
        let mut num = 0;
        for c in m.numerator {
            num += whole(r.cells.get(*c)?)?;
        }
        match m.denominator {
            Denominator::Column(c) => Self::compute(m, num, whole(r.cells.get(c)?)?),
            // Published measures of these kinds carry their own column.
            Denominator::Population | Denominator::Sum(_) | Denominator::Ratio(_) => None,
        }
    }

    /// Regions named in the LA rows of a measure's file for `year`.
    pub fn regions(&self, reference: &str, year: i32) -> Vec<String> {
        let Some(m) = Self::measure(reference) else {
            return Vec::new();
        };
        let mut v: Vec<String> = self
            .rows(m, year, "Local authority")
            .map(|r| r.region.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The LA's statistical-neighbour average (old code, e.g. `357`): the
    /// mean of the neighbours' values, or their median when so configured
    /// ([`DfeData::with_statistics`]), under the model for `year`; and how
    /// many neighbours it used.
    pub fn statistical_neighbours(
        &self,
        reference: &str,
        la_old_code: &str,
        year: i32,
    ) -> Option<(Decimal, u32)> {
        let model = self.neighbour_model(year)?;
        let sns = self.neighbours.get(&model)?.get(la_old_code)?;
        let mut values: Vec<Decimal> = sns
            .iter()
            .filter_map(|c| self.la(reference, c, year))
            .map(|v| v.value)
            .collect();
        if values.is_empty() {
            return None;
        }
        let n = values.len();
        let average = match self.average {
            NeighbourAverage::Mean => values.iter().sum::<Decimal>() / Decimal::from(n as u64),
            NeighbourAverage::Median => {
                values.sort();
                if n % 2 == 1 {
                    values[n / 2]
                } else {
                    (values[n / 2 - 1] + values[n / 2]) / Decimal::TWO
                }
            }
        };
        Some((average, n as u32))
    }

    /// Every LA's published value of `reference` in `year` (ending 31
    /// March), suppressed ones left out.
    pub fn all_las(&self, reference: &str, year: i32) -> Vec<(String, Decimal)> {
        let Some(m) = Self::measure(reference) else {
            return Vec::new();
        };
        self.rows(m, year, "Local authority")
            .filter_map(|r| Some((r.new_code.clone(), self.row_value(m, r)?.value)))
            .collect()
    }

    /// The LA's rank and quartile band among all LAs for `reference` in
    /// `year`, and the year before's (see [`scorecard_core::benchmark`]);
    /// `None` when the LA has no published value that year.
    pub fn benchmark(
        &self,
        reference: &str,
        la: &str,
        year: i32,
        polarity: Polarity,
        precision: u32,
    ) -> Option<Benchmark> {
        let place = |year: i32| -> Option<(Ranked, Decimal)> {
            let value = self.la(reference, la, year)?.value;
            let all: Vec<Decimal> = self
                .all_las(reference, year)
                .into_iter()
                .map(|(_, v)| v)
                .collect();
            Some((rank(value, &all, polarity, precision)?, value))
        };
        let vintage = |year: i32| Vintage::FinancialYear(FinancialYear::starting(year - 1));
        let (now, value) = place(year)?;
        Some(Benchmark {
            rank: now.rank,
            of: now.of,
            band: now.band,
            value,
            vintage: vintage(year),
            previous: place(year - 1).map(|(p, v)| {
                Box::new(Benchmark {
                    rank: p.rank,
                    of: p.of,
                    band: p.band,
                    value: v,
                    vintage: vintage(year - 1),
                    previous: None,
                })
            }),
        })
    }

    /// Comparator values (England, region, statistical neighbours) for every
    /// mapped measure, for an LA (new code, old code or name) in `year` (year
    /// ending 31 March).
    pub fn comparators(&self, la: &str, year: i32) -> Vec<(&'static str, Vec<ComparatorValue>)> {
        let vintage = Vintage::FinancialYear(FinancialYear::starting(year - 1));
        let mut out = Vec::new();
        for m in MEASURES {
            let Some(la_row) = self
                .rows(m, year, "Local authority")
                .find(|r| r.new_code == la || r.old_code == la || r.name.eq_ignore_ascii_case(la))
            else {
                continue;
            };
            let mut values = Vec::new();
            let mut push =
                |key: &str, kind: ComparatorKind, value: Decimal, contributors: Option<u32>| {
                    values.push(ComparatorValue {
                        set: key.to_string(),
                        kind,
                        value,
                        vintage: vintage.clone(),
                        contributors,
                    });
                };
            if let Some((v, _)) = self.aggregate(m.reference, None, year) {
                push("england", ComparatorKind::England, v, None);
            }
            if let Some((v, _)) = self.aggregate(m.reference, Some(&la_row.region), year) {
                push("region", ComparatorKind::Region, v, None);
            }
            if let Some((v, n)) = self.statistical_neighbours(m.reference, &la_row.old_code, year) {
                push(
                    "stat_neighbour",
                    ComparatorKind::StatisticalNeighbours,
                    v,
                    Some(n),
                );
            }
            out.push((m.reference, values));
        }
        out
    }
}

/// Puts DfE comparator values into a configuration: each value goes to the
/// configuration's comparator set of the same kind (England, region,
/// statistical neighbours), with its own vintage, replacing what was there.
pub fn apply_to_config(
    config: &mut scorecard_core::ScorecardConfig,
    comparators: &[(&str, Vec<ComparatorValue>)],
) {
    for (reference, values) in comparators {
        let settings = config.indicators.entry(reference.to_string()).or_default();
        for v in values {
            let Some(set) = config.comparator_sets.iter().find(|s| s.kind == v.kind) else {
                continue;
            };
            settings.comparators.insert(
                set.key.clone(),
                scorecard_core::ComparatorEntry::WithVintage {
                    value: v.value,
                    vintage: v.vintage.clone(),
                },
            );
        }
    }
}

/// Puts each mapped indicator's rank among all LAs into a configuration
/// (`IndicatorSettings::benchmark`), for `la` in `year`, reading polarity
/// and precision from the catalogue.
pub fn apply_benchmarks(
    config: &mut scorecard_core::ScorecardConfig,
    data: &DfeData,
    la: &str,
    year: i32,
    catalogue: &Catalogue,
) {
    for m in MEASURES {
        let Some(ind) = catalogue.get(m.reference) else {
            continue;
        };
        if let Some(b) = data.benchmark(m.reference, la, year, ind.polarity, ind.precision) {
            config
                .indicators
                .entry(m.reference.to_string())
                .or_default()
                .benchmark = Some(b);
        }
    }
}

/// The latest year (ending 31 March) with data for `reference` not after
/// the end of the financial year before `period`'s.
pub fn latest_year(data: &DfeData, reference: &str, period: Month) -> Option<i32> {
    let limit = period.financial_year().start_year();
    (2010..=limit).rev().find(|y| {
        data.published(reference, None, *y).is_some()
            || data.aggregate(reference, None, *y).is_some()
    })
}
