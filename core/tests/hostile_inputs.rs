//! Regression tests of the hostile-input review: the shape of `ds:Signature` is checked before
//! any canonicalisation (finding 1), namespace declarations are bounded per element and resolved
//! through a scope stack (finding 5), and `KeyInfo` holds only what the schema allows (finding 6).
//! The SAML-level findings (2–4, encrypted content, the replay store) are covered by the
//! `hardening` and `replay` vector families and the unit tests of `saml::validate` and
//! `saml::replay`. Costs are measured by `bench/` (`hostile`), never timed here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod xmldsig_common;

use maestrano_core::xml::{Document, Limits};
use maestrano_core::ErrorKind::{self, *};
use xmldsig_common::*;

const C14N_METHOD: &str =
    "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>";

fn kind(xml: &str) -> Option<ErrorKind> {
    kind_of(verify(xml, "_assert-1", &keys("idp.pem")))
}

/// The standard fixture with `inner` inside the SignedInfo's CanonicalizationMethod.
fn with_c14n_content(inner: &str) -> String {
    replace_once(
        &assertion_signed(),
        C14N_METHOD,
        &format!(
            "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\">{inner}</ds:CanonicalizationMethod>"
        ),
    )
}

fn inclusive(attributes: &str, content: &str) -> String {
    with_c14n_content(&format!(
        "<ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" {attributes}>{content}</ec:InclusiveNamespaces>"
    ))
}

#[test]
fn the_review_attack_is_refused_by_its_shape() {
    // 300,000 PrefixList tokens and 19,000 empty elements inside InclusiveNamespaces, under
    // 1 MiB: 68 s of canonicalisation before the fix.
    let tokens = "a ".repeat(300_000);
    let xml = inclusive(&format!("PrefixList=\"{tokens}\""), &"<x/>".repeat(19_000));
    assert!(xml.len() < 1024 * 1024);
    assert_eq!(kind(&xml), Some(UnexpectedStructure));
    // Each half alone.
    let xml = inclusive(&format!("PrefixList=\"{tokens}\""), "");
    assert_eq!(kind(&xml), Some(InputTooLarge));
    let xml = inclusive("PrefixList=\"a\"", &"<x/>".repeat(19_000));
    assert_eq!(kind(&xml), Some(UnexpectedStructure));
}

#[test]
fn prefix_lists_are_bounded_and_checked() {
    let list = |n: usize| {
        (0..n)
            .map(|i| format!("p{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // 32 tokens pass the shape (the signature then fails: SignedInfo was signed without them).
    let xml = inclusive(&format!("PrefixList=\"{}\"", list(32)), "");
    assert_eq!(kind(&xml), Some(SignatureInvalid));
    let xml = inclusive(&format!("PrefixList=\"{}\"", list(33)), "");
    assert_eq!(kind(&xml), Some(InputTooLarge));
    // Duplicates count as written but are rendered once.
    let xml = inclusive(&format!("PrefixList=\"{}\"", "ds ".repeat(33)), "");
    assert_eq!(kind(&xml), Some(InputTooLarge));
    for (attributes, content) in [
        ("PrefixList=\"a:b\"", ""),
        ("PrefixList=\"#other\"", ""),
        ("PrefixList=\"1a\"", ""),
        ("", ""),
        ("PrefixList=\"ds\" Other=\"x\"", ""),
        ("PrefixList=\"ds\" xmlns:z=\"urn:z\" z:Other=\"x\"", ""),
        ("PrefixList=\"ds\"", "<!--c-->"),
        ("PrefixList=\"ds\"", "text"),
        ("PrefixList=\"ds\"", "<?pi x?>"),
    ] {
        let xml = inclusive(attributes, content);
        assert_eq!(
            kind(&xml),
            Some(UnexpectedStructure),
            "{attributes} / {content}"
        );
    }
    // White space inside InclusiveNamespaces and #default are fine (shape-wise).
    let xml = inclusive("PrefixList=\"#default\n\tds\"", " \n ");
    assert_eq!(kind(&xml), Some(SignatureInvalid));
}

#[test]
fn method_elements_are_empty() {
    let xml = assertion_signed();
    for (from, to) in [
        (
            "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>",
            "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"><!--c--></ds:SignatureMethod>",
        ),
        (
            "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>",
            "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\">x</ds:DigestMethod>",
        ),
        (
            "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>",
            "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"><?p?></ds:Transform>",
        ),
    ] {
        assert_eq!(
            kind(&replace_once(&xml, from, to)),
            Some(UnexpectedStructure),
            "{to}"
        );
    }
}

#[test]
fn key_info_holds_only_what_the_schema_allows() {
    let xml = assertion_signed();
    let with = |extra: &str| replace_once(&xml, "<ds:KeyInfo>", &format!("<ds:KeyInfo>{extra}"));
    for ok in [
        "<ds:KeyName>idp</ds:KeyName>",
        "<ds:KeyValue><ds:RSAKeyValue><ds:Modulus>AQAB</ds:Modulus><ds:Exponent>AQAB</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>",
        "<ds:X509Data><ds:X509SubjectName>CN=idp</ds:X509SubjectName><ds:X509IssuerSerial><ds:X509IssuerName>CN=idp</ds:X509IssuerName><ds:X509SerialNumber>1</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data>",
    ] {
        assert_eq!(kind(&with(ok)), None, "{ok}");
    }
    let signed_info = element(&xml, "ds:SignedInfo").to_owned();
    let signature = element(&xml, "ds:Signature").to_owned();
    for bad in [
        signed_info,
        signature,
        "<ds:Reference URI=\"#_assert-1\"/>".to_owned(),
        "<ds:RetrievalMethod URI=\"https://evil.example/key\"/>".to_owned(),
        "<x:Junk xmlns:x=\"urn:x\"/>".to_owned(),
        "<ds:KeyName><ds:SignedInfo/></ds:KeyName>".to_owned(),
        "<ds:KeyValue><ds:RSAKeyValue><ds:Modulus><ds:Signature/></ds:Modulus></ds:RSAKeyValue></ds:KeyValue>".to_owned(),
        "<ds:KeyValue/>".to_owned(),
        "<ds:X509Data><ds:SignedInfo/></ds:X509Data>".to_owned(),
        "<ds:X509Data><ds:X509Certificate><x/></ds:X509Certificate></ds:X509Data>".to_owned(),
    ] {
        assert_eq!(kind(&with(&bad)), Some(UnexpectedStructure), "{bad}");
    }
}

/// `levels` nested elements, each declaring `per_level` prefixes, with a prefixed element and
/// attribute at the bottom that resolve to the outermost declaration of `p0`.
fn declarations(levels: usize, per_level: usize) -> String {
    let mut xml = String::new();
    for level in 0..levels {
        xml.push_str("<e");
        for i in 0..per_level {
            // p0 is declared once, on the outermost element; the others on every level.
            if i == 0 && level > 0 {
                xml.push_str(&format!(" xmlns:q{level}=\"urn:q\""));
                continue;
            }
            xml.push_str(&format!(" xmlns:p{i}=\"urn:level{level}:p{i}\""));
        }
        xml.push('>');
    }
    xml.push_str("<p0:leaf p0:a=\"1\"/>");
    for _ in 0..levels {
        xml.push_str("</e>");
    }
    xml
}

#[test]
fn namespace_declarations_are_bounded_per_element_and_resolved_by_scope() {
    let limits = Limits::default();
    let doc = Document::parse(declarations(63, 64).as_bytes(), &limits).unwrap();
    let mut leaf = doc.root();
    while let Some(child) = doc.child_elements(leaf).next() {
        leaf = child;
    }
    let element = doc.element(leaf).unwrap();
    assert_eq!(element.local_name(), "leaf");
    assert_eq!(element.namespace(), Some("urn:level0:p0"));
    assert_eq!(
        element.attributes().next().unwrap().namespace,
        Some("urn:level0:p0")
    );
    assert_eq!(
        doc.lookup_namespace(leaf, Some("p1")),
        Some("urn:level62:p1")
    );

    let err = Document::parse(declarations(2, 65).as_bytes(), &limits).unwrap_err();
    assert_eq!(err.kind(), InputTooLarge);
    assert!(err.message().contains("namespace declarations"), "{err}");
    // The limit is configurable.
    let wide = Limits {
        max_namespace_declarations: 100,
        ..Limits::default()
    };
    assert!(Document::parse(declarations(2, 65).as_bytes(), &wide).is_ok());
}

#[test]
fn scopes_end_with_their_element() {
    // A prefix declared on a sibling is not in scope on the next sibling, nor after an empty
    // element that declared it.
    let limits = Limits::default();
    for xml in [
        "<r><a xmlns:p=\"urn:p\"/><p:b/></r>",
        "<r><a xmlns:p=\"urn:p\"></a><p:b/></r>",
        "<r><a xmlns:p=\"urn:p\"><b/></a><c p:x=\"1\"/></r>",
    ] {
        assert_eq!(
            Document::parse(xml.as_bytes(), &limits).unwrap_err().kind(),
            MalformedXml,
            "{xml}"
        );
    }
    let doc = Document::parse(
        b"<r xmlns=\"urn:d\" xmlns:p=\"urn:p\"><a xmlns:p=\"urn:q\" xmlns=\"\"><p:x/><y/></a><p:b/><z/></r>",
        &limits,
    )
    .unwrap();
    let mut names = Vec::new();
    let mut stack = vec![doc.root()];
    while let Some(id) = stack.pop() {
        let e = doc.element(id).unwrap();
        names.push((e.local_name().to_owned(), e.namespace().map(str::to_owned)));
        stack.extend(doc.child_elements(id).collect::<Vec<_>>().into_iter().rev());
    }
    let ns = |s: &str| Some(s.to_owned());
    assert_eq!(
        names,
        vec![
            ("r".to_owned(), ns("urn:d")),
            ("a".to_owned(), None),
            ("x".to_owned(), ns("urn:q")),
            ("y".to_owned(), None),
            ("b".to_owned(), ns("urn:p")),
            ("z".to_owned(), ns("urn:d")),
        ]
    );
}

#[test]
fn comments_and_processing_instructions_count_as_nodes() {
    // Elements are bounded by max_elements; comments and PIs (and the text runs they split)
    // by max_nodes.
    let limits = Limits {
        max_nodes: 100,
        ..Limits::default()
    };
    for unit in ["a<!--c-->", "a<?p?>"] {
        let ok = format!("<r>{}</r>", unit.repeat(49));
        assert!(Document::parse(ok.as_bytes(), &limits).is_ok(), "{unit}");
        let flood = format!("<r>{}</r>", unit.repeat(50));
        let err = Document::parse(flood.as_bytes(), &limits).unwrap_err();
        assert_eq!(err.kind(), InputTooLarge, "{unit}");
        assert!(err.message().contains("nodes"), "{err}");
    }
}
