//! Auto-configuration from the developer platform (docs/spec.md D2).

use crate::config::Presets;
use crate::error::Result;
use crate::http::{HttpRequest, HttpResponse};
use maestrano_core as core;
use std::sync::Arc;

/// The five `MNO_DEVPL_*` settings.
#[derive(uniffi::Record)]
pub struct DevPlatformSettings {
    /// `MNO_DEVPL_HOST` (default `https://developer.maestrano.com`).
    pub host: Option<String>,
    /// `MNO_DEVPL_API_PATH` (default `/api/config/v1`).
    pub api_path: Option<String>,
    /// `MNO_DEVPL_ENV_NAME`.
    pub env_name: Option<String>,
    /// `MNO_DEVPL_ENV_KEY`.
    pub env_key: Option<String>,
    /// `MNO_DEVPL_ENV_SECRET`.
    pub env_secret: Option<String>,
}

/// The marketplaces request.
#[uniffi::export]
pub fn devplatform_request(settings: DevPlatformSettings) -> Result<HttpRequest> {
    Ok(core::devplatform::request(&core::devplatform::Settings {
        host: settings.host,
        api_path: settings.api_path,
        env_name: settings.env_name,
        env_key: settings.env_key,
        env_secret: settings.env_secret,
    })?
    .into())
}

/// The reply as presets, one per marketplace.
#[uniffi::export]
pub fn devplatform_response(response: HttpResponse) -> Result<Arc<Presets>> {
    Ok(Arc::new(Presets(core::devplatform::response(
        &response.into(),
    )?)))
}
