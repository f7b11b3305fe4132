//! Verification never panics on any input (seeded with the signed fixtures, so mutations reach
//! the crypto and digest paths), with and without strict algorithms; a success always carries
//! a re-parsed signed view.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maestrano_core::xml::{Document, Limits};
use maestrano_core::xmldsig::{verify_enveloped, TrustedKeys, VerifyOptions};

static CERT: &str = include_str!("../../tests/dsig/certs/idp.pem");

fuzz_target!(|data: &[u8]| {
    let Ok(keys) = TrustedKeys::new(&[CERT.to_owned()], &[]) else {
        return;
    };
    let Ok(doc) = Document::parse(data, &Limits::default()) else {
        return;
    };
    for (_, node) in doc.ids() {
        for strict in [false, true] {
            let opts = VerifyOptions {
                strict_algorithms: strict,
            };
            if let Ok(view) = verify_enveloped(&doc, node, &keys, &opts) {
                // The signed view is self-consistent: its root is the signed element.
                assert!(view.document.element(view.document.root()).is_some());
            }
        }
    }
});
