//! Structural location of a signature (docs/security.md R2, CVE-2024-45409): only a direct child of
//! the signed element, placed immediately after its `saml:Issuer` (or first when there is none).
//! Never a document-wide search.

use super::algorithms::DSIG_NAMESPACE;
use super::structure::describe;
use crate::xml::{Document, NodeId};
use crate::{Error, ErrorKind, Result};

/// The SAML 2.0 assertion namespace (of `saml:Issuer`).
pub const SAML_ASSERTION_NAMESPACE: &str = "urn:oasis:names:tc:SAML:2.0:assertion";

/// The `ds:Signature` of `element`: `Ok(None)` when it has none as a direct child, `Ok(Some)`
/// when one sits in the accepted place (the element right after the first `saml:Issuer` child,
/// or the first element when there is no `saml:Issuer`), and `unexpected_structure` when a
/// direct-child `ds:Signature` sits anywhere else or there are several.
///
/// This only looks at direct children; signatures deeper inside are the caller's concern (the
/// SAML layer rejects any `ds:Signature` outside the two accepted places).
pub fn find_signature(doc: &Document, element: NodeId) -> Result<Option<NodeId>> {
    if doc.element(element).is_none() {
        return Err(Error::new(
            ErrorKind::UnexpectedStructure,
            "expected an element to look for a signature in, found another kind of node",
        ));
    }
    let children: Vec<NodeId> = doc.child_elements(element).collect();
    let expected = children
        .iter()
        .position(|c| doc.is_element(*c, SAML_ASSERTION_NAMESPACE, "Issuer"))
        .map_or(0, |issuer| issuer + 1);
    let mut found = None;
    for (position, child) in children.iter().enumerate() {
        if !doc.is_element(*child, DSIG_NAMESPACE, "Signature") {
            continue;
        }
        if position != expected || found.is_some() {
            let place = if expected > 0 {
                "immediately after saml:Issuer"
            } else {
                "as the first child (there is no saml:Issuer)"
            };
            return Err(Error::new(
                ErrorKind::UnexpectedStructure,
                format!(
                    "expected at most one ds:Signature in {}, {place}, found one at child element position {}",
                    describe(doc, element),
                    position + 1
                ),
            ));
        }
        found = Some(*child);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::Limits;

    const DS: &str = "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"";
    const SAML: &str = "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"";

    fn locate(xml: &str) -> Result<Option<NodeId>> {
        let doc = Document::parse(xml.as_bytes(), &Limits::default()).unwrap();
        find_signature(&doc, doc.root())
    }

    #[test]
    fn after_issuer_or_first() {
        assert!(locate(&format!(
            "<r {SAML} {DS}><saml:Issuer/><ds:Signature/><x/></r>"
        ))
        .unwrap()
        .is_some());
        assert!(locate(&format!("<r {DS}><ds:Signature/><x/></r>"))
            .unwrap()
            .is_some());
        assert!(locate(&format!("<r {DS}> <!--c--> <ds:Signature/></r>"))
            .unwrap()
            .is_some());
        assert!(locate(&format!("<r {SAML}><saml:Issuer/><x/></r>"))
            .unwrap()
            .is_none());
    }

    #[test]
    fn anywhere_else_is_refused() {
        for xml in [
            format!("<r {SAML} {DS}><ds:Signature/><saml:Issuer/></r>"),
            format!("<r {SAML} {DS}><saml:Issuer/><x/><ds:Signature/></r>"),
            format!("<r {DS}><x/><ds:Signature/></r>"),
            format!("<r {DS}><ds:Signature/><ds:Signature/></r>"),
            // An Issuer in another namespace is not saml:Issuer.
            format!("<r {DS} xmlns:saml=\"urn:evil\"><saml:Issuer/><ds:Signature/></r>"),
        ] {
            assert_eq!(
                locate(&xml).unwrap_err().kind(),
                ErrorKind::UnexpectedStructure,
                "{xml}"
            );
        }
        // Deeper signatures are not this element's.
        assert!(locate(&format!("<r {DS}><x><ds:Signature/></x></r>"))
            .unwrap()
            .is_none());
    }
}
