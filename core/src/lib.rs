//! Sans-IO core of the Maestrano SDK.
//!
//! The core never opens a socket, reads a clock or draws randomness: hosts pass `now` and IDs in,
//! send the HTTP requests it builds and hand back the responses. See `docs/architecture.md`.
//!
//! - [`config`]: [`Config`] and [`Presets`] (docs/spec.md §1).
//! - [`metadata`]: the app's metadata JSON (docs/spec.md D3).
//! - [`auth`]: authenticating the platform's calls (docs/spec.md §2).
//! - [`user`]: masking users in `virtual` creation mode (docs/spec.md §2).
//! - [`sso`]: SSO URLs (docs/spec.md §3); [`saml`]: the AuthnRequest and Response validation.
//! - [`session`]: the Maestrano session and single logout (docs/spec.md §4).
//! - [`http`]: requests and responses as plain data; [`api`]: the Account API and Connec!
//!   (docs/spec.md §5); [`webhook`]: the platform's calls to the app; [`devplatform`]:
//!   auto-configuration (docs/spec.md D2).
//! - [`xml`], [`xmldsig`]: the strict XML parser and XML-Signature verification.
//! - [`web`]: what web integrations share (return paths, error statuses; docs/spec.md §9).
#![forbid(unsafe_code)]

pub mod api;
pub mod auth;
pub mod config;
pub mod devplatform;
pub mod error;
pub mod http;
pub mod metadata;
mod result_json;
pub mod saml;
pub mod session;
pub mod sso;
pub mod time;
pub mod url;
pub mod user;
pub mod web;
pub mod webhook;
pub mod xml;
pub mod xmldsig;

pub use config::{Config, ConfigBuilder, CreationMode, Presets};
pub use error::{Error, ErrorKind, HttpFailure, Result};
pub use http::{HttpRequest, HttpResponse, Method};
