//! Time as the core sees it: milliseconds since the Unix epoch, always passed in by the host
//! (the core has no clock). Formatting and strict parsing of `xs:dateTime` / RFC 3339.

use crate::error::{excerpt, Error, ErrorKind, Result};

/// An instant, in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// From whole seconds.
    pub fn from_secs(secs: i64) -> Self {
        UnixTime(secs.saturating_mul(1000))
    }

    /// Milliseconds since the epoch.
    pub fn millis(self) -> i64 {
        self.0
    }

    /// This instant plus (or minus) whole seconds.
    pub fn add_secs(self, secs: i64) -> Self {
        UnixTime(self.0.saturating_add(secs.saturating_mul(1000)))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds), as SAML IssueInstant and the session value use.
    pub fn to_rfc3339_secs(self) -> String {
        let secs = self.0.div_euclid(1000);
        let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )
    }

    /// RFC 3339 UTC with milliseconds when they are not zero.
    pub fn to_rfc3339(self) -> String {
        let ms = self.0.rem_euclid(1000);
        let whole = self.to_rfc3339_secs();
        if ms == 0 {
            whole
        } else {
            format!("{}.{ms:03}Z", &whole[..whole.len() - 1])
        }
    }

    /// Parses an `xs:dateTime` with a `Z` or `±HH:MM` offset (fractional seconds allowed, kept to
    /// the millisecond, truncated). A time without a zone, a leap second or any other deviation is
    /// `invalid_attribute`-free here: the caller picks the kind, this returns `None`.
    pub fn parse(s: &str) -> Option<UnixTime> {
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = b.get(r)?;
            if part.iter().all(u8::is_ascii_digit) {
                std::str::from_utf8(part).ok()?.parse().ok()
            } else {
                None
            }
        };
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
        {
            return None;
        }
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo)
            || d < 1
            || d > days_in_month(y, mo)
            || h > 23
            || mi > 59
            || sec > 59
        {
            return None;
        }
        let mut i = 19;
        let mut millis = 0i64;
        if b[i] == b'.' {
            let start = i + 1;
            i = start;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return None;
            }
            for (k, digit) in b[start..i].iter().take(3).enumerate() {
                millis += i64::from(digit - b'0') * [100, 10, 1][k];
            }
        }
        let offset_secs = match &b[i..] {
            b"Z" => 0,
            [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                let oh = num(i + 1..i + 3)?;
                let om = num(i + 4..i + 6)?;
                if oh > 14 || om > 59 {
                    return None;
                }
                let o = oh * 3600 + om * 60;
                if *sign == b'+' {
                    o
                } else {
                    -o
                }
            }
            _ => return None,
        };
        let days = days_from_civil(y, mo, d);
        let secs = days * 86_400 + h * 3600 + mi * 60 + sec - offset_secs;
        Some(UnixTime(secs * 1000 + millis))
    }

    /// Parses like [`UnixTime::parse`], failing with `kind` and a message naming `what`.
    pub fn parse_as(s: &str, what: &str, kind: ErrorKind) -> Result<UnixTime> {
        UnixTime::parse(s).ok_or_else(|| {
            Error::new(
                kind,
                format!(
                    "{what} must be an xs:dateTime with a time zone, found `{}`",
                    excerpt(s, 40)
                ),
            )
        })
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

// Howard Hinnant's days-from-civil algorithms (public domain).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        let t = UnixTime::parse("2017-11-22T10:00:00Z").unwrap();
        assert_eq!(t.0, 1_511_344_800_000);
        assert_eq!(t.to_rfc3339_secs(), "2017-11-22T10:00:00Z");
        assert_eq!(UnixTime(0).to_rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(UnixTime(-1).to_rfc3339(), "1969-12-31T23:59:59.999Z");
        assert_eq!(
            UnixTime::parse("2011-06-14T18:21:01.516Z").unwrap().0 % 1000,
            516
        );
        assert_eq!(
            UnixTime::parse("2011-06-14T18:21:01.5169Z").unwrap().0 % 1000,
            516
        );
        assert_eq!(
            UnixTime::parse("2024-02-29T12:00:00+02:00").unwrap(),
            UnixTime::parse("2024-02-29T10:00:00Z").unwrap()
        );
        assert_eq!(
            UnixTime::parse("2024-02-29T00:30:00-01:30")
                .unwrap()
                .to_rfc3339(),
            "2024-02-29T02:00:00Z"
        );
    }

    #[test]
    fn rejects_what_is_not_a_zoned_datetime() {
        for bad in [
            "",
            "2017-11-22",
            "2017-11-22T10:00:00",
            "2017-11-22 10:00:00Z",
            "2017-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2017-11-22T24:00:00Z",
            "2017-11-22T23:59:60Z",
            "2017-11-22T10:00:00.Z",
            "2017-11-22T10:00:00+2:00",
            "2017-11-22T10:00:00ZZ",
            "+017-11-22T10:00:00Z",
            "2017-11-22T10:00:00+15:00",
            "2017-1١-22T10:00:00Z",
        ] {
            assert!(UnixTime::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn round_trips_across_centuries() {
        for s in [
            "1600-03-01T00:00:00Z",
            "1999-12-31T23:59:59Z",
            "2000-02-29T12:34:56Z",
            "2400-12-31T00:00:00Z",
        ] {
            assert_eq!(UnixTime::parse(s).unwrap().to_rfc3339_secs(), s);
        }
    }
}
