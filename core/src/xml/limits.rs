//! Resource limits applied while parsing (SPEC §3 step 1).

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
}

impl Limits {
    /// The SPEC defaults: 1 MiB, depth 64, 128 attributes per element, 20,000 elements.
    pub const DEFAULT: Limits = Limits {
        max_bytes: 1024 * 1024,
        max_depth: 64,
        max_attributes: 128,
        max_elements: 20_000,
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
