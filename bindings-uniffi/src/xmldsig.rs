//! The low-level XML-Signature check: an enveloped signature on one element, pinned keys.

use crate::error::Result;
use maestrano_core::xml::Limits;
use maestrano_core::xmldsig::{verify_by_id, TrustedKeys, VerifyOptions};

/// What a verified signature covers.
#[derive(uniffi::Record)]
pub struct VerifiedXml {
    /// The exclusive canonical form of the signed element (its signature removed): the exact
    /// bytes whose digest was verified. Read only from these.
    pub canonical_xml: String,
    /// The signature method URI.
    pub signature_algorithm: String,
    /// The digest method URI.
    pub digest_algorithm: String,
}

/// Verifies the enveloped signature of the element whose `ID` is `id`, trusting only
/// `certificates` (PEM or base64 DER) and `fingerprints` (SHA-1/SHA-256 hex).
#[uniffi::export]
pub fn xmldsig_verify(
    xml: String,
    id: String,
    certificates: Vec<String>,
    fingerprints: Vec<String>,
    strict_algorithms: bool,
) -> Result<VerifiedXml> {
    let keys = TrustedKeys::new(&certificates, &fingerprints)?;
    let view = verify_by_id(
        xml.as_bytes(),
        &id,
        &keys,
        &VerifyOptions { strict_algorithms },
        &Limits::default(),
    )?;
    Ok(VerifiedXml {
        canonical_xml: String::from_utf8_lossy(&view.canonical).into_owned(),
        signature_algorithm: view.signature_algorithm.uri().to_string(),
        digest_algorithm: view.digest_algorithm.uri().to_string(),
    })
}
