//! Fixtures signed by independent signers (xmlsec1, signxml, xml-crypto; see
//! `tests/dsig/generate.py` and `tests/dsig/manifest.json`): every verdict of the manifest,
//! fingerprint-only trust, tampering, line-end changes and the signed view.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod xmldsig_common;

use maestrano_core::xml::NodeKind;
use maestrano_core::xmldsig::{DigestAlgorithm, SignatureAlgorithm, TrustedKeys};
use maestrano_core::ErrorKind;
use serde_json::Value;
use xmldsig_common::*;

fn manifest() -> Value {
    serde_json::from_str(&read("manifest.json")).unwrap()
}

fn expected_kind(s: &str) -> Option<ErrorKind> {
    if s == "ok" {
        None
    } else {
        Some(ErrorKind::parse(s).unwrap_or_else(|| panic!("unknown kind {s}")))
    }
}

#[test]
fn every_manifest_verdict_holds() {
    let m = manifest();
    let mut checked = 0;
    for fixture in m["fixtures"].as_array().unwrap() {
        let file = fixture["file"].as_str().unwrap();
        let xml = read(file);
        for check in fixture["checks"].as_array().unwrap() {
            let id = check["id"].as_str().unwrap();
            let keys = keys(check["cert"].as_str().unwrap());
            let strict = check["strict"].as_bool().unwrap_or(false);
            let result = if strict {
                verify_strict(&xml, id, &keys)
            } else {
                verify(&xml, id, &keys)
            };
            let want = expected_kind(check["expect"].as_str().unwrap());
            assert_eq!(
                result.as_ref().err().map(|e| e.kind()),
                want,
                "{file} {check}: {result:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} checks");
}

#[test]
fn signers_are_all_represented() {
    let m = manifest();
    let signers: std::collections::BTreeSet<_> = m["fixtures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["signer"].as_str().unwrap().to_owned())
        .collect();
    assert!(signers.contains("xmlsec1"));
    assert!(signers.contains("signxml"), "{signers:?}");
}

#[test]
fn fingerprint_only_trust_uses_the_key_info_certificate() {
    let m = manifest();
    let fps = &m["fingerprints"]["idp.pem"];
    let xml = assertion_signed();
    for fp in [
        fps["sha1"].as_str().unwrap(),
        fps["sha256"].as_str().unwrap(),
    ] {
        let upper_colons = fp
            .to_uppercase()
            .as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(":");
        for form in [fp.to_owned(), upper_colons] {
            let keys = TrustedKeys::new(&[], &[form]).unwrap();
            assert!(verify(&xml, "_assert-1", &keys).is_ok());
        }
    }
    // The attacker's certificate never matches the IdP fingerprint.
    let keys = TrustedKeys::new(&[], &[fps["sha256"].as_str().unwrap().to_owned()]).unwrap();
    let evil = read("signed/xmlsec1-assertion-resigned-by-attacker.xml");
    assert_eq!(
        kind_of(verify(&evil, "_assert-1", &keys)),
        Some(ErrorKind::UntrustedKey)
    );
    // A fingerprint of another certificate: untrusted.
    let other = &m["fingerprints"]["attacker.pem"]["sha1"];
    let keys = TrustedKeys::new(&[], &[other.as_str().unwrap().to_owned()]).unwrap();
    assert_eq!(
        kind_of(verify(&xml, "_assert-1", &keys)),
        Some(ErrorKind::UntrustedKey)
    );
    // Without KeyInfo a fingerprint cannot select anything.
    let no_key_info = xml.replace(element(&xml, "ds:KeyInfo"), "");
    let keys = TrustedKeys::new(&[], &[fps["sha1"].as_str().unwrap().to_owned()]).unwrap();
    assert_eq!(
        kind_of(verify(&no_key_info, "_assert-1", &keys)),
        Some(ErrorKind::UntrustedKey)
    );
    // With the certificate configured, KeyInfo is not needed.
    assert!(verify(&no_key_info, "_assert-1", &xmldsig_common::keys("idp.pem")).is_ok());
}

#[test]
fn rotation_lists_accept_any_configured_key() {
    let xml = assertion_signed();
    let keys = TrustedKeys::new(&[cert("attacker.pem"), cert("idp.pem")], &[]).unwrap();
    assert!(verify(&xml, "_assert-1", &keys).is_ok());
    // Not configured: the KeyInfo certificate is reported as untrusted...
    let keys = TrustedKeys::new(&[cert("idp-1024.pem")], &["ab".repeat(20)]).unwrap();
    assert_eq!(
        kind_of(verify(&xml, "_assert-1", &keys)),
        Some(ErrorKind::UntrustedKey)
    );
    // ...and without KeyInfo the configured key simply does not verify.
    let no_key_info = xml.replace(element(&xml, "ds:KeyInfo"), "");
    assert_eq!(
        kind_of(verify(&no_key_info, "_assert-1", &keys)),
        Some(ErrorKind::SignatureInvalid)
    );
    // A certificate given as bare base64 DER, with the PEM lines joined.
    let pem = cert("idp.pem");
    let bare: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let keys = TrustedKeys::new(&[bare], &[]).unwrap();
    assert!(verify(&xml, "_assert-1", &keys).is_ok());
}

#[test]
fn tampering_is_detected_with_the_right_kind() {
    let cases = [
        (
            "signed/xmlsec1-assertion-rsa-sha256-sha256.xml",
            "_assert-1",
        ),
        ("signed/xmlsec1-assertion-rsa-sha1-sha1.xml", "_assert-1"),
        ("signed/xmlsec1-response-rsa-sha256.xml", "_resp-1"),
        (
            "signed/signxml-assertion-rsa-sha256-sha256.xml",
            "_assert-1",
        ),
        ("signed/xmlsec1-both-signed.xml", "_resp-1"),
        ("signed/xmlsec1-both-signed.xml", "_assert-1"),
    ];
    let keys = keys("idp.pem");
    for (file, id) in cases {
        let xml = read(file);
        assert!(verify(&xml, id, &keys).is_ok(), "{file}");
        // One byte of a signed value.
        let t = replace_once(&xml, "usr-1.cld-1@mail", "usr-2.cld-1@mail");
        assert_eq!(
            kind_of(verify(&t, id, &keys)),
            Some(ErrorKind::DigestMismatch),
            "{file}"
        );
        // One byte of an attribute value of the signed element.
        let t = replace_once(
            &xml,
            "IssueInstant=\"2024-05-01T10:00:00Z\">",
            "IssueInstant=\"2024-05-01T10:00:01Z\">",
        );
        assert_eq!(
            kind_of(verify(&t, id, &keys)),
            Some(ErrorKind::DigestMismatch),
            "{file}"
        );
        // The digest value: SignedInfo changes, so the signature fails.
        let doc_digest = digest_of(&xml, id);
        let flipped = flip_first_char(&doc_digest);
        let t = replace_once(&xml, &doc_digest, &flipped);
        assert_eq!(
            kind_of(verify(&t, id, &keys)),
            Some(ErrorKind::SignatureInvalid),
            "{file}"
        );
        // The signature value.
        let sig = signature_of(&xml, id);
        let t = replace_once(&xml, &sig, &flip_first_char(&sig));
        assert_eq!(
            kind_of(verify(&t, id, &keys)),
            Some(ErrorKind::SignatureInvalid),
            "{file}"
        );
        // SignedInfo content (the algorithm stays allowed, the bytes change).
        let t = replace_once(&xml, "#_", "#_");
        assert!(verify(&t, id, &keys).is_ok());
    }
}

/// The DigestValue text of the signature whose Reference points at `id`.
fn digest_of(xml: &str, id: &str) -> String {
    let at = xml.find(&format!("URI=\"#{id}\"")).unwrap();
    between(&xml[at..], "DigestValue>", "</").to_owned()
}

fn signature_of(xml: &str, id: &str) -> String {
    let at = xml.find(&format!("URI=\"#{id}\"")).unwrap();
    between(&xml[at..], "SignatureValue>", "</").to_owned()
}

fn flip_first_char(s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    chars[0] = if chars[0] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

#[test]
fn line_end_changes_do_not_matter() {
    let keys = keys("idp.pem");
    for file in [
        "signed/xmlsec1-assertion-rsa-sha256-sha256.xml",
        "signed/signxml-response-rsa-sha256-sha256.xml",
    ] {
        let xml = read(file);
        let id = if file.contains("response") {
            "_resp-1"
        } else {
            "_assert-1"
        };
        let crlf = xml.replace('\n', "\r\n");
        assert!(verify(&crlf, id, &keys).is_ok(), "{file} CRLF");
        let cr = xml.replace('\n', "\r");
        assert!(verify(&cr, id, &keys).is_ok(), "{file} CR");
        // A character reference for CR is data, not a line end.
        let t = xml.replacen(
            "usr-1@maestrano.test</saml:NameID>",
            "usr-1@maestrano.test&#13;</saml:NameID>",
            1,
        );
        assert_ne!(t, xml);
        assert_eq!(
            kind_of(verify(&t, id, &keys)),
            Some(ErrorKind::DigestMismatch)
        );
    }
}

#[test]
fn the_signed_view_is_the_reparsed_canonical_element() {
    let xml = assertion_signed();
    let view = verify(&xml, "_assert-1", &keys("idp.pem")).unwrap();
    assert_eq!(view.signature_algorithm, SignatureAlgorithm::RsaSha256);
    assert_eq!(view.digest_algorithm, DigestAlgorithm::Sha256);
    let doc = &view.document;
    let root = doc.element(doc.root()).unwrap();
    assert!(root.is("urn:oasis:names:tc:SAML:2.0:assertion", "Assertion"));
    assert_eq!(root.attribute("ID"), Some("_assert-1"));
    assert!(view.canonical.starts_with(b"<saml:Assertion xmlns:saml="));
    // The signature is not part of the signed view.
    assert!(!String::from_utf8_lossy(&view.canonical).contains("Signature"));
    // Ancestors (the Response) are not part of it either (class 25).
    assert!(!String::from_utf8_lossy(&view.canonical).contains("samlp:"));
    // Values come out as signed: entities resolved, &#13; kept, UTF-8 intact.
    let text_of = |name: &str| -> String {
        let mut found = None;
        walk(doc, doc.root(), &mut |id| {
            let e = doc.element(id).unwrap();
            if e.local_name() == "Attribute" && e.attribute("Name") == Some(name) {
                let v = doc.child_elements(id).next().unwrap();
                found = Some(doc.text(v));
            }
        });
        found.unwrap()
    };
    assert_eq!(text_of("group_name"), "Some Group & Sons <Pty>");
    assert_eq!(text_of("surname"), "Doe\r");
    assert_eq!(text_of("name"), "Jöhn 東京");
}

fn walk(
    doc: &maestrano_core::xml::Document,
    id: maestrano_core::xml::NodeId,
    f: &mut dyn FnMut(maestrano_core::xml::NodeId),
) {
    f(id);
    for c in doc.child_elements(id).collect::<Vec<_>>() {
        walk(doc, c, f);
    }
}

#[test]
fn comment_injection_reads_the_full_text() {
    let xml = read("signed/xmlsec1-assertion-comment-in-nameid.xml");
    let view = verify(&xml, "_assert-1", &keys("idp.pem")).unwrap();
    let doc = &view.document;
    let mut name_id = None;
    walk(doc, doc.root(), &mut |id| {
        if doc.element(id).unwrap().local_name() == "NameID" {
            name_id = Some(doc.text(id));
            assert!(doc
                .children(id)
                .iter()
                .all(|c| matches!(doc.node(*c).unwrap().kind(), NodeKind::Text(_))));
        }
    });
    assert_eq!(name_id.as_deref(), Some("usr-1@maestrano.test.evil.test"));
}

#[test]
fn platform_sandbox_response_verifies() {
    let Some(dir) = reference_fixtures() else {
        return;
    };
    let xml =
        std::fs::read_to_string(dir.join("platform/sso/saml_response_sandbox_style.xml")).unwrap();
    let cert = std::fs::read_to_string(dir.join("platform/sso/sandbox_idp_cert.pem")).unwrap();
    let keys = TrustedKeys::new(&[cert], &[]).unwrap();
    let view = verify(&xml, "_4d224788-fc58-4369-b615-70a96c494921", &keys).unwrap();
    assert_eq!(view.signature_algorithm, SignatureAlgorithm::RsaSha1);
    // The same with the platform's SHA-1 fingerprint only (sdk README, local.pem).
    let keys = TrustedKeys::new(
        &[],
        &["01:06:15:89:25:7d:78:12:28:a6:69:c7:de:63:ed:74:21:f9:f5:36".to_owned()],
    )
    .unwrap();
    assert!(verify(&xml, "_4d224788-fc58-4369-b615-70a96c494921", &keys).is_ok());
    // Strict mode refuses it (RSA-SHA1, 1024-bit key).
    assert_eq!(
        kind_of(verify_strict(
            &xml,
            "_4d224788-fc58-4369-b615-70a96c494921",
            &keys
        )),
        Some(ErrorKind::AlgorithmForbidden)
    );
}
