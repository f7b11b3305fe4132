//! Step 1 of docs/spec.md §3: the posted `SAMLResponse` is standard base64 (white space allowed),
//! never raw XML, within the configured size. The POST binding never inflates.

use crate::config::SamlLimits;
use crate::error::{Error, ErrorKind, Result};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// Decodes the form value into the XML bytes.
pub fn decode_post(saml_response: &str, limits: &SamlLimits) -> Result<Vec<u8>> {
    if saml_response.len() > limits.max_response_size {
        return Err(Error::new(
            ErrorKind::InputTooLarge,
            format!(
                "expected a SAMLResponse of at most {} bytes, found {} bytes",
                limits.max_response_size,
                saml_response.len()
            ),
        ));
    }
    // Byte by byte: white space is ASCII, and any other byte is left for the decoder to judge.
    // A value without white space (the usual case) is decoded in place, without a copy.
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let raw = saml_response.as_bytes();
    // Scanned in blocks without an early exit, so that the scan vectorises.
    let has_space = raw
        .chunks(64)
        .any(|block| block.iter().fold(false, |found, b| found | space(b)));
    let compact: std::borrow::Cow<'_, [u8]> = if has_space {
        raw.iter().copied().filter(|b| !space(b)).collect()
    } else {
        raw.into()
    };
    if compact.is_empty() {
        return Err(Error::new(
            ErrorKind::MalformedBase64,
            "expected a base64 SAMLResponse, found an empty value",
        ));
    }
    if compact.starts_with(b"<") || compact.starts_with("\u{feff}".as_bytes()) {
        return Err(Error::new(
            ErrorKind::MalformedBase64,
            "expected a base64 SAMLResponse, found raw XML (the HTTP-POST binding always encodes it)",
        ));
    }
    STANDARD.decode(&compact).map_err(|e| {
        Error::new(
            ErrorKind::MalformedBase64,
            format!("expected standard base64 in SAMLResponse: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_with_line_breaks_and_refuses_the_rest() {
        let l = SamlLimits::default();
        assert_eq!(decode_post("PGE+\r\nPC9h\nPg==", &l).unwrap(), b"<a></a>");
        for (input, kind) in [
            ("", ErrorKind::MalformedBase64),
            ("  \n", ErrorKind::MalformedBase64),
            ("<samlp:Response/>", ErrorKind::MalformedBase64),
            ("PGE-PC9hPg", ErrorKind::MalformedBase64),
            ("PGE+PC9hPg", ErrorKind::MalformedBase64),
            ("PGE_PC9hPg==", ErrorKind::MalformedBase64),
        ] {
            assert_eq!(
                decode_post(input, &l).unwrap_err().kind(),
                kind,
                "{input:?}"
            );
        }
        let small = SamlLimits {
            max_response_size: 4,
            ..l
        };
        assert_eq!(
            decode_post("PGE+PC9hPg==", &small).unwrap_err().kind(),
            ErrorKind::InputTooLarge
        );
    }
}
