//! Namespace bindings in scope during a document-order walk: a stack per prefix, with frames
//! that undo exactly what each element bound.
//!
//! Used by the parser (resolving every prefix of every element and attribute) and by exclusive
//! C14N (the in-scope and the already-rendered bindings), so that resolution never walks the
//! ancestors. Costs, with `P` the number of distinct prefixes seen so far (at most the number
//! of declarations in the document):
//! - [`Scopes::bind`]: `O(log P)` (one allocation the first time a prefix is seen);
//! - [`Scopes::get`]: `O(log P)`;
//! - [`Scopes::pop_frame`]: `O(k)` for the `k` bindings of the frame;
//!
//! so a whole walk costs `O((declarations + lookups) × log P)`, whatever the depth.

use std::collections::BTreeMap;

/// Prefix → value bindings in scope; the default namespace is the prefix `""`.
#[derive(Debug)]
pub(crate) struct Scopes<V> {
    /// The slot of each prefix seen so far.
    slots: BTreeMap<Box<str>, usize>,
    /// Per slot, the bindings in scope, innermost last.
    values: Vec<Vec<V>>,
    /// The slots bound, in binding order (popped frame by frame).
    undo: Vec<usize>,
    /// Where each open frame starts in `undo`.
    frames: Vec<usize>,
}

impl<V> Default for Scopes<V> {
    fn default() -> Self {
        Scopes {
            slots: BTreeMap::new(),
            values: Vec::new(),
            undo: Vec::new(),
            frames: Vec::new(),
        }
    }
}

impl<V> Scopes<V> {
    /// Opens the frame of an element: its bindings go until the matching [`Scopes::pop_frame`].
    pub(crate) fn push_frame(&mut self) {
        self.frames.push(self.undo.len());
    }

    /// Closes the innermost frame, unbinding what it bound.
    pub(crate) fn pop_frame(&mut self) {
        let mark = self.frames.pop().unwrap_or(0);
        for slot in self.undo.drain(mark..) {
            if let Some(stack) = self.values.get_mut(slot) {
                stack.pop();
            }
        }
    }

    /// Binds `prefix` to `value` in the innermost frame.
    pub(crate) fn bind(&mut self, prefix: &str, value: V) {
        let slot = match self.slots.get(prefix) {
            Some(slot) => *slot,
            None => {
                let slot = self.values.len();
                self.slots.insert(prefix.into(), slot);
                self.values.push(Vec::new());
                slot
            }
        };
        if let Some(stack) = self.values.get_mut(slot) {
            stack.push(value);
            self.undo.push(slot);
        }
    }

    /// The innermost binding of `prefix`, if any.
    pub(crate) fn get(&self, prefix: &str) -> Option<&V> {
        let slot = *self.slots.get(prefix)?;
        self.values.get(slot)?.last()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_undo_their_bindings() {
        let mut s = Scopes::default();
        s.push_frame();
        s.bind("a", 1);
        s.bind("", 10);
        s.push_frame();
        s.bind("a", 2);
        s.bind("b", 3);
        assert_eq!(
            (s.get("a"), s.get("b"), s.get("")),
            (Some(&2), Some(&3), Some(&10))
        );
        s.pop_frame();
        assert_eq!((s.get("a"), s.get("b")), (Some(&1), None));
        s.pop_frame();
        assert_eq!((s.get("a"), s.get("")), (None, None));
        s.pop_frame(); // unbalanced pops are harmless
        assert_eq!(s.get("c"), None);
    }
}
