//! Canonicalisation never panics, and its output always re-parses to a document whose canonical
//! form is the same bytes (exc-c14n is idempotent on its own output).
#![no_main]

use libfuzzer_sys::fuzz_target;
use maestrano_core::xml::{Document, Limits};
use maestrano_core::xmldsig::{c14n, find_signature};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = Document::parse(data, &Limits::default()) else {
        return;
    };
    let mut apexes = vec![doc.root()];
    apexes.extend(doc.ids().map(|(_, n)| n));
    for apex in apexes {
        let exclude = find_signature(&doc, apex).ok().flatten();
        for prefixes in [vec![], c14n::parse_prefix_list("#default saml ds xs xsi")] {
            let Ok(out) = c14n::canonicalize(&doc, apex, exclude, &prefixes) else {
                continue;
            };
            // A canonical apex renders every namespace it inherits and uses, so it may carry
            // more declarations and attributes than any element of the input did.
            let limits = Limits {
                max_bytes: usize::MAX,
                max_attributes: usize::MAX,
                max_namespace_declarations: usize::MAX,
                ..Limits::DEFAULT
            };
            let again = Document::parse(&out, &limits).expect("canonical output re-parses");
            let twice = c14n::canonicalize(&again, again.root(), None, &[]);
            if prefixes.is_empty() && exclude.is_none() {
                assert_eq!(twice.ok().as_deref(), Some(out.as_slice()));
            }
        }
    }
});
