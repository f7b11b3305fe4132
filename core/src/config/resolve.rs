//! Resolving flattened user values into a typed [`Config`]: user value, else the environment's
//! default, else the global default (docs/spec.md §1).

use super::environments::defaults_for;
use super::keys::type_name;
use super::{
    ApiConfig, AppConfig, Config, ConnecConfig, CreationMode, SamlLimits, SsoConfig, WebhookConfig,
};
use crate::error::{Error, ErrorKind, Result};
use serde_json::Value;
use std::collections::HashMap;

/// The largest accepted clock skew, seconds; larger values are clamped (docs/spec.md D7).
pub const MAX_CLOCK_SKEW: u64 = 600;

/// User values by canonical key (the last one given wins); `null` counts as not set.
struct UserValues(HashMap<String, Value>);

impl UserValues {
    fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    fn string(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(v) => Err(invalid(key, "a string", v)),
        }
    }

    fn bool(&self, key: &str) -> Result<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s == "true" => Ok(Some(true)),
            Some(Value::String(s)) if s == "false" => Ok(Some(false)),
            Some(v) => Err(invalid(key, "a boolean", v)),
        }
    }

    fn number(&self, key: &str) -> Result<Option<u64>> {
        let bad = |v: &Value| invalid(key, "a non-negative whole number", v);
        match self.get(key) {
            None => Ok(None),
            Some(v @ Value::Number(n)) => n.as_u64().map(Some).ok_or_else(|| bad(v)),
            Some(v @ Value::String(s)) => s.trim().parse().map(Some).map_err(|_| bad(v)),
            Some(v) => Err(bad(v)),
        }
    }

    fn positive(&self, key: &str) -> Result<Option<usize>> {
        match self.number(key)? {
            Some(0) => Err(Error::new(
                ErrorKind::ConfigInvalid,
                format!("configuration key `{key}` must be greater than 0"),
            )),
            n => Ok(n.map(|n| usize::try_from(n).unwrap_or(usize::MAX))),
        }
    }

    /// A string or a list of strings.
    fn list(&self, key: &str) -> Result<Option<Vec<String>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| match i {
                    Value::String(s) => Ok(s.clone()),
                    other => Err(invalid(key, "a string or a list of strings", other)),
                })
                .collect::<Result<Vec<_>>>()
                .map(Some),
            Some(v) => Err(invalid(key, "a string or a list of strings", v)),
        }
    }

    /// An object of `name → bool`.
    fn flags(&self, key: &str) -> Result<Option<Vec<(String, bool)>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Object(map)) => map
                .iter()
                .map(|(k, v)| match v {
                    Value::Bool(b) => Ok((k.clone(), *b)),
                    other => Err(invalid(&format!("{key}.{k}"), "a boolean", other)),
                })
                .collect::<Result<Vec<_>>>()
                .map(Some),
            Some(v) => Err(invalid(key, "an object of booleans", v)),
        }
    }

    fn url(&self, key: &str) -> Result<Option<String>> {
        let value = self.string(key)?;
        if let Some(v) = &value {
            check_url(key, v)?;
        }
        Ok(value)
    }
}

fn invalid(key: &str, expected: &str, found: &Value) -> Error {
    Error::new(
        ErrorKind::ConfigInvalid,
        format!(
            "configuration key `{key}` must be {expected}, found {}",
            type_name(found)
        ),
    )
}

/// Hosts must be absolute http(s) URLs: a typo here would send users or credentials elsewhere.
fn check_url(key: &str, value: &str) -> Result<()> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.starts_with('/') && !value.chars().any(char::is_whitespace) => {
            Ok(())
        }
        _ => Err(Error::new(
            ErrorKind::ConfigInvalid,
            format!(
                "configuration key `{key}` must be an absolute http:// or https:// URL, found `{value}`"
            ),
        )),
    }
}

/// Builds the typed configuration from flattened `(key, value)` pairs.
pub(super) fn resolve(pairs: Vec<(String, Value)>) -> Result<Config> {
    let u = UserValues(pairs.into_iter().collect());
    let environment = u
        .string("environment")?
        .unwrap_or_else(|| "production".into());
    let env = defaults_for(&environment);

    let app_host = u
        .url("app.host")?
        .unwrap_or_else(|| "http://localhost:3000".into());
    let api_host = u.url("api.host")?.or(env.map(|e| e.api_host.to_string()));
    let sso_enabled = u.bool("sso.enabled")?.unwrap_or(true);

    let creation_mode = match u.string("sso.creation_mode")?.as_deref() {
        None | Some("real") => CreationMode::Real,
        Some("virtual") => CreationMode::Virtual,
        Some(other) => {
            return Err(Error::new(
                ErrorKind::ConfigInvalid,
                format!("configuration key `sso.creation_mode` must be `real` or `virtual`, found `{other}`"),
            ))
        }
    };

    // The trust anchors default as a pair: pinning one's own certificate or fingerprint must not
    // leave the environment's other anchor trusted beside it.
    let certs = u.list("sso.x509_certificate")?;
    let fingerprints = u.list("sso.x509_fingerprint")?;
    let (x509_certificates, x509_fingerprints) = match (certs, fingerprints, env) {
        (None, None, Some(e)) => (
            vec![e.x509_certificate.to_string()],
            vec![e.x509_fingerprint.to_string()],
        ),
        (c, f, _) => (c.unwrap_or_default(), f.unwrap_or_default()),
    };

    let defaults = SamlLimits::default();
    let limits = SamlLimits {
        max_response_size: u
            .positive("sso.max_response_size")?
            .unwrap_or(defaults.max_response_size),
        max_depth: u.positive("sso.max_depth")?.unwrap_or(defaults.max_depth),
        max_attributes: u
            .positive("sso.max_attributes")?
            .unwrap_or(defaults.max_attributes),
        max_elements: u
            .positive("sso.max_elements")?
            .unwrap_or(defaults.max_elements),
        max_nodes: u.positive("sso.max_nodes")?.unwrap_or(defaults.max_nodes),
        max_namespace_declarations: u
            .positive("sso.max_namespace_declarations")?
            .unwrap_or(defaults.max_namespace_declarations),
        max_prefix_list: u
            .positive("sso.max_prefix_list")?
            .unwrap_or(defaults.max_prefix_list),
    };

    let sso = SsoConfig {
        enabled: sso_enabled,
        slo_enabled: sso_enabled && u.bool("sso.slo_enabled")?.unwrap_or(true),
        creation_mode,
        init_path: u
            .string("sso.init_path")?
            .unwrap_or_else(|| "/maestrano/auth/saml/init".into()),
        consume_path: u
            .string("sso.consume_path")?
            .unwrap_or_else(|| "/maestrano/auth/saml/consume".into()),
        idm: u.url("sso.idm")?.unwrap_or_else(|| app_host.clone()),
        idp: u.url("sso.idp")?.or(env.map(|e| e.api_host.to_string())),
        name_id_format: u
            .string("sso.name_id_format")?
            .unwrap_or_else(|| "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent".into()),
        x509_certificates,
        x509_fingerprints,
        clock_skew: u
            .number("sso.clock_skew")?
            .unwrap_or(60)
            .min(MAX_CLOCK_SKEW) as u32,
        audiences: u.list("sso.audiences")?.unwrap_or_default(),
        idp_entity_id: u.string("sso.idp_entity_id")?,
        require_in_response_to: u.bool("sso.require_in_response_to")?.unwrap_or(false),
        strict_algorithms: u.bool("sso.strict_algorithms")?.unwrap_or(false),
        limits,
    };

    Ok(Config {
        nid: u.string("nid")?,
        app: AppConfig {
            host: app_host,
            synchronization_start_path: u.string("app.synchronization_start_path")?,
            synchronization_toggle_path: u.string("app.synchronization_toggle_path")?,
            synchronization_status_path: u.string("app.synchronization_status_path")?,
        },
        api: ApiConfig {
            id: u.string("api.id")?,
            key: u.string("api.key")?,
            host: api_host,
            base: u.string("api.base")?.unwrap_or_else(|| "/api/v1/".into()),
            lang: u.string("api.lang")?.unwrap_or_else(|| "rust".into()),
            lang_version: u.string("api.lang_version")?,
            timeout: u.number("api.timeout")?.unwrap_or(80),
        },
        sso,
        connec: ConnecConfig {
            enabled: u.bool("connec.enabled")?.unwrap_or(true),
            host: u
                .url("connec.host")?
                .or(env.map(|e| e.connec_host.to_string())),
            base_path: u
                .string("connec.base_path")?
                .unwrap_or_else(|| "/api/v2".into()),
            timeout: u
                .number("connec.timeout")?
                .or(env.map(|e| e.connec_timeout))
                .unwrap_or(60),
        },
        webhook: WebhookConfig {
            account_groups_path: u
                .string("webhook.account.groups_path")?
                .unwrap_or_else(|| "/maestrano/account/groups/:id".into()),
            account_group_users_path: u
                .string("webhook.account.group_users_path")?
                .unwrap_or_else(|| "/maestrano/account/groups/:group_id/users/:id".into()),
            connec_notifications_path: u
                .string("webhook.connec.notifications_path")?
                .unwrap_or_else(|| "/maestrano/connec/notifications".into()),
            connec_subscriptions: u.flags("webhook.connec.subscriptions")?.unwrap_or_default(),
            connec_external_ids: u.bool("webhook.connec.external_ids")?.unwrap_or(false),
        },
        environment,
    })
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use crate::error::ErrorKind;
    use serde_json::json;

    #[test]
    fn production_defaults() {
        let c = Config::from_json(&json!({})).unwrap();
        assert_eq!(c.environment, "production");
        assert_eq!(c.app.host, "http://localhost:3000");
        assert_eq!(c.sso.idm, "http://localhost:3000");
        assert_eq!(c.api.host.as_deref(), Some("https://maestrano.com"));
        assert_eq!(c.sso.idp.as_deref(), Some("https://maestrano.com"));
        assert_eq!(
            c.connec.host.as_deref(),
            Some("https://api-connec.maestrano.com")
        );
        assert_eq!(c.connec.timeout, 180);
        assert_eq!(c.sso.x509_fingerprints.len(), 1);
        assert_eq!(c.sso.clock_skew, 60);
    }

    #[test]
    fn user_values_win_over_environment() {
        let c = Config::from_json(&json!({"environment": "local", "api": {"host": "https://h.example"}, "connec": {"timeout": 5}})).unwrap();
        assert_eq!(c.api.host.as_deref(), Some("https://h.example"));
        assert_eq!(c.sso.idp.as_deref(), Some("http://localhost:3001"));
        assert_eq!(c.connec.timeout, 5);
    }

    #[test]
    fn pinning_one_anchor_drops_both_defaults() {
        let c = Config::from_json(&json!({"sso": {"x509_fingerprint": "aa:bb"}})).unwrap();
        assert_eq!(c.sso.x509_fingerprints, ["aa:bb"]);
        assert!(c.sso.x509_certificates.is_empty());
    }

    #[test]
    fn unknown_environment_has_no_defaults() {
        let c = Config::from_json(&json!({"environment": "custom"})).unwrap();
        assert!(c.api.host.is_none() && c.sso.idp.is_none() && c.connec.host.is_none());
        assert!(c.sso.x509_certificates.is_empty() && c.sso.x509_fingerprints.is_empty());
        let e = c.api_host().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ConfigMissing);
        assert!(e.message().contains("`api.host`") && e.message().contains("custom"));
    }

    #[test]
    fn slo_is_off_when_sso_is_off() {
        let c =
            Config::from_json(&json!({"sso": {"enabled": false, "slo_enabled": true}})).unwrap();
        assert!(!c.sso.slo_enabled);
    }

    #[test]
    fn clock_skew_is_clamped() {
        let c = Config::from_json(&json!({"sso": {"clock_skew": 3600}})).unwrap();
        assert_eq!(c.sso.clock_skew, 600);
    }

    #[test]
    fn bad_values_name_the_key() {
        for (input, key) in [
            (
                json!({"sso": {"creation_mode": "ghost"}}),
                "sso.creation_mode",
            ),
            (json!({"sso": {"enabled": "yes"}}), "sso.enabled"),
            (json!({"app": {"host": "localhost:3000"}}), "app.host"),
            (json!({"api": {"host": "ftp://x"}}), "api.host"),
            (json!({"connec": {"timeout": -1}}), "connec.timeout"),
            (json!({"sso": {"max_depth": 0}}), "sso.max_depth"),
            (
                json!({"sso": {"x509_certificate": [1]}}),
                "sso.x509_certificate",
            ),
            (
                json!({"webhook": {"connec": {"subscriptions": {"people": "yes"}}}}),
                "webhook.connec.subscriptions.people",
            ),
        ] {
            let e = Config::from_json(&input).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::ConfigInvalid, "{input}");
            assert!(e.message().contains(&format!("`{key}`")), "{}", e.message());
        }
    }

    #[test]
    fn debug_never_shows_the_key() {
        let c = Config::from_json(&json!({"api": {"id": "app-1", "key": "s3cr3t"}})).unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }

    #[test]
    fn to_json_round_trips() {
        let c = Config::from_json(&json!({"environment": "uat", "api": {"id": "a", "key": "k"}, "webhook": {"connec": {"subscriptions": {"people": true}}}})).unwrap();
        let again = Config::from_json(&c.to_json()).unwrap();
        assert_eq!(c, again);
    }
}
