//! The adversarial-cost benchmark: how long `validate_response` takes to answer hostile inputs
//! that grow to the 1 MiB limit, family by family, against the µs per KB of a benign 109 KB
//! response. Every step before the signature check is attacker-controlled, so each family must
//! stay linear: at the limit, under 50 ms and within 10× the benign µs/KB.
//!
//! `cargo run --release -p maestrano-bench --bin hostile [--quick] [family…]`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use maestrano_core::saml::{validate_response, ValidateOptions};
use maestrano_core::time::UnixTime;
use maestrano_core::Config;
use serde_json::Value;

/// The posted-size limit (`sso.max_response_size`).
const LIMIT: usize = 1024 * 1024;
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

const C14N_METHOD: &str = "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"></ds:CanonicalizationMethod>";
const EXC: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";

struct Case {
    config: Config,
    xml: String,
    now: UnixTime,
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{rel}")).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The platform-shaped modern response of the generated vectors (RSA-2048, SHA-256).
fn base_case() -> Case {
    let vectors: Value =
        serde_json::from_str(&read("tests/vectors/saml-generated/bases.json")).expect("bases.json");
    let v = vectors
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "gen-modern-valid")
        .expect("gen-modern-valid");
    let xml = STANDARD
        .decode(v["input"]["saml_response"].as_str().unwrap())
        .unwrap();
    Case {
        config: Config::from_json(&v["config"]).unwrap(),
        xml: String::from_utf8(xml).unwrap(),
        now: UnixTime::parse(v["input"]["now"].as_str().unwrap()).unwrap(),
    }
}

/// The benign 109 KB response (503 attributes) of the side-by-side benchmark.
fn benign_case() -> Case {
    let cert = read("tests/dsig/certs/idp.pem");
    let config = serde_json::json!({
        "environment": "production",
        "app": {"host": "http://localhost:3000"},
        "api": {"id": "app-1", "key": "bench-key"},
        "sso": {"x509_certificate": cert, "idp_entity_id": "https://idp.maestrano.test"},
    });
    Case {
        config: Config::from_json(&config).unwrap(),
        xml: read("tests/dsig/signed/xmlsec1-bench-109k.xml"),
        now: UnixTime::parse("2024-05-01T10:00:00Z").unwrap(),
    }
}

/// Replaces the one occurrence of `from`.
fn splice(xml: &str, from: &str, to: &str) -> String {
    assert_eq!(xml.matches(from).count(), 1, "anchor {from:?}");
    xml.replacen(from, to, 1)
}

/// `payload` right after the Assertion's signature: inside the signed element, so the input
/// goes through parsing, the signature shape, RSA over SignedInfo, then C14N and the digest.
fn in_assertion(xml: &str, payload: &str) -> String {
    splice(xml, "</ds:Signature>", &format!("</ds:Signature>{payload}"))
}

fn inclusive(xml: &str, list: &str, children: &str) -> String {
    splice(
        xml,
        C14N_METHOD,
        &format!(
            "<ds:CanonicalizationMethod Algorithm=\"{EXC}\"><ec:InclusiveNamespaces xmlns:ec=\"{EXC}\" PrefixList=\"{list}\">{children}</ec:InclusiveNamespaces></ds:CanonicalizationMethod>"
        ),
    )
}

/// A family: a name, what it attacks, and the input (XML and how it is posted) at scale `s`.
struct Family {
    name: &'static str,
    what: &'static str,
    build: fn(&Case, usize) -> Posted,
}

struct Posted {
    xml_len: usize,
    posted: String,
}

fn post(xml: String) -> Posted {
    Posted {
        xml_len: xml.len(),
        posted: STANDARD.encode(xml.as_bytes()),
    }
}

fn families() -> Vec<Family> {
    vec![
        Family {
            name: "prefix_list",
            what: "PrefixList tokens in the SignedInfo CanonicalizationMethod",
            build: |c, s| post(inclusive(&c.xml, &"a ".repeat(2000 * s), "")),
        },
        Family {
            name: "prefix_list+children",
            what: "the review's attack: tokens and empty elements inside InclusiveNamespaces",
            build: |c, s| {
                post(inclusive(
                    &c.xml,
                    &"a ".repeat(1000 * s),
                    &"<x/>".repeat(60 * s),
                ))
            },
        },
        Family {
            name: "ns_decls",
            what: "64 namespace declarations on each of 60 nested levels, prefixed names below",
            build: |c, s| {
                let mut chain = String::new();
                for level in 0..60 {
                    chain.push_str("<e");
                    for i in 0..64 {
                        chain.push_str(&format!(" xmlns:p{i}=\"urn:x:{level}:{i}\""));
                    }
                    chain.push('>');
                }
                chain.push_str("<p0:leaf");
                for i in 1..64 {
                    chain.push_str(&format!(" p{i}:a=\"v\""));
                }
                chain.push_str("/>");
                chain.push_str(&"</e>".repeat(60));
                post(in_assertion(&c.xml, &chain.repeat(s)))
            },
        },
        Family {
            name: "depth",
            what: "chains nested to the depth limit",
            build: |c, s| {
                let chain = format!("{}t{}", "<d>".repeat(60), "</d>".repeat(60));
                post(in_assertion(&c.xml, &chain.repeat(4 * s)))
            },
        },
        Family {
            name: "attributes",
            what: "elements with 127 attributes each",
            build: |c, s| {
                let mut el = String::from("<a");
                for i in 0..127 {
                    el.push_str(&format!(" attribute{i}=\"value {i}\""));
                }
                el.push_str("/>");
                post(in_assertion(&c.xml, &el.repeat(2 * s)))
            },
        },
        Family {
            name: "ids",
            what: "elements with distinct ID attributes",
            build: |c, s| {
                let ids: String = (0..40 * s)
                    .map(|i| format!("<i ID=\"_id-{i:08}\"/>"))
                    .collect();
                post(in_assertion(&c.xml, &ids))
            },
        },
        Family {
            name: "char_refs",
            what: "text and attribute values of character references",
            build: |c, s| {
                let refs = "&#x41;&#65;&amp;&lt;".repeat(25 * s);
                post(in_assertion(&c.xml, &format!("<t v=\"{refs}\">{refs}</t>")))
            },
        },
        Family {
            name: "comments",
            what: "comments splitting one text node",
            build: |c, s| {
                post(in_assertion(
                    &c.xml,
                    &format!("<t>{}</t>", "a<!--c-->".repeat(110 * s)),
                ))
            },
        },
        Family {
            name: "base64_breaks",
            what: "a CRLF after every character of the posted base64",
            build: |c, s| {
                let xml = in_assertion(&c.xml, &format!("<t>{}</t>", "x".repeat(250 * s)));
                let b64 = STANDARD.encode(xml.as_bytes());
                let mut posted = String::with_capacity(b64.len() * 3);
                for ch in b64.chars() {
                    posted.push(ch);
                    posted.push_str("\r\n");
                }
                Posted {
                    xml_len: xml.len(),
                    posted,
                }
            },
        },
        Family {
            name: "signatures",
            what: "copies of the ds:Signature nested in the Assertion",
            build: |c, s| {
                let start = c.xml.find("<ds:Signature").unwrap();
                let end = c.xml.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
                let sig = &c.xml[start..end];
                post(in_assertion(
                    &c.xml,
                    &format!("<x>{}</x>", sig.repeat(s / 2 + 1)),
                ))
            },
        },
        Family {
            name: "text",
            what: "one huge text node",
            build: |c, s| {
                post(in_assertion(
                    &c.xml,
                    &format!("<t>{}</t>", "x".repeat(1000 * s)),
                ))
            },
        },
        Family {
            name: "key_info",
            what: "copies of the certificate in KeyInfo",
            build: |c, s| {
                let start = c.xml.find("<ds:X509Data>").unwrap();
                let end = c.xml.find("</ds:X509Data>").unwrap() + "</ds:X509Data>".len();
                let data = c.xml[start..end].to_owned();
                post(splice(&c.xml, &data, &data.repeat(s)))
            },
        },
    ]
}

/// Median time of one validation, repeated until 200 ms (at most 50 runs, at least 3), and the
/// error kind (or "ok").
fn measure(case: &Case, posted: &str) -> (Duration, String) {
    let options = ValidateOptions {
        now: case.now,
        request_id: None,
    };
    let mut times = Vec::new();
    let started = Instant::now();
    let mut outcome = String::new();
    while times.len() < 3 || (times.len() < 50 && started.elapsed() < Duration::from_millis(200)) {
        let t = Instant::now();
        let r = validate_response(&case.config, posted, &options);
        times.push(t.elapsed());
        outcome = match r {
            Ok(_) => "ok".into(),
            Err(e) => e.kind().to_string(),
        };
        if t.elapsed() > Duration::from_secs(2) {
            break;
        }
    }
    times.sort();
    (times[times.len() / 2], outcome)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let only: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();

    let benign = benign_case();
    let posted = STANDARD.encode(benign.xml.as_bytes());
    let (t, outcome) = measure(&benign, &posted);
    assert_eq!(outcome, "ok", "the benign response must validate");
    let benign_per_kb = t.as_secs_f64() * 1e6 / (posted.len() as f64 / 1024.0);
    println!(
        "benign: {} KB posted, {:.0} µs, {benign_per_kb:.1} µs/KB\n",
        posted.len() / 1024,
        t.as_secs_f64() * 1e6
    );

    let case = base_case();
    println!("| family | scale | XML KB | posted KB | µs | µs/KB | answer |");
    println!("|---|---:|---:|---:|---:|---:|---|");
    let mut summary = Vec::new();
    for family in families() {
        if !only.is_empty() && !only.iter().any(|o| **o == family.name) {
            continue;
        }
        // Scales 1, 4, 16, … then the largest whose posted value fits the limit.
        let fits = |s: usize| (family.build)(&case, s).posted.len() <= LIMIT;
        let mut max = 1;
        while fits(max * 2) {
            max *= 2;
        }
        let (mut lo, mut hi) = (max, max * 2);
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if fits(mid) {
                lo = mid
            } else {
                hi = mid
            }
        }
        let max = lo;
        let mut scales: Vec<usize> = std::iter::successors(Some(1usize), |s| Some(s * 4))
            .take_while(|s| *s < max && (!quick || *s <= 16))
            .collect();
        if !quick {
            scales.push(max);
        }
        let mut first: Option<(f64, f64)> = None;
        let mut last = (0.0, 0.0, 0.0, String::new());
        for s in scales {
            let input = (family.build)(&case, s);
            let (t, outcome) = measure(&case, &input.posted);
            let us = t.as_secs_f64() * 1e6;
            let kb = input.posted.len() as f64 / 1024.0;
            println!(
                "| {} | {s} | {:.0} | {kb:.0} | {us:.0} | {:.1} | {outcome} |",
                family.name,
                input.xml_len as f64 / 1024.0,
                us / kb
            );
            first.get_or_insert((us, kb));
            last = (us, kb, us / kb, outcome);
        }
        let (us0, kb0) = first.unwrap_or((1.0, 1.0));
        let growth = (last.0 / us0) / (last.1 / kb0);
        summary.push((family, last, growth));
    }

    println!(
        "\n| family | attack | at the limit: posted KB | ms | µs/KB | × benign µs/KB | growth vs size | verdict |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---|");
    for (family, (us, kb, per_kb, outcome), growth) in summary {
        let ratio = per_kb / benign_per_kb;
        let verdict = if us / 1000.0 > 50.0 || ratio > 10.0 {
            "FAIL"
        } else {
            "ok"
        };
        println!(
            "| {} | {} | {kb:.0} | {:.2} | {per_kb:.1} | {ratio:.2} | {growth:.2} | {verdict} ({outcome}) |",
            family.name,
            family.what,
            us / 1000.0
        );
    }
}
