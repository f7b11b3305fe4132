//! Helpers shared by the `xmldsig_*` integration tests: fixture paths, keys, verification.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use maestrano_core::xml::Limits;
use maestrano_core::xmldsig::{verify_by_id, SignedView, TrustedKeys, VerifyOptions};
use maestrano_core::{ErrorKind, Result};

/// `tests/dsig/` at the workspace root.
pub fn dsig_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/dsig")
}

/// The optional peer-fixture folder `../shared/reference/fixtures/` beside the repository (not
/// part of it), when present.
pub fn reference_fixtures() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/fixtures");
    dir.is_dir().then_some(dir)
}

pub fn read(rel: &str) -> String {
    std::fs::read_to_string(dsig_dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn cert(name: &str) -> String {
    read(&format!("certs/{name}"))
}

pub fn keys(cert_name: &str) -> TrustedKeys {
    TrustedKeys::new(&[cert(cert_name)], &[]).unwrap()
}

pub fn verify(xml: &str, id: &str, keys: &TrustedKeys) -> Result<SignedView> {
    verify_by_id(
        xml.as_bytes(),
        id,
        keys,
        &VerifyOptions::default(),
        &Limits::default(),
    )
}

pub fn verify_strict(xml: &str, id: &str, keys: &TrustedKeys) -> Result<SignedView> {
    verify_by_id(
        xml.as_bytes(),
        id,
        keys,
        &VerifyOptions {
            strict_algorithms: true,
        },
        &Limits::default(),
    )
}

/// The kind of the error, or `None` when verification succeeded.
pub fn kind_of(r: Result<SignedView>) -> Option<ErrorKind> {
    r.err().map(|e| e.kind())
}

/// The standard fixture: Assertion `_assert-1` signed by xmlsec1 with RSA-SHA256.
pub fn assertion_signed() -> String {
    read("signed/xmlsec1-assertion-rsa-sha256-sha256.xml")
}

/// Response `_resp-1` signed by xmlsec1 with RSA-SHA256, Assertion unsigned.
pub fn response_signed() -> String {
    read("signed/xmlsec1-response-rsa-sha256.xml")
}

/// Replaces exactly one occurrence of `from` (panics when absent) .
pub fn replace_once(xml: &str, from: &str, to: &str) -> String {
    assert!(xml.contains(from), "fixture lacks {from:?}");
    xml.replacen(from, to, 1)
}

/// The text between `<{tag}>` (or `<{tag} …>`) and `</{tag}>`, first occurrence.
pub fn between<'a>(xml: &'a str, open: &str, close: &str) -> &'a str {
    let start = xml.find(open).unwrap() + open.len();
    let end = start + xml[start..].find(close).unwrap();
    &xml[start..end]
}

/// The whole first element `<{qname}…>…</{qname}>`.
pub fn element<'a>(xml: &'a str, qname: &str) -> &'a str {
    let start = xml.find(&format!("<{qname}")).unwrap();
    let close = format!("</{qname}>");
    let end = start + xml[start..].find(&close).unwrap() + close.len();
    &xml[start..end]
}
