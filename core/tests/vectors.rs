//! Runs the shared vectors (`tests/vectors/**/*.json` and `MAESTRANO_EXTRA_VECTORS`) against the
//! Rust API, docs/spec.md §8. Prints one line per failing vector and
//! `rust: N passed, N failed, N skipped`.

use maestrano_core::api::{account, connec};
use maestrano_core::http::HttpResponse;
use maestrano_core::time::UnixTime;
use maestrano_core::{auth, devplatform, metadata, saml, session, sso, user, web, webhook};
use maestrano_core::{Config, Error, ErrorKind, Presets};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// What running one vector's op gave.
enum Outcome {
    Ok(Value),
    Err(Error),
    Skipped,
}

fn run(vector: &Value) -> Outcome {
    let op = vector["op"].as_str().unwrap_or_default();
    let input = &vector["input"];
    let s = |k: &str| input[k].as_str().unwrap_or_default().to_string();
    let config = || Config::from_json(vector.get("config").unwrap_or(&json!({})));
    let result: Result<Value, Error> = match op {
        "config.load" => config().map(|c| c.to_json()),
        "metadata.render" => config().map(|c| metadata::render(&c)),
        "auth.authenticate" => {
            config().map(|c| json!(auth::authenticate(&c, &s("app_id"), &s("api_key"))))
        }
        "auth.authenticate_header" => {
            config().map(|c| json!(auth::authenticate_header(&c, &s("authorization"))))
        }
        "user.mask" => {
            config().map(|c| json!(user::mask_user(&c, &s("user_uid"), &s("group_uid"))))
        }
        "user.unmask" => Ok(json!(user::unmask_user(&s("uid")))),
        "presets.find_by_credentials" => Presets::from_json(&input["presets"]).map(|p| {
            json!(auth::find_preset_by_credentials(
                &p,
                &s("app_id"),
                &s("api_key")
            ))
        }),
        "sso.urls" => config().and_then(|c| urls(&c, input)),
        "web.return_path" => Ok(json!(web::safe_return_path(&s("value")))),
        "web.error_status" => Ok(json!(
            ErrorKind::parse(&s("kind")).map_or(500, ErrorKind::http_status)
        )),
        "saml.authn_request" => config().and_then(|c| authn(&c, input)),
        "saml.validate_response" => config().and_then(|c| {
            saml::validate_response(&c, &s("saml_response"), &validate_options(input))
                .map(|r| result_through_crossing(&r, input["preset"].as_str()))
        }),
        "saml.replay_sequence" => config().map(|c| replay_sequence(&c, input)),
        "session.from_sso" => config().and_then(|c| {
            let r = saml::validate_response(&c, &s("saml_response"), &validate_options(input))?;
            let sess = session::Session::from_sso(&r, input["preset"].as_str())?;
            Ok(json!({"value": sess.encode(), "payload": sess.to_json()}))
        }),
        "session.check_request" => config().and_then(|c| {
            Ok(session::check_request(&c, &s("value"), now(input))?
                .map_or(Value::Null, |r| r.to_json()))
        }),
        "session.check_response" => config().map(|c| {
            let r = session::check_response(&c, &s("value"), &response(input));
            json!({"valid": r.valid, "value": r.value})
        }),
        "api.request" => config().and_then(|c| {
            let resource = account::Resource::parse(&s("resource"))?;
            let action = account::Action::parse(&s("action"))?;
            let id = input["id"].as_str();
            Ok(account::request(&c, resource, action, id, &input["params"])?.to_json())
        }),
        "api.response" => account::Resource::parse(&s("resource")).and_then(|resource| {
            let action = account::Action::parse(&s("action"))?;
            Ok(account::response(resource, action, &response(input))?.to_json())
        }),
        "connec.request" => config().and_then(|c| connec_request(&c, input)),
        "connec.response" => connec::Action::parse(&s("action"))
            .and_then(|a| Ok(connec::response(a, &response(input))?.to_json())),
        "devplatform.request" => {
            let opt = |k: &str| input[k].as_str().map(str::to_string);
            devplatform::request(&devplatform::Settings {
                host: opt("host"),
                api_path: opt("api_path"),
                env_name: opt("env_name"),
                env_key: opt("env_key"),
                env_secret: opt("env_secret"),
            })
            .map(|r| r.to_json())
        }
        "devplatform.response" => devplatform::response(&response(input)).map(|p| p.to_json()),
        "devplatform.settings_file" => devplatform::settings_file::parse(&s("text")).map(|s| {
            json!({"host": s.host, "api_path": s.api_path, "env_name": s.env_name,
                   "env_key": s.env_key, "env_secret": s.env_secret})
        }),
        "webhook.match" => config().and_then(|c| {
            let auth = input["authorization"].as_str();
            Ok(webhook::match_request(&c, &s("method"), &s("path"), auth)?
                .map_or(Value::Null, |e| e.to_json()))
        }),
        "webhook.connec_notification" => webhook::parse_notification(s("body").as_bytes())
            .map(|b| webhook::notification_to_json(&b)),
        _ => return Outcome::Skipped,
    };
    match result {
        Ok(v) => Outcome::Ok(v),
        Err(e) => Outcome::Err(e),
    }
}

fn now(input: &Value) -> UnixTime {
    UnixTime::parse(input["now"].as_str().unwrap_or_default()).unwrap_or(UnixTime(0))
}

fn validate_options(input: &Value) -> saml::ValidateOptions {
    saml::ValidateOptions {
        now: now(input),
        request_id: input["request_id"].as_str().map(str::to_string),
    }
}

/// `saml.replay_sequence`: validates each step's response and passes every valid result to one
/// in-memory replay store of `input.capacity`; the outcome of each step is `"ok"` or the kind of
/// the validation or replay error.
fn replay_sequence(c: &Config, input: &Value) -> Value {
    let capacity = input["capacity"]
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(100_000);
    let mut store = saml::MemoryReplayStore::new(capacity);
    let steps = input["steps"].as_array().cloned().unwrap_or_default();
    let outcomes = steps.iter().map(|step| {
        let options = validate_options(step);
        let saml_response = step["saml_response"].as_str().unwrap_or_default();
        let outcome = saml::validate_response(c, saml_response, &options).and_then(|r| {
            saml::check_replay(
                &mut store,
                r.issuer.as_deref(),
                &r.assertion_id,
                r.not_on_or_after,
                c.sso.clock_skew,
                options.now,
            )
        });
        match outcome {
            Ok(()) => json!("ok"),
            Err(e) => json!(e.kind().as_str()),
        }
    });
    Value::Array(outcomes.collect())
}

/// `input.status` and `input.body` (a string) as a response.
fn response(input: &Value) -> HttpResponse {
    let status = input["status"].as_u64().and_then(|s| u16::try_from(s).ok());
    HttpResponse::new(
        status.unwrap_or(0),
        input["body"].as_str().unwrap_or_default(),
    )
}

fn connec_request(c: &Config, input: &Value) -> Result<Value, Error> {
    let s = |k: &str| input[k].as_str().unwrap_or_default().to_string();
    let request = connec::request(
        c,
        connec::Action::parse(&s("action"))?,
        &s("group_id"),
        &s("entity"),
        input["id"].as_str(),
        &connec::ListQuery::from_json(&input["params"])?,
        &input["body"],
    )?;
    Ok(request.to_json())
}

fn urls(c: &Config, input: &Value) -> Result<Value, Error> {
    let uid = input["user_uid"].as_str();
    let mut out = json!({
        "idp_url": sso::idp_url(c)?,
        "init_url": sso::init_url(c),
        "consume_url": sso::consume_url(c),
        "logout_url": sso::logout_url(c, uid)?,
        "unauthorized_url": sso::unauthorized_url(c)?,
    });
    if let (Some(uid), Some(token)) = (uid, input["session_token"].as_str()) {
        out["session_check_url"] = json!(sso::session_check_url(c, uid, token)?);
    }
    Ok(out)
}

fn authn(c: &Config, input: &Value) -> Result<Value, Error> {
    let opt = |k: &str| input[k].as_str().map(str::to_string);
    let params = input["params"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let r = saml::authn_request(
        c,
        &saml::AuthnRequestOptions {
            id: opt("id").unwrap_or_default(),
            now: UnixTime::parse(input["now"].as_str().unwrap_or_default()).unwrap_or(UnixTime(0)),
            params,
            group_id: opt("group_id"),
            relay_state: opt("relay_state"),
        },
    )?;
    Ok(
        json!({"url": r.url, "request_id": r.request_id, "issue_instant": r.issue_instant, "xml": r.xml}),
    )
}

/// docs/spec.md §8 comparison: objects as subsets, everything else equal (numbers by value).
fn matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .iter()
            .all(|(k, ev)| a.get(k).is_some_and(|av| matches(ev, av))),
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| matches(x, y))
        }
        (Value::Number(e), Value::Number(a)) => e.as_f64() == a.as_f64(),
        _ => expected == actual,
    }
}

/// `None` when the vector passes, else why it failed.
fn check(vector: &Value, outcome: &Outcome) -> Option<String> {
    let expect = &vector["expect"];
    match (outcome, expect.get("error"), expect.get("ok")) {
        (Outcome::Err(e), Some(kind), _) => match expect["message"].as_str() {
            _ if kind != "*" && kind != e.kind().as_str() => {
                Some(format!("expected error {kind}, got {e}"))
            }
            Some(part) if !e.message().contains(part) => Some(format!(
                "expected an error message containing {part:?}, got {e}"
            )),
            _ => None,
        },
        (Outcome::Err(e), None, _) => Some(format!("expected ok, got error {e}")),
        (Outcome::Ok(v), Some(kind), _) => Some(format!("expected error {kind}, got ok {v}")),
        (Outcome::Ok(v), None, Some(ok)) => {
            (!matches(ok, v)).then(|| format!("expected {ok}, got {v}"))
        }
        (Outcome::Ok(_), None, None) => Some("vector has no expectation".into()),
        (Outcome::Skipped, ..) => None,
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn main() {
    let mut roots = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")];
    if let Ok(extra) = std::env::var("MAESTRANO_EXTRA_VECTORS") {
        roots.extend(
            extra
                .split(':')
                .filter(|s| !s.is_empty())
                .map(PathBuf::from),
        );
    }
    let mut files = Vec::new();
    for root in &roots {
        collect(root, &mut files);
    }
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let vectors = match serde_json::from_str::<Value>(&text) {
            Ok(Value::Array(items)) => items,
            Ok(one) => vec![one],
            Err(e) => {
                println!("FAIL {}: not JSON: {e}", file.display());
                failed += 1;
                continue;
            }
        };
        for v in vectors {
            let outcome = run(&v);
            match (&outcome, check(&v, &outcome)) {
                (Outcome::Skipped, _) => skipped += 1,
                (_, None) => passed += 1,
                (_, Some(why)) => {
                    failed += 1;
                    println!("FAIL {}: {why}", v["name"].as_str().unwrap_or("?"));
                }
            }
        }
    }
    println!("rust: {passed} passed, {failed} failed, {skipped} skipped");
    if failed > 0 {
        std::process::exit(1);
    }
}

/// The result as the bindings hand it over: the one-pass JSON text, which must be byte for byte
/// the text of `session::sso_result_json` (the `Value` form), read back without `session`.
fn result_through_crossing(r: &saml::SsoResult, preset: Option<&str>) -> Value {
    let text = session::sso_result_json_text(r, preset);
    assert_eq!(text, session::sso_result_json(r, preset).to_string());
    let mut value: Value = serde_json::from_str(&text).unwrap_or_default();
    value.as_object_mut().map(|o| o.remove("session"));
    assert_eq!(value, r.to_json());
    value
}
