//! Namespace bindings in scope during a document-order walk: a stack per prefix, with frames
//! that undo exactly what each element bound.
//!
//! Used by the parser (resolving every prefix of every element and attribute) and by exclusive
//! C14N (the in-scope and the already-rendered bindings), so that resolution never walks the
//! ancestors. Costs, with `P` the number of distinct prefixes seen so far (at most the number
//! of declarations in the document):
//! - [`Scopes::bind`]: `O(log P)` (one allocation the first time a prefix is seen);
//! - [`Scopes::get`]: `O(log P)` (the first [`FEW`] prefixes are looked up in a short list, the
//!   others in a tree: at most `FEW` comparisons plus `O(log P)`);
//! - [`Scopes::pop_frame`]: `O(k)` for the `k` bindings of the frame;
//!
//! so a whole walk costs `O((declarations + lookups) × log P)`, whatever the depth.

use std::collections::BTreeMap;

/// How many prefixes are kept in the short list.
const FEW: usize = 8;

/// Prefix → value bindings in scope; the default namespace is the prefix `""`.
#[derive(Debug)]
pub(crate) struct Scopes<V> {
    /// The slot of each of the first [`FEW`] prefixes seen.
    few: Vec<(Box<str>, usize)>,
    /// The slot of each prefix seen after those.
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
            few: Vec::new(),
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

    fn slot(&self, prefix: &str) -> Option<usize> {
        match self.few.iter().find(|(p, _)| **p == *prefix) {
            Some((_, slot)) => Some(*slot),
            None if self.slots.is_empty() => None,
            None => self.slots.get(prefix).copied(),
        }
    }

    /// Binds `prefix` to `value` in the innermost frame.
    pub(crate) fn bind(&mut self, prefix: &str, value: V) {
        let slot = match self.slot(prefix) {
            Some(slot) => slot,
            None => {
                let slot = self.values.len();
                if self.few.len() < FEW {
                    self.few.push((prefix.into(), slot));
                } else {
                    self.slots.insert(prefix.into(), slot);
                }
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
        let slot = self.slot(prefix)?;
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

    #[test]
    fn many_prefixes_past_the_short_list() {
        let mut s = Scopes::default();
        s.push_frame();
        for i in 0..40 {
            s.bind(&format!("p{i}"), i);
        }
        for i in 0..40 {
            assert_eq!(s.get(&format!("p{i}")), Some(&i));
        }
        s.push_frame();
        s.bind("p30", 99);
        s.bind("p3", 98);
        assert_eq!((s.get("p30"), s.get("p3")), (Some(&99), Some(&98)));
        s.pop_frame();
        assert_eq!((s.get("p30"), s.get("p3")), (Some(&30), Some(&3)));
        assert_eq!(s.get("q"), None);
    }
}
