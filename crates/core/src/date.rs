//! Calendar dates as forms use them: `YYYY-MM-DD`, no time zone, no clock.
//!
//! The core never reads a clock (it would panic on wasm32-unknown-unknown and would make
//! answers depend on when a test runs), so "today" is always a [`Date`] the caller passes in.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Text that is not a valid `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date in the form YYYY-MM-DD")]
pub struct InvalidDate(pub String);

impl Date {
    /// The date, if the day exists in that month and year (years 1 to 9999, as the text form
    /// has exactly four digits).
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01, which is what a date turns into in arithmetic, as in XLSForm.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil: shift the year to start in March so that the leap
        // day is the last day of the shifted year.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for Date {
    type Err = InvalidDate;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidDate(s.to_owned());
        let bytes = s.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(invalid());
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = &bytes[range];
            part.iter().all(u8::is_ascii_digit).then(|| {
                part.iter()
                    .fold(0_u32, |acc, b| acc * 10 + u32::from(b - b'0'))
            })
        };
        let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10))
        else {
            return Err(invalid());
        };
        let (Ok(year), Ok(month), Ok(day)) =
            (i32::try_from(year), u8::try_from(month), u8::try_from(day))
        else {
            return Err(invalid());
        };
        Date::from_ymd(year, month, day).ok_or_else(invalid)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_real_dates_only() {
        let date: Date = "2024-02-29".parse().unwrap();
        assert_eq!(date.to_string(), "2024-02-29");
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2024-13-01".parse::<Date>().is_err());
        assert!("2024-1-01".parse::<Date>().is_err());
        assert!("24-01-01x".parse::<Date>().is_err());
        assert!("٢٠٢٤-٠١-٠١".parse::<Date>().is_err());
        assert!("0000-01-01".parse::<Date>().is_err());
    }

    #[test]
    fn counts_days_from_the_unix_epoch() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::from_ymd(1970, 1, 2).unwrap().days_since_epoch(), 1);
        assert_eq!(Date::from_ymd(1969, 12, 31).unwrap().days_since_epoch(), -1);
        assert_eq!(
            Date::from_ymd(2000, 3, 1).unwrap().days_since_epoch(),
            11_017
        );
        assert_eq!(
            Date::from_ymd(2026, 11, 22).unwrap().days_since_epoch()
                - Date::from_ymd(2025, 11, 22).unwrap().days_since_epoch(),
            365
        );
    }

    #[test]
    fn serializes_as_a_string() {
        let date = Date::from_ymd(2026, 1, 5).unwrap();
        assert_eq!(serde_json::to_string(&date).unwrap(), "\"2026-01-05\"");
        assert_eq!(
            serde_json::from_str::<Date>("\"2026-01-05\"").unwrap(),
            date
        );
        assert!(serde_json::from_str::<Date>("\"2026-01-32\"").is_err());
    }
}
