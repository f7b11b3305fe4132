//! The Account API and Connec! (docs/spec.md §5): request builders and response readers, JSON text
//! in and out.

use crate::config::Config;
use crate::error::{IntoJs, Result};
use crate::http::{json, request_json, response};
use maestrano_core::api::{account, connec};
use wasm_bindgen::prelude::*;

/// The Account API request for `action` on `resource`; `params` is JSON text or undefined.
#[wasm_bindgen(js_name = accountRequest)]
pub fn account_request(
    config: &Config,
    resource: &str,
    action: &str,
    id: Option<String>,
    params: Option<String>,
) -> Result<String> {
    let r = account::request(
        &config.0,
        account::Resource::parse(resource).js()?,
        account::Action::parse(action).js()?,
        id.as_deref(),
        &json(params).js()?,
    )
    .js()?;
    Ok(request_json(&r))
}

/// Reads an Account API answer: the typed data as JSON text.
#[wasm_bindgen(js_name = accountResponse)]
pub fn account_response(
    resource: &str,
    action: &str,
    status: u16,
    body: Vec<u8>,
) -> Result<String> {
    let data = account::response(
        account::Resource::parse(resource).js()?,
        account::Action::parse(action).js()?,
        &response(status, body),
    )
    .js()?;
    Ok(data.to_json().to_string())
}

/// The Connec! request for `action`; `query` and `body` are JSON text or undefined.
#[wasm_bindgen(js_name = connecRequest)]
pub fn connec_request(
    config: &Config,
    action: &str,
    group_id: &str,
    entity: &str,
    id: Option<String>,
    query: Option<String>,
    body: Option<String>,
) -> Result<String> {
    let r = connec::request(
        &config.0,
        connec::Action::parse(action).js()?,
        group_id,
        entity,
        id.as_deref(),
        &connec::ListQuery::from_json(&json(query).js()?).js()?,
        &json(body).js()?,
    )
    .js()?;
    Ok(request_json(&r))
}

/// The request for a reply's `pagination.next` (which must be on `connec.host`).
#[wasm_bindgen(js_name = connecNextPageRequest)]
pub fn connec_next_page_request(config: &Config, next: &str) -> Result<String> {
    Ok(request_json(
        &connec::next_page_request(&config.0, next).js()?,
    ))
}

/// Reads a Connec! reply: `{entity, data, pagination}` or `{results}` as JSON text.
#[wasm_bindgen(js_name = connecResponse)]
pub fn connec_response(action: &str, status: u16, body: Vec<u8>) -> Result<String> {
    let reply =
        connec::response(connec::Action::parse(action).js()?, &response(status, body)).js()?;
    Ok(reply.to_json().to_string())
}
