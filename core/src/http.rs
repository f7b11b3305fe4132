//! HTTP as plain data (docs/spec.md §5): the core builds [`HttpRequest`]s, the host sends them with
//! its own client and hands back an [`HttpResponse`]. Nothing here opens a socket.

use crate::config::Config;
use crate::error::{excerpt, Error, ErrorKind, HttpFailure, Result};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Map, Value};

/// Largest response body the core parses (16 MiB); a bigger one is `input_too_large`.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// An HTTP method the platform APIs use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method's name, upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// The method named `s` (any case), if it is one of these.
    pub fn parse(s: &str) -> Option<Method> {
        [Method::Get, Method::Post, Method::Put, Method::Delete]
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
    }
}

/// A request for the host to send. Header names are lower case. Its `Debug` output hides the
/// `authorization` header (it carries the API credentials).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, query string included.
    pub url: String,
    /// Headers, names in lower case, in the order they should be sent.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<Vec<u8>>,
    /// How long the host should wait for the whole response, in milliseconds.
    pub timeout_ms: Option<u64>,
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let shown = if k.eq_ignore_ascii_case("authorization") {
                    "<redacted>"
                } else {
                    v.as_str()
                };
                (k.as_str(), shown)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

impl HttpRequest {
    /// The value of header `name` (case-insensitive), if set.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The body as text (bodies the core builds are always UTF-8).
    pub fn body_text(&self) -> Option<String> {
        self.body
            .as_ref()
            .map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// The request as JSON: `{method, url, headers{name: value}, body (string|null), timeout_ms}`
    /// (docs/spec.md §8 form, plus the timeout).
    pub fn to_json(&self) -> Value {
        let headers: Map<String, Value> = self
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        json!({
            "method": self.method.as_str(),
            "url": self.url,
            "headers": headers,
            "body": self.body_text(),
            "timeout_ms": self.timeout_ms,
        })
    }
}

/// A response the host received. The core reads only status, headers and body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// Headers as received (names in any case).
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with `status` and `body` and no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The value of header `name` (case-insensitive), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body parsed as JSON: `None` when it is not JSON (or is larger than
    /// [`MAX_RESPONSE_BYTES`]).
    pub fn json(&self) -> Option<Value> {
        if self.body.len() > MAX_RESPONSE_BYTES {
            return None;
        }
        serde_json::from_slice(&self.body).ok()
    }

    /// The start of the body as text, to quote in an error message.
    pub fn body_excerpt(&self) -> String {
        let end = self.body.len().min(800);
        excerpt(&String::from_utf8_lossy(&self.body[..end]), 200)
    }

    /// `input_too_large` when the body exceeds [`MAX_RESPONSE_BYTES`].
    pub(crate) fn check_size(&self) -> Result<()> {
        if self.body.len() > MAX_RESPONSE_BYTES {
            return Err(Error::new(
                ErrorKind::InputTooLarge,
                format!(
                    "response body of {} bytes exceeds the {MAX_RESPONSE_BYTES}-byte limit",
                    self.body.len()
                ),
            ));
        }
        Ok(())
    }

    /// An error of `kind` for an unexpected answer: status and a body excerpt attached.
    pub(crate) fn unexpected(&self, kind: ErrorKind, what: &str) -> Error {
        let body = self.body_excerpt();
        Error::new(kind, format!("(Status {}) {what}: {body:?}", self.status)).with_http(
            HttpFailure {
                status: self.status,
                body_excerpt: Some(body),
                ..HttpFailure::default()
            },
        )
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `Basic base64(user:password)`.
pub(crate) fn basic_auth(user: &str, password: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
}

/// The `User-Agent` naming the library, its version and the host language.
pub(crate) fn user_agent(config: &Config) -> String {
    let lang = match config.api.lang_version.as_deref() {
        Some(v) if !v.is_empty() => format!("{}/{v}", config.api.lang),
        _ => config.api.lang.clone(),
    };
    format!("maestrano-sdk/{} ({lang})", crate::metadata::VERSION)
}

/// Joins a base and a path with exactly one `/` between them.
pub(crate) fn join(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_parse_any_case() {
        assert_eq!(Method::parse("delete"), Some(Method::Delete));
        assert_eq!(Method::parse("PATCH"), None);
    }

    #[test]
    fn response_json_and_excerpt() {
        let r = HttpResponse::new(200, "{\"a\":1}");
        assert_eq!(r.json(), Some(json!({"a": 1})));
        let r = HttpResponse::new(502, "<html>".repeat(100));
        assert!(r.json().is_none());
        assert!(r.body_excerpt().chars().count() <= 201);
        let e = r.unexpected(ErrorKind::ApiError, "not JSON");
        assert_eq!(e.http().map(|h| h.status), Some(502));
    }

    #[test]
    fn join_uses_one_slash() {
        assert_eq!(join("https://h/", "/a"), "https://h/a");
        assert_eq!(join("https://h", "a"), "https://h/a");
    }

    #[test]
    fn debug_hides_credentials() {
        let r = HttpRequest {
            method: Method::Get,
            url: "https://h/".into(),
            headers: vec![("authorization".into(), basic_auth("app-1", "secret"))],
            body: None,
            timeout_ms: None,
        };
        let shown = format!("{r:?}");
        assert!(shown.contains("<redacted>") && !shown.contains(&basic_auth("app-1", "secret")));
    }

    #[test]
    fn basic_auth_is_standard_base64() {
        assert_eq!(basic_auth("app-1", "k"), "Basic YXBwLTE6aw==");
    }
}
