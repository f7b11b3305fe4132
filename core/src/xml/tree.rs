//! The compact tree: one arena of nodes addressed by [`NodeId`], with namespaces resolved and the
//! one ID table of the document.
//!
//! No node owns an allocation. The document keeps one text buffer (the input, followed by the
//! few strings that parsing changed: resolved references, normalised line ends and attribute
//! values, merged text), and every name, value and text is a span of it; attributes, namespace
//! declarations and the children of every element are ranges of three shared vectors; namespace
//! URIs are interned (one string per distinct URI). The accessors hand out small `Copy` views
//! ([`Node`], [`Element`], [`Attribute`], …) that borrow from the document.

use std::collections::BTreeMap;
use std::fmt;

use super::Limits;

/// The namespace bound to the `xml` prefix.
pub const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of namespace declarations (`xmlns`), never bindable.
pub const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

/// No index (no parent, no namespace, the empty namespace of `xmlns=""`).
pub(crate) const NONE: u32 = u32::MAX;

/// The handle of one node of a [`Document`]. Only meaningful for the document that issued it; a
/// foreign or stale id simply finds nothing (no accessor panics).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub(crate) u32);

impl NodeId {
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

/// A range of the document's text buffer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

/// A range of one of the document's shared vectors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Range {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl Range {
    fn of<T>(self, items: &[T]) -> &[T] {
        items
            .get(self.start as usize..self.end as usize)
            .unwrap_or(&[])
    }
}

#[derive(Clone, Debug)]
pub(crate) struct ElementData {
    pub(crate) prefix: Option<Span>,
    pub(crate) local_name: Span,
    /// Interned namespace, or [`NONE`].
    pub(crate) namespace: u32,
    pub(crate) attributes: Range,
    pub(crate) declarations: Range,
}

#[derive(Clone, Debug)]
pub(crate) struct AttributeData {
    pub(crate) prefix: Option<Span>,
    pub(crate) local_name: Span,
    /// Interned namespace, or [`NONE`].
    pub(crate) namespace: u32,
    pub(crate) value: Span,
}

#[derive(Clone, Debug)]
pub(crate) struct DeclarationData {
    pub(crate) prefix: Option<Span>,
    /// Interned namespace, or [`NONE`] for `xmlns=""`.
    pub(crate) uri: u32,
}

#[derive(Clone, Debug)]
pub(crate) enum NodeData {
    Element(ElementData),
    Text(Span),
    Comment(Span),
    ProcessingInstruction { target: Span, data: Span },
}

#[derive(Clone, Debug)]
pub(crate) struct NodeRecord {
    pub(crate) data: NodeData,
    /// The parent's index, or [`NONE`].
    pub(crate) parent: u32,
    pub(crate) children: Range,
}

/// A parsed document: the document element and everything under it, plus the ID table.
///
/// Comments and processing instructions outside the document element are not kept.
#[derive(Clone, Debug)]
pub struct Document {
    /// The input (after the BOM), then the strings parsing changed.
    pub(crate) text: String,
    pub(crate) nodes: Vec<NodeRecord>,
    /// The children of every element, each element's contiguous.
    pub(crate) children: Vec<NodeId>,
    pub(crate) attributes: Vec<AttributeData>,
    pub(crate) declarations: Vec<DeclarationData>,
    /// The distinct namespace URIs.
    pub(crate) namespaces: Vec<Box<str>>,
    pub(crate) root: NodeId,
    pub(crate) ids: BTreeMap<String, NodeId>,
    pub(crate) limits: Limits,
}

/// A namespace declaration as written on an element (`xmlns="…"` or `xmlns:p="…"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NamespaceDeclaration<'d> {
    /// The declared prefix; `None` for the default namespace.
    pub prefix: Option<&'d str>,
    /// The namespace URI; empty only for the default-namespace undeclaration `xmlns=""`.
    pub uri: &'d str,
}

/// An attribute other than a namespace declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attribute<'d> {
    /// The prefix as written, if any.
    pub prefix: Option<&'d str>,
    /// The local name.
    pub local_name: &'d str,
    /// The resolved namespace URI (`None` for unprefixed attributes: the default namespace never
    /// applies to attributes).
    pub namespace: Option<&'d str>,
    /// The normalised value (white space normalised, references resolved).
    pub value: &'d str,
}

/// A processing instruction inside the document element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcessingInstruction<'d> {
    /// The target name.
    pub target: &'d str,
    /// The data after the white space that follows the target (may be empty).
    pub data: &'d str,
}

/// An element's name, namespace context and attributes (a view into its [`Document`]).
#[derive(Clone, Copy)]
pub struct Element<'d> {
    doc: &'d Document,
    data: &'d ElementData,
}

impl fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Element")
            .field("prefix", &self.prefix())
            .field("local_name", &self.local_name())
            .field("namespace", &self.namespace())
            .field(
                "namespace_declarations",
                &self.namespace_declarations().collect::<Vec<_>>(),
            )
            .field("attributes", &self.attributes().collect::<Vec<_>>())
            .finish()
    }
}

impl PartialEq for Element<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.prefix() == other.prefix()
            && self.local_name() == other.local_name()
            && self.namespace() == other.namespace()
            && self
                .namespace_declarations()
                .eq(other.namespace_declarations())
            && self.attributes().eq(other.attributes())
    }
}

impl Eq for Element<'_> {}

impl<'d> Element<'d> {
    /// The prefix as written (`None` when unprefixed).
    pub fn prefix(&self) -> Option<&'d str> {
        self.data.prefix.map(|s| self.doc.span(s))
    }

    /// The local name.
    pub fn local_name(&self) -> &'d str {
        self.doc.span(self.data.local_name)
    }

    /// The resolved namespace URI (`None` when the element is in no namespace).
    pub fn namespace(&self) -> Option<&'d str> {
        self.doc.namespace(self.data.namespace)
    }

    /// Whether the element is `{namespace}local_name` (matched by URI, never by prefix).
    pub fn is(&self, namespace: &str, local_name: &str) -> bool {
        self.local_name() == local_name && self.namespace() == Some(namespace)
    }

    /// The qualified name as written (`prefix:local` or `local`).
    pub fn qualified_name(&self) -> String {
        match self.prefix() {
            Some(p) => format!("{p}:{}", self.local_name()),
            None => self.local_name().to_owned(),
        }
    }

    /// The namespace declarations written on this element, in document order.
    pub fn namespace_declarations(
        &self,
    ) -> impl ExactSizeIterator<Item = NamespaceDeclaration<'d>> + Clone + 'd {
        let doc = self.doc;
        self.data
            .declarations
            .of(&doc.declarations)
            .iter()
            .map(move |d| NamespaceDeclaration {
                prefix: d.prefix.map(|s| doc.span(s)),
                uri: doc.namespace(d.uri).unwrap_or(""),
            })
    }

    /// The attributes (namespace declarations excluded), in document order.
    pub fn attributes(&self) -> impl ExactSizeIterator<Item = Attribute<'d>> + Clone + 'd {
        let doc = self.doc;
        self.data
            .attributes
            .of(&doc.attributes)
            .iter()
            .map(move |a| doc.attribute_view(a))
    }

    /// The value of the unqualified attribute `local_name` (no namespace).
    pub fn attribute(&self, local_name: &str) -> Option<&'d str> {
        let doc = self.doc;
        self.data
            .attributes
            .of(&doc.attributes)
            .iter()
            .find(|a| a.namespace == NONE && doc.span(a.local_name) == local_name)
            .map(|a| doc.span(a.value))
    }

    /// The value of the attribute `{namespace}local_name`.
    pub fn attribute_ns(&self, namespace: &str, local_name: &str) -> Option<&'d str> {
        let doc = self.doc;
        self.data
            .attributes
            .of(&doc.attributes)
            .iter()
            .find(|a| {
                doc.namespace(a.namespace) == Some(namespace)
                    && doc.span(a.local_name) == local_name
            })
            .map(|a| doc.span(a.value))
    }
}

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind<'d> {
    /// An element.
    Element(Element<'d>),
    /// Character data (text and CDATA, line ends normalised, references resolved). Adjacent
    /// text and CDATA are merged into one node.
    Text(&'d str),
    /// A comment (kept so that structural checks can see it; canonical forms and
    /// [`Document::text`] skip it).
    Comment(&'d str),
    /// A processing instruction.
    ProcessingInstruction(ProcessingInstruction<'d>),
}

/// One node of the arena (a view into its [`Document`]).
#[derive(Clone, Copy, Debug)]
pub struct Node<'d> {
    doc: &'d Document,
    record: &'d NodeRecord,
}

impl<'d> Node<'d> {
    /// What this node is.
    pub fn kind(&self) -> NodeKind<'d> {
        let doc = self.doc;
        match &self.record.data {
            NodeData::Element(data) => NodeKind::Element(Element { doc, data }),
            NodeData::Text(s) => NodeKind::Text(doc.span(*s)),
            NodeData::Comment(s) => NodeKind::Comment(doc.span(*s)),
            NodeData::ProcessingInstruction { target, data } => {
                NodeKind::ProcessingInstruction(ProcessingInstruction {
                    target: doc.span(*target),
                    data: doc.span(*data),
                })
            }
        }
    }

    /// The parent element (`None` for the document element).
    pub fn parent(&self) -> Option<NodeId> {
        (self.record.parent != NONE).then_some(NodeId(self.record.parent))
    }

    /// The children in document order (empty for non-elements).
    pub fn children(&self) -> &'d [NodeId] {
        self.record.children.of(&self.doc.children)
    }
}

impl Document {
    /// The text of a span (empty for a span that is not this document's).
    pub(crate) fn span(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    /// An interned namespace URI (`None` for [`NONE`]).
    pub(crate) fn namespace(&self, index: u32) -> Option<&str> {
        self.namespaces.get(index as usize).map(|s| &**s)
    }

    fn attribute_view<'d>(&'d self, a: &AttributeData) -> Attribute<'d> {
        Attribute {
            prefix: a.prefix.map(|s| self.span(s)),
            local_name: self.span(a.local_name),
            namespace: self.namespace(a.namespace),
            value: self.span(a.value),
        }
    }

    fn record(&self, id: NodeId) -> Option<&NodeRecord> {
        self.nodes.get(id.index())
    }

    fn element_data(&self, id: NodeId) -> Option<&ElementData> {
        match self.record(id).map(|r| &r.data) {
            Some(NodeData::Element(e)) => Some(e),
            _ => None,
        }
    }

    /// The document element.
    pub fn root(&self) -> NodeId {
        self.root
    }

    /// The limits this document was parsed with (re-used when re-parsing signed views).
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The number of nodes (elements, text, comments, processing instructions).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The node `id`, if it belongs to this document.
    pub fn node(&self, id: NodeId) -> Option<Node<'_>> {
        self.record(id).map(|record| Node { doc: self, record })
    }

    /// The element `id`, if it is one.
    pub fn element(&self, id: NodeId) -> Option<Element<'_>> {
        self.element_data(id)
            .map(|data| Element { doc: self, data })
    }

    /// Whether `id` is the element `{namespace}local_name`.
    pub fn is_element(&self, id: NodeId, namespace: &str, local_name: &str) -> bool {
        self.element_data(id).is_some_and(|e| {
            self.span(e.local_name) == local_name && self.namespace(e.namespace) == Some(namespace)
        })
    }

    /// The parent of `id`.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.record(id)
            .filter(|r| r.parent != NONE)
            .map(|r| NodeId(r.parent))
    }

    /// The children of `id` in document order.
    pub fn children(&self, id: NodeId) -> &[NodeId] {
        self.record(id)
            .map_or(&[], |r| r.children.of(&self.children))
    }

    /// The element children of `id` in document order.
    pub fn child_elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.children(id)
            .iter()
            .copied()
            .filter(|c| self.element_data(*c).is_some())
    }

    /// The element children of `id` named `{namespace}local_name`.
    pub fn children_named<'a>(
        &'a self,
        id: NodeId,
        namespace: &'a str,
        local_name: &'a str,
    ) -> impl Iterator<Item = NodeId> + 'a {
        self.children(id)
            .iter()
            .copied()
            .filter(move |c| self.is_element(*c, namespace, local_name))
    }

    /// The text of `id`: all its direct text and CDATA children concatenated, comments skipped
    /// (they do not end the text). Text inside child elements is not included.
    pub fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        for child in self.children(id) {
            if let Some(NodeData::Text(t)) = self.record(*child).map(|r| &r.data) {
                out.push_str(self.span(*t));
            }
        }
        out
    }

    /// Whether `id` has only text children (no element, comment or processing instruction).
    pub fn has_only_text(&self, id: NodeId) -> bool {
        self.children(id)
            .iter()
            .all(|c| matches!(self.record(*c).map(|r| &r.data), Some(NodeData::Text(_))))
    }

    /// The element whose unqualified `ID` attribute is `id`.
    pub fn element_by_id(&self, id: &str) -> Option<NodeId> {
        self.ids.get(id).copied()
    }

    /// Every `ID` value of the document with its element, sorted by value.
    pub fn ids(&self) -> impl Iterator<Item = (&str, NodeId)> {
        self.ids.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// The namespace URI bound to `prefix` (`None` = the default namespace) in scope at element
    /// `id`. The default namespace undeclared with `xmlns=""` and an unbound prefix both give
    /// `None`; `xml` is always bound.
    ///
    /// Walks the ancestors: `O(depth × declarations per element)`. For a lookup on every element
    /// of a walk, keep a scope stack instead (as the parser and C14N do).
    pub fn lookup_namespace(&self, id: NodeId, prefix: Option<&str>) -> Option<&str> {
        if prefix == Some("xml") {
            return Some(XML_NAMESPACE);
        }
        let mut current = Some(id);
        while let Some(node) = current {
            if let Some(element) = self.element_data(node) {
                if let Some(decl) = element
                    .declarations
                    .of(&self.declarations)
                    .iter()
                    .find(|d| d.prefix.map(|s| self.span(s)) == prefix)
                {
                    return self.namespace(decl.uri).filter(|u| !u.is_empty());
                }
            }
            current = self.parent(node);
        }
        None
    }

    /// Whether `ancestor` is `id` or one of its ancestors.
    pub fn is_ancestor_or_self(&self, ancestor: NodeId, id: NodeId) -> bool {
        let mut current = Some(id);
        while let Some(node) = current {
            if node == ancestor {
                return true;
            }
            current = self.parent(node);
        }
        false
    }
}
