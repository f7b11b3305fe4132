//! wasm-bindgen bindings of the Maestrano core, for the npm package (Node and Workers).
//!
//! Translation only. Structured values cross as JSON text (configuration in, metadata out); the
//! npm wrapper turns them into objects. Errors are JS `Error`s named `MaestranoError` with a
//! `kind` property (docs/spec.md §7), which the wrapper re-throws as its `MaestranoError` class.

mod api;
mod config;
mod devplatform;
mod error;
mod http;
mod replay;
mod saml;
mod session;
mod web;
mod webhook;
mod xmldsig;

pub use api::{
    account_request, account_response, connec_next_page_request, connec_request, connec_response,
};
pub use config::{unmask_user, version, Config, Presets};
pub use devplatform::{devplatform_request, devplatform_response};
pub use replay::{replay_expiry_ms, replay_key_js, MemoryReplayCache};
pub use saml::{authn_request, validate_response};
pub use session::{session_check_request, session_check_response, session_read};
pub use web::{error_status, safe_return_path};
pub use webhook::{webhook_connec_notification, webhook_match};
pub use xmldsig::xmldsig_verify;
