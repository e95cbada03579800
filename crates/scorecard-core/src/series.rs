//! A monthly series: one indicator's values by month.
//!
//! ```
//! use scorecard_core::{Month, Series, Value};
//! let jan: Month = "2024-01".parse().unwrap();
//! let mut s = Series::new();
//! s.insert(jan.pred(), Value::Count(460));
//! s.insert(jan, Value::Count(318));
//! assert_eq!(s.get(jan), Some(Value::Count(318)));
//! // the three months to January, oldest first; November is missing
//! assert_eq!(s.window(jan, 3), vec![None, Some(Value::Count(460)), Some(Value::Count(318))]);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::period::Month;
use crate::value::Value;

/// Values by month; a month with no value is absent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Series {
    values: BTreeMap<Month, Value>,
}

impl Series {
    /// An empty series.
    pub fn new() -> Self {
        Series::default()
    }

    /// Sets the value for `month`, returning any value it replaces.
    pub fn insert(&mut self, month: Month, value: Value) -> Option<Value> {
        self.values.insert(month, value)
    }

    /// The value for `month`.
    pub fn get(&self, month: Month) -> Option<Value> {
        self.values.get(&month).copied()
    }

    /// The `n` months ending with `last`, oldest first, `None` where a month
    /// has no value.
    pub fn window(&self, last: Month, n: u32) -> Vec<Option<Value>> {
        last.rolling(n.max(1))
            .months()
            .map(|m| self.get(m))
            .collect()
    }

    /// Months with values, in order.
    pub fn iter(&self) -> impl Iterator<Item = (Month, Value)> + '_ {
        self.values.iter().map(|(m, v)| (*m, *v))
    }

    /// Number of months with a value.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when no month has a value.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl FromIterator<(Month, Value)> for Series {
    fn from_iter<I: IntoIterator<Item = (Month, Value)>>(iter: I) -> Self {
        Series {
            values: iter.into_iter().collect(),
        }
    }
}
