//! Enveloped XML-Signature verification over the strict tree (SPEC §3 steps 3–6, rules R1–R3,
//! R6), in pure Rust: no IO, no clock, no randomness, no C.
//!
//! - [`find_signature`] locates a signature structurally (a direct child of the signed
//!   element, right after its `saml:Issuer`), so callers can tell "unsigned" from "signed".
//! - [`verify_enveloped`] / [`verify_by_id`] check the one accepted shape, the algorithm
//!   allow-list, trust ([`TrustedKeys`]: configured certificates and fingerprints only), the RSA
//!   signature over the exclusive canonical `SignedInfo`, then the reference digest, and return
//!   a [`SignedView`]: the verified canonical bytes, re-parsed.
//! - [`c14n`] is the Exclusive XML Canonicalization 1.0 used for both.

mod algorithms;
pub mod c14n;
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
pub use verify::{verify_by_id, verify_enveloped, SignedView, VerifyOptions};

pub(crate) use structure::describe;
