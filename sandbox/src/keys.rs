//! The IdP's signing key pair and self-signed certificate, generated in pure Rust on first use
//! and kept in the data folder: `idp-rsa2048.key.pem` / `idp-rsa2048.cert.pem` (the default,
//! RSA-SHA256) and `idp-rsa1024.*` (for `--legacy-signing`, RSA-SHA1 like the real platform).
//!
//! The `rsa` crate's private-key operations are not constant-time (RUSTSEC-2023-0071): fine for
//! a throw-away key on 127.0.0.1, which is all this is.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use maestrano_core::saml::idp::Signer;
use maestrano_core::xmldsig::SignatureAlgorithm;
use rand_core::{OsRng, RngCore};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::RsaPrivateKey;
use sha1::{Digest, Sha1};
use sha2::Sha256;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::der::{DecodePem, Encode, EncodePem};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::Validity;
use x509_cert::Certificate;

/// The IdP identity in use.
pub struct IdpIdentity {
    /// Signs assertions.
    pub signer: Signer,
    /// The certificate, PEM.
    pub certificate_pem: String,
    /// SHA-1 of the certificate's DER, lower-case hex pairs joined by `:`.
    pub fingerprint_sha1: String,
    /// Key size in bits.
    pub bits: usize,
}

/// Loads the key pair for the chosen mode from `dir`, generating it (and its certificate) when
/// absent. Legacy mode: RSA-1024 + RSA-SHA1; default: RSA-2048 + RSA-SHA256.
pub fn load_or_create(dir: &Path, legacy: bool) -> Result<IdpIdentity, String> {
    let (bits, algorithm) = if legacy {
        (1024, SignatureAlgorithm::RsaSha1)
    } else {
        (2048, SignatureAlgorithm::RsaSha256)
    };
    let key_path = dir.join(format!("idp-rsa{bits}.key.pem"));
    let cert_path = dir.join(format!("idp-rsa{bits}.cert.pem"));
    let (key, certificate_pem) = if key_path.exists() && cert_path.exists() {
        let key_pem = std::fs::read_to_string(&key_path)
            .map_err(|e| format!("reading {}: {e}", key_path.display()))?;
        let key = RsaPrivateKey::from_pkcs8_pem(&key_pem)
            .map_err(|e| format!("{}: not a PKCS#8 RSA key: {e}", key_path.display()))?;
        let cert = std::fs::read_to_string(&cert_path)
            .map_err(|e| format!("reading {}: {e}", cert_path.display()))?;
        (key, cert)
    } else {
        let key = RsaPrivateKey::new(&mut OsRng, bits)
            .map_err(|e| format!("generating an RSA-{bits} key: {e}"))?;
        let cert = self_signed_certificate(&key)?;
        let key_pem = key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| format!("encoding the key: {e}"))?;
        write_private(&key_path, key_pem.as_bytes())?;
        std::fs::write(&cert_path, cert.as_bytes())
            .map_err(|e| format!("writing {}: {e}", cert_path.display()))?;
        (key, cert)
    };
    let certificate = Certificate::from_pem(certificate_pem.as_bytes())
        .map_err(|e| format!("{}: not a PEM certificate: {e}", cert_path.display()))?;
    let der = certificate
        .to_der()
        .map_err(|e| format!("encoding the certificate: {e}"))?;
    let fingerprint_sha1 = Sha1::digest(&der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":");
    Ok(IdpIdentity {
        signer: Signer::new(key, der, algorithm),
        certificate_pem,
        fingerprint_sha1,
        bits,
    })
}

fn self_signed_certificate(key: &RsaPrivateKey) -> Result<String, String> {
    let err = |what: &str, e: &dyn std::fmt::Display| format!("{what}: {e}");
    let mut serial = [0u8; 16];
    OsRng.fill_bytes(&mut serial);
    serial[0] &= 0x7f; // positive
    serial[0] |= 0x01; // no leading zero byte
    let serial = SerialNumber::new(&serial).map_err(|e| err("serial number", &e))?;
    let validity = Validity::from_now(Duration::from_secs(20 * 365 * 86_400))
        .map_err(|e| err("validity", &e))?;
    let subject = Name::from_str("CN=Maestrano Sandbox IdP,O=Maestrano Sandbox,C=AU")
        .map_err(|e| err("subject", &e))?;
    let public = SubjectPublicKeyInfoOwned::from_key(key.to_public_key())
        .map_err(|e| err("public key", &e))?;
    let signing_key = rsa::pkcs1v15::SigningKey::<Sha256>::new(key.clone());
    let builder = CertificateBuilder::new(
        Profile::Root,
        serial,
        validity,
        subject,
        public,
        &signing_key,
    )
    .map_err(|e| err("certificate", &e))?;
    let cert = builder
        .build::<rsa::pkcs1v15::Signature>()
        .map_err(|e| err("signing the certificate", &e))?;
    cert.to_pem(LineEnding::LF)
        .map_err(|e| err("encoding the certificate", &e))
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    Ok(())
}
