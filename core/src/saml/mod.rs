//! SAML 2.0 for the service provider: the AuthnRequest (HTTP-Redirect binding) and, in later
//! modules, validation of the posted Response.

mod request;

pub use request::{authn_request, AuthnRequest, AuthnRequestOptions};

/// SAML protocol namespace.
pub const PROTOCOL_NS: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
/// SAML assertion namespace.
pub const ASSERTION_NS: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
/// The HTTP-POST binding, where the IdP must send the Response.
pub const HTTP_POST_BINDING: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
