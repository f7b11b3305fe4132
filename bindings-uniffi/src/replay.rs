//! Replay protection: the core's in-memory check, and the expiry a host store needs.

use crate::config::Config;
use crate::error::Result;
use crate::saml::SsoResult;
use crate::time::from_system_time;
use maestrano_core as core;
use maestrano_core::saml::MemoryReplayStore;
use maestrano_core::time::UnixTime;
use std::sync::{Arc, Mutex};

/// An in-memory replay cache: accepts each assertion once (`replayed` otherwise;
/// `replay_store_full` when it is full of unexpired entries).
#[derive(uniffi::Object)]
pub struct ReplayCache(Mutex<MemoryReplayStore>);

#[uniffi::export]
impl ReplayCache {
    /// An in-process cache holding at most `capacity` unexpired assertions.
    #[uniffi::constructor]
    pub fn in_memory(capacity: u32) -> Arc<Self> {
        Arc::new(ReplayCache(Mutex::new(MemoryReplayStore::new(
            capacity as usize,
        ))))
    }

    /// Accepts `result`'s assertion once; `replayed` when it was already used.
    pub fn check(&self, config: &Config, result: &SsoResult, now_ms: i64) -> Result<()> {
        // A poisoned lock only means another check panicked; the store itself is still sound.
        let mut store = self.0.lock().unwrap_or_else(|e| e.into_inner());
        Ok(core::saml::check_replay(
            &mut *store,
            result.issuer.as_deref(),
            &result.assertion_id,
            from_system_time(result.not_on_or_after),
            config.0.sso.clock_skew,
            UnixTime(now_ms),
        )?)
    }
}

#[uniffi::export]
impl ReplayCache {
    /// [`ReplayCache::check`] from the assertion's fields (for results read from JSON).
    pub fn check_assertion(
        &self,
        config: &Config,
        issuer: Option<String>,
        assertion_id: String,
        not_on_or_after_ms: Option<i64>,
        now_ms: i64,
    ) -> Result<()> {
        let mut store = self.0.lock().unwrap_or_else(|e| e.into_inner());
        Ok(core::saml::check_replay(
            &mut *store,
            issuer.as_deref(),
            &assertion_id,
            not_on_or_after_ms.map(UnixTime),
            config.0.sso.clock_skew,
            UnixTime(now_ms),
        )?)
    }
}

/// [`replay_expiry`] from the assertion's `NotOnOrAfter` (ms since the epoch).
#[uniffi::export]
pub fn replay_expiry_ms(config: &Config, not_on_or_after_ms: Option<i64>, now_ms: i64) -> i64 {
    core::saml::replay_expiry(
        not_on_or_after_ms.map(UnixTime),
        config.0.sso.clock_skew,
        UnixTime(now_ms),
    )
    .millis()
}

/// [`replay_key`] from the assertion's issuer and ID.
#[uniffi::export]
pub fn replay_key_of(issuer: Option<String>, assertion_id: String) -> String {
    core::saml::replay_key(issuer.as_deref(), &assertion_id)
}

/// Until when a host store must remember the assertion of `result` (ms since the epoch).
#[uniffi::export]
pub fn replay_expiry(config: &Config, result: &SsoResult, now_ms: i64) -> i64 {
    core::saml::replay_expiry(
        from_system_time(result.not_on_or_after),
        config.0.sso.clock_skew,
        UnixTime(now_ms),
    )
    .millis()
}

/// The key under which a host store records the assertion of `result` (its issuer and ID).
#[uniffi::export]
pub fn replay_key(result: &SsoResult) -> String {
    core::saml::replay_key(result.issuer.as_deref(), &result.assertion_id)
}
