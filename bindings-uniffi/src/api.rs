//! The Account API and Connec! (docs/spec.md §5): request builders and response readers. Data
//! crosses as JSON text (the platform's field names, unknown fields kept).

use crate::config::Config;
use crate::error::Result;
use crate::http::{HttpRequest, HttpResponse};
use maestrano_core as core;
use maestrano_core::api::{account, connec};
use serde_json::Value;

fn json(text: Option<String>) -> Result<Value> {
    match text {
        None => Ok(Value::Null),
        Some(t) => serde_json::from_str(&t).map_err(|e| {
            core::Error::new(
                core::ErrorKind::ApiInvalidRequest,
                format!("parameters are not JSON: {e}"),
            )
            .into()
        }),
    }
}

/// The Account API request for `action` (`list`, `create`, `retrieve`, `cancel`, `groups`) on
/// `resource` (`bills`, `recurring_bills`, `users`, `groups`, `resellers`). `params_json` is a
/// JSON object of filters or fields.
#[uniffi::export]
pub fn account_request(
    config: &Config,
    resource: String,
    action: String,
    id: Option<String>,
    params_json: Option<String>,
) -> Result<HttpRequest> {
    Ok(account::request(
        &config.0,
        account::Resource::parse(&resource)?,
        account::Action::parse(&action)?,
        id.as_deref(),
        &json(params_json)?,
    )?
    .into())
}

/// Reads an Account API answer: the typed data as JSON text, or the mapped error.
#[uniffi::export]
pub fn account_response(
    resource: String,
    action: String,
    response: HttpResponse,
) -> Result<String> {
    let data = account::response(
        account::Resource::parse(&resource)?,
        account::Action::parse(&action)?,
        &response.into(),
    )?;
    Ok(data.to_json().to_string())
}

/// The Connec! request for `action` (`list`, `get`, `create`, `update`, `batch`). `query_json`:
/// `{filter?, orderby?, top?, skip?}` for `list`; `body_json`: the record (`create`, `update`) or
/// the operations (`batch`).
#[uniffi::export]
pub fn connec_request(
    config: &Config,
    action: String,
    group_id: String,
    entity: String,
    id: Option<String>,
    query_json: Option<String>,
    body_json: Option<String>,
) -> Result<HttpRequest> {
    Ok(connec::request(
        &config.0,
        connec::Action::parse(&action)?,
        &group_id,
        &entity,
        id.as_deref(),
        &connec::ListQuery::from_json(&json(query_json)?)?,
        &json(body_json)?,
    )?
    .into())
}

/// The request for a reply's `pagination.next` (which must be on `connec.host`).
#[uniffi::export]
pub fn connec_next_page_request(config: &Config, next: String) -> Result<HttpRequest> {
    Ok(connec::next_page_request(&config.0, &next)?.into())
}

/// Reads a Connec! reply: `{entity, data, pagination}` or `{results}` as JSON text.
#[uniffi::export]
pub fn connec_response(action: String, response: HttpResponse) -> Result<String> {
    let reply = connec::response(connec::Action::parse(&action)?, &response.into())?;
    Ok(reply.to_json().to_string())
}
