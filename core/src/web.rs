//! What every web integration (Hono, Express, passport, Flask, Django, FastAPI, Spring) shares,
//! so they all behave the same: where a finished sign-in may send the browser back to, and which
//! HTTP status answers each error kind (docs/spec.md §9).
//!
//! Cost: [`safe_return_path`] reads its input once, and refuses anything longer than
//! [`MAX_RETURN_PATH`] bytes before reading it.

use crate::ErrorKind;

/// The longest return path accepted, in bytes.
pub const MAX_RETURN_PATH: usize = 2048;

/// `value` when it is a path on the app's own origin that the browser may be sent back to after
/// signing in (the RelayState or `?return_to=` of the init route), else `None`.
///
/// Accepted: one leading `/` followed by printable ASCII (percent-encode anything else), at most
/// [`MAX_RETURN_PATH`] bytes. Refused: absolute and scheme-relative URLs (`https://x`, `//x`),
/// a backslash anywhere (browsers read `/\x` as `//x`), white space and control characters
/// (`/\t/x`), and empty values. This keeps the sign-in from being an open redirect.
///
/// ```
/// use maestrano_core::web::safe_return_path;
///
/// assert_eq!(safe_return_path("/invoices?page=2#top"), Some("/invoices?page=2#top"));
/// assert_eq!(safe_return_path("https://evil.example/"), None); // absolute
/// assert_eq!(safe_return_path("//evil.example/"), None); // scheme-relative
/// assert_eq!(safe_return_path("/\\evil.example/"), None); // read as `//` by browsers
/// assert_eq!(safe_return_path("/caf\u{e9}"), None); // percent-encode non-ASCII: `/caf%C3%A9`
/// assert_eq!(safe_return_path(""), None);
/// ```
pub fn safe_return_path(value: &str) -> Option<&str> {
    let bytes = value.as_bytes();
    if bytes.len() > MAX_RETURN_PATH || bytes.first() != Some(&b'/') || bytes.get(1) == Some(&b'/')
    {
        return None;
    }
    bytes
        .iter()
        .all(|&b| b.is_ascii_graphic() && b != b'\\')
        .then_some(value)
}

impl ErrorKind {
    /// The HTTP status an integration answers when an operation fails with this kind:
    /// `400` for a garbled request (not base64, not XML, a DTD, a bad notification body),
    /// `401` for wrong or missing credentials and a corrupt session value, `403` for a SAML
    /// response that was read but refused, `413` for an oversized input, `500` for the app's own
    /// configuration, `502` when the platform failed or did not answer, `503` when the replay
    /// store is full.
    ///
    /// ```
    /// use maestrano_core::{sso, Config, ErrorKind};
    ///
    /// assert_eq!(ErrorKind::Replayed.http_status(), 403);
    /// assert_eq!(ErrorKind::InputTooLarge.http_status(), 413);
    ///
    /// // A custom environment without `api.host` has no platform to send users to.
    /// let config = Config::from_json_str(r#"{"environment": "custom"}"#)?;
    /// let error = sso::idp_url(&config).unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::ConfigMissing);
    /// assert_eq!(error.kind().http_status(), 500);
    /// # Ok::<(), maestrano_core::Error>(())
    /// ```
    pub fn http_status(self) -> u16 {
        use ErrorKind::*;
        match self {
            MalformedBase64 | MalformedXml | DtdForbidden | ApiInvalidRequest => 400,
            ApiAuthentication | SessionInvalid => 401,
            DuplicateId | UnexpectedStructure | Unsupported | SignatureMissing
            | SignatureInvalid | DigestMismatch | UntrustedKey | AlgorithmForbidden
            | StatusNotSuccess | NotYetValid | Expired | AudienceMismatch | DestinationMismatch
            | RecipientMismatch | InResponseToMismatch | IssuerMismatch | Replayed
            | MissingAttribute | InvalidAttribute => 403,
            InputTooLarge => 413,
            ConfigMissing | ConfigInvalid | DevplatformError => 500,
            ApiError | ApiConnection => 502,
            ReplayStoreFull => 503,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths() {
        for ok in ["/", "/a/b?c=d#e", "/%2F%2Fevil", "/x:y"] {
            assert_eq!(safe_return_path(ok), Some(ok), "{ok}");
        }
        let long = format!("/{}", "a".repeat(MAX_RETURN_PATH));
        for bad in [
            "",
            "a",
            "//evil",
            "/\\evil",
            "https://evil",
            "/a b",
            "/\t/evil",
            "/\u{e9}",
            "/a\\b",
            " /a",
            &long,
        ] {
            assert_eq!(safe_return_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_kind_has_a_status() {
        for kind in ErrorKind::ALL {
            assert!((400..600).contains(&kind.http_status()), "{kind:?}");
        }
        assert_eq!(ErrorKind::Replayed.http_status(), 403);
        assert_eq!(ErrorKind::ApiAuthentication.http_status(), 401);
    }
}
