//! The adversarial-cost benchmark (not part of `make test`): how long
//! `maestrano_core::saml::validate_response` takes to answer hostile inputs that grow to the
//! posted-size limit (`sso.max_response_size`, 1 MiB of base64), family by family, against the
//! µs per posted KB of the benign 109 KB response. Everything before the signature check is
//! attacker-controlled (the consume route takes an unauthenticated POST), so no family may cost
//! more than linear time. Targets: every family at the limit answered in < 50 ms and within 10×
//! the benign µs/KB.
//!
//! ```sh
//! cargo run --release -p maestrano-bench --bin hostile                       # all, to the limit
//! cargo run --release -p maestrano-bench --bin hostile -- --quick            # all, up to 16×
//! cargo run --release -p maestrano-bench --bin hostile -- prefix_list ids    # some families
//! cargo run --release -p maestrano-bench --bin hostile -- --list             # what each attacks
//! ```
//!
//! Options: `--quick` (stop at 16×), `--cap-ms N` (a call slower than N ms, default 2000, stops
//! its family: that point and the larger ones print `>N ms (stopped)`; `0` never stops),
//! `--set key=value` (a config key for the hostile inputs, e.g. `--set sso.max_prefix_list=1000000`
//! to measure what a limit protects; the generators fill up to the limits in force), `--list`.
//! A family name also selects its variants (`ns_decls` runs `ns_decls/126` and
//! `ns_decls/signed_info` too; `ns_decls/126` only that one).
//!
//! Each point runs in a child process (`hostile --child <family> <units>`) that the parent kills
//! when its first call exceeds the cap, so a quadratic path costs the cap, not a minute.
//! Per point: calls repeated until 200 ms have elapsed (at most 50, at least 1); the median. The
//! benign baseline: 1 s (at most 500 calls), measured before and after the families; the ratios
//! use the lower median.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use maestrano_core::saml::{validate_response, ValidateOptions};
use maestrano_core::time::UnixTime;
use maestrano_core::xmldsig::DigestAlgorithm;
use maestrano_core::Config;
use serde_json::{json, Value};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
/// The base response: a platform-shaped modern response of the generated vectors
/// (RSA-2048 / SHA-256, Assertion signed, exclusive C14N) that validates.
const BASE_VECTORS: &str = "tests/vectors/saml-generated/bases.json";
const BASE_VECTOR: &str = "gen-modern-valid";
/// The benign baseline of bench/README.md (503 attributes), with the config of bench/js and
/// bench/python.
const BENIGN_XML: &str = "tests/dsig/signed/xmlsec1-bench-109k.xml";
const BENIGN_CERT: &str = "tests/dsig/certs/idp.pem";
const BENIGN_NOW: &str = "2024-05-01T10:00:00Z";

/// Scales are 1×, 4×, 16×, 64×; 64× is the largest input whose posted value fits the limit.
const MAX_SCALE: usize = 64;
const QUICK_SCALE: usize = 16;
const MIN_TIME: Duration = Duration::from_millis(200);
const MAX_RUNS: usize = 50;
/// The baselines get a longer window (the ratios of every family depend on them).
const BASELINE_MIN_TIME: Duration = Duration::from_millis(1000);
const BASELINE_MAX_RUNS: usize = 500;
const DEFAULT_CAP_MS: u64 = 2000;
const TARGET_MS: f64 = 50.0;
const TARGET_RATIO: f64 = 10.0;

const EXC: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const SIGNED_INFO: &str = "<ds:SignedInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">";
const C14N_METHOD: &str = "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"></ds:CanonicalizationMethod>";
const SIGNATURE_START: &str = "<ds:Signature ";
const SIGNATURE_END: &str = "</ds:Signature>";
const CERT_START: &str = "<ds:X509Certificate>";
const CERT_END: &str = "</ds:X509Certificate>";
const ASSERTION_END: &str = "</Assertion>";
const ATTRIBUTES_END: &str = "</AttributeStatement>";
const NAME_ID_END: &str = "</NameID>";
const STATUS_START: &str = "<samlp:Status>";
const RESPONSE_END: &str = "</samlp:Response>";

// ---- the base response and what the generators need from it --------------------------------

struct Ctx {
    vector: Value,
    /// `--set key=value`: config keys (dotted) applied to every config but the benign one.
    overrides: Vec<(String, Value)>,
    xml: String,
    /// The Assertion's whole `ds:Signature` element, as written.
    signature: String,
    /// The text of its `KeyInfo/X509Data/X509Certificate` (the signing certificate).
    certificate: String,
    /// The configured limits the generators fill up to.
    limit: usize,
    depth: usize,
    attributes: usize,
    declarations: usize,
    prefix_list: usize,
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{rel}")).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn between<'a>(text: &'a str, start: &str, end: &str, inclusive: bool) -> &'a str {
    let a = text.find(start).unwrap_or_else(|| panic!("no {start:?}"));
    let b = a + text[a..].find(end).unwrap_or_else(|| panic!("no {end:?}"));
    if inclusive {
        &text[a..b + end.len()]
    } else {
        &text[a + start.len()..b]
    }
}

/// `config` with `key` (dotted: `sso.max_prefix_list`) set to `value`.
fn set(config: &mut Value, key: &str, value: &Value) {
    let mut at = config;
    for part in key.split('.') {
        if !at.is_object() {
            *at = json!({});
        }
        at = at
            .as_object_mut()
            .expect("an object")
            .entry(part)
            .or_insert(Value::Null);
    }
    *at = value.clone();
}

/// `key=value` (a JSON value, or else a string).
fn parse_override(text: &str) -> (String, Value) {
    let (key, value) = text
        .split_once('=')
        .unwrap_or_else(|| panic!("--set {text:?}: expected key=value"));
    let value = serde_json::from_str(value).unwrap_or_else(|_| json!(value));
    (key.to_owned(), value)
}

impl Ctx {
    fn load(overrides: Vec<(String, Value)>) -> Ctx {
        let vectors: Value = serde_json::from_str(&read(BASE_VECTORS)).expect(BASE_VECTORS);
        let vector = vectors
            .as_array()
            .expect("an array of vectors")
            .iter()
            .find(|v| v["name"] == BASE_VECTOR)
            .unwrap_or_else(|| panic!("no vector {BASE_VECTOR}"))
            .clone();
        let xml = STANDARD
            .decode(vector["input"]["saml_response"].as_str().expect("input"))
            .expect("base64");
        let xml = String::from_utf8(xml).expect("UTF-8");
        let signature = between(&xml, SIGNATURE_START, SIGNATURE_END, true).to_owned();
        let certificate = between(&signature, CERT_START, CERT_END, false).to_owned();
        let mut config = vector["config"].clone();
        for (key, value) in &overrides {
            set(&mut config, key, value);
        }
        let limits = Config::from_json(&config)
            .expect("the base config")
            .sso
            .limits;
        Ctx {
            vector,
            overrides,
            xml,
            signature,
            certificate,
            limit: limits.max_response_size,
            depth: limits.max_depth,
            attributes: limits.max_attributes,
            declarations: limits.max_namespace_declarations,
            prefix_list: limits.max_prefix_list,
        }
    }

    fn config(&self, trust: Trust) -> Config {
        let mut config = self.vector["config"].clone();
        for (key, value) in &self.overrides {
            set(&mut config, key, value);
        }
        if let Trust::Fingerprint = trust {
            let der = STANDARD
                .decode(self.certificate.split_whitespace().collect::<String>())
                .expect("the certificate's base64");
            let hex: String = DigestAlgorithm::Sha256
                .digest(&der)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let sso = config["sso"].as_object_mut().expect("sso");
            sso.remove("x509_certificate");
            sso.insert("x509_fingerprint".into(), json!(hex));
        }
        Config::from_json(&config).expect("config")
    }

    fn options(&self) -> ValidateOptions {
        let input = &self.vector["input"];
        ValidateOptions {
            now: UnixTime::parse(input["now"].as_str().expect("now")).expect("now"),
            request_id: input["request_id"].as_str().map(str::to_owned),
        }
    }
}

/// `xml` with its only `anchor` replaced by `with`.
fn splice(xml: &str, anchor: &str, with: &str) -> String {
    assert_eq!(xml.matches(anchor).count(), 1, "anchor {anchor:?}");
    xml.replacen(anchor, with, 1)
}

fn before(xml: &str, anchor: &str, payload: &str) -> Vec<u8> {
    splice(xml, anchor, &format!("{payload}{anchor}")).into_bytes()
}

fn after(xml: &str, anchor: &str, payload: &str) -> Vec<u8> {
    splice(xml, anchor, &format!("{anchor}{payload}")).into_bytes()
}

// ---- the families ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Trust {
    /// The vector's config: the pinned certificate.
    Certificate,
    /// The same key pinned by its SHA-256 fingerprint instead (KeyInfo certificates are then
    /// hashed and parsed).
    Fingerprint,
}

#[derive(Clone, Copy)]
enum Posting {
    Base64,
    /// Standard base64 with `separator` after every character.
    BreakAfterEvery(&'static str),
}

impl Posting {
    fn post(self, xml: &[u8]) -> String {
        let b64 = STANDARD.encode(xml);
        match self {
            Posting::Base64 => b64,
            Posting::BreakAfterEvery(separator) => {
                let mut out = String::with_capacity(b64.len() * (1 + separator.len()));
                for c in b64.chars() {
                    out.push(c);
                    out.push_str(separator);
                }
                out
            }
        }
    }
}

struct Family {
    name: &'static str,
    /// What one unit of growth is.
    unit: &'static str,
    /// Where it goes and what it attacks.
    attacks: &'static str,
    trust: Trust,
    posting: Posting,
    /// The XML with `units` units.
    build: fn(&Ctx, usize) -> Vec<u8>,
}

const fn family(
    name: &'static str,
    unit: &'static str,
    attacks: &'static str,
    build: fn(&Ctx, usize) -> Vec<u8>,
) -> Family {
    Family {
        name,
        unit,
        attacks,
        trust: Trust::Certificate,
        posting: Posting::Base64,
        build,
    }
}

fn families() -> Vec<Family> {
    vec![
        family(
            "prefix_list",
            "16 distinct PrefixList tokens (1–4 letters)",
            "an `ec:InclusiveNamespaces` PrefixList in the SignedInfo CanonicalizationMethod, no token repeated (tokens read, deduplicated, looked up on every canonicalised element)",
            prefix_list,
        ),
        family(
            "prefix_list/children",
            "18 one-letter tokens + 1 empty child element",
            "the review's 68-second attack: PrefixList tokens and empty elements inside that `InclusiveNamespaces` (tokens × elements when SignedInfo is canonicalised)",
            prefix_list_children,
        ),
        family(
            "ns_decls",
            "1 level: 64 declarations + 64 prefixed attributes",
            "chains nested to the depth limit inside the Assertion, every level rebinding the same 64 prefixes (the limit per element) and using them all (namespace resolution, C14N rendering)",
            ns_decls,
        ),
        family(
            "ns_decls/126",
            "1 level: 126 declarations + 2 prefixed attributes",
            "the review's shape: 126 declarations on each level of chains in the Assertion (over the per-element limit)",
            ns_decls_126,
        ),
        family(
            "ns_decls/signed_info",
            "1 level: 64 declarations + 64 prefixed attributes",
            "the `ns_decls` chains inside the SignedInfo `InclusiveNamespaces` (PrefixList of 32 of those prefixes)",
            ns_decls_signed_info,
        ),
        family(
            "depth",
            "1 level of nesting",
            "chains nested to the depth limit inside the Assertion, repeated",
            depth,
        ),
        family(
            "attributes",
            "1 element with 128 attributes",
            "elements at the attribute limit, long distinct names with a common prefix (duplicate detection, C14N sorting)",
            attributes,
        ),
        family(
            "attributes/ns",
            "1 element: 64 declarations + 64 `pN:attr`",
            "the same local name in 64 namespaces with long common-prefix URIs (duplicates by expanded name, C14N sorting by URI)",
            attributes_ns,
        ),
        family(
            "ids",
            "1 element with a distinct 56-character `ID`",
            "the ID table (duplicate detection, lookup of the signed element)",
            ids,
        ),
        family(
            "char_refs",
            "16 references in a text + 16 in an attribute value",
            "`&#x41;` `&#65;` `&amp;` `&#x1F600;` `&lt;` `&#xD;` `&quot;` `&#9;` in an AttributeValue and an attribute (unescaping, C14N escaping)",
            char_refs,
        ),
        family(
            "comments",
            "1 comment + 1 character of text",
            "comments splitting the NameID text into runs",
            comments,
        ),
        family(
            "comments/signed_info",
            "1 comment",
            "comments between the SignedInfo children (dropped by C14N, so the response still validates: the full path)",
            comments_signed_info,
        ),
        Family {
            posting: Posting::BreakAfterEvery("\n"),
            ..family(
                "base64_breaks/lf",
                "64 bytes of a trailing comment",
                "a LF after every character of the posted base64 (the response itself validates)",
                padded,
            )
        },
        Family {
            posting: Posting::BreakAfterEvery("\r\n"),
            ..family(
                "base64_breaks/crlf",
                "64 bytes of a trailing comment",
                "a CRLF after every character of the posted base64",
                padded,
            )
        },
        Family {
            posting: Posting::BreakAfterEvery(" "),
            ..family(
                "base64_breaks/space",
                "64 bytes of a trailing comment",
                "a space after every character of the posted base64",
                padded,
            )
        },
        family(
            "signatures",
            "1 copy of the ds:Signature",
            "copies of the whole ds:Signature as direct children of the Assertion, after the real one (signature location)",
            signatures,
        ),
        family(
            "signatures/nested",
            "1 copy in an `Advice`",
            "copies of the ds:Signature nested in elements of the Assertion (the placement walk)",
            signatures_nested,
        ),
        family(
            "signatures/extensions",
            "1 copy",
            "copies of the ds:Signature in a `samlp:Extensions` of the (unsigned) Response",
            signatures_extensions,
        ),
        family(
            "text",
            "64 characters",
            "one giant AttributeValue text (parsing, C14N, digest)",
            text,
        ),
        family(
            "text/signed_info",
            "64 white-space characters",
            "one giant white-space text inside SignedInfo (allowed by the shape; canonicalised and hashed for RSA)",
            text_signed_info,
        ),
        family(
            "key_info",
            "1 copy of the certificate",
            "copies of the real certificate in KeyInfo/X509Data (each decoded and compared with the pinned ones)",
            key_info,
        ),
        family(
            "key_info/junk",
            "1 junk certificate",
            "base64 junk of a certificate's size in KeyInfo/X509Data (decoded, matches nothing)",
            key_info_junk,
        ),
        Family {
            trust: Trust::Fingerprint,
            ..family(
                "key_info/fingerprint",
                "1 copy of the certificate",
                "copies of the real certificate with the key pinned by fingerprint (each hashed, parsed as X.509)",
                key_info,
            )
        },
    ]
}

const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// `n` one-letter prefixes (NCNames), space-separated, repeating after 52.
fn tokens(n: usize) -> String {
    let mut s = String::with_capacity(2 * n);
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push(char::from(LETTERS[i % LETTERS.len()]));
    }
    s
}

/// `n` distinct prefixes, space-separated: the shortest letter-only names first (`a`…`Z`,
/// `aa`…`ZZ`, …).
fn distinct_tokens(n: usize) -> String {
    let mut s = String::with_capacity(4 * n);
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        // Bijective base 52.
        let mut k = i + 1;
        let start = s.len();
        while k > 0 {
            k -= 1;
            s.push(char::from(LETTERS[k % LETTERS.len()]));
            k /= LETTERS.len();
        }
        // Written least significant letter first; ASCII, so reversing chars is exact.
        let reversed: String = s[start..].chars().rev().collect();
        s.truncate(start);
        s.push_str(&reversed);
    }
    s
}

/// The base response with an `ec:InclusiveNamespaces` in its SignedInfo CanonicalizationMethod.
fn inclusive(ctx: &Ctx, list: &str, children: &str) -> Vec<u8> {
    splice(
        &ctx.xml,
        C14N_METHOD,
        &format!(
            "<ds:CanonicalizationMethod Algorithm=\"{EXC}\"><ec:InclusiveNamespaces xmlns:ec=\"{EXC}\" PrefixList=\"{list}\">{children}</ec:InclusiveNamespaces></ds:CanonicalizationMethod>"
        ),
    )
    .into_bytes()
}

fn prefix_list(ctx: &Ctx, n: usize) -> Vec<u8> {
    inclusive(ctx, &distinct_tokens(16 * n), "")
}

fn prefix_list_children(ctx: &Ctx, n: usize) -> Vec<u8> {
    inclusive(ctx, &tokens(18 * n), &"<ec:e/>".repeat(n))
}

/// `n` levels of `<p0:n>` in chains `depth` deep; each level declares `p0`…`p{decls-1}` (bound
/// to URIs of its own, so every level rebinds them) and carries `p0:a`…`p{attrs-1}:a`.
fn ns_chains(n: usize, depth: usize, decls: usize, attrs: usize) -> String {
    let mut s = String::new();
    let mut open = 0;
    for level in 0..n {
        if open == depth {
            s.push_str(&"</p0:n>".repeat(open));
            open = 0;
        }
        s.push_str("<p0:n");
        for i in 0..decls {
            write!(s, " xmlns:p{i}=\"urn:hostile:{level}:{i}\"").unwrap();
        }
        for i in 0..attrs.min(decls) {
            write!(s, " p{i}:a=\"v\"").unwrap();
        }
        s.push('>');
        open += 1;
    }
    s.push_str(&"</p0:n>".repeat(open));
    s
}

/// Declarations per level at the limits, and the prefixed attributes that still fit.
fn ns_shape(ctx: &Ctx) -> (usize, usize) {
    let decls = ctx.declarations.min(ctx.attributes / 2);
    (decls, ctx.attributes - decls)
}

fn ns_decls(ctx: &Ctx, n: usize) -> Vec<u8> {
    let (decls, attrs) = ns_shape(ctx);
    // The Assertion is at depth 2.
    before(
        &ctx.xml,
        ASSERTION_END,
        &ns_chains(n, ctx.depth - 2, decls, attrs),
    )
}

fn ns_decls_126(ctx: &Ctx, n: usize) -> Vec<u8> {
    let decls = ctx.attributes - 2;
    before(
        &ctx.xml,
        ASSERTION_END,
        &ns_chains(n, ctx.depth - 2, decls, 2),
    )
}

fn ns_decls_signed_info(ctx: &Ctx, n: usize) -> Vec<u8> {
    let (decls, attrs) = ns_shape(ctx);
    let list: Vec<String> = (0..decls.min(ctx.prefix_list))
        .map(|i| format!("p{i}"))
        .collect();
    // Response, Assertion, Signature, SignedInfo, CanonicalizationMethod, InclusiveNamespaces.
    inclusive(
        ctx,
        &list.join(" "),
        &ns_chains(n, ctx.depth - 6, decls, attrs),
    )
}

fn depth(ctx: &Ctx, n: usize) -> Vec<u8> {
    const OPEN: &str = "<deep-nesting-level-element>";
    const CLOSE: &str = "</deep-nesting-level-element>";
    let chain = ctx.depth - 2;
    let mut s = String::with_capacity(n * (OPEN.len() + CLOSE.len()));
    let mut left = n;
    while left > 0 {
        let d = left.min(chain);
        s.push_str(&OPEN.repeat(d));
        s.push_str(&CLOSE.repeat(d));
        left -= d;
    }
    before(&ctx.xml, ASSERTION_END, &s)
}

fn attributes(ctx: &Ctx, n: usize) -> Vec<u8> {
    let mut element = String::from("<Junk");
    for i in 0..ctx.attributes {
        write!(
            element,
            " attribute-with-a-long-common-prefix-{i:03}=\"value {i}\""
        )
        .unwrap();
    }
    element.push_str("/>");
    before(&ctx.xml, ASSERTION_END, &element.repeat(n))
}

fn attributes_ns(ctx: &Ctx, n: usize) -> Vec<u8> {
    let (decls, attrs) = ns_shape(ctx);
    let mut element = String::from("<Junk");
    for i in 0..decls {
        write!(
            element,
            " xmlns:p{i}=\"urn:hostile:attributes:with-a-long-common-namespace-prefix:{i:03}\""
        )
        .unwrap();
    }
    for i in 0..attrs.min(decls) {
        write!(element, " p{i}:attr=\"v{i}\"").unwrap();
    }
    element.push_str("/>");
    before(&ctx.xml, ASSERTION_END, &element.repeat(n))
}

fn ids(ctx: &Ctx, n: usize) -> Vec<u8> {
    let mut s = String::new();
    for i in 0..n {
        write!(
            s,
            "<Junk ID=\"_hostile-identifier-with-a-long-common-prefix-{i:010}\"/>"
        )
        .unwrap();
    }
    before(&ctx.xml, ASSERTION_END, &s)
}

fn char_refs(ctx: &Ctx, n: usize) -> Vec<u8> {
    const REFS: [&str; 8] = [
        "&#x41;",
        "&#65;",
        "&amp;",
        "&#x1F600;",
        "&lt;",
        "&#xD;",
        "&quot;",
        "&#9;",
    ];
    let refs: String = (0..16 * n).map(|i| REFS[i % REFS.len()]).collect();
    before(
        &ctx.xml,
        ATTRIBUTES_END,
        &format!(
            "<Attribute Name=\"char_refs\" FriendlyName=\"{refs}\"><AttributeValue>{refs}</AttributeValue></Attribute>"
        ),
    )
}

fn comments(ctx: &Ctx, n: usize) -> Vec<u8> {
    before(
        &ctx.xml,
        NAME_ID_END,
        &"<!-- a comment splitting the NameID text -->x".repeat(n),
    )
}

fn comments_signed_info(ctx: &Ctx, n: usize) -> Vec<u8> {
    after(
        &ctx.xml,
        SIGNED_INFO,
        &"<!-- a comment between ds:SignedInfo children -->".repeat(n),
    )
}

/// The base response followed by a comment of `64 n` bytes (outside the document element).
fn padded(ctx: &Ctx, n: usize) -> Vec<u8> {
    let pad = "padding ".repeat(8 * n);
    after(&ctx.xml, RESPONSE_END, &format!("<!--{pad}-->"))
}

fn signatures(ctx: &Ctx, n: usize) -> Vec<u8> {
    after(&ctx.xml, SIGNATURE_END, &ctx.signature.repeat(n))
}

fn signatures_nested(ctx: &Ctx, n: usize) -> Vec<u8> {
    let wrapped = format!("<Advice>{}</Advice>", ctx.signature);
    before(&ctx.xml, ASSERTION_END, &wrapped.repeat(n))
}

fn signatures_extensions(ctx: &Ctx, n: usize) -> Vec<u8> {
    before(
        &ctx.xml,
        STATUS_START,
        &format!(
            "<samlp:Extensions>{}</samlp:Extensions>",
            ctx.signature.repeat(n)
        ),
    )
}

fn text(ctx: &Ctx, n: usize) -> Vec<u8> {
    const LINE: &str = "The quick brown fox jumps over the lazy dog, 0123456789 ABCDEFGH.";
    debug_assert_eq!(LINE.len(), 64);
    before(
        &ctx.xml,
        ATTRIBUTES_END,
        &format!(
            "<Attribute Name=\"text\"><AttributeValue>{}</AttributeValue></Attribute>",
            LINE.repeat(n)
        ),
    )
}

fn text_signed_info(ctx: &Ctx, n: usize) -> Vec<u8> {
    const SPACE: &str = "          \t          \n          \t          \n          \t       \n";
    debug_assert_eq!(SPACE.len(), 64);
    after(&ctx.xml, SIGNED_INFO, &SPACE.repeat(n))
}

fn key_info(ctx: &Ctx, n: usize) -> Vec<u8> {
    let copy = format!("{CERT_START}{}{CERT_END}", ctx.certificate);
    after(&ctx.xml, CERT_END, &copy.repeat(n))
}

fn key_info_junk(ctx: &Ctx, n: usize) -> Vec<u8> {
    let len = STANDARD
        .decode(ctx.certificate.split_whitespace().collect::<String>())
        .expect("the certificate's base64")
        .len();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut s = String::new();
    for _ in 0..n {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        let b64 = STANDARD.encode(bytes);
        s.push_str(CERT_START);
        for line in b64.as_bytes().chunks(64) {
            s.push_str(std::str::from_utf8(line).unwrap());
            s.push('\n');
        }
        s.push_str(CERT_END);
    }
    after(&ctx.xml, CERT_END, &s)
}

// ---- one measurement (in a child process) ---------------------------------------------------

struct Input {
    config: Config,
    options: ValidateOptions,
    xml_len: usize,
    posted: String,
}

fn find_family(name: &str) -> Family {
    families()
        .into_iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no family {name:?}"))
}

/// The input of a point: a family at `units`, or the benign baselines `benign` and `base`.
fn input(ctx: &Ctx, name: &str, units: usize) -> Input {
    match name {
        "benign" => {
            let cert = read(BENIGN_CERT);
            let config = json!({
                "environment": "production",
                "app": {"host": "http://localhost:3000"},
                "api": {"id": "app-1", "key": "bench-key"},
                "sso": {"x509_certificate": cert, "idp_entity_id": "https://idp.maestrano.test"},
            });
            let xml = read(BENIGN_XML);
            Input {
                config: Config::from_json(&config).expect("benign config"),
                options: ValidateOptions {
                    now: UnixTime::parse(BENIGN_NOW).expect("now"),
                    request_id: None,
                },
                xml_len: xml.len(),
                posted: STANDARD.encode(xml.as_bytes()),
            }
        }
        "base" => Input {
            config: ctx.config(Trust::Certificate),
            options: ctx.options(),
            xml_len: ctx.xml.len(),
            posted: STANDARD.encode(ctx.xml.as_bytes()),
        },
        _ => {
            let family = find_family(name);
            let xml = (family.build)(ctx, units);
            Input {
                config: ctx.config(family.trust),
                options: ctx.options(),
                xml_len: xml.len(),
                posted: family.posting.post(&xml),
            }
        }
    }
}

fn answer<T>(r: &maestrano_core::Result<T>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.kind().as_str(),
    }
}

/// `--child <name> <units> [--set key=value]…`: prints `ready <xml bytes> <posted bytes>`,
/// then `first <ns> <answer>` after the first call, then `done <median ns> <runs>`.
fn child(name: &str, units: usize, overrides: Vec<(String, Value)>) {
    let ctx = Ctx::load(overrides);
    let input = input(&ctx, name, units);
    let mut out = std::io::stdout();
    let mut say = |line: String| {
        writeln!(out, "{line}").unwrap();
        out.flush().unwrap();
    };
    say(format!("ready {} {}", input.xml_len, input.posted.len()));
    let call = || {
        let t = Instant::now();
        let r = validate_response(&input.config, &input.posted, &input.options);
        let elapsed = t.elapsed();
        (elapsed, answer(&std::hint::black_box(r)))
    };
    let (min_time, max_runs) = match name {
        "benign" | "base" => (BASELINE_MIN_TIME, BASELINE_MAX_RUNS),
        _ => (MIN_TIME, MAX_RUNS),
    };
    let started = Instant::now();
    let (first, kind) = call();
    say(format!("first {} {kind}", first.as_nanos()));
    let mut times = vec![first];
    while started.elapsed() < min_time && times.len() < max_runs {
        times.push(call().0);
    }
    times.sort();
    say(format!(
        "done {} {}",
        times[times.len() / 2].as_nanos(),
        times.len()
    ));
}

// ---- the driver -----------------------------------------------------------------------------

enum Point {
    Measured {
        xml_len: usize,
        posted_len: usize,
        ns: f64,
        answer: String,
    },
    Stopped {
        xml_len: usize,
        posted_len: usize,
    },
}

impl Point {
    fn posted_len(&self) -> usize {
        match self {
            Point::Measured { posted_len, .. } | Point::Stopped { posted_len, .. } => *posted_len,
        }
    }
}

fn next_line(rx: &Receiver<String>, timeout: Option<Duration>) -> Result<String, RecvTimeoutError> {
    match timeout {
        Some(t) => rx.recv_timeout(t),
        None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
    }
}

fn field<T: std::str::FromStr>(parts: &[&str], i: usize, line: &str) -> T {
    parts
        .get(i)
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("unexpected line from the child: {line:?}"))
}

/// Measures one point in a child process; `cap` stops it when its first call is slower.
fn run_point(ctx: &Ctx, name: &str, units: usize, cap: Option<Duration>) -> Point {
    let exe = std::env::current_exe().expect("current_exe");
    let sets = ctx
        .overrides
        .iter()
        .flat_map(|(k, v)| ["--set".to_owned(), format!("{k}={v}")]);
    let mut child = Command::new(exe)
        .args(["--child", name, &units.to_string()])
        .args(sets)
        .stdout(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .expect("spawn the child");
    let stdout = child.stdout.take().expect("child stdout");
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let fail = |what: &str| -> ! { panic!("{name} at {units} units: the child {what}") };
    let ready = next_line(&rx, Some(Duration::from_secs(120)))
        .unwrap_or_else(|_| fail("did not get ready"));
    let parts: Vec<&str> = ready.split(' ').collect();
    assert_eq!(parts[0], "ready", "{ready:?}");
    let xml_len: usize = field(&parts, 1, &ready);
    let posted_len: usize = field(&parts, 2, &ready);
    let first = match next_line(&rx, cap) {
        Ok(line) => line,
        Err(RecvTimeoutError::Timeout) => {
            // A child this program started, by its handle.
            child.kill().ok();
            child.wait().ok();
            reader.join().ok();
            return Point::Stopped {
                xml_len,
                posted_len,
            };
        }
        Err(RecvTimeoutError::Disconnected) => fail("died during its first call"),
    };
    let parts: Vec<&str> = first.split(' ').collect();
    assert_eq!(parts[0], "first", "{first:?}");
    let answer = parts.get(2).copied().unwrap_or("?").to_owned();
    let done = next_line(&rx, None).unwrap_or_else(|_| fail("died while repeating"));
    let parts: Vec<&str> = done.split(' ').collect();
    assert_eq!(parts[0], "done", "{done:?}");
    let ns: f64 = field(&parts, 1, &done);
    child.wait().ok();
    reader.join().ok();
    Point::Measured {
        xml_len,
        posted_len,
        ns,
        answer,
    }
}

/// The largest number of units whose posted value fits `ctx.limit`.
fn max_units(ctx: &Ctx, family: &Family) -> usize {
    let fits = |n: usize| family.posting.post(&(family.build)(ctx, n)).len() <= ctx.limit;
    assert!(fits(1), "{}: one unit does not fit the limit", family.name);
    let mut lo = 1;
    while fits(lo * 2) {
        lo *= 2;
    }
    let mut hi = lo * 2;
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

fn row(family: &str, scale: usize, units: usize, point: &Point, cap_ms: u64) {
    match point {
        Point::Measured {
            xml_len,
            posted_len,
            ns,
            answer,
        } => {
            let us = ns / 1000.0;
            println!(
                "| {family} | {scale}× | {units} | {:.1} | {:.1} | {us:.0} | {:.2} | {answer} |",
                kb(*xml_len),
                kb(*posted_len),
                us / kb(*posted_len),
            );
        }
        Point::Stopped {
            xml_len,
            posted_len,
        } => println!(
            "| {family} | {scale}× | {units} | {:.1} | {:.1} | >{cap_ms} ms (stopped) | — | — |",
            kb(*xml_len),
            kb(*posted_len),
        ),
    }
}

struct Summary {
    name: &'static str,
    scale: usize,
    last: Point,
    growth: Option<f64>,
}

fn usage() -> ! {
    eprintln!("usage: hostile [--quick] [--cap-ms N] [--set key=value]... [--list] [family...]");
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut quick = false;
    let mut list = false;
    let mut cap_ms = DEFAULT_CAP_MS;
    let mut only: Vec<String> = Vec::new();
    let mut overrides = Vec::new();
    let mut child_of = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--child" => {
                let name = it.next().unwrap_or_else(|| usage());
                let units = it.next().and_then(|u| u.parse().ok()).unwrap_or(0);
                child_of = Some((name, units));
            }
            "--set" => overrides.push(parse_override(&it.next().unwrap_or_else(|| usage()))),
            "--quick" => quick = true,
            "--list" => list = true,
            "--cap-ms" => {
                cap_ms = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            s if s.starts_with('-') => usage(),
            _ => only.push(a),
        }
    }
    if let Some((name, units)) = child_of {
        child(&name, units, overrides);
        return;
    }
    let selected: Vec<Family> = families()
        .into_iter()
        .filter(|f| {
            only.is_empty()
                || only
                    .iter()
                    .any(|o| f.name == o || f.name.starts_with(&format!("{o}/")))
        })
        .collect();
    if selected.is_empty() {
        eprintln!("no such family; --list shows them");
        std::process::exit(2);
    }
    if list {
        println!("| family | unit | attacks |\n|---|---|---|");
        for f in &selected {
            println!("| `{}` | {} | {} |", f.name, f.unit, f.attacks);
        }
        return;
    }
    let cap = (cap_ms > 0).then(|| Duration::from_millis(cap_ms));
    let top = if quick { QUICK_SCALE } else { MAX_SCALE };

    let ctx = Ctx::load(overrides);
    // The baselines must validate, or the µs/KB below would compare against a refusal.
    for name in ["benign", "base"] {
        let i = input(&ctx, name, 0);
        let r = validate_response(&i.config, &i.posted, &i.options);
        assert!(
            r.is_ok(),
            "the {name} response must validate: {:?}",
            r.err()
        );
    }
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "hostile: validate_response, release build, {cpus} CPUs, load average {}; posted limit {} bytes, depth {}, {} attributes / {} namespace declarations per element, PrefixList {}; cap {}{}\n",
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        ctx.limit,
        ctx.depth,
        ctx.attributes,
        ctx.declarations,
        ctx.prefix_list,
        cap.map_or("none".to_owned(), |_| format!("{cap_ms} ms")),
        ctx.overrides
            .iter()
            .map(|(k, v)| format!("; {k} = {v}"))
            .collect::<String>(),
    );

    println!("| baseline | XML KB | posted KB | µs per call | µs per KB | answer |");
    println!("|---|---:|---:|---:|---:|---|");
    let mut benign_per_kb = f64::NAN;
    for (name, label) in [
        ("benign", "benign 109 KB (`xmlsec1-bench-109k.xml`)"),
        ("base", "base (`gen-modern-valid`)"),
    ] {
        if let Point::Measured {
            xml_len,
            posted_len,
            ns,
            answer,
        } = run_point(&ctx, name, 0, None)
        {
            let us = ns / 1000.0;
            let per_kb = us / kb(posted_len);
            if name == "benign" {
                benign_per_kb = per_kb;
            }
            println!(
                "| {label} | {:.1} | {:.1} | {us:.0} | {per_kb:.2} | {answer} |",
                kb(xml_len),
                kb(posted_len)
            );
        }
    }
    println!();

    println!("| family | scale | units | XML KB | posted KB | µs per call | µs per KB | answer |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    let mut summaries = Vec::new();
    for family in &selected {
        let max = max_units(&ctx, family);
        let mut scales = vec![1];
        while scales.last().is_some_and(|s| s * 4 <= MAX_SCALE.min(max)) {
            scales.push(scales.last().unwrap() * 4);
        }
        let full = *scales.last().unwrap();
        let mut stopped = false;
        let mut first_measured: Option<(f64, usize)> = None;
        let mut last_measured: Option<(f64, usize)> = None;
        let mut last = None;
        for &scale in scales.iter().filter(|s| **s <= top) {
            let units = (max * scale / full).max(1);
            let point = if stopped {
                let i = input(&ctx, family.name, units);
                Point::Stopped {
                    xml_len: i.xml_len,
                    posted_len: i.posted.len(),
                }
            } else {
                run_point(&ctx, family.name, units, cap)
            };
            row(family.name, scale, units, &point, cap_ms);
            match &point {
                Point::Measured { ns, posted_len, .. } => {
                    first_measured.get_or_insert((*ns, *posted_len));
                    last_measured = Some((*ns, *posted_len));
                }
                Point::Stopped { .. } => stopped = true,
            }
            last = Some((scale, point));
        }
        let growth = match (first_measured, last_measured) {
            (Some((t0, b0)), Some((t1, b1))) if b1 > b0 => {
                Some((t1 / t0) / (b1 as f64 / b0 as f64))
            }
            _ => None,
        };
        if let Some((scale, point)) = last {
            summaries.push(Summary {
                name: family.name,
                scale,
                last: point,
                growth,
            });
        }
    }

    // The benign baseline again, after the load of the families; the lower median is used, so
    // a baseline slowed down by other work cannot make a slow family look acceptable.
    if let Point::Measured { posted_len, ns, .. } = run_point(&ctx, "benign", 0, None) {
        let per_kb = ns / 1000.0 / kb(posted_len);
        println!(
            "\nbenign 109 KB measured again: {:.0} µs, {per_kb:.2} µs/KB; the ratios use the lower of the two: {:.2} µs/KB",
            ns / 1000.0,
            per_kb.min(benign_per_kb)
        );
        benign_per_kb = per_kb.min(benign_per_kb);
    }

    println!();
    if quick {
        println!(
            "(--quick: the summary is at 16×, about a quarter of the limit, not at the limit.)\n"
        );
    }
    println!(
        "| family | scale | posted KB | ms per call | µs per KB | × benign µs/KB | growth | verdict |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    let mut failures = 0;
    for s in &summaries {
        let growth = s.growth.map_or("—".to_owned(), |g| format!("{g:.2}"));
        let posted = kb(s.last.posted_len());
        match &s.last {
            Point::Measured { ns, answer, .. } => {
                let ms = ns / 1e6;
                let per_kb = ns / 1000.0 / posted;
                let ratio = per_kb / benign_per_kb;
                let ok = ms <= TARGET_MS && ratio <= TARGET_RATIO;
                if !ok {
                    failures += 1;
                }
                println!(
                    "| {} | {}× | {posted:.0} | {ms:.2} | {per_kb:.2} | {ratio:.2} | {growth} | {} ({answer}) |",
                    s.name,
                    s.scale,
                    if ok { "ok" } else { "**FAIL**" },
                );
            }
            Point::Stopped { .. } => {
                failures += 1;
                println!(
                    "| {} | {}× | {posted:.0} | >{cap_ms} (stopped) | — | — | {growth} | **FAIL** |",
                    s.name, s.scale,
                );
            }
        }
    }
    println!(
        "\nbenign 109 KB: {benign_per_kb:.2} µs per posted KB; targets: ≤ {TARGET_MS} ms per call and ≤ {TARGET_RATIO}× that µs/KB; growth = (µs at the last scale / µs at 1×) / (posted size ratio), ≈ 1 or below for linear cost. {failures} of {} families FAIL.",
        summaries.len()
    );
}
