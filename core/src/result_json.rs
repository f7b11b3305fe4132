//! The validated SSO result as JSON text, written in one pass: what the bindings hand to the
//! host in one crossing (one string, read by the host's native JSON parser).
//!
//! It writes exactly the value of [`crate::session::sso_result_json`] (same keys, same order,
//! same values) but serialises borrowed views of the result straight into the output, with no
//! intermediate `serde_json::Value` tree: building that tree (a map node and a copied string
//! per attribute value) cost more than the text itself. Cost: linear in the result's size.

use crate::saml::{SsoGroup, SsoMembership, SsoResult, SsoUser};
use crate::session::Session;
use crate::time::UnixTime;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// `result` plus `session` (the value to keep for single logout, `null` when the platform sent
/// no session attributes), tagged with `preset`, as compact JSON text.
pub fn sso_result_json_text(result: &SsoResult, preset: Option<&str>) -> String {
    let session = Session::from_sso(result, preset).ok().map(|s| s.encode());
    let out = ResultOut {
        name_id: &result.name_id,
        assertion_id: &result.assertion_id,
        session_index: result.session_index.as_deref(),
        not_on_or_after: result.not_on_or_after.map(UnixTime::to_rfc3339),
        issuer: result.issuer.as_deref(),
        attributes: Attributes(&result.attributes),
        user: UserOut::of(&result.user),
        group: GroupOut::of(&result.group),
        membership: MembershipOut::of(&result.membership),
        session,
    };
    // Serialising plain strings, options and maps with string keys into a `Vec` cannot fail.
    serde_json::to_string(&out).unwrap_or_default()
}

const PROVIDER: &str = "maestrano";

#[derive(Serialize)]
struct ResultOut<'a> {
    name_id: &'a str,
    assertion_id: &'a str,
    session_index: Option<&'a str>,
    not_on_or_after: Option<String>,
    issuer: Option<&'a str>,
    attributes: Attributes<'a>,
    user: UserOut<'a>,
    group: GroupOut<'a>,
    membership: MembershipOut<'a>,
    session: Option<String>,
}

/// Attribute name → values, in document order (names are unique: the reader merges them).
struct Attributes<'a>(&'a [(String, Vec<String>)]);

impl Serialize for Attributes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, values) in self.0 {
            map.serialize_entry(name, values)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct UserOut<'a> {
    provider: &'static str,
    uid: &'a str,
    info: UserInfo<'a>,
    extra: UserExtra<'a>,
}

#[derive(Serialize)]
struct UserInfo<'a> {
    email: Option<&'a str>,
    first_name: Option<&'a str>,
    last_name: Option<&'a str>,
    country: Option<&'a str>,
    company_name: Option<&'a str>,
}

#[derive(Serialize)]
struct UserExtra<'a> {
    uid: Option<&'a str>,
    virtual_uid: Option<&'a str>,
    real_email: Option<&'a str>,
    virtual_email: Option<&'a str>,
    group: UserGroup<'a>,
    session: UserSession<'a>,
}

#[derive(Serialize)]
struct UserGroup<'a> {
    uid: &'a str,
    name: Option<&'a str>,
    role: Option<&'a str>,
}

#[derive(Serialize)]
struct UserSession<'a> {
    uid: Option<&'a str>,
    token: Option<&'a str>,
    recheck: Option<String>,
    group_uid: &'a str,
}

impl<'a> UserOut<'a> {
    fn of(u: &'a SsoUser) -> Self {
        UserOut {
            provider: PROVIDER,
            uid: &u.uid,
            info: UserInfo {
                email: u.email.as_deref(),
                first_name: u.first_name.as_deref(),
                last_name: u.last_name.as_deref(),
                country: u.country.as_deref(),
                company_name: u.company_name.as_deref(),
            },
            extra: UserExtra {
                uid: u.real_uid.as_deref(),
                virtual_uid: u.virtual_uid.as_deref(),
                real_email: u.real_email.as_deref(),
                virtual_email: u.virtual_email.as_deref(),
                group: UserGroup {
                    uid: &u.group_uid,
                    name: u.group_name.as_deref(),
                    role: u.group_role.as_deref(),
                },
                session: UserSession {
                    uid: u.real_uid.as_deref(),
                    token: u.session_token.as_deref(),
                    recheck: u.session_recheck.map(UnixTime::to_rfc3339),
                    group_uid: &u.group_uid,
                },
            },
        }
    }
}

#[derive(Serialize)]
struct GroupOut<'a> {
    provider: &'static str,
    uid: &'a str,
    info: GroupInfo<'a>,
}

#[derive(Serialize)]
struct GroupInfo<'a> {
    free_trial_end_at: Option<String>,
    company_name: Option<&'a str>,
    has_credit_card: bool,
    name: Option<&'a str>,
    org_uid: Option<&'a str>,
    email: Option<&'a str>,
    city: Option<&'a str>,
    country: Option<&'a str>,
    timezone: Option<&'a str>,
    currency: Option<&'a str>,
}

impl<'a> GroupOut<'a> {
    fn of(g: &'a SsoGroup) -> Self {
        GroupOut {
            provider: PROVIDER,
            uid: &g.uid,
            info: GroupInfo {
                free_trial_end_at: g.free_trial_end_at.map(UnixTime::to_rfc3339),
                company_name: g.company_name.as_deref(),
                has_credit_card: g.has_credit_card,
                name: g.name.as_deref(),
                org_uid: g.org_uid.as_deref(),
                email: g.email.as_deref(),
                city: g.city.as_deref(),
                country: g.country.as_deref(),
                timezone: g.timezone.as_deref(),
                currency: g.currency.as_deref(),
            },
        }
    }
}

#[derive(Serialize)]
struct MembershipOut<'a> {
    provider: &'static str,
    group_uid: &'a str,
    user_uid: &'a str,
    role: Option<&'a str>,
}

impl<'a> MembershipOut<'a> {
    fn of(m: &'a SsoMembership) -> Self {
        MembershipOut {
            provider: PROVIDER,
            group_uid: &m.group_uid,
            user_uid: &m.user_uid,
            role: m.role.as_deref(),
        }
    }
}
