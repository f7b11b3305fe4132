//! The strict one-pass parser: quick-xml tokens in, a [`Document`] out.
//!
//! Everything quick-xml leaves to its caller is checked here: UTF-8 and legal characters, no
//! DOCTYPE, one document element and nothing but white space, comments and processing
//! instructions around it, QName syntax, namespace well-formedness (bound prefixes, no
//! `xmlns:p=""`, reserved prefixes), duplicate attributes by qualified and by expanded name,
//! references (only the five predefined entities and legal character references), line-end and
//! attribute-value normalisation, limits, and one table of `ID` attributes without duplicates.

use std::collections::BTreeMap;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::chars::{
    is_ncname, is_xml_char, is_xml_space, normalize_attribute, normalize_line_ends, split_qname,
    unescape_text,
};
use super::scope::Scopes;
use super::tree::{
    Attribute, Document, Element, NamespaceDeclaration, Node, NodeId, NodeKind,
    ProcessingInstruction, XMLNS_NAMESPACE, XML_NAMESPACE,
};
use super::Limits;
use crate::{Error, ErrorKind, Result};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

fn malformed(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::MalformedXml, message)
}

fn too_large(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InputTooLarge, message)
}

fn utf8(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| {
        malformed(format!(
            "expected UTF-8, found an invalid byte sequence at offset {}",
            e.valid_up_to()
        ))
    })
}

/// Checks the encoding of the whole input: UTF-8, legal XML characters only.
fn decode_input(bytes: &[u8]) -> Result<&str> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if bytes.starts_with(b"\xFE\xFF") || bytes.starts_with(b"\xFF\xFE") {
        return Err(malformed("expected UTF-8, found a UTF-16 byte order mark"));
    }
    let text = utf8(bytes)?;
    if let Some((offset, c)) = first_illegal_char(text) {
        return Err(malformed(format!(
            "expected legal XML characters, found U+{:04X} at offset {offset}",
            c as u32
        )));
    }
    Ok(text)
}

/// The first character outside XML's `Char` production. In valid UTF-8 the only such characters
/// are the C0 controls other than TAB, LF and CR, and U+FFFE / U+FFFF (`EF BF BE` / `EF BF BF`;
/// `0xEF` is never a continuation byte), so a byte scan finds them without decoding.
fn first_illegal_char(text: &str) -> Option<(usize, char)> {
    let b = text.as_bytes();
    let illegal_at = |i: usize| {
        let c = b[i];
        SUSPECT[usize::from(c)]
            && (c != 0xEF
                || (b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF))))
    };
    // Words of 8 bytes with no byte below 0x20 and no 0xEF (most of any document) are skipped
    // whole; the others are checked byte by byte.
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while i < b.len() {
        if let Some(word) = b.get(i..i + 8) {
            let w = word
                .iter()
                .rev()
                .fold(0u64, |acc, &x| (acc << 8) | u64::from(x));
            let ef = w ^ (ONES * 0xEF);
            let suspect = (w.wrapping_sub(ONES * 0x20) & !w) | (ef.wrapping_sub(ONES) & !ef);
            if suspect & HIGHS == 0 {
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(b.len());
        if let Some(at) = (i..end).find(|&j| illegal_at(j)) {
            let c = text[at..].chars().next()?;
            debug_assert!(!is_xml_char(c));
            return Some((at, c));
        }
        i = end;
    }
    None
}

/// Bytes that may start an illegal character: C0 controls but TAB, LF, CR; and `0xEF`.
static SUSPECT: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = !matches!(i, 0x09 | 0x0A | 0x0D);
        i += 1;
    }
    table[0xEF] = true;
    table
};

/// `bytes` as text. A slice of `input` (checked as UTF-8 as a whole by [`decode_input`]) is
/// re-borrowed from it by position in constant time; anything else is validated.
fn text_of<'a>(input: &'a str, bytes: &'a [u8]) -> Result<&'a str> {
    match input_slice(input, bytes) {
        Some(text) => Ok(text),
        None => utf8(bytes),
    }
}

/// `bytes` as the slice of `input` it is, when it is one.
fn input_slice<'l>(input: &'l str, bytes: &[u8]) -> Option<&'l str> {
    let start = (bytes.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize);
    if start <= input.len() && bytes.len() <= input.len() - start {
        return input.get(start..start + bytes.len());
    }
    None
}

struct Builder<'l> {
    /// The whole input, already checked as UTF-8.
    input: &'l str,
    doc: Document,
    /// Open elements.
    stack: Vec<NodeId>,
    /// The namespace bindings in scope (one frame per open element; `""` is the default
    /// namespace, bound to `""` by `xmlns=""`).
    scopes: Scopes<Arc<str>>,
    /// The `xml` prefix's namespace, shared by every attribute that uses it.
    xml_namespace: Arc<str>,
    limits: &'l Limits,
    elements: usize,
    root_closed: bool,
}

impl Document {
    /// Parses `bytes` strictly (see the module docs of [`crate::xml`]) under `limits`.
    pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Document> {
        if bytes.len() > limits.max_bytes {
            return Err(too_large(format!(
                "expected at most {} bytes of XML, found {}",
                limits.max_bytes,
                bytes.len()
            )));
        }
        let text = decode_input(bytes)?;
        let mut reader = Reader::from_str(text);
        {
            let config = reader.config_mut();
            config.check_end_names = true;
            config.check_comments = true;
            config.expand_empty_elements = false;
            config.trim_text(false);
        }
        let mut builder = Builder {
            input: text,
            doc: Document {
                nodes: Vec::new(),
                root: NodeId(0),
                ids: BTreeMap::new(),
                limits: *limits,
            },
            stack: Vec::new(),
            scopes: Scopes::default(),
            xml_namespace: Arc::from(XML_NAMESPACE),
            limits,
            elements: 0,
            root_closed: false,
        };
        let mut first = true;
        loop {
            let event = reader.read_event().map_err(|e| {
                malformed(format!(
                    "expected well-formed XML, found an error at byte {}: {e}",
                    reader.error_position()
                ))
            })?;
            let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            match event {
                Event::Decl(decl) => {
                    if !first {
                        return Err(malformed(format!(
                            "expected the XML declaration only at the very start, found one at byte {at}"
                        )));
                    }
                    check_declaration(&decl)?;
                }
                Event::DocType(_) => {
                    return Err(Error::new(
                        ErrorKind::DtdForbidden,
                        format!("expected no DOCTYPE, found one ending at byte {at}"),
                    ))
                }
                Event::Start(start) => {
                    let id = builder.open(&start, at)?;
                    builder.stack.push(id);
                }
                Event::Empty(start) => {
                    builder.open(&start, at)?;
                    builder.scopes.pop_frame();
                    builder.close_if_root();
                }
                Event::End(end) => {
                    let end_name = end.name();
                    let name = text_of(text, end_name.as_ref())?;
                    match builder.stack.pop().and_then(|id| builder.doc.element(id)) {
                        Some(open) if open.has_qualified_name(name) => {
                            builder.scopes.pop_frame();
                            builder.close_if_root();
                        }
                        Some(open) => {
                            return Err(malformed(format!(
                                "expected the end tag </{}>, found </{name}> at byte {at}",
                                open.qualified_name()
                            )))
                        }
                        None => {
                            return Err(malformed(format!(
                                "expected no end tag outside the document element, found </{name}> at byte {at}"
                            )))
                        }
                    }
                }
                Event::Text(text) => {
                    let raw = text_of(builder.input, &text)?;
                    if builder.stack.is_empty() {
                        if !raw.chars().all(is_xml_space) {
                            return Err(builder.outside_root("text", at));
                        }
                    } else {
                        let value = unescape_text(raw).map_err(|e| at_byte(e, at))?;
                        builder.push_text(value);
                    }
                }
                Event::CData(data) => {
                    if builder.stack.is_empty() {
                        return Err(builder.outside_root("a CDATA section", at));
                    }
                    let value = normalize_line_ends(text_of(text, &data)?);
                    builder.push_text(value);
                }
                Event::Comment(comment) => {
                    if !builder.stack.is_empty() {
                        let value = normalize_line_ends(text_of(text, &comment)?);
                        builder.push_leaf(NodeKind::Comment(value));
                    }
                }
                Event::PI(pi) => {
                    let pi = parse_pi(text_of(text, &pi)?, at)?;
                    if !builder.stack.is_empty() {
                        builder.push_leaf(NodeKind::ProcessingInstruction(pi));
                    }
                }
                Event::Eof => break,
            }
            if builder.doc.nodes.len() > limits.max_nodes {
                return Err(too_large(format!(
                    "expected at most {} nodes (elements, text, comments, processing instructions), found more",
                    limits.max_nodes
                )));
            }
            first = false;
        }
        if let Some(open) = builder.stack.last().and_then(|&id| builder.doc.element(id)) {
            return Err(malformed(format!(
                "expected </{}>, found the end of the input",
                open.qualified_name()
            )));
        }
        if !builder.root_closed {
            return Err(malformed(
                "expected a document element, found none".to_owned(),
            ));
        }
        Ok(builder.doc)
    }
}

fn at_byte(e: Error, at: usize) -> Error {
    Error::new(e.kind(), format!("{} (near byte {at})", e.message()))
}

fn check_declaration(decl: &quick_xml::events::BytesDecl<'_>) -> Result<()> {
    let version = decl.version().map_err(|e| {
        malformed(format!(
            "expected an XML declaration with a version, found: {e}"
        ))
    })?;
    if version.as_ref() != b"1.0" {
        return Err(malformed(format!(
            "expected XML version 1.0, found {:?}",
            String::from_utf8_lossy(&version)
        )));
    }
    if let Some(encoding) = decl.encoding() {
        let encoding = encoding
            .map_err(|e| malformed(format!("expected a valid encoding declaration: {e}")))?;
        if !encoding.eq_ignore_ascii_case(b"utf-8") {
            return Err(malformed(format!(
                "expected encoding UTF-8, found {:?}",
                String::from_utf8_lossy(&encoding)
            )));
        }
    }
    Ok(())
}

fn parse_pi(raw: &str, at: usize) -> Result<ProcessingInstruction> {
    let (target, data) = match raw.find(is_xml_space) {
        Some(i) => (&raw[..i], raw[i..].trim_start_matches(is_xml_space)),
        None => (raw, ""),
    };
    if !is_ncname(target) || target.eq_ignore_ascii_case("xml") {
        return Err(malformed(format!(
            "expected a processing-instruction target name other than 'xml', found {target:?} at byte {at}"
        )));
    }
    Ok(ProcessingInstruction {
        target: target.to_owned(),
        data: normalize_line_ends(data),
    })
}

struct RawAttribute {
    prefix: Option<String>,
    local_name: String,
    value: String,
}

impl<'l> Builder<'l> {
    fn outside_root(&self, what: &str, at: usize) -> Error {
        let place = if self.root_closed { "after" } else { "before" };
        malformed(format!(
            "expected only white space, comments and processing instructions {place} the document element, found {what} at byte {at}"
        ))
    }

    fn close_if_root(&mut self) {
        if self.stack.is_empty() {
            self.root_closed = true;
        }
    }

    fn push_node(&mut self, kind: NodeKind) -> NodeId {
        let id = NodeId(u32::try_from(self.doc.nodes.len()).unwrap_or(u32::MAX));
        let parent = self.stack.last().copied();
        self.doc.nodes.push(Node {
            kind,
            parent,
            children: Vec::new(),
        });
        if let Some(parent) = parent.and_then(|p| self.doc.nodes.get_mut(p.index())) {
            parent.children.push(id);
        }
        id
    }

    fn push_leaf(&mut self, kind: NodeKind) {
        self.push_node(kind);
    }

    /// Appends character data, merging it with a directly preceding text node.
    fn push_text(&mut self, value: String) {
        let parent = self.stack.last().copied();
        let last = parent
            .and_then(|p| self.doc.node(p))
            .and_then(|n| n.children.last().copied());
        if let Some(Node {
            kind: NodeKind::Text(existing),
            ..
        }) = last.and_then(|l| self.doc.nodes.get_mut(l.index()))
        {
            existing.push_str(&value);
            return;
        }
        if !value.is_empty() {
            self.push_node(NodeKind::Text(value));
        }
    }

    fn open(&mut self, start: &BytesStart<'_>, at: usize) -> Result<NodeId> {
        if self.root_closed {
            return Err(malformed(format!(
                "expected a single document element, found a second one at byte {at}"
            )));
        }
        self.elements += 1;
        if self.elements > self.limits.max_elements {
            return Err(too_large(format!(
                "expected at most {} elements, found more",
                self.limits.max_elements
            )));
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(too_large(format!(
                "expected nesting depth at most {}, found deeper elements at byte {at}",
                self.limits.max_depth
            )));
        }
        let name = start.name();
        let qname = text_of(self.input, name.as_ref())?;
        let (prefix, local_name) = split_qname(qname).ok_or_else(|| {
            malformed(format!(
                "expected an element name (NCName or prefix:NCName), found {qname:?} at byte {at}"
            ))
        })?;

        let mut declarations = Vec::new();
        let mut raw_attributes = Vec::new();
        // Duplicates are found by sorting (O(a log a) per element), not by quick-xml's check,
        // which compares each attribute with every earlier one.
        let mut qualified_names: Vec<&'l str> = Vec::new();
        for (count, attribute) in start.attributes().with_checks(false).enumerate() {
            if count >= self.limits.max_attributes {
                return Err(too_large(format!(
                    "expected at most {} attributes on <{qname}>, found more",
                    self.limits.max_attributes
                )));
            }
            let attribute = attribute.map_err(|e| {
                malformed(format!(
                    "expected well-formed attributes on <{qname}> at byte {at}: {e}"
                ))
            })?;
            let key = text_of(self.input, attribute.key.as_ref())?;
            // quick-xml borrows names from the input (`Reader::from_str`).
            qualified_names.push(input_slice(self.input, attribute.key.as_ref()).ok_or_else(
                || {
                    malformed(format!(
                        "expected attribute names in the input, near byte {at}"
                    ))
                },
            )?);
            let value = normalize_attribute(text_of(self.input, &attribute.value)?)
                .map_err(|e| at_byte(e, at))?;
            let declares = key == "xmlns" || key.starts_with("xmlns:");
            if declares && declarations.len() >= self.limits.max_namespace_declarations {
                return Err(too_large(format!(
                    "expected at most {} namespace declarations on <{qname}>, found more",
                    self.limits.max_namespace_declarations
                )));
            }
            if key == "xmlns" {
                check_namespace_uri(None, &value, at)?;
                declarations.push(NamespaceDeclaration {
                    prefix: None,
                    uri: value.into(),
                });
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                if !is_ncname(prefix) {
                    return Err(malformed(format!(
                        "expected a namespace prefix (NCName), found {prefix:?} at byte {at}"
                    )));
                }
                check_namespace_uri(Some(prefix), &value, at)?;
                declarations.push(NamespaceDeclaration {
                    prefix: Some(prefix.to_owned()),
                    uri: value.into(),
                });
            } else {
                let (prefix, local_name) = split_qname(key).ok_or_else(|| {
                    malformed(format!(
                        "expected an attribute name (NCName or prefix:NCName), found {key:?} at byte {at}"
                    ))
                })?;
                if prefix == Some("xmlns") {
                    return Err(malformed(format!(
                        "unexpected attribute {key:?} at byte {at}"
                    )));
                }
                raw_attributes.push(RawAttribute {
                    prefix: prefix.map(str::to_owned),
                    local_name: local_name.to_owned(),
                    value,
                });
            }
        }

        if let Some(name) = first_duplicate(&mut qualified_names) {
            return Err(malformed(format!(
                "expected distinct attributes on <{qname}>, found {name} twice at byte {at}"
            )));
        }
        self.scopes.push_frame();
        for declaration in &declarations {
            self.scopes.bind(
                declaration.prefix.as_deref().unwrap_or(""),
                declaration.uri.clone(),
            );
        }
        let id = self.push_node(NodeKind::Element(Element {
            prefix: prefix.map(str::to_owned),
            local_name: local_name.to_owned(),
            namespace: None,
            namespace_declarations: declarations,
            attributes: Vec::new(),
        }));
        let namespace = self.resolve(prefix, qname, at)?;
        let mut resolved = Vec::with_capacity(raw_attributes.len());
        for raw in raw_attributes {
            let namespace = match raw.prefix.as_deref() {
                Some(p) => self.resolve(Some(p), qname, at)?,
                None => None,
            };
            resolved.push((namespace, raw));
        }
        let mut expanded: Vec<(&str, &str)> = resolved
            .iter()
            .map(|(ns, raw)| (ns.as_deref().unwrap_or(""), raw.local_name.as_str()))
            .collect();
        if let Some((ns, local)) = first_duplicate(&mut expanded) {
            return Err(malformed(format!(
                "expected distinct attributes on <{qname}>, found {{{ns}}}{local} twice at byte {at}"
            )));
        }
        let mut attributes: Vec<Attribute> = Vec::with_capacity(resolved.len());
        for (namespace, raw) in resolved {
            if namespace.is_none() && raw.local_name == "ID" {
                if self.doc.ids.contains_key(&raw.value) {
                    return Err(Error::new(
                        ErrorKind::DuplicateId,
                        format!(
                            "expected unique ID values, found ID {:?} a second time on <{qname}> at byte {at}",
                            raw.value
                        ),
                    ));
                }
                self.doc.ids.insert(raw.value.clone(), id);
            }
            attributes.push(Attribute {
                prefix: raw.prefix,
                local_name: raw.local_name,
                namespace,
                value: raw.value,
            });
        }
        if let Some(Node {
            kind: NodeKind::Element(element),
            ..
        }) = self.doc.nodes.get_mut(id.index())
        {
            element.namespace = namespace;
            element.attributes = attributes;
        }
        if self.stack.is_empty() {
            self.doc.root = id;
        }
        Ok(id)
    }

    /// The namespace of `prefix` in the current scope (shared); an unbound prefix is an error.
    /// `O(log P)` (see [`Scopes`]), whatever the depth.
    fn resolve(&self, prefix: Option<&str>, qname: &str, at: usize) -> Result<Option<Arc<str>>> {
        if prefix == Some("xml") {
            return Ok(Some(self.xml_namespace.clone()));
        }
        let bound = self
            .scopes
            .get(prefix.unwrap_or(""))
            .filter(|uri| !uri.is_empty());
        match (prefix, bound) {
            (Some(p), None) => Err(malformed(format!(
                "expected prefix {p:?} of <{qname}> to be bound to a namespace, found no declaration (byte {at})"
            ))),
            (_, ns) => Ok(ns.cloned()),
        }
    }
}

/// A value that occurs twice in `items` (sorted in place): `O(a log a)`.
fn first_duplicate<T: Ord + Copy>(items: &mut [T]) -> Option<T> {
    items.sort_unstable();
    items.windows(2).find(|w| w[0] == w[1]).map(|w| w[0])
}

fn check_namespace_uri(prefix: Option<&str>, uri: &str, at: usize) -> Result<()> {
    let shown = prefix.map_or_else(|| "xmlns".to_owned(), |p| format!("xmlns:{p}"));
    let bad = |why: &str| {
        malformed(format!(
            "expected a usable {shown} declaration, found {why} at byte {at}"
        ))
    };
    match prefix {
        Some("xmlns") => return Err(bad("a declaration of the reserved prefix 'xmlns'")),
        Some("xml") if uri != XML_NAMESPACE => {
            return Err(bad("the prefix 'xml' bound to another namespace"))
        }
        Some("xml") => return Ok(()),
        Some(_) if uri.is_empty() => return Err(bad("an empty namespace URI")),
        _ => {}
    }
    if uri == XML_NAMESPACE || uri == XMLNS_NAMESPACE {
        return Err(bad("a reserved namespace URI"));
    }
    if let Some(c) = uri.chars().find(|c| {
        c.is_control()
            || is_xml_space(*c)
            || matches!(
                c,
                '<' | '>' | '"' | '&' | '{' | '}' | '|' | '\\' | '^' | '`'
            )
    }) {
        // Such URIs are invalid (libxml2 refuses most of them) or, for '&', canonicalised
        // differently by libxml2 (raw) and by the specification (escaped).
        return Err(bad(&format!(
            "the character {c:?} in namespace URI {uri:?}"
        )));
    }
    if !uri.is_empty() && !has_uri_scheme(uri) {
        return Err(bad(&format!(
            "the relative namespace URI {uri:?} (canonical XML requires absolute URIs)"
        )));
    }
    Ok(())
}

/// Whether `uri` starts with `scheme:` (RFC 3986).
fn has_uri_scheme(uri: &str) -> bool {
    match uri.split_once(':') {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}
