//! The compact owned tree: an arena of nodes addressed by [`NodeId`], with namespaces resolved
//! and the one ID table of the document.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Limits;

/// The namespace bound to the `xml` prefix.
pub const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of namespace declarations (`xmlns`), never bindable.
pub const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

/// The handle of one node of a [`Document`]. Only meaningful for the document that issued it; a
/// foreign or stale id simply finds nothing (no accessor panics).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub(crate) u32);

impl NodeId {
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

/// A namespace declaration as written on an element (`xmlns="…"` or `xmlns:p="…"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamespaceDeclaration {
    /// The declared prefix; `None` for the default namespace.
    pub prefix: Option<String>,
    /// The namespace URI; empty only for the default-namespace undeclaration `xmlns=""`. Shared
    /// with the elements and attributes it binds (one allocation per declaration).
    pub uri: Arc<str>,
}

/// An attribute other than a namespace declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// The prefix as written, if any.
    pub prefix: Option<String>,
    /// The local name.
    pub local_name: String,
    /// The resolved namespace URI (`None` for unprefixed attributes: the default namespace never
    /// applies to attributes).
    pub namespace: Option<Arc<str>>,
    /// The normalised value (white space normalised, references resolved).
    pub value: String,
}

/// An element's name, namespace context and attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    pub(crate) prefix: Option<String>,
    pub(crate) local_name: String,
    pub(crate) namespace: Option<Arc<str>>,
    pub(crate) namespace_declarations: Vec<NamespaceDeclaration>,
    pub(crate) attributes: Vec<Attribute>,
}

impl Element {
    /// The prefix as written (`None` when unprefixed).
    pub fn prefix(&self) -> Option<&str> {
        self.prefix.as_deref()
    }

    /// The local name.
    pub fn local_name(&self) -> &str {
        &self.local_name
    }

    /// The resolved namespace URI (`None` when the element is in no namespace).
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// Whether the element is `{namespace}local_name` (matched by URI, never by prefix).
    pub fn is(&self, namespace: &str, local_name: &str) -> bool {
        self.local_name == local_name && self.namespace.as_deref() == Some(namespace)
    }

    /// Whether `name` is this element's qualified name as written (no allocation).
    pub(crate) fn has_qualified_name(&self, name: &str) -> bool {
        match &self.prefix {
            Some(p) => {
                name.strip_prefix(p.as_str())
                    .and_then(|rest| rest.strip_prefix(':'))
                    == Some(self.local_name.as_str())
            }
            None => name == self.local_name,
        }
    }

    /// The qualified name as written (`prefix:local` or `local`).
    pub fn qualified_name(&self) -> String {
        match &self.prefix {
            Some(p) => format!("{p}:{}", self.local_name),
            None => self.local_name.clone(),
        }
    }

    /// The namespace declarations written on this element, in document order.
    pub fn namespace_declarations(&self) -> &[NamespaceDeclaration] {
        &self.namespace_declarations
    }

    /// The attributes (namespace declarations excluded), in document order.
    pub fn attributes(&self) -> &[Attribute] {
        &self.attributes
    }

    /// The value of the unqualified attribute `local_name` (no namespace).
    pub fn attribute(&self, local_name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.namespace.is_none() && a.local_name == local_name)
            .map(|a| a.value.as_str())
    }

    /// The value of the attribute `{namespace}local_name`.
    pub fn attribute_ns(&self, namespace: &str, local_name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.namespace.as_deref() == Some(namespace) && a.local_name == local_name)
            .map(|a| a.value.as_str())
    }
}

/// A processing instruction inside the document element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessingInstruction {
    /// The target name.
    pub target: String,
    /// The data after the white space that follows the target (may be empty).
    pub data: String,
}

/// What a node is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// An element.
    Element(Element),
    /// Character data (text and CDATA, line ends normalised, references resolved). Adjacent
    /// text and CDATA are merged into one node.
    Text(String),
    /// A comment (kept so that structural checks can see it; canonical forms and
    /// [`Document::text`] skip it).
    Comment(String),
    /// A processing instruction.
    ProcessingInstruction(ProcessingInstruction),
}

/// One node of the arena.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub(crate) kind: NodeKind,
    pub(crate) parent: Option<NodeId>,
    pub(crate) children: Vec<NodeId>,
}

impl Node {
    /// What this node is.
    pub fn kind(&self) -> &NodeKind {
        &self.kind
    }

    /// The parent element (`None` for the document element).
    pub fn parent(&self) -> Option<NodeId> {
        self.parent
    }

    /// The children in document order (empty for non-elements).
    pub fn children(&self) -> &[NodeId] {
        &self.children
    }
}

/// A parsed document: the document element and everything under it, plus the ID table.
///
/// Comments and processing instructions outside the document element are not kept.
#[derive(Clone, Debug)]
pub struct Document {
    pub(crate) nodes: Vec<Node>,
    pub(crate) root: NodeId,
    pub(crate) ids: BTreeMap<String, NodeId>,
    pub(crate) limits: Limits,
}

impl Document {
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
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }

    /// The element `id`, if it is one.
    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match self.node(id).map(Node::kind) {
            Some(NodeKind::Element(e)) => Some(e),
            _ => None,
        }
    }

    /// Whether `id` is the element `{namespace}local_name`.
    pub fn is_element(&self, id: NodeId, namespace: &str, local_name: &str) -> bool {
        self.element(id)
            .is_some_and(|e| e.is(namespace, local_name))
    }

    /// The parent of `id`.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).and_then(Node::parent)
    }

    /// The children of `id` in document order.
    pub fn children(&self, id: NodeId) -> &[NodeId] {
        self.node(id).map(Node::children).unwrap_or(&[])
    }

    /// The element children of `id` in document order.
    pub fn child_elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.children(id)
            .iter()
            .copied()
            .filter(|c| self.element(*c).is_some())
    }

    /// The element children of `id` named `{namespace}local_name`.
    pub fn children_named<'a>(
        &'a self,
        id: NodeId,
        namespace: &'a str,
        local_name: &'a str,
    ) -> impl Iterator<Item = NodeId> + 'a {
        self.child_elements(id)
            .filter(move |c| self.is_element(*c, namespace, local_name))
    }

    /// The text of `id`: all its direct text and CDATA children concatenated, comments skipped
    /// (they do not end the text). Text inside child elements is not included.
    pub fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        for child in self.children(id) {
            if let Some(NodeKind::Text(t)) = self.node(*child).map(Node::kind) {
                out.push_str(t);
            }
        }
        out
    }

    /// Whether `id` has only text children (no element, comment or processing instruction).
    pub fn has_only_text(&self, id: NodeId) -> bool {
        self.children(id)
            .iter()
            .all(|c| matches!(self.node(*c).map(Node::kind), Some(NodeKind::Text(_))))
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
            if let Some(element) = self.element(node) {
                if let Some(decl) = element
                    .namespace_declarations
                    .iter()
                    .find(|d| d.prefix.as_deref() == prefix)
                {
                    return (!decl.uri.is_empty()).then_some(&*decl.uri);
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
