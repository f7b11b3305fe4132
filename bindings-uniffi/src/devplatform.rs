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

/// A developer-platform settings file's text (JSON, or the YAML subset of docs/spec.md D38) as
/// the five settings; absent, null and empty ones are `None`. Errors: `config_invalid` naming
/// the line, `input_too_large` beyond 64 KiB, 4096 lines or 16 levels of nesting.
#[uniffi::export]
pub fn parse_settings_file(text: String) -> Result<DevPlatformSettings> {
    let s = core::devplatform::settings_file::parse(&text)?;
    Ok(DevPlatformSettings {
        host: s.host,
        api_path: s.api_path,
        env_name: s.env_name,
        env_key: s.env_key,
        env_secret: s.env_secret,
    })
}

/// The reply as presets, one per marketplace.
#[uniffi::export]
pub fn devplatform_response(response: HttpResponse) -> Result<Arc<Presets>> {
    Ok(Arc::new(Presets(core::devplatform::response(
        &response.into(),
    )?)))
}
