//! The `user`, `group` and `membership` views of a validated assertion
//! (docs/spec.md §3 "SSO views", D8).

use std::collections::BTreeMap;

use crate::config::{Config, CreationMode};
use crate::error::excerpt;
use crate::error::{Error, ErrorKind, Result};
use crate::time::UnixTime;
use crate::user::unmask_user;
use serde_json::{json, Value};

/// The signed-in user (an omniauth-like hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoUser {
    /// `uid` in `real` mode, `virtual_uid` in `virtual` mode.
    pub uid: String,
    /// `email` (real mode) or `virtual_email` (virtual mode).
    pub email: Option<String>,
    /// `name`.
    pub first_name: Option<String>,
    /// `surname`.
    pub last_name: Option<String>,
    /// `country`.
    pub country: Option<String>,
    /// `company_name`.
    pub company_name: Option<String>,
    /// The real uid (`uid`).
    pub real_uid: Option<String>,
    /// `virtual_uid`.
    pub virtual_uid: Option<String>,
    /// `email`.
    pub real_email: Option<String>,
    /// `virtual_email`.
    pub virtual_email: Option<String>,
    /// `group_uid`.
    pub group_uid: String,
    /// `group_name`.
    pub group_name: Option<String>,
    /// `group_role`.
    pub group_role: Option<String>,
    /// `mno_session`: the platform session token, for single logout checks.
    pub session_token: Option<String>,
    /// `mno_session_recheck`: when the session must next be checked.
    pub session_recheck: Option<UnixTime>,
}

/// The group (customer organisation) the user signed in through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoGroup {
    /// `group_uid`.
    pub uid: String,
    /// `group_end_free_trial`.
    pub free_trial_end_at: Option<UnixTime>,
    /// `company_name`.
    pub company_name: Option<String>,
    /// `group_has_credit_card == "true"`.
    pub has_credit_card: bool,
    /// `group_name`.
    pub name: Option<String>,
    /// `group_org_uid`.
    pub org_uid: Option<String>,
    /// `group_email`.
    pub email: Option<String>,
    /// `group_city`.
    pub city: Option<String>,
    /// `group_country`, else the user's `country` (docs/spec.md D8).
    pub country: Option<String>,
    /// `group_timezone`.
    pub timezone: Option<String>,
    /// `group_currency`.
    pub currency: Option<String>,
}

/// The user's membership of the group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoMembership {
    /// `group_uid`.
    pub group_uid: String,
    /// The real uid, whatever the creation mode.
    pub user_uid: String,
    /// `group_role`.
    pub role: Option<String>,
}

/// The first value of each attribute by name (the first Attribute of a name wins): the views
/// look up about thirty names, so `O(A log A)` once instead of `O(30 A)`.
struct Firsts<'a>(BTreeMap<&'a str, Option<&'a str>>);

impl<'a> Firsts<'a> {
    fn new(attributes: &'a [(String, Vec<String>)]) -> Firsts<'a> {
        let mut map = BTreeMap::new();
        for (name, values) in attributes {
            map.entry(name.as_str())
                .or_insert_with(|| values.first().map(String::as_str));
        }
        Firsts(map)
    }
}

/// The first value of a named attribute.
fn first<'a>(attributes: &Firsts<'a>, name: &str) -> Option<&'a str> {
    attributes.0.get(name).copied().flatten()
}

fn required(attributes: &Firsts<'_>, name: &str, why: &str) -> Result<String> {
    match first(attributes, name) {
        Some(v) if !v.is_empty() => Ok(v.to_string()),
        _ => Err(Error::new(
            ErrorKind::MissingAttribute,
            format!("expected the SAML attribute `{name}` ({why}), found none"),
        )),
    }
}

fn time(attributes: &Firsts<'_>, name: &str) -> Result<Option<UnixTime>> {
    match first(attributes, name) {
        None | Some("") => Ok(None),
        Some(v) => UnixTime::parse(v).map(Some).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidAttribute,
                format!(
                    "expected the SAML attribute `{name}` to be an ISO 8601 time with a zone, found `{}`",
                    excerpt(v, 40)
                ),
            )
        }),
    }
}

/// Builds the three views. Missing required attributes are `missing_attribute`; unreadable
/// times are `invalid_attribute`.
pub(crate) fn build(
    config: &Config,
    attributes: &[(String, Vec<String>)],
) -> Result<(SsoUser, SsoGroup, SsoMembership)> {
    let attrs = &Firsts::new(attributes);
    let get = |n: &str| first(attrs, n).map(str::to_string);
    let (uid, email) = match config.sso.creation_mode {
        CreationMode::Real => (
            required(attrs, "uid", "the user id in real creation mode")?,
            get("email"),
        ),
        CreationMode::Virtual => (
            required(attrs, "virtual_uid", "the user id in virtual creation mode")?,
            get("virtual_email"),
        ),
    };
    let group_uid = required(attrs, "group_uid", "the group the user signed in through")?;
    let real_uid = get("uid");
    let user = SsoUser {
        uid: uid.clone(),
        email,
        first_name: get("name"),
        last_name: get("surname"),
        country: get("country"),
        company_name: get("company_name"),
        real_uid: real_uid.clone(),
        virtual_uid: get("virtual_uid"),
        real_email: get("email"),
        virtual_email: get("virtual_email"),
        group_uid: group_uid.clone(),
        group_name: get("group_name"),
        group_role: get("group_role"),
        session_token: get("mno_session"),
        session_recheck: time(attrs, "mno_session_recheck")?,
    };
    let group = SsoGroup {
        uid: group_uid.clone(),
        free_trial_end_at: time(attrs, "group_end_free_trial")?,
        company_name: get("company_name"),
        has_credit_card: first(attrs, "group_has_credit_card") == Some("true"),
        name: get("group_name"),
        org_uid: get("group_org_uid"),
        email: get("group_email"),
        city: get("group_city"),
        country: get("group_country").or_else(|| get("country")),
        timezone: get("group_timezone"),
        currency: get("group_currency"),
    };
    let membership = SsoMembership {
        group_uid,
        user_uid: real_uid.unwrap_or_else(|| unmask_user(&uid).to_string()),
        role: get("group_role"),
    };
    Ok((user, group, membership))
}

fn time_json(t: Option<UnixTime>) -> Value {
    t.map_or(Value::Null, |t| Value::String(t.to_rfc3339()))
}

impl SsoUser {
    /// The docs/spec.md §3 hash: `{provider, uid, info{…}, extra{…, group{…}, session{…}}}`.
    pub fn to_json(&self) -> Value {
        json!({
            "provider": "maestrano",
            "uid": self.uid,
            "info": {
                "email": self.email,
                "first_name": self.first_name,
                "last_name": self.last_name,
                "country": self.country,
                "company_name": self.company_name,
            },
            "extra": {
                "uid": self.real_uid,
                "virtual_uid": self.virtual_uid,
                "real_email": self.real_email,
                "virtual_email": self.virtual_email,
                "group": {"uid": self.group_uid, "name": self.group_name, "role": self.group_role},
                "session": {
                    "uid": self.real_uid,
                    "token": self.session_token,
                    "recheck": time_json(self.session_recheck),
                    "group_uid": self.group_uid,
                },
            },
        })
    }
}

impl SsoGroup {
    /// The docs/spec.md §3 hash: `{provider, uid, info{…}}`.
    pub fn to_json(&self) -> Value {
        json!({
            "provider": "maestrano",
            "uid": self.uid,
            "info": {
                "free_trial_end_at": time_json(self.free_trial_end_at),
                "company_name": self.company_name,
                "has_credit_card": self.has_credit_card,
                "name": self.name,
                "org_uid": self.org_uid,
                "email": self.email,
                "city": self.city,
                "country": self.country,
                "timezone": self.timezone,
                "currency": self.currency,
            },
        })
    }
}

impl SsoMembership {
    /// The docs/spec.md §3 hash: `{provider, group_uid, user_uid, role}`.
    pub fn to_json(&self) -> Value {
        json!({
            "provider": "maestrano",
            "group_uid": self.group_uid,
            "user_uid": self.user_uid,
            "role": self.role,
        })
    }
}
