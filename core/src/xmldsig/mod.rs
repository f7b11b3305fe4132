//! Enveloped XML-Signature verification over the strict tree (docs/spec.md §3 steps 3–6,
//! docs/security.md R1–R3, R6), in pure Rust: no IO, no clock, no randomness, no C.
//!
//! - [`find_signature`] locates a signature structurally (a direct child of the signed
//!   element, right after its `saml:Issuer`), so callers can tell "unsigned" from "signed".
//! - [`verify_enveloped`] / [`verify_by_id`] check the one accepted shape, the algorithm
//!   allow-list, trust ([`TrustedKeys`]: configured certificates and fingerprints only), the RSA
//!   signature over the exclusive canonical `SignedInfo`, then the reference digest, and return
//!   a [`SignedView`]: the verified canonical bytes, re-parsed.
//! - [`c14n`] is the Exclusive XML Canonicalization 1.0 used for both.
//!
//! # Cost of each step (hostile input)
//!
//! Everything before the RSA check is attacker-controlled, so every step is bounded by the
//! input size `n` (bytes) and the fields of [`crate::xml::Limits`] (`a` attributes and `d`
//! namespace declarations per element, `t` PrefixList tokens, depth `D`, `E` elements); `P` is
//! the number of distinct prefixes, `K` the configured keys and fingerprints.
//!
//! | step | cost |
//! |---|---|
//! | parse ([`crate::xml::Document::parse`]): characters, references, names; at most `N` nodes | `O(n)` |
//! | parse: namespaces, through a scope stack (never an ancestor walk) | `O(Σ (a + d) log P)` ≤ `O(n log n)` |
//! | parse: duplicate attributes, by sorting | `O(Σ a log a)` ≤ `O(n log a)` |
//! | parse: the ID table | `O(E log E)` comparisons |
//! | [`find_signature`]: direct children only | `O(children)` |
//! | shape of `ds:Signature` (before anything is canonicalised) | `O(size of the Signature)` |
//! | PrefixList: at most `t` tokens read, the rest refused unread | `O(t)` |
//! | key selection: KeyInfo certificates against the configured keys | `O(n × K)` |
//! | C14N of `SignedInfo` straight into its digest (its shape bounds it to ~12 elements) | `O(n + 12 (t + a + d) log P)`, output ≤ `8n` |
//! | RSA verification | fixed by the configured key size |
//! | C14N of the signed element, digested as it is written | `O(m + Σ (t + a + d) log P)` for an output of `m ≤ 8n` bytes |
//! | re-parse of the verified bytes (rule R1) | as parse, over `m` |
//!
//! No step multiplies two input-derived quantities except through a field of `Limits`.
//! `bench/` (`cargo run --release -p maestrano-bench --bin hostile`) measures each family of
//! hostile input growing to the 1 MiB limit; the table is in `bench/README.md`.

mod algorithms;
pub mod c14n;
mod der;
mod keys;
mod locate;
mod rsa_verify;
mod structure;
mod verify;

pub use algorithms::{
    DigestAlgorithm, SignatureAlgorithm, DSIG_NAMESPACE, ENVELOPED_SIGNATURE, EXC_C14N,
};
pub use keys::TrustedKeys;
pub use locate::{find_signature, SAML_ASSERTION_NAMESPACE};
pub use rsa_verify::RsaPublicKey;
pub use verify::{verify_by_id, verify_enveloped, SignedView, VerifyOptions};

pub(crate) use structure::describe;
