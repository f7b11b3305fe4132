//! Sans-IO core of the Maestrano SDK.
//!
//! The core never opens a socket, reads a clock or draws randomness: hosts pass `now` and IDs in,
//! send the HTTP requests it builds and hand back the responses. See `ARCHITECTURE.md`.
//!
//! - [`config`]: [`Config`] and [`Presets`] (SPEC §1).
//! - [`metadata`]: the app's metadata JSON (D3).
//! - [`auth`]: authenticating the platform's calls (SPEC §2).
//! - [`user`]: masking users in `virtual` creation mode (SPEC §2).
//! - [`sso`]: SSO URLs (SPEC §3).
//! - [`xml`], [`xmldsig`]: the strict XML parser and XML-Signature verification.
#![forbid(unsafe_code)]

pub mod auth;
pub mod config;
pub mod error;
pub mod metadata;
pub mod saml;
pub mod sso;
pub mod time;
pub mod url;
pub mod user;
pub mod xml;
pub mod xmldsig;

pub use config::{Config, ConfigBuilder, CreationMode, Presets};
pub use error::{Error, ErrorKind, Result};
