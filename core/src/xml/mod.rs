//! Strict XML parsing into a compact tree (docs/spec.md §3 steps 1–2, docs/security.md R4).
//!
//! [`Document::parse`] is the only way in. It accepts UTF-8 (a BOM is allowed) and rejects a
//! DOCTYPE (`dtd_forbidden`), unknown entities, duplicate attributes, mismatched end tags, a
//! second document element, trailing content and illegal characters (`malformed_xml`), and
//! inputs beyond [`Limits`] (`input_too_large`). Namespaces are resolved: elements and
//! attributes are matched by (namespace URI, local name), never by prefix. Every unqualified
//! `ID` attribute goes into one table; a repeated value is `duplicate_id`.
//!
//! Text follows rule R5: [`Document::text`] is all text and CDATA concatenated, comments
//! skipped. Line ends are normalised (CRLF and CR become LF) while `&#13;` stays CR, and
//! attribute values are normalised as by any non-validating parser, so that the canonical form
//! computed by [`crate::xmldsig`] matches libxml2 byte for byte.
//!
//! The tree allocates nothing per node: the [`Document`] keeps one copy of the input, and every
//! name, value and text is a span of it, except the strings parsing changed (resolved
//! references, normalised line ends and attribute values, text merged across CDATA), which are
//! appended once after it. Nodes, attributes, namespace declarations and each element's
//! children live in four shared vectors; namespace URIs are interned (one string per distinct
//! URI, its characters checked once). The accessors return `Copy` views ([`Node`],
//! [`Element`], [`Attribute`], …) that borrow from the document.

mod chars;
mod limits;
mod parser;
mod scope;
mod tree;

pub use chars::is_ncname;
pub use limits::Limits;
pub(crate) use scope::Scopes;
pub use tree::{
    Attribute, Document, Element, NamespaceDeclaration, Node, NodeId, NodeKind,
    ProcessingInstruction, XMLNS_NAMESPACE, XML_NAMESPACE,
};

#[cfg(test)]
mod tests;
