//! `Config` and `Presets` classes and the stateless helpers of docs/spec.md §1–§3.

use crate::error::{IntoJs, Result};
use maestrano_core as core;
use wasm_bindgen::prelude::*;

/// One marketplace's resolved configuration.
#[wasm_bindgen]
pub struct Config(pub(crate) core::Config);

#[wasm_bindgen]
impl Config {
    /// Loads a configuration from JSON text (nested, dotted or legacy keys).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> Result<Config> {
        core::Config::from_json_str(json).js().map(Config)
    }

    /// The effective configuration as JSON text.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json().to_string()
    }

    /// The environment name.
    #[wasm_bindgen(getter)]
    pub fn environment(&self) -> String {
        self.0.environment.clone()
    }

    /// The metadata JSON text (no secrets).
    #[wasm_bindgen(js_name = metadataJson)]
    pub fn metadata_json(&self) -> String {
        core::metadata::render(&self.0).to_string()
    }

    /// Whether `(appId, apiKey)` are this config's credentials (constant time).
    pub fn authenticate(&self, app_id: &str, api_key: &str) -> bool {
        core::auth::authenticate(&self.0, app_id, api_key)
    }

    /// Whether an `Authorization: Basic …` header carries this config's credentials.
    #[wasm_bindgen(js_name = authenticateHeader)]
    pub fn authenticate_header(&self, authorization: &str) -> bool {
        core::auth::authenticate_header(&self.0, authorization)
    }

    /// The local uid of a user in a group under this config's creation mode.
    #[wasm_bindgen(js_name = maskUser)]
    pub fn mask_user(&self, user_uid: &str, group_uid: &str) -> String {
        core::user::mask_user(&self.0, user_uid, group_uid)
    }

    /// The IdP's SAML endpoint.
    #[wasm_bindgen(js_name = idpUrl)]
    pub fn idp_url(&self) -> Result<String> {
        core::sso::idp_url(&self.0).js()
    }

    /// The app's SSO init URL.
    #[wasm_bindgen(js_name = initUrl)]
    pub fn init_url(&self) -> String {
        core::sso::init_url(&self.0)
    }

    /// The app's SAML consume URL.
    #[wasm_bindgen(js_name = consumeUrl)]
    pub fn consume_url(&self) -> String {
        core::sso::consume_url(&self.0)
    }

    /// The platform logout URL, optionally for one user.
    #[wasm_bindgen(js_name = logoutUrl)]
    pub fn logout_url(&self, user_uid: Option<String>) -> Result<String> {
        core::sso::logout_url(&self.0, user_uid.as_deref()).js()
    }

    /// The platform's "access unauthorized" URL.
    #[wasm_bindgen(js_name = unauthorizedUrl)]
    pub fn unauthorized_url(&self) -> Result<String> {
        core::sso::unauthorized_url(&self.0).js()
    }

    /// The single-logout session check URL.
    #[wasm_bindgen(js_name = sessionCheckUrl)]
    pub fn session_check_url(&self, user_uid: &str, session_token: &str) -> Result<String> {
        core::sso::session_check_url(&self.0, user_uid, session_token).js()
    }
}

/// Named configurations, one per marketplace.
#[wasm_bindgen]
pub struct Presets(pub(crate) core::Presets);

#[wasm_bindgen]
impl Presets {
    /// Loads `{ "<name>": {config}, ... }` from JSON text.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> Result<Presets> {
        core::Presets::from_json_str(json).js().map(Presets)
    }

    /// Preset names in order.
    pub fn names(&self) -> Vec<String> {
        self.0.names().map(str::to_string).collect()
    }

    /// The preset `name` (`config_missing` when absent).
    pub fn get(&self, name: &str) -> Result<Config> {
        self.0.require(name).cloned().js().map(Config)
    }

    /// The preset whose credentials these are, if any.
    #[wasm_bindgen(js_name = findByCredentials)]
    pub fn find_by_credentials(&self, app_id: &str, api_key: &str) -> Option<String> {
        core::auth::find_preset_by_credentials(&self.0, app_id, api_key).map(str::to_string)
    }

    /// All presets as JSON text.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json().to_string()
    }
}

/// The real uid of a possibly masked uid.
#[wasm_bindgen(js_name = unmaskUser)]
pub fn unmask_user(uid: &str) -> String {
    core::user::unmask_user(uid).to_string()
}

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    core::metadata::VERSION.to_string()
}
