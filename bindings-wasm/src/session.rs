//! The Maestrano session and single logout (docs/spec.md §4).

use crate::config::Config;
use crate::error::{IntoJs, Result};
use crate::http::{request_json, response};
use maestrano_core as core;
use maestrano_core::time::UnixTime;
use wasm_bindgen::prelude::*;

/// A stored session value's payload as JSON text (`session_recheck` RFC 3339), or `undefined`
/// when the value is corrupt.
#[wasm_bindgen(js_name = sessionRead)]
pub fn session_read(value: &str) -> Option<String> {
    core::session::Session::decode(value).map(|s| s.to_json().to_string())
}

/// The check request at `now_ms` as JSON text, or `undefined` when none is needed. A corrupt
/// value throws `session_invalid`.
#[wasm_bindgen(js_name = sessionCheckRequest)]
pub fn session_check_request(config: &Config, value: &str, now_ms: f64) -> Result<Option<String>> {
    let r = core::session::check_request(&config.0, value, UnixTime(now_ms as i64)).js()?;
    Ok(r.as_ref().map(request_json))
}

/// Reads the check's answer (fails closed): JSON text `{valid, value}`.
#[wasm_bindgen(js_name = sessionCheckResponse)]
pub fn session_check_response(config: &Config, value: &str, status: u16, body: Vec<u8>) -> String {
    let r = core::session::check_response(&config.0, value, &response(status, body));
    serde_json::json!({"valid": r.valid, "value": r.value}).to_string()
}
