//! The local calendar date and time of day, from the webview's clock (core takes dates, it never reads a clock).

use switchboard_core::{Date, TimeOfDay};

/// Today in the computer's time zone.
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    let (year, month, day) = (now.get_full_year(), now.get_month() + 1, now.get_date());
    i32::try_from(year)
        .ok()
        .and_then(|year| Date::from_ymd(year, month, day))
        .unwrap_or_else(|| Date::from_ymd(2026, 1, 1).expect("a valid fallback date"))
}

/// The time of day on the computer's clock, to the minute.
pub fn now() -> TimeOfDay {
    let now = js_sys::Date::new_0();
    let (hour, minute) = (now.get_hours(), now.get_minutes());
    u16::try_from(hour)
        .ok()
        .zip(u16::try_from(minute).ok())
        .and_then(|(hour, minute)| TimeOfDay::new(hour, minute))
        .unwrap_or(TimeOfDay::MIDNIGHT)
}
