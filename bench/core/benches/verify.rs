//! Verification cost: a 7.5 KB and a 109 KB signed response (parse, checks, two exclusive
//! canonicalisations, digest, RSA-2048 PKCS#1 v1.5, re-parse of the signed view) against a bare
//! RSA-2048 signature verification of the same SignedInfo; and the crossing: the validated SSO
//! result turned into the JSON text the bindings hand to JavaScript and Python
//! (`session::sso_result_json_text`, written in one pass), next to the `serde_json::Value` form
//! (`session::sso_result_json(..).to_string()`) it replaced.
//!
//! ```sh
//! cargo bench -p maestrano-bench --bench verify -- --warm-up-time 1 --measurement-time 3 crossing
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine as _;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use maestrano_core::saml::{validate_response, ValidateOptions};
use maestrano_core::session::{sso_result_json, sso_result_json_text};
use maestrano_core::time::UnixTime;
use maestrano_core::xml::{Document, Limits};
use maestrano_core::xmldsig::{
    c14n, find_signature, verify_by_id, SignatureAlgorithm, TrustedKeys, VerifyOptions,
    DSIG_NAMESPACE,
};
use maestrano_core::Config;
use x509_cert::der::{Decode, Encode};

fn fixture(name: &str) -> Vec<u8> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/dsig/");
    std::fs::read(format!("{dir}{name}")).unwrap()
}

fn bench(c: &mut Criterion) {
    let cert = String::from_utf8(fixture("certs/idp.pem")).unwrap();
    let keys = TrustedKeys::new(std::slice::from_ref(&cert), &[]).unwrap();
    let opts = VerifyOptions::default();
    let limits = Limits::default();
    for name in ["xmlsec1-bench-7k", "xmlsec1-bench-109k"] {
        let xml = fixture(&format!("signed/{name}.xml"));
        assert!(verify_by_id(&xml, "_assert-1", &keys, &opts, &limits).is_ok());
        c.bench_function(&format!("verify_by_id {name} ({} bytes)", xml.len()), |b| {
            b.iter(|| verify_by_id(&xml, "_assert-1", &keys, &opts, &limits).unwrap())
        });
        c.bench_function(&format!("parse {name}"), |b| {
            b.iter(|| Document::parse(&xml, &limits).unwrap())
        });
    }

    // The bare RSA verification of the 7.5 KB response's SignedInfo.
    let xml = fixture("signed/xmlsec1-bench-7k.xml");
    let doc = Document::parse(&xml, &limits).unwrap();
    let assertion = doc.element_by_id("_assert-1").unwrap();
    let sig = find_signature(&doc, assertion).unwrap().unwrap();
    let signed_info = doc
        .children_named(sig, DSIG_NAMESPACE, "SignedInfo")
        .next()
        .unwrap();
    let message = c14n::canonicalize(&doc, signed_info, None, &[]).unwrap();
    let value = doc
        .children_named(sig, DSIG_NAMESPACE, "SignatureValue")
        .next()
        .unwrap();
    use base64::Engine;
    let compact: String = doc.text(value).split_whitespace().collect();
    let signature = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .unwrap();
    let der: Vec<u8> = {
        let body: String = cert.lines().filter(|l| !l.starts_with("-----")).collect();
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap()
    };
    let spki = x509_cert::Certificate::from_der(&der)
        .unwrap()
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .unwrap();
    let key = maestrano_core::xmldsig::RsaPublicKey::from_public_key_der(&spki).unwrap();
    assert!(SignatureAlgorithm::RsaSha256.verify(&key, &message, &signature));
    c.bench_function("bare RSA-2048 PKCS#1 v1.5 SHA-256 verify", |b| {
        b.iter(|| SignatureAlgorithm::RsaSha256.verify(&key, &message, &signature))
    });
}

/// The result crossing: the validated result of each document as the bindings' JSON text.
fn crossing(c: &mut Criterion) {
    let cert = String::from_utf8(fixture("certs/idp.pem")).unwrap();
    let config = Config::from_json(&serde_json::json!({
        "environment": "production",
        "app": {"host": "http://localhost:3000"},
        "api": {"id": "app-1", "key": "bench-key"},
        "sso": {"x509_certificate": cert, "idp_entity_id": "https://idp.maestrano.test"},
    }))
    .unwrap();
    let options = ValidateOptions {
        now: UnixTime::parse("2024-05-01T10:00:00Z").unwrap(),
        request_id: None,
    };
    for (name, size) in [("xmlsec1-bench-7k", "7.5k"), ("xmlsec1-bench-109k", "109k")] {
        let posted = base64::engine::general_purpose::STANDARD
            .encode(fixture(&format!("signed/{name}.xml")));
        let result = validate_response(&config, &posted, &options).unwrap();
        let text = sso_result_json_text(&result, None);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            sso_result_json(&result, None)
        );
        let mut g = c.benchmark_group(format!("crossing {size}"));
        g.bench_function("sso_result_json_text (one pass)", |b| {
            b.iter(|| sso_result_json_text(black_box(&result), None))
        });
        g.bench_function("sso_result_json(..).to_string() (Value tree)", |b| {
            b.iter(|| sso_result_json(black_box(&result), None).to_string())
        });
        g.finish();
    }
}

criterion_group!(benches, bench, crossing);
criterion_main!(benches);
