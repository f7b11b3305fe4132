//! The `ds:Signature` / `ds:SignedInfo` structure parser and the canonicalisation of
//! `SignedInfo` never panic, and never accept anything but the bytes the IdP signed.
//!
//! One real signed document (`tests/dsig/signed/xmlsec1-bench-7k.xml`, signed by
//! `tests/dsig/certs/idp.pem`) is the fixed frame; the fuzz input replaces the whole text of its
//! `<ds:Signature>…</ds:Signature>` element. The result is parsed, the element the original
//! Reference pointed at (by ID) is verified with the pinned certificate (lenient and strict),
//! and the `SignedInfo` found in the signature's accepted place is canonicalised on its own.
//!
//! Oracles:
//! - a verification success must carry exactly the canonical bytes of the untouched frame (its
//!   SignedInfo is RSA-signed, so its DigestValue pins those bytes; anything else is a bypass);
//! - the canonical `SignedInfo` re-parses, and without a PrefixList is a fixed point.
//!
//! Seeds: the real `ds:Signature` elements of `tests/dsig/signed/` (`fuzz/seed.py`); dictionary
//! `fuzz/dicts/xmldsig.dict`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use maestrano_core::xml::{Document, Limits, NodeId};
use maestrano_core::xmldsig::{
    c14n, find_signature, verify_enveloped, TrustedKeys, VerifyOptions, DSIG_NAMESPACE,
};

static FRAME: &str = include_str!("../../tests/dsig/signed/xmlsec1-bench-7k.xml");
static CERT: &str = include_str!("../../tests/dsig/certs/idp.pem");

const OPEN: &str = "<ds:Signature";
const CLOSE: &str = "</ds:Signature>";
const EXC_C14N_NS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";

struct Setup {
    /// The frame up to the signature's start tag.
    before: &'static [u8],
    /// The frame after the signature's end tag.
    after: &'static [u8],
    /// The ID the original Reference points at (without `#`).
    id: &'static str,
    keys: TrustedKeys,
    /// The canonical bytes the original signature covers.
    canonical: Vec<u8>,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let start = FRAME
            .find(OPEN)
            .expect("fuzz setup: <ds:Signature in the frame");
        let end = FRAME[start..]
            .find(CLOSE)
            .map(|i| start + i + CLOSE.len())
            .expect("fuzz setup: </ds:Signature> in the frame");
        let signature = &FRAME[start..end];
        let uri = signature
            .find("URI=\"#")
            .map(|i| &signature[i + 6..])
            .expect("fuzz setup: Reference URI in the frame");
        let id = &uri[..uri.find('"').expect("fuzz setup: end of Reference URI")];
        let keys = TrustedKeys::new(&[CERT.to_owned()], &[]).expect("fuzz setup: idp.pem");
        let doc = Document::parse(FRAME.as_bytes(), &Limits::default())
            .expect("fuzz setup: the frame parses");
        let node = doc
            .element_by_id(id)
            .expect("fuzz setup: the signed element");
        let view = verify_enveloped(&doc, node, &keys, &VerifyOptions::default())
            .expect("fuzz setup: the untouched frame verifies");
        Setup {
            before: FRAME[..start].as_bytes(),
            after: FRAME[end..].as_bytes(),
            id,
            keys,
            canonical: view.canonical,
        }
    })
}

/// The `PrefixList` of `CanonicalizationMethod/ec:InclusiveNamespaces`, if any.
fn prefix_list(doc: &Document, signed_info: NodeId) -> Option<Vec<String>> {
    let method = doc
        .child_elements(signed_info)
        .find(|&c| doc.is_element(c, DSIG_NAMESPACE, "CanonicalizationMethod"))?;
    let inclusive = doc
        .child_elements(method)
        .find(|&c| doc.is_element(c, EXC_C14N_NS, "InclusiveNamespaces"))?;
    let list = doc.element(inclusive)?.attribute("PrefixList")?;
    Some(c14n::parse_prefix_list(list))
}

fn canonicalize_signed_info(doc: &Document, signature: NodeId) {
    let Some(signed_info) = doc
        .child_elements(signature)
        .find(|&c| doc.is_element(c, DSIG_NAMESPACE, "SignedInfo"))
    else {
        return;
    };
    let mut lists = vec![Vec::new()];
    lists.extend(prefix_list(doc, signed_info));
    for prefixes in lists {
        let Ok(out) = c14n::canonicalize(doc, signed_info, None, &prefixes) else {
            continue;
        };
        // A canonical apex renders every namespace it inherits and uses, so it may carry more
        // declarations and attributes than any element of the input did.
        let limits = Limits {
            max_bytes: usize::MAX,
            max_attributes: usize::MAX,
            max_namespace_declarations: usize::MAX,
            ..Limits::DEFAULT
        };
        let again = Document::parse(&out, &limits).expect("canonical SignedInfo re-parses");
        if prefixes.is_empty() {
            let twice = c14n::canonicalize(&again, again.root(), None, &[]);
            assert_eq!(twice.ok().as_deref(), Some(out.as_slice()));
        }
    }
}

fuzz_target!(
    // Set up once before fuzzing, so that no input is charged for it.
    init: {
        setup();
    },
    |data: &[u8]| run(data)
);

fn run(data: &[u8]) {
    let s = setup();
    let mut xml = Vec::with_capacity(s.before.len() + data.len() + s.after.len());
    xml.extend_from_slice(s.before);
    xml.extend_from_slice(data);
    xml.extend_from_slice(s.after);
    let Ok(doc) = Document::parse(&xml, &Limits::default()) else {
        return;
    };
    let Some(node) = doc.element_by_id(s.id) else {
        return;
    };
    if let Ok(Some(signature)) = find_signature(&doc, node) {
        canonicalize_signed_info(&doc, signature);
    }
    for strict in [false, true] {
        let opts = VerifyOptions {
            strict_algorithms: strict,
        };
        if let Ok(view) = verify_enveloped(&doc, node, &s.keys, &opts) {
            assert!(
                view.canonical == s.canonical,
                "verified canonical bytes differ from the signed original (strict={strict})"
            );
            assert!(view.document.element(view.document.root()).is_some());
        }
    }
}
