//! Reading one `ds:Signature` into its parts, accepting exactly one shape (docs/security.md R2,
//! docs/spec.md §3 step 3): `SignedInfo`, `SignatureValue`, optional `KeyInfo`; in `SignedInfo` one
//! `CanonicalizationMethod` (exc-c14n), one `SignatureMethod`, one `Reference` with
//! `URI="#<NCName>"`, transforms enveloped-signature then exc-c14n, one `DigestMethod` and a
//! pure-text `DigestValue`. No `ds:Object`, no `Manifest`.
//!
//! The whole subtree is checked against this shape before anything is canonicalised or hashed,
//! so the work that follows is bounded by the shape, not by the input:
//! - method elements (`SignatureMethod`, `DigestMethod`, the enveloped-signature `Transform`)
//!   and `ec:InclusiveNamespaces` are empty (white space only);
//! - `ec:InclusiveNamespaces` carries only `PrefixList`, whose tokens are NCNames or `#default`,
//!   at most [`crate::xml::Limits::max_prefix_list`] of them (`input_too_large` beyond), and
//!   duplicates are dropped;
//! - `KeyInfo` holds only `KeyName` (text), `KeyValue` (one key-value element of text-only
//!   fields) and `X509Data` (text-only `X509Certificate`, `X509SubjectName`, `X509IssuerSerial`,
//!   `X509SKI`, `X509CRL`): no `SignedInfo`, `Signature`, `Reference` or anything else nested.
//!
//! Cost: `O(size of the ds:Signature subtree)`.

use super::algorithms::{
    DigestAlgorithm, SignatureAlgorithm, DSIG_NAMESPACE, ENVELOPED_SIGNATURE, EXC_C14N,
};
use super::keys::decode_base64;
use crate::error::excerpt;
use crate::xml::{is_ncname, Document, NodeId, NodeKind};
use crate::{Error, ErrorKind, Result};

/// Everything verification needs from one `ds:Signature`.
#[derive(Clone, Debug)]
pub(crate) struct SignatureParts {
    pub signed_info: NodeId,
    /// PrefixList of the `CanonicalizationMethod` (for canonicalising `SignedInfo`).
    pub signed_info_prefixes: Vec<String>,
    pub signature_algorithm: SignatureAlgorithm,
    /// The referenced ID (the URI without `#`).
    pub reference_id: String,
    /// PrefixList of the exc-c14n transform.
    pub reference_prefixes: Vec<String>,
    pub digest_algorithm: DigestAlgorithm,
    pub digest_value: Vec<u8>,
    pub signature_value: Vec<u8>,
    /// DER of each decodable `KeyInfo/X509Data/X509Certificate`.
    pub key_info_certificates: Vec<Vec<u8>>,
}

fn structure(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::UnexpectedStructure, message)
}

fn forbidden(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::AlgorithmForbidden, message)
}

/// A readable name for messages: `{namespace}local` (or just `local` without a namespace).
pub(crate) fn describe(doc: &Document, id: NodeId) -> String {
    match doc.element(id) {
        Some(e) => match e.namespace() {
            Some(DSIG_NAMESPACE) => format!("ds:{}", e.local_name()),
            Some(ns) => format!("{{{ns}}}{}", e.local_name()),
            None => e.local_name().to_owned(),
        },
        None => "a non-element node".to_owned(),
    }
}

/// The element children of a structural element; non-white-space text is an error.
fn element_children(doc: &Document, id: NodeId) -> Result<Vec<NodeId>> {
    let mut out = Vec::new();
    for child in doc.children(id) {
        match doc.node(*child).map(|n| n.kind()) {
            Some(NodeKind::Element(_)) => out.push(*child),
            Some(NodeKind::Text(t))
                if !t.chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n')) =>
            {
                return Err(structure(format!(
                    "expected only elements inside {}, found text {:?}",
                    describe(doc, id),
                    excerpt(t, 32)
                )))
            }
            _ => {}
        }
    }
    Ok(out)
}

fn expect_ds(doc: &Document, id: Option<NodeId>, local: &str, parent: &str) -> Result<NodeId> {
    match id {
        Some(id) if doc.is_element(id, DSIG_NAMESPACE, local) => Ok(id),
        Some(id) => Err(structure(format!(
            "expected ds:{local} in {parent}, found {}",
            describe(doc, id)
        ))),
        None => Err(structure(format!(
            "expected ds:{local} in {parent}, found nothing"
        ))),
    }
}

fn no_more(doc: &Document, extra: Option<&NodeId>, parent: &str) -> Result<()> {
    match extra {
        Some(id) => Err(structure(format!(
            "expected nothing more in {parent}, found {}",
            describe(doc, *id)
        ))),
        None => Ok(()),
    }
}

fn algorithm(doc: &Document, id: NodeId) -> Result<&str> {
    doc.element(id)
        .and_then(|e| e.attribute("Algorithm"))
        .ok_or_else(|| {
            structure(format!(
                "expected an Algorithm attribute on {}, found none",
                describe(doc, id)
            ))
        })
}

/// The text of a value element that must hold text only (no comment, element or PI).
fn pure_text(doc: &Document, id: NodeId) -> Result<String> {
    for child in doc.children(id) {
        let what = match doc.node(*child).map(|n| n.kind()) {
            Some(NodeKind::Text(_)) => continue,
            Some(NodeKind::Comment(_)) => "a comment",
            Some(NodeKind::ProcessingInstruction(_)) => "a processing instruction",
            _ => "a child element",
        };
        return Err(structure(format!(
            "expected only text in {}, found {what}",
            describe(doc, id)
        )));
    }
    Ok(doc.text(id))
}

fn base64_value(doc: &Document, id: NodeId) -> Result<Vec<u8>> {
    decode_base64(&pure_text(doc, id)?)
        .map_err(|m| structure(format!("{} is not usable: {m}", describe(doc, id))))
}

/// `id` has no child but white-space text: no element, comment, processing instruction or
/// other text.
fn expect_empty(doc: &Document, id: NodeId) -> Result<()> {
    for child in doc.children(id) {
        let what = match doc.node(*child).map(|n| n.kind()) {
            Some(NodeKind::Text(t)) if t.chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n')) => {
                continue
            }
            Some(NodeKind::Text(t)) => format!("text {:?}", excerpt(t, 32)),
            Some(NodeKind::Comment(_)) => "a comment".to_owned(),
            Some(NodeKind::ProcessingInstruction(_)) => "a processing instruction".to_owned(),
            _ => describe(doc, *child),
        };
        return Err(structure(format!(
            "expected an empty {}, found {what}",
            describe(doc, id)
        )));
    }
    Ok(())
}

/// The PrefixList of an optional `ec:InclusiveNamespaces` child; any other child is an error.
fn inclusive_prefixes(doc: &Document, method: NodeId) -> Result<Vec<String>> {
    let children = element_children(doc, method)?;
    match children.as_slice() {
        [] => Ok(Vec::new()),
        [only] if doc.is_element(*only, EXC_C14N, "InclusiveNamespaces") => {
            expect_empty(doc, *only)?;
            let attributes: Vec<_> = doc
                .element(*only)
                .map(|e| e.attributes().collect())
                .unwrap_or_default();
            match attributes.as_slice() {
                [list] if list.namespace.is_none() && list.local_name == "PrefixList" => {
                    prefix_list(list.value, doc.limits().max_prefix_list)
                }
                [] => Err(structure(
                    "expected a PrefixList attribute on ec:InclusiveNamespaces, found none",
                )),
                _ => Err(structure(format!(
                    "expected only a PrefixList attribute on ec:InclusiveNamespaces, found {}",
                    attributes
                        .iter()
                        .map(|a| excerpt(a.local_name, 32))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))),
            }
        }
        [first, ..] => Err(structure(format!(
            "expected at most one ec:InclusiveNamespaces in {}, found {}",
            describe(doc, method),
            describe(doc, *first)
        ))),
    }
}

/// The tokens of a PrefixList (`#default` becomes `""`), checked and deduplicated in order: at
/// most `max` tokens as written (`input_too_large`), each an NCName or `#default`. Stops
/// reading at the first token past `max`, so a huge list costs no more than `max` tokens.
fn prefix_list(list: &str, max: usize) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    // Duplicates found through a set: O(t log t) even when `max` is raised.
    let mut seen = std::collections::BTreeSet::new();
    for (count, token) in list
        .split([' ', '\t', '\r', '\n'])
        .filter(|t| !t.is_empty())
        .enumerate()
    {
        if count >= max {
            return Err(Error::new(
                ErrorKind::InputTooLarge,
                format!("expected at most {max} prefixes in an InclusiveNamespaces PrefixList, found more"),
            ));
        }
        let prefix = match token {
            "#default" => "",
            t if is_ncname(t) => t,
            t => {
                return Err(structure(format!(
                    "expected PrefixList tokens to be prefixes (NCNames) or #default, found {:?}",
                    excerpt(t, 32)
                )))
            }
        };
        if seen.insert(prefix) {
            out.push(prefix.to_owned());
        }
    }
    Ok(out)
}

/// Reads the signature `signature` (a `ds:Signature` element).
pub(crate) fn parse_signature(doc: &Document, signature: NodeId) -> Result<SignatureParts> {
    let children = element_children(doc, signature)?;
    if let Some(object) = children
        .iter()
        .find(|c| doc.is_element(**c, DSIG_NAMESPACE, "Object"))
    {
        return Err(structure(format!(
            "expected no ds:Object in ds:Signature, found {}",
            describe(doc, *object)
        )));
    }
    let mut it = children.iter().copied();
    let signed_info = expect_ds(doc, it.next(), "SignedInfo", "ds:Signature")?;
    let signature_value = expect_ds(doc, it.next(), "SignatureValue", "ds:Signature")?;
    let key_info = it.next();
    if let Some(k) = key_info {
        expect_ds(doc, Some(k), "KeyInfo", "ds:Signature")?;
    }
    no_more(doc, it.next().as_ref(), "ds:Signature")?;

    let si = element_children(doc, signed_info)?;
    let references = si
        .iter()
        .filter(|c| doc.is_element(**c, DSIG_NAMESPACE, "Reference"))
        .count();
    if references != 1 {
        return Err(structure(format!(
            "expected exactly one ds:Reference in ds:SignedInfo, found {references}"
        )));
    }
    let mut it = si.iter().copied();
    let c14n_method = expect_ds(doc, it.next(), "CanonicalizationMethod", "ds:SignedInfo")?;
    let signature_method = expect_ds(doc, it.next(), "SignatureMethod", "ds:SignedInfo")?;
    let reference = expect_ds(doc, it.next(), "Reference", "ds:SignedInfo")?;
    no_more(doc, it.next().as_ref(), "ds:SignedInfo")?;

    let c14n_uri = algorithm(doc, c14n_method)?;
    if c14n_uri != EXC_C14N {
        return Err(forbidden(format!(
            "expected CanonicalizationMethod {EXC_C14N:?}, found {c14n_uri:?}"
        )));
    }
    let signed_info_prefixes = inclusive_prefixes(doc, c14n_method)?;
    let signature_algorithm = SignatureAlgorithm::from_uri(algorithm(doc, signature_method)?)?;
    expect_empty(doc, signature_method)?;

    let (reference_id, reference_prefixes, digest_algorithm, digest_value) =
        parse_reference(doc, reference)?;

    Ok(SignatureParts {
        signed_info,
        signed_info_prefixes,
        signature_algorithm,
        reference_id,
        reference_prefixes,
        digest_algorithm,
        digest_value,
        signature_value: base64_value(doc, signature_value)?,
        key_info_certificates: match key_info {
            Some(k) => key_info_certificates(doc, k)?,
            None => Vec::new(),
        },
    })
}

type ReferenceParts = (String, Vec<String>, DigestAlgorithm, Vec<u8>);

fn parse_reference(doc: &Document, reference: NodeId) -> Result<ReferenceParts> {
    let element = doc.element(reference);
    let uri = element.and_then(|e| e.attribute("URI"));
    let reference_id = match uri {
        None => {
            return Err(structure(
                "expected a ds:Reference URI \"#<ID of the signed element>\", found no URI attribute",
            ))
        }
        Some("") => {
            return Err(structure(
                "expected a ds:Reference URI \"#<ID of the signed element>\", found an empty URI (whole-document references are not accepted)",
            ))
        }
        Some(uri) => match uri.strip_prefix('#') {
            Some(id) if is_ncname(id) => id.to_owned(),
            _ => {
                return Err(structure(format!(
                    "expected a ds:Reference URI \"#<ID of the signed element>\", found {uri:?}"
                )))
            }
        },
    };
    if element
        .and_then(|e| e.attribute("Type"))
        .is_some_and(|t| t == "http://www.w3.org/2000/09/xmldsig#Manifest")
    {
        return Err(structure(
            "expected no Manifest reference, found Type=Manifest",
        ));
    }

    let children = element_children(doc, reference)?;
    let mut it = children.iter().copied().peekable();
    let transforms = match it.peek() {
        Some(t) if doc.is_element(*t, DSIG_NAMESPACE, "Transforms") => it.next(),
        _ => None,
    };
    let reference_prefixes = check_transforms(doc, transforms)?;
    let digest_method = expect_ds(doc, it.next(), "DigestMethod", "ds:Reference")?;
    let digest_value = expect_ds(doc, it.next(), "DigestValue", "ds:Reference")?;
    no_more(doc, it.next().as_ref(), "ds:Reference")?;

    let digest_algorithm = DigestAlgorithm::from_uri(algorithm(doc, digest_method)?)?;
    expect_empty(doc, digest_method)?;
    Ok((
        reference_id,
        reference_prefixes,
        digest_algorithm,
        base64_value(doc, digest_value)?,
    ))
}

/// Accepts exactly enveloped-signature followed by exc-c14n; returns the PrefixList.
fn check_transforms(doc: &Document, transforms: Option<NodeId>) -> Result<Vec<String>> {
    let Some(transforms) = transforms else {
        return Err(forbidden(
            "expected ds:Transforms with enveloped-signature and exc-c14n, found none (the default would be inclusive C14N over the signature itself)",
        ));
    };
    let list = element_children(doc, transforms)?;
    if let Some(other) = list
        .iter()
        .find(|t| !doc.is_element(**t, DSIG_NAMESPACE, "Transform"))
    {
        return Err(structure(format!(
            "expected only ds:Transform in ds:Transforms, found {}",
            describe(doc, *other)
        )));
    }
    if list.len() > 2 {
        return Err(forbidden(format!(
            "expected at most two transforms, found {}",
            list.len()
        )));
    }
    let uris = list
        .iter()
        .map(|t| algorithm(doc, *t))
        .collect::<Result<Vec<_>>>()?;
    if let Some(other) = uris
        .iter()
        .find(|u| **u != ENVELOPED_SIGNATURE && **u != EXC_C14N)
    {
        return Err(forbidden(format!(
            "expected only the enveloped-signature and exc-c14n transforms, found {other:?}"
        )));
    }
    match (list.as_slice(), uris.as_slice()) {
        ([enveloped, c14n], [ENVELOPED_SIGNATURE, EXC_C14N]) => {
            expect_empty(doc, *enveloped)?;
            inclusive_prefixes(doc, *c14n)
        }
        _ => Err(forbidden(format!(
            "expected the transforms enveloped-signature then exc-c14n, found {uris:?}"
        ))),
    }
}

/// Checks the shape of `KeyInfo` and returns the DER of each decodable
/// `X509Data/X509Certificate` (used only to pick pinned keys; never trusted by itself).
fn key_info_certificates(doc: &Document, key_info: NodeId) -> Result<Vec<Vec<u8>>> {
    let mut certificates = Vec::new();
    for child in element_children(doc, key_info)? {
        if doc.is_element(child, DSIG_NAMESPACE, "X509Data") {
            for item in element_children(doc, child)? {
                let known = X509_DATA
                    .iter()
                    .any(|n| doc.is_element(item, DSIG_NAMESPACE, n));
                if !known {
                    return Err(structure(format!(
                        "expected only X509Certificate, X509SubjectName, X509IssuerSerial, X509SKI or X509CRL in ds:X509Data, found {}",
                        describe(doc, item)
                    )));
                }
                if doc.is_element(item, DSIG_NAMESPACE, "X509IssuerSerial") {
                    text_fields(doc, item)?;
                    continue;
                }
                let text = pure_text(doc, item)?;
                if doc.is_element(item, DSIG_NAMESPACE, "X509Certificate") {
                    if let Ok(der) = decode_base64(&text) {
                        certificates.push(der);
                    }
                }
            }
        } else if doc.is_element(child, DSIG_NAMESPACE, "KeyName") {
            pure_text(doc, child)?;
        } else if doc.is_element(child, DSIG_NAMESPACE, "KeyValue") {
            match element_children(doc, child)?.as_slice() {
                [value] => text_fields(doc, *value)?,
                _ => {
                    return Err(structure(
                        "expected exactly one key value (e.g. ds:RSAKeyValue) in ds:KeyValue",
                    ))
                }
            }
        } else {
            return Err(structure(format!(
                "expected only ds:X509Data, ds:KeyName or ds:KeyValue in ds:KeyInfo, found {}",
                describe(doc, child)
            )));
        }
    }
    Ok(certificates)
}

/// The children of `X509Data` the schema allows (all text, or text fields).
const X509_DATA: [&str; 5] = [
    "X509Certificate",
    "X509SubjectName",
    "X509IssuerSerial",
    "X509SKI",
    "X509CRL",
];

/// A structure of text-only fields (`RSAKeyValue`, `X509IssuerSerial`): every child element
/// holds text only.
fn text_fields(doc: &Document, id: NodeId) -> Result<()> {
    for field in element_children(doc, id)? {
        pure_text(doc, field)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::Limits;

    fn signature(signed_info_extra: &str, transforms: &str) -> String {
        format!(
            "<ds:Signature xmlns:ds=\"{DSIG_NAMESPACE}\"><ds:SignedInfo>\
             <ds:CanonicalizationMethod Algorithm=\"{EXC_C14N}\"><ec:InclusiveNamespaces xmlns:ec=\"{EXC_C14N}\" PrefixList=\"ds\"/></ds:CanonicalizationMethod>\
             <ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>\
             <ds:Reference URI=\"#a1\"><ds:Transforms>{transforms}</ds:Transforms>\
             <ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>\
             <ds:DigestValue>AAEC\nAw==</ds:DigestValue></ds:Reference>{signed_info_extra}</ds:SignedInfo>\
             <ds:SignatureValue>BAUG</ds:SignatureValue>\
             <ds:KeyInfo><ds:X509Data><ds:X509Certificate>CAkK</ds:X509Certificate></ds:X509Data><ds:KeyName>x</ds:KeyName></ds:KeyInfo>\
             </ds:Signature>"
        )
    }

    fn standard_transforms(prefixes: &str) -> String {
        format!(
            "<ds:Transform Algorithm=\"{ENVELOPED_SIGNATURE}\"/><ds:Transform Algorithm=\"{EXC_C14N}\">\
             <ec:InclusiveNamespaces xmlns:ec=\"{EXC_C14N}\" PrefixList=\"{prefixes}\"/></ds:Transform>"
        )
    }

    fn parse(xml: &str) -> Result<SignatureParts> {
        let doc = Document::parse(xml.as_bytes(), &Limits::default()).unwrap();
        parse_signature(&doc, doc.root())
    }

    #[test]
    fn reads_the_accepted_shape() {
        let parts = parse(&signature("", &standard_transforms("#default xs"))).unwrap();
        assert_eq!(parts.reference_id, "a1");
        assert_eq!(parts.signed_info_prefixes, vec!["ds".to_owned()]);
        assert_eq!(
            parts.reference_prefixes,
            vec![String::new(), "xs".to_owned()]
        );
        assert_eq!(parts.signature_algorithm, SignatureAlgorithm::RsaSha256);
        assert_eq!(parts.digest_algorithm, DigestAlgorithm::Sha256);
        assert_eq!(parts.digest_value, vec![0, 1, 2, 3]);
        assert_eq!(parts.signature_value, vec![4, 5, 6]);
        assert_eq!(parts.key_info_certificates, vec![vec![8, 9, 10]]);
    }

    #[test]
    fn refuses_other_shapes() {
        let env = format!("<ds:Transform Algorithm=\"{ENVELOPED_SIGNATURE}\"/>");
        let exc = format!("<ds:Transform Algorithm=\"{EXC_C14N}\"/>");
        for (xml, kind) in [
            (
                signature("<ds:Reference URI=\"#a1\"/>", &standard_transforms("")),
                ErrorKind::UnexpectedStructure,
            ),
            (
                signature("", &format!("{exc}{env}")),
                ErrorKind::AlgorithmForbidden,
            ),
            (
                signature("", &format!("{env}{env}")),
                ErrorKind::AlgorithmForbidden,
            ),
            (signature("", &env), ErrorKind::AlgorithmForbidden),
            (signature("", &exc), ErrorKind::AlgorithmForbidden),
            (signature("", ""), ErrorKind::AlgorithmForbidden),
            (
                signature(
                    "",
                    &format!("{env}<ds:Transform Algorithm=\"{EXC_C14N}\"><x/></ds:Transform>"),
                ),
                ErrorKind::UnexpectedStructure,
            ),
            (
                signature("", &format!("{env}<ds:Transform/>")),
                ErrorKind::UnexpectedStructure,
            ),
            (
                signature("", &standard_transforms(""))
                    .replace("<ds:SignatureValue>BAUG</ds:SignatureValue>", ""),
                ErrorKind::UnexpectedStructure,
            ),
            (
                signature("", &standard_transforms("")).replace("ds:KeyInfo", "ds:Object"),
                ErrorKind::UnexpectedStructure,
            ),
        ] {
            assert_eq!(parse(&xml).unwrap_err().kind(), kind, "{xml}");
        }
    }
}
