//! The one error type of the core: a stable [`ErrorKind`] (docs/spec.md §7) plus a human message.
//!
//! Bindings map this once each (a JS `MaestranoError`, a Python exception hierarchy, a Kotlin
//! exception). Messages say what was expected and what was found, and never echo secrets.

use std::fmt;

/// Stable error kinds, identical in every language (docs/spec.md §7). Never renamed; new ones may
/// be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A required configuration key is absent.
    ConfigMissing,
    /// A configuration value is present but unusable.
    ConfigInvalid,
    /// An input exceeds a configured limit.
    InputTooLarge,
    /// Input that should be base64 is not.
    MalformedBase64,
    /// Input is not well-formed XML (or not UTF-8).
    MalformedXml,
    /// The document carries a DOCTYPE.
    DtdForbidden,
    /// Two elements share an `ID`.
    DuplicateId,
    /// The document does not have the one accepted shape.
    UnexpectedStructure,
    /// A feature the core does not implement (e.g. encrypted assertions).
    Unsupported,
    /// No signature covers what must be signed.
    SignatureMissing,
    /// A signature value does not verify.
    SignatureInvalid,
    /// A reference digest does not match the signed content.
    DigestMismatch,
    /// The signing key is not one of the configured, trusted keys.
    UntrustedKey,
    /// An algorithm or transform outside the allow-list (or refused by strict mode).
    AlgorithmForbidden,
    /// The SAML status is not Success.
    StatusNotSuccess,
    /// The assertion is not valid yet.
    NotYetValid,
    /// The assertion has expired.
    Expired,
    /// No acceptable audience.
    AudienceMismatch,
    /// The Response Destination is not our consume URL.
    DestinationMismatch,
    /// The bearer confirmation Recipient is not our consume URL.
    RecipientMismatch,
    /// `InResponseTo` does not match the request we sent.
    InResponseToMismatch,
    /// The Issuer is not the configured IdP entity.
    IssuerMismatch,
    /// The assertion was already used.
    Replayed,
    /// The replay store is full of unexpired entries: the assertion is refused rather than
    /// accepted unrecorded (fail closed).
    ReplayStoreFull,
    /// A required attribute is absent.
    MissingAttribute,
    /// An attribute value cannot be interpreted.
    InvalidAttribute,
    /// The platform refused our credentials.
    ApiAuthentication,
    /// The platform refused the request as invalid.
    ApiInvalidRequest,
    /// The platform answered with an unexpected status or body.
    ApiError,
    /// The developer platform's configuration reply is unusable.
    DevplatformError,
    /// A stored session value is corrupt or incomplete: the session is not valid (fail closed).
    SessionInvalid,
    /// The platform could not be reached: connection refused or dropped, timeout (raised by the
    /// hosts' HTTP clients; the core itself does no IO).
    ApiConnection,
}

impl ErrorKind {
    /// Every kind, in the order of docs/spec.md §7.
    pub const ALL: [ErrorKind; 32] = [
        ErrorKind::ConfigMissing,
        ErrorKind::ConfigInvalid,
        ErrorKind::InputTooLarge,
        ErrorKind::MalformedBase64,
        ErrorKind::MalformedXml,
        ErrorKind::DtdForbidden,
        ErrorKind::DuplicateId,
        ErrorKind::UnexpectedStructure,
        ErrorKind::Unsupported,
        ErrorKind::SignatureMissing,
        ErrorKind::SignatureInvalid,
        ErrorKind::DigestMismatch,
        ErrorKind::UntrustedKey,
        ErrorKind::AlgorithmForbidden,
        ErrorKind::StatusNotSuccess,
        ErrorKind::NotYetValid,
        ErrorKind::Expired,
        ErrorKind::AudienceMismatch,
        ErrorKind::DestinationMismatch,
        ErrorKind::RecipientMismatch,
        ErrorKind::InResponseToMismatch,
        ErrorKind::IssuerMismatch,
        ErrorKind::Replayed,
        ErrorKind::MissingAttribute,
        ErrorKind::InvalidAttribute,
        ErrorKind::ApiAuthentication,
        ErrorKind::ApiInvalidRequest,
        ErrorKind::ApiError,
        ErrorKind::DevplatformError,
        ErrorKind::SessionInvalid,
        ErrorKind::ApiConnection,
        ErrorKind::ReplayStoreFull,
    ];

    /// The stable string of docs/spec.md §7 (`"config_missing"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::ConfigMissing => "config_missing",
            ErrorKind::ConfigInvalid => "config_invalid",
            ErrorKind::InputTooLarge => "input_too_large",
            ErrorKind::MalformedBase64 => "malformed_base64",
            ErrorKind::MalformedXml => "malformed_xml",
            ErrorKind::DtdForbidden => "dtd_forbidden",
            ErrorKind::DuplicateId => "duplicate_id",
            ErrorKind::UnexpectedStructure => "unexpected_structure",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::SignatureMissing => "signature_missing",
            ErrorKind::SignatureInvalid => "signature_invalid",
            ErrorKind::DigestMismatch => "digest_mismatch",
            ErrorKind::UntrustedKey => "untrusted_key",
            ErrorKind::AlgorithmForbidden => "algorithm_forbidden",
            ErrorKind::StatusNotSuccess => "status_not_success",
            ErrorKind::NotYetValid => "not_yet_valid",
            ErrorKind::Expired => "expired",
            ErrorKind::AudienceMismatch => "audience_mismatch",
            ErrorKind::DestinationMismatch => "destination_mismatch",
            ErrorKind::RecipientMismatch => "recipient_mismatch",
            ErrorKind::InResponseToMismatch => "in_response_to_mismatch",
            ErrorKind::IssuerMismatch => "issuer_mismatch",
            ErrorKind::Replayed => "replayed",
            ErrorKind::MissingAttribute => "missing_attribute",
            ErrorKind::InvalidAttribute => "invalid_attribute",
            ErrorKind::ApiAuthentication => "api_authentication",
            ErrorKind::ApiInvalidRequest => "api_invalid_request",
            ErrorKind::ApiError => "api_error",
            ErrorKind::DevplatformError => "devplatform_error",
            ErrorKind::SessionInvalid => "session_invalid",
            ErrorKind::ApiConnection => "api_connection",
            ErrorKind::ReplayStoreFull => "replay_store_full",
        }
    }

    /// The kind whose stable string is `s`, if any.
    pub fn parse(s: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure of any core operation: a stable kind and a message that says why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    http: Option<Box<HttpFailure>>,
}

/// What a platform answered when an HTTP call failed: attached to `api_*` and
/// `devplatform_error` errors that come from a response.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpFailure {
    /// The HTTP status.
    pub status: u16,
    /// The field the platform named first (Account API `errors` key, Connec! error `code`).
    pub param: Option<String>,
    /// The platform's messages, each as `"<field> <message>"` (Account API) or the error's
    /// title and detail (Connec!).
    pub messages: Vec<String>,
    /// The start of the body (at most 200 characters), when it was not the expected JSON.
    pub body_excerpt: Option<String>,
}

impl Error {
    /// A new error of `kind` with a human-readable `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            http: None,
        }
    }

    /// This error with what the platform answered attached.
    pub fn with_http(mut self, failure: HttpFailure) -> Self {
        self.http = Some(Box::new(failure));
        self
    }

    /// What the platform answered, when the error comes from an HTTP response.
    pub fn http(&self) -> Option<&HttpFailure> {
        self.http.as_deref()
    }

    /// The stable kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The human-readable message (never contains secrets).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for Error {}

/// At most `n` characters of `s` (with `…` when cut), to quote hostile input in messages.
pub(crate) fn excerpt(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for k in ErrorKind::ALL {
            assert!(seen.insert(k.as_str()));
            assert_eq!(ErrorKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(ErrorKind::parse("nope"), None);
    }

    #[test]
    fn display_names_kind_and_message() {
        let e = Error::new(ErrorKind::ConfigMissing, "`api.id` is not set");
        assert_eq!(e.to_string(), "config_missing: `api.id` is not set");
    }
}
