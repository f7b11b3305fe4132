//! Replay protection (docs/spec.md §3 step 8, docs/security.md R7): an assertion is accepted once,
//! until it could no longer validate. The check-and-insert runs against a store the host provides
//! (a database, Redis, a Durable Object…); [`MemoryReplayStore`] is the in-process default.
//!
//! An assertion is identified by its issuer and its ID ([`replay_key`]): IDs are unique per
//! issuer, not across issuers.

#[cfg(doc)]
use super::SsoResult;
use crate::error::{Error, ErrorKind, Result};
use crate::time::UnixTime;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// How long an assertion that carries no `NotOnOrAfter` is remembered. Validation never
/// accepts such an assertion (a bearer confirmation must carry `NotOnOrAfter`); this only
/// bounds what a store keeps for callers that pass none.
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

/// The key under which a store records an assertion: its issuer (empty when absent) and its ID,
/// as `<issuer length>:<issuer><ID>`, which no other pair produces.
pub fn replay_key(issuer: Option<&str>, assertion_id: &str) -> String {
    let issuer = issuer.unwrap_or("");
    format!("{}:{issuer}{assertion_id}", issuer.len())
}

/// A host-provided store of seen assertions.
pub trait ReplayStore {
    /// Records `key` until `expires_at` and returns `Ok(true)`, unless `key` is already recorded
    /// and not yet expired at `now`: then `Ok(false)`. Must be atomic. A store that cannot
    /// record (full, unreachable) returns an error, never `Ok(true)`.
    fn insert_if_absent(&mut self, key: &str, expires_at: UnixTime, now: UnixTime) -> Result<bool>;
}

/// An in-memory store, bounded. Entries are kept in expiry order, so expired ones are dropped
/// as time passes at `O(log n)` each; when it holds `capacity` unexpired entries it refuses new
/// ones with `replay_store_full` (fail closed) rather than forgetting any. Every operation is
/// `O(log n)` amortised.
#[derive(Debug)]
pub struct MemoryReplayStore {
    /// Key → expiry.
    entries: BTreeMap<Arc<str>, UnixTime>,
    /// The same entries ordered by expiry, for eviction.
    by_expiry: BTreeSet<(UnixTime, Arc<str>)>,
    capacity: usize,
}

impl MemoryReplayStore {
    /// A store holding at most `capacity` unexpired entries.
    pub fn new(capacity: usize) -> Self {
        MemoryReplayStore {
            entries: BTreeMap::new(),
            by_expiry: BTreeSet::new(),
            capacity: capacity.max(1),
        }
    }

    /// Number of entries held (expired ones included until the next insert).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the store holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Drops every entry expired at `now` (`expires_at <= now`).
    fn purge(&mut self, now: UnixTime) {
        while let Some((until, key)) = self.by_expiry.first().cloned() {
            if until > now {
                break;
            }
            self.by_expiry.pop_first();
            self.entries.remove(&key);
        }
    }
}

impl Default for MemoryReplayStore {
    fn default() -> Self {
        MemoryReplayStore::new(100_000)
    }
}

impl ReplayStore for MemoryReplayStore {
    fn insert_if_absent(&mut self, key: &str, expires_at: UnixTime, now: UnixTime) -> Result<bool> {
        self.purge(now);
        if self.entries.contains_key(key) {
            return Ok(false);
        }
        if self.entries.len() >= self.capacity {
            return Err(Error::new(
                ErrorKind::ReplayStoreFull,
                format!(
                    "expected room in the replay store, found it full with {} unexpired assertions (the assertion is refused; raise the capacity or use a shared store)",
                    self.entries.len()
                ),
            ));
        }
        let key: Arc<str> = Arc::from(key);
        self.entries.insert(key.clone(), expires_at);
        self.by_expiry.insert((expires_at, key));
        Ok(true)
    }
}

/// Accepts each assertion once: `replayed` when `store` has already seen the assertion
/// `assertion_id` of `issuer` (from [`SsoResult::issuer`] and [`SsoResult::assertion_id`]);
/// the store's own error (e.g. `replay_store_full`) when it cannot record it.
pub fn check_replay(
    store: &mut dyn ReplayStore,
    issuer: Option<&str>,
    assertion_id: &str,
    not_on_or_after: Option<UnixTime>,
    clock_skew_secs: u32,
    now: UnixTime,
) -> Result<()> {
    let expires_at = replay_expiry(not_on_or_after, clock_skew_secs, now);
    if store.insert_if_absent(&replay_key(issuer, assertion_id), expires_at, now)? {
        Ok(())
    } else {
        Err(replayed_error(assertion_id, expires_at))
    }
}

/// The `replayed` error for `assertion_id`, remembered until `expires_at` (hosts with their own
/// stores raise the same).
pub fn replayed_error(assertion_id: &str, expires_at: UnixTime) -> Error {
    Error::new(
        ErrorKind::Replayed,
        format!(
            "assertion {assertion_id:?} was already used (remembered until {})",
            expires_at.to_rfc3339()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_until_expiry_and_fails_closed_when_full() {
        let t = |s| UnixTime::from_secs(s);
        let mut store = MemoryReplayStore::new(2);
        assert_eq!(store.insert_if_absent("a", t(100), t(0)), Ok(true));
        assert_eq!(store.insert_if_absent("a", t(200), t(99)), Ok(false));
        assert_eq!(
            store.insert_if_absent("a", t(300), t(100)),
            Ok(true),
            "expired entries can be reused"
        );
        assert_eq!(store.insert_if_absent("b", t(300), t(100)), Ok(true));
        assert_eq!(
            store
                .insert_if_absent("c", t(300), t(100))
                .unwrap_err()
                .kind(),
            ErrorKind::ReplayStoreFull,
            "full: refuse, never forget"
        );
        assert_eq!(store.insert_if_absent("a", t(400), t(299)), Ok(false));
        assert_eq!(
            store.insert_if_absent("c", t(400), t(300)),
            Ok(true),
            "expired entries are purged"
        );
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn eviction_follows_expiry_order() {
        let t = |s| UnixTime::from_secs(s);
        let mut store = MemoryReplayStore::new(1000);
        // Inserted in an order unrelated to their expiry.
        for i in 0..1000i64 {
            let until = t(1000 + (i * 7919) % 1000);
            assert_eq!(
                store.insert_if_absent(&i.to_string(), until, t(0)),
                Ok(true)
            );
        }
        assert_eq!(store.insert_if_absent("x", t(5000), t(1499)), Ok(true));
        assert_eq!(
            store.len(),
            501,
            "exactly the entries expired at 1499 are gone"
        );
        assert_eq!(store.by_expiry.len(), store.len());
    }

    #[test]
    fn keys_separate_issuers() {
        assert_ne!(replay_key(Some("ab"), "c"), replay_key(Some("a"), "bc"));
        assert_ne!(replay_key(None, "1:ab"), replay_key(Some("a"), "b"));
        let mut store = MemoryReplayStore::new(10);
        let now = UnixTime::from_secs(0);
        let noa = Some(UnixTime::from_secs(60));
        assert!(check_replay(&mut store, Some("idp-1"), "_a", noa, 0, now).is_ok());
        assert!(check_replay(&mut store, Some("idp-2"), "_a", noa, 0, now).is_ok());
        assert_eq!(
            check_replay(&mut store, Some("idp-1"), "_a", noa, 0, now)
                .unwrap_err()
                .kind(),
            ErrorKind::Replayed
        );
    }
}
