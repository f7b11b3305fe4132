//! The Maestrano session and single logout (docs/spec.md §4).
//!
//! After SSO the app keeps a small value in its own session: base64 of the compact JSON
//! `{"uid","session","session_recheck","group_uid","preset"}` (the Ruby SDK's format, so both
//! can read each other's sessions). Until `session_recheck` the session is trusted as is; after
//! it, the platform is asked whether the user is still signed in there. Every doubt ends in
//! "not valid": a corrupt value, an unreachable or confused platform (fail closed).
//!
//! The value is not signed: the host's session store must provide integrity (as it does for
//! the rest of the app's session).

use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::saml::SsoResult;
use crate::sso::session_check_url;
use crate::time::UnixTime;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Value};

/// Largest stored value [`Session::decode`] reads (64 KiB); anything bigger is corrupt.
pub const MAX_VALUE_BYTES: usize = 64 * 1024;

/// How long the host should wait for the session check, in milliseconds.
pub const CHECK_TIMEOUT_MS: u64 = 10_000;

/// What the app keeps about the Maestrano session of a signed-in user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// The platform user's real uid (`usr-…`).
    pub uid: String,
    /// The platform session token (`mno_session`).
    pub session: String,
    /// When the platform must next be asked (`mno_session_recheck`, then each check's reply).
    pub session_recheck: UnixTime,
    /// The group the user signed in through.
    pub group_uid: Option<String>,
    /// The preset (marketplace) the user signed in through, for multi-tenant apps.
    pub preset: Option<String>,
}

impl Session {
    /// The session of a validated SSO response: its `uid`, `mno_session` and
    /// `mno_session_recheck` attributes (`missing_attribute` when the platform left one out).
    pub fn from_sso(result: &SsoResult, preset: Option<&str>) -> Result<Session> {
        let user = &result.user;
        let missing = |name: &str| {
            Error::new(
                ErrorKind::MissingAttribute,
                format!("the `{name}` attribute, needed for the session, is absent"),
            )
        };
        Ok(Session {
            uid: user.real_uid.clone().unwrap_or_else(|| user.uid.clone()),
            session: user
                .session_token
                .clone()
                .ok_or_else(|| missing("mno_session"))?,
            session_recheck: user
                .session_recheck
                .ok_or_else(|| missing("mno_session_recheck"))?,
            group_uid: Some(result.group.uid.clone()),
            preset: preset.map(str::to_string),
        })
    }

    /// The payload as JSON, keys in the Ruby SDK's order, `session_recheck` RFC 3339 seconds.
    pub fn to_json(&self) -> Value {
        json!({
            "uid": self.uid,
            "session": self.session,
            "session_recheck": self.session_recheck.to_rfc3339_secs(),
            "group_uid": self.group_uid,
            "preset": self.preset,
        })
    }

    /// The value to store: standard base64 of the compact JSON, without line breaks.
    pub fn encode(&self) -> String {
        STANDARD.encode(self.to_json().to_string())
    }

    /// Reads a stored value. Accepts MIME line breaks (Ruby's `Base64.encode64`) and a missing
    /// `preset`; anything else unexpected (bad base64, bad JSON, a missing or empty uid or
    /// token, an unreadable recheck time) is `None`: no usable session.
    pub fn decode(value: &str) -> Option<Session> {
        if value.len() > MAX_VALUE_BYTES {
            return None;
        }
        let compact: String = value
            .chars()
            .filter(|c| !matches!(c, '\n' | '\r'))
            .collect();
        let bytes = STANDARD.decode(compact.trim()).ok()?;
        let json: Value = serde_json::from_slice(&bytes).ok()?;
        let text = |k: &str| -> Option<String> {
            match json.get(k) {
                Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
                _ => None,
            }
        };
        Some(Session {
            uid: text("uid")?,
            session: text("session")?,
            session_recheck: UnixTime::parse(&text("session_recheck")?)?,
            group_uid: text("group_uid"),
            preset: text("preset"),
        })
    }

    /// Whether the platform must be asked now: the recheck time has come (`recheck <= now`).
    pub fn remote_check_required(&self, now: UnixTime) -> bool {
        self.session_recheck <= now
    }
}

/// A validated SSO result as the JSON hosts receive in one crossing: the
/// `saml.validate_response` result (docs/spec.md §8) plus `session`, the value to keep for single
/// logout (`null` when the platform sent no session attributes), tagged with `preset`.
pub fn sso_result_json(result: &crate::saml::SsoResult, preset: Option<&str>) -> Value {
    let session = Session::from_sso(result, preset).ok().map(|s| s.encode());
    let mut out = result.to_json();
    out["session"] = Value::from(session);
    out
}

pub use crate::result_json::sso_result_json_text;

/// The outcome of a session check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionCheck {
    /// Whether the session is still valid.
    pub valid: bool,
    /// The value to store from now on, when valid and renewed (`None`: keep the current one if
    /// valid, or clear it if not).
    pub value: Option<String>,
}

/// What checking the stored `value` at `now` needs: `None` when no request is needed (single
/// logout is off, or the recheck time has not come: the session is valid as it is), or the
/// request to send, then [`check_response`]. A corrupt or incomplete value is
/// `session_invalid`: treat the session as not valid (never as "no check needed").
pub fn check_request(config: &Config, value: &str, now: UnixTime) -> Result<Option<HttpRequest>> {
    if !config.sso.slo_enabled {
        return Ok(None);
    }
    let session = Session::decode(value).ok_or_else(corrupt)?;
    if !session.remote_check_required(now) {
        return Ok(None);
    }
    Ok(Some(HttpRequest {
        method: Method::Get,
        url: session_check_url(config, &session.uid, &session.session)?,
        headers: vec![
            ("accept".into(), "application/json".into()),
            ("user-agent".into(), crate::http::user_agent(config)),
        ],
        body: None,
        timeout_ms: Some(CHECK_TIMEOUT_MS),
    }))
}

/// Reads the platform's answer to a session check of the stored `value`. Valid only for a 2xx
/// JSON object whose `valid` is `true` (or `"true"`) and whose `recheck` is a time; the new
/// value then carries that recheck time. Anything else is not valid: this never fails open.
pub fn check_response(config: &Config, value: &str, response: &HttpResponse) -> SessionCheck {
    let invalid = SessionCheck {
        valid: false,
        value: None,
    };
    if !config.sso.slo_enabled {
        return SessionCheck {
            valid: true,
            value: None,
        };
    }
    let Some(mut session) = Session::decode(value) else {
        return invalid;
    };
    if !response.is_success() {
        return invalid;
    }
    let Some(reply) = response.json() else {
        return invalid;
    };
    let valid = matches!(reply.get("valid"), Some(Value::Bool(true)))
        || matches!(reply.get("valid"), Some(Value::String(s)) if s == "true");
    let recheck = reply
        .get("recheck")
        .and_then(Value::as_str)
        .and_then(UnixTime::parse);
    match (valid, recheck) {
        (true, Some(recheck)) => {
            session.session_recheck = recheck;
            SessionCheck {
                valid: true,
                value: Some(session.encode()),
            }
        }
        _ => invalid,
    }
}

fn corrupt() -> Error {
    Error::new(
        ErrorKind::SessionInvalid,
        "the stored Maestrano session value is corrupt or incomplete, so the session is not valid",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::from_json(&json!({"environment": "production", "api": {"id": "app-1", "key": "k"}}))
            .unwrap()
    }

    fn session(recheck: i64) -> Session {
        Session {
            uid: "usr-1".into(),
            session: "tok".into(),
            session_recheck: UnixTime::from_secs(recheck),
            group_uid: Some("cld-1".into()),
            preset: None,
        }
    }

    #[test]
    fn value_round_trips_and_reads_ruby_line_breaks() {
        let s = session(1_467_100_980);
        let v = s.encode();
        assert_eq!(Session::decode(&v), Some(s.clone()));
        let wrapped: String = v
            .as_bytes()
            .chunks(60)
            .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
            .collect();
        assert_eq!(Session::decode(&wrapped), Some(s));
    }

    #[test]
    fn corrupt_values_are_no_session() {
        for v in ["", "!!", "bm90IGpzb24=", &STANDARD.encode(r#"{"uid":"u"}"#)] {
            assert_eq!(Session::decode(v), None, "{v}");
        }
        let e = check_request(&config(), "!!", UnixTime(0)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::SessionInvalid);
    }

    #[test]
    fn no_request_before_recheck_and_one_after() {
        let v = session(100).encode();
        assert_eq!(
            check_request(&config(), &v, UnixTime::from_secs(99)).unwrap(),
            None
        );
        let r = check_request(&config(), &v, UnixTime::from_secs(100))
            .unwrap()
            .unwrap();
        assert_eq!(
            r.url,
            "https://maestrano.com/api/v1/auth/saml/usr-1?session=tok"
        );
        assert_eq!(r.header("authorization"), None);
    }

    #[test]
    fn replies_fail_closed() {
        let c = config();
        let v = session(100).encode();
        let ok = check_response(
            &c,
            &v,
            &HttpResponse::new(200, r#"{"valid":true,"recheck":"2030-01-01T00:00:00Z"}"#),
        );
        assert!(ok.valid);
        let renewed = Session::decode(&ok.value.unwrap()).unwrap();
        assert_eq!(
            renewed.session_recheck,
            UnixTime::parse("2030-01-01T00:00:00Z").unwrap()
        );
        for (status, body) in [
            (200, r#"{"valid":false,"recheck":"2030-01-01T00:00:00Z"}"#),
            (200, r#"{"valid":"false","recheck":"2030-01-01T00:00:00Z"}"#),
            (200, r#"{"valid":1,"recheck":"2030-01-01T00:00:00Z"}"#),
            (200, r#"{"valid":true}"#),
            (200, r#"{"valid":true,"recheck":"soon"}"#),
            (200, "<html>"),
            (500, r#"{"valid":true,"recheck":"2030-01-01T00:00:00Z"}"#),
        ] {
            let r = check_response(&c, &v, &HttpResponse::new(status, body));
            assert!(!r.valid, "{status} {body}");
            assert_eq!(r.value, None);
        }
    }
}
