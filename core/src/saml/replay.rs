//! Replay protection (SPEC §3 step 8, rule R7): an assertion ID is accepted once, until the
//! assertion could no longer validate. The check-and-insert runs against a store the host
//! provides (a database, Redis, Workers KV…); [`MemoryReplayStore`] is the in-process default.

#[cfg(doc)]
use super::SsoResult;
use crate::error::{Error, ErrorKind, Result};
use crate::time::UnixTime;
use std::collections::HashMap;

/// How long an assertion that carries no `NotOnOrAfter` is remembered.
pub const DEFAULT_RETENTION_SECS: i64 = 24 * 3600;

/// Until when an assertion must be remembered: its `NotOnOrAfter` (see
/// [`SsoResult::not_on_or_after`]) plus the clock skew, since it validates until then; or
/// [`DEFAULT_RETENTION_SECS`] from `now` without one.
pub fn replay_expiry(
    not_on_or_after: Option<UnixTime>,
    clock_skew_secs: u32,
    now: UnixTime,
) -> UnixTime {
    match not_on_or_after {
        Some(t) => t.add_secs(i64::from(clock_skew_secs)),
        None => now.add_secs(DEFAULT_RETENTION_SECS),
    }
}

/// A host-provided store of seen assertion IDs.
pub trait ReplayStore {
    /// Records `id` until `expires_at` and returns `true`, unless `id` is already recorded and
    /// not yet expired at `now`, in which case it returns `false`. Must be atomic.
    fn insert_if_absent(&mut self, id: &str, expires_at: UnixTime, now: UnixTime) -> bool;
}

/// An in-memory store, bounded: expired entries are dropped as new ones arrive, and when it is
/// full it refuses new IDs (fail closed) rather than forgetting unexpired ones.
#[derive(Debug)]
pub struct MemoryReplayStore {
    entries: HashMap<String, UnixTime>,
    capacity: usize,
}

impl MemoryReplayStore {
    /// A store holding at most `capacity` unexpired IDs.
    pub fn new(capacity: usize) -> Self {
        MemoryReplayStore {
            entries: HashMap::new(),
            capacity: capacity.max(1),
        }
    }

    /// Number of IDs held (expired ones included until the next purge).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the store holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Default for MemoryReplayStore {
    fn default() -> Self {
        MemoryReplayStore::new(100_000)
    }
}

impl ReplayStore for MemoryReplayStore {
    fn insert_if_absent(&mut self, id: &str, expires_at: UnixTime, now: UnixTime) -> bool {
        if let Some(until) = self.entries.get(id) {
            if *until > now {
                return false;
            }
        }
        if self.entries.len() >= self.capacity {
            self.entries.retain(|_, until| *until > now);
            if self.entries.len() >= self.capacity {
                return false;
            }
        }
        self.entries.insert(id.to_string(), expires_at);
        true
    }
}

/// Accepts each assertion once: `replayed` when `store` has already seen `assertion_id` (from
/// [`SsoResult::assertion_id`]).
pub fn check_replay(
    store: &mut dyn ReplayStore,
    assertion_id: &str,
    not_on_or_after: Option<UnixTime>,
    clock_skew_secs: u32,
    now: UnixTime,
) -> Result<()> {
    let expires_at = replay_expiry(not_on_or_after, clock_skew_secs, now);
    if store.insert_if_absent(assertion_id, expires_at, now) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::Replayed,
            format!(
                "assertion {assertion_id:?} was already used (remembered until {})",
                expires_at.to_rfc3339()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_until_expiry_and_fails_closed_when_full() {
        let t = |s| UnixTime::from_secs(s);
        let mut store = MemoryReplayStore::new(2);
        assert!(store.insert_if_absent("a", t(100), t(0)));
        assert!(!store.insert_if_absent("a", t(200), t(99)));
        assert!(
            store.insert_if_absent("a", t(300), t(100)),
            "expired entries can be reused"
        );
        assert!(store.insert_if_absent("b", t(300), t(100)));
        assert!(
            !store.insert_if_absent("c", t(300), t(100)),
            "full: refuse, never forget"
        );
        assert!(
            store.insert_if_absent("c", t(400), t(300)),
            "expired entries are purged"
        );
        assert_eq!(store.len(), 1);
    }
}
