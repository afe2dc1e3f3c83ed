//! Calendar dates (proleptic Gregorian, no time zone) for the ToR's
//! day-counted rules and the dates in a case record.
//!
//! The Forum counts in days ("at least 30 days before the meeting"), so a
//! date is a day number, not a timestamp: no time zone can move a deadline.
//! On the wire and in JSON a date is the ISO 8601 text `YYYY-MM-DD`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const MS_PER_DAY: i64 = 86_400_000;

/// A calendar day, stored as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a date: {why} (expected YYYY-MM-DD)")]
pub struct DateError {
    input: String,
    why: &'static str,
}

impl Date {
    /// Years outside this range are refused: nothing in a diversion case or a
    /// meeting calendar is that far away, and it keeps arithmetic in `i32`.
    pub const MIN_YEAR: i32 = 1900;
    pub const MAX_YEAR: i32 = 2200;

    pub fn from_ymd(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        let err = |why| DateError { input: format!("{year:04}-{month:02}-{day:02}"), why };
        if !(Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year) {
            return Err(err("the year is out of range 1900-2200"));
        }
        if !(1..=12).contains(&month) {
            return Err(err("the month must be 1-12"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(err("that month has no such day"));
        }
        Ok(Date(days_from_civil(year, month, day)))
    }

    /// The first and last days a `Date` can hold; every date the API makes
    /// is clamped to them, so it always shows, parses back and counts.
    pub const MIN: Date = Date(-25_567); // 1900-01-01
    pub const MAX: Date = Date(84_370); // 2200-12-31

    fn clamped(days: i64) -> Date {
        Date(days.clamp(i64::from(Self::MIN.0), i64::from(Self::MAX.0)) as i32)
    }

    /// The day (UTC) a millisecond timestamp falls on, clamped to
    /// [`Date::MIN`]..=[`Date::MAX`].
    pub fn from_unix_ms(ms: i64) -> Date {
        Self::clamped(ms.div_euclid(MS_PER_DAY))
    }

    /// Midnight UTC at the start of this day.
    pub fn start_ms(self) -> i64 {
        i64::from(self.0) * MS_PER_DAY
    }

    pub fn days_since_epoch(self) -> i32 {
        self.0
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// `self` moved by `days` (negative goes back), clamped to
    /// [`Date::MIN`]..=[`Date::MAX`].
    pub fn add_days(self, days: i32) -> Date {
        Self::clamped(i64::from(self.0) + i64::from(days))
    }

    /// Whole days from `earlier` to `self` (negative if `earlier` is later).
    pub fn days_after(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for the whole
// proleptic Gregorian calendar, no tables.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let err = |why| DateError { input: s.chars().take(40).collect(), why };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err("wrong shape"));
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, DateError> {
            let part = &s[r];
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(err("non-digit character"));
            }
            part.parse().map_err(|_| err("non-digit character"))
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::from_ymd(y as i32, m, d).map_err(|e| DateError { input: s.to_string(), why: e.why })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_days() {
        assert_eq!(Date::from_ymd(1970, 1, 1).map(Date::days_since_epoch), Ok(0));
        assert_eq!(Date::from_ymd(2000, 3, 1).map(Date::days_since_epoch), Ok(11_017));
        let d: Date = "2024-02-29".parse().expect("leap day");
        assert_eq!(d.add_days(1).to_string(), "2024-03-01");
        assert_eq!(Date::from_unix_ms(-1).to_string(), "1969-12-31");
        assert_eq!(Date::from_ymd(1900, 1, 1), Ok(Date::MIN));
        assert_eq!(Date::from_ymd(2200, 12, 31), Ok(Date::MAX));
        assert_eq!(Date::from_unix_ms(i64::MAX), Date::MAX);
        assert_eq!(Date::MIN.add_days(i32::MIN), Date::MIN);
    }

    #[test]
    fn refuses_impossible_dates() {
        for bad in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "20240101", "2024-01-32", "+024-01-01"] {
            assert!(bad.parse::<Date>().is_err(), "{bad} was accepted");
        }
    }

    proptest! {
        #[test]
        fn round_trips(days in -25_000i32..80_000) {
            let d = Date(days);
            let (y, m, dd) = d.ymd();
            prop_assert_eq!(Date::from_ymd(y, m, dd).ok(), Some(d));
            prop_assert_eq!(d.to_string().parse::<Date>().ok(), Some(d));
            prop_assert_eq!(Date::from_unix_ms(d.start_ms() + 3_600_000), d);
        }
    }
}
