//! Authenticating the platform's calls to the app (docs/spec.md §2): HTTP Basic with
//! `api.id:api.key`, compared in constant time.

use crate::config::{Config, Presets};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The body webhook handlers answer with status 401 when [`authenticate`] fails.
pub const INVALID_CREDENTIALS_BODY: &str = r#"{"error":"Invalid credentials"}"#;

/// Whether `(app_id, api_key)` are this config's credentials. False when the config has none.
/// The comparison takes the same time wherever the inputs differ (lengths included: both sides
/// are hashed first).
pub fn authenticate(config: &Config, app_id: &str, api_key: &str) -> bool {
    let (Some(id), Some(key)) = (config.api.id.as_deref(), config.api.key.as_deref()) else {
        return false;
    };
    if id.is_empty() || key.is_empty() {
        return false;
    }
    let id_ok = ct_eq(id, app_id);
    let key_ok = ct_eq(key, api_key);
    bool::from(id_ok & key_ok)
}

fn ct_eq(a: &str, b: &str) -> subtle::Choice {
    Sha256::digest(a.as_bytes()).ct_eq(&Sha256::digest(b.as_bytes()))
}

/// Parses an `Authorization` header value `Basic base64(id:key)`: scheme case-insensitive,
/// strict standard base64, UTF-8, exactly one `:`. `None` when it is not such a header.
pub fn parse_basic_authorization(header: &str) -> Option<(String, String)> {
    let mut parts = header.split_ascii_whitespace();
    let scheme = parts.next()?;
    let token = parts.next()?;
    if parts.next().is_some() || !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(token).ok()?).ok()?;
    let (id, key) = decoded.split_once(':')?;
    if key.contains(':') {
        return None;
    }
    Some((id.to_string(), key.to_string()))
}

/// Whether an `Authorization` header carries this config's credentials.
pub fn authenticate_header(config: &Config, authorization: &str) -> bool {
    match parse_basic_authorization(authorization) {
        Some((id, key)) => authenticate(config, &id, &key),
        None => false,
    }
}

/// The name of the preset whose credentials are `(app_id, api_key)` (multi-tenant webhooks).
/// Every preset is checked, so the time taken does not reveal which one matched.
pub fn find_preset_by_credentials<'a>(
    presets: &'a Presets,
    app_id: &str,
    api_key: &str,
) -> Option<&'a str> {
    let mut found = None;
    for (name, config) in presets.iter() {
        if authenticate(config, app_id, api_key) && found.is_none() {
            found = Some(name);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cfg() -> Config {
        Config::from_json(&json!({"api": {"id": "app-1", "key": "g15354F34f3x5z"}})).unwrap()
    }

    #[test]
    fn authenticates_exact_credentials_only() {
        let c = cfg();
        assert!(authenticate(&c, "app-1", "g15354F34f3x5z"));
        assert!(!authenticate(&c, "app-1", "g15354F34f3x5"));
        assert!(!authenticate(&c, "app-2", "g15354F34f3x5z"));
        assert!(!authenticate(&c, "", ""));
        let empty = Config::from_json(&json!({})).unwrap();
        assert!(!authenticate(&empty, "", ""));
    }

    #[test]
    fn parses_basic_headers_strictly() {
        let c = cfg();
        let good = format!("Basic {}", STANDARD.encode("app-1:g15354F34f3x5z"));
        assert!(authenticate_header(&c, &good));
        assert!(authenticate_header(&c, &good.replace("Basic", "bAsIc")));
        assert!(!authenticate_header(&c, &good.replace("Basic", "Bearer")));
        assert!(!authenticate_header(&c, good.trim_end_matches('=')));
        assert!(!authenticate_header(&c, "Basic"));
        assert!(!authenticate_header(
            &c,
            &format!("Basic {}", STANDARD.encode("app-1:g1:x"))
        ));
        assert!(!authenticate_header(
            &c,
            &format!("Basic {}", STANDARD.encode("app-1"))
        ));
        assert!(!authenticate_header(&c, &format!("{good} extra")));
    }

    #[test]
    fn finds_the_matching_preset() {
        let p = Presets::from_json(&json!({
            "a": {"api": {"id": "app-a", "key": "ka"}},
            "b": {"api": {"id": "app-b", "key": "kb"}},
        }))
        .unwrap();
        assert_eq!(find_preset_by_credentials(&p, "app-b", "kb"), Some("b"));
        assert_eq!(find_preset_by_credentials(&p, "app-b", "ka"), None);
    }
}
