//! Character-level rules of XML 1.0 (5th edition): legal characters, names, and the
//! normalisation of text and attribute values (line ends, references).

use std::borrow::Cow;

use crate::error::excerpt;
use crate::{Error, ErrorKind, Result};

/// Whether `c` is a legal XML 1.0 `Char`.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Whether `c` is XML white space (`S`).
pub(crate) fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_name_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Whether `s` is an `NCName` (a name without a colon).
pub fn is_ncname(s: &str) -> bool {
    // Names are nearly always ASCII: decide those bytes without decoding.
    let b = s.as_bytes();
    if b.is_ascii() {
        return b
            .first()
            .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
            && b.iter()
                .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'));
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_name_start_char(c) => chars.all(is_name_char),
        _ => false,
    }
}

/// Splits a qualified name into `(prefix, local name)`, checking both are NCNames.
pub(crate) fn split_qname(qname: &str) -> Option<(Option<&str>, &str)> {
    let colon = qname.bytes().position(|b| b == b':');
    match colon.map(|i| (&qname[..i], &qname[i + 1..])) {
        Some((prefix, local)) if is_ncname(prefix) && is_ncname(local) => {
            Some((Some(prefix), local))
        }
        Some(_) => None,
        None if is_ncname(qname) => Some((None, qname)),
        None => None,
    }
}

/// Resolves one reference starting after `&` in `raw`; returns the text and the bytes consumed
/// (including the `;`).
fn resolve_reference(raw: &str) -> Result<(ResolvedRef, usize)> {
    let end = match raw.find(';') {
        Some(end) if end <= 32 => end,
        _ => {
            return Err(Error::new(
                ErrorKind::MalformedXml,
                format!(
                    "expected a reference terminated by ';' after '&', found {:?}",
                    excerpt(raw, 16)
                ),
            ))
        }
    };
    let name = &raw[..end];
    let resolved = match name {
        "amp" => ResolvedRef::Entity('&'),
        "lt" => ResolvedRef::Entity('<'),
        "gt" => ResolvedRef::Entity('>'),
        "quot" => ResolvedRef::Entity('"'),
        "apos" => ResolvedRef::Entity('\''),
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x") {
                parse_digits(hex, 16)
            } else if let Some(dec) = name.strip_prefix('#') {
                parse_digits(dec, 10)
            } else {
                return Err(Error::new(
                    ErrorKind::MalformedXml,
                    format!("expected one of the five predefined entities or a character reference, found unknown entity '&{name};'"),
                ));
            };
            match code.and_then(char::from_u32) {
                Some(c) if is_xml_char(c) => ResolvedRef::Char(c),
                _ => {
                    return Err(Error::new(
                        ErrorKind::MalformedXml,
                        format!("expected a reference to a legal XML character, found '&{name};'"),
                    ))
                }
            }
        }
    };
    Ok((resolved, end + 1))
}

fn parse_digits(s: &str, radix: u32) -> Option<u32> {
    if s.is_empty() || !s.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u32::from_str_radix(s, radix).ok()
}

enum ResolvedRef {
    Entity(char),
    Char(char),
}

/// Unescapes character data: line ends (CRLF, CR) become LF, the five predefined entities and
/// character references are resolved (so `&#13;` stays CR), any other entity is an error, and
/// `]]>` is rejected.
pub(crate) fn unescape_text(raw: &str) -> Result<Cow<'_, str>> {
    if raw.contains("]]>") {
        return Err(Error::new(
            ErrorKind::MalformedXml,
            "expected character data, found the sequence ']]>' outside a CDATA section",
        ));
    }
    // Most text needs none of this: borrow it as it is.
    if !raw.bytes().any(|b| b == b'&' || b == b'\r') {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(pos) = rest.find(['&', '\r']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some(after) = tail.strip_prefix('\r') {
            out.push('\n');
            rest = after.strip_prefix('\n').unwrap_or(after);
        } else {
            let (resolved, used) = resolve_reference(&tail[1..])?;
            match resolved {
                ResolvedRef::Entity(c) | ResolvedRef::Char(c) => out.push(c),
            }
            rest = &tail[1 + used..];
        }
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// Normalises line ends only (CDATA sections, comments and processing instructions).
pub(crate) fn normalize_line_ends(raw: &str) -> Cow<'_, str> {
    if !raw.contains('\r') {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Normalises an attribute value as a non-validating parser does for CDATA attributes: literal
/// white space (TAB, LF, CR, CRLF) becomes one space each, references are resolved (so `&#13;`
/// and `&#10;` survive), any other entity or a literal `<` is an error.
pub(crate) fn normalize_attribute(raw: &str) -> Result<Cow<'_, str>> {
    // Most values need none of this: borrow them as they are.
    if !raw
        .bytes()
        .any(|b| matches!(b, b'<' | b'&' | b'\r' | b'\n' | b'\t'))
    {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '<' => {
                return Err(Error::new(
                    ErrorKind::MalformedXml,
                    "expected an attribute value without '<', found a literal '<'",
                ))
            }
            '\r' => {
                if matches!(chars.peek(), Some((_, '\n'))) {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' | '\t' => out.push(' '),
            '&' => {
                let (resolved, used) = resolve_reference(&raw[i + 1..])?;
                match resolved {
                    ResolvedRef::Entity(c) | ResolvedRef::Char(c) => out.push(c),
                }
                for _ in 0..used {
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_ncname("Assertion"));
        assert!(is_ncname("_a-b.c1"));
        assert!(is_ncname("é"));
        assert!(!is_ncname("1a"));
        assert!(!is_ncname(""));
        assert!(!is_ncname("a:b"));
        assert!(!is_ncname("x' or '1'='1"));
        assert_eq!(split_qname("ds:Signature"), Some((Some("ds"), "Signature")));
        assert_eq!(split_qname("Signature"), Some((None, "Signature")));
        assert_eq!(split_qname("a:b:c"), None);
        assert_eq!(split_qname(":b"), None);
    }

    #[test]
    fn text_unescaping() {
        assert_eq!(
            unescape_text("a&amp;b&lt;&gt;&quot;&apos;").unwrap(),
            "a&b<>\"'"
        );
        assert_eq!(unescape_text("a\r\nb\rc\n").unwrap(), "a\nb\nc\n");
        assert_eq!(unescape_text("a&#13;&#xD;&#10;").unwrap(), "a\r\r\n");
        assert_eq!(unescape_text("&#x1F600;").unwrap(), "😀");
        assert_eq!(
            unescape_text("&foo;").unwrap_err().kind(),
            ErrorKind::MalformedXml
        );
        assert!(unescape_text("&#0;").is_err());
        assert!(unescape_text("&#xD800;").is_err());
        assert!(unescape_text("&#;").is_err());
        assert!(unescape_text("& x").is_err());
        assert!(unescape_text("a]]>b").is_err());
        assert!(unescape_text("&#99999999999;").is_err());
    }

    #[test]
    fn attribute_normalisation() {
        assert_eq!(normalize_attribute("a\tb\nc\r\nd\re").unwrap(), "a b c d e");
        assert_eq!(normalize_attribute("&#9;&#10;&#13;").unwrap(), "\t\n\r");
        assert_eq!(normalize_attribute("&lt;&amp;é").unwrap(), "<&é");
        assert!(normalize_attribute("a<b").is_err());
        assert!(normalize_attribute("&x;").is_err());
    }

    #[test]
    fn chars() {
        assert!(is_xml_char('\t'));
        assert!(!is_xml_char('\u{0}'));
        assert!(!is_xml_char('\u{1}'));
        assert!(!is_xml_char('\u{FFFE}'));
    }
}
