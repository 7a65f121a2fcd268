//! Dates known to a year, a month or a day.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// Year, month and day.
    Day,
}

/// A calendar date with the precision the source gives: `2014`, `2022-09` or
/// `2004-03-29`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Year (1..=9999).
    pub year: u16,
    /// Month 1..=12, when known.
    pub month: Option<u8>,
    /// Day of month, when known.
    pub day: Option<u8>,
}

impl PartialDate {
    /// How much of this date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking the calendar.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "`{s}` is not a date; expected `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (e.g. \"2004-03-29\", \"2022-09\", \"2014\")"
            )
        };
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, String> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let year = num(parts.first().copied().unwrap_or_default(), 4)?;
        if year == 0 {
            return Err(format!("`{s}`: year 0 does not exist"));
        }
        let month = match parts.get(1) {
            Some(p) => Some(num(p, 2)?),
            None => None,
        };
        let day = match parts.get(2) {
            Some(p) => Some(num(p, 2)?),
            None => None,
        };
        if parts.len() > 3 {
            return Err(bad());
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!("`{s}`: month {m} is out of range 1..=12"));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let max = days_in_month(year, m);
            if d == 0 || d > max {
                return Err(format!("`{s}`: day {d} is out of range 1..={max} for that month"));
            }
        }
        // The bounds were checked above, so the narrowing casts cannot truncate.
        Ok(PartialDate {
            year: year as u16,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        })
    }

    /// The first day this date can mean (for sorting and drawing).
    pub fn first_day(&self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Days since 1970-01-01 of [`Self::first_day`], for timestamps and chart axes.
    pub fn days_since_epoch(&self) -> i64 {
        let (y, m, d) = self.first_day();
        days_from_civil(i64::from(y), u32::from(m), u32::from(d))
    }

    /// The year as a fraction (2004.24 for end of March), for chart axes.
    pub fn fractional_year(&self) -> f64 {
        let (y, m, d) = self.first_day();
        let start = days_from_civil(i64::from(y), 1, 1);
        let next = days_from_civil(i64::from(y) + 1, 1, 1);
        let here = days_from_civil(i64::from(y), u32::from(m), u32::from(d));
        f64::from(y) + (here - start) as f64 / (next - start) as f64
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

fn is_leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days-from-civil algorithm.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;

        impl<'de> Visitor<'de> for DateVisitor {
            type Value = PartialDate;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a date: \"YYYY-MM-DD\", \"YYYY-MM\", \"YYYY\", a year number or a TOML date",
                )
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
                PartialDate::parse(v).map_err(E::custom)
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PartialDate, E> {
                if (1..=9999).contains(&v) {
                    PartialDate::parse(&format!("{v:04}")).map_err(E::custom)
                } else {
                    Err(E::custom(format!("year {v} is out of range 1..=9999")))
                }
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PartialDate, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PartialDate, A::Error> {
                // TOML date literals (`start = 2004-03-29`) arrive as a datetime map.
                let dt =
                    toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (dt.date, dt.time) {
                    (Some(date), None) => {
                        PartialDate::parse(&date.to_string()).map_err(de::Error::custom)
                    }
                    _ => Err(de::Error::custom(format!(
                        "`{dt}` has a time of day; expected a plain date like 2004-03-29"
                    ))),
                }
            }
        }

        deserializer.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_rejects_bad_days() {
        assert_eq!(PartialDate::parse("2014").map(|d| d.precision()), Ok(Precision::Year));
        assert_eq!(PartialDate::parse("2022-09").map(|d| d.precision()), Ok(Precision::Month));
        assert_eq!(PartialDate::parse("2004-03-29").map(|d| d.precision()), Ok(Precision::Day));
        assert!(PartialDate::parse("2023-02-29").is_err());
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert!(PartialDate::parse("2024-13").is_err());
        assert!(PartialDate::parse("24-01-01").is_err());
        assert_eq!(PartialDate::parse("1970-01-02").map(|d| d.days_since_epoch()), Ok(1));
    }
}
