//! The server's clock: Unix seconds for expiries and windows, RFC 3339 (UTC) for what the log
//! and the API show.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Now, in Unix seconds.
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// `unix` seconds as RFC 3339 text in UTC ("2026-11-30T09:15:00Z").
pub fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|time| time.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

/// Now, as RFC 3339 text with sub-second precision.
pub fn now_text() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| rfc3339(now()))
}

/// The moment an RFC 3339 text names, if it is one.
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    (text.len() <= 40)
        .then(|| OffsetDateTime::parse(text, &Rfc3339).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_as_rfc3339() {
        assert_eq!(
            rfc3339(1_796_000_000),
            "2026-11-30T00:53:20Z",
            "Unix seconds print in UTC"
        );
        assert!(parse("2026-11-30T09:15:00Z").is_some(), "UTC parses");
        assert!(
            parse("2026-11-30T09:15:00.123+01:00").is_some(),
            "offsets parse"
        );
        assert!(parse("yesterday").is_none(), "words do not");
    }
}
