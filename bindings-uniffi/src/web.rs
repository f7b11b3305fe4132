//! What web integrations share: return paths and error statuses (`maestrano_core::web`).

use maestrano_core::{web, ErrorKind};

/// `value` when it is a same-origin path a sign-in may return to, else `None`.
#[uniffi::export]
pub fn safe_return_path(value: String) -> Option<String> {
    web::safe_return_path(&value).map(str::to_owned)
}

/// The HTTP status an integration answers for an error `kind` (500 for an unknown kind).
#[uniffi::export]
pub fn error_status(kind: String) -> u16 {
    ErrorKind::parse(&kind).map_or(500, ErrorKind::http_status)
}
