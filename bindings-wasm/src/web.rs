//! What web integrations share: return paths and error statuses (`maestrano_core::web`).

use maestrano_core::{web, ErrorKind};
use wasm_bindgen::prelude::*;

/// `value` when it is a same-origin path a sign-in may return to, else `undefined`.
#[wasm_bindgen(js_name = safeReturnPath)]
pub fn safe_return_path(value: &str) -> Option<String> {
    web::safe_return_path(value).map(str::to_owned)
}

/// The HTTP status an integration answers for an error `kind` (500 for an unknown kind).
#[wasm_bindgen(js_name = errorStatus)]
pub fn error_status(kind: &str) -> u16 {
    ErrorKind::parse(kind).map_or(500, ErrorKind::http_status)
}
