//! How the TUI writes a time the server gave (RFC 3339, UTC): in local
//! time, UTC or relative ("3 min ago"), as the config's `time-format`
//! says. The program installs the config's format once at start; without
//! one (tests) times are shown in UTC, the same on every machine.

use std::sync::OnceLock;

use chrono::{DateTime, Local, Utc};

use crate::config::TimeFormat;

static INSTALLED: OnceLock<TimeFormat> = OnceLock::new();

/// Makes `format` the one in force for the rest of the process (once).
pub fn install(format: TimeFormat) {
    let _ = INSTALLED.set(format);
}

/// The format in force: the installed one, else UTC.
#[must_use]
pub fn active() -> TimeFormat {
    INSTALLED.get().copied().unwrap_or(TimeFormat::Utc)
}

/// A short time for a list row (`12-01 18:42`, or `3 min ago`), in the
/// format in force; text that is no time is shown as it came.
#[must_use]
pub fn short(at: &str) -> String {
    short_in(at, active(), Utc::now())
}

/// A full time for a detail view (`2026-12-01 18:42:07 +01:00`, `... UTC`,
/// or `3 min ago (2026-12-01 17:42 UTC)`), in the format in force.
#[must_use]
pub fn full(at: &str) -> String {
    full_in(at, active(), Utc::now())
}

fn parse(at: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// [`short`] in `format`, as of `now`.
#[must_use]
pub fn short_in(at: &str, format: TimeFormat, now: DateTime<Utc>) -> String {
    let Some(t) = parse(at) else {
        return at.to_owned();
    };
    match format {
        TimeFormat::Local => t.with_timezone(&Local).format("%m-%d %H:%M").to_string(),
        TimeFormat::Utc => t.format("%m-%d %H:%M").to_string(),
        TimeFormat::Relative => ago(t, now),
    }
}

/// [`full`] in `format`, as of `now`.
#[must_use]
pub fn full_in(at: &str, format: TimeFormat, now: DateTime<Utc>) -> String {
    let Some(t) = parse(at) else {
        return at.to_owned();
    };
    match format {
        TimeFormat::Local => t
            .with_timezone(&Local)
            .format("%Y-%m-%d %H:%M:%S %:z")
            .to_string(),
        TimeFormat::Utc => t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        TimeFormat::Relative => format!("{} ({})", ago(t, now), t.format("%Y-%m-%d %H:%M UTC")),
    }
}

/// How long before `now` `t` was, in its largest whole unit.
fn ago(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - t).num_seconds();
    if secs < 0 {
        return "just now".to_owned();
    }
    match secs {
        0..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86_400 => format!("{} h ago", secs / 3600),
        _ => format!("{} d ago", secs / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_writes_the_time_its_way() {
        let now = parse("2026-12-01T18:42:00Z").unwrap();
        let at = "2026-12-01T15:40:30.000Z";
        assert_eq!(short_in(at, TimeFormat::Utc, now), "12-01 15:40");
        assert_eq!(short_in(at, TimeFormat::Relative, now), "3 h ago");
        assert_eq!(full_in(at, TimeFormat::Utc, now), "2026-12-01 15:40:30 UTC");
        assert_eq!(
            full_in(at, TimeFormat::Relative, now),
            "3 h ago (2026-12-01 15:40 UTC)"
        );
        let local = short_in(at, TimeFormat::Local, now);
        assert_eq!(local.len(), "12-01 15:40".len(), "{local}");
        assert_eq!(
            short_in("2026-12-01T18:41:30Z", TimeFormat::Relative, now),
            "just now"
        );
        assert_eq!(
            short_in("2026-11-28T18:00:00Z", TimeFormat::Relative, now),
            "3 d ago"
        );
        assert_eq!(short_in("not a time", TimeFormat::Utc, now), "not a time");
    }
}
