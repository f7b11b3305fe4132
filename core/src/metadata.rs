//! The app's metadata JSON (docs/spec.md D3): what the platform may read about the app's
//! integration. Never contains `api.key`, a token, or any other secret.

use crate::config::Config;
use serde_json::{json, Map, Value};

/// The version of this library, reported as `api.version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Renders the metadata object of the 0.x gem plus `connec{host, base_path}`.
pub fn render(config: &Config) -> Value {
    let subscriptions: Map<String, Value> = config
        .webhook
        .connec_subscriptions
        .iter()
        .map(|(k, v)| (k.clone(), Value::Bool(*v)))
        .collect();
    let one_or_list = |items: &[String]| match items {
        [] => Value::Null,
        [one] => Value::String(one.clone()),
        many => json!(many),
    };
    json!({
        "environment": config.environment,
        "app": { "host": config.app.host },
        "api": {
            "id": config.api.id,
            "version": VERSION,
            "lang": config.api.lang,
            "lang_version": config.api.lang_version,
            "host": config.api.host,
            "base": config.api.base,
        },
        "sso": {
            "enabled": config.sso.enabled,
            "slo_enabled": config.sso.slo_enabled,
            "init_path": config.sso.init_path,
            "consume_path": config.sso.consume_path,
            "creation_mode": config.sso.creation_mode.as_str(),
            "idm": config.sso.idm,
            "idp": config.sso.idp,
            "name_id_format": config.sso.name_id_format,
            "x509_fingerprint": one_or_list(&config.sso.x509_fingerprints),
            "x509_certificate": one_or_list(&config.sso.x509_certificates),
        },
        "connec": {
            "host": config.connec.host,
            "base_path": config.connec.base_path,
        },
        "webhook": {
            "account": {
                "groups_path": config.webhook.account_groups_path,
                "group_users_path": config.webhook.account_group_users_path,
            },
            "connec": {
                "notifications_path": config.webhook.connec_notifications_path,
                "subscriptions": subscriptions,
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_renders_the_key() {
        let c = Config::from_json(&json!({"api": {"id": "app-1", "key": "s3cr3t-key"}})).unwrap();
        let m = render(&c);
        assert!(!m.to_string().contains("s3cr3t-key"));
        assert_eq!(m["api"]["id"], "app-1");
        assert_eq!(m["api"]["version"], VERSION);
        assert_eq!(m["sso"]["idm"], "http://localhost:3000");
        assert_eq!(m["connec"]["base_path"], "/api/v2");
    }
}
