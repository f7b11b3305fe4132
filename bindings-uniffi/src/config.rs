//! `Config` and `Presets` objects and the stateless helpers of docs/spec.md §1–§3.

use crate::error::Result;
use maestrano_core as core;
use std::sync::Arc;

/// One marketplace's resolved configuration.
#[derive(uniffi::Object)]
pub struct Config(pub(crate) core::Config);

#[uniffi::export]
impl Config {
    /// Loads a configuration from JSON text (nested, dotted or legacy keys).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Config(core::Config::from_json_str(&json)?)))
    }

    /// The effective configuration as JSON text.
    pub fn to_json(&self) -> String {
        self.0.to_json().to_string()
    }

    /// The environment name.
    pub fn environment(&self) -> String {
        self.0.environment.clone()
    }

    /// The metadata JSON text (no secrets).
    pub fn metadata_json(&self) -> String {
        core::metadata::render(&self.0).to_string()
    }

    /// Whether `(app_id, api_key)` are this config's credentials (constant time).
    pub fn authenticate(&self, app_id: String, api_key: String) -> bool {
        core::auth::authenticate(&self.0, &app_id, &api_key)
    }

    /// Whether an `Authorization: Basic …` header carries this config's credentials.
    pub fn authenticate_header(&self, authorization: String) -> bool {
        core::auth::authenticate_header(&self.0, &authorization)
    }

    /// The local uid of a user in a group under this config's creation mode.
    pub fn mask_user(&self, user_uid: String, group_uid: String) -> String {
        core::user::mask_user(&self.0, &user_uid, &group_uid)
    }

    /// The IdP's SAML endpoint.
    pub fn idp_url(&self) -> Result<String> {
        Ok(core::sso::idp_url(&self.0)?)
    }

    /// The app's SSO init URL.
    pub fn init_url(&self) -> String {
        core::sso::init_url(&self.0)
    }

    /// The app's SAML consume URL.
    pub fn consume_url(&self) -> String {
        core::sso::consume_url(&self.0)
    }

    /// The platform logout URL, optionally for one user.
    pub fn logout_url(&self, user_uid: Option<String>) -> Result<String> {
        Ok(core::sso::logout_url(&self.0, user_uid.as_deref())?)
    }

    /// The platform's "access unauthorized" URL.
    pub fn unauthorized_url(&self) -> Result<String> {
        Ok(core::sso::unauthorized_url(&self.0)?)
    }

    /// The single-logout session check URL.
    pub fn session_check_url(&self, user_uid: String, session_token: String) -> Result<String> {
        Ok(core::sso::session_check_url(
            &self.0,
            &user_uid,
            &session_token,
        )?)
    }
}

/// Named configurations, one per marketplace.
#[derive(uniffi::Object)]
pub struct Presets(pub(crate) core::Presets);

#[uniffi::export]
impl Presets {
    /// Loads `{ "<name>": {config}, ... }` from JSON text.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Presets(core::Presets::from_json_str(&json)?)))
    }

    /// Preset names in order.
    pub fn names(&self) -> Vec<String> {
        self.0.names().map(str::to_string).collect()
    }

    /// The preset `name` (`config_missing` when absent).
    pub fn get(&self, name: String) -> Result<Arc<Config>> {
        Ok(Arc::new(Config(self.0.require(&name)?.clone())))
    }

    /// The preset whose credentials these are, if any.
    pub fn find_by_credentials(&self, app_id: String, api_key: String) -> Option<String> {
        core::auth::find_preset_by_credentials(&self.0, &app_id, &api_key).map(str::to_string)
    }

    /// All presets as JSON text.
    pub fn to_json(&self) -> String {
        self.0.to_json().to_string()
    }
}

/// The real uid of a possibly masked uid.
#[uniffi::export]
pub fn unmask_user(uid: String) -> String {
    core::user::unmask_user(&uid).to_string()
}

/// The library version.
#[uniffi::export]
pub fn version() -> String {
    core::metadata::VERSION.to_string()
}
