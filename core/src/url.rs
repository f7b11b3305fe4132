//! Percent-encoding for URL components.

/// Escapes every byte outside the RFC 3986 unreserved set (`A-Z a-z 0-9 - . _ ~`) as `%XX`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_all_but_unreserved() {
        assert_eq!(super::escape("usr-1.cld_2~"), "usr-1.cld_2~");
        assert_eq!(
            super::escape("a b/c?d=e&f+é"),
            "a%20b%2Fc%3Fd%3De%26f%2B%C3%A9"
        );
    }
}
