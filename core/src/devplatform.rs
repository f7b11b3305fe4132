//! Auto-configuration from the developer platform (docs/spec.md D2): the request built from the
//! five `MNO_DEVPL_*` settings (the host reads its environment or a file; the core does no IO) and
//! the reply turned into [`Presets`], one per marketplace. [`settings_file`] reads a settings
//! file's text (docs/spec.md D38).

pub mod settings_file;

use crate::config::{Config, Presets};
use crate::error::{excerpt, Error, ErrorKind, HttpFailure, Result};
use crate::http::{basic_auth, join, HttpRequest, HttpResponse, Method};
use serde_json::{Map, Value};

/// Default developer platform host.
pub const DEFAULT_HOST: &str = "https://developer.maestrano.com";
/// Default API path.
pub const DEFAULT_API_PATH: &str = "/api/config/v1";
/// How long the host should wait for the reply, in milliseconds.
pub const TIMEOUT_MS: u64 = 30_000;

/// The five settings (`MNO_DEVPL_HOST`, `MNO_DEVPL_API_PATH`, `MNO_DEVPL_ENV_NAME`,
/// `MNO_DEVPL_ENV_KEY`, `MNO_DEVPL_ENV_SECRET`).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Developer platform host (default [`DEFAULT_HOST`]).
    pub host: Option<String>,
    /// API path (default [`DEFAULT_API_PATH`]); `/marketplaces` is appended unless present.
    pub api_path: Option<String>,
    /// The environment's name (required, as in the original SDKs; not sent).
    pub env_name: Option<String>,
    /// The environment's API key (HTTP Basic user).
    pub env_key: Option<String>,
    /// The environment's API secret (HTTP Basic password). A secret: never shown.
    pub env_secret: Option<String>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("host", &self.host)
            .field("api_path", &self.api_path)
            .field("env_name", &self.env_name)
            .field("env_key", &self.env_key)
            .field(
                "env_secret",
                &self.env_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// `GET host + api_path [+ /marketplaces]` with HTTP Basic `key:secret` and
/// `Accept: application/json`. A missing name, key or secret is `config_missing` naming the
/// environment variable.
pub fn request(settings: &Settings) -> Result<HttpRequest> {
    let given = |v: &Option<String>| v.as_deref().filter(|s| !s.is_empty()).map(str::to_string);
    let missing: Vec<&str> = [
        ("MNO_DEVPL_ENV_NAME", &settings.env_name),
        ("MNO_DEVPL_ENV_KEY", &settings.env_key),
        ("MNO_DEVPL_ENV_SECRET", &settings.env_secret),
    ]
    .iter()
    .filter(|(_, v)| given(v).is_none())
    .map(|(k, _)| *k)
    .collect();
    if !missing.is_empty() {
        return Err(Error::new(
            ErrorKind::ConfigMissing,
            format!(
                "developer platform settings missing: {}",
                missing.join(", ")
            ),
        ));
    }
    let host = given(&settings.host).unwrap_or_else(|| DEFAULT_HOST.into());
    if !(host.starts_with("https://") || host.starts_with("http://")) {
        return Err(Error::new(
            ErrorKind::ConfigInvalid,
            format!(
                "MNO_DEVPL_HOST must be an http(s) URL, found {:?}",
                excerpt(&host, 100)
            ),
        ));
    }
    let path = given(&settings.api_path).unwrap_or_else(|| DEFAULT_API_PATH.into());
    let path = path.trim_end_matches('/');
    let path = if path.ends_with("/marketplaces") {
        path.to_string()
    } else {
        format!("{path}/marketplaces")
    };
    let key = given(&settings.env_key).unwrap_or_default();
    let secret = given(&settings.env_secret).unwrap_or_default();
    Ok(HttpRequest {
        method: Method::Get,
        url: join(&host, &path),
        headers: vec![
            ("authorization".into(), basic_auth(&key, &secret)),
            ("accept".into(), "application/json".into()),
            (
                "user-agent".into(),
                format!("maestrano-sdk/{}", crate::metadata::VERSION),
            ),
        ],
        body: None,
        timeout_ms: Some(TIMEOUT_MS),
    })
}

/// Reads the reply into presets named by each marketplace's `marketplace` field. Accepts
/// `{"marketplaces": [...]}` and an object of marketplaces (one marketplace object, or an
/// object of them). A non-2xx status, a body that is not JSON, an `error` key, a missing
/// `marketplaces` or an unusable marketplace is `devplatform_error` (status and a body excerpt
/// attached). As in the Ruby SDK, each preset's `environment` is its marketplace name.
pub fn response(response: &HttpResponse) -> Result<Presets> {
    let fail = |why: &str| response.unexpected(ErrorKind::DevplatformError, why);
    response.check_size()?;
    if !response.is_success() {
        return Err(fail("the developer platform refused the request"));
    }
    let Some(Value::Object(body)) = response.json() else {
        return Err(fail("the developer platform reply is not a JSON object"));
    };
    if let Some(error) = body.get("error") {
        let text = error
            .as_str()
            .map_or_else(|| error.to_string(), str::to_string);
        return Err(Error::new(
            ErrorKind::DevplatformError,
            format!(
                "the developer platform answered an error: {}",
                excerpt(&text, 200)
            ),
        )
        .with_http(HttpFailure {
            status: response.status,
            messages: vec![text],
            ..HttpFailure::default()
        }));
    }
    let marketplaces: Vec<&Map<String, Value>> = match body.get("marketplaces") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        Some(Value::Object(one)) if one.contains_key("marketplace") => vec![one],
        Some(Value::Object(many)) => many.values().filter_map(Value::as_object).collect(),
        _ => return Err(fail("the reply has no `marketplaces`")),
    };
    let mut presets = Presets::new();
    for m in marketplaces {
        let name = match m.get("marketplace") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => return Err(fail("a marketplace has no `marketplace` name")),
        };
        let mut fields = m.clone();
        fields.insert("environment".into(), Value::String(name.clone()));
        let config = Config::from_json(&Value::Object(fields)).map_err(|e| {
            Error::new(
                ErrorKind::DevplatformError,
                format!("marketplace `{name}` is unusable: {}", e.message()),
            )
        })?;
        presets.insert(&name, config);
    }
    Ok(presets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn settings() -> Settings {
        Settings {
            env_name: Some("test".into()),
            env_key: Some("123".into()),
            env_secret: Some("456".into()),
            ..Settings::default()
        }
    }

    #[test]
    fn builds_the_request() {
        let r = request(&settings()).unwrap();
        assert_eq!(
            r.url,
            "https://developer.maestrano.com/api/config/v1/marketplaces"
        );
        assert_eq!(r.header("authorization"), Some("Basic MTIzOjQ1Ng=="));
        let mut s = settings();
        s.host = Some("http://localhost:5000/".into());
        s.api_path = Some("/api/config/v1/marketplaces".into());
        assert_eq!(
            request(&s).unwrap().url,
            "http://localhost:5000/api/config/v1/marketplaces"
        );
        s.env_secret = None;
        let e = request(&s).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ConfigMissing);
        assert!(e.message().contains("MNO_DEVPL_ENV_SECRET"));
        assert!(!format!("{:?}", settings()).contains("456"));
    }

    #[test]
    fn reads_both_shapes_and_refuses_errors() {
        let m = json!({"marketplace": "maestrano-uat", "environment": "demo", "nid": "n1",
            "api": {"id": "app-1", "key": "k"},
            "webhooks": {"account": {"group_path": "/g/:id/maestrano-uat"}}});
        let p = response(&HttpResponse::new(
            200,
            json!({"marketplaces": [m.clone()]}).to_string(),
        ))
        .unwrap();
        let c = p.get("maestrano-uat").unwrap();
        assert_eq!(c.environment, "maestrano-uat");
        assert_eq!(c.webhook.account_groups_path, "/g/:id/maestrano-uat");
        let p = response(&HttpResponse::new(
            200,
            json!({"marketplaces": m}).to_string(),
        ))
        .unwrap();
        assert_eq!(p.len(), 1);
        for (status, body) in [
            (200, r#"{"error":"bad key"}"#),
            (200, "{}"),
            (401, "{}"),
            (200, "<html>"),
        ] {
            let e = response(&HttpResponse::new(status, body)).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DevplatformError, "{body}");
        }
    }
}
