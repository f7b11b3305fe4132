//! The state every handler shares.

use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::db::{App, Db, DbResult};
use crate::keys::IdpIdentity;

/// Everything the handlers need.
pub struct Sandbox {
    /// The store.
    pub db: Db,
    /// This server's base URL, `http://127.0.0.1:<port>` (no trailing slash).
    pub base_url: String,
    /// The integrated app's base URL (no trailing slash).
    pub app_url: String,
    /// Seconds until an SSO session must be rechecked.
    pub recheck_secs: i64,
    /// The IdP signing identity.
    pub identity: IdpIdentity,
    /// Whether `--legacy-signing` is on.
    pub legacy_signing: bool,
    /// The outcome of the last outbound call to the app (shown on the admin page).
    pub last_outbound: Mutex<Option<Value>>,
}

/// The shared handle given to axum.
pub type Shared = Arc<Sandbox>;

impl Sandbox {
    /// The app (always seeded; `None` only if the database was emptied by hand).
    pub fn app(&self) -> DbResult<Option<App>> {
        self.db.app()
    }

    /// Records the outcome of an outbound call.
    pub fn record_outbound(&self, outcome: Value) {
        let mut slot = self.last_outbound.lock().unwrap_or_else(|p| p.into_inner());
        *slot = Some(outcome);
    }

    /// The outcome of the last outbound call.
    pub fn last_outbound(&self) -> Option<Value> {
        self.last_outbound
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}
