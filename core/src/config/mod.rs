//! Configuration of one marketplace (tenant): [`Config`], and named collections of them,
//! [`Presets`] (docs/spec.md §1, D1).
//!
//! A `Config` is a plain value. It is loaded from JSON (nested, dotted, or the Ruby gem's legacy
//! flat names) or a [`ConfigBuilder`], then resolved once: user values first, then the
//! environment's defaults (`local`, `uat`, `production` and their `maestrano-` aliases), then the
//! global defaults. Keys with no value anywhere stay unset, and the operation that needs one
//! fails with `config_missing` naming it.

mod environments;
mod keys;
mod presets;
mod resolve;

pub use environments::{defaults_for, EnvironmentDefaults};
pub use presets::Presets;

pub(crate) use keys::type_name;

use crate::error::{Error, ErrorKind, Result};
use serde_json::{json, Value};
use std::fmt;

/// How SSO users map to local users (docs/spec.md §3 views, D8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreationMode {
    /// One local user per platform user (`uid`, `email`).
    Real,
    /// One local user per platform user *and* group (`virtual_uid`, `virtual_email`).
    Virtual,
}

impl CreationMode {
    /// `"real"` or `"virtual"`.
    pub fn as_str(self) -> &'static str {
        match self {
            CreationMode::Real => "real",
            CreationMode::Virtual => "virtual",
        }
    }
}

/// `app.*`: the integrated application itself.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AppConfig {
    /// Base URL of the app (`app.host`).
    pub host: String,
    /// `app.synchronization_start_path` from the developer platform, if any.
    pub synchronization_start_path: Option<String>,
    /// `app.synchronization_toggle_path`, if any.
    pub synchronization_toggle_path: Option<String>,
    /// `app.synchronization_status_path`, if any.
    pub synchronization_status_path: Option<String>,
}

/// `api.*`: credentials and location of the platform's API.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiConfig {
    /// The app's id on the platform (`api.id`), also the SAML Issuer.
    pub id: Option<String>,
    /// The app's API key (`api.key`). A secret: never rendered, never logged.
    pub key: Option<String>,
    /// The platform's API host (`api.host`).
    pub host: Option<String>,
    /// The API base path (`api.base`, with its trailing slash).
    pub base: String,
    /// The host language, reported in metadata and the User-Agent (`api.lang`).
    pub lang: String,
    /// The host language's version, when the host knows it (`api.lang_version`).
    pub lang_version: Option<String>,
    /// Account API request timeout in seconds (`api.timeout`, default 80 as the original SDKs).
    pub timeout: u64,
}

impl fmt::Debug for ApiConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiConfig")
            .field("id", &self.id)
            .field("key", &self.key.as_ref().map(|_| "<redacted>"))
            .field("host", &self.host)
            .field("base", &self.base)
            .field("lang", &self.lang)
            .field("lang_version", &self.lang_version)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// `sso.*`: single sign-on and the SAML validation policy.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SsoConfig {
    /// Whether SSO is on (`sso.enabled`).
    pub enabled: bool,
    /// Whether single logout rechecks run (`sso.slo_enabled`; always false when SSO is off).
    pub slo_enabled: bool,
    /// `sso.creation_mode`.
    pub creation_mode: CreationMode,
    /// Path of the app's SSO init route (`sso.init_path`).
    pub init_path: String,
    /// Path of the app's SAML consume route (`sso.consume_path`).
    pub consume_path: String,
    /// Base URL of the app for SSO routes (`sso.idm`; defaults to `app.host`).
    pub idm: String,
    /// Base URL of the identity provider (`sso.idp`; SSO URLs fall back to `api.host`,
    /// docs/spec.md D4).
    pub idp: Option<String>,
    /// NameID format requested in the AuthnRequest (`sso.name_id_format`).
    pub name_id_format: String,
    /// Trusted IdP certificates, PEM or base64 DER; several allow rotation.
    pub x509_certificates: Vec<String>,
    /// Trusted IdP certificate fingerprints (SHA-1 or SHA-256 hex).
    pub x509_fingerprints: Vec<String>,
    /// Allowed clock skew in seconds (`sso.clock_skew`, default 60, at most 600).
    pub clock_skew: u32,
    /// Extra accepted Audience values (`sso.audiences`).
    pub audiences: Vec<String>,
    /// Required Issuer of responses, if set (`sso.idp_entity_id`).
    pub idp_entity_id: Option<String>,
    /// Whether `InResponseTo` is mandatory (`sso.require_in_response_to`).
    pub require_in_response_to: bool,
    /// Refuse SHA-1 and RSA keys under 2048 bits (`sso.strict_algorithms`, docs/spec.md D5).
    pub strict_algorithms: bool,
    /// Parser and input limits for SAML responses.
    pub limits: SamlLimits,
}

/// Bounds on a posted SAMLResponse (docs/spec.md §3 step 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SamlLimits {
    /// Largest accepted encoded response, bytes (`sso.max_response_size`, default 1 MiB).
    pub max_response_size: usize,
    /// Deepest element nesting (`sso.max_depth`, default 64).
    pub max_depth: usize,
    /// Most attributes on one element (`sso.max_attributes`, default 128).
    pub max_attributes: usize,
    /// Most elements in a document (`sso.max_elements`, default 20,000).
    pub max_elements: usize,
    /// Most nodes of any kind in a document (`sso.max_nodes`, default 50,000).
    pub max_nodes: usize,
    /// Most namespace declarations on one element (`sso.max_namespace_declarations`, default
    /// 64).
    pub max_namespace_declarations: usize,
    /// Most tokens in an `InclusiveNamespaces` PrefixList (`sso.max_prefix_list`, default 32).
    pub max_prefix_list: usize,
}

impl Default for SamlLimits {
    /// The parser's defaults (docs/spec.md §3 step 1), the encoded size bounded like the XML.
    fn default() -> Self {
        let xml = crate::xml::Limits::DEFAULT;
        SamlLimits {
            max_response_size: xml.max_bytes,
            max_depth: xml.max_depth,
            max_attributes: xml.max_attributes,
            max_elements: xml.max_elements,
            max_nodes: xml.max_nodes,
            max_namespace_declarations: xml.max_namespace_declarations,
            max_prefix_list: xml.max_prefix_list,
        }
    }
}

impl SamlLimits {
    /// The parser limits these imply (the decoded XML is never larger than its encoding).
    pub fn xml_limits(&self) -> crate::xml::Limits {
        crate::xml::Limits {
            max_bytes: self.max_response_size,
            max_depth: self.max_depth,
            max_attributes: self.max_attributes,
            max_elements: self.max_elements,
            max_nodes: self.max_nodes,
            max_namespace_declarations: self.max_namespace_declarations,
            max_prefix_list: self.max_prefix_list,
        }
    }
}

/// `connec.*`: the Connec! data-sharing API.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConnecConfig {
    /// Whether Connec! is used (`connec.enabled`).
    pub enabled: bool,
    /// Connec! host (`connec.host`).
    pub host: Option<String>,
    /// Connec! base path (`connec.base_path`, default `/api/v2`).
    pub base_path: String,
    /// Request timeout in seconds (`connec.timeout`).
    pub timeout: u64,
}

/// `webhook.*`: routes the platform calls on the app.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebhookConfig {
    /// Group cancellation route template (`webhook.account.groups_path`).
    pub account_groups_path: String,
    /// Member removal route template (`webhook.account.group_users_path`).
    pub account_group_users_path: String,
    /// Connec! notification route (`webhook.connec.notifications_path`).
    pub connec_notifications_path: String,
    /// Connec! entity subscriptions, in input order (`webhook.connec.subscriptions`).
    pub connec_subscriptions: Vec<(String, bool)>,
    /// Whether Connec! sends external ids (`webhook.connec.external_ids`).
    pub connec_external_ids: bool,
}

/// The resolved configuration of one marketplace. Build it with [`Config::from_json`] or
/// [`Config::builder`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// Environment name (`environment`, default `production`).
    pub environment: String,
    /// The developer platform's id of this marketplace entry (`nid`), if any.
    pub nid: Option<String>,
    /// `app.*`.
    pub app: AppConfig,
    /// `api.*`.
    pub api: ApiConfig,
    /// `sso.*`.
    pub sso: SsoConfig,
    /// `connec.*`.
    pub connec: ConnecConfig,
    /// `webhook.*`.
    pub webhook: WebhookConfig,
}

impl Config {
    /// Loads a configuration from a JSON object (nested, dotted keys, or legacy flat names).
    ///
    /// ```
    /// use maestrano_core::{sso, Config};
    /// use serde_json::json;
    ///
    /// let config = Config::from_json(&json!({
    ///     "environment": "production",
    ///     "app": { "host": "https://myapp.example" },
    ///     "api.id": "app-1",                 // dotted keys mix with nested ones
    ///     "api": { "key": "secret" },
    /// }))?;
    /// assert_eq!(config.api.id.as_deref(), Some("app-1"));
    /// // The app's routes derive from `app.host`, the platform's from the environment.
    /// assert_eq!(sso::init_url(&config), "https://myapp.example/maestrano/auth/saml/init");
    /// assert_eq!(sso::idp_url(&config)?, "https://maestrano.com/api/v1/auth/saml");
    /// assert_eq!(
    ///     sso::logout_url(&config, Some("usr-1"))?,
    ///     "https://maestrano.com/app_logout?user_uid=usr-1"
    /// );
    /// # Ok::<(), maestrano_core::Error>(())
    /// ```
    pub fn from_json(value: &Value) -> Result<Config> {
        resolve::resolve(keys::flatten(value)?)
    }

    /// Loads a configuration from JSON text.
    pub fn from_json_str(text: &str) -> Result<Config> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Error::new(
                ErrorKind::ConfigInvalid,
                format!("configuration is not valid JSON: {e}"),
            )
        })?;
        Config::from_json(&value)
    }

    /// A builder starting from no user values.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The effective configuration as nested JSON (every resolved key, including `api.key`:
    /// this is the app's own configuration; for what may be shown to others, see
    /// [`crate::metadata::render`]).
    pub fn to_json(&self) -> Value {
        let opt = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
        let subs: serde_json::Map<String, Value> = self
            .webhook
            .connec_subscriptions
            .iter()
            .map(|(k, v)| (k.clone(), Value::Bool(*v)))
            .collect();
        json!({
            "environment": self.environment,
            "nid": opt(&self.nid),
            "app": {
                "host": self.app.host,
                "synchronization_start_path": opt(&self.app.synchronization_start_path),
                "synchronization_toggle_path": opt(&self.app.synchronization_toggle_path),
                "synchronization_status_path": opt(&self.app.synchronization_status_path),
            },
            "api": {
                "id": opt(&self.api.id),
                "key": opt(&self.api.key),
                "host": opt(&self.api.host),
                "base": self.api.base,
                "lang": self.api.lang,
                "lang_version": opt(&self.api.lang_version),
                "timeout": self.api.timeout,
            },
            "sso": {
                "enabled": self.sso.enabled,
                "slo_enabled": self.sso.slo_enabled,
                "creation_mode": self.sso.creation_mode.as_str(),
                "init_path": self.sso.init_path,
                "consume_path": self.sso.consume_path,
                "idm": self.sso.idm,
                "idp": opt(&self.sso.idp),
                "name_id_format": self.sso.name_id_format,
                "x509_certificate": self.sso.x509_certificates,
                "x509_fingerprint": self.sso.x509_fingerprints,
                "clock_skew": self.sso.clock_skew,
                "audiences": self.sso.audiences,
                "idp_entity_id": opt(&self.sso.idp_entity_id),
                "require_in_response_to": self.sso.require_in_response_to,
                "strict_algorithms": self.sso.strict_algorithms,
                "max_response_size": self.sso.limits.max_response_size,
                "max_depth": self.sso.limits.max_depth,
                "max_attributes": self.sso.limits.max_attributes,
                "max_elements": self.sso.limits.max_elements,
                "max_nodes": self.sso.limits.max_nodes,
                "max_namespace_declarations": self.sso.limits.max_namespace_declarations,
                "max_prefix_list": self.sso.limits.max_prefix_list,
            },
            "connec": {
                "enabled": self.connec.enabled,
                "host": opt(&self.connec.host),
                "base_path": self.connec.base_path,
                "timeout": self.connec.timeout,
            },
            "webhook": {
                "account": {
                    "groups_path": self.webhook.account_groups_path,
                    "group_users_path": self.webhook.account_group_users_path,
                },
                "connec": {
                    "notifications_path": self.webhook.connec_notifications_path,
                    "subscriptions": subs,
                    "external_ids": self.webhook.connec_external_ids,
                },
            },
        })
    }

    /// `api.host`, or `config_missing` naming it.
    pub fn api_host(&self) -> Result<&str> {
        self.required(self.api.host.as_deref(), "api.host")
    }

    /// `(api.id, api.key)`, or `config_missing` naming the absent one.
    pub fn api_credentials(&self) -> Result<(&str, &str)> {
        Ok((
            self.required(self.api.id.as_deref(), "api.id")?,
            self.required(self.api.key.as_deref(), "api.key")?,
        ))
    }

    /// `connec.host`, or `config_missing` naming it.
    pub fn connec_host(&self) -> Result<&str> {
        self.required(self.connec.host.as_deref(), "connec.host")
    }

    fn required<'a>(&self, value: Option<&'a str>, key: &str) -> Result<&'a str> {
        match value {
            Some(v) if !v.is_empty() => Ok(v),
            _ => {
                let why = if defaults_for(&self.environment).is_some() {
                    String::new()
                } else {
                    format!(
                        " (environment `{}` has no defaults, so it must be given)",
                        self.environment
                    )
                };
                Err(Error::new(
                    ErrorKind::ConfigMissing,
                    format!("configuration key `{key}` is not set{why}"),
                ))
            }
        }
    }
}

/// Builds a [`Config`] key by key; [`ConfigBuilder::build`] resolves and validates it.
#[derive(Clone, Debug, Default)]
pub struct ConfigBuilder {
    pairs: Vec<(String, Value)>,
}

impl ConfigBuilder {
    /// Sets any key by its dotted (or legacy) name to a JSON value. Unknown keys fail in `build`.
    pub fn set(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.pairs.push((key.to_string(), value.into()));
        self
    }

    /// `environment`.
    pub fn environment(self, name: &str) -> Self {
        self.set("environment", name)
    }

    /// `api.id` and `api.key`.
    pub fn credentials(self, id: &str, key: &str) -> Self {
        self.set("api.id", id).set("api.key", key)
    }

    /// `app.host`.
    pub fn app_host(self, host: &str) -> Self {
        self.set("app.host", host)
    }

    /// `sso.creation_mode`.
    pub fn creation_mode(self, mode: CreationMode) -> Self {
        self.set("sso.creation_mode", mode.as_str())
    }

    /// Resolves the configuration.
    pub fn build(self) -> Result<Config> {
        let obj: serde_json::Map<String, Value> = self.pairs.into_iter().collect();
        Config::from_json(&Value::Object(obj))
    }
}
