//! The validation pipeline stage by stage, on the 7.5 KB and 109 KB signed responses of
//! `bench/README.md`: base64 decode, parse, locate (ID lookup and structural signature
//! location), exclusive C14N of `SignedInfo` and of the Assertion, the digest, the RSA check,
//! the re-parse of the verified bytes (rule R1), the full signature check, the full
//! `validate_response` and its JSON result. The stages add up to roughly the full check; what
//! is left is the shape checks and reading the assertion.
//!
//! ```sh
//! cargo bench -p maestrano-bench --bench stages -- --warm-up-time 1 --measurement-time 3
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine as _;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use maestrano_core::saml::{decode_post, validate_response, ValidateOptions};
use maestrano_core::time::UnixTime;
use maestrano_core::xml::{Document, Limits};
use maestrano_core::xmldsig::{
    c14n, find_signature, verify_by_id, DigestAlgorithm, SignatureAlgorithm, TrustedKeys,
    VerifyOptions, DSIG_NAMESPACE,
};
use maestrano_core::Config;
use serde_json::json;
use x509_cert::der::{Decode, Encode};

const STD: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn fixture(name: &str) -> Vec<u8> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/dsig/");
    std::fs::read(format!("{dir}{name}")).unwrap()
}

fn bench(c: &mut Criterion) {
    let cert = String::from_utf8(fixture("certs/idp.pem")).unwrap();
    let keys = TrustedKeys::new(std::slice::from_ref(&cert), &[]).unwrap();
    let opts = VerifyOptions::default();
    let limits = Limits::default();
    let config = Config::from_json(&json!({
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
    let der: Vec<u8> = {
        let body: String = cert.lines().filter(|l| !l.starts_with("-----")).collect();
        STD.decode(body).unwrap()
    };
    let spki = x509_cert::Certificate::from_der(&der)
        .unwrap()
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .unwrap();
    let key = maestrano_core::xmldsig::RsaPublicKey::from_public_key_der(&spki).unwrap();

    for (name, size) in [("xmlsec1-bench-7k", "7.5k"), ("xmlsec1-bench-109k", "109k")] {
        let xml = fixture(&format!("signed/{name}.xml"));
        let posted = STD.encode(&xml);
        let sso_limits = config.sso.limits;
        let mut g = c.benchmark_group(format!("stages {size}"));

        g.bench_function("1 decode (base64)", |b| {
            b.iter(|| decode_post(black_box(&posted), &sso_limits).unwrap())
        });
        g.bench_function("2 parse", |b| {
            b.iter(|| Document::parse(black_box(&xml), &limits).unwrap())
        });
        let doc = Document::parse(&xml, &limits).unwrap();
        g.bench_function("3 locate (ID + signature)", |b| {
            b.iter(|| {
                let a = doc.element_by_id(black_box("_assert-1")).unwrap();
                find_signature(&doc, a).unwrap().unwrap()
            })
        });
        let assertion = doc.element_by_id("_assert-1").unwrap();
        let sig = find_signature(&doc, assertion).unwrap().unwrap();
        let signed_info = doc
            .children_named(sig, DSIG_NAMESPACE, "SignedInfo")
            .next()
            .unwrap();
        g.bench_function("4a C14N SignedInfo", |b| {
            b.iter(|| c14n::canonicalize(&doc, signed_info, None, &[]).unwrap())
        });
        g.bench_function("4b C14N Assertion (enveloped)", |b| {
            b.iter(|| c14n::canonicalize(&doc, assertion, Some(sig), &[]).unwrap())
        });
        let canonical = c14n::canonicalize(&doc, assertion, Some(sig), &[]).unwrap();
        g.bench_function("5 digest SHA-256 of the Assertion", |b| {
            b.iter(|| DigestAlgorithm::Sha256.digest(black_box(&canonical)))
        });
        let message = c14n::canonicalize(&doc, signed_info, None, &[]).unwrap();
        let value = doc
            .children_named(sig, DSIG_NAMESPACE, "SignatureValue")
            .next()
            .unwrap();
        let compact: String = doc.text(value).split_whitespace().collect();
        let signature = STD.decode(compact).unwrap();
        assert!(SignatureAlgorithm::RsaSha256.verify(&key, &message, &signature));
        g.bench_function("6 RSA-2048 verify of SignedInfo", |b| {
            b.iter(|| SignatureAlgorithm::RsaSha256.verify(&key, black_box(&message), &signature))
        });
        g.bench_function("7 re-parse of the signed bytes", |b| {
            b.iter(|| Document::parse(black_box(&canonical), &limits).unwrap())
        });
        g.bench_function("8 verify_by_id (2-7)", |b| {
            b.iter(|| verify_by_id(black_box(&xml), "_assert-1", &keys, &opts, &limits).unwrap())
        });
        g.bench_function("9 validate_response (all)", |b| {
            b.iter(|| validate_response(&config, black_box(&posted), &options).unwrap())
        });
        let result = validate_response(&config, &posted, &options).unwrap();
        g.bench_function("10 result to JSON", |b| {
            b.iter(|| black_box(&result).to_json().to_string())
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
