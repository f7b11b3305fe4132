//! The platform's calls to the app: account webhooks and Connec! notifications.

use crate::config::Config;
use crate::error::Result;
use maestrano_core as core;

/// A recognised platform call.
#[derive(uniffi::Record)]
pub struct WebhookEvent {
    /// `group_cancelled`, `member_removed` or `connec_notification`.
    pub event: String,
    /// The group, for account webhooks.
    pub group_id: Option<String>,
    /// The removed platform user, for `member_removed`.
    pub user_id: Option<String>,
    /// The app's id for that user (`mask_user`).
    pub local_user_id: Option<String>,
    /// The tenant suffix of the path, if any.
    pub tenant: Option<String>,
}

/// Routes a call and checks its credentials: `None` when it is not a webhook route; the
/// `api_authentication` error when the credentials are not this config's.
#[uniffi::export]
pub fn webhook_match(
    config: &Config,
    method: String,
    path: String,
    authorization: Option<String>,
) -> Result<Option<WebhookEvent>> {
    use core::webhook::WebhookEvent as E;
    let event = core::webhook::match_request(&config.0, &method, &path, authorization.as_deref())?;
    Ok(event.map(|e| match e {
        E::GroupCancelled { group_id, tenant } => WebhookEvent {
            event: "group_cancelled".into(),
            group_id: Some(group_id),
            user_id: None,
            local_user_id: None,
            tenant,
        },
        E::MemberRemoved {
            group_id,
            user_id,
            local_user_id,
            tenant,
        } => WebhookEvent {
            event: "member_removed".into(),
            group_id: Some(group_id),
            user_id: Some(user_id),
            local_user_id: Some(local_user_id),
            tenant,
        },
        E::ConnecNotification { tenant } => WebhookEvent {
            event: "connec_notification".into(),
            group_id: None,
            user_id: None,
            local_user_id: None,
            tenant,
        },
    }))
}

/// A Connec! notification body as JSON text `{entity: [records]}`.
#[uniffi::export]
pub fn webhook_connec_notification(body: Vec<u8>) -> Result<String> {
    let batches = core::webhook::parse_notification(&body)?;
    Ok(core::webhook::notification_to_json(&batches).to_string())
}
