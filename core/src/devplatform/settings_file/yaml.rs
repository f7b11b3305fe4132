//! The YAML subset of settings files (docs/spec.md D38), read into a tree of mappings, strings and
//! nulls.
//!
//! Read:
//! - one document: an optional `---` line before the first key, and an optional `...` line after
//!   which only blank and comment lines may follow;
//! - block mappings nested by indentation with spaces: `key: value`, and `key:` with no value,
//!   which opens a mapping when the next key is indented more (every key of a mapping at the same
//!   indentation; a dedent returns to an enclosing mapping's exact indentation), else is null;
//! - keys: plain (up to the first `:` followed by a space, a tab or the end of the line), or
//!   single- or double-quoted; a key appears once per mapping;
//! - values on the key's line: plain (kept as written, trimmed: never typed, so `123`, `true`,
//!   `0x1F` are strings), `'single-quoted'` (`''` is a quote) or `"double-quoted"` with the YAML
//!   escapes `\0 \a \b \t \n \v \f \r \e \  \" \/ \\ \N \_ \L \P \xXX \uXXXX \UXXXXXXXX`
//!   (a surrogate or a number above U+10FFFF is refused); empty, `~`, `null`, `Null` and `NULL`
//!   are null;
//! - `#` comments on their own line or after a space or tab (never inside quotes), blank lines,
//!   a leading byte-order mark (removed by the caller), `\n`, `\r\n` or `\r` line ends.
//!
//! Refused with `config_invalid` naming the line: tabs in indentation, lists (`- `), flow
//! collections (`[`, `{`, `]`, `}`, `,`), anchors (`&`), aliases (`*`), tags (`!`), block
//! scalars (`|`, `>`), complex keys (`? `), directives (`%`), the reserved `@` and `` ` ``, a
//! second document, multi-line strings, a plain value holding `: ` or ending with `:`, text
//! after a closing quote, duplicate keys, characters YAML does not allow in a file (controls
//! other than tab and line ends), and more than `MAX_DEPTH` nested mappings (`input_too_large`).
//!
//! Cost: each line is scanned once; each mapping is pushed and popped once; each key is one
//! B-tree lookup and insert.

use super::{invalid, too_deep, MAX_DEPTH};
use crate::error::{excerpt, Result};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A read document: the top-level mapping and the line of each of its keys.
pub(super) struct Document {
    /// The top-level mapping.
    pub root: Map<String, Value>,
    /// The line (1-based) of each top-level key.
    pub lines: BTreeMap<String, usize>,
}

/// A mapping being read.
struct Frame {
    /// The indentation of its keys.
    indent: usize,
    /// Its entries so far.
    map: Map<String, Value>,
    /// Its key in the enclosing mapping (`None` for the top level).
    key: Option<String>,
}

/// A line's value: none (`key:`), or a scalar.
enum Entry {
    /// `key:` with nothing after it: a nested mapping when the next key is indented more.
    Open,
    /// A string or null.
    Scalar(Value),
}

/// Reads `text` (without its byte-order mark).
pub(super) fn read(text: &str) -> Result<Document> {
    let mut stack = vec![Frame {
        indent: 0,
        map: Map::new(),
        key: None,
    }];
    let mut lines = BTreeMap::new();
    let mut pending: Option<(usize, String)> = None; // a `key:` at an indentation
    let (mut started, mut seen_start, mut ended) = (false, false, false);
    for (i, line) in split_lines(text).enumerate() {
        let n = i + 1;
        let fail = |why: &str| invalid(Some(n), why);
        if let Some(c) = line.chars().find(|&c| !allowed(c)) {
            return Err(invalid(
                Some(n),
                format_args!(
                    "the character U+{:04X} is not allowed in a settings file",
                    u32::from(c)
                ),
            ));
        }
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        let rest = &line[indent..];
        let text = rest.trim_start_matches([' ', '\t']);
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        if indent == 0 {
            if let Some(after) = marker(line, "---") {
                if started || seen_start || ended {
                    return Err(fail("only one YAML document is read"));
                }
                if !blank(after) {
                    return Err(fail("nothing may follow `---` on its line"));
                }
                seen_start = true;
                continue;
            }
            if let Some(after) = marker(line, "...") {
                if !blank(after) {
                    return Err(fail("nothing may follow `...` on its line"));
                }
                ended = true;
                continue;
            }
            if line.starts_with('%') {
                return Err(fail("YAML directives (`%`) are not supported"));
            }
        }
        if ended {
            return Err(fail("only one YAML document is read (text after `...`)"));
        }
        if rest.starts_with('\t') {
            return Err(fail("tabs are not allowed in indentation"));
        }
        if !started {
            started = true;
            stack[0].indent = indent;
        }
        if let Some((opened_at, key)) = pending.take() {
            if indent > opened_at {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(n));
                }
                stack.push(Frame {
                    indent,
                    map: Map::new(),
                    key: Some(key),
                });
            }
        }
        let open = stack.len();
        while stack.len() > 1 && stack.last().is_some_and(|top| indent < top.indent) {
            close(&mut stack);
        }
        let depth = stack.len();
        let Some(top) = stack.last_mut() else {
            return Err(fail("indentation matches no enclosing mapping")); // never: the top level stays
        };
        if indent < top.indent || (indent > top.indent && depth < open) {
            return Err(fail("indentation matches no enclosing mapping"));
        }
        if indent > top.indent {
            return Err(fail(
                "unexpected indentation (only a `key:` line without a value opens a nested \
                 mapping; multi-line values are not supported)",
            ));
        }
        let (key, entry) = entry(rest).map_err(|why| invalid(Some(n), why))?;
        if top.map.contains_key(&key) {
            return Err(invalid(
                Some(n),
                format_args!("duplicate key {:?}", excerpt(&key, 64)),
            ));
        }
        if depth == 1 {
            lines.insert(key.clone(), n);
        }
        match entry {
            Entry::Open => {
                top.map.insert(key.clone(), Value::Null);
                pending = Some((indent, key));
            }
            Entry::Scalar(value) => {
                top.map.insert(key, value);
            }
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    let root = stack.pop().map(|f| f.map).unwrap_or_default();
    Ok(Document { root, lines })
}

/// Pops the innermost mapping into its parent.
fn close(stack: &mut Vec<Frame>) {
    if let Some(Frame {
        map,
        key: Some(key),
        ..
    }) = stack.pop()
    {
        if let Some(parent) = stack.last_mut() {
            parent.map.insert(key, Value::Object(map));
        }
    }
}

/// The lines of `text`, ended by `\n`, `\r\n` or a lone `\r`.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.find(['\r', '\n']) {
            Some(i) => {
                let end = if s[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&s[i + end..]);
                Some(&s[..i])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

/// YAML's printable characters (c-printable) without the line ends, which are already split.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}'
}

/// What follows a document marker (`---`, `...`) at the start of `line`, when it is one.
fn marker<'a>(line: &'a str, m: &str) -> Option<&'a str> {
    let after = line.strip_prefix(m)?;
    (after.is_empty() || after.starts_with([' ', '\t'])).then_some(after)
}

/// Whether `s` is only spaces, tabs and a comment.
fn blank(s: &str) -> bool {
    let t = s.trim_start_matches([' ', '\t']);
    t.is_empty() || t.starts_with('#')
}

/// Whether `s` is empty or starts with a space or a tab.
fn separated(s: &str) -> bool {
    s.is_empty() || s.starts_with([' ', '\t'])
}

/// `key: value` or `key:` (the line without its indentation).
fn entry(s: &str) -> std::result::Result<(String, Entry), String> {
    let (key, after) = if s.starts_with(['\'', '"']) {
        let (key, rest) = quoted(s)?;
        let rest = rest.trim_start_matches([' ', '\t']);
        let after = rest
            .strip_prefix(':')
            .ok_or("expected `:` after the quoted key")?;
        (key, after)
    } else {
        indicator(s)?;
        let colon = key_colon(s).ok_or("expected `key: value` or `key:`")?;
        (
            s[..colon].trim_end_matches([' ', '\t']).to_string(),
            &s[colon + 1..],
        )
    };
    if !separated(after) {
        return Err("expected a space after `:`".into());
    }
    let v = after.trim_start_matches([' ', '\t']);
    if v.is_empty() || v.starts_with('#') {
        return Ok((key, Entry::Open));
    }
    let value = if v.starts_with(['\'', '"']) {
        let (value, rest) = quoted(v)?;
        if !blank(rest) || rest.starts_with('#') {
            return Err("unexpected text after a quoted string".into());
        }
        Value::String(value)
    } else {
        plain(v)?
    };
    Ok((key, Entry::Scalar(value)))
}

/// The `:` ending a plain key: the first one followed by a space, a tab or the end, before any
/// comment.
fn key_colon(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let next_separates = matches!(bytes.get(i + 1), None | Some(b' ' | b'\t'));
        match b {
            b':' if next_separates => return Some(i),
            b'#' if i > 0 && matches!(bytes[i - 1], b' ' | b'\t') => return None,
            _ => {}
        }
    }
    None
}

/// A plain value (the text after `: `): up to a comment, trimmed; `~`/`null` are null.
fn plain(s: &str) -> std::result::Result<Value, String> {
    indicator(s)?;
    let bytes = s.as_bytes();
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'#' if i > 0 && matches!(bytes[i - 1], b' ' | b'\t') => {
                end = i;
                break;
            }
            b':' if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) => {
                return Err(
                    "a plain value cannot contain `: ` or end with `:` (quote the value)".into(),
                )
            }
            _ => {}
        }
    }
    let value = s[..end].trim_end_matches([' ', '\t']);
    Ok(match value {
        "~" | "null" | "Null" | "NULL" => Value::Null,
        _ => Value::String(value.to_string()),
    })
}

/// Refuses a plain scalar that starts with a YAML indicator this subset does not read.
fn indicator(s: &str) -> std::result::Result<(), String> {
    let mut chars = s.chars();
    let first = chars.next();
    let alone = separated(chars.as_str());
    let what = match first {
        Some('-') if alone => "lists (`- `)",
        Some('?') if alone => "complex keys (`? `)",
        Some(':') if alone => return Err("expected a key before `:`".into()),
        Some('[' | ']' | '{' | '}' | ',') => "flow collections (`[...]`, `{...}`)",
        Some('&') => "anchors (`&`)",
        Some('*') => "aliases (`*`)",
        Some('!') => "tags (`!`)",
        Some('|' | '>') => "block scalars (`|`, `>`)",
        Some('%' | '@' | '`') => "reserved indicators (`%`, `@`, `` ` ``)",
        _ => return Ok(()),
    };
    Err(format!(
        "{what} are not supported in settings files (docs/spec.md D38; quote a value starting so)"
    ))
}

/// A quoted scalar at the start of `s`: its value and the text after the closing quote.
fn quoted(s: &str) -> std::result::Result<(String, &str), String> {
    let mut chars = s.char_indices();
    let Some((_, q)) = chars.next() else {
        return Err("expected a quoted string".into());
    };
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match (q, c) {
            ('\'', '\'') => {
                if s[i + 1..].starts_with('\'') {
                    out.push('\'');
                    chars.next();
                } else {
                    return Ok((out, &s[i + 1..]));
                }
            }
            ('"', '"') => return Ok((out, &s[i + 1..])),
            ('"', '\\') => out.push(escape(&mut chars)?),
            _ => out.push(c),
        }
    }
    Err(if q == '\'' {
        "unterminated single-quoted string (multi-line strings are not supported)".into()
    } else {
        "unterminated double-quoted string (multi-line strings are not supported)".into()
    })
}

/// The character of the escape after a `\` in a double-quoted string.
fn escape(chars: &mut std::str::CharIndices<'_>) -> std::result::Result<char, String> {
    let unknown = || "an unknown escape in a double-quoted string".to_string();
    let Some((_, e)) = chars.next() else {
        return Err(unknown());
    };
    let digits = match e {
        '0' => return Ok('\0'),
        'a' => return Ok('\u{7}'),
        'b' => return Ok('\u{8}'),
        't' | '\t' => return Ok('\t'),
        'n' => return Ok('\n'),
        'v' => return Ok('\u{b}'),
        'f' => return Ok('\u{c}'),
        'r' => return Ok('\r'),
        'e' => return Ok('\u{1b}'),
        ' ' | '"' | '/' | '\\' => return Ok(e),
        'N' => return Ok('\u{85}'),
        '_' => return Ok('\u{a0}'),
        'L' => return Ok('\u{2028}'),
        'P' => return Ok('\u{2029}'),
        'x' => 2,
        'u' => 4,
        'U' => 8,
        _ => return Err(unknown()),
    };
    let mut code = 0u32;
    for _ in 0..digits {
        let d = chars
            .next()
            .and_then(|(_, c)| c.to_digit(16))
            .ok_or_else(|| format!("`\\{e}` needs {digits} hexadecimal digits"))?;
        code = code * 16 + d;
    }
    char::from_u32(code).ok_or_else(|| format!("`\\{e}` escapes no Unicode character (surrogate)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    fn tree(text: &str) -> Value {
        match read(text) {
            Ok(d) => Value::Object(d.root),
            Err(e) => panic!("{text:?}: {e}"),
        }
    }

    /// The message of the refusal of `text`, which must be `config_invalid`.
    fn refused(text: &str) -> String {
        match read(text) {
            Ok(d) => panic!("{text:?} was read as {:?}", d.root),
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::ConfigInvalid, "{text:?}: {e}");
                e.message().to_string()
            }
        }
    }

    #[test]
    fn reads_the_subset() {
        let text = "# comment\n---   # start\ndev_platform:   # the hub\n  \
            host: \"https://dev.example/#frag\"  # not part of the value\n  \
            api_path: '/api/config/v1/''quoted'''\n\n\
            environment:\n\n    name: my env # trailing comment\n    api_key: a#b\n    \
            api_secret: \"tab\\there \\u00e9 \\x41\\U0001F600\\/\\\"\\\\\\0\\ \\N\\_\\L\\P\"\n    \
            extra:\n    nothing: ~\n    n2: Null\nother: plain value with  # c: 'x # y'\n\
            'quoted key': 1\n\"esc\\tkey\" : yes\nk:\tv\t\n...\n# after\n\n";
        assert_eq!(
            tree(text),
            json!({
                "dev_platform": {"host": "https://dev.example/#frag", "api_path": "/api/config/v1/'quoted'"},
                "environment": {
                    "name": "my env", "api_key": "a#b",
                    "api_secret": "tab\there é A\u{1F600}/\"\\\0 \u{85}\u{a0}\u{2028}\u{2029}",
                    "extra": null, "nothing": null, "n2": null,
                },
                "other": "plain value with", "quoted key": "1", "esc\tkey": "yes", "k": "v",
            })
        );
    }

    #[test]
    fn nests_and_dedents_to_any_enclosing_level() {
        let text = "a:\n  b:\n    c:\n      d: 1\n  e: 2\nf:\n g: 3\nh: -5\ni: :x\nj: x:y\nk: a-b [c] {d}\n";
        assert_eq!(
            tree(text),
            json!({"a": {"b": {"c": {"d": "1"}}, "e": "2"}, "f": {"g": "3"}, "h": "-5",
                   "i": ":x", "j": "x:y", "k": "a-b [c] {d}"})
        );
        assert_eq!(
            tree("  a: 1\n  b:\n    c: 2\n  d: 3"),
            json!({"a": "1", "b": {"c": "2"}, "d": "3"})
        );
        assert_eq!(tree("a:\nb: 2\n"), json!({"a": null, "b": "2"}));
        assert_eq!(tree("\r\na:\r  b: 1\r\n"), json!({"a": {"b": "1"}}));
        // Keys are plain up to `: `; values are never typed.
        assert_eq!(
            tree("a:b: c\nn: 0123\nt: true\nf: 1.50\n"),
            json!({"a:b": "c", "n": "0123", "t": "true", "f": "1.50"})
        );
    }

    #[test]
    fn the_line_of_each_top_level_key() {
        let d = read("\n# c\na: 1\nb:\n  c: 2\nd: 3").map_err(|e| e.to_string());
        let lines = d.map(|d| d.lines.into_iter().collect::<Vec<_>>());
        assert_eq!(
            lines,
            Ok(vec![("a".into(), 3), ("b".into(), 4), ("d".into(), 6)])
        );
    }

    #[test]
    fn refuses_the_rest_with_the_line() {
        for (text, line, why) in [
            ("environment:\n  - name\n", 2, "lists"),
            ("- a\n", 1, "lists"),
            ("a: -\n", 1, "lists"),
            ("environment: {name: x}\n", 1, "flow collections"),
            ("a: [1, 2]\n", 1, "flow collections"),
            ("a: , b\n", 1, "flow collections"),
            ("environment: &e\n  name: x\n", 1, "anchors"),
            ("a: *x\n", 1, "aliases"),
            ("a: !!str x\n", 1, "tags"),
            ("environment:\n  name: |\n    x\n", 2, "block scalars"),
            ("a: >\n  x\n", 1, "block scalars"),
            ("? a\n: b\n", 1, "complex keys"),
            ("a: @x\n", 1, "reserved"),
            ("%YAML 1.2\n---\na: 1\n", 1, "directives"),
            ("environment:\n\tname: x\n", 2, "tabs"),
            ("a: 1\n\t\tb: 2\n", 2, "tabs"),
            (
                "environment:\n  name: a\n  name: b\n",
                3,
                "duplicate key \"name\"",
            ),
            ("a: 1\n'a': 2\n", 2, "duplicate key"),
            (
                "environment:\n    name: a\n  api_key: b\n",
                3,
                "matches no enclosing",
            ),
            ("  a: 1\nb: 2\n", 2, "matches no enclosing"),
            ("a: 1\n  b: 2\n", 2, "unexpected indentation"),
            ("a: ~\n  b: 2\n", 2, "unexpected indentation"),
            ("a: x\n  y\n", 2, "unexpected indentation"),
            ("environment\n", 1, "expected `key: value`"),
            ("a:b\n", 1, "expected `key: value`"),
            ("a #b: c\n", 1, "expected `key: value`"),
            ("a:#c\n", 1, "expected `key: value`"),
            ("environment:\n  name: a: b\n", 2, "cannot contain `: `"),
            ("a: b:\n", 1, "cannot contain `: `"),
            (
                "environment:\n  name: \"open\n",
                2,
                "unterminated double-quoted",
            ),
            ("a: 'open\n  more'\n", 1, "unterminated single-quoted"),
            ("a: \"x\" y\n", 1, "after a quoted string"),
            ("a: \"x\"#c\n", 1, "after a quoted string"),
            ("'a' b: 1\n", 1, "expected `:` after the quoted key"),
            ("'a':b\n", 1, "a space after `:`"),
            ("a: \"\\q\"\n", 1, "unknown escape"),
            ("a: \"\\u12\"\n", 1, "4 hexadecimal digits"),
            ("a: \"\\ud800\"\n", 1, "surrogate"),
            ("a: \"\\U00110000\"\n", 1, "no Unicode character"),
            ("a: \"x\\", 1, "unknown escape"),
            (": x\n", 1, "a key before `:`"),
            ("a: 1\n---\nb: 2\n", 2, "only one YAML document"),
            ("---\n---\n", 2, "only one YAML document"),
            ("a: 1\n...\nb: 2\n", 3, "only one YAML document"),
            ("a: 1\n...\n---\nb: 2\n", 3, "only one YAML document"),
            ("--- a: 1\n", 1, "nothing may follow `---`"),
            ("a: 1\n... x\n", 2, "nothing may follow `...`"),
            ("a: \u{1}\n", 1, "U+0001"),
            ("a: 'x\u{7f}'\n", 1, "U+007F"),
            ("a: \u{9b}\n", 1, "U+009B"),
            ("# \u{0}\n", 1, "U+0000"),
        ] {
            let message = refused(text);
            let prefix = format!("settings file line {line}: ");
            assert!(
                message.starts_with(&prefix) && message.contains(why),
                "{text:?}: {message}"
            );
        }
    }

    #[test]
    fn messages_never_quote_a_value() {
        for text in [
            "a: \"s3cret\\q\"\n",
            "a: s3cret: x\n",
            "a: 's3cret\n",
            "a: &s3cret\n",
            "a: \"s3cret\" s3cret\n",
        ] {
            assert!(!refused(text).contains("s3cret"), "{text:?}");
        }
    }

    #[test]
    fn bounds_the_nesting() {
        let deep = |levels: usize| {
            (0..levels)
                .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
                .collect::<String>()
                + &" ".repeat(levels)
                + "v: 1\n"
        };
        assert!(read(&deep(MAX_DEPTH - 1)).is_ok());
        match read(&deep(MAX_DEPTH)) {
            Ok(_) => panic!("read {MAX_DEPTH} + 1 levels"),
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::InputTooLarge);
                assert_eq!(
                    e.message(),
                    format!(
                        "settings file line {}: nested deeper than 16 levels",
                        MAX_DEPTH + 1
                    )
                );
            }
        }
    }
}
