//! The AuthnRequest and its HTTP-Redirect URL (docs/spec.md §3 "AuthnRequest").
//!
//! The XML is the Ruby gem's (single-quoted attributes, no declaration, unsigned) plus
//! `ProtocolBinding`. It is sent raw-DEFLATEd (in stored blocks, D39), standard-base64-encoded
//! and percent-encoded.

use super::{ASSERTION_NS, HTTP_POST_BINDING, PROTOCOL_NS};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::sso::{consume_url, idp_url};
use crate::time::UnixTime;
use crate::url::escape;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// What the host passes in: the request ID and clock (the core draws no randomness and reads no
/// clock), and the optional redirect parameters.
#[derive(Clone, Debug)]
pub struct AuthnRequestOptions {
    /// The request ID, e.g. `"_" + a UUID v4`; keep it to check `InResponseTo` later.
    pub id: String,
    /// The current time.
    pub now: UnixTime,
    /// Extra query parameters passed through after `SAMLRequest`, in order.
    pub params: Vec<(String, String)>,
    /// The group the user last used (`group_id`), added unless `params` has one.
    pub group_id: Option<String>,
    /// `RelayState`, added last when given.
    pub relay_state: Option<String>,
}

/// A built AuthnRequest: where to redirect the user, and what to remember.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthnRequest {
    /// The IdP URL with `SAMLRequest` and the other parameters.
    pub url: String,
    /// The request ID (to match `InResponseTo`).
    pub request_id: String,
    /// `IssueInstant`, `YYYY-MM-DDTHH:MM:SSZ`.
    pub issue_instant: String,
    /// The AuthnRequest XML before encoding.
    pub xml: String,
}

/// Builds the AuthnRequest and its redirect URL. Fails with `config_missing` when neither
/// `sso.idp` nor `api.host` is set, or `api.id` is absent.
pub fn authn_request(config: &Config, options: &AuthnRequestOptions) -> Result<AuthnRequest> {
    let destination = idp_url(config)?;
    let issuer = config
        .api
        .id
        .as_deref()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::ConfigMissing,
                "configuration key `api.id` is not set (it is the AuthnRequest Issuer)",
            )
        })?;
    let issue_instant = options.now.to_rfc3339_secs();
    let xml = format!(
        "<samlp:AuthnRequest xmlns:samlp='{PROTOCOL_NS}' ID='{id}' IssueInstant='{issue_instant}' \
         Version='2.0' Destination='{dest}' ProtocolBinding='{HTTP_POST_BINDING}' \
         AssertionConsumerServiceURL='{acs}'>\
         <saml:Issuer xmlns:saml='{ASSERTION_NS}'>{issuer}</saml:Issuer>\
         <samlp:NameIDPolicy xmlns:samlp='{PROTOCOL_NS}' AllowCreate='true' Format='{format}'/>\
         </samlp:AuthnRequest>",
        id = xml_escape(&options.id),
        dest = xml_escape(&destination),
        acs = xml_escape(&consume_url(config)),
        issuer = xml_escape(issuer),
        format = xml_escape(&config.sso.name_id_format),
    );

    let deflated = deflate_stored(xml.as_bytes());
    let mut url = destination.clone();
    url.push(if destination.contains('?') { '&' } else { '?' });
    url.push_str("SAMLRequest=");
    url.push_str(&escape(&STANDARD.encode(deflated)));
    for (k, v) in &options.params {
        url.push_str(&format!("&{}={}", escape(k), escape(v)));
    }
    if let Some(group) = &options.group_id {
        if !options.params.iter().any(|(k, _)| k == "group_id") {
            url.push_str(&format!("&group_id={}", escape(group)));
        }
    }
    if let Some(relay) = &options.relay_state {
        url.push_str(&format!("&RelayState={}", escape(relay)));
    }
    Ok(AuthnRequest {
        url,
        request_id: options.id.clone(),
        issue_instant,
        xml,
    })
}

/// Escapes text for an XML attribute value or element content (either quote style).
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Raw DEFLATE (RFC 1951) in stored blocks: each block is a 3-bit header (`BFINAL`, `BTYPE=00`)
/// padded to a byte, `LEN` and `NLEN` (little-endian), then up to 65,535 bytes as they are. Every
/// inflater reads it; a compressor cost the wasm module about 8 KB gzipped for a request of
/// about 600 bytes (D39).
fn deflate_stored(data: &[u8]) -> Vec<u8> {
    const MAX_BLOCK: usize = u16::MAX as usize;
    let mut out = Vec::with_capacity(data.len() + 5 * (data.len() / MAX_BLOCK + 1));
    let mut blocks = data.chunks(MAX_BLOCK).peekable();
    if blocks.peek().is_none() {
        // An empty input is one final, empty block.
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let len = u16::try_from(block.len()).unwrap_or(u16::MAX);
        out.push(u8::from(blocks.peek().is_none()));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn options() -> AuthnRequestOptions {
        AuthnRequestOptions {
            id: "_7c9e6679-7425-40de-944b-e07fc1f90ae7".into(),
            now: UnixTime::parse("2017-11-22T10:00:00Z").unwrap(),
            params: vec![],
            group_id: None,
            relay_state: None,
        }
    }

    fn decode(url: &str) -> String {
        let q = url
            .split("SAMLRequest=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap();
        let b64 = q
            .replace("%2B", "+")
            .replace("%2F", "/")
            .replace("%3D", "=");
        let raw = STANDARD.decode(b64).unwrap();
        String::from_utf8(miniz_oxide::inflate::decompress_to_vec(&raw).unwrap()).unwrap()
    }

    #[test]
    fn matches_the_ruby_gem_plus_protocol_binding() {
        let c = Config::from_json(&json!({"api": {"id": "app-1"}})).unwrap();
        let r = authn_request(&c, &options()).unwrap();
        let expected = "<samlp:AuthnRequest xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol' ID='_7c9e6679-7425-40de-944b-e07fc1f90ae7' IssueInstant='2017-11-22T10:00:00Z' Version='2.0' Destination='https://maestrano.com/api/v1/auth/saml' ProtocolBinding='urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST' AssertionConsumerServiceURL='http://localhost:3000/maestrano/auth/saml/consume'><saml:Issuer xmlns:saml='urn:oasis:names:tc:SAML:2.0:assertion'>app-1</saml:Issuer><samlp:NameIDPolicy xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol' AllowCreate='true' Format='urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'/></samlp:AuthnRequest>";
        assert_eq!(r.xml, expected);
        assert_eq!(decode(&r.url), expected);
        assert!(r
            .url
            .starts_with("https://maestrano.com/api/v1/auth/saml?SAMLRequest="));
        assert_eq!(r.issue_instant, "2017-11-22T10:00:00Z");
        assert!(!r.url.contains('\n') && !r.url.contains("%0A"));
    }

    #[test]
    fn stored_blocks_inflate_to_the_input() {
        for len in [0usize, 1, 600, 65_535, 65_536, 140_000] {
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let deflated = deflate_stored(&data);
            assert_eq!(deflated.len(), len + 5 * len.div_ceil(65_535).max(1));
            assert_eq!(
                miniz_oxide::inflate::decompress_to_vec(&deflated).unwrap(),
                data
            );
        }
        assert_eq!(deflate_stored(b"ab"), [1, 2, 0, 0xfd, 0xff, b'a', b'b']);
    }

    #[test]
    fn parameters_group_and_relay_state() {
        let c = Config::from_json(
            &json!({"api": {"id": "app-1"}, "sso": {"idp": "https://idp.example/saml?tenant=a"}}),
        )
        .unwrap();
        let mut o = options();
        o.params = vec![
            ("hello".into(), "there world".into()),
            ("empty".into(), String::new()),
        ];
        o.group_id = Some("cld-1".into());
        o.relay_state = Some("/back?x=1".into());
        let url = authn_request(&c, &o).unwrap().url;
        assert!(url.starts_with("https://idp.example/saml?tenant=a/api/v1/auth/saml&SAMLRequest="));
        assert!(
            url.ends_with("&hello=there%20world&empty=&group_id=cld-1&RelayState=%2Fback%3Fx%3D1"),
            "{url}"
        );
        o.params.push(("group_id".into(), "cld-2".into()));
        let url = authn_request(&c, &o).unwrap().url;
        assert!(
            url.contains("&group_id=cld-2&RelayState=") && !url.contains("cld-1"),
            "{url}"
        );
    }

    #[test]
    fn values_are_escaped() {
        let c = Config::from_json(&json!({"api": {"id": "a'<b>&\""}})).unwrap();
        let r = authn_request(&c, &options()).unwrap();
        assert!(r.xml.contains(">a&apos;&lt;b&gt;&amp;&quot;</saml:Issuer>"));
    }

    #[test]
    fn needs_an_issuer_and_a_base() {
        let c = Config::from_json(&json!({})).unwrap();
        assert_eq!(
            authn_request(&c, &options()).unwrap_err().kind(),
            ErrorKind::ConfigMissing
        );
        let c = Config::from_json(&json!({"environment": "x", "api": {"id": "a"}})).unwrap();
        assert_eq!(
            authn_request(&c, &options()).unwrap_err().kind(),
            ErrorKind::ConfigMissing
        );
    }
}
