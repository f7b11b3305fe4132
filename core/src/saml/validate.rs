//! `validate_response`: docs/spec.md §3 "Response validation", steps 1–8, in that order.
//!
//! Values are read only from the canonical bytes a signature verified, re-parsed
//! (docs/security.md R1); the original document is used only for its shape and for the Response's
//! Status, Destination and InResponseTo when the Response itself is unsigned.

use super::assertion::{read_assertion, read_response, AssertionData, Bearer, SUCCESS};
use super::decode::decode_post;
use super::views::{self, SsoGroup, SsoMembership, SsoUser};
use super::{ASSERTION_NS, PROTOCOL_NS};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::sso::consume_url;
use crate::time::UnixTime;
use crate::xml::{Document, NodeId};
use crate::xmldsig::{
    describe, find_signature, verify_enveloped, TrustedKeys, VerifyOptions, DSIG_NAMESPACE,
};
use serde_json::{json, Map, Value};

/// What the host passes in besides the posted value.
#[derive(Clone, Debug)]
pub struct ValidateOptions {
    /// The current time.
    pub now: UnixTime,
    /// The ID of the AuthnRequest this answers, when the host kept it (checked against
    /// `InResponseTo`; mandatory with `sso.require_in_response_to`).
    pub request_id: Option<String>,
}

/// A validated SSO response: who signed in, through which group, and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoResult {
    /// The Subject's NameID (exactly as the text rule gives it).
    pub name_id: String,
    /// The assertion ID (for a replay cache).
    pub assertion_id: String,
    /// `AuthnStatement@SessionIndex`.
    pub session_index: Option<String>,
    /// The last instant at which this assertion could still validate: the latest
    /// `NotOnOrAfter` of the bearer confirmations that could pass at some time (right Recipient
    /// and InResponseTo), capped by the Conditions' `NotOnOrAfter`. Keep the assertion in a
    /// replay cache until then (plus the clock skew). Always set for a validated response (a
    /// bearer confirmation must carry `NotOnOrAfter`).
    pub not_on_or_after: Option<UnixTime>,
    /// The assertion's Issuer.
    pub issuer: Option<String>,
    /// Every attribute: name → values in document order.
    pub attributes: Vec<(String, Vec<String>)>,
    /// The `user` view.
    pub user: SsoUser,
    /// The `group` view.
    pub group: SsoGroup,
    /// The `membership` view.
    pub membership: SsoMembership,
}

impl SsoResult {
    /// The result as JSON (docs/spec.md §8 `saml.validate_response` result; times RFC 3339).
    pub fn to_json(&self) -> Value {
        let attributes: Map<String, Value> = self
            .attributes
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        json!({
            "name_id": self.name_id,
            "assertion_id": self.assertion_id,
            "session_index": self.session_index,
            "not_on_or_after": self.not_on_or_after.map(UnixTime::to_rfc3339),
            "issuer": self.issuer,
            "attributes": attributes,
            "user": self.user.to_json(),
            "group": self.group.to_json(),
            "membership": self.membership.to_json(),
        })
    }
}

/// Validates a posted `SAMLResponse` (the form value, base64) for `config`.
pub fn validate_response(
    config: &Config,
    saml_response: &str,
    options: &ValidateOptions,
) -> Result<SsoResult> {
    let sso = &config.sso;
    // 1. Input.
    let xml = decode_post(saml_response, &sso.limits)?;

    // 2. Parse once, strictly (one ID table; duplicates refused by the parser).
    let doc = Document::parse(&xml, &sso.limits.xml_limits())?;

    // 3. Shape.
    let root = doc.root();
    if !doc.is_element(root, PROTOCOL_NS, "Response") {
        return Err(structure(format!(
            "expected a samlp:Response document element, found {}",
            describe(&doc, root)
        )));
    }
    let assertion = match the_assertion(&doc, root) {
        Ok(a) => a,
        // An IdP's error answer carries no Assertion: report its status (unsigned, so it is
        // only used to say why the login failed, never to accept anything).
        Err(e) if e.kind() == ErrorKind::UnexpectedStructure => {
            check_status(&read_response(&doc, root)?)?;
            return Err(e);
        }
        Err(e) => return Err(e),
    };
    check_assertion_issuer_first(&doc, assertion)?;
    check_signature_places(&doc, root, assertion)?;

    // 4–6. Trust, crypto, signed scope.
    if sso.x509_certificates.is_empty() && sso.x509_fingerprints.is_empty() {
        return Err(Error::new(
            ErrorKind::ConfigMissing,
            "no trusted IdP key: set `sso.x509_certificate` or `sso.x509_fingerprint`",
        ));
    }
    let keys = TrustedKeys::new(&sso.x509_certificates, &sso.x509_fingerprints)?;
    let opts = VerifyOptions {
        strict_algorithms: sso.strict_algorithms,
    };
    let response_view = match find_signature(&doc, root)? {
        Some(_) => Some(verify_enveloped(&doc, root, &keys, &opts)?),
        None => None,
    };
    let assertion_view = match find_signature(&doc, assertion)? {
        Some(_) => Some(verify_enveloped(&doc, assertion, &keys, &opts)?),
        None => None,
    };
    // docs/spec.md D6: the Assertion must be covered; read it only from the bytes that were
    // verified.
    let signed_assertion = match (&assertion_view, &response_view) {
        (Some(view), _) => {
            let d = &view.document;
            read_assertion(d, d.root())?
        }
        (None, Some(view)) => {
            let d = &view.document;
            read_assertion(d, the_assertion(d, d.root())?)?
        }
        (None, None) => {
            return Err(Error::new(
                ErrorKind::SignatureMissing,
                "expected a signature over the Assertion or the Response, found none",
            ))
        }
    };
    let response = match &response_view {
        Some(view) => read_response(&view.document, view.document.root())?,
        None => read_response(&doc, root)?,
    };

    // 7. Protocol.
    check_status(&response)?;
    let consume = consume_url(config);
    let skew = i64::from(sso.clock_skew) * 1000;
    let now = options.now;
    check_in_response_to_required(config, options)?;
    check_issuer(config, &response, &signed_assertion)?;
    if let Some(destination) = &response.destination {
        if !same_url(destination, &consume) {
            return Err(Error::new(
                ErrorKind::DestinationMismatch,
                format!("expected the Response Destination {consume:?}, found {destination:?}"),
            ));
        }
    }
    if let (Some(expected), Some(found)) = (&options.request_id, &response.in_response_to) {
        if found != expected {
            return Err(Error::new(
                ErrorKind::InResponseToMismatch,
                format!("expected the Response InResponseTo {expected:?}, found {found:?}"),
            ));
        }
    }
    let mut cap = None;
    if let Some(c) = &signed_assertion.conditions {
        check_window(c.not_before, c.not_on_or_after, now, skew, "Conditions")?;
        cap = c.not_on_or_after;
        check_audiences(config, &consume, &c.audience_restrictions)?;
    }
    accepted_bearer(&signed_assertion.bearers, now, skew, &consume, options)?;
    let expiry = replay_horizon(&signed_assertion.bearers, &consume, options, cap);

    // 8. Result; missing attributes are decided last.
    let name_id = signed_assertion.name_id.clone().ok_or_else(|| {
        structure("expected a Subject NameID in the Assertion, found none".into())
    })?;
    let (user, group, membership) = views::build(config, &signed_assertion.attributes)?;
    Ok(SsoResult {
        name_id,
        assertion_id: signed_assertion.id,
        session_index: signed_assertion.session_index,
        not_on_or_after: expiry,
        issuer: signed_assertion.issuer,
        attributes: signed_assertion.attributes,
        user,
        group,
        membership,
    })
}

fn structure(message: String) -> Error {
    Error::new(ErrorKind::UnexpectedStructure, message)
}

/// Exactly one `saml:Assertion` child of the Response; `EncryptedAssertion` is unsupported.
fn the_assertion(doc: &Document, root: NodeId) -> Result<NodeId> {
    if doc
        .children_named(root, ASSERTION_NS, "EncryptedAssertion")
        .next()
        .is_some()
    {
        return Err(Error::new(
            ErrorKind::Unsupported,
            "encrypted assertions are not supported: configure the IdP to send a signed, unencrypted Assertion",
        ));
    }
    let mut assertions = doc.children_named(root, ASSERTION_NS, "Assertion");
    match (assertions.next(), assertions.next()) {
        (Some(a), None) => Ok(a),
        (None, _) => Err(structure(
            "expected one saml:Assertion in the Response, found none".into(),
        )),
        (Some(_), Some(_)) => Err(structure(
            "expected one saml:Assertion in the Response, found several".into(),
        )),
    }
}

/// SAML core §2.3.3: an Assertion starts with its Issuer, so its signature can only sit right
/// after it (rule R2; the "first child" placement is for a Response without Issuer only).
fn check_assertion_issuer_first(doc: &Document, assertion: NodeId) -> Result<()> {
    match doc.child_elements(assertion).next() {
        Some(first) if doc.is_element(first, ASSERTION_NS, "Issuer") => Ok(()),
        first => Err(structure(format!(
            "expected saml:Issuer as the first element of the Assertion, found {}",
            first.map_or_else(|| "no element".into(), |f| describe(doc, f))
        ))),
    }
}

/// Rule R2: an Assertion only as that one child, a `ds:Signature` only as a direct child of the
/// Response or the Assertion (their exact place is checked by `find_signature`).
fn check_signature_places(doc: &Document, root: NodeId, assertion: NodeId) -> Result<()> {
    let mut stack = vec![root];
    while let Some(el) = stack.pop() {
        for child in doc.child_elements(el) {
            if doc.is_element(child, DSIG_NAMESPACE, "Signature") && el != root && el != assertion {
                return Err(structure(format!(
                    "expected ds:Signature only in the Response or the Assertion, found one in {}",
                    describe(doc, el)
                )));
            }
            if doc.is_element(child, ASSERTION_NS, "Assertion") && child != assertion {
                return Err(structure(format!(
                    "expected a single saml:Assertion, found another one inside {}",
                    describe(doc, el)
                )));
            }
            stack.push(child);
        }
    }
    Ok(())
}

fn check_status(response: &super::assertion::ResponseData) -> Result<()> {
    match response.status_code.as_deref() {
        Some(SUCCESS) => Ok(()),
        code => {
            let mut message = format!(
                "expected status {SUCCESS}, found {}",
                code.unwrap_or("no StatusCode")
            );
            if let Some(second) = &response.second_status_code {
                message.push_str(&format!(" / {second}"));
            }
            if let Some(m) = &response.status_message {
                message.push_str(&format!(" ({})", crate::error::excerpt(m, 200)));
            }
            Err(Error::new(ErrorKind::StatusNotSuccess, message))
        }
    }
}

fn check_in_response_to_required(config: &Config, options: &ValidateOptions) -> Result<()> {
    if config.sso.require_in_response_to && options.request_id.is_none() {
        return Err(Error::new(
            ErrorKind::InResponseToMismatch,
            "expected the ID of the AuthnRequest to check InResponseTo (sso.require_in_response_to is on), found none",
        ));
    }
    Ok(())
}

fn check_issuer(
    config: &Config,
    response: &super::assertion::ResponseData,
    assertion: &AssertionData,
) -> Result<()> {
    let Some(expected) = &config.sso.idp_entity_id else {
        return Ok(());
    };
    let mismatch = |what: &str, found: &Option<String>| {
        Error::new(
            ErrorKind::IssuerMismatch,
            format!("expected the {what} Issuer {expected:?}, found {found:?}"),
        )
    };
    if assertion.issuer.as_ref() != Some(expected) {
        return Err(mismatch("Assertion", &assertion.issuer));
    }
    if response.issuer.is_some() && response.issuer.as_ref() != Some(expected) {
        return Err(mismatch("Response", &response.issuer));
    }
    Ok(())
}

/// `not_before - skew <= now < not_on_or_after + skew`.
fn check_window(
    not_before: Option<UnixTime>,
    not_on_or_after: Option<UnixTime>,
    now: UnixTime,
    skew_ms: i64,
    what: &str,
) -> Result<()> {
    if let Some(nb) = not_before {
        if now.0 < nb.0.saturating_sub(skew_ms) {
            return Err(Error::new(
                ErrorKind::NotYetValid,
                format!(
                    "{what} NotBefore is {}, now is {} (allowed skew {} s)",
                    nb.to_rfc3339(),
                    now.to_rfc3339(),
                    skew_ms / 1000
                ),
            ));
        }
    }
    if let Some(na) = not_on_or_after {
        if now.0 >= na.0.saturating_add(skew_ms) {
            return Err(Error::new(
                ErrorKind::Expired,
                format!(
                    "{what} NotOnOrAfter is {}, now is {} (allowed skew {} s)",
                    na.to_rfc3339(),
                    now.to_rfc3339(),
                    skew_ms / 1000
                ),
            ));
        }
    }
    Ok(())
}

/// The audiences this SP answers to: `api.id`, the consume URL, the origins of `sso.idm` and
/// `app.host` with a trailing `/`, and `sso.audiences`.
fn check_audiences(config: &Config, consume: &str, restrictions: &[Vec<String>]) -> Result<()> {
    let mut allowed: Vec<String> = vec![consume.to_string()];
    allowed.extend(config.api.id.clone());
    allowed.extend(origin(&config.sso.idm).map(|o| format!("{o}/")));
    allowed.extend(origin(&config.app.host).map(|o| format!("{o}/")));
    allowed.extend(config.sso.audiences.iter().cloned());
    allowed.retain(|a| !a.is_empty());
    for audiences in restrictions {
        if !audiences
            .iter()
            .any(|a| !a.is_empty() && allowed.contains(a))
        {
            return Err(Error::new(
                ErrorKind::AudienceMismatch,
                format!("expected an Audience among {allowed:?}, found {audiences:?}"),
            ));
        }
    }
    Ok(())
}

/// `scheme://authority` of an absolute URL.
fn origin(url: &str) -> Option<&str> {
    let after = url.find("://")? + 3;
    let end = url[after..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| after + i);
    (end > after).then(|| &url[..end])
}

/// Equal URLs, with scheme and host compared case-insensitively.
fn same_url(found: &str, expected: &str) -> bool {
    match (origin(found), origin(expected)) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b) && found[a.len()..] == expected[b.len()..],
        _ => found == expected,
    }
}

/// What every bearer confirmation must satisfy whatever the time (SAML Profiles §4.1.4.2): a
/// `Recipient` equal to the consume URL, a `NotOnOrAfter`, and, when the host passes the ID of
/// its request, an `InResponseTo` equal to it (the signed binding to the request).
fn check_bearer_binding(b: &Bearer, consume: &str, options: &ValidateOptions) -> Result<()> {
    match &b.recipient {
        None => {
            return Err(Error::new(
                ErrorKind::RecipientMismatch,
                format!("expected the bearer Recipient {consume:?}, found none"),
            ))
        }
        Some(r) if !same_url(r, consume) => {
            return Err(Error::new(
                ErrorKind::RecipientMismatch,
                format!("expected the bearer Recipient {consume:?}, found {r:?}"),
            ))
        }
        Some(_) => {}
    }
    if b.not_on_or_after.is_none() {
        return Err(Error::new(
            ErrorKind::UnexpectedStructure,
            "expected a NotOnOrAfter on the bearer SubjectConfirmationData (an assertion must not validate forever), found none",
        ));
    }
    if let Some(expected) = &options.request_id {
        if b.in_response_to.as_ref() != Some(expected) {
            return Err(Error::new(
                ErrorKind::InResponseToMismatch,
                format!(
                    "expected the bearer InResponseTo {expected:?}, found {:?}",
                    b.in_response_to
                ),
            ));
        }
    }
    Ok(())
}

/// The first bearer confirmation that passes its binding and its time window now; else the
/// first failure.
fn accepted_bearer<'a>(
    bearers: &'a [Bearer],
    now: UnixTime,
    skew: i64,
    consume: &str,
    options: &ValidateOptions,
) -> Result<&'a Bearer> {
    let mut first_error = None;
    for b in bearers {
        let check = || -> Result<()> {
            check_bearer_binding(b, consume, options)?;
            check_window(
                b.not_before,
                b.not_on_or_after,
                now,
                skew,
                "SubjectConfirmationData",
            )
        };
        match check() {
            Ok(()) => return Ok(b),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| {
        structure("expected a bearer SubjectConfirmation in the Assertion, found none".into())
    }))
}

/// Until when the assertion could still validate (finding: a later bearer with a longer
/// window must not outlive the replay entry): the latest `NotOnOrAfter` among the bearers whose
/// binding holds (whatever their window), capped by the Conditions' `NotOnOrAfter`.
fn replay_horizon(
    bearers: &[Bearer],
    consume: &str,
    options: &ValidateOptions,
    cap: Option<UnixTime>,
) -> Option<UnixTime> {
    let latest = bearers
        .iter()
        .filter(|b| check_bearer_binding(b, consume, options).is_ok())
        .filter_map(|b| b.not_on_or_after)
        .max();
    match (latest, cap) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_url_comparison() {
        assert_eq!(
            origin("https://sp.example.com/x?y"),
            Some("https://sp.example.com")
        );
        assert_eq!(
            origin("http://localhost:3000"),
            Some("http://localhost:3000")
        );
        assert_eq!(origin("nope"), None);
        assert!(same_url(
            "HTTPS://SP.example.com/consume",
            "https://sp.example.com/consume"
        ));
        assert!(!same_url(
            "https://sp.example.com/Consume",
            "https://sp.example.com/consume"
        ));
        assert!(!same_url(
            "https://sp.example.com.evil/consume",
            "https://sp.example.com/consume"
        ));
    }

    fn bearer(noa: Option<&str>, recipient: Option<&str>, irt: Option<&str>) -> Bearer {
        Bearer {
            not_before: None,
            not_on_or_after: noa.and_then(UnixTime::parse),
            recipient: recipient.map(str::to_owned),
            in_response_to: irt.map(str::to_owned),
        }
    }

    const CONSUME: &str = "https://sp.example.com/consume";

    fn options(request_id: Option<&str>) -> ValidateOptions {
        ValidateOptions {
            now: UnixTime::parse("2026-03-01T10:01:00Z").unwrap_or(UnixTime(0)),
            request_id: request_id.map(str::to_owned),
        }
    }

    #[test]
    fn a_bearer_needs_recipient_not_on_or_after_and_the_signed_in_response_to() {
        let ok = bearer(Some("2026-03-01T10:03:00Z"), Some(CONSUME), Some("_r"));
        assert!(check_bearer_binding(&ok, CONSUME, &options(Some("_r"))).is_ok());
        assert!(check_bearer_binding(&ok, CONSUME, &options(None)).is_ok());
        for (b, request_id, kind) in [
            (
                bearer(Some("2026-03-01T10:03:00Z"), None, Some("_r")),
                None,
                ErrorKind::RecipientMismatch,
            ),
            (
                bearer(None, Some(CONSUME), Some("_r")),
                None,
                ErrorKind::UnexpectedStructure,
            ),
            (
                bearer(Some("2026-03-01T10:03:00Z"), Some(CONSUME), None),
                Some("_r"),
                ErrorKind::InResponseToMismatch,
            ),
            (
                bearer(Some("2026-03-01T10:03:00Z"), Some(CONSUME), Some("_x")),
                Some("_r"),
                ErrorKind::InResponseToMismatch,
            ),
        ] {
            assert_eq!(
                check_bearer_binding(&b, CONSUME, &options(request_id))
                    .unwrap_err()
                    .kind(),
                kind
            );
        }
    }

    #[test]
    fn the_replay_horizon_covers_every_bearer_that_could_pass() {
        let t = |s: &str| UnixTime::parse(s);
        let first = bearer(Some("2026-03-01T10:03:00Z"), Some(CONSUME), None);
        let later = bearer(Some("2026-03-01T10:30:00Z"), Some(CONSUME), None);
        let elsewhere = bearer(Some("2026-03-01T12:00:00Z"), Some("https://x/"), None);
        let opts = options(None);
        let cap = t("2026-03-01T11:00:00Z");
        assert_eq!(
            replay_horizon(&[first, later], CONSUME, &opts, cap),
            t("2026-03-01T10:30:00Z")
        );
        let first = bearer(Some("2026-03-01T10:03:00Z"), Some(CONSUME), None);
        let beyond = bearer(Some("2026-03-01T11:30:00Z"), Some(CONSUME), None);
        assert_eq!(
            replay_horizon(&[first, beyond], CONSUME, &opts, cap),
            cap,
            "capped by Conditions"
        );
        let first = bearer(Some("2026-03-01T10:03:00Z"), Some(CONSUME), None);
        assert_eq!(
            replay_horizon(&[first, elsewhere], CONSUME, &opts, None),
            t("2026-03-01T10:03:00Z"),
            "a bearer that can never pass does not extend it"
        );
    }

    #[test]
    fn window_is_symmetric_and_exclusive_at_the_end() {
        let t = |s: &str| UnixTime::parse(s).unwrap();
        let nb = Some(t("2026-03-01T10:00:00Z"));
        let na = Some(t("2026-03-01T10:05:00Z"));
        let ok = |now: &str| check_window(nb, na, t(now), 60_000, "Conditions");
        assert!(ok("2026-03-01T09:59:00Z").is_ok());
        assert_eq!(
            ok("2026-03-01T09:58:59.999Z").unwrap_err().kind(),
            ErrorKind::NotYetValid
        );
        assert!(ok("2026-03-01T10:05:59.999Z").is_ok());
        assert_eq!(
            ok("2026-03-01T10:06:00Z").unwrap_err().kind(),
            ErrorKind::Expired
        );
    }
}
