//! Reading a SAML Response and its Assertion out of the strict tree. Validation decides which
//! tree to read from (only signed bytes, docs/security.md R1); this module only reads, strictly:
//! anything the profile allows once appearing twice is `unexpected_structure`.

use super::{ASSERTION_NS, PROTOCOL_NS};
use crate::error::excerpt;
use crate::error::{Error, ErrorKind, Result};
use crate::time::UnixTime;
use crate::xml::{Document, NodeId};
use std::collections::BTreeMap;

/// The bearer subject-confirmation method.
pub const BEARER: &str = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
/// The Success status code.
pub const SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";

/// What the Response element itself carries.
#[derive(Debug, Default)]
pub(crate) struct ResponseData {
    pub destination: Option<String>,
    pub in_response_to: Option<String>,
    pub issuer: Option<String>,
    pub status_code: Option<String>,
    pub second_status_code: Option<String>,
    pub status_message: Option<String>,
}

/// `Conditions` of an assertion.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    pub not_before: Option<UnixTime>,
    pub not_on_or_after: Option<UnixTime>,
    /// One list of `Audience` values per `AudienceRestriction`.
    pub audience_restrictions: Vec<Vec<String>>,
}

/// A bearer `SubjectConfirmationData`.
#[derive(Debug, Default)]
pub(crate) struct Bearer {
    pub not_before: Option<UnixTime>,
    pub not_on_or_after: Option<UnixTime>,
    pub recipient: Option<String>,
    pub in_response_to: Option<String>,
}

/// What validation and the views need from an assertion.
#[derive(Debug, Default)]
pub(crate) struct AssertionData {
    pub id: String,
    pub issuer: Option<String>,
    pub name_id: Option<String>,
    pub conditions: Option<Conditions>,
    pub bearers: Vec<Bearer>,
    pub session_index: Option<String>,
    /// Attribute name → values, in document order (repeated names are merged).
    pub attributes: Vec<(String, Vec<String>)>,
}

fn structure(message: String) -> Error {
    Error::new(ErrorKind::UnexpectedStructure, message)
}

/// The single child `{ns}name` of `parent`, if any; two are `unexpected_structure`.
fn at_most_one(doc: &Document, parent: NodeId, ns: &str, name: &str) -> Result<Option<NodeId>> {
    let mut found = doc.children_named(parent, ns, name);
    let first = found.next();
    if found.next().is_some() {
        return Err(structure(format!(
            "expected at most one {name} element, found several"
        )));
    }
    Ok(first)
}

fn time_attr(doc: &Document, el: NodeId, name: &str) -> Result<Option<UnixTime>> {
    match doc.element(el).and_then(|e| e.attribute(name)) {
        None => Ok(None),
        Some(v) => UnixTime::parse(v).map(Some).ok_or_else(|| {
            structure(format!(
                "expected {name} to be an xs:dateTime with a time zone, found `{}`",
                excerpt(v, 40)
            ))
        }),
    }
}

fn attr(doc: &Document, el: NodeId, name: &str) -> Option<String> {
    doc.element(el)
        .and_then(|e| e.attribute(name))
        .map(str::to_string)
}

/// The text of an element that must hold no element (NameID, Issuer, Audience, values): all its
/// text and CDATA, comments skipped (rule R5; in a signed view, C14N has removed them anyway).
fn pure_text(doc: &Document, el: NodeId, what: &str) -> Result<String> {
    if doc.child_elements(el).next().is_some() {
        return Err(structure(format!(
            "expected only text in {what}, found a child element"
        )));
    }
    Ok(doc.text(el))
}

/// Encrypted content (XML Encryption) is not supported: an `EncryptedID` or
/// `EncryptedAttribute` child is `unsupported`, naming the element, never silently skipped.
fn refuse_encrypted(doc: &Document, parent: NodeId, name: &str, place: &str) -> Result<()> {
    if doc
        .children_named(parent, ASSERTION_NS, name)
        .next()
        .is_some()
    {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "expected no saml:{name} in saml:{place}: encrypted identifiers and attributes are not supported (configure the IdP to send them unencrypted in the signed Assertion)"
            ),
        ));
    }
    Ok(())
}

/// Reads the Response element `root` (not its assertion).
pub(crate) fn read_response(doc: &Document, root: NodeId) -> Result<ResponseData> {
    let status = at_most_one(doc, root, PROTOCOL_NS, "Status")?
        .ok_or_else(|| structure("expected a samlp:Status in the Response, found none".into()))?;
    let code = at_most_one(doc, status, PROTOCOL_NS, "StatusCode")?;
    let second = match code {
        Some(c) => at_most_one(doc, c, PROTOCOL_NS, "StatusCode")?,
        None => None,
    };
    let issuer = match at_most_one(doc, root, ASSERTION_NS, "Issuer")? {
        Some(i) => Some(pure_text(doc, i, "Issuer")?),
        None => None,
    };
    Ok(ResponseData {
        destination: attr(doc, root, "Destination"),
        in_response_to: attr(doc, root, "InResponseTo"),
        issuer,
        status_code: code.and_then(|c| attr(doc, c, "Value")),
        second_status_code: second.and_then(|c| attr(doc, c, "Value")),
        status_message: at_most_one(doc, status, PROTOCOL_NS, "StatusMessage")?
            .map(|m| doc.text(m)),
    })
}

/// Reads the Assertion element `assertion`.
pub(crate) fn read_assertion(doc: &Document, assertion: NodeId) -> Result<AssertionData> {
    let id = attr(doc, assertion, "ID")
        .ok_or_else(|| structure("expected an ID on the Assertion, found none".into()))?;
    let issuer = match at_most_one(doc, assertion, ASSERTION_NS, "Issuer")? {
        Some(i) => Some(pure_text(doc, i, "Issuer")?),
        None => None,
    };

    let mut name_id = None;
    let mut bearers = Vec::new();
    if let Some(subject) = at_most_one(doc, assertion, ASSERTION_NS, "Subject")? {
        refuse_encrypted(doc, subject, "EncryptedID", "Subject")?;
        if let Some(n) = at_most_one(doc, subject, ASSERTION_NS, "NameID")? {
            name_id = Some(pure_text(doc, n, "NameID")?);
        }
        for sc in doc.children_named(subject, ASSERTION_NS, "SubjectConfirmation") {
            refuse_encrypted(doc, sc, "EncryptedID", "SubjectConfirmation")?;
            if attr(doc, sc, "Method").as_deref() != Some(BEARER) {
                continue;
            }
            let data = at_most_one(doc, sc, ASSERTION_NS, "SubjectConfirmationData")?;
            bearers.push(match data {
                Some(d) => Bearer {
                    not_before: time_attr(doc, d, "NotBefore")?,
                    not_on_or_after: time_attr(doc, d, "NotOnOrAfter")?,
                    recipient: attr(doc, d, "Recipient"),
                    in_response_to: attr(doc, d, "InResponseTo"),
                },
                None => Bearer::default(),
            });
        }
    }

    let conditions = match at_most_one(doc, assertion, ASSERTION_NS, "Conditions")? {
        None => None,
        Some(c) => {
            let mut restrictions = Vec::new();
            for r in doc.children_named(c, ASSERTION_NS, "AudienceRestriction") {
                let audiences = doc
                    .children_named(r, ASSERTION_NS, "Audience")
                    .map(|a| pure_text(doc, a, "Audience"))
                    .collect::<Result<Vec<_>>>()?;
                restrictions.push(audiences);
            }
            Some(Conditions {
                not_before: time_attr(doc, c, "NotBefore")?,
                not_on_or_after: time_attr(doc, c, "NotOnOrAfter")?,
                audience_restrictions: restrictions,
            })
        }
    };

    let session_index = doc
        .children_named(assertion, ASSERTION_NS, "AuthnStatement")
        .find_map(|s| attr(doc, s, "SessionIndex"));

    let mut attributes: Vec<(String, Vec<String>)> = Vec::new();
    // Where each name sits in `attributes`: merging is O(log A) per Attribute, not O(A).
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for statement in doc.children_named(assertion, ASSERTION_NS, "AttributeStatement") {
        refuse_encrypted(doc, statement, "EncryptedAttribute", "AttributeStatement")?;
        for a in doc.children_named(statement, ASSERTION_NS, "Attribute") {
            let name = attr(doc, a, "Name").ok_or_else(|| {
                structure("expected a Name on every Attribute, found none".into())
            })?;
            let values = doc
                .children_named(a, ASSERTION_NS, "AttributeValue")
                .map(|v| pure_text(doc, v, "AttributeValue"))
                .collect::<Result<Vec<_>>>()?;
            match index.get(&name).and_then(|&i| attributes.get_mut(i)) {
                Some((_, existing)) => existing.extend(values),
                None => {
                    index.insert(name.clone(), attributes.len());
                    attributes.push((name, values));
                }
            }
        }
    }

    Ok(AssertionData {
        id,
        issuer,
        name_id,
        conditions,
        bearers,
        session_index,
        attributes,
    })
}
