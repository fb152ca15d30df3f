//! Office hours: when a location answers the phone, so the portal can tell a patient who
//! writes outside them that nobody reads messages until the next opening.
//!
//! Words: a [`TimeOfDay`] is a wall-clock time at the location (minutes after midnight, no
//! time zone: the caller already turned an instant into the location's day and time); a
//! [`Opening`] is one span on one [`Weekday`], from `open` (included) to `close` (excluded);
//! [`OfficeHours`] are a location's openings. A location without openings has no hours set,
//! and is never "after hours".

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::Date;

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    /// Monday to Sunday.
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// "Monday".
    pub fn name(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }

    /// The weekday of `date`.
    pub fn of(date: Date) -> Weekday {
        // 1970-01-01 was a Thursday (index 3 from Monday).
        let index = (Date::EPOCH.days_until(date) + 3).rem_euclid(7);
        Weekday::ALL[usize::try_from(index).unwrap_or(0)]
    }
}

/// A wall-clock time, in minutes after midnight (0..=1440; 1440 is the end of the day).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct TimeOfDay(u16);

/// Why a text is not a time of day.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{text}\" is not a time: write it as HH:MM on a 24-hour clock, for example 08:30 or 17:00"
)]
pub struct ParseTimeError {
    pub text: String,
}

impl TimeOfDay {
    /// Midnight at the start of the day.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);
    /// Midnight at the end of the day (a closing time only).
    pub const END_OF_DAY: TimeOfDay = TimeOfDay(24 * 60);

    /// `hour:minute`, if it is a time (24:00 is the end of the day).
    pub fn new(hour: u16, minute: u16) -> Option<Self> {
        let total = hour.checked_mul(60)?.checked_add(minute)?;
        (minute < 60 && total <= 24 * 60).then_some(Self(total))
    }

    /// Minutes after midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl FromStr for TimeOfDay {
    type Err = ParseTimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || ParseTimeError {
            text: text.to_owned(),
        };
        let (hour, minute) = text.trim().split_once(':').ok_or_else(err)?;
        let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
            (lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<u16>().ok())
                .flatten()
        };
        // Hours take one or two digits; minutes always two ("8:5" reads as 08:05 to nobody).
        let hour = digits(hour, 1..=2).ok_or_else(err)?;
        let minute = digits(minute, 2..=2).ok_or_else(err)?;
        Self::new(hour, minute).ok_or_else(err)
    }
}

impl TryFrom<String> for TimeOfDay {
    type Error = ParseTimeError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<TimeOfDay> for String {
    fn from(time: TimeOfDay) -> Self {
        time.to_string()
    }
}

/// One span of office hours: `day` from `open` until `close`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Opening {
    pub day: Weekday,
    pub open: TimeOfDay,
    pub close: TimeOfDay,
}

impl Opening {
    /// Whether `time` on `day` falls in this span (`open` included, `close` excluded).
    pub fn covers(&self, day: Weekday, time: TimeOfDay) -> bool {
        self.day == day && self.open <= time && time < self.close
    }
}

/// A location's office hours, as a list of openings (several per day for a lunch break).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OfficeHours(pub Vec<Opening>);

/// Why office hours cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error(
        "On {day} the office opens at {open} but closes at {close}: the closing time must come after the opening time."
    )]
    ClosesBeforeOpening {
        day: &'static str,
        open: TimeOfDay,
        close: TimeOfDay,
    },
    #[error(
        "On {day} the hours {first} and {second} overlap: join them into one span or move one."
    )]
    Overlap {
        day: &'static str,
        first: String,
        second: String,
    },
}

impl OfficeHours {
    /// Whether hours are set at all.
    pub fn is_set(&self) -> bool {
        !self.0.is_empty()
    }

    /// Whether no hours are set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `time` on `date` is outside office hours. Never true when no hours are set.
    pub fn is_after_hours(&self, date: Date, time: TimeOfDay) -> bool {
        let day = Weekday::of(date);
        self.is_set() && !self.0.iter().any(|opening| opening.covers(day, time))
    }

    /// The openings of `day`, earliest first.
    pub fn on(&self, day: Weekday) -> Vec<Opening> {
        let mut spans: Vec<Opening> = self.0.iter().filter(|o| o.day == day).copied().collect();
        spans.sort();
        spans
    }

    /// The hours with every span checked: each closes after it opens and none overlap.
    pub fn check(&self) -> Result<(), HoursError> {
        for day in Weekday::ALL {
            let spans = self.on(day);
            for opening in &spans {
                if opening.close <= opening.open {
                    return Err(HoursError::ClosesBeforeOpening {
                        day: day.name(),
                        open: opening.open,
                        close: opening.close,
                    });
                }
            }
            for pair in spans.windows(2) {
                if pair[1].open < pair[0].close {
                    return Err(HoursError::Overlap {
                        day: day.name(),
                        first: format!("{}–{}", pair[0].open, pair[0].close),
                        second: format!("{}–{}", pair[1].open, pair[1].close),
                    });
                }
            }
        }
        Ok(())
    }

    /// The same hours in a canonical order (by day, then time), for comparisons and display.
    pub fn sorted(mut self) -> Self {
        self.0.sort();
        self.0.dedup();
        self
    }

    /// The openings of `day` as an admin types them: "08:00-12:00, 13:00-17:00"; empty: closed.
    pub fn day_text(&self, day: Weekday) -> String {
        let spans: Vec<String> = (self.on(day).iter())
            .map(|o| format!("{}-{}", o.open, o.close))
            .collect();
        spans.join(", ")
    }

    /// These hours with `day`'s openings replaced by those `text` lists (see
    /// [`OfficeHours::day_text`]; empty: closed that day), checked.
    pub fn with_day_text(&self, day: Weekday, text: &str) -> Result<OfficeHours, String> {
        let mut spans: Vec<Opening> = self.0.iter().filter(|o| o.day != day).copied().collect();
        for part in text
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
        {
            let (open, close) = part
                .split_once('-')
                .or_else(|| part.split_once('–'))
                .ok_or_else(|| {
                    format!("{}: \"{part}\" is not a span of hours. Write it like 08:00-17:00, with a comma between spans.", day.name())
                })?;
            let time = |text: &str| {
                text.parse::<TimeOfDay>()
                    .map_err(|err| format!("{}: {err}", day.name()))
            };
            spans.push(Opening {
                day,
                open: time(open)?,
                close: time(close)?,
            });
        }
        let hours = OfficeHours(spans).sorted();
        hours.check().map_err(|err| err.to_string())?;
        Ok(hours)
    }

    /// Weekdays `open`–`close`, Monday to Friday: a common starting point.
    pub fn weekdays(open: TimeOfDay, close: TimeOfDay) -> Self {
        Self(
            Weekday::ALL[..5]
                .iter()
                .map(|&day| Opening { day, open, close })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> TimeOfDay {
        text.parse().expect("a time")
    }

    #[test]
    fn weekdays_of_known_dates() {
        let date = |text: &str| text.parse::<Date>().expect("a date");
        assert_eq!(Weekday::of(Date::EPOCH), Weekday::Thursday, "1970-01-01");
        assert_eq!(Weekday::of(date("2026-11-22")), Weekday::Sunday);
        assert_eq!(Weekday::of(date("2026-11-23")), Weekday::Monday);
        assert_eq!(
            Weekday::of(date("1969-12-31")),
            Weekday::Wednesday,
            "before the epoch"
        );
        assert_eq!(
            Weekday::of(date("2000-02-29")),
            Weekday::Tuesday,
            "leap day"
        );
    }

    #[test]
    fn times_parse_and_print() {
        assert_eq!(t("08:30").minutes(), 510);
        assert_eq!(t("8:30").to_string(), "08:30", "one-digit hours are fine");
        assert_eq!(t("24:00"), TimeOfDay::END_OF_DAY);
        for bad in [
            "", "8", "25:00", "12:60", "24:01", "ab:cd", "8:5", "-1:00", "123:00",
        ] {
            let err = bad.parse::<TimeOfDay>().expect_err(bad);
            assert!(
                err.to_string().contains("HH:MM"),
                "{bad}: says the form: {err}"
            );
        }
        let json = serde_json::to_string(&t("17:05")).expect("serialises");
        assert_eq!(json, "\"17:05\"");
    }

    #[test]
    fn after_hours_edges() {
        let hours = OfficeHours::weekdays(t("08:00"), t("17:00"));
        let monday: Date = "2026-11-23".parse().expect("date");
        let sunday: Date = "2026-11-22".parse().expect("date");
        assert!(
            !hours.is_after_hours(monday, t("08:00")),
            "opening minute is open"
        );
        assert!(!hours.is_after_hours(monday, t("16:59")));
        assert!(
            hours.is_after_hours(monday, t("17:00")),
            "closing minute is closed"
        );
        assert!(hours.is_after_hours(monday, t("07:59")));
        assert!(
            hours.is_after_hours(sunday, t("12:00")),
            "no hours on Sunday"
        );
        assert!(
            !OfficeHours::default().is_after_hours(sunday, t("03:00")),
            "no hours set: never after hours"
        );
    }

    #[test]
    fn hours_are_typed_per_day() {
        let hours = OfficeHours::weekdays(t("08:00"), t("17:00"));
        assert_eq!(hours.day_text(Weekday::Monday), "08:00-17:00");
        assert_eq!(hours.day_text(Weekday::Sunday), "");
        let split = hours
            .with_day_text(Weekday::Monday, "13:00-17:00, 8:00-12:00")
            .expect("two spans");
        assert_eq!(
            split.day_text(Weekday::Monday),
            "08:00-12:00, 13:00-17:00",
            "sorted"
        );
        assert_eq!(split.on(Weekday::Tuesday).len(), 1, "other days kept");
        let closed = hours.with_day_text(Weekday::Friday, " ").expect("closed");
        assert!(closed.on(Weekday::Friday).is_empty());
        let err = hours
            .with_day_text(Weekday::Friday, "9 to 5")
            .expect_err("not a span");
        assert!(
            err.starts_with("Friday") && err.contains("08:00-17:00"),
            "{err}"
        );
        let err = hours
            .with_day_text(Weekday::Friday, "17:00-09:00")
            .expect_err("backwards");
        assert!(err.contains("must come after"), "{err}");
    }

    #[test]
    fn check_names_the_day_and_the_fix() {
        let mut hours = OfficeHours::weekdays(t("08:00"), t("12:00"));
        hours.0.push(Opening {
            day: Weekday::Tuesday,
            open: t("11:00"),
            close: t("17:00"),
        });
        let err = hours.check().expect_err("overlap").to_string();
        assert!(err.contains("Tuesday") && err.contains("overlap"), "{err}");
        let backwards = OfficeHours(vec![Opening {
            day: Weekday::Friday,
            open: t("17:00"),
            close: t("09:00"),
        }]);
        let err = backwards.check().expect_err("backwards").to_string();
        assert!(
            err.contains("Friday") && err.contains("must come after"),
            "{err}"
        );
        assert_eq!(
            OfficeHours::weekdays(t("08:00"), t("17:00")).check(),
            Ok(())
        );
    }
}
