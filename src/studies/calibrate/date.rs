//! Dates without a clock: civil dates as day numbers, the formats CRM exports write them in,
//! and the calendar that turns dates into the engine's working days.
//!
//! A time of day is kept only to order a deal's rows within a day. Time zones are not
//! converted: a date-time with an offset is read as the local time it states; a Unix time
//! (seconds, or milliseconds when it has 13 digits or more) is read in UTC.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date, as the number of days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i64);

/// A point in time as written: its date and the seconds since that date's midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    /// The date.
    pub date: Date,
    /// Seconds since midnight (0 when only a date was given).
    pub seconds: u32,
}

/// Years a date may have: anything outside is a typo, not a deal.
const YEARS: std::ops::RangeInclusive<i64> = 1900..=2200;

/// Days from 1970-01-01 to a civil date (proleptic Gregorian), by counting 400-year eras.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day number; the inverse of `days_from_civil`.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

impl Date {
    /// The date of a year, month and day, if it exists and the year is in 1900..=2200.
    pub fn from_ymd(y: i64, m: i64, d: i64) -> Option<Date> {
        (YEARS.contains(&y) && (1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d))
            .then(|| Date(days_from_civil(y, m, d)))
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i64, i64, i64) {
        civil_from_days(self.0)
    }

    /// Day of the week, Monday = 0 .. Sunday = 6.
    pub fn weekday(self) -> i64 {
        // 1970-01-01 was a Thursday.
        (self.0 + 3).rem_euclid(7)
    }

    /// Whether it is Monday to Friday.
    pub fn is_workday(self) -> bool {
        self.weekday() < 5
    }

    /// The first day of its month.
    pub fn month_start(self) -> Date {
        let (y, m, _) = self.ymd();
        Date(days_from_civil(y, m, 1))
    }

    /// The last day of its month.
    pub fn month_end(self) -> Date {
        let (y, m, _) = self.ymd();
        Date(days_from_civil(y, m, days_in_month(y, m)))
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Date> {
        parse_stamp(text).filter(|s| s.seconds == 0 && text.trim().len() == 10).map(|s| s.date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse_iso(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("'{text}' is not a YYYY-MM-DD date")))
    }
}

/// Reads `n` ASCII digits at the start of `s`.
fn digits(s: &[u8], n: usize) -> Option<i64> {
    if s.len() < n || !s[..n].iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s[..n].iter().fold(0, |acc, &b| acc * 10 + i64::from(b - b'0')))
}

/// `HH:MM[:SS[.fff]]` followed by an optional `Z` or `±HH[:]MM` offset (ignored), or nothing.
fn parse_time(s: &[u8]) -> Option<u32> {
    if s.is_empty() {
        return Some(0);
    }
    let h = digits(s, 2)?;
    if s.get(2) != Some(&b':') {
        return None;
    }
    let mi = digits(&s[3..], 2)?;
    let mut rest = &s[5..];
    let mut sec = 0;
    if rest.first() == Some(&b':') {
        sec = digits(&rest[1..], 2)?;
        rest = &rest[3..];
        if rest.first() == Some(&b'.') || rest.first() == Some(&b',') {
            let n = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            rest = &rest[1 + n..];
        }
    }
    let offset_ok = match rest {
        [] | [b'Z'] | [b'z'] => true,
        [b'+' | b'-', tail @ ..] => {
            let t: Vec<u8> = tail.iter().copied().filter(|&b| b != b':').collect();
            (t.len() == 2 || t.len() == 4) && t.iter().all(u8::is_ascii_digit)
        }
        [b' ', tail @ ..] => tail.iter().all(u8::is_ascii_alphabetic) && !tail.is_empty(),
        _ => false,
    };
    (offset_ok && h < 24 && mi < 60 && sec < 61).then(|| (h * 3600 + mi * 60 + sec.min(59)) as u32)
}

/// Parses the date forms CRM exports write: `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]`
/// with an optional offset, `DD.MM.YYYY[ HH:MM[:SS]]`, `YYYY/MM/DD`, and Unix times.
pub fn parse_stamp(text: &str) -> Option<Stamp> {
    let t = text.trim().as_bytes();
    if t.is_empty() {
        return None;
    }
    if t.iter().all(u8::is_ascii_digit) && t.len() >= 9 && t.len() <= 14 {
        let n: i64 = text.trim().parse().ok()?;
        let secs = if t.len() >= 13 { n / 1000 } else { n };
        let date = Date(secs.div_euclid(86_400));
        return YEARS
            .contains(&date.ymd().0)
            .then_some(Stamp { date, seconds: secs.rem_euclid(86_400) as u32 });
    }
    let (date, rest) = if t.len() >= 10 && (t[4] == b'-' || t[4] == b'/') && t[7] == t[4] {
        let y = digits(t, 4)?;
        let m = digits(&t[5..], 2)?;
        let d = digits(&t[8..], 2)?;
        (Date::from_ymd(y, m, d)?, &t[10..])
    } else if t.len() >= 10 && t[2] == b'.' && t[5] == b'.' {
        let d = digits(t, 2)?;
        let m = digits(&t[3..], 2)?;
        let y = digits(&t[6..], 4)?;
        (Date::from_ymd(y, m, d)?, &t[10..])
    } else {
        return None;
    };
    let time = match rest {
        [] => &[][..],
        [b'T' | b't' | b' ', tail @ ..] => tail,
        _ => return None,
    };
    Some(Stamp { date, seconds: parse_time(time)? })
}

/// How days are counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Calendar {
    /// Monday to Friday, as the engine's working days; a weekend date counts as the Monday
    /// after it.
    #[default]
    Workdays,
    /// Every calendar day.
    All,
}

impl Calendar {
    /// The day number of a date on this calendar: consecutive working days (or days) have
    /// consecutive numbers.
    pub fn index(self, date: Date) -> i64 {
        match self {
            Calendar::All => date.0,
            Calendar::Workdays => {
                // Count from Monday 1969-12-29.
                let e = date.0 + 3;
                e.div_euclid(7) * 5 + e.rem_euclid(7).min(5)
            }
        }
    }

    /// The date of a day number (a working day under `Workdays`).
    pub fn date(self, index: i64) -> Date {
        match self {
            Calendar::All => Date(index),
            Calendar::Workdays => Date(index.div_euclid(5) * 7 + index.rem_euclid(5) - 3),
        }
    }

    /// Days of this calendar in `from..=to` (0 when `to < from`).
    pub fn days_between(self, from: Date, to: Date) -> i64 {
        if to < from {
            return 0;
        }
        let ends_on_count = matches!(self, Calendar::All) || to.is_workday();
        // index(to) counts a weekend `to` as the Monday after; take the Friday before instead.
        let last = if ends_on_count { self.index(to) } else { self.index(to) - 1 };
        (last - self.index(from) + 1).max(0)
    }
}
