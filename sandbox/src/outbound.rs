//! Calls from the platform to the app (docs/platform.md §4–§6), with HTTP Basic `app id:api key`:
//! account webhooks (`DELETE` a group or a member), Connec! notifications and the metadata
//! fetch. Blocking `ureq` calls run on tokio's blocking pool; plain `http://` only.

use std::time::Duration;

use serde_json::{json, Value};

use crate::state::Shared;
use crate::util::basic_header;

/// How long to wait for the app.
const TIMEOUT: Duration = Duration::from_secs(10);

/// One request to the app.
#[derive(Clone, Debug)]
pub struct Outbound {
    /// `GET`, `POST` or `DELETE`.
    pub method: &'static str,
    /// Path under the app's base URL, starting with `/`.
    pub path: String,
    /// JSON body (POST only).
    pub body: Option<Value>,
}

/// Sends `request` to the app and returns `{"request":{method,url},"status","body"}` (the body
/// parsed as JSON when it is JSON, else text), or `{"request":…,"error":"…"}` when the app
/// cannot be reached. The outcome is also recorded for the admin page.
pub async fn send(s: &Shared, request: Outbound) -> Value {
    let url = format!("{}{}", s.app_url, request.path);
    let described = json!({"method": request.method, "url": url});
    let auth = match s.app() {
        Ok(Some(app)) => basic_header(&app.uid, &app.api_key),
        Ok(None) => {
            return record(
                s,
                json!({"request": described, "error": "no app in the database"}),
            )
        }
        Err(e) => {
            return record(
                s,
                json!({"request": described, "error": format!("database: {e}")}),
            )
        }
    };
    let call_url = url.clone();
    let result =
        tokio::task::spawn_blocking(move || blocking_send(&request, &call_url, &auth)).await;
    let outcome = match result {
        Ok(Ok((status, body))) => {
            let body = serde_json::from_str::<Value>(&body).unwrap_or(Value::String(body));
            json!({"request": described, "status": status, "body": body})
        }
        Ok(Err(e)) => json!({"request": described, "error": e}),
        Err(e) => json!({"request": described, "error": format!("the call did not complete: {e}")}),
    };
    record(s, outcome)
}

fn record(s: &Shared, outcome: Value) -> Value {
    let mut logged = outcome.clone();
    logged["at"] = Value::String(crate::util::now_iso());
    s.record_outbound(logged);
    outcome
}

fn blocking_send(request: &Outbound, url: &str, auth: &str) -> Result<(u16, String), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .build()
        .into();
    let response = match (request.method, &request.body) {
        ("POST", body) => agent
            .post(url)
            .header("Authorization", auth)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .send(body.as_ref().map(Value::to_string).unwrap_or_default()),
        ("DELETE", _) => agent
            .delete(url)
            .header("Authorization", auth)
            .header("Accept", "application/json")
            .call(),
        _ => agent
            .get(url)
            .header("Authorization", auth)
            .header("Accept", "application/json")
            .call(),
    };
    let mut response = response.map_err(|e| format!("the app at {url} is unreachable: {e}"))?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(1024 * 1024)
        .read_to_string()
        .unwrap_or_default();
    Ok((status, body))
}

/// Fills `:name` segments of a webhook path template.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    template
        .split('/')
        .map(|segment| {
            segment
                .strip_prefix(':')
                .and_then(|name| values.iter().find(|(k, _)| *k == name))
                .map_or_else(|| segment.to_owned(), |(_, v)| crate::util::url_encode(v))
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill() {
        assert_eq!(
            fill(
                "/maestrano/account/groups/:group_id/users/:id",
                &[("group_id", "cld-1"), ("id", "usr-1")]
            ),
            "/maestrano/account/groups/cld-1/users/usr-1"
        );
    }
}
