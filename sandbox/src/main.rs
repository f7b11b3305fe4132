//! `maestrano-sandbox`: a local Maestrano platform for developing and testing an integrated app.
//!
//! One process on 127.0.0.1 plays the platform's SAML identity provider, session check,
//! Account API, Connec! v2 API and developer platform, calls the app's webhooks, and keeps its
//! data in SQLite under `--data-dir`. See `sandbox/README.md`.

mod account;
mod admin;
mod connec;
mod db;
mod devplatform;
mod filters;
mod idp;
mod keys;
mod outbound;
mod pages;
mod saml;
mod seed;
mod state;
mod util;

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router};
use serde_json::json;

use crate::db::Db;
use crate::seed::keys as meta_keys;
use crate::state::{Sandbox, Shared};

const USAGE: &str = "\
maestrano-sandbox: a local Maestrano platform (SAML IdP, session check, Account API, Connec! v2,
developer platform, outbound webhooks) for developing and testing an integrated app.

USAGE: maestrano-sandbox [OPTIONS]

OPTIONS:
  --port <N>                 Port on 127.0.0.1 (default 5100; 0 picks a free one)
  --data-dir <PATH>          Data folder: SQLite database and IdP keys (default ./sandbox-data)
  --app-url <URL>            Base URL of the app under test (default http://127.0.0.1:3000;
                             remembered in the data folder)
  --recheck-secs <N>         Seconds until an SSO session must be rechecked (default 180)
  --legacy-signing           Sign like the real platform: RSA-1024 key, RSA-SHA1 / SHA-1
                             (default: RSA-2048, RSA-SHA256 / SHA-256)
  --print-credentials-json   Seed the data folder if needed, print the credentials as JSON, exit
  -h, --help                 This help
";

/// Command-line options.
#[derive(Debug)]
struct Options {
    port: u16,
    data_dir: PathBuf,
    app_url: Option<String>,
    recheck_secs: i64,
    legacy_signing: bool,
    print_credentials: bool,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut o = Options {
        port: 5100,
        data_dir: PathBuf::from("./sandbox-data"),
        app_url: None,
        recheck_secs: 180,
        legacy_signing: false,
        print_credentials: false,
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" => {
                let v = value("--port")?;
                o.port = v
                    .parse()
                    .map_err(|_| format!("--port: not a port: {v:?}"))?;
            }
            "--data-dir" => o.data_dir = PathBuf::from(value("--data-dir")?),
            "--app-url" => {
                let v = value("--app-url")?;
                let rest = v
                    .strip_prefix("http://")
                    .or_else(|| v.strip_prefix("https://"));
                if !rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/')) {
                    return Err(format!(
                        "--app-url: expected http://host[:port], found {v:?}"
                    ));
                }
                o.app_url = Some(v.trim_end_matches('/').to_owned());
            }
            "--recheck-secs" => {
                let v = value("--recheck-secs")?;
                o.recheck_secs = v
                    .parse()
                    .ok()
                    .filter(|n| *n >= 0)
                    .ok_or_else(|| format!("--recheck-secs: not a number of seconds: {v:?}"))?;
            }
            "--legacy-signing" => o.legacy_signing = true,
            "--print-credentials-json" => o.print_credentials = true,
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(Some(o))
}

/// Opens the data folder, seeds it, settles the app URL and loads the IdP keys.
fn prepare(o: &Options, base_url: String) -> Result<(Sandbox, bool), String> {
    std::fs::create_dir_all(&o.data_dir)
        .map_err(|e| format!("creating {}: {e}", o.data_dir.display()))?;
    let db = Db::open(&o.data_dir).map_err(|e| format!("opening the database: {e}"))?;
    let seeded = seed::seed_if_empty(&db).map_err(|e| format!("seeding: {e}"))?;
    let app_url = match &o.app_url {
        Some(url) => url.clone(),
        None => db
            .meta(meta_keys::APP_URL)
            .map_err(|e| e.to_string())?
            .unwrap_or_else(|| "http://127.0.0.1:3000".into()),
    };
    db.set_meta(meta_keys::APP_URL, &app_url)
        .map_err(|e| e.to_string())?;
    let identity = keys::load_or_create(&o.data_dir, o.legacy_signing)?;
    Ok((
        Sandbox {
            db,
            base_url,
            app_url,
            recheck_secs: o.recheck_secs,
            identity,
            legacy_signing: o.legacy_signing,
            last_outbound: Mutex::new(None),
        },
        seeded,
    ))
}

/// Every route.
fn router(shared: Shared) -> Router {
    Router::new()
        .merge(idp::router())
        .merge(account::router())
        .merge(connec::router())
        .merge(devplatform::router())
        .merge(admin::router())
        .fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                Json(json!({"error": "Not found: see sandbox/README.md for the endpoints"})),
            )
                .into_response()
        })
        .with_state(shared)
}

fn banner(s: &Sandbox, seeded: bool, data_dir: &std::path::Path) -> String {
    let mut out = String::new();
    let app = s.app().ok().flatten();
    let (app_id, api_key) = app.map(|a| (a.uid, a.api_key)).unwrap_or_default();
    let key =
        s.db.meta(meta_keys::DEVPL_KEY)
            .ok()
            .flatten()
            .unwrap_or_default();
    let secret =
        s.db.meta(meta_keys::DEVPL_SECRET)
            .ok()
            .flatten()
            .unwrap_or_default();
    out.push_str("\n  Maestrano sandbox\n  =================\n");
    out.push_str(&format!(
        "  data folder      {} ({})\n",
        data_dir.display(),
        if seeded {
            "seeded now"
        } else {
            "existing data"
        }
    ));
    out.push_str(&format!("  app under test   {}\n", s.app_url));
    out.push_str(&format!("  admin page       {}/\n", s.base_url));
    out.push_str(&format!(
        "  app id (api.id)  {app_id}\n  api key          {api_key}\n"
    ));
    out.push_str(&format!(
        "  api.host / sso.idp / connec.host = {}\n",
        s.base_url
    ));
    out.push_str(&format!(
        "  developer platform  MNO_DEVPL_HOST={} MNO_DEVPL_API_PATH={} MNO_DEVPL_ENV_NAME={}\n                      MNO_DEVPL_ENV_KEY={key} MNO_DEVPL_ENV_SECRET={secret}\n",
        s.base_url,
        devplatform::API_PATH,
        seed::MARKETPLACE
    ));
    out.push_str(&format!(
        "  IdP signing      {} ({}-bit key), SHA-1 fingerprint {}\n",
        if s.legacy_signing {
            "RSA-SHA1 (legacy)"
        } else {
            "RSA-SHA256"
        },
        s.identity.bits,
        s.identity.fingerprint_sha1
    ));
    out.push_str(&format!(
        "  session recheck  every {} s\n  users:\n",
        s.recheck_secs
    ));
    if let (Ok(users), Ok(Some(app))) = (s.db.users(), s.app()) {
        for u in users {
            let groups: Vec<String> =
                s.db.user_groups(&app.uid, &u.uid)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(g, role)| format!("{} ({role})", g.uid))
                    .collect();
            out.push_str(&format!(
                "    {:<6} {} {} <{}>  {}\n",
                u.uid,
                u.name,
                u.surname,
                u.email,
                if groups.is_empty() {
                    "no group: access denied".to_owned()
                } else {
                    groups.join(", ")
                }
            ));
        }
    }
    out
}

async fn shutdown_signal() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Some(o)) => o,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("maestrano-sandbox: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    if options.print_credentials {
        let base_url = format!("http://127.0.0.1:{}", options.port);
        return match prepare(&options, base_url).and_then(|(s, _)| admin::credentials_json(&s)) {
            Ok(v) => {
                println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("maestrano-sandbox: {e}");
                ExitCode::FAILURE
            }
        };
    }

    let listener =
        match tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], options.port))).await
        {
            Ok(l) => l,
            Err(e) => {
                eprintln!(
                    "maestrano-sandbox: cannot listen on 127.0.0.1:{}: {e}",
                    options.port
                );
                return ExitCode::FAILURE;
            }
        };
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(options.port);
    let base_url = format!("http://127.0.0.1:{port}");
    let (sandbox, seeded) = match prepare(&options, base_url.clone()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("maestrano-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The developer-platform reply must load in the core (an unknown key is an error there).
    if let Err(e) = devplatform::presets_json(&sandbox)
        .and_then(|p| maestrano_core::Presets::from_json(&p).map_err(|e| e.to_string()))
    {
        eprintln!("maestrano-sandbox: warning: the developer-platform reply does not load in the core: {e}");
    }
    print!("{}", banner(&sandbox, seeded, &options.data_dir));
    println!("\n  Listening on {base_url}  (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();

    let shared: Shared = Arc::new(sandbox);
    match axum::serve(listener, router(shared))
        .with_graceful_shutdown(shutdown_signal())
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("maestrano-sandbox: server error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Result<Option<Options>, String> {
        parse_args(a.iter().map(|s| s.to_string()))
    }

    #[test]
    fn options_parse() {
        let o = args(&[
            "--port",
            "0",
            "--app-url=http://localhost:4000/",
            "--legacy-signing",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(o.port, 0);
        assert_eq!(o.app_url.as_deref(), Some("http://localhost:4000"));
        assert!(o.legacy_signing);
        assert!(args(&["--help"]).unwrap().is_none());
        assert!(args(&["--port"]).is_err());
        assert!(args(&["--app-url", "localhost"]).is_err());
        assert!(args(&["--bogus"]).is_err());
    }
}
