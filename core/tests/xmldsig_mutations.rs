//! A deterministic mutation smoke test on stable Rust (the cargo-fuzz targets in `fuzz/` go
//! further): mutated signed documents never panic the parser, the canonicaliser or the
//! verifier, and a mutation that still verifies always yields exactly the originally signed
//! canonical bytes (anything else would be a forgery).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod xmldsig_common;

use maestrano_core::xml::{Document, Limits};
use maestrano_core::xmldsig::{c14n, find_signature, verify_by_id};
use xmldsig_common::*;

/// xorshift64*: a tiny deterministic generator (no randomness source needed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"/>",
    b"&",
    b"&amp;",
    b"&#13;",
    b"&#x0;",
    b"<!---->",
    b"<![CDATA[x]]>",
    b"]]>",
    b"<?p d?>",
    b"\r\n",
    b"\r",
    b"\"",
    b"'",
    b"xmlns=\"\"",
    b" xmlns:saml=\"urn:x\"",
    b"ID=\"_assert-1\"",
    b"<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/>",
    b"<!DOCTYPE a>",
    b"\xFF",
    b"\xC3",
    b"\xEF\xBB\xBF",
    b":",
    b"=",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(out.len());
        match rng.below(5) {
            0 => out[at] ^= 1 << rng.below(8),
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
            2 => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(256)).min(out.len());
                let slice = out[at..end].to_vec();
                let to = rng.below(out.len());
                out.splice(to..to, slice);
            }
            _ => {
                let c = out[at];
                out[at] = match c {
                    b'a'..=b'y' => c + 1,
                    b'"' => b'\'',
                    b' ' => b'\n',
                    _ => c,
                };
            }
        }
    }
    out
}

#[test]
fn mutated_signed_documents_never_panic_or_forge() {
    let keys = keys("idp.pem");
    let limits = Limits::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut verified = 0;
    for (file, id) in [
        (
            "signed/xmlsec1-assertion-rsa-sha256-sha256.xml",
            "_assert-1",
        ),
        ("signed/xmlsec1-both-signed.xml", "_resp-1"),
        ("signed/signxml-response-rsa-sha1-sha1.xml", "_resp-1"),
        (
            "signed/xml-crypto-assertion-rsa-sha256-sha256.xml",
            "_assert-1",
        ),
    ] {
        let original = read(file).into_bytes();
        let signed = verify_by_id(&original, id, &keys, &Default::default(), &limits)
            .unwrap()
            .canonical;
        for _ in 0..300 {
            let input = mutate(&mut rng, &original);
            if let Ok(view) = verify_by_id(&input, id, &keys, &Default::default(), &limits) {
                assert_eq!(
                    view.canonical, signed,
                    "{file}: a mutation verified with other bytes"
                );
                verified += 1;
            }
            // The canonicaliser on whatever parses.
            if let Ok(doc) = Document::parse(&input, &limits) {
                for (_, node) in doc.ids() {
                    let exclude = find_signature(&doc, node).ok().flatten();
                    let _ = c14n::canonicalize(&doc, node, exclude, &[]);
                }
            }
        }
    }
    // Mutations outside the signed element (or ignorable ones) keep verifying.
    assert!(verified > 0);
}
