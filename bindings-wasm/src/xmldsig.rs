//! The low-level XML-Signature check: an enveloped signature on one element, pinned keys.

use crate::error::{IntoJs, Result};
use maestrano_core::xml::Limits;
use maestrano_core::xmldsig::{verify_by_id, TrustedKeys, VerifyOptions};
use wasm_bindgen::prelude::*;

/// Verifies the enveloped signature of the element whose `ID` is `id`. Returns JSON text
/// `{canonical_xml, signature_algorithm, digest_algorithm}`.
#[wasm_bindgen(js_name = xmldsigVerify)]
pub fn xmldsig_verify(
    xml: &str,
    id: &str,
    certificates: Vec<String>,
    fingerprints: Vec<String>,
    strict_algorithms: bool,
) -> Result<String> {
    let keys = TrustedKeys::new(&certificates, &fingerprints).js()?;
    let view = verify_by_id(
        xml.as_bytes(),
        id,
        &keys,
        &VerifyOptions { strict_algorithms },
        &Limits::default(),
    )
    .js()?;
    Ok(serde_json::json!({
        "canonical_xml": String::from_utf8_lossy(&view.canonical),
        "signature_algorithm": view.signature_algorithm.uri(),
        "digest_algorithm": view.digest_algorithm.uri(),
    })
    .to_string())
}
