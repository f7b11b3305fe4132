//! UniFFI bindings of the Maestrano core for Python, Kotlin and Swift.
//!
//! Translation only: every function delegates to `maestrano_core`. Structured values cross the
//! boundary as JSON text (configuration in, metadata out); host wrappers turn them into native
//! dicts and maps. Errors cross as [`MaestranoError`] with the stable kind string.

mod config;
mod error;
mod replay;
mod saml;
mod time;
mod xmldsig;

pub use config::{unmask_user, version, Config, Presets};
pub use error::MaestranoError;
pub use replay::{replay_expiry, ReplayCache};
pub use saml::{authn_request, validate_response, AuthnRequest, QueryParam, SsoResult};

pub use xmldsig::{xmldsig_verify, VerifiedXml};

uniffi::setup_scaffolding!("maestrano");
