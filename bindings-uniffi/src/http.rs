//! HTTP requests and responses as records: the host sends one and hands back the other.

use maestrano_core as core;

/// One header.
#[derive(uniffi::Record)]
pub struct HttpHeader {
    /// Name (lower case in requests the core builds).
    pub name: String,
    /// Value.
    pub value: String,
}

/// A request for the host to send.
#[derive(uniffi::Record)]
pub struct HttpRequest {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// Headers in sending order.
    pub headers: Vec<HttpHeader>,
    /// Body bytes, if any.
    pub body: Option<Vec<u8>>,
    /// How long to wait for the whole response, in milliseconds.
    pub timeout_ms: Option<u64>,
}

/// A response the host received. `status` 0 stands for "no response" (network failure).
#[derive(uniffi::Record)]
pub struct HttpResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers as received.
    pub headers: Vec<HttpHeader>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl From<core::HttpRequest> for HttpRequest {
    fn from(r: core::HttpRequest) -> Self {
        HttpRequest {
            method: r.method.as_str().to_string(),
            url: r.url,
            headers: r
                .headers
                .into_iter()
                .map(|(name, value)| HttpHeader { name, value })
                .collect(),
            body: r.body,
            timeout_ms: r.timeout_ms,
        }
    }
}

impl From<HttpResponse> for core::HttpResponse {
    fn from(r: HttpResponse) -> Self {
        core::HttpResponse {
            status: r.status,
            headers: r.headers.into_iter().map(|h| (h.name, h.value)).collect(),
            body: r.body,
        }
    }
}
