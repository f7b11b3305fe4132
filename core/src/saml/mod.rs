//! SAML 2.0 for the service provider: the AuthnRequest (HTTP-Redirect binding) and validation
//! of the posted Response (HTTP-POST binding) with its user, group and membership views.

mod assertion;
mod decode;
#[cfg(feature = "idp")]
pub mod idp;
mod replay;
mod request;
mod validate;
mod views;

pub use decode::decode_post;
pub use replay::{
    check_replay, replay_expiry, replay_key, replayed_error, MemoryReplayStore, ReplayStore,
    DEFAULT_RETENTION_SECS,
};
pub use request::{authn_request, AuthnRequest, AuthnRequestOptions};
pub use validate::{validate_response, SsoResult, ValidateOptions};
pub use views::{SsoGroup, SsoMembership, SsoUser};

/// SAML protocol namespace.
pub const PROTOCOL_NS: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
/// SAML assertion namespace.
pub const ASSERTION_NS: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
/// The HTTP-POST binding, where the IdP must send the Response.
pub const HTTP_POST_BINDING: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
