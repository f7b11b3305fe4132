//! The platform's HTTP APIs, sans-IO (docs/spec.md §5): the [`account`] API and [`connec`]!. Each
//! endpoint is a pair: a function that builds the [`crate::http::HttpRequest`] and one that
//! reads the [`crate::http::HttpResponse`] into typed data or a typed error.

pub mod account;
pub mod connec;
pub mod form;
pub mod models;

use crate::error::{Error, ErrorKind, HttpFailure, Result};
use crate::http::HttpResponse;
use serde_json::Value;

/// The `data` of an Account API envelope `{success, errors, data}`, or the mapped error
/// (docs/spec.md §5): 401 → `api_authentication`; 400, 404, or 2xx with `success: false` →
/// `api_invalid_request` naming the first field; anything else → `api_error`.
pub(crate) fn read_envelope(response: &HttpResponse) -> Result<Value> {
    response.check_size()?;
    let body = response.json();
    let status = response.status;
    let failure = body.as_ref().and_then(|b| account_errors(b, status));
    let refused = |kind: ErrorKind| -> Error {
        match failure.clone() {
            Some(failure) => {
                let summary = failure
                    .messages
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "the request was refused".into());
                Error::new(kind, format!("(Status {status}) {summary}")).with_http(failure)
            }
            None => response.unexpected(kind, "the platform refused the request"),
        }
    };
    match status {
        401 => return Err(refused(ErrorKind::ApiAuthentication)),
        400 | 404 => return Err(refused(ErrorKind::ApiInvalidRequest)),
        s if !(200..300).contains(&s) => {
            return Err(match failure {
                Some(_) => refused(ErrorKind::ApiError),
                None => response.unexpected(ErrorKind::ApiError, "unexpected answer"),
            })
        }
        _ => {}
    }
    let Some(Value::Object(mut envelope)) = body else {
        return Err(response.unexpected(
            ErrorKind::ApiError,
            "invalid response object from the API (not a JSON object)",
        ));
    };
    if envelope.get("success") == Some(&Value::Bool(false)) {
        return Err(refused(ErrorKind::ApiInvalidRequest));
    }
    envelope
        .remove("data")
        .ok_or_else(|| response.unexpected(ErrorKind::ApiError, "the answer has no `data`"))
}

/// The Account API's `errors: {field: [messages]}` as a failure, when there are any.
fn account_errors(body: &Value, status: u16) -> Option<HttpFailure> {
    let errors = body.get("errors")?.as_object()?;
    let mut messages = Vec::new();
    for (field, msgs) in errors {
        match msgs {
            Value::Array(list) => {
                for m in list {
                    messages.push(format!("{field} {}", text_of(m)));
                }
            }
            other => messages.push(format!("{field} {}", text_of(other))),
        }
    }
    if messages.is_empty() {
        return None;
    }
    Some(HttpFailure {
        status,
        param: errors.keys().next().cloned(),
        messages,
        body_excerpt: None,
    })
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(status: u16, body: &str) -> Error {
        read_envelope(&HttpResponse::new(status, body)).unwrap_err()
    }

    #[test]
    fn maps_errors_as_spec_5() {
        let e = err(
            401,
            r#"{"success":false,"errors":{"authentication":["Invalid API token"]},"data":{}}"#,
        );
        assert_eq!(e.kind(), ErrorKind::ApiAuthentication);
        assert_eq!(e.message(), "(Status 401) authentication Invalid API token");
        let e = err(
            200,
            r#"{"success":false,"errors":{"id":["does not exist"]},"data":{}}"#,
        );
        assert_eq!(e.kind(), ErrorKind::ApiInvalidRequest);
        assert_eq!(e.http().unwrap().param.as_deref(), Some("id"));
        let e = err(
            400,
            r#"{"success":false,"errors":{"price_cents":["can't be blank","is not a number"],"description":["can't be blank"]},"data":{}}"#,
        );
        assert_eq!(e.http().unwrap().messages.len(), 3);
        let e = err(500, r#"{"errors":{"system":["A system error occured."]}}"#);
        assert_eq!(e.kind(), ErrorKind::ApiError);
        let e = err(502, "<html>Bad gateway</html>");
        assert_eq!(e.kind(), ErrorKind::ApiError);
        assert!(e.message().contains("Bad gateway"), "{}", e.message());
        let e = err(200, "not json");
        assert_eq!(e.kind(), ErrorKind::ApiError);
        let e = err(404, "");
        assert_eq!(e.kind(), ErrorKind::ApiInvalidRequest);
    }
}
