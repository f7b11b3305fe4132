//! SAML SSO: the AuthnRequest redirect.

use crate::config::Config;
use crate::error::{IntoJs, Result};
use maestrano_core as core;
use maestrano_core::time::UnixTime;
use wasm_bindgen::prelude::*;

/// Builds the AuthnRequest redirect. `params` is a flat `[name, value, name, value, ...]` list.
/// Returns JSON text `{url, request_id, issue_instant, xml}`.
#[wasm_bindgen(js_name = authnRequest)]
pub fn authn_request(
    config: &Config,
    id: String,
    now_ms: f64,
    params: Vec<String>,
    group_id: Option<String>,
    relay_state: Option<String>,
) -> Result<String> {
    let r = core::saml::authn_request(
        &config.0,
        &core::saml::AuthnRequestOptions {
            id,
            now: UnixTime(now_ms as i64),
            params: params
                .chunks(2)
                .map(|kv| (kv[0].clone(), kv.get(1).cloned().unwrap_or_default()))
                .collect(),
            group_id,
            relay_state,
        },
    )
    .js()?;
    Ok(serde_json::json!({
        "url": r.url,
        "request_id": r.request_id,
        "issue_instant": r.issue_instant,
        "xml": r.xml,
    })
    .to_string())
}

/// Validates a posted `SAMLResponse`. Returns the result as JSON text (docs/spec.md §8 shape) plus
/// `session`: the value to keep for single logout (null when the platform sent no session).
#[wasm_bindgen(js_name = validateResponse)]
pub fn validate_response(
    config: &Config,
    saml_response: &str,
    now_ms: f64,
    request_id: Option<String>,
    preset: Option<String>,
) -> Result<String> {
    let r = core::saml::validate_response(
        &config.0,
        saml_response,
        &core::saml::ValidateOptions {
            now: UnixTime(now_ms as i64),
            request_id,
        },
    )
    .js()?;
    Ok(core::session::sso_result_json_text(&r, preset.as_deref()))
}
