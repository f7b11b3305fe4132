//! The allow-listed algorithm URIs (docs/spec.md §3 "Precise rules") and their implementations.

use super::rsa_verify::RsaPublicKey;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::{Error, ErrorKind, Result};

/// The XML-Signature namespace.
pub const DSIG_NAMESPACE: &str = "http://www.w3.org/2000/09/xmldsig#";
/// Exclusive XML Canonicalization 1.0 without comments (also the namespace of
/// `InclusiveNamespaces`).
pub const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
/// The enveloped-signature transform.
pub const ENVELOPED_SIGNATURE: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/// An allow-listed digest algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DigestAlgorithm {
    /// `http://www.w3.org/2000/09/xmldsig#sha1` (refused by strict mode).
    Sha1,
    /// `http://www.w3.org/2001/04/xmlenc#sha256`.
    Sha256,
    /// `http://www.w3.org/2001/04/xmldsig-more#sha384`.
    Sha384,
    /// `http://www.w3.org/2001/04/xmlenc#sha512`.
    Sha512,
}

impl DigestAlgorithm {
    /// The algorithm identified by `uri`; anything else is `algorithm_forbidden`.
    pub fn from_uri(uri: &str) -> Result<Self> {
        Ok(match uri {
            "http://www.w3.org/2000/09/xmldsig#sha1" => DigestAlgorithm::Sha1,
            "http://www.w3.org/2001/04/xmlenc#sha256" => DigestAlgorithm::Sha256,
            "http://www.w3.org/2001/04/xmldsig-more#sha384" => DigestAlgorithm::Sha384,
            "http://www.w3.org/2001/04/xmlenc#sha512" => DigestAlgorithm::Sha512,
            other => {
                return Err(Error::new(
                    ErrorKind::AlgorithmForbidden,
                    format!("expected a DigestMethod of SHA-1/256/384/512, found {other:?}"),
                ))
            }
        })
    }

    /// The algorithm's URI.
    pub fn uri(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha1 => "http://www.w3.org/2000/09/xmldsig#sha1",
            DigestAlgorithm::Sha256 => "http://www.w3.org/2001/04/xmlenc#sha256",
            DigestAlgorithm::Sha384 => "http://www.w3.org/2001/04/xmldsig-more#sha384",
            DigestAlgorithm::Sha512 => "http://www.w3.org/2001/04/xmlenc#sha512",
        }
    }

    /// The digest of `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            DigestAlgorithm::Sha1 => Sha1::digest(data).to_vec(),
            DigestAlgorithm::Sha256 => Sha256::digest(data).to_vec(),
            DigestAlgorithm::Sha384 => Sha384::digest(data).to_vec(),
            DigestAlgorithm::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    /// The start of the DER `DigestInfo` of a digest by this algorithm (RFC 8017 §9.2, note 1).
    fn digest_info_prefix(self) -> &'static [u8] {
        match self {
            DigestAlgorithm::Sha1 => &[
                0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
                0x14,
            ],
            DigestAlgorithm::Sha256 => &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20,
            ],
            DigestAlgorithm::Sha384 => &[
                0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x02, 0x05, 0x00, 0x04, 0x30,
            ],
            DigestAlgorithm::Sha512 => &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x03, 0x05, 0x00, 0x04, 0x40,
            ],
        }
    }
}

/// An allow-listed signature algorithm (RSA PKCS#1 v1.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// `http://www.w3.org/2000/09/xmldsig#rsa-sha1` (refused by strict mode).
    RsaSha1,
    /// `http://www.w3.org/2001/04/xmldsig-more#rsa-sha256`.
    RsaSha256,
    /// `http://www.w3.org/2001/04/xmldsig-more#rsa-sha384`.
    RsaSha384,
    /// `http://www.w3.org/2001/04/xmldsig-more#rsa-sha512`.
    RsaSha512,
}

impl SignatureAlgorithm {
    /// The algorithm identified by `uri`; anything else (HMAC, DSA, ECDSA, unknown) is
    /// `algorithm_forbidden`.
    pub fn from_uri(uri: &str) -> Result<Self> {
        Ok(match uri {
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1" => SignatureAlgorithm::RsaSha1,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" => SignatureAlgorithm::RsaSha256,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384" => SignatureAlgorithm::RsaSha384,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512" => SignatureAlgorithm::RsaSha512,
            other => {
                return Err(Error::new(
                    ErrorKind::AlgorithmForbidden,
                    format!("expected a SignatureMethod of RSA-SHA1/256/384/512, found {other:?}"),
                ))
            }
        })
    }

    /// The algorithm's URI.
    pub fn uri(self) -> &'static str {
        match self {
            SignatureAlgorithm::RsaSha1 => "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            SignatureAlgorithm::RsaSha256 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            SignatureAlgorithm::RsaSha384 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
            SignatureAlgorithm::RsaSha512 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
        }
    }

    /// The digest the signature is computed over.
    pub fn digest_algorithm(self) -> DigestAlgorithm {
        match self {
            SignatureAlgorithm::RsaSha1 => DigestAlgorithm::Sha1,
            SignatureAlgorithm::RsaSha256 => DigestAlgorithm::Sha256,
            SignatureAlgorithm::RsaSha384 => DigestAlgorithm::Sha384,
            SignatureAlgorithm::RsaSha512 => DigestAlgorithm::Sha512,
        }
    }

    /// Whether `signature` over `message` verifies with `key`.
    pub fn verify(self, key: &RsaPublicKey, message: &[u8], signature: &[u8]) -> bool {
        let digest = self.digest_algorithm();
        super::rsa_verify::verify(
            key,
            digest.digest_info_prefix(),
            &digest.digest(message),
            signature,
        )
    }

    /// Whether `signature` verifies with `key` over a message whose digest (by
    /// [`SignatureAlgorithm::digest_algorithm`]) is `hashed`.
    pub(crate) fn verify_digest(self, key: &RsaPublicKey, hashed: &[u8], signature: &[u8]) -> bool {
        let digest = self.digest_algorithm();
        super::rsa_verify::verify(key, digest.digest_info_prefix(), hashed, signature)
    }
}

/// A digest function's running state.
#[derive(Clone, Debug)]
enum HashState {
    Sha1(Sha1),
    Sha256(Sha256),
    Sha384(Sha384),
    Sha512(Sha512),
}

impl HashState {
    fn new(algorithm: DigestAlgorithm) -> HashState {
        match algorithm {
            DigestAlgorithm::Sha1 => HashState::Sha1(Sha1::new()),
            DigestAlgorithm::Sha256 => HashState::Sha256(Sha256::new()),
            DigestAlgorithm::Sha384 => HashState::Sha384(Sha384::new()),
            DigestAlgorithm::Sha512 => HashState::Sha512(Sha512::new()),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            HashState::Sha1(h) => h.update(bytes),
            HashState::Sha256(h) => h.update(bytes),
            HashState::Sha384(h) => h.update(bytes),
            HashState::Sha512(h) => h.update(bytes),
        }
    }

    fn finish(self) -> Vec<u8> {
        match self {
            HashState::Sha1(h) => h.finalize().to_vec(),
            HashState::Sha256(h) => h.finalize().to_vec(),
            HashState::Sha384(h) => h.finalize().to_vec(),
            HashState::Sha512(h) => h.finalize().to_vec(),
        }
    }
}

/// How many bytes are gathered before the digest function is called (C14N writes many short
/// pieces; the digest is fastest on long ones).
const HASH_CHUNK: usize = 4096;

/// A digest fed as a canonical form is written ([`super::c14n::Sink`]), through a fixed
/// buffer: the canonical form itself is never kept.
#[derive(Clone, Debug)]
pub(crate) struct Hashing {
    state: HashState,
    buffer: Vec<u8>,
}

impl Hashing {
    pub(crate) fn new(algorithm: DigestAlgorithm) -> Hashing {
        Hashing {
            state: HashState::new(algorithm),
            buffer: Vec::with_capacity(HASH_CHUNK),
        }
    }

    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.state.update(&self.buffer);
        self.state.finish()
    }
}

impl super::c14n::Sink for Hashing {
    fn write(&mut self, bytes: &[u8]) {
        if self.buffer.len() + bytes.len() > HASH_CHUNK {
            self.state.update(&self.buffer);
            self.buffer.clear();
            if bytes.len() >= HASH_CHUNK {
                self.state.update(bytes);
                return;
            }
        }
        self.buffer.extend_from_slice(bytes);
    }
}

/// A canonical form kept and digested in the same pass (the kept bytes are digested in chunks
/// as they grow).
pub(crate) struct KeepAndHash<'a> {
    kept: &'a mut Vec<u8>,
    state: HashState,
    hashed: usize,
}

impl<'a> KeepAndHash<'a> {
    pub(crate) fn new(kept: &'a mut Vec<u8>, algorithm: DigestAlgorithm) -> KeepAndHash<'a> {
        let hashed = kept.len();
        KeepAndHash {
            kept,
            state: HashState::new(algorithm),
            hashed,
        }
    }

    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.state
            .update(self.kept.get(self.hashed..).unwrap_or(&[]));
        self.state.finish()
    }
}

impl super::c14n::Sink for KeepAndHash<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.kept.extend_from_slice(bytes);
        if self.kept.len() - self.hashed >= HASH_CHUNK {
            self.state
                .update(self.kept.get(self.hashed..).unwrap_or(&[]));
            self.hashed = self.kept.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_info_prefixes_match_the_rsa_crate() {
        use rsa::Pkcs1v15Sign;
        for (d, scheme) in [
            (DigestAlgorithm::Sha1, Pkcs1v15Sign::new::<Sha1>()),
            (DigestAlgorithm::Sha256, Pkcs1v15Sign::new::<Sha256>()),
            (DigestAlgorithm::Sha384, Pkcs1v15Sign::new::<Sha384>()),
            (DigestAlgorithm::Sha512, Pkcs1v15Sign::new::<Sha512>()),
        ] {
            assert_eq!(d.digest_info_prefix(), &scheme.prefix[..], "{d:?}");
            assert_eq!(scheme.hash_len, Some(d.digest(b"").len()));
        }
    }

    #[test]
    fn uris_round_trip() {
        for d in [
            DigestAlgorithm::Sha1,
            DigestAlgorithm::Sha256,
            DigestAlgorithm::Sha384,
            DigestAlgorithm::Sha512,
        ] {
            assert_eq!(DigestAlgorithm::from_uri(d.uri()).unwrap(), d);
        }
        for s in [
            SignatureAlgorithm::RsaSha1,
            SignatureAlgorithm::RsaSha256,
            SignatureAlgorithm::RsaSha384,
            SignatureAlgorithm::RsaSha512,
        ] {
            assert_eq!(SignatureAlgorithm::from_uri(s.uri()).unwrap(), s);
        }
    }

    #[test]
    fn others_are_forbidden() {
        for uri in [
            "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
            "http://www.w3.org/2000/09/xmldsig#dsa-sha1",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-md5",
            "",
        ] {
            assert_eq!(
                SignatureAlgorithm::from_uri(uri).unwrap_err().kind(),
                ErrorKind::AlgorithmForbidden
            );
        }
        for uri in [
            "http://www.w3.org/2001/04/xmldsig-more#md5",
            "http://www.w3.org/2001/04/xmlenc#sha256 ",
        ] {
            assert_eq!(
                DigestAlgorithm::from_uri(uri).unwrap_err().kind(),
                ErrorKind::AlgorithmForbidden
            );
        }
    }

    #[test]
    fn digest_lengths() {
        assert_eq!(DigestAlgorithm::Sha1.digest(b"").len(), 20);
        assert_eq!(DigestAlgorithm::Sha256.digest(b"").len(), 32);
        assert_eq!(DigestAlgorithm::Sha384.digest(b"").len(), 48);
        assert_eq!(DigestAlgorithm::Sha512.digest(b"").len(), 64);
    }
}
