//! Replays `tests/dsig/c14n/corpus.json`: edge cases of exclusive C14N (namespaces declared high
//! up, default namespace and `xmlns=""`, prefix rebinding, attribute order, `&#13;`, CRLF/CR,
//! CDATA, multibyte UTF-8, PrefixList with `#default`) with the bytes libxml2 produces, as
//! recorded by `tests/dsig/c14n_diff.py`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use maestrano_core::xml::{Document, Limits};
use maestrano_core::xmldsig::{c14n, find_signature};
use serde_json::Value;

#[test]
fn corpus_matches_libxml2_byte_for_byte() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/dsig/c14n/corpus.json"
    );
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let doc = Document::parse(case["xml"].as_str().unwrap().as_bytes(), &Limits::default())
            .unwrap_or_else(|e| panic!("{}: {e}", case["name"]));
        let apex = match case["id"].as_str() {
            Some(id) => doc.element_by_id(id).unwrap(),
            None => doc.root(),
        };
        let exclude = if case["exclude_signature"].as_bool().unwrap() {
            find_signature(&doc, apex).unwrap()
        } else {
            None
        };
        let prefixes = c14n::parse_prefix_list(case["prefixes"].as_str().unwrap());
        let got = c14n::canonicalize(&doc, apex, exclude, &prefixes).unwrap();
        let expected = case["expected"].as_str().unwrap();
        if got != expected.as_bytes() {
            failures.push(format!(
                "{} id={} prefixes={}:\n  expected {expected:?}\n  got      {:?}",
                case["name"],
                case["id"],
                case["prefixes"],
                String::from_utf8_lossy(&got)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn canonical_output_is_capped() {
    // Exclusive C14N repeats a namespace declaration on every sibling that uses it: a long URI
    // declared once and used by many siblings would expand a small input enormously.
    let uri = format!("urn:{}", "x".repeat(60_000));
    let xml = format!("<r xmlns:p=\"{uri}\">{}</r>", "<p:e/>".repeat(5_000));
    let limits = Limits {
        max_bytes: xml.len() + 1,
        ..Limits::default()
    };
    let doc = Document::parse(xml.as_bytes(), &limits).unwrap();
    let err = c14n::canonicalize(&doc, doc.root(), None, &[]).unwrap_err();
    assert_eq!(err.kind(), maestrano_core::ErrorKind::InputTooLarge);
}
