//! Strict XML parsing into a compact owned tree (see issue: XML-Signature engine).
