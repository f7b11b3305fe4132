//! The platform's calls to the app: account webhooks and Connec! notifications.

use crate::config::Config;
use crate::error::{IntoJs, Result};
use maestrano_core as core;
use wasm_bindgen::prelude::*;

/// Routes a call and checks its credentials: the event as JSON text, `undefined` when it is
/// not a webhook route; throws `api_authentication` for wrong credentials.
#[wasm_bindgen(js_name = webhookMatch)]
pub fn webhook_match(
    config: &Config,
    method: &str,
    path: &str,
    authorization: Option<String>,
) -> Result<Option<String>> {
    let e = core::webhook::match_request(&config.0, method, path, authorization.as_deref()).js()?;
    Ok(e.map(|e| e.to_json().to_string()))
}

/// A Connec! notification body as JSON text `{entity: [records]}`.
#[wasm_bindgen(js_name = webhookConnecNotification)]
pub fn webhook_connec_notification(body: Vec<u8>) -> Result<String> {
    let batches = core::webhook::parse_notification(&body).js()?;
    Ok(core::webhook::notification_to_json(&batches).to_string())
}
