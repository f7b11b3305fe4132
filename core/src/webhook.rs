//! The platform's calls to the app (docs/spec.md §5 "Webhooks"): account webhooks (`DELETE` a group
//! or a member) routed by the configured path templates, and Connec! notifications.

use crate::auth::authenticate_header;
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::user::mask_user;
use serde_json::{json, Map, Value};

/// Largest notification body parsed (16 MiB).
pub const MAX_NOTIFICATION_BYTES: usize = 16 * 1024 * 1024;

/// A recognised platform call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebhookEvent {
    /// The group cancelled its subscription to the app (`DELETE groups_path`).
    GroupCancelled {
        /// The group (`cld-…`).
        group_id: String,
        /// The tenant suffix of the path, if any.
        tenant: Option<String>,
    },
    /// A user left the group (`DELETE group_users_path`).
    MemberRemoved {
        /// The group.
        group_id: String,
        /// The platform user (real uid).
        user_id: String,
        /// The app's id for that user: `mask_user(user_id, group_id)`.
        local_user_id: String,
        /// The tenant suffix of the path, if any.
        tenant: Option<String>,
    },
    /// Connec! pushes changed records (`POST notifications_path`); read the body with
    /// [`parse_notification`].
    ConnecNotification {
        /// The tenant suffix of the path, if any.
        tenant: Option<String>,
    },
}

impl WebhookEvent {
    /// The event as JSON: `{event: "group_cancelled"|"member_removed"|"connec_notification",
    /// group_id?, user_id?, local_user_id?, tenant}`.
    pub fn to_json(&self) -> Value {
        match self {
            WebhookEvent::GroupCancelled { group_id, tenant } => {
                json!({"event": "group_cancelled", "group_id": group_id, "tenant": tenant})
            }
            WebhookEvent::MemberRemoved {
                group_id,
                user_id,
                local_user_id,
                tenant,
            } => json!({"event": "member_removed", "group_id": group_id, "user_id": user_id,
                "local_user_id": local_user_id, "tenant": tenant}),
            WebhookEvent::ConnecNotification { tenant } => {
                json!({"event": "connec_notification", "tenant": tenant})
            }
        }
    }
}

/// Routes an incoming call and checks its credentials. `Ok(None)`: not a webhook route of
/// this config (let the app handle it). A matching route with an `Authorization` header that
/// is not this config's HTTP Basic credentials is `api_authentication` (answer 401 with
/// [`crate::auth::INVALID_CREDENTIALS_BODY`]). `path` may carry a query string (ignored).
pub fn match_request(
    config: &Config,
    method: &str,
    path: &str,
    authorization: Option<&str>,
) -> Result<Option<WebhookEvent>> {
    let Some(event) = route(config, method, path) else {
        return Ok(None);
    };
    if !authorization.is_some_and(|a| authenticate_header(config, a)) {
        return Err(Error::new(
            ErrorKind::ApiAuthentication,
            "the webhook call does not carry this app's API credentials",
        ));
    }
    Ok(Some(event))
}

/// The event a call's method and path stand for, without checking credentials. Templates are
/// the config's `webhook.*` paths with `:name` segments; one extra trailing segment is
/// accepted as a tenant suffix.
pub fn route(config: &Config, method: &str, path: &str) -> Option<WebhookEvent> {
    let segments = split(path)?;
    let hooks = &config.webhook;
    if method.eq_ignore_ascii_case("DELETE") {
        if let Some((params, tenant)) = match_template(&hooks.account_group_users_path, &segments) {
            let group_id = param(&params, "group_id")?;
            let user_id = param(&params, "id")?;
            return Some(WebhookEvent::MemberRemoved {
                local_user_id: mask_user(config, &user_id, &group_id),
                group_id,
                user_id,
                tenant,
            });
        }
        if let Some((params, tenant)) = match_template(&hooks.account_groups_path, &segments) {
            return Some(WebhookEvent::GroupCancelled {
                group_id: param(&params, "id")?,
                tenant,
            });
        }
    }
    if method.eq_ignore_ascii_case("POST") {
        if let Some((_, tenant)) = match_template(&hooks.connec_notifications_path, &segments) {
            return Some(WebhookEvent::ConnecNotification { tenant });
        }
    }
    None
}

/// The path's segments, percent-decoded (query and fragment dropped, empty segments ignored).
/// `None` when a segment does not decode to UTF-8.
fn split(path: &str) -> Option<Vec<String>> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect()
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

type Params = Vec<(String, String)>;

/// Matches `segments` against `template`: `:name` takes one segment; one extra trailing
/// segment is the tenant. A template whose path part is empty never matches.
fn match_template(template: &str, segments: &[String]) -> Option<(Params, Option<String>)> {
    let parts: Vec<&str> = template
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() || !(parts.len()..=parts.len() + 1).contains(&segments.len()) {
        return None;
    }
    let mut params = Vec::new();
    for (part, seg) in parts.iter().zip(segments) {
        match part.strip_prefix(':') {
            Some(name) => params.push((name.to_string(), seg.clone())),
            None if part == seg => {}
            None => return None,
        }
    }
    Some((params, segments.get(parts.len()).cloned()))
}

fn param(params: &Params, name: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// A Connec! notification body `{"<entity>": [records], ...}` as entity batches, in body
/// order. Every entity is kept, subscribed or not; a single record object becomes a batch of
/// one. Anything else is `api_invalid_request`.
pub fn parse_notification(body: &[u8]) -> Result<Vec<(String, Vec<Value>)>> {
    let invalid = |why: &str| {
        Error::new(
            ErrorKind::ApiInvalidRequest,
            format!("Connec! notification: {why}"),
        )
    };
    if body.len() > MAX_NOTIFICATION_BYTES {
        return Err(Error::new(
            ErrorKind::InputTooLarge,
            format!(
                "Connec! notification of {} bytes exceeds the {MAX_NOTIFICATION_BYTES}-byte limit",
                body.len()
            ),
        ));
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|e| invalid(&format!("not JSON ({e})")))?;
    let Value::Object(map) = value else {
        return Err(invalid("the body is not a JSON object"));
    };
    map.into_iter()
        .map(|(entity, records)| match records {
            Value::Array(items) if items.iter().all(Value::is_object) => Ok((entity, items)),
            Value::Object(_) => Ok((entity, vec![records])),
            _ => Err(invalid(&format!("`{entity}` is not a list of records"))),
        })
        .collect()
}

/// [`parse_notification`]'s batches as one JSON object `{entity: [records]}`.
pub fn notification_to_json(batches: &[(String, Vec<Value>)]) -> Value {
    Value::Object(
        batches
            .iter()
            .map(|(k, v)| (k.clone(), Value::Array(v.clone())))
            .collect::<Map<_, _>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(mode: &str) -> Config {
        Config::from_json(&json!({"environment": "production",
            "api": {"id": "app-1", "key": "k"}, "sso": {"creation_mode": mode}}))
        .unwrap()
    }

    const AUTH: &str = "Basic YXBwLTE6aw==";

    #[test]
    fn routes_account_webhooks_with_tenant_suffix() {
        let c = config("virtual");
        let e = match_request(&c, "DELETE", "/maestrano/account/groups/cld-1", Some(AUTH)).unwrap();
        assert_eq!(
            e,
            Some(WebhookEvent::GroupCancelled {
                group_id: "cld-1".into(),
                tenant: None
            })
        );
        let e = match_request(
            &c,
            "delete",
            "/maestrano/account/groups/cld-1/users/usr-2/maestrano-uat?x=1",
            Some(AUTH),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            e.to_json(),
            json!({"event": "member_removed", "group_id": "cld-1",
            "user_id": "usr-2", "local_user_id": "usr-2.cld-1", "tenant": "maestrano-uat"})
        );
        assert_eq!(
            match_request(&c, "GET", "/maestrano/account/groups/cld-1", None).unwrap(),
            None
        );
        assert_eq!(
            match_request(&c, "DELETE", "/maestrano/account/other/cld-1", None).unwrap(),
            None
        );
        assert_eq!(
            match_request(&c, "DELETE", "/maestrano/account/groups/cld-1/a/b/c", None).unwrap(),
            None
        );
        let e = match_request(
            &c,
            "DELETE",
            "/maestrano/account/groups/cld-1",
            Some("Basic eDp5"),
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ApiAuthentication);
        assert!(match_request(&c, "DELETE", "/maestrano/account/groups/cld-1", None).is_err());
    }

    #[test]
    fn parses_notifications() {
        let b = br#"{"organizations":[{"id":"o1"}],"people":[{"id":"p1"},{"id":"p2"}],"company":{"id":"c"}}"#;
        let n = parse_notification(b).unwrap();
        assert_eq!(n.len(), 3);
        assert_eq!(n[1].1.len(), 2);
        assert_eq!(n[2].0, "company");
        for bad in [
            &b"[]"[..],
            b"nope",
            br#"{"people":"x"}"#,
            br#"{"people":[1]}"#,
        ] {
            assert_eq!(
                parse_notification(bad).unwrap_err().kind(),
                ErrorKind::ApiInvalidRequest
            );
        }
    }
}
