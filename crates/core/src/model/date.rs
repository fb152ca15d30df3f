//! [`Date`]: a calendar day, with no time and no time zone.
//!
//! Core has no clock: the caller says which day it is. A message's date is the day at the
//! location it is sent to (the location's time zone turns an instant into that day, outside
//! core). Dates travel as `YYYY-MM-DD`.

use std::fmt;
use std::str::FromStr;

/// A day of the proleptic Gregorian calendar.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    /// Days since 1970-01-01.
    days: i32,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not a date: write it as YYYY-MM-DD, for example 2026-12-03")]
pub struct ParseDateError {
    pub text: String,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// 1970-01-01.
    pub const EPOCH: Date = Date { days: 0 };

    /// The date `year-month-day`, if that day exists (years 1..=9999).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i32::try_from(month).ok()?;
        let d = i32::try_from(day).ok()?;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Self {
            days: era * 146_097 + doe - 719_468,
        })
    }

    /// Year, month (1–12) and day (1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i32::from(month <= 2);
        // Both are small positive numbers by construction.
        (
            year,
            u32::try_from(month).unwrap_or(1),
            u32::try_from(day).unwrap_or(1),
        )
    }

    /// The day `days` later (earlier when negative).
    pub fn add_days(self, days: i32) -> Self {
        Self {
            days: self.days.saturating_add(days),
        }
    }

    /// How many days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i32 {
        later.days - self.days
    }

    /// A short form for sentences: "3 Dec", or "3 Dec 2027" when `year_too`.
    pub fn short(self, year_too: bool) -> String {
        let (year, month, day) = self.ymd();
        let name = MONTHS[usize::try_from(month - 1).unwrap_or(0)];
        if year_too {
            format!("{day} {name} {year}")
        } else {
            format!("{day} {name}")
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.ymd();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl FromStr for Date {
    type Err = ParseDateError;

    fn from_str(text: &str) -> Result<Self, ParseDateError> {
        let err = || ParseDateError { text: text.into() };
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(err());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(err());
        }
        let year = y.parse().map_err(|_| err())?;
        let month = m.parse().map_err(|_| err())?;
        let day = d.parse().map_err(|_| err())?;
        Date::from_ymd(year, month, day).ok_or_else(err)
    }
}

impl TryFrom<String> for Date {
    type Error = ParseDateError;

    fn try_from(text: String) -> Result<Self, ParseDateError> {
        text.parse()
    }
}

impl From<Date> for String {
    fn from(date: Date) -> String {
        date.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_text_and_days() {
        for text in [
            "1970-01-01",
            "2000-02-29",
            "2026-12-03",
            "2024-12-31",
            "1999-03-01",
        ] {
            let date: Date = text.parse().expect("a valid date");
            assert_eq!(
                date.to_string(),
                text,
                "printing a parsed date gives the same text"
            );
            let (y, m, d) = date.ymd();
            assert_eq!(Date::from_ymd(y, m, d), Some(date), "ymd round-trips");
        }
        let epoch: Date = "1970-01-01".parse().expect("valid");
        assert_eq!(
            epoch.add_days(365).to_string(),
            "1971-01-01",
            "1970 has 365 days"
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        for text in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-01",
            "2026-00-10",
            "tomorrow",
            "2026-04-31",
        ] {
            assert!(
                text.parse::<Date>().is_err(),
                "{text} is not a day of the calendar"
            );
        }
    }

    #[test]
    fn short_form_reads_like_a_sentence() {
        let date: Date = "2026-12-03".parse().expect("valid");
        assert_eq!(
            date.short(false),
            "3 Dec",
            "admins read dates as day and month"
        );
    }
}
