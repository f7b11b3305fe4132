//! The developer-platform settings file (docs/spec.md D38): its text → the five [`Settings`].
//!
//! One reader for every host (JS, Python, Kotlin and Swift read the file, the core parses it), so
//! a file means the same thing everywhere. The text is JSON when its first character that is not
//! whitespace (after an optional byte-order mark) is `{`; otherwise it is the YAML subset of
//! docs/spec.md D38, below (the layout of the original SDKs' `config/dev_platform.yml`). The
//! settings are read from:
//!
//! | setting | key |
//! |---|---|
//! | `host` (`MNO_DEVPL_HOST`) | `dev_platform.host` |
//! | `api_path` (`MNO_DEVPL_API_PATH`) | `dev_platform.api_path` |
//! | `env_name` (`MNO_DEVPL_ENV_NAME`) | `environment.name` |
//! | `env_key` (`MNO_DEVPL_ENV_KEY`) | `environment.api_key` |
//! | `env_secret` (`MNO_DEVPL_ENV_SECRET`) | `environment.api_secret` |
//!
//! Other keys and sections are ignored (as the two host readers this module replaced did), but
//! the whole file must still be valid. A setting that is absent, null or empty is `None`. A
//! string is kept as written (YAML plain scalars are never typed: `0123` stays `"0123"`); in JSON
//! an integer or a boolean is taken as its decimal or `true`/`false` text. Anything else at a
//! setting's key (a fraction, a list, a mapping), or a `dev_platform`/`environment` section that
//! is not a mapping, is `config_invalid` naming the key.
//!
//! # Hostile input
//!
//! With `n` the size of the text, every step is linear in `n` except the mapping inserts (a
//! B-tree insert each: `O(log k)` comparisons of keys for `k` keys in that mapping), so the whole
//! read is `O(n log n)` at worst, and `n` is bounded:
//!
//! - size: at most [`MAX_BYTES`] bytes, checked first in `O(1)` (`input_too_large`);
//! - lines: at most [`MAX_LINES`], counted in one pass, `O(n)` (`input_too_large`);
//! - nesting: at most [`MAX_DEPTH`] levels of mappings (JSON objects and arrays count), checked
//!   while reading in YAML and by one pass over the bytes before parsing in JSON, `O(n)`
//!   (`input_too_large`); no recursion deeper than that happens;
//! - JSON: `serde_json` parses in `O(n)`; YAML: each line is scanned once (`O(line)`) and closing
//!   mappings costs at most one pop per mapping opened.
//!
//! Errors never quote a value from the file (it may hold the secret): they name the line and,
//! at most, a key.
//!
//! # The YAML subset
//!
//! Read:
//! - one document: an optional `---` line before the first key, and an optional `...` line after
//!   which only blank and comment lines may follow;
//! - block mappings nested by indentation with spaces: `key: value`, and `key:` with no value,
//!   which opens a mapping when the next key is indented more (every key of a mapping at the same
//!   indentation; a dedent returns to an enclosing mapping's exact indentation), else is null;
//! - keys: plain (up to the first `:` followed by a space, a tab or the end of the line), or
//!   single- or double-quoted; a key appears once per mapping;
//! - values on the key's line: plain (kept as written, trimmed), `'single-quoted'` (`''` is a
//!   quote) or `"double-quoted"` with the YAML escapes `\0 \a \b \t \n \v \f \r \e \  \" \/ \\
//!   \N \_ \L \P \xXX \uXXXX \UXXXXXXXX` (a surrogate is refused); empty, `~`, `null`, `Null`
//!   and `NULL` are null;
//! - `#` comments on their own line or after a space or tab (never inside quotes), blank lines,
//!   `\n`, `\r\n` or `\r` line ends.
//!
//! Refused with `config_invalid` naming the line: tabs in indentation, lists (`- `), flow
//! collections (`[`, `{`, `]`, `}`, `,`), anchors (`&`), aliases (`*`), tags (`!`), block
//! scalars (`|`, `>`), complex keys (`? `), directives (`%`), the reserved `@` and `` ` ``, a
//! second document, multi-line strings, a plain value holding `: ` or ending with `:`, text
//! after a closing quote, duplicate keys, and characters YAML does not allow in a file (controls
//! other than tab and line ends).

mod yaml;

use super::Settings;
use crate::error::{Error, ErrorKind, Result};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The largest settings file read, in bytes (64 KiB; a real one is about 200 bytes).
pub const MAX_BYTES: usize = 64 * 1024;
/// The most lines a settings file may have.
pub const MAX_LINES: usize = 4096;
/// The deepest nesting of mappings (JSON: objects and arrays) read; the top level is depth 1.
pub const MAX_DEPTH: usize = 16;

/// Reads a settings file's text (JSON, or the YAML subset of docs/spec.md D38) into the five
/// settings. Errors: `input_too_large` beyond [`MAX_BYTES`], [`MAX_LINES`] or [`MAX_DEPTH`];
/// `config_invalid` for text outside the subset or a setting of the wrong type, with the line
/// (`settings file line N: …`) whenever one is known.
pub fn parse(text: &str) -> Result<Settings> {
    if text.len() > MAX_BYTES {
        return Err(Error::new(
            ErrorKind::InputTooLarge,
            format!("the settings file is larger than {MAX_BYTES} bytes"),
        ));
    }
    let lines = count_lines(text);
    if lines > MAX_LINES {
        return Err(Error::new(
            ErrorKind::InputTooLarge,
            format!("the settings file has {lines} lines, more than the {MAX_LINES} read"),
        ));
    }
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with('{')
    {
        settings(&json(body)?, &BTreeMap::new())
    } else {
        let document = yaml::read(body)?;
        settings(&document.root, &document.lines)
    }
}

/// `config_invalid` with the line when known.
pub(crate) fn invalid(line: Option<usize>, why: impl std::fmt::Display) -> Error {
    let message = match line {
        Some(n) => format!("settings file line {n}: {why}"),
        None => format!("settings file: {why}"),
    };
    Error::new(ErrorKind::ConfigInvalid, message)
}

/// `input_too_large` for nesting deeper than [`MAX_DEPTH`] at `line`.
pub(crate) fn too_deep(line: usize) -> Error {
    Error::new(
        ErrorKind::InputTooLarge,
        format!("settings file line {line}: nested deeper than {MAX_DEPTH} levels"),
    )
}

/// Lines of `text`: `\n`, `\r\n` and a lone `\r` end a line; a last line without an end counts.
fn count_lines(text: &str) -> usize {
    let bytes = text.as_bytes();
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    let unterminated = !matches!(bytes.last(), None | Some(b'\n' | b'\r'));
    breaks + usize::from(unterminated)
}

/// The JSON object of `body` (which starts with `{`), its nesting checked first.
fn json(body: &str) -> Result<Map<String, Value>> {
    check_json_depth(body)?;
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(invalid(None, "a JSON settings file must hold an object")),
        Err(e) => {
            // serde_json's messages name the position, never the input's text.
            let position = format!(" at line {} column {}", e.line(), e.column());
            let text = e.to_string();
            let why = text.strip_suffix(&position).unwrap_or(&text);
            Err(invalid(
                Some(e.line()),
                format_args!("not valid JSON ({why})"),
            ))
        }
    }
}

/// Refuses JSON nested deeper than [`MAX_DEPTH`] before it is parsed: one pass over the bytes,
/// skipping strings.
fn check_json_depth(body: &str) -> Result<()> {
    let (mut depth, mut line) = (0usize, 1usize);
    let (mut in_string, mut escaped) = (false, false);
    for b in body.bytes() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(line));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The five settings from the top-level mapping; `lines` gives the line of each top-level key
/// (YAML) for the messages.
fn settings(root: &Map<String, Value>, lines: &BTreeMap<String, usize>) -> Result<Settings> {
    let get = |section: &str, key: &str| -> Result<Option<String>> {
        let line = lines.get(section).copied();
        let fields = match root.get(section) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Object(fields)) => fields,
            Some(_) => {
                return Err(invalid(
                    line,
                    format_args!("`{section}` must be a mapping (of {section}.* settings)"),
                ))
            }
        };
        match fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone()).filter(|s| !s.is_empty())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
            Some(_) => Err(invalid(
                None,
                format_args!("`{section}.{key}` must be a string"),
            )),
        }
    };
    Ok(Settings {
        host: get("dev_platform", "host")?,
        api_path: get("dev_platform", "api_path")?,
        env_name: get("environment", "name")?,
        env_key: get("environment", "api_key")?,
        env_secret: get("environment", "api_secret")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Settings {
        match parse(text) {
            Ok(s) => s,
            Err(e) => panic!("{text:?}: {e}"),
        }
    }

    fn err(text: &str) -> Error {
        match parse(text) {
            Ok(s) => panic!("{text:?} was read as {s:?}"),
            Err(e) => e,
        }
    }

    fn five(s: &Settings) -> [Option<&str>; 5] {
        [
            s.host.as_deref(),
            s.api_path.as_deref(),
            s.env_name.as_deref(),
            s.env_key.as_deref(),
            s.env_secret.as_deref(),
        ]
    }

    #[test]
    fn reads_the_original_sdks_file() {
        let s = ok(include_str!(
            "../../../tests/fixtures/platform/devplatform/dev_platform.yml"
        ));
        assert_eq!(
            five(&s),
            [
                Some("http://localhost:5000"),
                Some("/api/config/v1/marketplaces"),
                Some("test"),
                Some("123"),
                Some("123"),
            ]
        );
    }

    #[test]
    fn reads_json_with_integers_and_booleans_as_text() {
        let s = ok(r#"  {"dev_platform": {"host": "https://dev.example"},
            "environment": {"name": true, "api_key": 123, "api_secret": "s", "other": [1.5]},
            "unknown": {"deep": [[{}]]}}"#);
        assert_eq!(
            five(&s),
            [
                Some("https://dev.example"),
                None,
                Some("true"),
                Some("123"),
                Some("s")
            ]
        );
        assert_eq!(five(&ok("\u{feff}{}")), [None; 5]);
    }

    #[test]
    fn refuses_bad_json_with_its_line_and_no_content() {
        let e = err("{\n \"environment\": {\"api_secret\": \"hunter2\",\n}}");
        assert_eq!(e.kind(), ErrorKind::ConfigInvalid);
        assert!(e
            .message()
            .starts_with("settings file line 3: not valid JSON ("));
        assert!(!e.message().contains("hunter2") && !e.message().contains("column"));
        let e = err(r#"{"environment": {"api_key": 1.5}}"#);
        assert_eq!(
            e.message(),
            "settings file: `environment.api_key` must be a string"
        );
        let e = err(r#"{"environment": "prod"}"#);
        assert!(e.message().contains("`environment` must be a mapping"));
        assert_eq!(
            err(r#"{"dev_platform": {"host": {}}}"#).kind(),
            ErrorKind::ConfigInvalid
        );
    }

    #[test]
    fn empty_values_are_not_given() {
        let s = ok("environment:\n  name: ''\n  api_key: \"\"\n  api_secret:\n");
        assert_eq!(five(&s), [None; 5]);
        assert_eq!(five(&ok(r#"{"environment": {"name": ""}}"#)), [None; 5]);
        assert_eq!(five(&ok("")), [None; 5]);
        assert_eq!(five(&ok("# nothing\n\n")), [None; 5]);
        assert_eq!(five(&ok("environment:\ndev_platform: ~\n")), [None; 5]);
    }

    #[test]
    fn a_section_that_is_not_a_mapping_is_refused_with_its_line() {
        let e = err("dev_platform:\n  host: h\nenvironment: prod\n");
        assert_eq!(e.kind(), ErrorKind::ConfigInvalid);
        assert_eq!(
            e.message(),
            "settings file line 3: `environment` must be a mapping (of environment.* settings)"
        );
    }

    #[test]
    fn bounds_size_lines_and_depth() {
        let big = format!("a: '{}'\n", "x".repeat(MAX_BYTES));
        let e = err(&big);
        assert_eq!(e.kind(), ErrorKind::InputTooLarge);
        assert!(e.message().contains("bytes"));
        let e = err(&"\n".repeat(MAX_LINES + 1));
        assert_eq!(e.kind(), ErrorKind::InputTooLarge);
        assert!(e.message().contains("lines"));
        assert_eq!(five(&ok(&"\n".repeat(MAX_LINES))), [None; 5]);
        assert_eq!(five(&ok(&"\r".repeat(MAX_LINES))), [None; 5]);
        assert_eq!(
            err(&"\r".repeat(MAX_LINES + 1)).kind(),
            ErrorKind::InputTooLarge
        );
        assert_eq!(five(&ok(&"\r\n".repeat(MAX_LINES))), [None; 5]);
        // JSON: objects and arrays, strings skipped.
        let deep = format!(
            "{{\"a\":{}{}}}",
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        );
        let e = err(&deep);
        assert_eq!(e.kind(), ErrorKind::InputTooLarge);
        assert_eq!(
            e.message(),
            "settings file line 1: nested deeper than 16 levels"
        );
        let fine = format!(
            "{{\"a\":{}\"[[[[\\\"{{{{{{{{{{{{{{{{{{{{\"{}}}",
            "[".repeat(MAX_DEPTH - 2),
            "]".repeat(MAX_DEPTH - 2)
        );
        assert_eq!(five(&ok(&fine)), [None; 5]);
    }

    #[test]
    fn counts_lines_with_every_line_end() {
        for (text, n) in [
            ("", 0),
            ("a", 1),
            ("a\n", 1),
            ("a\nb", 2),
            ("a\r\nb\r\n", 2),
            ("a\rb\r", 2),
            ("\n\n", 2),
            ("\r\n\r", 2),
        ] {
            assert_eq!(count_lines(text), n, "{text:?}");
        }
    }
}
