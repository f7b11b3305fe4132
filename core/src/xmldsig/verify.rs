//! Verification of an enveloped signature (docs/spec.md §3 steps 3–6) and the signed view
//! (docs/security.md R1).

use subtle::ConstantTimeEq;

use super::algorithms::{DigestAlgorithm, Hashing, KeepAndHash, SignatureAlgorithm};
use super::c14n::canonicalize_into;
use super::keys::{key_bits, TrustedKeys};
use super::locate::find_signature;
use super::structure::{describe, parse_signature};
use crate::xml::{Document, Limits, NodeId};
use crate::{Error, ErrorKind, Result};

/// Options of verification.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VerifyOptions {
    /// Refuse SHA-1 (as digest or in the signature method) and RSA keys under 2048 bits
    /// (`algorithm_forbidden`). Off by default (docs/spec.md D5: the platform signs with RSA-SHA1
    /// and a 1024-bit key).
    pub strict_algorithms: bool,
}

/// What a verified signature covers: the exact canonical bytes that were digested (the signed
/// element without its signature), re-parsed. Later code reads only from [`SignedView::document`]
/// (rule R1), never from the original document.
#[derive(Clone, Debug)]
pub struct SignedView {
    /// The exclusive canonical form of the signed element with this signature removed; its
    /// digest is the verified `DigestValue`.
    pub canonical: Vec<u8>,
    /// `canonical` re-parsed; its document element is the signed element.
    pub document: Document,
    /// The signature method used.
    pub signature_algorithm: SignatureAlgorithm,
    /// The digest method used.
    pub digest_algorithm: DigestAlgorithm,
}

fn forbidden(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::AlgorithmForbidden, message)
}

/// Verifies the enveloped signature of `signed_element` (located by [`find_signature`]) with
/// `keys`, and returns the signed view.
///
/// Errors: no signature → `signature_missing`; a shape other than the accepted one →
/// `unexpected_structure`; algorithms outside the allow-list (or refused by
/// `strict_algorithms`) → `algorithm_forbidden`; no pinned key applies → `untrusted_key`; the
/// signature over `SignedInfo` fails → `signature_invalid`; the reference digest differs →
/// `digest_mismatch`.
pub fn verify_enveloped(
    doc: &Document,
    signed_element: NodeId,
    keys: &TrustedKeys,
    opts: &VerifyOptions,
) -> Result<SignedView> {
    let name = describe(doc, signed_element);
    let element = doc.element(signed_element).ok_or_else(|| {
        Error::new(
            ErrorKind::UnexpectedStructure,
            "expected a signed element, found another kind of node",
        )
    })?;
    let id = element.attribute("ID").ok_or_else(|| {
        Error::new(
            ErrorKind::UnexpectedStructure,
            format!("expected an ID attribute on the signed element {name}, found none"),
        )
    })?;
    let signature = find_signature(doc, signed_element)?.ok_or_else(|| {
        Error::new(
            ErrorKind::SignatureMissing,
            format!("expected a ds:Signature in {name} (ID {id:?}), found none"),
        )
    })?;
    let parts = parse_signature(doc, signature)?;
    if parts.reference_id != id || doc.element_by_id(id) != Some(signed_element) {
        return Err(Error::new(
            ErrorKind::UnexpectedStructure,
            format!(
                "expected the Reference URI \"#{id}\" (the ID of the signature's parent {name}), found \"#{}\"",
                parts.reference_id
            ),
        ));
    }
    if opts.strict_algorithms {
        if parts.signature_algorithm == SignatureAlgorithm::RsaSha1 {
            return Err(forbidden(
                "expected RSA-SHA256/384/512 (strict algorithms), found RSA-SHA1",
            ));
        }
        if parts.digest_algorithm == DigestAlgorithm::Sha1 {
            return Err(forbidden(
                "expected a SHA-256/384/512 digest (strict algorithms), found SHA-1",
            ));
        }
    }

    let selection = keys.select(&parts.key_info_certificates)?;
    // SignedInfo is canonicalised straight into its digest (no buffer).
    let mut hashing = Hashing::new(parts.signature_algorithm.digest_algorithm());
    canonicalize_into(
        doc,
        parts.signed_info,
        None,
        &parts.signed_info_prefixes,
        &mut hashing,
    )?;
    let signed_info_digest = hashing.finish();
    let mut verified = false;
    let mut weak_bits = None;
    for key in &selection.keys {
        let bits = key_bits(key);
        if opts.strict_algorithms && bits < 2048 {
            weak_bits = Some(bits);
            continue;
        }
        if parts
            .signature_algorithm
            .verify_digest(key, &signed_info_digest, &parts.signature_value)
        {
            verified = true;
            break;
        }
    }
    if !verified {
        return Err(match weak_bits {
            Some(bits) if selection.keys.iter().all(|k| key_bits(k) < 2048) => forbidden(format!(
                "expected an RSA key of at least 2048 bits (strict algorithms), found {bits} bits"
            )),
            _ if selection.key_info_untrusted => Error::new(
                ErrorKind::UntrustedKey,
                format!(
                    "expected the signature of {name} to verify with a configured key, found a KeyInfo certificate that is not configured and no configured key that verifies"
                ),
            ),
            _ => Error::new(
                ErrorKind::SignatureInvalid,
                format!(
                    "expected the SignatureValue of {name} to verify over its SignedInfo with a configured key, found it does not"
                ),
            ),
        });
    }

    // The signed element is kept (for the signed view) and digested in one pass.
    let mut canonical = Vec::new();
    let mut sink = KeepAndHash::new(&mut canonical, parts.digest_algorithm);
    canonicalize_into(
        doc,
        signed_element,
        Some(signature),
        &parts.reference_prefixes,
        &mut sink,
    )?;
    let digest = sink.finish();
    if !bool::from(digest.as_slice().ct_eq(parts.digest_value.as_slice())) {
        return Err(Error::new(
            ErrorKind::DigestMismatch,
            format!(
                "expected the DigestValue to match the canonical form of {name} (ID {id:?}), found a different digest"
            ),
        ));
    }
    let document = reparse(&canonical, doc.limits())?;
    Ok(SignedView {
        canonical,
        document,
        signature_algorithm: parts.signature_algorithm,
        digest_algorithm: parts.digest_algorithm,
    })
}

/// Re-parses verified canonical bytes, keeping the original limits on the result. The bytes
/// may exceed `max_bytes` (up to the canonical cap), and an element may carry more attributes
/// than in the input, since exclusive C14N renders inherited namespace declarations on it.
fn reparse(canonical: &[u8], limits: &Limits) -> Result<Document> {
    let relaxed = Limits {
        max_bytes: limits.max_canonical_bytes(),
        max_attributes: limits.max_attributes.saturating_mul(2).saturating_add(64),
        ..*limits
    };
    let mut document = Document::parse(canonical, &relaxed)?;
    document.limits = *limits;
    Ok(document)
}

/// Parses `xml` under `limits`, then verifies the enveloped signature of the element whose `ID`
/// is `id` (see [`verify_enveloped`]). No such element is `unexpected_structure`.
pub fn verify_by_id(
    xml: &[u8],
    id: &str,
    keys: &TrustedKeys,
    opts: &VerifyOptions,
    limits: &Limits,
) -> Result<SignedView> {
    let doc = Document::parse(xml, limits)?;
    let element = doc.element_by_id(id).ok_or_else(|| {
        Error::new(
            ErrorKind::UnexpectedStructure,
            format!("expected an element with ID {id:?}, found none"),
        )
    })?;
    verify_enveloped(&doc, element, keys, opts)
}
