//! SAML SSO: the AuthnRequest redirect.

use crate::config::Config;
use crate::error::Result;
use maestrano_core as core;
use maestrano_core::time::UnixTime;

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
