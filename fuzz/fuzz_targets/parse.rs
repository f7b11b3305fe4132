//! The strict parser never panics, and whatever it accepts has consistent accessors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maestrano_core::xml::{Document, Limits};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = Document::parse(data, &Limits::default()) {
        let root = doc.root();
        assert!(doc.element(root).is_some());
        for (id, node) in doc.ids() {
            assert_eq!(doc.element_by_id(id), Some(node));
            let _ = doc.text(node);
        }
    }
});
