//! UniFFI bindings of the Maestrano core for Python, Kotlin and Swift.
//!
//! Translation only: every function delegates to `maestrano_core`. Structured values cross the
//! boundary as JSON text (configuration in, metadata out); host wrappers turn them into native
//! dicts and maps. Errors cross as [`MaestranoError`] with the stable kind string.

// The error crosses the FFI by value with its HTTP details; UniFFI cannot box a field.
#![allow(clippy::result_large_err)]

mod api;
mod config;
mod devplatform;
mod error;
mod http;
mod replay;
mod saml;
mod session;
mod time;
mod web;
mod webhook;
mod xmldsig;

pub use api::{
    account_request, account_response, connec_next_page_request, connec_request, connec_response,
};
pub use config::{unmask_user, version, Config, Presets};
pub use devplatform::{devplatform_request, devplatform_response, DevPlatformSettings};
pub use error::{HttpFailure, MaestranoError};
pub use http::{HttpHeader, HttpRequest, HttpResponse};
pub use replay::{replay_expiry, replay_expiry_ms, replay_key, replay_key_of, ReplayCache};
pub use saml::{
    authn_request, validate_response, validate_response_json, AuthnRequest, QueryParam, SsoResult,
};
pub use session::{
    session_check_request, session_check_response, session_read, SessionCheck, SessionPayload,
};
pub use web::{error_status, safe_return_path};
pub use webhook::{webhook_connec_notification, webhook_match, WebhookEvent};

pub use xmldsig::{xmldsig_verify, VerifiedXml};

uniffi::setup_scaffolding!("maestrano");
