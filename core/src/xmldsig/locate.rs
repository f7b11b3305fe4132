//! Structural location of a signature (rule R2, CVE-2024-45409): only a direct child of the
//! signed element, placed immediately after its `saml:Issuer` (or first when there is none).
//! Never a document-wide search.

use super::algorithms::DSIG_NAMESPACE;
use super::structure::describe;
use crate::xml::{Document, NodeId};
use crate::{Error, ErrorKind, Result};

/// The SAML 2.0 assertion namespace (of `saml:Issuer`).
pub const SAML_ASSERTION_NAMESPACE: &str = "urn:oasis:names:tc:SAML:2.0:assertion";

/// The `ds:Signature` of `element`: `Ok(None)` when it has none as a direct child, `Ok(Some)`
/// when one sits in the accepted place, and `unexpected_structure` when a direct-child
/// `ds:Signature` sits anywhere else or there are several.
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
    let expected = match children.first() {
        Some(first) if doc.is_element(*first, SAML_ASSERTION_NAMESPACE, "Issuer") => 1,
        _ => 0,
    };
    let mut found = None;
    for (position, child) in children.iter().enumerate() {
        if !doc.is_element(*child, DSIG_NAMESPACE, "Signature") {
            continue;
        }
        if position != expected || found.is_some() {
            let place = if expected == 1 {
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
