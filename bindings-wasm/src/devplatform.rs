//! Auto-configuration from the developer platform (docs/spec.md D2).

use crate::config::Presets;
use crate::error::{IntoJs, Result};
use crate::http::{request_json, response};
use maestrano_core as core;
use wasm_bindgen::prelude::*;

/// The marketplaces request as JSON text, from the five settings.
#[wasm_bindgen(js_name = devplatformRequest)]
pub fn devplatform_request(
    host: Option<String>,
    api_path: Option<String>,
    env_name: Option<String>,
    env_key: Option<String>,
    env_secret: Option<String>,
) -> Result<String> {
    let r = core::devplatform::request(&core::devplatform::Settings {
        host,
        api_path,
        env_name,
        env_key,
        env_secret,
    })
    .js()?;
    Ok(request_json(&r))
}

/// A developer-platform settings file's text (JSON, or the YAML subset of docs/spec.md D38) as
/// the JSON text `{host, api_path, env_name, env_key, env_secret}` (each a string or null).
#[wasm_bindgen(js_name = parseSettingsFile)]
pub fn parse_settings_file(text: &str) -> Result<String> {
    let s = core::devplatform::settings_file::parse(text).js()?;
    Ok(serde_json::json!({
        "host": s.host,
        "api_path": s.api_path,
        "env_name": s.env_name,
        "env_key": s.env_key,
        "env_secret": s.env_secret,
    })
    .to_string())
}

/// The reply as presets, one per marketplace.
#[wasm_bindgen(js_name = devplatformResponse)]
pub fn devplatform_response(status: u16, body: Vec<u8>) -> Result<Presets> {
    core::devplatform::response(&response(status, body))
        .js()
        .map(Presets)
}
