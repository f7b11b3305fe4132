//! Verification cost: a 7.5 KB and a 109 KB signed response (parse, checks, two exclusive
//! canonicalisations, digest, RSA-2048 PKCS#1 v1.5, re-parse of the signed view) against a bare
//! RSA-2048 signature verification of the same SignedInfo.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion};
use maestrano_core::xml::{Document, Limits};
use maestrano_core::xmldsig::{
    c14n, find_signature, verify_by_id, SignatureAlgorithm, TrustedKeys, VerifyOptions,
    DSIG_NAMESPACE,
};
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

criterion_group!(benches, bench);
criterion_main!(benches);
