//! A signer for a **local test IdP**: enveloped XML-Signatures over one element (a SAML
//! `Assertion`), as the Maestrano platform signs its SSO responses.
//!
//! **Not for production, and never used by the libraries.** The `rsa` crate's private-key
//! operations are not constant-time: their timing leaks information about the key (the Marvin
//! attack, RUSTSEC-2023-0071). That is acceptable for a sandbox that signs with a throw-away key
//! on 127.0.0.1, and unacceptable anywhere an attacker can time signatures. This module is
//! therefore behind the non-default `idp` feature, which only the local sandbox enables; the
//! SDK libraries verify signatures (public-key operations only) and never sign.
//!
//! What [`Signer::sign_enveloped`] produces is exactly what [`crate::xmldsig::verify_enveloped`]
//! accepts: one `ds:Signature` inserted as a direct child of the signed element, immediately after
//! its `saml:Issuer` (or first when it has none), with one `Reference` to `#<ID>`, the
//! enveloped-signature and exclusive C14N transforms, exclusive C14N for `SignedInfo`, RSA PKCS#1
//! v1.5 with SHA-1/256/384/512, and the certificate in `KeyInfo/X509Data`. Digest and
//! `SignedInfo` are both computed with [`crate::xmldsig::c14n::canonicalize`] over the strict
//! parser's [`Document`], so the bytes signed are the bytes a verifier canonicalises.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding, Signer as _};
use rsa::RsaPrivateKey;
use sha1::Sha1;
use sha2::{Sha256, Sha384, Sha512};

use crate::error::{Error, ErrorKind, Result};
use crate::xml::{is_ncname, Document, Limits};
use crate::xmldsig::c14n::canonicalize;
use crate::xmldsig::{
    find_signature, SignatureAlgorithm, DSIG_NAMESPACE, ENVELOPED_SIGNATURE, EXC_C14N,
    SAML_ASSERTION_NAMESPACE,
};

/// A signing identity: an RSA private key, the DER of its certificate (published in `KeyInfo`)
/// and the signature algorithm (the reference digest uses the same hash).
#[derive(Clone)]
pub struct Signer {
    key: RsaPrivateKey,
    certificate_der: Vec<u8>,
    algorithm: SignatureAlgorithm,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("algorithm", &self.algorithm)
            .field("certificate_der_len", &self.certificate_der.len())
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer with `key`, publishing `certificate_der` (the certificate of `key`'s public
    /// half) in `KeyInfo`, signing with `algorithm` (`RsaSha1` like the platform, or
    /// `RsaSha256`, ...).
    pub fn new(
        key: RsaPrivateKey,
        certificate_der: Vec<u8>,
        algorithm: SignatureAlgorithm,
    ) -> Self {
        Signer {
            key,
            certificate_der,
            algorithm,
        }
    }

    /// The signature algorithm.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// The RSA PKCS#1 v1.5 signature of `message` with this signer's algorithm.
    pub fn sign_bytes(&self, message: &[u8]) -> Result<Vec<u8>> {
        let key = self.key.clone();
        let signed = match self.algorithm {
            SignatureAlgorithm::RsaSha1 => SigningKey::<Sha1>::new(key).try_sign(message),
            SignatureAlgorithm::RsaSha256 => SigningKey::<Sha256>::new(key).try_sign(message),
            SignatureAlgorithm::RsaSha384 => SigningKey::<Sha384>::new(key).try_sign(message),
            SignatureAlgorithm::RsaSha512 => SigningKey::<Sha512>::new(key).try_sign(message),
        };
        signed.map(|s| s.to_vec()).map_err(|e| {
            Error::new(
                ErrorKind::SignatureInvalid,
                format!("expected to sign with the IdP key, found an RSA error: {e}"),
            )
        })
    }

    /// Signs the element of `xml` whose unqualified `ID` attribute is `id` with an enveloped
    /// signature and returns the document with the `ds:Signature` inserted (the rest of the
    /// text is kept byte for byte).
    ///
    /// Errors: `id` not an NCName, no element with that `ID`,
    /// an empty-element tag (`<x ID="…"/>`) or an element already signed →
    /// `unexpected_structure`; `xml` refused by the strict parser → its kinds; an RSA failure
    /// → `signature_invalid`.
    pub fn sign_enveloped(&self, xml: &str, id: &str) -> Result<String> {
        if !is_ncname(id) {
            return Err(structure(format!(
                "expected an xs:ID (an NCName) to reference, found {id:?}"
            )));
        }
        let doc = Document::parse(xml.as_bytes(), &Limits::default())?;
        let element = doc.element_by_id(id).ok_or_else(|| {
            structure(format!(
                "expected an element with ID {id:?} to sign, found none"
            ))
        })?;
        if find_signature(&doc, element)?.is_some() {
            return Err(structure(format!(
                "expected the element with ID {id:?} to be unsigned, found a ds:Signature in it"
            )));
        }
        // Enveloped-signature then exclusive C14N: the signature is not there yet, so the node
        // set is the whole element.
        let digest_algorithm = self.algorithm.digest_algorithm();
        let digest = digest_algorithm.digest(&canonicalize(&doc, element, None, &[])?);

        let signed_info = format!(
            "<ds:SignedInfo xmlns:ds=\"{DSIG_NAMESPACE}\">\
             <ds:CanonicalizationMethod Algorithm=\"{EXC_C14N}\"></ds:CanonicalizationMethod>\
             <ds:SignatureMethod Algorithm=\"{signature_method}\"></ds:SignatureMethod>\
             <ds:Reference URI=\"#{uri}\"><ds:Transforms>\
             <ds:Transform Algorithm=\"{ENVELOPED_SIGNATURE}\"></ds:Transform>\
             <ds:Transform Algorithm=\"{EXC_C14N}\"></ds:Transform></ds:Transforms>\
             <ds:DigestMethod Algorithm=\"{digest_method}\"></ds:DigestMethod>\
             <ds:DigestValue>{digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>",
            signature_method = self.algorithm.uri(),
            uri = super::request::xml_escape(id),
            digest_method = digest_algorithm.uri(),
            digest = STANDARD.encode(digest),
        );
        // SignedInfo uses only the `ds` prefix, so its exclusive canonical form is the same
        // standalone as inside the document (no other namespace is visibly utilised).
        let signed_info_doc = Document::parse(signed_info.as_bytes(), &Limits::default())?;
        let canonical_signed_info =
            canonicalize(&signed_info_doc, signed_info_doc.root(), None, &[])?;
        let signature_value = self.sign_bytes(&canonical_signed_info)?;

        let signature = format!(
            "<ds:Signature xmlns:ds=\"{DSIG_NAMESPACE}\">{signed_info}\
             <ds:SignatureValue>{value}</ds:SignatureValue>\
             <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate>\
             </ds:X509Data></ds:KeyInfo></ds:Signature>",
            value = STANDARD.encode(signature_value),
            certificate = STANDARD.encode(&self.certificate_der),
        );
        let at = insertion_offset(xml, id)?;
        let mut out = String::with_capacity(xml.len() + signature.len());
        out.push_str(xml.get(..at).ok_or_else(|| offset_error(at))?);
        out.push_str(&signature);
        out.push_str(xml.get(at..).ok_or_else(|| offset_error(at))?);

        // The placement must be the one verifiers accept.
        let signed = Document::parse(out.as_bytes(), &Limits::default())?;
        let placed = signed
            .element_by_id(id)
            .map(|e| find_signature(&signed, e))
            .transpose()?
            .flatten();
        if placed.is_none() {
            return Err(structure(
                "expected the inserted ds:Signature to sit right after saml:Issuer, found it elsewhere",
            ));
        }
        Ok(out)
    }
}

fn structure(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::UnexpectedStructure, message)
}

fn offset_error(at: usize) -> Error {
    structure(format!(
        "expected a character boundary at byte {at} to insert the signature, found none"
    ))
}

fn xml_error(e: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::MalformedXml,
        format!("expected well-formed XML: {e}"),
    )
}

/// The byte offset where the signature of the element `ID = id` goes: right after the end of
/// its first direct `saml:Issuer` child, or right after its start tag when it has none.
fn insertion_offset(xml: &str, id: &str) -> Result<usize> {
    let mut reader = NsReader::from_str(xml);
    let mut depth: usize = 0;
    // (depth of the signed element's children, offset after its start tag)
    let mut target: Option<(usize, usize)> = None;
    let mut in_issuer = false;
    loop {
        let (ns, event) = reader.read_resolved_event().map_err(xml_error)?;
        let issuer = match &event {
            Event::Start(e) | Event::Empty(e) => is_issuer(&ns, e.local_name().as_ref()),
            _ => false,
        };
        let position = usize::try_from(reader.buffer_position()).map_err(xml_error)?;
        match event {
            Event::Start(start) => {
                depth += 1;
                match target {
                    None => {
                        if has_id(&start, id)? {
                            target = Some((depth + 1, position));
                        }
                    }
                    Some((child_depth, _)) if depth == child_depth => {
                        in_issuer |= issuer;
                    }
                    Some(_) => {}
                }
            }
            Event::Empty(start) => match target {
                None if has_id(&start, id)? => {
                    return Err(structure(format!(
                        "expected the element with ID {id:?} to have a start and an end tag, found an empty-element tag"
                    )))
                }
                Some((child_depth, _))
                    if depth + 1 == child_depth && issuer =>
                {
                    return Ok(position)
                }
                _ => {}
            },
            Event::End(_) => {
                if let Some((child_depth, after_start)) = target {
                    if in_issuer && depth == child_depth {
                        return Ok(position);
                    }
                    if depth + 1 == child_depth {
                        // The signed element ends without a saml:Issuer child.
                        return Ok(after_start);
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => {
                return Err(structure(format!(
                    "expected an element with ID {id:?} to sign, found none"
                )))
            }
            _ => {}
        }
    }
}

fn is_issuer(ns: &ResolveResult<'_>, local_name: &[u8]) -> bool {
    matches!(ns, ResolveResult::Bound(n) if n.as_ref() == SAML_ASSERTION_NAMESPACE.as_bytes())
        && local_name == b"Issuer"
}

fn has_id(start: &quick_xml::events::BytesStart<'_>, id: &str) -> Result<bool> {
    for attribute in start.attributes() {
        let attribute = attribute.map_err(xml_error)?;
        if attribute.key.as_ref() == b"ID" {
            return Ok(attribute.unescape_value().map_err(xml_error)? == id);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmldsig::{verify_enveloped, DigestAlgorithm, TrustedKeys, VerifyOptions};
    use rsa::pkcs8::DecodePrivateKey;

    /// Throw-away RSA-1024 key (PKCS#8 DER, base64), made with openssl for this test only.
    const KEY_1024: &[&str] = &[
        "MIICdQIBADANBgkqhkiG9w0BAQEFAASCAl8wggJbAgEAAoGBAMMPWUWfQNHV3cuhIri+/9zLT/RlEczLNSMnL0B9HvJtXF4W",
        "lbZBg33bL+oqtJAToOUsauRVG9lNMt8SNj4UVGAxcSTPrOwKJvh/fCUAOK7UUEMt5UkJjJBaJcBQWtBc6ZsCvvjpsSd5BgGO",
        "enrqI3KUPHw/1BCc76xeZBiQTu4NAgMBAAECgYBKYnAIvNJbMtOB89Dp4uxvppi2+lPvZQ6+eRLr5MsIZ+vxdWtiNVmPhSag",
        "heiViOayfl3E9S/Jjkb4ClnlEpuZ6FuKLbQFVcDU9QVeC6fG2rxWCZq8QI0rQ6TG6ETqOivGeVrn/Os26PwPhGmTXC3X7DOM",
        "NBEOzC4WcrpcAezIAQJBAPCJi78TzWZIMIrxh8mFlVU22tQE+DyCVoeQfmUb0qwxH0BFpqONf4HKHLPx+Herc35fyCcb3aev",
        "rHchBzifux0CQQDPmWUuHgFd/SfFufKXViWZShNk2V9FkXrhK0Zf0P5a8YLrGufT35n97FGsYuYI6OBVqaWYlWytK1J/LpgZ",
        "pJuxAkBIF1FU8WBsOVKjMgSad3jsU0Z+qQalTAMXGk1njFE13nsZTkbFWhFPGv5DSFBJvY8d3yMj5YwnR9WO1s1NQUJZAkAi",
        "lAZKXC0WHqiVQpeppWu10KTSU3KO/+BbyP170C/NrhSEXILow4G+zbH86KwwJ7nWCt/OPnVPkru2+2fSPZzBAkAvMMRsCOtg",
        "c6PV6+gmYT2NBUDBwQcZ3MC2A6ovkweoI3AmCY/2GCrfnKZdqfV4Ug9b68LutpUwDickAUqfZOgA",
    ];
    /// Its self-signed certificate (DER, base64).
    const CERT_1024: &[&str] = &[
        "MIICLDCCAZWgAwIBAgIUV08Svt7qgc1ajPliiHhrVwgqQfUwDQYJKoZIhvcNAQELBQAwJzElMCMGA1UEAwwcaWRwLXRlc3Qt",
        "MTAyNC5tYWVzdHJhbm8udGVzdDAgFw0yNjExMjMxNTAzNDBaGA8yMTI2MTAzMDE1MDM0MFowJzElMCMGA1UEAwwcaWRwLXRl",
        "c3QtMTAyNC5tYWVzdHJhbm8udGVzdDCBnzANBgkqhkiG9w0BAQEFAAOBjQAwgYkCgYEAww9ZRZ9A0dXdy6EiuL7/3MtP9GUR",
        "zMs1IycvQH0e8m1cXhaVtkGDfdsv6iq0kBOg5Sxq5FUb2U0y3xI2PhRUYDFxJM+s7Aom+H98JQA4rtRQQy3lSQmMkFolwFBa",
        "0FzpmwK++OmxJ3kGAY56euojcpQ8fD/UEJzvrF5kGJBO7g0CAwEAAaNTMFEwHQYDVR0OBBYEFPTWL/+W032QYhRvgDevNgyA",
        "m5FuMB8GA1UdIwQYMBaAFPTWL/+W032QYhRvgDevNgyAm5FuMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADgYEA",
        "FRqOphVnNnu7zV69q+u4AkcDDOf75ueb99I2BhZ0YAR+BwFirchuPyswVgRWgIL4bWBT8DLE4ysJ/R5XvUtdyaC3fHZ1I8CF",
        "O6vIFZlZwdDKsfQtzTPpAuRBc2Q4u+U31LRGmLeui6lAG9ELPbZjEc7Xm28BhYSzftaLHwsUFts=",
    ];

    /// Throw-away RSA-2048 key (PKCS#8 DER, base64), made with openssl for this test only.
    const KEY_2048: &[&str] = &[
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCovWBBe/LlIzy4NtPJHgaOXuFxTcy96X4BEfl6PxOj3bzL",
        "sErqVSLUZQUti1CTYGt/LzYSs/uXqlhOeD/U0cSG/AxakZRYb88Q03EkDYyz/TRRTy91MS4MkukLi2JZPVUdiAvN9XgJER0+",
        "uHynMZJ42ccMlbNyFA/YuDon9TxAm4fDJQ0X54qo/gvRMPexUdHDUqQtqDtkvo/sWjhhcBdlwdP9lPdgayM3PzZIUBsuuzcB",
        "DbkFvnwjAdISyg01O+x2w9JzwO20yLRDWPawyQO/ujJcpIaFHnyplQRfLqgOszw6NBivqFNVoOD8COq2eZBX8DLVeZbRr4us",
        "FVPL3FMfAgMBAAECggEAA4kuw0bsimAOwMUOJg8JHLwHP4xD58NE5SylWV1WAewlE/DM33rLB1laK1MM7EtFpWO6kqTCQ/88",
        "gq4JZGIq58s2gdu+fvK4C5NRGFJow6+UHfoQHAWpgEQmoJvNaUi11Ml9IDxuRTGRg9ClqAxyLcvrQsVZfi2TPjujpSLoUTai",
        "Aac2cMfmWYjz+CeuEDIBimcO6RzvnePqNyqDasezhm7iIOl0Su5z3Q/PWknZUzbBtT4a2wnJLuUfKUiYBwz6gCkp1w1Xrlfb",
        "6El0XyhOy/JYh5wKJ6i1TiAhJOdMvb3JgqQ60GS7FFPWnvMVcuz9QUXJK2zZw7N4xczYTUKRdQKBgQDWzYbDTCldga6/BwCN",
        "2gCOaoV9jbtAmTChOIueVEUAWI1p+vSJqDA+7hJkdi7yJAi1KdSiOMPmciSbPnJ60RLrtR3cL6DKALBrVNdNZZk/Uy1fe7oT",
        "GJE+aX31STLIY75eXJGcZbS9Dg4RfHgsP/I+YAbsILf3s0W5glSENqQ9dQKBgQDJGjnjRTOcRHbRjRe13VgijiviFhVxuKV0",
        "4q8xxgxxYWybHLV+CIvx2p5vaf/TyKLc9YzFFpESRhYT/O6xuAajOd9NX6lx0BrsKhKC6L7/E+v5FTEIf4kOOWj5YZ8uYc2U",
        "eEskF8eUhDXIIyQtgcymiDlZ3gFusqkJyzOaaswXwwKBgQCKf1o08hZ5w/P4F3uz+qwBJ42KtqfVrvA8A0mCfLNA1dfYTYb+",
        "ewMgkEArpkf+uF0k8iO3tQIaw932ev01Uzjv4YevQMZbeLZHfhyUOr3kpqzKs+v2BBEiPMKKNPgZXLaSAP2h6bHvc/B+NdMG",
        "NPTsYt4TwcTcYSrDwdTcqp6bQQKBgFm7rRbfGw9gcVBBz9GjqZ8Jp0Ujq3/p71I/kAL6pzS0TxzLa6SINcG+VjHKr4+VmC5W",
        "FvEeh68KvPFATFXakoOk4CILTHVvcYPtpgLpzcfN4N5s+UscdVB2h4O3bqroky3rm0PIpJJ9h+382DjCEUpBwK175VG6wLiR",
        "Bj6h5t23AoGAG7F/g5nRLlMMyV7o/EZ/WjsKk25QdK61/MTjxfC+nab5MS05AI8MNHJ7LsD8led8+sLJXKf/IOt2LVKd7Mqw",
        "7E/sOUofmYHBIsnI2cjLj9VzlHrTpBj5vCLj/8H1vc00sfUT4EWQJOcxZxg9wB3KIVlZgAOgYLBEfU3eQHRB+Po=",
    ];
    /// Its self-signed certificate (DER, base64).
    const CERT_2048: &[&str] = &[
        "MIIDMTCCAhmgAwIBAgIUEqz9rxxNOFZ9fCc6MHkJ6P8AfRYwDQYJKoZIhvcNAQELBQAwJzElMCMGA1UEAwwcaWRwLXRlc3Qt",
        "MjA0OC5tYWVzdHJhbm8udGVzdDAgFw0yNjExMjMxNTAzNDBaGA8yMTI2MTAzMDE1MDM0MFowJzElMCMGA1UEAwwcaWRwLXRl",
        "c3QtMjA0OC5tYWVzdHJhbm8udGVzdDCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKi9YEF78uUjPLg208keBo5e",
        "4XFNzL3pfgER+Xo/E6PdvMuwSupVItRlBS2LUJNga38vNhKz+5eqWE54P9TRxIb8DFqRlFhvzxDTcSQNjLP9NFFPL3UxLgyS",
        "6QuLYlk9VR2IC831eAkRHT64fKcxknjZxwyVs3IUD9i4Oif1PECbh8MlDRfniqj+C9Ew97FR0cNSpC2oO2S+j+xaOGFwF2XB",
        "0/2U92BrIzc/NkhQGy67NwENuQW+fCMB0hLKDTU77HbD0nPA7bTItENY9rDJA7+6MlykhoUefKmVBF8uqA6zPDo0GK+oU1Wg",
        "4PwI6rZ5kFfwMtV5ltGvi6wVU8vcUx8CAwEAAaNTMFEwHQYDVR0OBBYEFLhoRshWev3F+UGgISoZMcFeXmh/MB8GA1UdIwQY",
        "MBaAFLhoRshWev3F+UGgISoZMcFeXmh/MA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAAoxjDkiV5d7cL9Y",
        "Yq/wc/khH2NbBSMT4fqRO6WG6dwoyJB7jENsX80qyP9jkbCjF7btQPNpkYI5MBDrDA4beI49UmLIrruJmbn1SU0F+/NV1Ait",
        "GVSRjEU9hXNxkF7pHh4Bi8Zoh2UEWE4zL990oq4yq76OMhLxMTuHZ5afGqSZXu16tEww5rzL2eGa+Zc4l2gQnAeSg5vVTGcU",
        "c0SBqWwFApNNyKEH17UGYyFiEc/3S8x37Hl6UUs+dH4BHjfOjl6UE9t/SMI9mVrb4mxMEENpSaYe4jJVe4IWN7nSmgYoZ+TV",
        "V2CcMax/xSHaNWz7Kp3r8KCBn5DPvWJDxo5GZuo=",
    ];

    fn der(parts: &[&str]) -> Vec<u8> {
        STANDARD.decode(parts.concat()).unwrap()
    }

    fn signer(bits: u32, algorithm: SignatureAlgorithm) -> (Signer, String) {
        let (key, cert) = match bits {
            1024 => (KEY_1024, CERT_1024),
            _ => (KEY_2048, CERT_2048),
        };
        let key = RsaPrivateKey::from_pkcs8_der(&der(key)).unwrap();
        (Signer::new(key, der(cert), algorithm), cert.concat())
    }

    /// A platform-shaped Response: unsigned `samlp:Response`, Assertion in the default namespace.
    fn response(issuer_in_assertion: bool) -> String {
        let issuer = if issuer_in_assertion {
            "<Issuer>http://127.0.0.1:5100/api/v1/auth/saml</Issuer>"
        } else {
            ""
        };
        format!(
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r1\" Version=\"2.0\">\
             <Issuer xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\">idp</Issuer>\
             <Assertion xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_a1\" Version=\"2.0\">{issuer}\
             <Subject><NameID>usr-1</NameID></Subject>\
             <AttributeStatement><Attribute Name=\"name\"><AttributeValue>A &amp; B &lt;c&gt; \"q\"</AttributeValue></Attribute>\
             </AttributeStatement></Assertion></samlp:Response>"
        )
    }

    fn verify(xml: &str, cert: &str, strict: bool) -> crate::Result<crate::xmldsig::SignedView> {
        let doc = Document::parse(xml.as_bytes(), &Limits::default()).unwrap();
        let assertion = doc.element_by_id("_a1").unwrap();
        let keys = TrustedKeys::new(&[cert.to_owned()], &[]).unwrap();
        verify_enveloped(
            &doc,
            assertion,
            &keys,
            &VerifyOptions {
                strict_algorithms: strict,
            },
        )
    }

    #[test]
    fn signed_assertions_verify_with_the_core() {
        for (bits, algorithm, digest) in [
            (2048, SignatureAlgorithm::RsaSha256, DigestAlgorithm::Sha256),
            (1024, SignatureAlgorithm::RsaSha1, DigestAlgorithm::Sha1),
            (2048, SignatureAlgorithm::RsaSha512, DigestAlgorithm::Sha512),
        ] {
            for with_issuer in [true, false] {
                let (signer, cert) = signer(bits, algorithm);
                let unsigned = response(with_issuer);
                let signed = signer.sign_enveloped(&unsigned, "_a1").unwrap();
                let view = verify(&signed, &cert, false).unwrap();
                assert_eq!(view.signature_algorithm, algorithm);
                assert_eq!(view.digest_algorithm, digest);
                // Only the signature was added.
                let start = signed.find("<ds:Signature").unwrap();
                let end = signed.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
                assert_eq!(format!("{}{}", &signed[..start], &signed[end..]), unsigned);
                if with_issuer {
                    assert!(signed[..start].ends_with("/auth/saml</Issuer>"));
                } else {
                    assert!(signed[..start].ends_with("Version=\"2.0\">"));
                }
            }
        }
    }

    #[test]
    fn strict_mode_refuses_the_legacy_signature() {
        let (signer, cert) = signer(1024, SignatureAlgorithm::RsaSha1);
        let signed = signer.sign_enveloped(&response(true), "_a1").unwrap();
        assert_eq!(
            verify(&signed, &cert, true).unwrap_err().kind(),
            ErrorKind::AlgorithmForbidden
        );
        let (signer, cert) = signer_2048();
        let signed = signer.sign_enveloped(&response(true), "_a1").unwrap();
        assert!(verify(&signed, &cert, true).is_ok());
    }

    fn signer_2048() -> (Signer, String) {
        signer(2048, SignatureAlgorithm::RsaSha256)
    }

    #[test]
    fn tampering_and_wrong_keys_are_detected() {
        let (signer, cert) = signer_2048();
        let signed = signer.sign_enveloped(&response(true), "_a1").unwrap();
        let tampered = signed.replace("usr-1", "usr-2");
        assert_eq!(
            verify(&tampered, &cert, false).unwrap_err().kind(),
            ErrorKind::DigestMismatch
        );
        let other = CERT_1024.concat();
        assert!(verify(&signed, &other, false).is_err());
    }

    #[test]
    fn refusals() {
        let (signer, _) = signer_2048();
        let kind = |xml: &str, id: &str| signer.sign_enveloped(xml, id).unwrap_err().kind();
        assert_eq!(
            kind(&response(true), "_nope"),
            ErrorKind::UnexpectedStructure
        );
        assert_eq!(kind("<a ID=\"x\"/>", "x"), ErrorKind::UnexpectedStructure);
        assert_eq!(
            kind("<a ID=\"a&amp;b\"></a>", "a&b"),
            ErrorKind::UnexpectedStructure
        );
        assert_eq!(kind("<a ID=\"x\">", "x"), ErrorKind::MalformedXml);
        let signed = signer.sign_enveloped(&response(true), "_a1").unwrap();
        assert_eq!(kind(&signed, "_a1"), ErrorKind::UnexpectedStructure);
    }
}
