//! The identity provider's HTTP side (docs/platform.md §1, §2): the SSO endpoint with its user and
//! group pickers, the unauthenticated session check, and the logout / unauthorized pages.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::devplatform::CONSUME_PATH;
use crate::pages;
use crate::saml::{read_authn_request, signed_response, Login};
use crate::state::Shared;
use crate::util::{encode_query_pair, iso, last_value, now, parse_pairs, secret_eq};

/// The SSO endpoint's path.
pub const SSO_PATH: &str = "/api/v1/auth/saml";

/// The routes, mounted at the root.
pub fn router() -> Router<Shared> {
    Router::new()
        .route(SSO_PATH, get(sso))
        .route("/api/v1/auth/saml/{uid}", get(session_check))
        .route("/app_logout", get(app_logout))
        .route("/app_access_unauthorized", get(app_access_unauthorized))
}

fn internal(cause: impl std::fmt::Display) -> Response {
    eprintln!("idp: internal error: {cause}");
    pages::error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Internal error",
        "The sandbox could not complete the sign-in; see its console.",
    )
}

/// The same SSO URL with `key=value` replacing any earlier `key` (the raw encoding of the other
/// parameters is kept).
fn relink(raw_query: &str, key: &str, value: &str) -> String {
    let mut parts: Vec<String> = raw_query
        .split('&')
        .filter(|part| !part.is_empty())
        .filter(|part| {
            let name = part.split('=').next().unwrap_or("");
            parse_pairs(name).first().map(|(k, _)| k.as_str()) != Some(key)
        })
        .map(str::to_owned)
        .collect();
    parts.push(encode_query_pair(key, value));
    format!("{SSO_PATH}?{}", parts.join("&"))
}

/// `GET /api/v1/auth/saml?SAMLRequest=…[&user_uid=…][&group_id=…]`.
async fn sso(State(s): State<Shared>, RawQuery(query): RawQuery) -> Response {
    let raw = query.unwrap_or_default();
    let pairs = parse_pairs(&raw);
    let Some(encoded) = last_value(&pairs, "SAMLRequest") else {
        return pages::error_page(
            StatusCode::BAD_REQUEST,
            "Missing SAMLRequest",
            "Start single sign-on from the application: its SSO init route redirects here with a SAMLRequest parameter.",
        );
    };
    let request = match read_authn_request(encoded) {
        Ok(r) => r,
        Err(message) => {
            return pages::error_page(StatusCode::BAD_REQUEST, "Invalid SAMLRequest", &message)
        }
    };
    let app = match s.app() {
        Ok(Some(app)) => app,
        Ok(None) => return internal("no app in the database"),
        Err(e) => return internal(e),
    };
    if request.issuer != app.uid {
        return pages::error_page(
            StatusCode::BAD_REQUEST,
            "Wrong APP ID!",
            &format!(
                "The API app_id parameter is likely to be misconfigured: the AuthnRequest Issuer is {:?}, this sandbox's app id is {:?}.",
                request.issuer, app.uid
            ),
        );
    }

    let Some(user_uid) = last_value(&pairs, "user_uid") else {
        let users = match s.db.users() {
            Ok(users) => users,
            Err(e) => return internal(e),
        };
        let mut listed = Vec::with_capacity(users.len());
        for user in users {
            let access = match s.db.user_groups(&app.uid, &user.uid) {
                Ok(groups) => !groups.is_empty(),
                Err(e) => return internal(e),
            };
            listed.push((user, access));
        }
        return pages::user_picker(&listed, |uid| relink(&raw, "user_uid", uid));
    };
    let user = match s.db.user(user_uid) {
        Ok(Some(user)) => user,
        Ok(None) => {
            return pages::error_page(
                StatusCode::NOT_FOUND,
                "Unknown user",
                &format!("There is no user {user_uid:?} in this sandbox."),
            )
        }
        Err(e) => return internal(e),
    };
    let mut groups = match s.db.user_groups(&app.uid, &user.uid) {
        Ok(groups) => groups,
        Err(e) => return internal(e),
    };
    let chosen = match groups.len() {
        0 => return pages::access_denied(&user),
        1 => groups.remove(0),
        _ => {
            let wanted = last_value(&pairs, "group_id");
            match groups
                .iter()
                .position(|(g, _)| Some(g.uid.as_str()) == wanted)
            {
                Some(i) => groups.remove(i),
                None => {
                    return pages::group_picker(&user, &groups, |gid| relink(&raw, "group_id", gid))
                }
            }
        }
    };
    let (group, role) = chosen;

    let acs = request
        .acs
        .clone()
        .unwrap_or_else(|| format!("{}{CONSUME_PATH}", s.app_url));
    let issuer = format!("{}{SSO_PATH}", s.base_url);
    let login = Login {
        user: &user,
        group: &group,
        role: &role,
        request_id: &request.id,
        acs: &acs,
        issuer: &issuer,
        recheck_secs: s.recheck_secs,
        now: now(),
    };
    match signed_response(&login, &s.identity.signer) {
        Ok(xml) => pages::post_form(&acs, &crate::saml::encode64(xml.as_bytes()), &user, &group),
        Err(e) => internal(e),
    }
}

/// `GET /api/v1/auth/saml/{uid}?session=<token>`: no authentication, always 200
/// `{"valid": bool, "recheck": "<now + recheck>"}`. `uid` may be `usr-1`, `usr-1.cld-2`, …:
/// only the part before the first `.` is used.
async fn session_check(
    State(s): State<Shared>,
    Path(uid): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let pairs = parse_pairs(query.as_deref().unwrap_or(""));
    let token = last_value(&pairs, "session").unwrap_or("");
    let real_uid = uid.split('.').next().unwrap_or("");
    let valid = match s.db.user(real_uid) {
        Ok(Some(user)) => !token.is_empty() && secret_eq(token, &user.sso_session),
        Ok(None) => false,
        Err(e) => {
            eprintln!("session check: {e}");
            false
        }
    };
    let recheck = iso(now().add_secs(s.recheck_secs));
    (
        StatusCode::OK,
        Json(json!({"valid": valid, "recheck": recheck})),
    )
        .into_response()
}

async fn app_logout(RawQuery(query): RawQuery) -> Response {
    let pairs = parse_pairs(query.as_deref().unwrap_or(""));
    pages::logged_out(last_value(&pairs, "user_uid"))
}

async fn app_access_unauthorized(RawQuery(query): RawQuery) -> Response {
    let pairs = parse_pairs(query.as_deref().unwrap_or(""));
    pages::unauthorized(last_value(&pairs, "err"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relinking_replaces_the_key() {
        assert_eq!(
            relink("SAMLRequest=a%2Bb&group_id=cld-9&x=1", "group_id", "cld-2"),
            "/api/v1/auth/saml?SAMLRequest=a%2Bb&x=1&group_id=cld-2"
        );
        assert_eq!(
            relink("SAMLRequest=abc", "user_uid", "usr-1"),
            "/api/v1/auth/saml?SAMLRequest=abc&user_uid=usr-1"
        );
    }
}
