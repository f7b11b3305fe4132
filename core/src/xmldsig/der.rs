//! The DER (ITU-T X.690) reading that key pinning needs: tag-length-value elements with
//! single-byte tags and definite, minimally encoded lengths. Certificates come from the
//! configuration and from a response's KeyInfo (hostile), so every length is checked against
//! the input and anything non-canonical is refused.

/// `SEQUENCE` (constructed).
pub(crate) const SEQUENCE: u8 = 0x30;
/// `INTEGER`.
pub(crate) const INTEGER: u8 = 0x02;
/// `BIT STRING`.
pub(crate) const BIT_STRING: u8 = 0x03;
/// `OBJECT IDENTIFIER`.
pub(crate) const OBJECT_IDENTIFIER: u8 = 0x06;
/// `[0]` constructed, context-specific (a certificate's `version`).
pub(crate) const CONTEXT_0: u8 = 0xa0;

/// One element: its tag, its contents, and its whole encoding (header included).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    pub value: &'a [u8],
    pub encoded: &'a [u8],
}

/// The element at the start of `input` and what follows it.
pub(crate) fn read(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), String> {
    let (&tag, rest) = input
        .split_first()
        .ok_or("expected a DER element, found the end of the input")?;
    if tag & 0x1f == 0x1f {
        return Err(format!("expected a single-byte DER tag, found 0x{tag:02x}"));
    }
    let (&first, rest) = rest
        .split_first()
        .ok_or("expected a DER length, found the end of the input")?;
    let (len, rest) = match first {
        0..=0x7f => (usize::from(first), rest),
        0x80 => return Err("expected a definite DER length, found the indefinite form".into()),
        _ => {
            let count = usize::from(first & 0x7f);
            if count > 4 {
                return Err(format!(
                    "expected a DER length of at most 4 bytes, found {count}"
                ));
            }
            let bytes = rest
                .get(..count)
                .ok_or("expected a DER length, found the end of the input")?;
            let len = bytes
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
            // Minimal: the long form only from 128 on, without a leading zero byte.
            if len < 0x80 || bytes.first() == Some(&0) {
                return Err("expected a minimally encoded DER length".into());
            }
            (len, &rest[count..])
        }
    };
    let value = rest
        .get(..len)
        .ok_or_else(|| format!("expected {len} bytes of DER contents, found {}", rest.len()))?;
    let header = input.len() - rest.len();
    let tlv = Tlv {
        tag,
        value,
        encoded: &input[..header + len],
    };
    Ok((tlv, &rest[len..]))
}

/// The one element that is all of `input`, with this `tag`.
pub(crate) fn read_exact<'a>(input: &'a [u8], tag: u8, what: &str) -> Result<Tlv<'a>, String> {
    let (tlv, rest) = read(input)?;
    expect_tag(&tlv, tag, what)?;
    if !rest.is_empty() {
        return Err(format!(
            "expected nothing after the {what}, found {} bytes",
            rest.len()
        ));
    }
    Ok(tlv)
}

/// `tlv` has this `tag`, or the error names `what` was expected.
pub(crate) fn expect_tag(tlv: &Tlv<'_>, tag: u8, what: &str) -> Result<(), String> {
    if tlv.tag == tag {
        Ok(())
    } else {
        Err(format!(
            "expected the {what} (tag 0x{tag:02x}), found tag 0x{:02x}",
            tlv.tag
        ))
    }
}

/// The magnitude of a non-negative DER `INTEGER`, big-endian without leading zero bytes.
pub(crate) fn unsigned(tlv: &Tlv<'_>, what: &str) -> Result<Vec<u8>, String> {
    expect_tag(tlv, INTEGER, what)?;
    match tlv.value {
        [] => Err(format!("expected the {what} to have contents, found none")),
        [first, ..] if first & 0x80 != 0 => Err(format!("expected a non-negative {what}")),
        [0, second, ..] if second & 0x80 == 0 => {
            Err(format!("expected a minimally encoded {what}"))
        }
        bytes => Ok(bytes.iter().copied().skip_while(|&b| b == 0).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let (tlv, rest) = read(&[0x04, 0x02, 0xaa, 0xbb, 0xff]).unwrap();
        assert_eq!(
            (tlv.tag, tlv.value, tlv.encoded, rest),
            (
                0x04,
                &[0xaa, 0xbb][..],
                &[0x04, 0x02, 0xaa, 0xbb][..],
                &[0xff][..]
            )
        );
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend([7; 0x80]);
        let (tlv, rest) = read(&long).unwrap();
        assert_eq!(
            (tlv.value.len(), tlv.encoded.len(), rest.len()),
            (0x80, 0x83, 0)
        );
    }

    #[test]
    fn refuses_what_is_not_canonical_or_not_there() {
        for bad in [
            &[][..],
            &[0x04],
            &[0x1f, 0x01, 0x00],                   // multi-byte tag
            &[0x30, 0x80, 0x00, 0x00],             // indefinite length
            &[0x04, 0x81, 0x05, 1, 2, 3, 4, 5],    // long form below 128
            &[0x04, 0x82, 0x00, 0x80],             // leading zero length byte
            &[0x04, 0x85, 1, 1, 1, 1, 1],          // 5 length bytes
            &[0x04, 0x03, 0x01],                   // contents past the end
            &[0x04, 0x84, 0xff, 0xff, 0xff, 0xff], // huge length, no contents
        ] {
            assert!(read(bad).is_err(), "{bad:02x?}");
        }
        assert!(read_exact(&[0x05, 0x00, 0x00], 0x05, "NULL").is_err());
        assert!(read_exact(&[0x05, 0x00], 0x30, "SEQUENCE").is_err());
    }

    #[test]
    fn unsigned_integers() {
        let int = |v: &[u8]| {
            let mut e = vec![INTEGER, v.len() as u8];
            e.extend_from_slice(v);
            e
        };
        let get = |v: &[u8]| unsigned(&read(&int(v)).unwrap().0, "INTEGER");
        assert_eq!(get(&[0x01, 0x00, 0x01]).unwrap(), vec![1, 0, 1]);
        assert_eq!(get(&[0x00, 0x80]).unwrap(), vec![0x80]);
        assert_eq!(get(&[0x00]).unwrap(), Vec::<u8>::new());
        assert!(get(&[]).is_err());
        assert!(get(&[0x80]).is_err()); // negative
        assert!(get(&[0x00, 0x01]).is_err()); // not minimal
    }
}
