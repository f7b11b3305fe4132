//! Sans-IO core of the Maestrano SDK.
//!
//! The core never opens a socket, reads a clock or draws randomness: hosts pass `now` and IDs in,
//! send the HTTP requests it builds and hand back the responses. See `ARCHITECTURE.md`.
//!
//! - [`config`]: [`Config`] and [`Presets`] (SPEC §1).
//! - [`metadata`]: the app's metadata JSON (D3).
//! - [`auth`]: authenticating the platform's calls (SPEC §2).
//! - [`user`]: masking users in `virtual` creation mode (SPEC §2).
//! - [`sso`]: SSO URLs (SPEC §3); [`saml`]: the AuthnRequest and Response validation.
//! - [`session`]: the Maestrano session and single logout (SPEC §4).
//! - [`http`]: requests and responses as plain data; [`api`]: the Account API and Connec!
//!   (SPEC §5); [`webhook`]: the platform's calls to the app; [`devplatform`]: auto-configuration
//!   (D2).
//! - [`xml`], [`xmldsig`]: the strict XML parser and XML-Signature verification.
#![forbid(unsafe_code)]

pub mod api;
pub mod auth;
pub mod config;
pub mod devplatform;
pub mod error;
pub mod http;
pub mod metadata;
pub mod saml;
pub mod session;
pub mod sso;
pub mod time;
pub mod url;
pub mod user;
pub mod webhook;
pub mod xml;
pub mod xmldsig;

pub use config::{Config, ConfigBuilder, CreationMode, Presets};
pub use error::{Error, ErrorKind, HttpFailure, Result};
pub use http::{HttpRequest, HttpResponse, Method};
