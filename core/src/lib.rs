//! Sans-IO core of the Maestrano SDK.
//!
//! The core never opens a socket, reads a clock or draws randomness: hosts pass `now` and IDs in,
//! send the HTTP requests it builds and hand back the responses. See `ARCHITECTURE.md`.
#![forbid(unsafe_code)]

pub mod error;

pub use error::{Error, ErrorKind, Result};
pub mod xml;
pub mod xmldsig;
