//! How old a fact may be: the dataset's `max_age`, and the date an item is
//! as of (its own `as_of`, else its source's publication or retrieval date).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::date::PartialDate;

/// The unit of a [`MaxAge`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeUnit {
    /// Calendar days.
    Days,
    /// Weeks of seven days.
    Weeks,
    /// Calendar months.
    Months,
    /// Calendar years.
    Years,
}

/// A freshness limit as the dataset writes it (`max_age = "12 months"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxAge {
    /// How many units (1 or more).
    pub amount: u32,
    /// Of what.
    pub unit: AgeUnit,
}

/// Largest amount accepted: a limit of more than a thousand years is a typo.
const MAX_AMOUNT: u32 = 100_000;

impl MaxAge {
    /// Parses `"12 months"`, `"2 years"`, `"90 days"`, `"6 weeks"` (singular
    /// or plural unit, any spacing), in the words of the error a user reads.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "`{s}` is not a length of time; write a whole number and a unit: \"12 months\", \"2 years\", \"90 days\" or \"6 weeks\""
            )
        };
        let t = s.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (number, unit) = t.split_at(split);
        let amount: u32 = number.parse().map_err(|_| bad())?;
        let unit = match unit.trim().to_ascii_lowercase().as_str() {
            "day" | "days" => AgeUnit::Days,
            "week" | "weeks" => AgeUnit::Weeks,
            "month" | "months" => AgeUnit::Months,
            "year" | "years" => AgeUnit::Years,
            _ => return Err(bad()),
        };
        if amount == 0 {
            return Err(format!("`{s}`: an age of 0 would make every item stale; write 1 or more"));
        }
        if amount > MAX_AMOUNT {
            return Err(format!("`{s}` is implausibly long; write at most {MAX_AMOUNT}"));
        }
        Ok(MaxAge { amount, unit })
    }

    /// The earliest day (year, month, day) an item may be as of, for a
    /// dataset as of `as_of`: its first day, `self` earlier.
    pub fn cutoff(&self, as_of: &PartialDate) -> (i64, u32, u32) {
        let (y, m, d) = as_of.first_day();
        let (y, m, d) = (i64::from(y), u32::from(m), u32::from(d));
        let n = i64::from(self.amount);
        match self.unit {
            AgeUnit::Days | AgeUnit::Weeks => {
                let days = if self.unit == AgeUnit::Weeks { n * 7 } else { n };
                civil_from_days(days_from_civil(y, m, d) - days)
            }
            AgeUnit::Months | AgeUnit::Years => {
                let months = if self.unit == AgeUnit::Years { n * 12 } else { n };
                let total = y * 12 + i64::from(m - 1) - months;
                let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
                // 31 March less a month is the last day of February.
                (y, m, d.min(days_in_month(y, m)))
            }
        }
    }
}

impl fmt::Display for MaxAge {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let unit = match self.unit {
            AgeUnit::Days => "day",
            AgeUnit::Weeks => "week",
            AgeUnit::Months => "month",
            AgeUnit::Years => "year",
        };
        write!(f, "{} {unit}{}", self.amount, if self.amount == 1 { "" } else { "s" })
    }
}

impl<'de> Deserialize<'de> for MaxAge {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AgeVisitor;
        impl Visitor<'_> for AgeVisitor {
            type Value = MaxAge;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an age such as \"12 months\", \"2 years\" or \"90 days\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MaxAge, E> {
                MaxAge::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(AgeVisitor)
    }
}

/// Where the date an item is as of comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    /// The item's own `as_of`.
    Own,
    /// Its source's `published`.
    Published,
    /// Its source's `accessed`.
    Accessed,
}

/// The date an item is as of: its own `as_of`, else the date its source was
/// published, else the date it was read; `None` when none is known (the
/// item is then as of the dataset's `as_of`). A page read in 2026 does not
/// make a figure it printed in 2023 a figure of 2026, so publication comes first.
/// `source` is the cited source's `(published, accessed)`.
pub fn item_date(
    as_of: Option<PartialDate>,
    source: Option<(Option<PartialDate>, Option<PartialDate>)>,
) -> Option<(PartialDate, Dated)> {
    let (published, accessed) = source.unwrap_or_default();
    as_of
        .map(|d| (d, Dated::Own))
        .or_else(|| published.map(|d| (d, Dated::Published)))
        .or_else(|| accessed.map(|d| (d, Dated::Accessed)))
}

/// The last day a date can mean (`2024` → 31 December 2024): an item is
/// stale only when even that day is before the cutoff.
pub fn last_day(d: &PartialDate) -> (i64, u32, u32) {
    let y = i64::from(d.year);
    let m = d.month.map_or(12, u32::from);
    let day = d.day.map_or_else(|| days_in_month(y, m), u32::from);
    (y, m, day)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days-from-civil algorithm (as in `date`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn parses_the_units_and_refuses_anything_else() {
        assert_eq!(MaxAge::parse("12 months"), Ok(MaxAge { amount: 12, unit: AgeUnit::Months }));
        assert_eq!(MaxAge::parse("2 years"), Ok(MaxAge { amount: 2, unit: AgeUnit::Years }));
        assert_eq!(MaxAge::parse(" 90 days "), Ok(MaxAge { amount: 90, unit: AgeUnit::Days }));
        assert_eq!(MaxAge::parse("1 Week"), Ok(MaxAge { amount: 1, unit: AgeUnit::Weeks }));
        for bad in ["", "12", "months", "twelve months", "12 mnths", "-1 days", "1.5 years"] {
            let e = MaxAge::parse(bad).expect_err(bad);
            assert!(e.contains("\"12 months\""), "{bad}: {e}");
        }
        assert!(MaxAge::parse("0 days").expect_err("0").contains("1 or more"));
    }

    #[test]
    fn cutoffs_count_back_in_calendar_units() {
        let as_of = date("2026-11-01");
        assert_eq!(MaxAge::parse("12 months").map(|a| a.cutoff(&as_of)), Ok((2025, 11, 1)));
        assert_eq!(MaxAge::parse("2 years").map(|a| a.cutoff(&as_of)), Ok((2024, 11, 1)));
        assert_eq!(MaxAge::parse("90 days").map(|a| a.cutoff(&as_of)), Ok((2026, 8, 3)));
        let march = date("2024-03-31");
        assert_eq!(MaxAge::parse("1 month").map(|a| a.cutoff(&march)), Ok((2024, 2, 29)));
        assert_eq!(last_day(&date("2024")), (2024, 12, 31));
        assert_eq!(last_day(&date("2023-02")), (2023, 2, 28));
    }
}
