//! Turning configuration input (nested JSON, dotted keys, the Ruby gem's legacy flat names, the
//! developer platform's `webhooks` spelling, camelCase) into one list of canonical dotted keys.

use crate::error::{Error, ErrorKind, Result};
use serde_json::{Map, Value};

/// Keys whose value is a whole object or list, never walked into.
const OBJECT_LEAVES: &[&str] = &["webhook.connec.subscriptions"];

/// Keys the original SDKs had that the core accepts and ignores: they are forced or computed.
pub(crate) const IGNORED: &[&str] = &[
    "marketplace",
    "api.token",
    "api.version",
    "api.verify_ssl_certs",
    "connec.v2_path",
    "connec.reports_path",
    "webhook.connec.initialization_path",
];

/// Every canonical key the configuration understands.
pub(crate) const KNOWN: &[&str] = &[
    "environment",
    "nid",
    "app.host",
    "app.synchronization_start_path",
    "app.synchronization_toggle_path",
    "app.synchronization_status_path",
    "api.id",
    "api.key",
    "api.host",
    "api.base",
    "api.lang",
    "api.lang_version",
    "api.timeout",
    "sso.enabled",
    "sso.slo_enabled",
    "sso.creation_mode",
    "sso.init_path",
    "sso.consume_path",
    "sso.idm",
    "sso.idp",
    "sso.name_id_format",
    "sso.x509_certificate",
    "sso.x509_fingerprint",
    "sso.clock_skew",
    "sso.audiences",
    "sso.idp_entity_id",
    "sso.require_in_response_to",
    "sso.strict_algorithms",
    "sso.max_response_size",
    "sso.max_depth",
    "sso.max_attributes",
    "sso.max_elements",
    "sso.max_nodes",
    "sso.max_namespace_declarations",
    "sso.max_prefix_list",
    "connec.enabled",
    "connec.host",
    "connec.base_path",
    "connec.timeout",
    "webhook.account.groups_path",
    "webhook.account.group_users_path",
    "webhook.connec.notifications_path",
    "webhook.connec.subscriptions",
    "webhook.connec.external_ids",
];

/// Flattens a configuration object into `(canonical dotted key, value)` pairs, in input order.
/// Unknown keys are a `config_invalid` error naming the key; ignored legacy keys are dropped.
pub(crate) fn flatten(input: &Value) -> Result<Vec<(String, Value)>> {
    let obj = input.as_object().ok_or_else(|| {
        Error::new(
            ErrorKind::ConfigInvalid,
            format!(
                "configuration must be a JSON object, found {}",
                type_name(input)
            ),
        )
    })?;
    let mut out = Vec::new();
    walk("", obj, &mut out)?;
    Ok(out)
}

fn walk(prefix: &str, obj: &Map<String, Value>, out: &mut Vec<(String, Value)>) -> Result<()> {
    for (raw_key, value) in obj {
        let key = if prefix.is_empty() {
            top_level_key(raw_key)
        } else {
            format!("{prefix}.{}", snake_case(raw_key))
        };
        let key = canonical(&key);
        if IGNORED.contains(&key.as_str()) {
            continue;
        }
        match value {
            Value::Object(inner) if !OBJECT_LEAVES.contains(&key.as_str()) => {
                walk(&key, inner, out)?
            }
            _ if KNOWN.contains(&key.as_str()) => out.push((key, value.clone())),
            _ => {
                return Err(Error::new(
                    ErrorKind::ConfigInvalid,
                    format!("unknown configuration key `{key}`"),
                ))
            }
        }
    }
    Ok(())
}

/// A top-level name: a section, a dotted key, or one of the Ruby gem's legacy flat names
/// (docs/spec.md §1 "Loading", mapped in the gem's order).
fn top_level_key(raw: &str) -> String {
    let key = raw.split('.').map(snake_case).collect::<Vec<_>>().join(".");
    if key.contains('.') {
        return key;
    }
    match key.as_str() {
        "app" | "api" | "sso" | "connec" | "webhook" | "webhooks" | "environment" | "nid"
        | "marketplace" => key,
        "user_creation_mode" => "sso.creation_mode".into(),
        "verify_ssl_certs" => "api.verify_ssl_certs".into(),
        "app_id" => "api.id".into(),
        _ => {
            for (prefix, section) in [
                ("app_", "app."),
                ("api_", "api."),
                ("sso_app_", "sso."),
                ("sso_", "sso."),
            ] {
                if let Some(rest) = key.strip_prefix(prefix) {
                    return format!("{section}{rest}");
                }
            }
            key
        }
    }
}

/// Maps the developer platform's `webhooks.*` names onto the `webhook.*` model.
fn canonical(key: &str) -> String {
    match key {
        "webhooks" => "webhook".into(),
        "webhooks.account" | "webhooks.connec" => key.replacen("webhooks", "webhook", 1),
        "webhooks.account.group_path" | "webhook.account.group_path" => {
            "webhook.account.groups_path".into()
        }
        "webhooks.account.group_user_path" | "webhook.account.group_user_path" => {
            "webhook.account.group_users_path".into()
        }
        "webhooks.connec.notification_path" | "webhook.connec.notification_path" => {
            "webhook.connec.notifications_path".into()
        }
        _ => match key.strip_prefix("webhooks.") {
            Some(rest) => format!("webhook.{rest}"),
            None => key.to_string(),
        },
    }
}

/// `sloEnabled` → `slo_enabled`; already snake_case names are unchanged.
fn snake_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A short name for a JSON value's type, for messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys(v: Value) -> Vec<String> {
        flatten(&v).unwrap().into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn nested_dotted_and_legacy_names_agree() {
        assert_eq!(keys(json!({"api": {"id": "a"}})), ["api.id"]);
        assert_eq!(keys(json!({"api.id": "a"})), ["api.id"]);
        assert_eq!(keys(json!({"app_id": "a"})), ["api.id"]);
        assert_eq!(keys(json!({"api_key": "k"})), ["api.key"]);
        assert_eq!(keys(json!({"app_host": "h"})), ["app.host"]);
        assert_eq!(keys(json!({"sso_app_init_path": "/p"})), ["sso.init_path"]);
        assert_eq!(
            keys(json!({"sso_x509_fingerprint": "f"})),
            ["sso.x509_fingerprint"]
        );
        assert_eq!(
            keys(json!({"user_creation_mode": "virtual"})),
            ["sso.creation_mode"]
        );
        assert_eq!(
            keys(json!({"sso": {"sloEnabled": false}})),
            ["sso.slo_enabled"]
        );
    }

    #[test]
    fn platform_webhooks_spelling_is_normalised() {
        let k = keys(json!({"webhooks": {
            "account": {"group_path": "/g/:id", "group_user_path": "/g/:group_id/u/:id"},
            "connec": {"notification_path": "/n", "external_ids": true, "initialization_path": null}
        }}));
        assert_eq!(
            k,
            [
                "webhook.account.groups_path",
                "webhook.account.group_users_path",
                "webhook.connec.notifications_path",
                "webhook.connec.external_ids"
            ]
        );
    }

    #[test]
    fn subscriptions_stay_whole() {
        let pairs =
            flatten(&json!({"webhook": {"connec": {"subscriptions": {"people": true}}}})).unwrap();
        assert_eq!(pairs[0].0, "webhook.connec.subscriptions");
        assert_eq!(pairs[0].1, json!({"people": true}));
    }

    #[test]
    fn unknown_keys_are_named() {
        let e = flatten(&json!({"sso": {"x509_certificat": "x"}})).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ConfigInvalid);
        assert!(
            e.message().contains("`sso.x509_certificat`"),
            "{}",
            e.message()
        );
        assert_eq!(
            flatten(&json!([1])).unwrap_err().kind(),
            ErrorKind::ConfigInvalid
        );
    }

    #[test]
    fn every_known_key_round_trips() {
        for k in KNOWN {
            if *k == "webhook.connec.subscriptions" {
                continue;
            }
            assert_eq!(keys(json!({ *k: "x" })), [k.to_string()]);
        }
    }
}
