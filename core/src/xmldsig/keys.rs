//! Trusted keys (docs/spec.md §3 step 4, docs/security.md R3): configured certificates and
//! fingerprints, and the selection of verification keys, where a KeyInfo certificate is only ever a
//! hint matched against the configuration.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::der::{self, CONTEXT_0, SEQUENCE};
use super::rsa_verify::RsaPublicKey;
use crate::{Error, ErrorKind, Result};

/// A configured certificate: its exact DER and its RSA public key.
#[derive(Clone, Debug)]
struct TrustedCertificate {
    der: Vec<u8>,
    key: RsaPublicKey,
}

/// A configured fingerprint (SHA-1 or SHA-256 of a certificate's DER).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Fingerprint {
    Sha1(Vec<u8>),
    Sha256(Vec<u8>),
}

impl Fingerprint {
    fn matches(&self, der: &[u8]) -> bool {
        let (expected, actual) = match self {
            Fingerprint::Sha1(fp) => (fp, Sha1::digest(der).to_vec()),
            Fingerprint::Sha256(fp) => (fp, Sha256::digest(der).to_vec()),
        };
        bool::from(expected.as_slice().ct_eq(actual.as_slice()))
    }
}

/// The keys a signature may be verified with: configured certificates (a list, for rotation)
/// and/or configured fingerprints (a list). Never anything else.
#[derive(Clone, Debug)]
pub struct TrustedKeys {
    certificates: Vec<TrustedCertificate>,
    fingerprints: Vec<Fingerprint>,
}

/// The verification keys chosen for one signature.
pub(crate) struct Selection {
    /// Keys to try, pinned ones only.
    pub keys: Vec<RsaPublicKey>,
    /// KeyInfo carried certificates, none of which is trusted.
    pub key_info_untrusted: bool,
}

fn config_invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::ConfigInvalid, message)
}

impl TrustedKeys {
    /// Builds the trusted set. Each certificate is PEM (one or more `CERTIFICATE` blocks) or
    /// bare base64 DER (white space and literal `\n` allowed); each fingerprint is the SHA-1
    /// (40 hex digits) or SHA-256 (64) of a certificate's DER, any case, `:` and spaces
    /// allowed. Anything unusable, a non-RSA certificate, or nothing at all, is `config_invalid`.
    pub fn new(certificates: &[String], fingerprints: &[String]) -> Result<TrustedKeys> {
        let mut trusted = TrustedKeys {
            certificates: Vec::new(),
            fingerprints: Vec::new(),
        };
        for (i, text) in certificates.iter().enumerate() {
            for der in decode_certificate_text(text)
                .map_err(|m| config_invalid(format!("certificate #{}: {m}", i + 1)))?
            {
                let key = rsa_key_from_der(&der)
                    .map_err(|m| config_invalid(format!("certificate #{}: {m}", i + 1)))?;
                trusted.certificates.push(TrustedCertificate { der, key });
            }
        }
        for (i, text) in fingerprints.iter().enumerate() {
            trusted.fingerprints.push(
                parse_fingerprint(text)
                    .map_err(|m| config_invalid(format!("fingerprint #{}: {m}", i + 1)))?,
            );
        }
        if trusted.certificates.is_empty() && trusted.fingerprints.is_empty() {
            return Err(config_invalid(
                "expected at least one IdP certificate or fingerprint, found none",
            ));
        }
        Ok(trusted)
    }

    /// The number of configured certificates.
    pub fn certificate_count(&self) -> usize {
        self.certificates.len()
    }

    /// The number of configured fingerprints.
    pub fn fingerprint_count(&self) -> usize {
        self.fingerprints.len()
    }

    /// Chooses the keys to verify with, given the DER certificates found in KeyInfo.
    ///
    /// A KeyInfo certificate is used when its exact DER equals a configured certificate or its
    /// fingerprint matches a configured one (constant-time comparisons). When none is, the
    /// configured certificates are tried; with only fingerprints configured that is
    /// `untrusted_key`.
    pub(crate) fn select(&self, key_info: &[Vec<u8>]) -> Result<Selection> {
        let mut keys: Vec<RsaPublicKey> = Vec::new();
        let mut add = |key: RsaPublicKey| {
            // A KeyInfo repeating a trusted certificate must not multiply RSA operations.
            if !keys.contains(&key) {
                keys.push(key);
            }
        };
        for der in key_info {
            if let Some(cert) = self
                .certificates
                .iter()
                .find(|c| bool::from(c.der.as_slice().ct_eq(der.as_slice())))
            {
                add(cert.key.clone());
            } else if self.fingerprints.iter().any(|f| f.matches(der)) {
                match rsa_key_from_der(der) {
                    Ok(key) => add(key),
                    Err(m) => {
                        return Err(Error::new(
                            ErrorKind::UntrustedKey,
                            format!("the KeyInfo certificate matches a configured fingerprint but is unusable: {m}"),
                        ))
                    }
                }
            }
        }
        let key_info_untrusted = keys.is_empty() && !key_info.is_empty();
        if keys.is_empty() {
            if self.certificates.is_empty() {
                return Err(Error::new(
                    ErrorKind::UntrustedKey,
                    format!(
                        "expected a KeyInfo X509Certificate matching a configured fingerprint, found {} certificate(s), none matching",
                        key_info.len()
                    ),
                ));
            }
            for cert in &self.certificates {
                if !keys.contains(&cert.key) {
                    keys.push(cert.key.clone());
                }
            }
        }
        Ok(Selection {
            keys,
            key_info_untrusted,
        })
    }
}

/// The modulus size of `key` in bits.
pub(crate) fn key_bits(key: &RsaPublicKey) -> usize {
    key.bits()
}

/// Decodes configured certificate text into DER blobs.
fn decode_certificate_text(text: &str) -> std::result::Result<Vec<Vec<u8>>, String> {
    let text = text.replace("\\n", "\n").replace("\\r", "\r");
    let text = text.trim();
    if text.is_empty() {
        return Err("expected a PEM or base64 DER certificate, found an empty value".into());
    }
    if !text.contains("-----BEGIN") {
        let der = decode_base64(text)?;
        // base64 of a PEM (seen in peer SDK configurations): decode once more.
        if der.starts_with(b"-----BEGIN") {
            if let Ok(pem) = std::str::from_utf8(&der) {
                return decode_certificate_text(pem);
            }
        }
        return Ok(vec![der]);
    }
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + "-----BEGIN ".len()..];
        let label_end = after
            .find("-----")
            .ok_or("expected a PEM header line, found an unterminated '-----BEGIN'")?;
        let label = &after[..label_end];
        if label != "CERTIFICATE" {
            return Err(format!(
                "expected a PEM 'CERTIFICATE' block, found '{label}'"
            ));
        }
        let body_and_rest = &after[label_end + 5..];
        let footer = "-----END CERTIFICATE-----";
        let end = body_and_rest
            .find(footer)
            .ok_or("expected '-----END CERTIFICATE-----', found none")?;
        out.push(decode_base64(&body_and_rest[..end])?);
        rest = &body_and_rest[end + footer.len()..];
    }
    Ok(out)
}

/// Strict standard base64 with white space ignored.
pub(crate) fn decode_base64(text: &str) -> std::result::Result<Vec<u8>, String> {
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\n'))
        .collect();
    if compact.is_empty() {
        return Err("expected base64 data, found none".into());
    }
    STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| format!("expected standard base64, found invalid data ({e})"))
}

/// The RSA public key of a DER X.509 certificate.
///
/// Only the key matters (pinning ignores validity dates and issuers, like the peer SDKs), so the
/// certificate is read for its `subjectPublicKeyInfo` alone, by its position in
/// `tbsCertificate`: a certificate that a strict X.509 decoder refuses elsewhere (the OneLogin
/// test certificate has an empty signature-algorithm OID) is usable, and no full X.509 decoder is
/// linked (it was a fifth of the wasm module).
pub(crate) fn rsa_key_from_der(der: &[u8]) -> std::result::Result<RsaPublicKey, String> {
    let spki = certificate_spki(der)
        .map_err(|e| format!("expected a DER X.509 certificate, found an undecodable one ({e})"))?;
    RsaPublicKey::from_spki(spki)
        .map_err(|e| format!("expected an RSA public key of at most 4096 bits ({e})"))
}

/// The DER `subjectPublicKeyInfo` of a certificate, reading only its TLV structure:
/// `Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber,
/// signature, issuer, validity, subject, subjectPublicKeyInfo, ... }, ... }` (RFC 5280 §4.1.1).
/// The whole input must be that one DER value.
fn certificate_spki(input: &[u8]) -> std::result::Result<&[u8], String> {
    let certificate = der::read_exact(input, SEQUENCE, "Certificate SEQUENCE")?;
    let (tbs, _) = der::read(certificate.value)?;
    der::expect_tag(&tbs, SEQUENCE, "tbsCertificate SEQUENCE")?;
    let mut fields = Vec::new();
    let mut rest = tbs.value;
    while !rest.is_empty() && fields.len() < 7 {
        let (field, after) = der::read(rest)?;
        fields.push(field);
        rest = after;
    }
    let skip = usize::from(fields.first().map(|f| f.tag) == Some(CONTEXT_0));
    // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
    match fields.get(skip + 5) {
        Some(spki) if spki.tag == SEQUENCE => Ok(spki.encoded),
        _ => Err("expected a subjectPublicKeyInfo SEQUENCE in the tbsCertificate".into()),
    }
}

fn parse_fingerprint(text: &str) -> std::result::Result<Fingerprint, String> {
    let hex: String = text.chars().filter(|c| !matches!(c, ':' | ' ')).collect();
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!(
            "expected hexadecimal digits (with optional ':'), found {:?}",
            text.trim()
        ));
    }
    let bytes: Vec<u8> = hex
        .as_bytes()
        .chunks(2)
        .filter_map(|pair| std::str::from_utf8(pair).ok())
        .filter_map(|pair| u8::from_str_radix(pair, 16).ok())
        .collect();
    match hex.len() {
        40 => Ok(Fingerprint::Sha1(bytes)),
        64 => Ok(Fingerprint::Sha256(bytes)),
        n => Err(format!(
            "expected a SHA-1 (40 hex digits) or SHA-256 (64) fingerprint, found {n} hex digits"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_normalise() {
        let a = parse_fingerprint("C5:19:85:D9:47:F1:BE:57:08:20:25:05:08:46:EB:27:F6:CA:B7:83")
            .unwrap();
        let b = parse_fingerprint("c51985d947f1be570820250508 46eb27f6cab783").unwrap();
        assert_eq!(a, b);
        assert!(matches!(a, Fingerprint::Sha1(ref v) if v.len() == 20));
        assert!(matches!(
            parse_fingerprint(&"ab".repeat(32)).unwrap(),
            Fingerprint::Sha256(_)
        ));
        assert!(parse_fingerprint("").is_err());
        assert!(parse_fingerprint("abc").is_err());
        assert!(parse_fingerprint(&"zz".repeat(20)).is_err());
        assert!(parse_fingerprint(&"ab".repeat(21)).is_err());
    }

    #[test]
    fn bad_configuration_is_config_invalid() {
        for (certs, fps) in [
            (vec![], vec![]),
            (vec![String::new()], vec![]),
            (vec!["not base64!".to_owned()], vec![]),
            (vec!["AAAA".to_owned()], vec![]),
            (vec![], vec!["12:34".to_owned()]),
            (
                vec![
                    "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"
                        .to_owned(),
                ],
                vec![],
            ),
        ] {
            assert_eq!(
                TrustedKeys::new(&certs, &fps).unwrap_err().kind(),
                ErrorKind::ConfigInvalid
            );
        }
    }

    #[test]
    fn fingerprint_only_without_key_info_is_untrusted() {
        let keys = TrustedKeys::new(&[], &["ab".repeat(20)]).unwrap();
        assert_eq!(
            keys.select(&[]).err().map(|e| e.kind()),
            Some(ErrorKind::UntrustedKey)
        );
        assert_eq!(
            keys.select(&[vec![1, 2, 3]]).err().map(|e| e.kind()),
            Some(ErrorKind::UntrustedKey)
        );
    }
}
