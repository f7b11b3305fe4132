//! wasm-bindgen bindings of the Maestrano core, for the npm package (Node and Workers).
//!
//! Translation only. Structured values cross as JSON text (configuration in, metadata out); the
//! npm wrapper turns them into objects. Errors are JS `Error`s named `MaestranoError` with a
//! `kind` property (SPEC §7), which the wrapper re-throws as its `MaestranoError` class.

mod config;
mod error;
mod replay;
mod saml;
mod xmldsig;

pub use config::{unmask_user, version, Config, Presets};
pub use replay::{replay_expiry_ms, MemoryReplayCache};
pub use saml::{authn_request, validate_response};
pub use xmldsig::xmldsig_verify;
