//! HTTP as JSON text for the npm wrapper: requests out as
//! `{method, url, headers{name: value}, body (string|null), timeout_ms}`, responses in as
//! status plus body bytes.

use maestrano_core as core;

/// A core request as JSON text.
pub(crate) fn request_json(r: &core::HttpRequest) -> String {
    r.to_json().to_string()
}

/// A response from what the host received (headers are not read by the core's readers).
pub(crate) fn response(status: u16, body: Vec<u8>) -> core::HttpResponse {
    core::HttpResponse::new(status, body)
}

/// JSON text from the host (`None`: null).
pub(crate) fn json(text: Option<String>) -> core::Result<serde_json::Value> {
    match text {
        None => Ok(serde_json::Value::Null),
        Some(t) => serde_json::from_str(&t).map_err(|e| {
            core::Error::new(
                core::ErrorKind::ApiInvalidRequest,
                format!("parameters are not JSON: {e}"),
            )
        }),
    }
}
