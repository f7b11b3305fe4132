//! Connec!, the data-sharing API (docs/spec.md §5): list (`$filter`, `$orderby`, `$top`, `$skip`),
//! get, create, update and batch requests, and their replies keyed by entity with
//! `pagination.next` for paging.

use crate::config::Config;
use crate::error::{Error, ErrorKind, HttpFailure, Result};
use crate::http::{basic_auth, join, user_agent, HttpRequest, HttpResponse, Method};
use crate::url::escape;
use serde::Serialize;
use serde_json::{json, Map, Value};

const MEDIA_TYPE: &str = "application/vnd.api+json";

/// A Connec! operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `GET …/group/entity?$filter…`.
    List,
    /// `GET …/group/entity/id`.
    Get,
    /// `POST …/group/entity` with `{"<entity>": {…}}`.
    Create,
    /// `PUT …/group/entity/id` with `{"<entity>": {…}}`.
    Update,
    /// `POST connec.host/batch`.
    Batch,
}

impl Action {
    /// The action's name: `list`, `get`, `create`, `update`, `batch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::List => "list",
            Action::Get => "get",
            Action::Create => "create",
            Action::Update => "update",
            Action::Batch => "batch",
        }
    }

    /// The action named `s`.
    pub fn parse(s: &str) -> Result<Action> {
        [
            Action::List,
            Action::Get,
            Action::Create,
            Action::Update,
            Action::Batch,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Unsupported,
                format!(
                    "unknown Connec! action {s:?} (expected list, get, create, update or batch)"
                ),
            )
        })
    }
}

/// The query of a list request. Every part is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// `$filter`, e.g. `updated_at gt '2016-06-28T08:00:00Z'`.
    pub filter: Option<String>,
    /// `$orderby`, e.g. `created_at desc`.
    pub orderby: Option<String>,
    /// `$top`: page size.
    pub top: Option<u64>,
    /// `$skip`: records to skip.
    pub skip: Option<u64>,
}

impl ListQuery {
    /// From a JSON object `{filter?, orderby?, top?, skip?}` (null: no query). Other keys, or
    /// values of the wrong type, are `api_invalid_request`.
    pub fn from_json(value: &Value) -> Result<ListQuery> {
        let invalid = |why: String| Error::new(ErrorKind::ApiInvalidRequest, why);
        let map = match value {
            Value::Null => return Ok(ListQuery::default()),
            Value::Object(m) => m,
            other => {
                return Err(invalid(format!(
                    "list options must be an object, found {}",
                    crate::config::type_name(other)
                )))
            }
        };
        let mut q = ListQuery::default();
        for (k, v) in map {
            let text = || match v {
                Value::String(s) => Ok(Some(s.clone())),
                Value::Null => Ok(None),
                _ => Err(invalid(format!("`{k}` must be a string"))),
            };
            let count = || match v {
                Value::Number(n) => n
                    .as_u64()
                    .map(Some)
                    .ok_or_else(|| invalid(format!("`{k}` must be a whole number, found {n}"))),
                Value::Null => Ok(None),
                _ => Err(invalid(format!("`{k}` must be a whole number"))),
            };
            match k.trim_start_matches('$') {
                "filter" => q.filter = text()?,
                "orderby" => q.orderby = text()?,
                "top" => q.top = count()?,
                "skip" => q.skip = count()?,
                _ => {
                    return Err(invalid(format!(
                        "unknown list option `{k}` (expected filter, orderby, top or skip)"
                    )))
                }
            }
        }
        Ok(q)
    }
}

/// The request for `action`: `query` is used by `list`, `id` by `get` and `update`, `body` by
/// `create` and `update` (the record) and `batch` (the operations).
pub fn request(
    config: &Config,
    action: Action,
    group_id: &str,
    entity: &str,
    id: Option<&str>,
    query: &ListQuery,
    body: &Value,
) -> Result<HttpRequest> {
    let id = || {
        id.filter(|s| !s.is_empty()).ok_or_else(|| {
            Error::new(
                ErrorKind::ApiInvalidRequest,
                format!("Connec! `{}` needs a record id", action.as_str()),
            )
        })
    };
    match action {
        Action::List => list_request(config, group_id, entity, query),
        Action::Get => get_request(config, group_id, entity, id()?),
        Action::Create => create_request(config, group_id, entity, body),
        Action::Update => update_request(config, group_id, entity, id()?, body),
        Action::Batch => batch_request(config, body),
    }
}

/// `GET` a page of `entity` records of group `group_id`.
pub fn list_request(
    config: &Config,
    group_id: &str,
    entity: &str,
    query: &ListQuery,
) -> Result<HttpRequest> {
    let mut url = collection_url(config, group_id, entity)?;
    let mut parts = Vec::new();
    if let Some(f) = &query.filter {
        parts.push(format!("%24filter={}", escape(f)));
    }
    if let Some(o) = &query.orderby {
        parts.push(format!("%24orderby={}", escape(o)));
    }
    if let Some(t) = query.top {
        parts.push(format!("%24top={t}"));
    }
    if let Some(s) = query.skip {
        parts.push(format!("%24skip={s}"));
    }
    if !parts.is_empty() {
        url = format!("{url}?{}", parts.join("&"));
    }
    build(config, Method::Get, url, None)
}

/// `GET` one record.
pub fn get_request(config: &Config, group_id: &str, entity: &str, id: &str) -> Result<HttpRequest> {
    let url = record_url(config, group_id, entity, id)?;
    build(config, Method::Get, url, None)
}

/// `POST` a new record (`record` is wrapped as `{"<entity>": record}`).
pub fn create_request(
    config: &Config,
    group_id: &str,
    entity: &str,
    record: &Value,
) -> Result<HttpRequest> {
    let url = collection_url(config, group_id, entity)?;
    build(config, Method::Post, url, Some(wrap(entity, record)?))
}

/// `PUT` changes to a record (`record` is wrapped as `{"<entity>": record}`).
pub fn update_request(
    config: &Config,
    group_id: &str,
    entity: &str,
    id: &str,
    record: &Value,
) -> Result<HttpRequest> {
    let url = record_url(config, group_id, entity, id)?;
    build(config, Method::Put, url, Some(wrap(entity, record)?))
}

/// `POST connec.host/batch`. `batch` is either the whole body
/// `{"sequential": true, "ops": [{"method", "url", "params"}]}` or just the `ops` array
/// (then sent with `sequential: true`).
pub fn batch_request(config: &Config, batch: &Value) -> Result<HttpRequest> {
    let body = match batch {
        Value::Array(ops) => json!({"sequential": true, "ops": ops}),
        Value::Object(m) if m.get("ops").is_some_and(Value::is_array) => batch.clone(),
        _ => {
            return Err(Error::new(
                ErrorKind::ApiInvalidRequest,
                "a Connec! batch is an array of operations or an object with an `ops` array",
            ))
        }
    };
    let url = join(config.connec_host()?, "batch");
    build(config, Method::Post, url, Some(body))
}

/// `GET` the page a reply's `pagination.next` points to. The URL must be on `connec.host`
/// (the request carries the app's credentials): any other origin is `api_error`.
pub fn next_page_request(config: &Config, next: &str) -> Result<HttpRequest> {
    let host = config.connec_host()?.trim_end_matches('/');
    let on_host = next
        .strip_prefix(host)
        .is_some_and(|rest| rest.starts_with('/') || rest.starts_with('?'));
    if !on_host {
        return Err(Error::new(
            ErrorKind::ApiError,
            format!(
                "`pagination.next` {:?} is not on connec.host {host:?}; refusing to send credentials there",
                crate::error::excerpt(next, 200)
            ),
        ));
    }
    build(config, Method::Get, next.to_string(), None)
}

fn wrap(entity: &str, record: &Value) -> Result<Value> {
    if !record.is_object() {
        return Err(Error::new(
            ErrorKind::ApiInvalidRequest,
            format!("a Connec! {entity} record must be a JSON object"),
        ));
    }
    let mut m = Map::new();
    m.insert(entity.to_string(), record.clone());
    Ok(Value::Object(m))
}

fn collection_url(config: &Config, group_id: &str, entity: &str) -> Result<String> {
    let base = join(config.connec_host()?, &config.connec.base_path);
    Ok(join(
        &base,
        &format!(
            "{}/{}",
            segment("group id", group_id)?,
            entity_path(entity)?
        ),
    ))
}

fn record_url(config: &Config, group_id: &str, entity: &str, id: &str) -> Result<String> {
    Ok(format!(
        "{}/{}",
        collection_url(config, group_id, entity)?,
        segment("record id", id)?
    ))
}

/// An entity path such as `people` (leading and trailing slashes trimmed); inner slashes are
/// allowed (`people/42/notes`) but every segment is escaped.
fn entity_path(entity: &str) -> Result<String> {
    let trimmed = entity.trim_matches('/');
    let parts: Vec<&str> = trimmed.split('/').collect();
    if trimmed.is_empty()
        || parts
            .iter()
            .any(|p| p.is_empty() || *p == "." || *p == "..")
    {
        return Err(Error::new(
            ErrorKind::ApiInvalidRequest,
            format!("{entity:?} is not a Connec! entity path"),
        ));
    }
    Ok(parts
        .iter()
        .map(|p| escape(p))
        .collect::<Vec<_>>()
        .join("/"))
}

fn segment(what: &str, s: &str) -> Result<String> {
    if s.is_empty() || s == "." || s == ".." {
        return Err(Error::new(
            ErrorKind::ApiInvalidRequest,
            format!("the Connec! {what} is empty or not a path segment"),
        ));
    }
    Ok(escape(s))
}

fn build(config: &Config, method: Method, url: String, body: Option<Value>) -> Result<HttpRequest> {
    let (id, key) = config.api_credentials()?;
    let mut headers = vec![
        ("authorization".to_string(), basic_auth(id, key)),
        ("accept".into(), MEDIA_TYPE.into()),
        ("user-agent".into(), user_agent(config)),
    ];
    if body.is_some() {
        headers.push(("content-type".into(), MEDIA_TYPE.into()));
    }
    Ok(HttpRequest {
        method,
        url,
        headers,
        body: body.map(|b| b.to_string().into_bytes()),
        timeout_ms: Some(config.connec.timeout.saturating_mul(1000)),
    })
}

/// Paging information of a list reply.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Pagination {
    /// Page size.
    pub top: Option<u64>,
    /// Records skipped.
    pub skip: Option<u64>,
    /// Records in all pages.
    pub total: Option<u64>,
    /// Absolute URL of the next page (see [`next_page_request`]), absent on the last page.
    pub next: Option<String>,
}

/// A reply keyed by entity: `{"people": [...], "pagination": {...}}` or `{"people": {...}}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Records {
    /// The entity key of the reply (`people`, `company`, …); absent for an empty body.
    pub entity: Option<String>,
    /// The records: an array for lists, an object for one record.
    pub data: Value,
    /// Paging, when the platform sent it.
    pub pagination: Option<Pagination>,
    /// Other top-level keys of the reply, kept as sent.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

impl Records {
    /// The records as a list (one record becomes a list of one; no data, an empty list).
    pub fn records(&self) -> Vec<Value> {
        match &self.data {
            Value::Array(a) => a.clone(),
            Value::Null => Vec::new(),
            other => vec![other.clone()],
        }
    }
}

/// One operation's outcome in a batch reply.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BatchResult {
    /// The operation's HTTP status.
    pub status: u16,
    /// Its body (keyed by entity, or an error list).
    pub body: Value,
}

/// A Connec! reply.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ConnecReply {
    /// Records (list, get, create, update).
    Records(Box<Records>),
    /// A batch's per-operation results.
    Batch {
        /// In operation order.
        results: Vec<BatchResult>,
    },
}

impl ConnecReply {
    /// The reply as JSON: `{entity, data, pagination}` or `{results: [{status, body}]}`.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Reads the reply to `action`: 401 → `api_authentication`; 400, 404, 409, 422, or an `errors`
/// list in a 2xx → `api_invalid_request` (first error's `code` as the field); other statuses
/// and bodies that are not JSON → `api_error`.
pub fn response(action: Action, response: &HttpResponse) -> Result<ConnecReply> {
    response.check_size()?;
    let status = response.status;
    let body = response.json();
    let failure = body.as_ref().and_then(|b| connec_errors(b, status));
    let mapped = |kind: ErrorKind| -> Error {
        match failure.clone() {
            Some(f) => Error::new(kind, format!("(Status {status}) {}", f.messages.join("; ")))
                .with_http(f),
            None => response.unexpected(kind, "Connec! refused the request"),
        }
    };
    match status {
        401 | 403 => return Err(mapped(ErrorKind::ApiAuthentication)),
        400 | 404 | 409 | 422 => return Err(mapped(ErrorKind::ApiInvalidRequest)),
        s if !(200..300).contains(&s) => return Err(mapped(ErrorKind::ApiError)),
        _ => {}
    }
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(ConnecReply::Records(Box::default()));
    }
    let Some(Value::Object(mut map)) = body else {
        return Err(response.unexpected(
            ErrorKind::ApiError,
            "the Connec! reply is not a JSON object",
        ));
    };
    if map.get("errors").is_some_and(Value::is_array) {
        return Err(mapped(ErrorKind::ApiInvalidRequest));
    }
    if action == Action::Batch {
        let results = match map.remove("results") {
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|item| {
                    let status = item
                        .get("status")
                        .and_then(|s| {
                            s.as_u64()
                                .or_else(|| s.as_str().and_then(|s| s.parse().ok()))
                        })
                        .and_then(|s| u16::try_from(s).ok());
                    match status {
                        Some(status) => Ok(BatchResult {
                            status,
                            body: item.get("body").cloned().unwrap_or(Value::Null),
                        }),
                        None => Err(response.unexpected(
                            ErrorKind::ApiError,
                            "a batch result has no numeric `status`",
                        )),
                    }
                })
                .collect::<Result<Vec<_>>>()?,
            _ => {
                return Err(response.unexpected(
                    ErrorKind::ApiError,
                    "the batch reply has no `results` array",
                ))
            }
        };
        return Ok(ConnecReply::Batch { results });
    }
    let pagination = match map.remove("pagination") {
        Some(Value::Object(p)) => Some(Pagination {
            top: p.get("top").and_then(Value::as_u64),
            skip: p.get("skip").and_then(Value::as_u64),
            total: p.get("total").and_then(Value::as_u64),
            next: p.get("next").and_then(Value::as_str).map(str::to_string),
        }),
        _ => None,
    };
    let key = map
        .iter()
        .find(|(k, v)| !k.starts_with('_') && (v.is_array() || v.is_object()))
        .map(|(k, _)| k.clone());
    let (entity, data) = match key {
        Some(k) => {
            let v = map.remove(&k).unwrap_or(Value::Null);
            (Some(k), v)
        }
        None => (None, Value::Null),
    };
    Ok(ConnecReply::Records(Box::new(Records {
        entity,
        data,
        pagination,
        extra: map,
    })))
}

/// Connec!'s `errors: [{status, code, title, detail}]` as a failure.
fn connec_errors(body: &Value, status: u16) -> Option<HttpFailure> {
    let list = body.get("errors")?.as_array()?;
    let text = |e: &Value, k: &str| e.get(k).and_then(Value::as_str).map(str::to_string);
    let messages: Vec<String> = list
        .iter()
        .map(|e| match (text(e, "title"), text(e, "detail")) {
            (Some(t), Some(d)) if t != d => format!("{t}: {d}"),
            (Some(t), _) => t,
            (None, Some(d)) => d,
            (None, None) => e.to_string(),
        })
        .collect();
    if messages.is_empty() {
        return None;
    }
    Some(HttpFailure {
        status,
        param: list.first().and_then(|e| text(e, "code")),
        messages,
        body_excerpt: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::from_json(&json!({"environment": "production", "api": {"id": "app-1", "key": "k"}}))
            .unwrap()
    }

    #[test]
    fn builds_scoped_urls_and_bodies() {
        let c = config();
        let q = ListQuery {
            filter: Some("updated_at gt '2016-06-28T08:00:00Z'".into()),
            top: Some(10),
            ..ListQuery::default()
        };
        let r = list_request(&c, "cld-1", "/people/", &q).unwrap();
        assert_eq!(
            r.url,
            "https://api-connec.maestrano.com/api/v2/cld-1/people?%24filter=updated_at%20gt%20%272016-06-28T08%3A00%3A00Z%27&%24top=10"
        );
        assert_eq!(r.header("accept"), Some(MEDIA_TYPE));
        assert_eq!(r.timeout_ms, Some(180_000));
        let r = create_request(&c, "cld-1", "people", &json!({"first_name": "John"})).unwrap();
        assert_eq!(
            r.body_text().unwrap(),
            r#"{"people":{"first_name":"John"}}"#
        );
        let r = update_request(&c, "cld-1", "people", "id 1", &json!({})).unwrap();
        assert_eq!(r.method, Method::Put);
        assert!(r.url.ends_with("/cld-1/people/id%201"));
        let r = batch_request(&c, &json!([])).unwrap();
        assert_eq!(r.url, "https://api-connec.maestrano.com/batch");
        assert!(list_request(&c, "..", "people", &q).is_err());
        assert!(list_request(&c, "cld-1", "a/../b", &q).is_err());
    }

    #[test]
    fn next_page_must_stay_on_connec_host() {
        let c = config();
        assert!(next_page_request(
            &c,
            "https://api-connec.maestrano.com/api/v2/cld-1/people?%24skip=10"
        )
        .is_ok());
        for bad in [
            "https://api-connec.maestrano.com.evil.example/x",
            "https://evil.example/",
            "/relative",
        ] {
            assert_eq!(
                next_page_request(&c, bad).unwrap_err().kind(),
                ErrorKind::ApiError
            );
        }
    }

    #[test]
    fn reads_records_batch_and_errors() {
        let r = response(Action::List, &HttpResponse::new(200,
            r#"{"people":[{"id":"1"}],"pagination":{"top":10,"skip":0,"total":25,"next":"https://h/x"}}"#)).unwrap();
        let ConnecReply::Records(rec) = r else {
            panic!("records")
        };
        assert_eq!(rec.entity.as_deref(), Some("people"));
        assert_eq!(rec.pagination.unwrap().next.as_deref(), Some("https://h/x"));
        let r = response(
            Action::Batch,
            &HttpResponse::new(200, r#"{"results":[{"status":201,"body":{}}]}"#),
        )
        .unwrap();
        assert_eq!(
            r.to_json(),
            json!({"results": [{"status": 201, "body": {}}]})
        );
        let e = response(Action::Get, &HttpResponse::new(404,
            r#"{"errors":[{"status":"404","code":"resource-not-found","title":"Resource not found","detail":"Resource not found"}]}"#)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ApiInvalidRequest);
        assert_eq!(
            e.http().unwrap().param.as_deref(),
            Some("resource-not-found")
        );
        assert_eq!(
            response(Action::Get, &HttpResponse::new(500, "oops"))
                .unwrap_err()
                .kind(),
            ErrorKind::ApiError
        );
        assert_eq!(
            response(Action::Get, &HttpResponse::new(401, ""))
                .unwrap_err()
                .kind(),
            ErrorKind::ApiAuthentication
        );
    }
}
