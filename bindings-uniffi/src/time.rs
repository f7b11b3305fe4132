//! The core's `UnixTime` (milliseconds) as `SystemTime`, which UniFFI maps to each host's native
//! instant (Python `datetime`, Kotlin `Instant`, Swift `Date`), and back.

use maestrano_core::time::UnixTime;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `UnixTime` → `SystemTime` (`None` outside the platform's range).
pub(crate) fn to_system_time(t: Option<UnixTime>) -> Option<SystemTime> {
    let t = t?;
    let d = Duration::from_millis(t.millis().unsigned_abs());
    if t.millis() >= 0 {
        UNIX_EPOCH.checked_add(d)
    } else {
        UNIX_EPOCH.checked_sub(d)
    }
}

/// `SystemTime` → `UnixTime`, saturating at the ends of `i64` milliseconds.
pub(crate) fn from_system_time(t: Option<SystemTime>) -> Option<UnixTime> {
    let t = t?;
    Some(UnixTime(match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }))
}
