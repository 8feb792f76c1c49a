//! `Date`: a calendar day (UTC), enough calendar arithmetic for deadlines, no clock.

use std::fmt;

use crate::ValidationError;

/// A day of the proleptic Gregorian calendar, written `YYYY-MM-DD`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && (1..=9999).contains(&year))
        .then_some(Self { year, month, day })
    }

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let invalid = || ValidationError::Invalid {
            field: "date".into(),
            reason: "must be a date written YYYY-MM-DD".into(),
        };
        let bytes = raw.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(invalid());
        }
        let number = |range: std::ops::Range<usize>| -> Result<u32, ValidationError> {
            let part = &raw[range];
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| invalid())
            } else {
                Err(invalid())
            }
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        Self::new(year as i32, month as u8, day as u8).ok_or(ValidationError::Invalid {
            field: "date".into(),
            reason: "is not a day of the calendar".into(),
        })
    }

    /// The day that contains the instant `unix_seconds` (UTC).
    pub fn from_unix_seconds(unix_seconds: i64) -> Self {
        Self::from_days(unix_seconds.div_euclid(86_400))
    }

    /// Midnight UTC at the start of this day, in seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.days() * 86_400
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

    pub fn add_days(self, days: i64) -> Self {
        Self::from_days(self.days() + days)
    }

    /// The same day `months` later, or the month's last day when it is shorter
    /// (31 January + 1 month = 28 or 29 February).
    pub fn add_months(self, months: u32) -> Self {
        let index = self.year as i64 * 12 + (self.month as i64 - 1) + months as i64;
        let (year, month) = ((index / 12) as i32, (index % 12 + 1) as u8);
        let day = self.day.min(days_in_month(year, month));
        Self { year, month, day }
    }

    /// The `n`th business day (Monday to Friday) after this day: from a Friday, one
    /// business day is the Monday. Public holidays are not counted out; they differ by
    /// state and country, so a deadline computed this way is never later than the law's.
    pub fn add_business_days(self, n: u32) -> Self {
        let mut day = self;
        let mut left = n;
        while left > 0 {
            day = day.add_days(1);
            if !day.is_weekend() {
                left -= 1;
            }
        }
        day
    }

    /// Calendar days from this day to `later` (negative when `later` is before it).
    pub fn days_until(self, later: Date) -> i64 {
        later.days() - self.days()
    }

    /// Business days from this day to `later`: those after this day up to and including
    /// `later` (the count `add_business_days` takes), negative the other way round, and at
    /// least one day back once `later` has passed (a weekend after a Friday deadline).
    pub fn business_days_until(self, later: Date) -> i64 {
        let (from, to, sign) = if later >= self {
            (self, later, 1)
        } else {
            (later, self, -1)
        };
        let span = from.days_until(to);
        let weeks = span / 7;
        let mut count = weeks * 5;
        let mut day = from.add_days(weeks * 7);
        while day < to {
            day = day.add_days(1);
            if !day.is_weekend() {
                count += 1;
            }
        }
        // Past a deadline on a Friday, the weekend after it is overdue too: never "0".
        if sign < 0 && count == 0 && later < self {
            return -1;
        }
        sign * count
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday.
        ((self.days() + 3).rem_euclid(7)) as u8
    }

    pub fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn days(self) -> i64 {
        let y = self.year as i64 - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }
}

/// An instant as RFC 3339 in UTC, to the second: `2026-11-25T18:33:42Z`.
pub fn rfc3339(unix_seconds: i64) -> String {
    let day = Date::from_unix_seconds(unix_seconds);
    let secs = unix_seconds.rem_euclid(86_400);
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// An RFC 3339 time (`2026-11-25T18:33:42Z`, `…T20:33:42.5+02:00`) as Unix seconds, the
/// fraction dropped; `None` for anything else.
pub fn parse_rfc3339(raw: &str) -> Option<i64> {
    // ASCII first: the slices below then fall on character boundaries.
    if !raw.is_ascii() || raw.len() < 20 {
        return None;
    }
    let (date, rest) = raw.split_at(10);
    let day = Date::parse(date).ok()?;
    let rest = rest.strip_prefix(['T', 't'])?;
    let field = |at: usize| -> Option<i64> {
        let digits = rest.get(at..at + 2)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let (hour, minute, second) = (field(0)?, field(3)?, field(6)?);
    if rest.get(2..3)? != ":" || rest.get(5..6)? != ":" || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut zone = &rest[8..];
    if let Some(fraction) = zone.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        zone = &fraction[digits..];
    }
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (h, m) = (zone.get(1..3)?, zone.get(4..6)?);
            if zone.len() != 6 || zone.get(3..4)? != ":" {
                return None;
            }
            let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    Some(day.unix_seconds() + hour * 3600 + minute * 60 + second - offset)
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

impl TryFrom<String> for Date {
    type Error = ValidationError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw).map_err(ValidationError::within_unknown_field)
    }
}

impl From<Date> for String {
    fn from(date: Date) -> Self {
        date.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date", "description": "A calendar day, YYYY-MM-DD." })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(raw: &str) -> Date {
        Date::parse(raw).unwrap()
    }

    #[test]
    fn a_date_reads_and_writes_as_yyyy_mm_dd() {
        assert_eq!(d("2026-11-25").to_string(), "2026-11-25");
    }

    #[test]
    fn days_that_are_not_in_the_calendar_are_refused() {
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "26-11-25",
            "2026/11/25",
            "2026-1-05",
            "+026-11-25",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert!(Date::parse("2028-02-29").is_ok(), "leap day");
        assert!(Date::parse("2000-02-29").is_ok(), "400-year leap day");
        assert!(Date::parse("1900-02-29").is_err(), "100-year non-leap");
    }

    #[test]
    fn unix_time_maps_to_the_utc_day() {
        assert_eq!(Date::from_unix_seconds(0), d("1970-01-01"));
        assert_eq!(Date::from_unix_seconds(1_795_651_199), d("2026-11-25"));
        assert_eq!(Date::from_unix_seconds(-1), d("1969-12-31"));
        assert_eq!(d("2026-11-25").unix_seconds(), 1_795_564_800);
    }

    #[test]
    fn instants_are_written_as_rfc3339_utc() {
        assert_eq!(rfc3339(1_795_631_622), "2026-11-25T18:33:42Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn adding_days_crosses_months_and_years() {
        assert_eq!(d("2026-12-20").add_days(45), d("2027-02-03"));
        assert_eq!(d("2028-02-28").add_days(1), d("2028-02-29"));
        assert_eq!(d("2026-03-01").add_days(-1), d("2026-02-28"));
    }

    #[test]
    fn adding_a_month_keeps_the_day_or_takes_the_months_last() {
        assert_eq!(d("2026-01-31").add_months(1), d("2026-02-28"));
        assert_eq!(d("2028-01-31").add_months(1), d("2028-02-29"));
        assert_eq!(d("2026-04-30").add_months(1), d("2026-05-30"));
        assert_eq!(d("2026-11-30").add_months(3), d("2027-02-28"));
    }

    #[test]
    fn weekdays_are_counted_from_monday() {
        assert_eq!(d("2026-11-25").weekday(), 2, "a Wednesday");
        assert!(d("2026-11-28").is_weekend());
        assert!(!d("2026-11-30").is_weekend());
    }

    #[test]
    fn rfc3339_times_parse_to_the_same_instant_in_any_offset() {
        let utc = parse_rfc3339("2026-12-01T10:00:00Z").unwrap();
        assert_eq!(rfc3339(utc), "2026-12-01T10:00:00Z");
        assert_eq!(parse_rfc3339("2026-12-01T12:00:00+02:00"), Some(utc));
        assert_eq!(parse_rfc3339("2026-12-01T09:30:00.25-00:30"), Some(utc));
        for bad in [
            "",
            "2026-12-01",
            "2026-12-01T10:00:00",
            "2026-13-01T10:00:00Z",
            "2026-12-01T24:00:00Z",
            "2026-12-01Txx:00:00Z",
            "2026-12-01T10:00:00+2:00",
            "2026-12-0éT00:00:00Z",
            "2026-12-01T10:00:00.Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
