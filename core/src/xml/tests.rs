//! Unit tests of the strict parser and the tree accessors.

use super::*;
use crate::ErrorKind;

fn parse(xml: &str) -> crate::Result<Document> {
    Document::parse(xml.as_bytes(), &Limits::default())
}

fn kind(xml: &str) -> ErrorKind {
    match parse(xml) {
        Ok(_) => panic!("expected an error for {xml:?}"),
        Err(e) => e.kind(),
    }
}

#[test]
fn well_formed_documents_parse() {
    let doc = parse(
        "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- c --><?pi x?>\
         <samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"r1\">\
         <saml:Issuer xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">idp</saml:Issuer>\
         </samlp:Response>\n<!-- after -->\n",
    )
    .unwrap();
    let root = doc.root();
    let e = doc.element(root).unwrap();
    assert!(e.is("urn:oasis:names:tc:SAML:2.0:protocol", "Response"));
    assert_eq!(e.prefix(), Some("samlp"));
    assert_eq!(e.attribute("ID"), Some("r1"));
    assert_eq!(doc.element_by_id("r1"), Some(root));
    let issuer = doc.child_elements(root).next().unwrap();
    assert!(doc.is_element(issuer, "urn:oasis:names:tc:SAML:2.0:assertion", "Issuer"));
    assert_eq!(doc.text(issuer), "idp");
    assert_eq!(doc.parent(issuer), Some(root));
}

#[test]
fn elements_match_by_namespace_not_prefix() {
    let doc = parse(
        "<a:x xmlns:a=\"urn:one\"><b:y xmlns:b=\"urn:one\"/><a:z xmlns:a=\"urn:evil\"/></a:x>",
    )
    .unwrap();
    let kids: Vec<_> = doc.child_elements(doc.root()).collect();
    assert!(doc.is_element(kids[0], "urn:one", "y"));
    assert!(doc.is_element(kids[1], "urn:evil", "z"));
    assert!(!doc.is_element(kids[1], "urn:one", "z"));
    let doc = parse("<x xmlns=\"urn:d\"><y xmlns=\"\"/></x>").unwrap();
    let y = doc.child_elements(doc.root()).next().unwrap();
    assert_eq!(doc.element(doc.root()).unwrap().namespace(), Some("urn:d"));
    assert_eq!(doc.element(y).unwrap().namespace(), None);
}

#[test]
fn text_concatenates_text_and_cdata_skipping_comments() {
    let doc =
        parse("<n>user@evil.com<!---->.victim.com<![CDATA[<&>]]>&#46;x\r\ny\rz&#13;</n>").unwrap();
    assert_eq!(
        doc.text(doc.root()),
        "user@evil.com.victim.com<&>.x\ny\nz\r"
    );
    assert!(!doc.has_only_text(doc.root()));
}

#[test]
fn attribute_values_are_normalised() {
    let doc = parse("<a v=\"x\ty\r\nz&#13;&#10;&#9;&amp;&lt;'\" w='\"'/>").unwrap();
    let e = doc.element(doc.root()).unwrap();
    assert_eq!(e.attribute("v"), Some("x y z\r\n\t&<'"));
    assert_eq!(e.attribute("w"), Some("\""));
}

#[test]
fn doctype_is_forbidden() {
    assert_eq!(kind("<!DOCTYPE a><a/>"), ErrorKind::DtdForbidden);
    assert_eq!(
        kind("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>"),
        ErrorKind::DtdForbidden
    );
    assert_eq!(
        kind("<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a/>"),
        ErrorKind::DtdForbidden
    );
}

#[test]
fn malformed_inputs_are_rejected() {
    for xml in [
        "",
        "   ",
        "<a>",
        "<a></b>",
        "<a/><b/>",
        "<a/>junk",
        "junk<a/>",
        "<a/><![CDATA[x]]>",
        "<a>&unknown;</a>",
        "<a>&#0;</a>",
        "<a x=\"1\" x=\"2\"/>",
        "<a xmlns:p=\"urn:p\" xmlns:q=\"urn:p\" p:x=\"1\" q:x=\"2\"/>",
        "<p:a/>",
        "<a p:x=\"1\"/>",
        "<a xmlns:p=\"\"/>",
        "<a xmlns:xml=\"urn:x\"/>",
        "<a xmlns:xmlns=\"urn:x\"/>",
        "<a xmlns:p=\"http://www.w3.org/XML/1998/namespace\"/>",
        "<a xmlns=\"relative\"/>",
        "<a xmlns:p=\"urn:a&amp;b\"/>",
        "<a x=\"<\"/>",
        "<a>]]></a>",
        "<a:b:c xmlns:a=\"urn:a\"/>",
        "<1a/>",
        "<a x=1/>",
        " <?xml version=\"1.0\"?><a/>",
        "<a/><?xml version=\"1.0\"?>",
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>",
        "<?xml version=\"1.1\"?><a/>",
        "<a><?xml foo?></a>",
        "<a><!-- a -- b --></a>",
        "<a>\u{1}</a>",
    ] {
        assert_eq!(kind(xml), ErrorKind::MalformedXml, "{xml:?}");
    }
    assert_eq!(
        Document::parse(b"<a>\xff</a>", &Limits::default())
            .unwrap_err()
            .kind(),
        ErrorKind::MalformedXml
    );
    assert_eq!(
        Document::parse(b"\xff\xfe<\x00a\x00/\x00>\x00", &Limits::default())
            .unwrap_err()
            .kind(),
        ErrorKind::MalformedXml
    );
}

#[test]
fn duplicate_ids_are_rejected_anywhere() {
    assert_eq!(
        kind("<a ID=\"x\"><b ID=\"x\"/></a>"),
        ErrorKind::DuplicateId
    );
    assert_eq!(
        kind("<a><b ID=\"x\"/><c><d ID=\"x\"/></c></a>"),
        ErrorKind::DuplicateId
    );
    // Only the unqualified `ID` is an ID.
    let doc = parse("<a ID=\"x\" xmlns:p=\"urn:p\"><b Id=\"x\" id=\"x\" p:ID=\"x\"/></a>").unwrap();
    assert_eq!(doc.ids().count(), 1);
}

#[test]
fn limits_are_enforced() {
    let small = Limits {
        max_bytes: 10,
        ..Limits::default()
    };
    assert_eq!(
        Document::parse(b"<a>0123456789</a>", &small)
            .unwrap_err()
            .kind(),
        ErrorKind::InputTooLarge
    );
    let deep = "<a>".repeat(65) + &"</a>".repeat(65);
    assert_eq!(kind(&deep), ErrorKind::InputTooLarge);
    let ok = "<a>".repeat(64) + &"</a>".repeat(64);
    assert!(parse(&ok).is_ok());
    let attrs: String = (0..129).map(|i| format!(" a{i}=\"\"")).collect();
    assert_eq!(kind(&format!("<a{attrs}/>")), ErrorKind::InputTooLarge);
    let many = format!("<a>{}</a>", "<b/>".repeat(20_000));
    assert_eq!(kind(&many), ErrorKind::InputTooLarge);
    let fine = format!("<a>{}</a>", "<b/>".repeat(19_999));
    assert!(parse(&fine).is_ok());
}

#[test]
fn processing_instructions_and_comments_are_kept_inside() {
    let doc = parse("<a><?t  data here ?><!--c--><?u?></a>").unwrap();
    let kinds: Vec<_> = doc
        .children(doc.root())
        .iter()
        .map(|c| doc.node(*c).unwrap().kind())
        .collect();
    assert_eq!(
        kinds,
        vec![
            NodeKind::ProcessingInstruction(ProcessingInstruction {
                target: "t",
                data: "data here "
            }),
            NodeKind::Comment("c"),
            NodeKind::ProcessingInstruction(ProcessingInstruction {
                target: "u",
                data: ""
            }),
        ]
    );
}

#[test]
fn accessors_never_panic_on_foreign_ids() {
    let doc = parse("<a/>").unwrap();
    let bogus = NodeId(999);
    assert!(doc.node(bogus).is_none());
    assert!(doc.element(bogus).is_none());
    assert!(doc.children(bogus).is_empty());
    assert_eq!(doc.text(bogus), "");
    assert_eq!(doc.parent(bogus), None);
    assert_eq!(
        doc.lookup_namespace(bogus, Some("xml")),
        Some(XML_NAMESPACE)
    );
}

#[test]
fn illegal_characters_are_found_by_the_byte_scan() {
    for bad in [
        "<a>\u{0}</a>",
        "<a>\u{8}</a>",
        "<a x='\u{1f}'/>",
        "<a>\u{FFFE}</a>",
        "<a>é\u{FFFF}</a>",
    ] {
        let e = parse(bad).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MalformedXml, "{bad:?}");
        assert!(
            e.message().contains("legal XML characters"),
            "{}",
            e.message()
        );
    }
    for good in [
        "<a>\t\r\n\u{7f}\u{FFFD}\u{10FFFF}é€</a>",
        "<a x='\u{E000}'/>",
    ] {
        assert!(parse(good).is_ok(), "{good:?}");
    }
}

#[test]
fn attribute_values_are_normalised_only_where_needed() {
    let doc = parse("<a p='plain value' q='a&amp;b&#13;c\td\r\ne'/>").unwrap();
    let a = doc.element(doc.root()).unwrap();
    assert_eq!(a.attribute("p"), Some("plain value"));
    assert_eq!(a.attribute("q"), Some("a&b\rc d e"));
}

#[test]
fn illegal_characters_are_found_at_any_offset() {
    for bad in ["\u{1}", "\u{1f}", "\u{fffe}", "\u{ffff}"] {
        for at in 0..24 {
            let text = format!("<a>{}{bad}{}</a>", "x".repeat(at), "\n\ty".repeat(5));
            let e = Document::parse(text.as_bytes(), &Limits::default()).unwrap_err();
            assert!(
                e.message().contains(&format!("at offset {}", at + 3)),
                "{bad:?} at {at}: {}",
                e.message()
            );
        }
    }
    // Legal neighbours of the illegal ones: TAB, LF, CR, U+FFFD, U+EFFF.
    let ok = format!("<a>{}</a>", "\t\n\r\u{fffd}\u{efff}ok".repeat(9));
    assert!(Document::parse(ok.as_bytes(), &Limits::default()).is_ok());
}
