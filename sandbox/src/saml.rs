//! SAML messages: reading the app's AuthnRequest (HTTP-Redirect binding) with the core's strict
//! XML parser, and building the platform-shaped Response (docs/platform.md §1.3, §1.4) whose
//! Assertion the core's `saml::idp::Signer` signs.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use maestrano_core::saml::idp::Signer;
use maestrano_core::saml::{ASSERTION_NS, PROTOCOL_NS};
use maestrano_core::time::UnixTime;
use maestrano_core::xml::{is_ncname, Document, Limits};

use crate::db::{Group, User};
use crate::util::{escape, iso, uuid_v4};

/// Largest accepted `SAMLRequest` (encoded) and inflated XML.
const MAX_REQUEST: usize = 256 * 1024;

/// What the IdP needs from an AuthnRequest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthnRequestInfo {
    /// `ID` (becomes `InResponseTo`).
    pub id: String,
    /// `AssertionConsumerServiceURL`, when present.
    pub acs: Option<String>,
    /// `saml:Issuer`: the app id.
    pub issuer: String,
}

/// Decodes `SAMLRequest` (base64 of raw DEFLATE; zlib-wrapped or uncompressed XML are
/// tolerated) and reads it. `Err` is a message for a 400 page.
pub fn read_authn_request(encoded: &str) -> Result<AuthnRequestInfo, String> {
    if encoded.len() > MAX_REQUEST {
        return Err(format!("SAMLRequest is larger than {MAX_REQUEST} bytes"));
    }
    // A form decoder turns an unescaped '+' into a space.
    let compact: String = encoded
        .chars()
        .filter(|c| !matches!(c, '\r' | '\n' | '\t'))
        .map(|c| if c == ' ' { '+' } else { c })
        .collect();
    let bytes = STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| format!("SAMLRequest is not base64: {e}"))?;
    let xml = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_REQUEST)
        .or_else(|_| miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&bytes, MAX_REQUEST))
        .or_else(|e| {
            if bytes.first() == Some(&b'<') {
                Ok(bytes.clone())
            } else {
                Err(e)
            }
        })
        .map_err(|e| format!("SAMLRequest is not raw DEFLATE data: {e:?}"))?;
    parse_authn_request(&xml)
}

/// Reads an AuthnRequest document.
pub fn parse_authn_request(xml: &[u8]) -> Result<AuthnRequestInfo, String> {
    let doc = Document::parse(xml, &Limits::default())
        .map_err(|e| format!("the AuthnRequest is not acceptable XML: {}", e.message()))?;
    let root = doc.root();
    let element = doc
        .element(root)
        .filter(|e| e.is(PROTOCOL_NS, "AuthnRequest"))
        .ok_or("expected a samlp:AuthnRequest document element")?;
    let id = element
        .attribute("ID")
        .ok_or("the AuthnRequest has no ID attribute")?;
    if !is_ncname(id) {
        return Err(format!("the AuthnRequest ID {id:?} is not a valid xs:ID"));
    }
    let acs = element
        .attribute("AssertionConsumerServiceURL")
        .map(str::to_owned);
    if let Some(url) = &acs {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(format!(
                "AssertionConsumerServiceURL must be an absolute http(s) URL, found {url:?}"
            ));
        }
    }
    let issuer = doc
        .children_named(root, ASSERTION_NS, "Issuer")
        .next()
        .map(|i| doc.text(i).trim().to_owned())
        .ok_or("the AuthnRequest has no saml:Issuer (it must be the app id)")?;
    Ok(AuthnRequestInfo {
        id: id.to_owned(),
        acs,
        issuer,
    })
}

/// `scheme://host[:port]/` of a URL (the platform's Audience).
pub fn audience(acs: &str) -> String {
    match acs.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
            format!("{scheme}://{host}/")
        }
        None => acs.to_owned(),
    }
}

/// Who signs in, and to what.
pub struct Login<'a> {
    /// The user.
    pub user: &'a User,
    /// The group chosen.
    pub group: &'a Group,
    /// The user's role in it.
    pub role: &'a str,
    /// The AuthnRequest ID.
    pub request_id: &'a str,
    /// The consume URL.
    pub acs: &'a str,
    /// The IdP's entity (`Issuer`).
    pub issuer: &'a str,
    /// Seconds until `mno_session_recheck`.
    pub recheck_secs: i64,
    /// The current time.
    pub now: UnixTime,
}

/// The attributes of docs/platform.md §1.4, in the platform's order, plus `group_org_uid`.
fn attributes(l: &Login<'_>) -> Vec<(&'static str, String)> {
    let (u, g) = (l.user, l.group);
    vec![
        ("mno_uid", u.uid.clone()),
        ("mno_session", u.sso_session.clone()),
        ("mno_session_recheck", iso(l.now.add_secs(l.recheck_secs))),
        ("group_uid", g.uid.clone()),
        ("group_name", g.name.clone()),
        ("group_end_free_trial", g.free_trial_end_at.clone()),
        ("group_role", l.role.to_owned()),
        ("group_has_credit_card", g.has_credit_card.to_string()),
        ("group_email", g.email.clone()),
        ("group_currency", g.currency.clone()),
        ("group_timezone", g.timezone.clone()),
        ("group_country", g.country.clone()),
        ("group_city", g.city.clone()),
        ("group_reseller_id", "rsl-449s8fsd".to_owned()),
        ("group_org_uid", g.org_uid.clone()),
        ("uid", u.uid.clone()),
        ("virtual_uid", format!("{}.{}", u.uid, g.uid)),
        ("email", u.email.clone()),
        (
            "virtual_email",
            format!("{}.{}@mno-api-sandbox-mail.maestrano.com", u.uid, g.uid),
        ),
        ("name", u.name.clone()),
        ("surname", u.surname.clone()),
        ("country", u.country.clone()),
        ("company_name", u.company_name.clone()),
        ("app_owner", "true".to_owned()),
        ("organizations", "{}".to_owned()),
    ]
}

/// Builds the Response (unsigned Response, Assertion signed by `signer`) and returns its XML.
pub fn signed_response(login: &Login<'_>, signer: &Signer) -> Result<String, String> {
    let now = login.now;
    let assertion_id = format!("_{}", uuid_v4());
    let issuer = escape(login.issuer);
    let acs = escape(login.acs);
    let request_id = escape(login.request_id);
    let mut statements = String::new();
    for (name, value) in attributes(login) {
        statements.push_str(&format!(
            "<Attribute Name=\"{name}\"><AttributeValue>{}</AttributeValue></Attribute>",
            escape(&value)
        ));
    }
    let xml = format!(
        "<samlp:Response xmlns:samlp=\"{PROTOCOL_NS}\" ID=\"_{response_id}\" Version=\"2.0\" \
         IssueInstant=\"{now}\" Destination=\"{acs}\" \
         Consent=\"urn:oasis:names:tc:SAML:2.0:consent:unspecified\" InResponseTo=\"{request_id}\">\
         <Issuer xmlns=\"{ASSERTION_NS}\">{issuer}</Issuer>\
         <samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>\
         <Assertion xmlns=\"{ASSERTION_NS}\" ID=\"{assertion_id}\" IssueInstant=\"{now}\" Version=\"2.0\">\
         <Issuer>{issuer}</Issuer>\
         <Subject><NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\">{name_id}</NameID>\
         <SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">\
         <SubjectConfirmationData InResponseTo=\"{request_id}\" NotOnOrAfter=\"{bearer_end}\" Recipient=\"{acs}\"/>\
         </SubjectConfirmation></Subject>\
         <Conditions NotBefore=\"{not_before}\" NotOnOrAfter=\"{not_after}\">\
         <AudienceRestriction><Audience>{audience}</Audience></AudienceRestriction></Conditions>\
         <AttributeStatement>{statements}</AttributeStatement>\
         <AuthnStatement AuthnInstant=\"{now}\" SessionIndex=\"{assertion_id}\">\
         <AuthnContext><AuthnContextClassRef>urn:federation:authentication:windows</AuthnContextClassRef>\
         </AuthnContext></AuthnStatement></Assertion></samlp:Response>",
        response_id = uuid_v4(),
        now = iso(now),
        name_id = escape(&login.user.uid),
        bearer_end = iso(now.add_secs(180)),
        not_before = iso(now.add_secs(-5)),
        not_after = iso(now.add_secs(3600)),
        audience = escape(&audience(login.acs)),
    );
    signer
        .sign_enveloped(&xml, &assertion_id)
        .map_err(|e| format!("signing the assertion failed: {}", e.message()))
}

/// Base64 with a line break every 60 characters, as Ruby's `Base64.encode64` (what the platform
/// posted).
pub fn encode64(data: &[u8]) -> String {
    let flat = STANDARD.encode(data);
    let mut out = String::with_capacity(flat.len() + flat.len() / 60 + 1);
    for chunk in flat.as_bytes().chunks(60) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences() {
        assert_eq!(
            audience("http://127.0.0.1:3000/maestrano/auth/saml/consume"),
            "http://127.0.0.1:3000/"
        );
        assert_eq!(audience("https://app.example?x=1"), "https://app.example/");
    }

    #[test]
    fn authn_requests_are_read_with_a_parser() {
        let xml = "<samlp:AuthnRequest xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol' ID='_f8a1' \
                   AssertionConsumerServiceURL='http://localhost:3000/maestrano/auth/saml/consume'>\
                   <saml:Issuer xmlns:saml='urn:oasis:names:tc:SAML:2.0:assertion'> app-1 </saml:Issuer></samlp:AuthnRequest>";
        let encoded = STANDARD.encode(miniz_oxide::deflate::compress_to_vec(xml.as_bytes(), 9));
        let info = read_authn_request(&encoded).unwrap();
        assert_eq!(info.id, "_f8a1");
        assert_eq!(info.issuer, "app-1");
        assert_eq!(
            info.acs.as_deref(),
            Some("http://localhost:3000/maestrano/auth/saml/consume")
        );
        // A look-alike Issuer in another namespace is not the Issuer.
        let evil = xml.replace("urn:oasis:names:tc:SAML:2.0:assertion", "urn:evil");
        assert!(parse_authn_request(evil.as_bytes()).is_err());
        assert!(parse_authn_request(b"<!DOCTYPE x><x/>").is_err());
        assert!(read_authn_request("%%%").is_err());
        assert_eq!(encode64(&[0u8; 90]).lines().count(), 2);
    }
}
