//! The SSO URLs of docs/spec.md §3 (D4): the platform base is `sso.idp` when set, else `api.host`.

use crate::config::Config;
use crate::error::Result;
use crate::url::escape;

/// The platform base for SSO: `sso.idp`, else `api.host` (docs/spec.md D4).
pub fn sso_base(config: &Config) -> Result<&str> {
    match config.sso.idp.as_deref() {
        Some(idp) if !idp.is_empty() => Ok(idp),
        _ => config.api_host(),
    }
}

/// The IdP's SAML endpoint: `base + api.base + "auth/saml"`.
pub fn idp_url(config: &Config) -> Result<String> {
    Ok(format!("{}{}auth/saml", sso_base(config)?, config.api.base))
}

/// The app's SSO init route: `sso.idm + sso.init_path`.
pub fn init_url(config: &Config) -> String {
    format!("{}{}", config.sso.idm, config.sso.init_path)
}

/// The app's SAML consume route (the ACS URL): `sso.idm + sso.consume_path`.
pub fn consume_url(config: &Config) -> String {
    format!("{}{}", config.sso.idm, config.sso.consume_path)
}

/// The platform logout page, optionally for one user: `base + "/app_logout"[?user_uid=…]`.
pub fn logout_url(config: &Config, user_uid: Option<&str>) -> Result<String> {
    let base = sso_base(config)?;
    Ok(match user_uid {
        Some(uid) => format!("{base}/app_logout?user_uid={}", escape(uid)),
        None => format!("{base}/app_logout"),
    })
}

/// Where to send a user the app refuses: `base + "/app_access_unauthorized"`.
pub fn unauthorized_url(config: &Config) -> Result<String> {
    Ok(format!("{}/app_access_unauthorized", sso_base(config)?))
}

/// The single-logout session check: `base + api.base + "auth/saml/" + uid + "?session=" + token`.
pub fn session_check_url(config: &Config, user_uid: &str, session_token: &str) -> Result<String> {
    Ok(format!(
        "{}{}auth/saml/{}?session={}",
        sso_base(config)?,
        config.api.base,
        escape(user_uid),
        escape(session_token)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    #[test]
    fn production_defaults_match_the_ruby_gem() {
        let c = Config::from_json(&json!({})).unwrap();
        assert_eq!(
            init_url(&c),
            "http://localhost:3000/maestrano/auth/saml/init"
        );
        assert_eq!(
            consume_url(&c),
            "http://localhost:3000/maestrano/auth/saml/consume"
        );
        assert_eq!(
            idp_url(&c).unwrap(),
            "https://maestrano.com/api/v1/auth/saml"
        );
        assert_eq!(
            logout_url(&c, None).unwrap(),
            "https://maestrano.com/app_logout"
        );
        assert_eq!(
            logout_url(&c, Some("usr-1")).unwrap(),
            "https://maestrano.com/app_logout?user_uid=usr-1"
        );
        assert_eq!(
            unauthorized_url(&c).unwrap(),
            "https://maestrano.com/app_access_unauthorized"
        );
        assert_eq!(
            session_check_url(&c, "usr-1", "f9ds8fdg7f89").unwrap(),
            "https://maestrano.com/api/v1/auth/saml/usr-1?session=f9ds8fdg7f89"
        );
    }

    #[test]
    fn idp_wins_over_api_host_and_values_are_escaped() {
        let c = Config::from_json(
            &json!({"api": {"host": "https://api.example"}, "sso": {"idp": "https://idp.example"}}),
        )
        .unwrap();
        assert_eq!(idp_url(&c).unwrap(), "https://idp.example/api/v1/auth/saml");
        assert_eq!(
            session_check_url(&c, "u/1", "a&b=c").unwrap(),
            "https://idp.example/api/v1/auth/saml/u%2F1?session=a%26b%3Dc"
        );
    }

    #[test]
    fn missing_base_is_config_missing() {
        let c = Config::from_json(&json!({"environment": "custom"})).unwrap();
        assert_eq!(idp_url(&c).unwrap_err().kind(), ErrorKind::ConfigMissing);
        assert_eq!(
            init_url(&c),
            "http://localhost:3000/maestrano/auth/saml/init"
        );
    }
}
