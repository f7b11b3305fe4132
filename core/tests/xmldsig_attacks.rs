//! The attack classes of `docs/security.md` (A–F), at the XML-Signature layer:
//! wrapping (A 1–25), keys (C 34–40), algorithms and transforms (D 41–43), parsing (E 44–49).
//! Each test names its class. Documents are derived from the xmlsec1 fixtures by editing text
//! (no re-signing unless stated).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod xmldsig_common;

use maestrano_core::xml::{Document, Limits};
use maestrano_core::xmldsig::{find_signature, TrustedKeys};
use maestrano_core::ErrorKind::{self, *};
use xmldsig_common::*;

fn idp() -> TrustedKeys {
    keys("idp.pem")
}

fn kind(xml: &str, id: &str) -> Option<ErrorKind> {
    kind_of(verify(xml, id, &idp()))
}

const EVIL_ASSERTION: &str = "<saml:Assertion ID=\"_evil\" Version=\"2.0\" IssueInstant=\"2024-05-01T10:00:00Z\"><saml:Issuer>https://idp.maestrano.test</saml:Issuer><saml:Subject><saml:NameID>admin@maestrano.test</saml:NameID></saml:Subject></saml:Assertion>";

/// The signed Assertion of the assertion-signed fixture, as written.
fn signed_assertion(xml: &str) -> &str {
    element(xml, "saml:Assertion")
}

fn signature(xml: &str) -> &str {
    element(xml, "ds:Signature")
}

fn signed_info(xml: &str) -> &str {
    element(xml, "ds:SignedInfo")
}

// ---------- A. Signature wrapping ----------

#[test]
fn a01_xsw1_evil_root_with_the_signed_response_nested() {
    let xml = response_signed();
    let original = element(&xml, "samlp:Response");
    let evil = format!(
        "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_evil-resp\"><saml:Issuer>x</saml:Issuer>{}<samlp:Extensions>{}</samlp:Extensions>{EVIL_ASSERTION}</samlp:Response>",
        signature(&xml),
        original.replace(signature(&xml), "")
    );
    assert_eq!(kind(&evil, "_evil-resp"), Some(UnexpectedStructure));
}

#[test]
fn a02_xsw2_signed_copy_detached_before_the_signature() {
    let xml = response_signed();
    let original = element(&xml, "samlp:Response").replace(signature(&xml), "");
    let evil = format!(
        "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_evil-resp\"><saml:Issuer>x</saml:Issuer>{original}{}{EVIL_ASSERTION}</samlp:Response>",
        signature(&xml)
    );
    // The signature is not right after Issuer: structural rejection.
    assert_eq!(kind(&evil, "_evil-resp"), Some(UnexpectedStructure));
}

#[test]
fn a03_xsw3_evil_assertion_before_the_signed_one() {
    let xml = assertion_signed();
    let evil = replace_once(
        &xml,
        "<saml:Assertion ",
        &format!("{EVIL_ASSERTION}<saml:Assertion "),
    );
    assert_eq!(kind(&evil, "_evil"), Some(SignatureMissing));
    // The real one still verifies, and its signed view holds nothing of the evil one.
    let view = verify(&evil, "_assert-1", &idp()).unwrap();
    assert!(!String::from_utf8_lossy(&view.canonical).contains("admin@"));
}

#[test]
fn a04_xsw4_evil_assertion_wraps_the_signed_one() {
    let xml = assertion_signed();
    let original = signed_assertion(&xml);
    let wrapped = format!(
        "<saml:Assertion ID=\"_evil\"><saml:Issuer>x</saml:Issuer>{original}<saml:Subject><saml:NameID>admin@maestrano.test</saml:NameID></saml:Subject></saml:Assertion>"
    );
    let evil = xml.replace(original, &wrapped);
    assert_eq!(kind(&evil, "_evil"), Some(SignatureMissing));
}

#[test]
fn a05_xsw5_evil_assertion_keeps_the_signature_copy_appended() {
    let xml = assertion_signed();
    let original = signed_assertion(&xml);
    let evil_with_sig = format!(
        "<saml:Assertion ID=\"_evil\"><saml:Issuer>x</saml:Issuer>{}<saml:Subject><saml:NameID>admin@maestrano.test</saml:NameID></saml:Subject></saml:Assertion>",
        signature(&xml)
    );
    let copy = original.replace(signature(&xml), "");
    let evil = xml.replace(original, &format!("{evil_with_sig}{copy}"));
    assert_eq!(kind(&evil, "_evil"), Some(UnexpectedStructure));
    assert_eq!(kind(&evil, "_assert-1"), Some(SignatureMissing));
}

#[test]
fn a06_xsw6_and_a08_xsw8_signed_original_inside_ds_object() {
    let xml = assertion_signed();
    let original = signed_assertion(&xml);
    for copy in [original.to_owned(), original.replace(signature(&xml), "")] {
        let sig = signature(&xml);
        let sig_with_object = sig.replace(
            "</ds:Signature>",
            &format!(
                "<ds:Object>{}</ds:Object></ds:Signature>",
                copy.replace("ID=\"_assert-1\"", "ID=\"_orig\"")
            ),
        );
        let evil_with_sig = format!(
            "<saml:Assertion ID=\"_evil\"><saml:Issuer>x</saml:Issuer>{sig_with_object}<saml:Subject><saml:NameID>admin@maestrano.test</saml:NameID></saml:Subject></saml:Assertion>"
        );
        let evil = xml.replace(original, &evil_with_sig);
        assert_eq!(kind(&evil, "_evil"), Some(UnexpectedStructure));
    }
}

#[test]
fn a07_xsw7_signed_copy_inside_advice() {
    let xml = assertion_signed();
    let original = signed_assertion(&xml);
    let evil = format!(
        "<saml:Assertion ID=\"_evil\"><saml:Issuer>x</saml:Issuer><saml:Advice>{original}</saml:Advice><saml:Subject><saml:NameID>admin@maestrano.test</saml:NameID></saml:Subject></saml:Assertion>"
    );
    let evil = xml.replace(original, &evil);
    assert_eq!(kind(&evil, "_evil"), Some(SignatureMissing));
}

#[test]
fn a09_duplicate_ids_are_rejected_before_verification() {
    let xml = assertion_signed();
    let clone = EVIL_ASSERTION.replace("_evil", "_assert-1");
    let evil = replace_once(
        &xml,
        "<saml:Assertion ",
        &format!("{clone}<saml:Assertion "),
    );
    assert_eq!(kind(&evil, "_assert-1"), Some(DuplicateId));
    // `Id` / `id` are not IDs: the Reference cannot be pointed at them.
    let evil = replace_once(
        &xml,
        "<saml:Assertion ",
        "<saml:Assertion Id=\"_assert-1\" id=\"_assert-1\" ID=\"_other\"/><saml:Assertion ",
    );
    let view = verify(&evil, "_assert-1", &idp()).unwrap();
    assert!(view.canonical.starts_with(b"<saml:Assertion"));
}

#[test]
fn a10_a11_concealment_with_a_doctype_is_refused() {
    let xml = assertion_signed();
    let evil = replace_once(
        &xml,
        "<samlp:Response",
        "<!DOCTYPE samlp:Response [<!ENTITY x \"y\">]><samlp:Response",
    );
    assert_eq!(kind(&evil, "_assert-1"), Some(DtdForbidden));
}

#[test]
fn a12_a_forged_signature_elsewhere_is_never_used() {
    let xml = assertion_signed();
    // A forged signature deep inside another element: ignored, the real one is used.
    let forged = signature(&xml).replace("<ds:DigestValue>", "<ds:DigestValue>AAAA");
    let evil = replace_once(
        &xml,
        "<samlp:Status>",
        &format!("<samlp:Extensions>{forged}</samlp:Extensions><samlp:Status>"),
    );
    assert!(verify(&evil, "_assert-1", &idp()).is_ok());
    // The Response has no signature of its own: the deep one is not found.
    assert_eq!(kind(&evil, "_resp-1"), Some(SignatureMissing));
    // A signature that is not right after Issuer is refused.
    let sig = signature(&xml);
    let moved = xml.replacen(sig, "", 1).replacen(
        "</saml:Assertion>",
        &format!("{sig}</saml:Assertion>"),
        1,
    );
    assert_eq!(kind(&moved, "_assert-1"), Some(UnexpectedStructure));
    // Two signatures in a row.
    let doubled = replace_once(&xml, sig, &format!("{sig}{sig}"));
    assert_eq!(kind(&doubled, "_assert-1"), Some(UnexpectedStructure));
    // find_signature tells unsigned from signed, structurally.
    let doc = Document::parse(xml.as_bytes(), &Limits::default()).unwrap();
    assert!(find_signature(&doc, doc.root()).unwrap().is_none());
    let a = doc.element_by_id("_assert-1").unwrap();
    assert!(find_signature(&doc, a).unwrap().is_some());
}

#[test]
fn a13_signed_assertion_hidden_in_extensions_with_a_forged_twin() {
    let xml = assertion_signed();
    let original = signed_assertion(&xml);
    let evil = xml.replace(
        original,
        &format!(
            "<samlp:Extensions>{original}</samlp:Extensions>{}",
            EVIL_ASSERTION.replace("_evil", "_assert-1")
        ),
    );
    assert_eq!(kind(&evil, "_assert-1"), Some(DuplicateId));
}

#[test]
fn a16_a17_signed_info_must_be_single_and_first() {
    let xml = assertion_signed();
    let si = signed_info(&xml);
    let two = replace_once(&xml, si, &format!("{si}{si}"));
    assert_eq!(kind(&two, "_assert-1"), Some(UnexpectedStructure));
    // An extra SignedInfo in Object: Object is refused.
    let in_object = replace_once(
        &xml,
        "</ds:Signature>",
        &format!("<ds:Object>{si}</ds:Object></ds:Signature>"),
    );
    assert_eq!(kind(&in_object, "_assert-1"), Some(UnexpectedStructure));
    // A SignedInfo (or anything but X509Data, KeyName, KeyValue) nested inside KeyInfo is
    // refused by the shape check, though it would never be read.
    let in_key_info = replace_once(
        &xml,
        "<ds:KeyInfo>",
        &format!(
            "<ds:KeyInfo>{}",
            si.replace("<ds:DigestValue>", "<ds:DigestValue>AAAA")
        ),
    );
    assert_eq!(kind(&in_key_info, "_assert-1"), Some(UnexpectedStructure));
    // Anything unexpected inside Signature or SignedInfo.
    let extra = replace_once(&xml, "</ds:SignedInfo>", "<ds:Extra/></ds:SignedInfo>");
    assert_eq!(kind(&extra, "_assert-1"), Some(UnexpectedStructure));
    let text = replace_once(&xml, "<ds:SignedInfo>", "<ds:SignedInfo>junk");
    assert_eq!(kind(&text, "_assert-1"), Some(UnexpectedStructure));
}

#[test]
fn a18_comments_or_elements_in_digest_or_signature_value() {
    let xml = assertion_signed();
    for (from, to) in [
        ("<ds:DigestValue>", "<ds:DigestValue><!--x-->"),
        ("</ds:DigestValue>", "<!--x--></ds:DigestValue>"),
        ("<ds:SignatureValue>", "<ds:SignatureValue><!---->"),
        ("</ds:SignatureValue>", "<x/></ds:SignatureValue>"),
        ("</ds:DigestValue>", "<?pi?></ds:DigestValue>"),
    ] {
        assert_eq!(
            kind(&replace_once(&xml, from, to), "_assert-1"),
            Some(UnexpectedStructure),
            "{to}"
        );
    }
}

#[test]
fn a19_two_references() {
    let xml = assertion_signed();
    let reference = element(&xml, "ds:Reference");
    let two = replace_once(
        &xml,
        reference,
        &format!("{reference}{}", reference.replace("#_assert-1", "#_resp-1")),
    );
    assert_eq!(kind(&two, "_assert-1"), Some(UnexpectedStructure));
}

#[test]
fn a20_to_a23_reference_uri_must_be_the_parent_id() {
    let xml = assertion_signed();
    for uri in [
        "URI=\"#_resp-1\"",
        "URI=\"\"",
        "URI=\"#xpointer(/)\"",
        "URI=\"#xpointer(id('_assert-1'))\"",
        "URI=\"http://evil.test/a.xml#_assert-1\"",
        "URI=\"file:///etc/passwd\"",
        "URI=\"#x' or '1'='1\"",
        "URI=\"_assert-1\"",
        "",
    ] {
        let t = replace_once(&xml, "URI=\"#_assert-1\"", uri);
        assert_eq!(kind(&t, "_assert-1"), Some(UnexpectedStructure), "{uri}");
    }
}

#[test]
fn a24_object_and_manifest_are_refused() {
    let xml = assertion_signed();
    let t = replace_once(
        &xml,
        "</ds:Signature>",
        "<ds:Object><ds:Manifest/></ds:Object></ds:Signature>",
    );
    assert_eq!(kind(&t, "_assert-1"), Some(UnexpectedStructure));
    let t = replace_once(
        &xml,
        "URI=\"#_assert-1\"",
        "URI=\"#_assert-1\" Type=\"http://www.w3.org/2000/09/xmldsig#Manifest\"",
    );
    assert_eq!(kind(&t, "_assert-1"), Some(UnexpectedStructure));
}

#[test]
fn a25_ancestors_never_leak_into_the_signed_view() {
    let xml = assertion_signed();
    let evil = replace_once(
        &xml,
        "<samlp:Status>",
        "<samlp:Status><!-- ancestor data -->",
    );
    let view = verify(&evil, "_assert-1", &idp()).unwrap();
    let text = String::from_utf8(view.canonical.clone()).unwrap();
    assert!(text.starts_with("<saml:Assertion") && text.ends_with("</saml:Assertion>"));
    assert!(!text.contains("Status") && !text.contains("_resp-1"));
}

// ---------- C. Keys and certificates ----------

#[test]
fn c34_attacker_key_with_its_certificate_in_key_info() {
    let xml = read("signed/xmlsec1-assertion-resigned-by-attacker.xml");
    assert_eq!(kind(&xml, "_assert-1"), Some(UntrustedKey));
    // Even when the KeyInfo carries the IdP certificate, the attacker's signature fails.
    let idp_cert_b64: String = cert("idp.pem")
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let keyinfo_cert = between(&xml, "<ds:X509Certificate>", "</ds:X509Certificate>");
    let t = replace_once(&xml, keyinfo_cert, &idp_cert_b64);
    assert_eq!(kind(&t, "_assert-1"), Some(SignatureInvalid));
}

#[test]
fn c35_c36_c37_fingerprints() {
    let m: serde_json::Value = serde_json::from_str(&read("manifest.json")).unwrap();
    let sha256 = m["fingerprints"]["idp.pem"]["sha256"].as_str().unwrap();
    let xml = assertion_signed();
    // A SHA-256 fingerprint cut to SHA-1 length is a different (SHA-1) fingerprint: no match.
    let keys = TrustedKeys::new(&[], &[sha256[..40].to_owned()]).unwrap();
    assert_eq!(
        kind_of(verify(&xml, "_assert-1", &keys)),
        Some(UntrustedKey)
    );
    // Format confusion is a configuration error, never "no check".
    for bad in ["", "   ", &sha256[..62], "zz", &format!("{sha256}00")] {
        assert_eq!(
            TrustedKeys::new(&[], &[bad.to_owned()]).unwrap_err().kind(),
            ConfigInvalid,
            "{bad:?}"
        );
    }
    let spaced = sha256
        .as_bytes()
        .chunks(2)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    let keys = TrustedKeys::new(&[], &[spaced]).unwrap();
    assert!(verify(&xml, "_assert-1", &keys).is_ok());
}

#[test]
fn c38_key_info_certificate_encodings() {
    let m: serde_json::Value = serde_json::from_str(&read("manifest.json")).unwrap();
    let fp = m["fingerprints"]["idp.pem"]["sha1"]
        .as_str()
        .unwrap()
        .to_owned();
    let fp_keys = TrustedKeys::new(&[], &[fp]).unwrap();
    let xml = assertion_signed();
    let b64 = between(&xml, "<ds:X509Certificate>", "</ds:X509Certificate>").to_owned();
    // Line breaks written as &#13;&#10; and indentation: still the same DER.
    let odd = b64.replace('\n', "&#13;\n   ");
    let t = replace_once(&xml, &b64, &odd);
    assert!(verify(&t, "_assert-1", &fp_keys).is_ok());
    // base64 of a PEM (ADFS style) is not DER: decided to reject in fingerprint mode...
    let compact: String = b64.split_whitespace().collect();
    let pem = format!("-----BEGIN CERTIFICATE-----\n{compact}\n-----END CERTIFICATE-----\n");
    use base64::Engine;
    let double = base64::engine::general_purpose::STANDARD.encode(pem);
    let t = replace_once(&xml, &b64, &double);
    assert_eq!(
        kind_of(verify(&t, "_assert-1", &fp_keys)),
        Some(UntrustedKey)
    );
    // ...and irrelevant with a pinned certificate (KeyInfo is only a hint).
    assert!(verify(&t, "_assert-1", &idp()).is_ok());
    // Garbage in KeyInfo is ignored with a pinned certificate.
    let t = replace_once(&xml, &b64, "not base64 at all!");
    assert!(verify(&t, "_assert-1", &idp()).is_ok());
}

#[test]
fn c40_hmac_dsa_ecdsa_are_refused() {
    let xml = assertion_signed();
    for uri in [
        "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
        "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
        "http://www.w3.org/2000/09/xmldsig#dsa-sha1",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-md5",
    ] {
        let t = replace_once(
            &xml,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            uri,
        );
        assert_eq!(kind(&t, "_assert-1"), Some(AlgorithmForbidden), "{uri}");
    }
    let t = replace_once(
        &xml,
        "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>",
        "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#hmac-sha1\"><ds:HMACOutputLength>0</ds:HMACOutputLength></ds:SignatureMethod>",
    );
    assert_eq!(kind(&t, "_assert-1"), Some(AlgorithmForbidden));
}

// ---------- D. Algorithms and transforms ----------

#[test]
fn d41_weak_and_unknown_digests() {
    let xml = assertion_signed();
    for uri in [
        "http://www.w3.org/2001/04/xmldsig-more#md5",
        "http://www.w3.org/2001/04/xmlenc#sha1",
        "http://www.w3.org/2001/04/xmlenc#ripemd160",
        "",
    ] {
        let t = replace_once(&xml, "http://www.w3.org/2001/04/xmlenc#sha256", uri);
        assert_eq!(kind(&t, "_assert-1"), Some(AlgorithmForbidden), "{uri}");
    }
    let t = replace_once(
        &xml,
        "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>",
        "<ds:DigestMethod/>",
    );
    assert_eq!(kind(&t, "_assert-1"), Some(UnexpectedStructure));
}

#[test]
fn d42_disallowed_transforms_and_canonicalizations() {
    let xml = assertion_signed();
    let exc_transform = "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>";
    for uri in [
        "http://www.w3.org/TR/1999/REC-xslt-19991116",
        "http://www.w3.org/TR/1999/REC-xpath-19991116",
        "http://www.w3.org/2002/06/xmldsig-filter2",
        "http://www.w3.org/2000/09/xmldsig#base64",
        "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
        "http://www.w3.org/2006/12/xml-c14n11",
        "http://www.w3.org/2002/07/decrypt#XML",
    ] {
        let t = replace_once(
            &xml,
            exc_transform,
            &format!("<ds:Transform Algorithm=\"{uri}\"/>"),
        );
        assert_eq!(
            kind(&t, "_assert-1"),
            Some(AlgorithmForbidden),
            "transform {uri}"
        );
        let t = replace_once(
            &xml,
            "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>",
            &format!("<ds:CanonicalizationMethod Algorithm=\"{uri}\"/>"),
        );
        assert_eq!(
            kind(&t, "_assert-1"),
            Some(AlgorithmForbidden),
            "c14n {uri}"
        );
    }
    // Three transforms, even allowed ones.
    let t = replace_once(
        &xml,
        exc_transform,
        &format!("{exc_transform}{exc_transform}"),
    );
    assert_eq!(kind(&t, "_assert-1"), Some(AlgorithmForbidden));
    // Only the enveloped transform (implicit inclusive C14N), reversed order, none at all.
    let t = replace_once(&xml, exc_transform, "");
    assert_eq!(kind(&t, "_assert-1"), Some(AlgorithmForbidden));
    let env = "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>";
    let t = replace_once(&replace_once(&xml, env, "ENV"), exc_transform, env)
        .replace("ENV", exc_transform);
    assert_eq!(kind(&t, "_assert-1"), Some(AlgorithmForbidden));
    let transforms = element(&xml, "ds:Transforms");
    let t = replace_once(&xml, transforms, "");
    assert_eq!(kind(&t, "_assert-1"), Some(AlgorithmForbidden));
    // An XPath child inside an allowed transform is not allowed either.
    let t = replace_once(&xml, env, "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"><ds:XPath>not(ancestor-or-self::ds:Signature)</ds:XPath></ds:Transform>");
    assert_eq!(kind(&t, "_assert-1"), Some(UnexpectedStructure));
}

#[test]
fn d41_strict_mode_refuses_sha1_and_small_keys() {
    let xml = read("signed/xmlsec1-assertion-rsa-sha1-sha1.xml");
    assert!(verify(&xml, "_assert-1", &idp()).is_ok());
    assert_eq!(
        kind_of(verify_strict(&xml, "_assert-1", &idp())),
        Some(AlgorithmForbidden)
    );
    let xml = read("signed/xmlsec1-assertion-rsa1024-sha1.xml");
    let keys = keys("idp-1024.pem");
    assert!(verify(&xml, "_assert-1", &keys).is_ok());
    assert_eq!(
        kind_of(verify_strict(&xml, "_assert-1", &keys)),
        Some(AlgorithmForbidden)
    );
    assert!(verify_strict(&assertion_signed(), "_assert-1", &idp()).is_ok());
}

#[test]
fn d43_namespace_tricks_inside_the_signed_element_break_the_digest() {
    let xml = assertion_signed();
    // Rebinding the saml prefix inside the signed subtree changes what is signed.
    let t = replace_once(
        &xml,
        "<saml:Subject>",
        "<saml:Subject xmlns:saml=\"urn:evil\">",
    );
    assert_eq!(kind(&t, "_assert-1"), Some(DigestMismatch));
    // A redundant re-declaration of the same binding does not change the canonical form.
    let t = replace_once(
        &xml,
        "<saml:Subject>",
        "<saml:Subject xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">",
    );
    assert!(verify(&t, "_assert-1", &idp()).is_ok());
    // Attribute order and quoting do not matter; values do.
    let t = replace_once(
        &xml,
        "Version=\"2.0\" IssueInstant=\"2024-05-01T10:00:00Z\">",
        "IssueInstant='2024-05-01T10:00:00Z' Version='2.0'>",
    );
    assert!(verify(&t, "_assert-1", &idp()).is_ok());
    // xmlns:ds moved from the Signature to the Response: SignedInfo inherits it.
    let t = replace_once(
        &xml,
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">",
        "<ds:Signature>",
    );
    let t = replace_once(
        &t,
        "<samlp:Response ",
        "<samlp:Response xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" ",
    );
    assert!(verify(&t, "_assert-1", &idp()).is_ok());
}

// ---------- E. Parsing, text, DoS ----------

#[test]
fn e45_cdata_and_character_references_are_signed_text() {
    let xml = assertion_signed();
    let t = replace_once(
        &xml,
        "usr-1@maestrano.test</saml:NameID>",
        "usr-1@maestrano.test<![CDATA[.evil.com]]></saml:NameID>",
    );
    assert_eq!(kind(&t, "_assert-1"), Some(DigestMismatch));
    // A character reference for the same character is the same signed text.
    let t = replace_once(
        &xml,
        "usr-1@maestrano.test</saml:NameID>",
        "usr-1&#64;maestrano&#x2E;test</saml:NameID>",
    );
    assert!(verify(&t, "_assert-1", &idp()).is_ok());
    let t = replace_once(
        &xml,
        "usr-1@maestrano.test</saml:NameID>",
        "usr-1@maestrano<![CDATA[.test]]></saml:NameID>",
    );
    assert!(verify(&t, "_assert-1", &idp()).is_ok());
}

#[test]
fn e46_dtd_entities_external_entities() {
    let xml = assertion_signed();
    for doctype in [
        "<!DOCTYPE r>",
        "<!DOCTYPE r [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>",
        "<!DOCTYPE r SYSTEM \"file:///etc/passwd\">",
        "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://evil.test/x.dtd\"> %p;]>",
    ] {
        let t = replace_once(
            &xml,
            "<samlp:Response",
            &format!("{doctype}<samlp:Response"),
        );
        assert_eq!(kind(&t, "_assert-1"), Some(DtdForbidden), "{doctype}");
    }
    let t = replace_once(
        &xml,
        "usr-1@maestrano.test</saml:NameID>",
        "&xxe;</saml:NameID>",
    );
    assert_eq!(kind(&t, "_assert-1"), Some(MalformedXml));
}

#[test]
fn e47_bom_declarations_and_processing_instructions() {
    let xml = assertion_signed();
    let t = format!("\u{FEFF}{}", xml.replace('\n', "\r\n"));
    assert!(verify(&t, "_assert-1", &idp()).is_ok());
    let t = replace_once(&xml, "encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    assert_eq!(kind(&t, "_assert-1"), Some(MalformedXml));
    // A PI inside the signed content is canonicalised, so adding one breaks the digest...
    let t = replace_once(&xml, "<saml:Subject>", "<?evil x?><saml:Subject>");
    assert_eq!(kind(&t, "_assert-1"), Some(DigestMismatch));
    // ...while a comment is not part of the canonical form.
    let t = replace_once(&xml, "<saml:Subject>", "<!-- hello --><saml:Subject>");
    assert!(verify(&t, "_assert-1", &idp()).is_ok());
}

#[test]
fn e48_oversized_inputs() {
    let xml = assertion_signed();
    let limits = Limits {
        max_bytes: 4096,
        ..Limits::default()
    };
    let r = maestrano_core::xmldsig::verify_by_id(
        xml.as_bytes(),
        "_assert-1",
        &idp(),
        &Default::default(),
        &limits,
    );
    assert_eq!(kind_of(r), Some(InputTooLarge));
    let deep = replace_once(
        &xml,
        "usr-1@maestrano.test</saml:NameID>",
        &format!("{}{}</saml:NameID>", "<x>".repeat(70), "</x>".repeat(70)),
    );
    assert_eq!(kind(&deep, "_assert-1"), Some(InputTooLarge));
    let attrs: String = (0..200).map(|i| format!(" a{i}=\"1\"")).collect();
    let wide = replace_once(&xml, "<saml:Subject>", &format!("<saml:Subject{attrs}>"));
    assert_eq!(kind(&wide, "_assert-1"), Some(InputTooLarge));
}

#[test]
fn e49_base64_quirks_in_signature_values() {
    let xml = assertion_signed();
    let sig = between(&xml, "<ds:SignatureValue>", "</ds:SignatureValue>").to_owned();
    // White space and line breaks of any kind are tolerated.
    let compact: String = sig.split_whitespace().collect();
    let spaced = compact
        .as_bytes()
        .chunks(10)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" \t\r\n");
    assert!(verify(&replace_once(&xml, &sig, &spaced), "_assert-1", &idp()).is_ok());
    // URL-safe alphabet, missing padding, junk: not base64.
    let url_safe = compact.replace('+', "-").replace('/', "_");
    if url_safe != compact {
        assert_eq!(
            kind(&replace_once(&xml, &sig, &url_safe), "_assert-1"),
            Some(UnexpectedStructure)
        );
    }
    let unpadded = compact.trim_end_matches('=');
    if unpadded != compact {
        assert_eq!(
            kind(&replace_once(&xml, &sig, unpadded), "_assert-1"),
            Some(UnexpectedStructure)
        );
    }
    assert_eq!(
        kind(&replace_once(&xml, &sig, "!!!"), "_assert-1"),
        Some(UnexpectedStructure)
    );
    assert_eq!(
        kind(&replace_once(&xml, &sig, ""), "_assert-1"),
        Some(UnexpectedStructure)
    );
    // Valid base64 of the wrong length is simply an invalid signature.
    assert_eq!(
        kind(&replace_once(&xml, &sig, "AAAA"), "_assert-1"),
        Some(SignatureInvalid)
    );
    let digest = between(&xml, "<ds:DigestValue>", "</ds:DigestValue>").to_owned();
    assert_eq!(
        kind(&replace_once(&xml, &digest, "AAAA"), "_assert-1"),
        Some(SignatureInvalid)
    );
}

#[test]
fn c38_repeated_key_info_certificates_are_tried_once() {
    let xml = assertion_signed();
    let data = element(&xml, "ds:X509Data").to_owned();
    let many = replace_once(&xml, &data, &data.repeat(200));
    let start = std::time::Instant::now();
    assert!(verify(&many, "_assert-1", &idp()).is_ok());
    let evil = read("signed/xmlsec1-assertion-resigned-by-attacker.xml");
    let evil_data = element(&evil, "ds:X509Data").to_owned();
    let evil_many = replace_once(
        &evil,
        &evil_data,
        &format!("{}{}", data.repeat(200), evil_data),
    );
    assert_eq!(kind(&evil_many, "_assert-1"), Some(SignatureInvalid));
    // Two RSA verifications at most, even in a debug build.
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}
