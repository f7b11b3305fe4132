//! The admin side: `GET /` (an HTML page with credentials, users, groups, bills, buttons and
//! the last outbound call) and the JSON API under `/admin/api/` that the page's buttons and
//! tests use. Unauthenticated: the sandbox listens on 127.0.0.1 only.
//!
//! Every POST accepts `?redirect=1`, which answers `303 See Other` to `/` instead of JSON (what
//! the page's forms use).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::account::{bill_json, group_json, recurring_bill_json, user_json};
use crate::db::{parse_prefixed_id, App};
use crate::devplatform::{
    self, API_PATH, GROUPS_PATH, GROUP_USERS_PATH, INIT_PATH, METADATA_PATH, NOTIFICATIONS_PATH,
};
use crate::outbound::{self, fill, Outbound};
use crate::pages::layout;
use crate::seed::{keys, MARKETPLACE};
use crate::state::{Sandbox, Shared};
use crate::util::{body_params, escape, last_value, now_iso, parse_pairs, random_token};

/// The routes, mounted at the root.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/", get(home))
        .route("/admin/api/state", get(state))
        .route("/admin/api/users/{uid}/logout", post(logout_everywhere))
        .route("/admin/api/groups/{gid}/cancel", post(cancel_group))
        .route(
            "/admin/api/groups/{gid}/users/{uid}/remove",
            post(remove_member),
        )
        .route("/admin/api/connec/notify", post(connec_notify))
        .route("/admin/api/metadata", get(metadata).post(metadata))
        .route("/admin/api/bills/{id}/invoice", post(invoice_bill))
}

/// An admin failure: status and message, answered as `{"error": …}`.
pub struct AdminError(StatusCode, String);

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        if self.0.is_server_error() {
            eprintln!("admin: {}", self.1);
        }
        (self.0, Json(json!({"error": self.1}))).into_response()
    }
}

impl From<rusqlite::Error> for AdminError {
    fn from(e: rusqlite::Error) -> Self {
        AdminError(StatusCode::INTERNAL_SERVER_ERROR, format!("database: {e}"))
    }
}

type AdminResult = Result<Response, AdminError>;

fn not_found(what: String) -> AdminError {
    AdminError(StatusCode::NOT_FOUND, what)
}

/// JSON, or a redirect to the admin page when the query has `redirect=1`.
fn answer(query: &Option<String>, body: Value) -> AdminResult {
    let pairs = parse_pairs(query.as_deref().unwrap_or(""));
    if last_value(&pairs, "redirect").is_some_and(|v| v == "1" || v == "true") {
        Ok(Redirect::to("/").into_response())
    } else {
        Ok(Json(body).into_response())
    }
}

fn app(s: &Sandbox) -> Result<App, AdminError> {
    s.app()?.ok_or_else(|| {
        AdminError(
            StatusCode::INTERNAL_SERVER_ERROR,
            "no app in the database".into(),
        )
    })
}

/// Everything tests and tools need: credentials, the marketplace and its data.
pub fn state_json(s: &Sandbox) -> Result<Value, AdminError> {
    let app = app(s)?;
    let mut groups = Vec::new();
    for g in s.db.groups(&app.uid)? {
        let mut v = group_json(&g);
        v["org_uid"] = json!(g.org_uid);
        v["members"] =
            s.db.group_members(&g.uid)?
                .into_iter()
                .map(|(u, role)| json!({"id": u.uid, "role": role}))
                .collect();
        groups.push(v);
    }
    let mut users = Vec::new();
    for u in s.db.users()? {
        let mut v = user_json(&u);
        v["groups"] =
            s.db.user_groups(&app.uid, &u.uid)?
                .into_iter()
                .map(|(g, role)| json!({"id": g.uid, "role": role}))
                .collect();
        users.push(v);
    }
    let devpl_key = s.db.meta(keys::DEVPL_KEY)?.unwrap_or_default();
    let devpl_secret = s.db.meta(keys::DEVPL_SECRET)?.unwrap_or_default();
    Ok(json!({
        "sandbox_url": s.base_url,
        "app_url": s.app_url,
        "app": {"id": app.uid, "name": app.name, "api_key": app.api_key},
        "devplatform": {
            "host": s.base_url,
            "api_path": API_PATH,
            "env_name": MARKETPLACE,
            "key": devpl_key,
            "secret": devpl_secret,
        },
        "idp": {
            "sso_url": format!("{}{}", s.base_url, crate::idp::SSO_PATH),
            "signing": if s.legacy_signing { "rsa-sha1" } else { "rsa-sha256" },
            "key_bits": s.identity.bits,
            "x509_fingerprint": s.identity.fingerprint_sha1,
            "x509_certificate": s.identity.certificate_pem,
        },
        "recheck_secs": s.recheck_secs,
        "groups": groups,
        "users": users,
        "bills": s.db.bills(&app.uid)?.iter().map(bill_json).collect::<Vec<_>>(),
        "recurring_bills": s.db.recurring_bills(&app.uid)?.iter().map(recurring_bill_json).collect::<Vec<_>>(),
        "last_outbound": s.last_outbound(),
    }))
}

async fn state(State(s): State<Shared>) -> AdminResult {
    Ok(Json(state_json(&s)?).into_response())
}

/// "Log this user out everywhere": a new SSO session token, so the app's next session check
/// answers `valid: false`.
async fn logout_everywhere(
    State(s): State<Shared>,
    Path(uid): Path<String>,
    RawQuery(query): RawQuery,
) -> AdminResult {
    let token = random_token(36);
    if !s.db.set_sso_session(&uid, &token, &now_iso())? {
        return Err(not_found(format!("no user {uid:?}")));
    }
    answer(&query, json!({"id": uid, "sso_session": token}))
}

fn check_group(s: &Sandbox, gid: &str) -> Result<(), AdminError> {
    let app = app(s)?;
    match s.db.group(&app.uid, gid)? {
        Some(_) => Ok(()),
        None => Err(not_found(format!("no group {gid:?}"))),
    }
}

/// `DELETE {app}/maestrano/account/groups/:id`.
async fn cancel_group(
    State(s): State<Shared>,
    Path(gid): Path<String>,
    RawQuery(query): RawQuery,
) -> AdminResult {
    check_group(&s, &gid)?;
    let outcome = outbound::send(
        &s,
        Outbound {
            method: "DELETE",
            path: fill(GROUPS_PATH, &[("id", &gid)]),
            body: None,
        },
    )
    .await;
    answer(&query, outcome)
}

/// `DELETE {app}/maestrano/account/groups/:group_id/users/:id`.
async fn remove_member(
    State(s): State<Shared>,
    Path((gid, uid)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> AdminResult {
    check_group(&s, &gid)?;
    if s.db.user(&uid)?.is_none() {
        return Err(not_found(format!("no user {uid:?}")));
    }
    let outcome = outbound::send(
        &s,
        Outbound {
            method: "DELETE",
            path: fill(GROUP_USERS_PATH, &[("group_id", &gid), ("id", &uid)]),
            body: None,
        },
    )
    .await;
    answer(&query, outcome)
}

/// `{group_id, collection, record}` (JSON, or a form whose `record` is JSON text): stores the
/// record, then `POST {app}/maestrano/connec/notifications` with `{"<collection>": [record]}`.
async fn connec_notify(
    State(s): State<Shared>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> AdminResult {
    let bad = |m: String| AdminError(StatusCode::BAD_REQUEST, m);
    let params = body_params(&headers, &body).map_err(bad)?;
    let field = |k: &str| {
        params
            .get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let group = field("group_id")
        .ok_or_else(|| bad("group_id is required".into()))?
        .to_owned();
    let collection = field("collection")
        .ok_or_else(|| bad("collection is required".into()))?
        .to_owned();
    let record: Map<String, Value> = match params.get("record") {
        Some(Value::Object(map)) => map.clone(),
        Some(Value::String(text)) if !text.trim().is_empty() => match serde_json::from_str(text) {
            Ok(Value::Object(map)) => map,
            _ => return Err(bad("record must be a JSON object".into())),
        },
        None | Some(Value::String(_)) => Map::new(),
        Some(_) => return Err(bad("record must be a JSON object".into())),
    };
    check_group(&s, &group)?;
    let stored = crate::connec::upsert_record(&s, &group, &collection, record).map_err(bad)?;
    let outcome = outbound::send(
        &s,
        Outbound {
            method: "POST",
            path: NOTIFICATIONS_PATH.to_owned(),
            body: Some(json!({ collection.as_str(): [Value::Object(stored.clone())] })),
        },
    )
    .await;
    let mut outcome = outcome;
    outcome["record"] = Value::Object(stored);
    answer(&query, outcome)
}

/// `GET {app}/maestrano/metadata`.
async fn metadata(State(s): State<Shared>, RawQuery(query): RawQuery) -> AdminResult {
    let outcome = outbound::send(
        &s,
        Outbound {
            method: "GET",
            path: METADATA_PATH.to_owned(),
            body: None,
        },
    )
    .await;
    answer(&query, outcome)
}

/// Marks a bill as invoiced (so that cancelling it shows the platform's refusal).
async fn invoice_bill(
    State(s): State<Shared>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> AdminResult {
    let app = app(&s)?;
    let bill = parse_prefixed_id(&id, "bill-")
        .map(|n| s.db.bill(&app.uid, n))
        .transpose()?
        .flatten()
        .ok_or_else(|| not_found(format!("no bill {id:?}")))?;
    s.db.set_bill_status(bill.id, "invoiced", &now_iso())?;
    let bill =
        s.db.bill(&app.uid, bill.id)?
            .ok_or_else(|| not_found(format!("no bill {id:?}")))?;
    answer(&query, bill_json(&bill))
}

fn button(action: &str, class: &str, label: &str) -> String {
    format!(
        "<form class=\"inline\" method=\"post\" action=\"{}\"><button class=\"{class}\" type=\"submit\">{}</button></form>",
        escape(action),
        escape(label)
    )
}

fn text(v: &Value, k: &str) -> String {
    match v.get(k) {
        Some(Value::String(s)) => escape(s),
        Some(Value::Null) | None => String::new(),
        Some(other) => escape(&other.to_string()),
    }
}

/// `GET /`: the admin page.
async fn home(State(s): State<Shared>) -> Result<Response, AdminError> {
    let st = state_json(&s)?;
    let mut html = String::new();
    html.push_str(&format!(
        "<h1 id=\"admin\">Maestrano sandbox</h1><p>A local stand-in for the Maestrano platform. \
         App under test: <a href=\"{app}\">{app}</a> · \
         <a href=\"{app}{INIT_PATH}\" id=\"start-sso\">start SSO at the app</a> · \
         <a href=\"/admin/api/state\">state (JSON)</a></p>",
        app = escape(&s.app_url)
    ));
    html.push_str(&format!(
        "<h2>Credentials</h2><table id=\"credentials\">\
         <tr><th>api.id</th><td><code id=\"app-id\">{}</code></td></tr>\
         <tr><th>api.key</th><td><code id=\"api-key\">{}</code></td></tr>\
         <tr><th>api.host / sso.idp / connec.host</th><td><code>{}</code></td></tr>\
         <tr><th>developer platform</th><td><code>{}{API_PATH}</code> key <code id=\"devpl-key\">{}</code> secret <code id=\"devpl-secret\">{}</code></td></tr>\
         <tr><th>IdP signing</th><td>{} ({}-bit), SHA-1 fingerprint <code id=\"fingerprint\">{}</code></td></tr>\
         </table>",
        text(&st["app"], "id"),
        text(&st["app"], "api_key"),
        escape(&s.base_url),
        escape(&s.base_url),
        text(&st["devplatform"], "key"),
        text(&st["devplatform"], "secret"),
        text(&st["idp"], "signing"),
        text(&st["idp"], "key_bits"),
        text(&st["idp"], "x509_fingerprint"),
    ));

    html.push_str("<h2>Users</h2><table id=\"users\"><tr><th>uid</th><th>name</th><th>email</th><th>groups</th><th>sso session</th><th></th></tr>");
    for u in st["users"].as_array().into_iter().flatten() {
        let uid = u["id"].as_str().unwrap_or_default();
        let groups: Vec<String> = u["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|g| format!("{} ({})", text(g, "id"), text(g, "role")))
            .collect();
        html.push_str(&format!(
            "<tr id=\"user-{uid_e}\"><td><code>{uid_e}</code></td><td>{} {}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            text(u, "name"),
            text(u, "surname"),
            text(u, "email"),
            if groups.is_empty() { "<span class=\"muted\">none</span>".into() } else { groups.join(", ") },
            text(u, "sso_session"),
            button(&format!("/admin/api/users/{uid}/logout?redirect=1"), "logout-user", "Log out everywhere"),
            uid_e = escape(uid),
        ));
    }
    html.push_str("</table>");

    html.push_str("<h2>Groups</h2><table id=\"groups\"><tr><th>uid</th><th>name</th><th>members</th><th></th></tr>");
    for g in st["groups"].as_array().into_iter().flatten() {
        let gid = g["id"].as_str().unwrap_or_default();
        let members: Vec<String> = g["members"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| {
                let uid = m["id"].as_str().unwrap_or_default();
                format!(
                    "{} ({}) {}",
                    escape(uid),
                    text(m, "role"),
                    button(
                        &format!("/admin/api/groups/{gid}/users/{uid}/remove?redirect=1"),
                        "remove-member",
                        "Remove (webhook)"
                    )
                )
            })
            .collect();
        html.push_str(&format!(
            "<tr id=\"group-{gid_e}\"><td><code>{gid_e}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            text(g, "name"),
            members.join("<br>"),
            button(&format!("/admin/api/groups/{gid}/cancel?redirect=1"), "cancel-group", "Cancel group (webhook)"),
            gid_e = escape(gid),
        ));
    }
    html.push_str("</table>");

    html.push_str(
        "<h2>Calls to the app</h2>\
         <form id=\"notify-form\" method=\"post\" action=\"/admin/api/connec/notify?redirect=1\">\
         Connec! notification: group <input name=\"group_id\" value=\"cld-1\" size=\"8\"> \
         collection <input name=\"collection\" value=\"people\" size=\"12\"> \
         record <input name=\"record\" value='{\"first_name\":\"John\",\"last_name\":\"Doe\"}' size=\"50\"> \
         <button type=\"submit\" id=\"notify-submit\">Store and notify</button></form>",
    );
    html.push_str(&button(
        "/admin/api/metadata?redirect=1",
        "fetch-metadata",
        "Fetch the app's metadata",
    ));
    let last = s
        .last_outbound()
        .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
        .unwrap_or_else(|| "(none yet)".into());
    html.push_str(&format!(
        "<h3>Last outbound call</h3><pre id=\"last-outbound\">{}</pre>",
        escape(&last)
    ));

    html.push_str("<h2>Bills</h2><table id=\"bills\"><tr><th>id</th><th>group</th><th>price</th><th>status</th><th>description</th><th></th></tr>");
    for b in st["bills"].as_array().into_iter().flatten() {
        let id = b["id"].as_str().unwrap_or_default();
        html.push_str(&format!(
            "<tr><td><code>{}</code></td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(id),
            text(b, "group_id"),
            text(b, "price_cents"),
            text(b, "currency"),
            text(b, "status"),
            text(b, "description"),
            button(&format!("/admin/api/bills/{id}/invoice?redirect=1"), "invoice-bill", "Mark invoiced"),
        ));
    }
    html.push_str("</table><h2>Recurring bills</h2><table id=\"recurring-bills\"><tr><th>id</th><th>group</th><th>price</th><th>period</th><th>status</th><th>description</th></tr>");
    for b in st["recurring_bills"].as_array().into_iter().flatten() {
        html.push_str(&format!(
            "<tr><td><code>{}</code></td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            text(b, "id"),
            text(b, "group_id"),
            text(b, "price_cents"),
            text(b, "currency"),
            text(b, "period"),
            text(b, "status"),
            text(b, "description"),
        ));
    }
    html.push_str("</table>");
    let mut response = Html(layout("Admin", &html)).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// The dev-platform marketplace, for `--print-credentials-json` callers that want it.
pub fn credentials_json(s: &Sandbox) -> Result<Value, String> {
    let st = state_json(s).map_err(|e| e.1)?;
    Ok(json!({
        "sandbox_url": st["sandbox_url"],
        "app_url": st["app_url"],
        "app_id": st["app"]["id"],
        "api_key": st["app"]["api_key"],
        "devplatform": st["devplatform"],
        "idp": {
            "sso_url": st["idp"]["sso_url"],
            "signing": st["idp"]["signing"],
            "x509_fingerprint": st["idp"]["x509_fingerprint"],
        },
        "users": st["users"].as_array().into_iter().flatten().map(|u| json!({
            "id": u["id"], "name": u["name"], "surname": u["surname"], "email": u["email"], "groups": u["groups"],
        })).collect::<Vec<_>>(),
        "marketplace": devplatform::marketplace(s)?,
    }))
}
