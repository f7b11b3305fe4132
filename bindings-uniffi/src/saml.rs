//! SAML SSO: the AuthnRequest redirect and Response validation.

use crate::config::Config;
use crate::error::Result;
use crate::time::to_system_time;
use maestrano_core as core;
use maestrano_core::time::UnixTime;
use std::collections::HashMap;
use std::time::SystemTime;

/// One extra query parameter of the SSO redirect.
#[derive(uniffi::Record)]
pub struct QueryParam {
    /// Parameter name.
    pub name: String,
    /// Parameter value.
    pub value: String,
}

/// A built AuthnRequest.
#[derive(uniffi::Record)]
pub struct AuthnRequest {
    /// Where to redirect the user.
    pub url: String,
    /// The request ID, to check `InResponseTo` later.
    pub request_id: String,
    /// `IssueInstant` as milliseconds since the epoch.
    pub issue_instant_ms: i64,
    /// The AuthnRequest XML.
    pub xml: String,
}

/// Builds the AuthnRequest redirect for `config` (the host supplies `id` and `now_ms`).
#[uniffi::export]
pub fn authn_request(
    config: &Config,
    id: String,
    now_ms: i64,
    params: Vec<QueryParam>,
    group_id: Option<String>,
    relay_state: Option<String>,
) -> Result<AuthnRequest> {
    let now = UnixTime(now_ms);
    let r = core::saml::authn_request(
        &config.0,
        &core::saml::AuthnRequestOptions {
            id,
            now,
            params: params.into_iter().map(|p| (p.name, p.value)).collect(),
            group_id,
            relay_state,
        },
    )?;
    Ok(AuthnRequest {
        url: r.url,
        request_id: r.request_id,
        issue_instant_ms: now.millis() - now.millis().rem_euclid(1000),
        xml: r.xml,
    })
}

/// A validated SSO response (docs/spec.md §3 step 8).
#[derive(uniffi::Record)]
pub struct SsoResult {
    /// The Subject's NameID.
    pub name_id: String,
    /// The assertion ID (for a replay cache).
    pub assertion_id: String,
    /// `AuthnStatement@SessionIndex`.
    pub session_index: Option<String>,
    /// Keep the assertion ID in a replay cache until then.
    pub not_on_or_after: Option<SystemTime>,
    /// The assertion's Issuer.
    pub issuer: Option<String>,
    /// Every attribute: name → values in document order.
    pub attributes: HashMap<String, Vec<String>>,
    /// The `user` view.
    pub user: SsoUser,
    /// The `group` view.
    pub group: SsoGroup,
    /// The `membership` view.
    pub membership: SsoMembership,
    /// The value to keep in the host's session for single logout (`None` when the platform
    /// sent no session attributes).
    pub session: Option<String>,
}

/// The signed-in user.
#[derive(uniffi::Record)]
pub struct SsoUser {
    /// Always `"maestrano"`.
    pub provider: String,
    /// The local uid: `uid` (real mode) or `virtual_uid` (virtual mode).
    pub uid: String,
    /// Profile.
    pub info: SsoUserInfo,
    /// Both identities, the group and the platform session.
    pub extra: SsoUserExtra,
}

/// `user.info`.
#[derive(uniffi::Record)]
pub struct SsoUserInfo {
    /// `email` (real) or `virtual_email` (virtual).
    pub email: Option<String>,
    /// `name`.
    pub first_name: Option<String>,
    /// `surname`.
    pub last_name: Option<String>,
    /// `country`.
    pub country: Option<String>,
    /// `company_name`.
    pub company_name: Option<String>,
}

/// `user.extra`.
#[derive(uniffi::Record)]
pub struct SsoUserExtra {
    /// The real uid.
    pub uid: Option<String>,
    /// `virtual_uid`.
    pub virtual_uid: Option<String>,
    /// `email`.
    pub real_email: Option<String>,
    /// `virtual_email`.
    pub virtual_email: Option<String>,
    /// The group the user signed in through.
    pub group: SsoUserGroup,
    /// The platform session, for single logout.
    pub session: SsoUserSession,
}

/// `user.extra.group`.
#[derive(uniffi::Record)]
pub struct SsoUserGroup {
    /// `group_uid`.
    pub uid: String,
    /// `group_name`.
    pub name: Option<String>,
    /// `group_role`.
    pub role: Option<String>,
}

/// `user.extra.session`.
#[derive(uniffi::Record)]
pub struct SsoUserSession {
    /// The real uid.
    pub uid: Option<String>,
    /// `mno_session`.
    pub token: Option<String>,
    /// `mno_session_recheck`.
    pub recheck: Option<SystemTime>,
    /// `group_uid`.
    pub group_uid: String,
}

/// The group (customer organisation).
#[derive(uniffi::Record)]
pub struct SsoGroup {
    /// Always `"maestrano"`.
    pub provider: String,
    /// `group_uid`.
    pub uid: String,
    /// Details.
    pub info: SsoGroupInfo,
}

/// `group.info`.
#[derive(uniffi::Record)]
pub struct SsoGroupInfo {
    /// `group_end_free_trial`.
    pub free_trial_end_at: Option<SystemTime>,
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
    /// `group_country`, else the user's `country`.
    pub country: Option<String>,
    /// `group_timezone`.
    pub timezone: Option<String>,
    /// `group_currency`.
    pub currency: Option<String>,
}

/// The membership.
#[derive(uniffi::Record)]
pub struct SsoMembership {
    /// Always `"maestrano"`.
    pub provider: String,
    /// `group_uid`.
    pub group_uid: String,
    /// The real uid.
    pub user_uid: String,
    /// `group_role`.
    pub role: Option<String>,
}

/// [`validate_response`] with the result as JSON text (the `saml.validate_response` result plus
/// `session`): one crossing, parsed by the host's native JSON reader, instead of one per field.
#[uniffi::export]
pub fn validate_response_json(
    config: &Config,
    saml_response: String,
    now_ms: i64,
    request_id: Option<String>,
    preset: Option<String>,
) -> Result<String> {
    let r = core::saml::validate_response(
        &config.0,
        &saml_response,
        &core::saml::ValidateOptions {
            now: UnixTime(now_ms),
            request_id,
        },
    )?;
    Ok(core::session::sso_result_json_text(&r, preset.as_deref()))
}

/// Validates a posted `SAMLResponse` for `config` at `now_ms`, against `request_id` if kept.
#[uniffi::export]
pub fn validate_response(
    config: &Config,
    saml_response: String,
    now_ms: i64,
    request_id: Option<String>,
    preset: Option<String>,
) -> Result<SsoResult> {
    let r = core::saml::validate_response(
        &config.0,
        &saml_response,
        &core::saml::ValidateOptions {
            now: UnixTime(now_ms),
            request_id,
        },
    )?;
    let session = core::session::Session::from_sso(&r, preset.as_deref())
        .ok()
        .map(|s| s.encode());
    let (u, g, m) = (r.user, r.group, r.membership);
    Ok(SsoResult {
        name_id: r.name_id,
        assertion_id: r.assertion_id,
        session_index: r.session_index,
        not_on_or_after: to_system_time(r.not_on_or_after),
        issuer: r.issuer,
        attributes: r.attributes.into_iter().collect(),
        user: SsoUser {
            provider: "maestrano".into(),
            uid: u.uid,
            info: SsoUserInfo {
                email: u.email,
                first_name: u.first_name,
                last_name: u.last_name,
                country: u.country,
                company_name: u.company_name,
            },
            extra: SsoUserExtra {
                uid: u.real_uid.clone(),
                virtual_uid: u.virtual_uid,
                real_email: u.real_email,
                virtual_email: u.virtual_email,
                group: SsoUserGroup {
                    uid: u.group_uid.clone(),
                    name: u.group_name,
                    role: u.group_role,
                },
                session: SsoUserSession {
                    uid: u.real_uid,
                    token: u.session_token,
                    recheck: to_system_time(u.session_recheck),
                    group_uid: u.group_uid,
                },
            },
        },
        group: SsoGroup {
            provider: "maestrano".into(),
            uid: g.uid,
            info: SsoGroupInfo {
                free_trial_end_at: to_system_time(g.free_trial_end_at),
                company_name: g.company_name,
                has_credit_card: g.has_credit_card,
                name: g.name,
                org_uid: g.org_uid,
                email: g.email,
                city: g.city,
                country: g.country,
                timezone: g.timezone,
                currency: g.currency,
            },
        },
        membership: SsoMembership {
            provider: "maestrano".into(),
            group_uid: m.group_uid,
            user_uid: m.user_uid,
            role: m.role,
        },
        session,
    })
}
