//! Replay protection: the in-memory store, and the expiry for host stores.

use crate::config::Config;
use crate::error::{IntoJs, Result};
use maestrano_core::saml::{check_replay, replay_expiry, replay_key, MemoryReplayStore};
use maestrano_core::time::UnixTime;
use wasm_bindgen::prelude::*;

/// An in-memory replay cache.
#[wasm_bindgen]
pub struct MemoryReplayCache(MemoryReplayStore);

#[wasm_bindgen]
impl MemoryReplayCache {
    /// A cache holding at most `capacity` unexpired assertions.
    #[wasm_bindgen(constructor)]
    pub fn new(capacity: u32) -> MemoryReplayCache {
        MemoryReplayCache(MemoryReplayStore::new(capacity as usize))
    }

    /// Accepts an assertion (of `issuer`) once; `replayed` when it was already used,
    /// `replay_store_full` when the cache is full of unexpired entries.
    pub fn check(
        &mut self,
        config: &Config,
        issuer: Option<String>,
        assertion_id: &str,
        not_on_or_after_ms: Option<f64>,
        now_ms: f64,
    ) -> Result<()> {
        check_replay(
            &mut self.0,
            issuer.as_deref(),
            assertion_id,
            not_on_or_after_ms.map(|t| UnixTime(t as i64)),
            config.0.sso.clock_skew,
            UnixTime(now_ms as i64),
        )
        .js()
    }
}

/// Until when a host store must remember an assertion (milliseconds since the epoch).
#[wasm_bindgen(js_name = replayExpiry)]
pub fn replay_expiry_ms(config: &Config, not_on_or_after_ms: Option<f64>, now_ms: f64) -> f64 {
    replay_expiry(
        not_on_or_after_ms.map(|t| UnixTime(t as i64)),
        config.0.sso.clock_skew,
        UnixTime(now_ms as i64),
    )
    .millis() as f64
}

/// The key under which a host store records an assertion (its issuer and ID).
#[wasm_bindgen(js_name = replayKey)]
pub fn replay_key_js(issuer: Option<String>, assertion_id: &str) -> String {
    replay_key(issuer.as_deref(), assertion_id)
}
