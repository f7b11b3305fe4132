//! The one error of the bindings: the core's kind (docs/spec.md §7 string) and message.

/// A failure of any operation. Hosts map it to their idiomatic exception by `kind`.
#[derive(Debug, uniffi::Error)]
pub enum MaestranoError {
    /// The only variant: `kind` is a stable docs/spec.md §7 string such as `"config_missing"`.
    Failure {
        /// Stable error kind.
        kind: String,
        /// Human-readable reason.
        message: String,
        /// What the platform answered, when the failure comes from an HTTP response.
        http: Option<HttpFailure>,
    },
}

/// What a platform answered when a call failed.
#[derive(Debug, uniffi::Record)]
pub struct HttpFailure {
    /// HTTP status.
    pub status: u16,
    /// The field (or error code) the platform named first.
    pub param: Option<String>,
    /// The platform's messages.
    pub messages: Vec<String>,
    /// The start of the body, when it was not the expected JSON.
    pub body_excerpt: Option<String>,
}

impl std::fmt::Display for MaestranoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let MaestranoError::Failure { kind, message, .. } = self;
        write!(f, "{kind}: {message}")
    }
}

impl From<maestrano_core::Error> for MaestranoError {
    fn from(e: maestrano_core::Error) -> Self {
        MaestranoError::Failure {
            kind: e.kind().as_str().to_string(),
            message: e.message().to_string(),
            http: e.http().map(|h| HttpFailure {
                status: h.status,
                param: h.param.clone(),
                messages: h.messages.clone(),
                body_excerpt: h.body_excerpt.clone(),
            }),
        }
    }
}

/// Result alias of the bindings.
pub type Result<T> = std::result::Result<T, MaestranoError>;
