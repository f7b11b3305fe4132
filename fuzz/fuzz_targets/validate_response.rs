//! The whole SAML pipeline never panics: the input is the raw XML document, base64-encoded here
//! and posted as `SAMLResponse` to `saml::validate_response`, under two fixed configurations
//! taken from the generated vectors (`tests/vectors/saml-generated/bases.json`):
//!
//! - `gen-platform-legacy-valid`: the legacy platform certificate (RSA-1024) pinned;
//! - `gen-modern-valid`: the modern RSA-2048 certificate pinned;
//!
//! each with the vectors' fixed `now`, without a request ID and with the request ID of
//! `gen-both-signed-valid-request-id`. Seeded with every decoded vector document
//! (`fuzz/seed.py`), so mutations start from validly signed responses.
//!
//! A success must be self-consistent: a non-empty NameID and assertion ID, and a replay horizon
//! that is set and not already past (`now < not_on_or_after + clock_skew`).
#![no_main]

use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use maestrano_core::saml::{validate_response, ValidateOptions};
use maestrano_core::time::UnixTime;
use maestrano_core::Config;
use serde_json::Value;

static BASES: &str = include_str!("../../tests/vectors/saml-generated/bases.json");

/// The vector whose config pins the legacy platform certificate.
const PLATFORM: &str = "gen-platform-legacy-valid";
/// The vector whose config pins the modern 2048-bit certificate.
const MODERN: &str = "gen-modern-valid";
/// The vector that carries a request ID.
const WITH_REQUEST_ID: &str = "gen-both-signed-valid-request-id";

struct Case {
    name: &'static str,
    config: Config,
    options: Vec<ValidateOptions>,
}

fn vector<'a>(all: &'a [Value], name: &str) -> &'a Value {
    all.iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("fuzz setup: vector {name} not found in bases.json"))
}

fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let all: Vec<Value> = serde_json::from_str(BASES).expect("fuzz setup: bases.json parses");
        let request_id = vector(&all, WITH_REQUEST_ID)["input"]["request_id"]
            .as_str()
            .expect("fuzz setup: request_id")
            .to_owned();
        [PLATFORM, MODERN]
            .into_iter()
            .map(|name| {
                let v = vector(&all, name);
                let config = Config::from_json(&v["config"])
                    .unwrap_or_else(|e| panic!("fuzz setup: config of {name}: {e:?}"));
                let now = UnixTime::parse(v["input"]["now"].as_str().unwrap_or_default())
                    .unwrap_or_else(|| panic!("fuzz setup: now of {name}"));
                let options = [None, Some(request_id.clone())]
                    .into_iter()
                    .map(|request_id| ValidateOptions { now, request_id })
                    .collect();
                Case {
                    name,
                    config,
                    options,
                }
            })
            .collect()
    })
}

fuzz_target!(
    // Set up once before fuzzing, so that no input is charged for it.
    init: {
        cases();
    },
    |data: &[u8]| run(data)
);

fn run(data: &[u8]) {
    let posted = STANDARD.encode(data);
    for case in cases() {
        let skew_ms = i64::from(case.config.sso.clock_skew) * 1000;
        for options in &case.options {
            let Ok(result) = validate_response(&case.config, &posted, options) else {
                continue;
            };
            let what = (case.name, &options.request_id);
            assert!(
                !result.name_id.is_empty(),
                "{what:?}: empty NameID accepted"
            );
            assert!(
                !result.assertion_id.is_empty(),
                "{what:?}: empty assertion ID accepted"
            );
            let horizon = result
                .not_on_or_after
                .unwrap_or_else(|| panic!("{what:?}: accepted without a replay horizon"));
            assert!(
                options.now.0 < horizon.0.saturating_add(skew_ms),
                "{what:?}: accepted with a replay horizon already past"
            );
            let _ = result.to_json();
        }
    }
}
