//! The developer platform: `GET /api/config/v1/marketplaces` with HTTP Basic
//! `environment key:secret` answers one marketplace pointing every platform host at this
//! sandbox, and the app's host (`app.host`, `sso.idm`) at `--app-url` (docs/platform.md §6). It
//! emits both the Ruby `webhook` names and the platform's `webhooks` names, and only keys the
//! core's `Config::from_json` accepts.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::seed::{keys, MARKETPLACE};
use crate::state::{Sandbox, Shared};
use crate::util::{basic_credentials, secret_eq};

/// Where the app receives `DELETE` for a cancelled group.
pub const GROUPS_PATH: &str = "/maestrano/account/groups/:id";
/// Where the app receives `DELETE` for a removed member.
pub const GROUP_USERS_PATH: &str = "/maestrano/account/groups/:group_id/users/:id";
/// Where the app receives Connec! notifications.
pub const NOTIFICATIONS_PATH: &str = "/maestrano/connec/notifications";
/// The app's metadata route (the old platform fetched it).
pub const METADATA_PATH: &str = "/maestrano/metadata";
/// The app's SSO routes (the core's defaults).
pub const INIT_PATH: &str = "/maestrano/auth/saml/init";
/// See [`INIT_PATH`].
pub const CONSUME_PATH: &str = "/maestrano/auth/saml/consume";
/// The developer platform's API path.
pub const API_PATH: &str = "/api/config/v1/marketplaces";

/// The routes, mounted at the root.
pub fn router() -> Router<Shared> {
    Router::new().route(API_PATH, get(marketplaces))
}

async fn marketplaces(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let denied = || {
        (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "Invalid credentials"})),
        )
            .into_response()
    };
    let expected = (s.db.meta(keys::DEVPL_KEY), s.db.meta(keys::DEVPL_SECRET));
    let (Ok(Some(key)), Ok(Some(secret))) = expected else {
        return internal("the developer-platform credentials are missing from the database");
    };
    match basic_credentials(&headers) {
        Some((k, v)) if secret_eq(&k, &key) && secret_eq(&v, &secret) => {}
        _ => return denied(),
    }
    match marketplace(&s) {
        Ok(m) => Json(json!({ "marketplaces": [m] })).into_response(),
        Err(e) => internal(&e),
    }
}

fn internal(cause: &str) -> Response {
    eprintln!("developer platform: internal error: {cause}");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({"error": "Internal server error"})),
    )
        .into_response()
}

/// The one marketplace entry (also used by the admin state and `--print-credentials-json`).
pub fn marketplace(s: &Sandbox) -> Result<Value, String> {
    let app = s
        .app()
        .map_err(|e| e.to_string())?
        .ok_or("no app in the database")?;
    Ok(json!({
        "marketplace": MARKETPLACE,
        "nid": format!("{}-{MARKETPLACE}", app.uid),
        "environment": MARKETPLACE,
        "app": { "host": s.app_url },
        "api": {
            "id": app.uid,
            "key": app.api_key,
            "host": s.base_url,
            "base": "/api/v1/",
        },
        "sso": {
            "idm": s.app_url,
            "init_path": INIT_PATH,
            "consume_path": CONSUME_PATH,
            "idp": s.base_url,
            "x509_certificate": s.identity.certificate_pem,
            "x509_fingerprint": s.identity.fingerprint_sha1,
        },
        "connec": {
            "host": s.base_url,
            "base_path": "/api/v2",
            "timeout": 60,
        },
        "webhook": {
            "account": {
                "groups_path": GROUPS_PATH,
                "group_users_path": GROUP_USERS_PATH,
            },
            "connec": { "notifications_path": NOTIFICATIONS_PATH },
        },
        "webhooks": {
            "account": {
                "group_path": GROUPS_PATH,
                "group_user_path": GROUP_USERS_PATH,
            },
            "connec": {
                "notification_path": NOTIFICATIONS_PATH,
                "external_ids": false,
            },
        },
    }))
}

/// The marketplace as the core's presets JSON (`{name: config}`), for checks.
pub fn presets_json(s: &Sandbox) -> Result<Value, String> {
    Ok(json!({ MARKETPLACE: marketplace(s)? }))
}
