//! Connec! v2 at `/api/v2/{group_id}/{collection}[/{id}]` (docs/platform.md §4): HTTP Basic
//! `app id:api key`, the group must belong to the app, bodies keyed by the collection name.
//! List (`$top`, `$skip`, `$filter`, `$orderby`, `pagination`), get, create, update (merged),
//! and `POST /batch`. Documents are stored as JSON in SQLite.

use std::cmp::Ordering;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::db::App;
use crate::filters::compare;
use crate::state::Shared;
use crate::util::{basic_credentials, now_iso, parse_pairs, secret_eq, url_encode, uuid_v4};

/// Accepted collections (plural snake case; `company` is the singular singleton).
pub const COLLECTIONS: &[&str] = &[
    "company",
    "accounts",
    "invoices",
    "sales_orders",
    "purchase_orders",
    "quotes",
    "payments",
    "stock_adjustments",
    "journals",
    "items",
    "organizations",
    "people",
    "projects",
    "tax_codes",
    "tax_rates",
    "warehouses",
    "events",
    "venues",
    "event_orders",
    "work_locations",
    "pay_items",
    "employees",
    "pay_schedules",
    "time_sheets",
    "time_activities",
    "pay_runs",
    "pay_stubs",
    "leave_applications",
    "transaction_logs",
    "connector_syncs",
];

/// The default and largest page sizes.
const DEFAULT_TOP: usize = 100;
const MAX_TOP: usize = 1000;

/// The routes, mounted at the root.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/api/v2/{group_id}/{collection}", get(list).post(create))
        .route(
            "/api/v2/{group_id}/{collection}/{id}",
            get(show).put(update),
        )
        .route("/batch", post(batch))
        .route("/api/v2/batch", post(batch))
        .route("/version", get(version))
}

/// A Connec! reply: status and JSON body (also what a batch op yields).
#[derive(Debug)]
pub struct Reply {
    status: StatusCode,
    body: Value,
    location: Option<String>,
}

impl Reply {
    fn ok(body: Value) -> Reply {
        Reply {
            status: StatusCode::OK,
            body,
            location: None,
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/vnd.api+json"),
        );
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        response
    }
}

/// A Connec! error reply `{"errors":[{id, href, status, code, title, detail}]}`.
fn error(status: StatusCode, code: &str, title: &str, detail: &str, href: Option<&str>) -> Reply {
    Reply {
        status,
        body: json!({"errors": [{
            "id": uuid_v4(),
            "href": href,
            "status": status.as_u16().to_string(),
            "code": code,
            "title": title,
            "detail": detail,
        }]}),
        location: None,
    }
}

fn unauthorized(detail: &str) -> Reply {
    error(
        StatusCode::UNAUTHORIZED,
        "unauthorized-access",
        "Unauthorized Access",
        detail,
        None,
    )
}

fn bad_request(detail: &str) -> Reply {
    error(
        StatusCode::BAD_REQUEST,
        "invalid-request",
        "Invalid Request",
        detail,
        None,
    )
}

fn internal(cause: impl std::fmt::Display) -> Reply {
    eprintln!("connec: internal error: {cause}");
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal-server-error",
        "Internal server error",
        "Internal server error",
        None,
    )
}

fn not_found(collection: &str) -> Reply {
    error(
        StatusCode::NOT_FOUND,
        "resource-not-found",
        "Resource not found",
        "Resource not found",
        Some(&format!("http://maestrano.github.io/connec/#{collection}")),
    )
}

/// Checks Basic auth (`None` for no or wrong credentials → 401).
fn authenticate(s: &Shared, headers: &HeaderMap) -> Result<App, Reply> {
    let (id, key) =
        basic_credentials(headers).ok_or_else(|| unauthorized("Unauthorized Access"))?;
    let app = s
        .app()
        .map_err(internal)?
        .ok_or_else(|| unauthorized("Unauthorized Access"))?;
    if secret_eq(&id, &app.uid) && secret_eq(&key, &app.api_key) {
        Ok(app)
    } else {
        Err(unauthorized("Unauthorized Access"))
    }
}

/// Checks the group belongs to the app and the collection is known.
fn check_target(s: &Shared, app: &App, group: &str, collection: &str) -> Result<(), Reply> {
    if s.db.group(&app.uid, group).map_err(internal)?.is_none() {
        return Err(unauthorized(&format!(
            "Group {group} does not exist or is not linked to application {}",
            app.uid
        )));
    }
    if !COLLECTIONS.contains(&collection) {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "unknown-resource",
            "Unknown Resource",
            "Unknown Resource",
            Some(&format!(
                "http://maestrano.github.io/connec/#{collection}-{collection}-list-get"
            )),
        ));
    }
    Ok(())
}

fn merge<T, E>(r: Result<T, E>) -> T
where
    E: Into<T>,
{
    r.unwrap_or_else(Into::into)
}

async fn version() -> Json<Value> {
    Json(json!({"ci_branch": "sandbox", "ci_commit": "sandbox", "env": "sandbox"}))
}

async fn list(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path((group, collection)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Reply {
    merge(
        authenticate(&s, &headers)
            .and_then(|app| list_op(&s, &app, &group, &collection, query.as_deref())),
    )
}

async fn show(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path((group, collection, id)): Path<(String, String, String)>,
) -> Reply {
    merge(authenticate(&s, &headers).and_then(|app| show_op(&s, &app, &group, &collection, &id)))
}

async fn create(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path((group, collection)): Path<(String, String)>,
    body: Bytes,
) -> Reply {
    merge(authenticate(&s, &headers).and_then(|app| {
        let body = parse_body(&body)?;
        create_op(&s, &app, &group, &collection, &body)
    }))
}

async fn update(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path((group, collection, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Reply {
    merge(authenticate(&s, &headers).and_then(|app| {
        let body = parse_body(&body)?;
        update_op(&s, &app, &group, &collection, &id, &body)
    }))
}

fn parse_body(body: &[u8]) -> Result<Value, Reply> {
    serde_json::from_slice(body)
        .map_err(|e| bad_request(&format!("The body is not valid JSON: {e}")))
}

/// The document inside `{"<collection>": {…}}`.
fn document(collection: &str, body: &Value) -> Result<Map<String, Value>, Reply> {
    match body.get(collection) {
        Some(Value::Object(doc)) => Ok(doc.clone()),
        _ => Err(bad_request(&format!(
            "Expected a JSON object under the key \"{collection}\""
        ))),
    }
}

fn list_op(
    s: &Shared,
    app: &App,
    group: &str,
    collection: &str,
    query: Option<&str>,
) -> Result<Reply, Reply> {
    check_target(s, app, group, collection)?;
    let mut docs = s.db.connec_list(group, collection).map_err(internal)?;
    if collection == "company" {
        return match docs.pop() {
            Some(doc) => Ok(Reply::ok(json!({ collection: doc }))),
            None => Err(not_found(collection)),
        };
    }
    let pairs = query.map(parse_pairs).unwrap_or_default();
    let param = |name: &str| crate::util::last_value(&pairs, name).map(str::to_owned);
    let number = |name: &str, default: usize| -> Result<usize, Reply> {
        match param(name) {
            None => Ok(default),
            Some(v) => v.trim().parse().map_err(|_| {
                bad_request(&format!(
                    "{name} must be a non-negative integer, found {v:?}"
                ))
            }),
        }
    };
    let top = number("$top", DEFAULT_TOP)?.min(MAX_TOP);
    let skip = number("$skip", 0)?;
    if let Some(filter) = param("$filter") {
        let conditions = parse_filter(&filter).map_err(|m| bad_request(&m))?;
        docs.retain(|doc| {
            conditions.iter().all(|(field, op, literal)| {
                doc.get(field)
                    .and_then(|v| compare(v, literal))
                    .is_some_and(|o| op.accepts(o))
            })
        });
    }
    if let Some(orderby) = param("$orderby") {
        let (field, descending) = parse_orderby(&orderby).map_err(|m| bad_request(&m))?;
        docs.sort_by(|a, b| {
            let o = order(a.get(&field), b.get(&field));
            if descending {
                o.reverse()
            } else {
                o
            }
        });
    }
    let total = docs.len();
    let page: Vec<Value> = docs
        .into_iter()
        .skip(skip)
        .take(top)
        .map(Value::Object)
        .collect();
    let mut pagination = json!({"top": top, "skip": skip, "total": total});
    if skip.saturating_add(top) < total {
        let mut next = format!(
            "{}/api/v2/{}/{}?%24skip={}&%24top={}",
            s.base_url,
            url_encode(group),
            collection,
            skip + top,
            top
        );
        for name in ["$filter", "$orderby"] {
            if let Some(v) = param(name) {
                next.push_str(&format!("&%24{}={}", &name[1..], url_encode(&v)));
            }
        }
        pagination["next"] = Value::String(next);
    }
    Ok(Reply::ok(
        json!({ collection: page, "pagination": pagination }),
    ))
}

/// Orders two optional JSON values (absent and null first).
fn order(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (None | Some(Value::Null), None | Some(Value::Null)) => Ordering::Equal,
        (None | Some(Value::Null), _) => Ordering::Less,
        (_, None | Some(Value::Null)) => Ordering::Greater,
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(x), Some(y)) => {
            let text = |v: &Value| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            text(x).cmp(&text(y))
        }
    }
}

/// A `$filter` comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            _ => return None,
        })
    }

    fn accepts(self, o: Ordering) -> bool {
        match self {
            Op::Eq => o == Ordering::Equal,
            Op::Ne => o != Ordering::Equal,
            Op::Gt => o == Ordering::Greater,
            Op::Ge => o != Ordering::Less,
            Op::Lt => o == Ordering::Less,
            Op::Le => o != Ordering::Greater,
        }
    }
}

/// Parses `field op 'value' [and field op 'value' …]` (`''` inside quotes is a quote;
/// unquoted numbers, `true`, `false` and `null` are accepted too).
fn parse_filter(filter: &str) -> Result<Vec<(String, Op, String)>, String> {
    let mut out = Vec::new();
    let mut rest = filter.trim();
    loop {
        let (field, after) = rest
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("$filter: expected `field op 'value'`, found {rest:?}"))?;
        let after = after.trim_start();
        let (op, after) = after
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("$filter: expected an operator after {field:?}"))?;
        let op = Op::parse(op).ok_or_else(|| {
            format!("$filter: unsupported operator {op:?} (use eq, ne, gt, ge, lt or le)")
        })?;
        let after = after.trim_start();
        let (literal, after) = if let Some(quoted) = after.strip_prefix('\'') {
            let mut value = String::new();
            let mut chars = quoted.char_indices().peekable();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                if c == '\'' {
                    if chars.peek().map(|(_, c)| *c) == Some('\'') {
                        value.push('\'');
                        chars.next();
                    } else {
                        end = Some(i + 1);
                        break;
                    }
                } else {
                    value.push(c);
                }
            }
            let end = end.ok_or_else(|| "$filter: unterminated quoted value".to_owned())?;
            (value, &quoted[end..])
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (after[..end].to_owned(), &after[end..])
        };
        out.push((field.to_owned(), op, literal));
        let after = after.trim_start();
        if after.is_empty() {
            return Ok(out);
        }
        rest = after
            .strip_prefix("and ")
            .or_else(|| after.strip_prefix("AND "))
            .ok_or_else(|| format!("$filter: expected `and` between conditions, found {after:?}"))?
            .trim_start();
    }
}

/// Parses `field [asc|desc]`.
fn parse_orderby(orderby: &str) -> Result<(String, bool), String> {
    let mut parts = orderby.split_whitespace();
    let field = parts
        .next()
        .ok_or_else(|| "$orderby: expected a field name".to_owned())?;
    let descending = match parts.next().map(str::to_ascii_lowercase).as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(other) => return Err(format!("$orderby: expected asc or desc, found {other:?}")),
    };
    if parts.next().is_some() {
        return Err("$orderby: only one field is supported".into());
    }
    Ok((field.to_owned(), descending))
}

fn show_op(s: &Shared, app: &App, group: &str, collection: &str, id: &str) -> Result<Reply, Reply> {
    check_target(s, app, group, collection)?;
    let doc =
        s.db.connec_get(group, collection, id)
            .map_err(internal)?
            .ok_or_else(|| not_found(collection))?;
    Ok(Reply::ok(json!({ collection: doc })))
}

fn create_op(
    s: &Shared,
    app: &App,
    group: &str,
    collection: &str,
    body: &Value,
) -> Result<Reply, Reply> {
    check_target(s, app, group, collection)?;
    let mut doc = document(collection, body)?;
    if collection == "company" {
        // The singleton: a second create updates it.
        if let Some(existing) = s.db.connec_list(group, collection).map_err(internal)?.pop() {
            if let Some(id) = existing.get("id").and_then(Value::as_str) {
                return update_op(s, app, group, collection, id, body);
            }
        }
    }
    if doc.contains_key("id") {
        return Err(error(
            StatusCode::CONFLICT,
            "resource-conflict",
            "Conflict",
            "A new resource cannot carry an id: use PUT to update an existing one",
            None,
        ));
    }
    let id = uuid_v4();
    let now = now_iso();
    doc.insert("id".into(), Value::String(id.clone()));
    doc.insert("group_id".into(), Value::String(group.to_owned()));
    doc.insert("type".into(), Value::String(collection.to_owned()));
    doc.insert("created_at".into(), Value::String(now.clone()));
    doc.insert("updated_at".into(), Value::String(now));
    s.db.connec_put(group, collection, &id, &doc)
        .map_err(internal)?;
    Ok(Reply {
        status: StatusCode::CREATED,
        body: json!({ collection: doc }),
        location: Some(format!("{}/api/v2/{group}/{collection}/{id}", s.base_url)),
    })
}

fn update_op(
    s: &Shared,
    app: &App,
    group: &str,
    collection: &str,
    id: &str,
    body: &Value,
) -> Result<Reply, Reply> {
    check_target(s, app, group, collection)?;
    let changes = document(collection, body)?;
    let mut doc =
        s.db.connec_get(group, collection, id)
            .map_err(internal)?
            .ok_or_else(|| not_found(collection))?;
    for (k, v) in changes {
        if !matches!(
            k.as_str(),
            "id" | "group_id" | "type" | "created_at" | "updated_at"
        ) {
            doc.insert(k, v);
        }
    }
    doc.insert("updated_at".into(), Value::String(now_iso()));
    s.db.connec_put(group, collection, id, &doc)
        .map_err(internal)?;
    Ok(Reply::ok(json!({ collection: doc })))
}

/// Stores `record` (created, or merged into the existing document with the same `id`) as the
/// admin "notify" call does, and returns the stored document.
pub fn upsert_record(
    s: &Shared,
    group: &str,
    collection: &str,
    record: Map<String, Value>,
) -> Result<Map<String, Value>, String> {
    if !COLLECTIONS.contains(&collection) {
        return Err(format!("unknown collection {collection:?}"));
    }
    let id = record
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(uuid_v4);
    let now = now_iso();
    let mut doc =
        s.db.connec_get(group, collection, &id)
            .map_err(|e| e.to_string())?
            .unwrap_or_else(|| {
                let mut fresh = Map::new();
                fresh.insert("created_at".into(), Value::String(now.clone()));
                fresh
            });
    for (k, v) in record {
        doc.insert(k, v);
    }
    doc.insert("id".into(), Value::String(id.clone()));
    doc.insert("group_id".into(), Value::String(group.to_owned()));
    doc.insert("type".into(), Value::String(collection.to_owned()));
    doc.insert("updated_at".into(), Value::String(now));
    s.db.connec_put(group, collection, &id, &doc)
        .map_err(|e| e.to_string())?;
    Ok(doc)
}

/// `POST /batch` `{"sequential":true,"ops":[{"method","url","params"}]}` →
/// `{"results":[{"status","body"}]}`. Authenticated once; each op is checked like a direct call.
async fn batch(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Reply {
    let app = match authenticate(&s, &headers) {
        Ok(app) => app,
        Err(reply) => return reply,
    };
    let body = match parse_body(&body) {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let Some(ops) = body.get("ops").and_then(Value::as_array) else {
        return bad_request("Expected {\"ops\": [{\"method\", \"url\", \"params\"}, …]}");
    };
    let results: Vec<Value> = ops
        .iter()
        .map(|op| {
            let reply = merge(batch_op(&s, &app, op));
            json!({"status": reply.status.as_u16(), "body": reply.body})
        })
        .collect();
    Reply::ok(json!({ "results": results }))
}

fn batch_op(s: &Shared, app: &App, op: &Value) -> Result<Reply, Reply> {
    let method = op
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_lowercase();
    let url = op.get("url").and_then(Value::as_str).unwrap_or("");
    let empty = json!({});
    let params = op.get("params").unwrap_or(&empty);
    // Accept absolute URLs and paths, with or without the base path and trailing slash.
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let path = path.strip_prefix("/api/v2").unwrap_or(path);
    let segments: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    match (method.as_str(), segments.as_slice()) {
        ("get", [group, collection]) => {
            list_op(s, app, group, collection, (!query.is_empty()).then_some(query))
        }
        ("get", [group, collection, id]) => show_op(s, app, group, collection, id),
        ("post", [group, collection]) => create_op(s, app, group, collection, params),
        ("put", [group, collection, id]) => update_op(s, app, group, collection, id, params),
        _ => Err(bad_request(&format!(
            "Unsupported batch operation {method:?} {url:?} (get, post to a collection, put to a resource)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse() {
        let f =
            parse_filter("name eq 'O''Brien' and updated_at gt '2020-01-01T00:00:00Z'").unwrap();
        assert_eq!(f[0], ("name".into(), Op::Eq, "O'Brien".into()));
        assert_eq!(f[1].1, Op::Gt);
        assert!(parse_filter("name").is_err());
        assert!(parse_filter("name like 'x'").is_err());
        assert!(parse_filter("name eq 'x").is_err());
        assert_eq!(parse_orderby("name desc").unwrap(), ("name".into(), true));
        assert!(parse_orderby("name sideways").is_err());
    }
}
