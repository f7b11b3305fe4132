//! The Maestrano session and single logout (docs/spec.md §4).

use crate::config::Config;
use crate::error::Result;
use crate::http::{HttpRequest, HttpResponse};
use crate::time::to_system_time;
use maestrano_core as core;
use maestrano_core::time::UnixTime;
use std::time::SystemTime;

/// What the stored session value holds.
#[derive(uniffi::Record)]
pub struct SessionPayload {
    /// The platform user's real uid.
    pub uid: String,
    /// The platform session token.
    pub session: String,
    /// When the platform must next be asked.
    pub session_recheck: Option<SystemTime>,
    /// The group the user signed in through.
    pub group_uid: Option<String>,
    /// The preset the user signed in through.
    pub preset: Option<String>,
}

/// The outcome of a session check.
#[derive(uniffi::Record)]
pub struct SessionCheck {
    /// Whether the session is still valid.
    pub valid: bool,
    /// The value to store from now on, when renewed.
    pub value: Option<String>,
}

/// Reads a stored session value; `None` when it is corrupt.
#[uniffi::export]
pub fn session_read(value: String) -> Option<SessionPayload> {
    core::session::Session::decode(&value).map(|s| SessionPayload {
        uid: s.uid,
        session: s.session,
        session_recheck: to_system_time(Some(s.session_recheck)),
        group_uid: s.group_uid,
        preset: s.preset,
    })
}

/// The check request to send at `now_ms`, or `None` when the session is valid without one.
/// A corrupt value is the `session_invalid` error.
#[uniffi::export]
pub fn session_check_request(
    config: &Config,
    value: String,
    now_ms: i64,
) -> Result<Option<HttpRequest>> {
    Ok(core::session::check_request(&config.0, &value, UnixTime(now_ms))?.map(Into::into))
}

/// Reads the check's answer (fails closed).
#[uniffi::export]
pub fn session_check_response(
    config: &Config,
    value: String,
    response: HttpResponse,
) -> SessionCheck {
    let r = core::session::check_response(&config.0, &value, &response.into());
    SessionCheck {
        valid: r.valid,
        value: r.value,
    }
}
