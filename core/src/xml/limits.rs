//! Resource limits applied while parsing and verifying (docs/spec.md §3 step 1).
//!
//! Every bound on a product of input-derived quantities is a field here, so that the cost of
//! each step can be stated from the input size `n` and these fields (see [`crate::xmldsig`]).

/// Bounds on a document, checked while parsing; exceeding one is `input_too_large`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Maximum size of the XML input in bytes (the BOM included). Canonical forms produced from
    /// a document are capped at 8 times this value.
    pub max_bytes: usize,
    /// Maximum element nesting depth (the document element is at depth 1).
    pub max_depth: usize,
    /// Maximum attributes per element, namespace declarations included.
    pub max_attributes: usize,
    /// Maximum number of elements in the document.
    pub max_elements: usize,
    /// Maximum number of nodes of every kind (elements, text runs, comments, processing
    /// instructions): comments and processing instructions are not elements, and each one
    /// splits the text around it into another node.
    pub max_nodes: usize,
    /// Maximum namespace declarations on one element (they count as attributes too). Bounds the
    /// bindings each element opens, and so the namespace declarations C14N may render per
    /// element.
    pub max_namespace_declarations: usize,
    /// Maximum tokens in one `ec:InclusiveNamespaces/@PrefixList` (XML-Signature exclusive
    /// C14N): each token is looked up on every canonicalised element.
    pub max_prefix_list: usize,
}

impl Limits {
    /// The defaults: 1 MiB, depth 64, 128 attributes per element (of which at most 64
    /// namespace declarations), 20,000 elements, 50,000 nodes, 32 PrefixList tokens.
    pub const DEFAULT: Limits = Limits {
        max_bytes: 1024 * 1024,
        max_depth: 64,
        max_attributes: 128,
        max_elements: 20_000,
        max_nodes: 50_000,
        max_namespace_declarations: 64,
        max_prefix_list: 32,
    };

    /// The largest canonical form derived from a document under these limits.
    pub fn max_canonical_bytes(&self) -> usize {
        self.max_bytes.saturating_mul(8)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
