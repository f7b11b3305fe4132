//! The strict one-pass parser: quick-xml tokens in, a [`Document`] out.
//!
//! Everything quick-xml leaves to its caller is checked here: UTF-8 and legal characters, no
//! DOCTYPE, one document element and nothing but white space, comments and processing
//! instructions around it, QName syntax, namespace well-formedness (bound prefixes, no
//! `xmlns:p=""`, reserved prefixes), duplicate attributes by qualified and by expanded name,
//! references (only the five predefined entities and legal character references), line-end and
//! attribute-value normalisation, limits, and one table of `ID` attributes without duplicates.

use std::borrow::Cow;
use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::chars::{
    is_ncname, is_xml_char, is_xml_space, normalize_attribute, normalize_line_ends, split_qname,
    unescape_text,
};
use super::scope::Scopes;
use super::tree::{
    AttributeData, DeclarationData, Document, ElementData, NodeData, NodeId, NodeRecord, Range,
    Span, NONE, XMLNS_NAMESPACE, XML_NAMESPACE,
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

/// The open elements' state and the growing arena; see [`Document`] for the layout.
struct Builder<'l> {
    /// The whole input, already checked as UTF-8.
    input: &'l str,
    /// The strings that parsing changed; their spans start after the input's.
    extra: String,
    nodes: Vec<NodeRecord>,
    children: Vec<NodeId>,
    /// The children of the open elements, innermost last; an element's are moved to
    /// `children` when it closes, so each element's children are contiguous there.
    pending: Vec<NodeId>,
    attributes: Vec<AttributeData>,
    declarations: Vec<DeclarationData>,
    /// The distinct namespace URIs, and whether each passed the URI checks already.
    namespaces: Vec<Box<str>>,
    checked: Vec<bool>,
    interned: BTreeMap<Box<str>, u32>,
    /// The URI of the last declaration.
    last_declared: u32,
    ids: BTreeMap<String, NodeId>,
    root: NodeId,
    /// Open elements, with where their children start in `pending`.
    stack: Vec<(NodeId, usize)>,
    /// The namespace bindings in scope (one frame per open element; `""` is the default
    /// namespace, bound to [`NONE`] by `xmlns=""`).
    scopes: Scopes<u32>,
    limits: &'l Limits,
    elements: usize,
    root_closed: bool,
    /// Per-element scratch space, reused.
    qualified_names: Vec<&'l str>,
    raw_attributes: Vec<RawAttribute<'l>>,
    new_declarations: Vec<(Option<&'l str>, u32)>,
}

/// The largest input whose spans (input and changed strings, at most twice as many bytes)
/// fit the tree's 32-bit offsets.
const MAX_SPANNED_BYTES: usize = (u32::MAX / 4) as usize;

impl Document {
    /// Parses `bytes` strictly (see the module docs of [`crate::xml`]) under `limits`.
    pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Document> {
        if bytes.len() > limits.max_bytes || bytes.len() > MAX_SPANNED_BYTES {
            return Err(too_large(format!(
                "expected at most {} bytes of XML, found {}",
                limits.max_bytes.min(MAX_SPANNED_BYTES),
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
        let mut builder = Builder::new(text, limits);
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
                    builder.stack.push((id, builder.pending.len()));
                }
                Event::Empty(start) => {
                    builder.open(&start, at)?;
                    builder.scopes.pop_frame();
                    builder.close_if_root();
                }
                Event::End(end) => {
                    let end_name = end.name();
                    let name = text_of(text, end_name.as_ref())?;
                    match builder.stack.pop() {
                        Some((open, mark)) if builder.has_qualified_name(open, name) => {
                            builder.close(open, mark);
                            builder.scopes.pop_frame();
                            builder.close_if_root();
                        }
                        Some((open, _)) => {
                            return Err(malformed(format!(
                                "expected the end tag </{}>, found </{name}> at byte {at}",
                                builder.qualified_name(open)
                            )))
                        }
                        None => {
                            return Err(malformed(format!(
                                "expected no end tag outside the document element, found </{name}> at byte {at}"
                            )))
                        }
                    }
                }
                Event::Text(t) => {
                    let raw = builder.slice(&t, at)?;
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
                    let value = normalize_line_ends(builder.slice(&data, at)?);
                    builder.push_text(value);
                }
                Event::Comment(comment) => {
                    if !builder.stack.is_empty() {
                        let value = normalize_line_ends(builder.slice(&comment, at)?);
                        let span = builder.span(value);
                        builder.push_node(NodeData::Comment(span));
                    }
                }
                Event::PI(pi) => {
                    let (target, data) = parse_pi(builder.slice(&pi, at)?, at)?;
                    if !builder.stack.is_empty() {
                        let target = builder.span(Cow::Borrowed(target));
                        let data = builder.span(data);
                        builder.push_node(NodeData::ProcessingInstruction { target, data });
                    }
                }
                Event::Eof => break,
            }
            if builder.nodes.len() > limits.max_nodes {
                return Err(too_large(format!(
                    "expected at most {} nodes (elements, text, comments, processing instructions), found more",
                    limits.max_nodes
                )));
            }
            first = false;
        }
        if let Some(&(open, _)) = builder.stack.last() {
            return Err(malformed(format!(
                "expected </{}>, found the end of the input",
                builder.qualified_name(open)
            )));
        }
        if !builder.root_closed {
            return Err(malformed(
                "expected a document element, found none".to_owned(),
            ));
        }
        Ok(builder.finish())
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

/// The target and the data of a processing instruction.
fn parse_pi(raw: &str, at: usize) -> Result<(&str, Cow<'_, str>)> {
    let (target, data) = match raw.find(is_xml_space) {
        Some(i) => (&raw[..i], raw[i..].trim_start_matches(is_xml_space)),
        None => (raw, ""),
    };
    if !is_ncname(target) || target.eq_ignore_ascii_case("xml") {
        return Err(malformed(format!(
            "expected a processing-instruction target name other than 'xml', found {target:?} at byte {at}"
        )));
    }
    Ok((target, normalize_line_ends(data)))
}

struct RawAttribute<'l> {
    prefix: Option<&'l str>,
    local_name: &'l str,
    /// Interned, once resolved ([`NONE`] for none).
    namespace: u32,
    value: Cow<'l, str>,
}

impl<'l> Builder<'l> {
    fn new(input: &'l str, limits: &'l Limits) -> Builder<'l> {
        let mut interned = BTreeMap::new();
        interned.insert(Box::from(XML_NAMESPACE), 0);
        Builder {
            input,
            extra: String::new(),
            nodes: Vec::with_capacity(input.len() / 32),
            children: Vec::with_capacity(input.len() / 32),
            pending: Vec::new(),
            attributes: Vec::with_capacity(input.len() / 64),
            declarations: Vec::new(),
            namespaces: vec![Box::from(XML_NAMESPACE)],
            checked: vec![false],
            interned,
            last_declared: 0,
            ids: BTreeMap::new(),
            root: NodeId(0),
            stack: Vec::new(),
            scopes: Scopes::default(),
            limits,
            elements: 0,
            root_closed: false,
            qualified_names: Vec::new(),
            raw_attributes: Vec::new(),
            new_declarations: Vec::new(),
        }
    }

    fn finish(self) -> Document {
        let mut text = String::with_capacity(self.input.len() + self.extra.len());
        text.push_str(self.input);
        text.push_str(&self.extra);
        Document {
            text,
            nodes: self.nodes,
            children: self.children,
            attributes: self.attributes,
            declarations: self.declarations,
            namespaces: self.namespaces,
            root: self.root,
            ids: self.ids,
            limits: *self.limits,
        }
    }

    /// `bytes` (a token quick-xml borrowed from the input) as the input's text.
    fn slice(&self, bytes: &[u8], at: usize) -> Result<&'l str> {
        input_slice(self.input, bytes).ok_or_else(|| {
            malformed(format!(
                "expected the parser's tokens to be slices of the input, near byte {at}"
            ))
        })
    }

    /// The span of `value`: where it is in the input when it is a slice of it, else appended to
    /// the changed strings.
    fn span(&mut self, value: Cow<'l, str>) -> Span {
        if let Cow::Borrowed(s) = value {
            let start = (s.as_ptr() as usize).wrapping_sub(self.input.as_ptr() as usize);
            if start <= self.input.len() && s.len() <= self.input.len() - start {
                return span(start, start + s.len());
            }
        }
        let start = self.input.len() + self.extra.len();
        self.extra.push_str(&value);
        span(start, self.input.len() + self.extra.len())
    }

    /// The text of a span made by [`Builder::span`].
    fn text(&self, s: Span) -> &str {
        let (start, end) = (s.start as usize, s.end as usize);
        if start < self.input.len() || (start == end && end <= self.input.len()) {
            self.input.get(start..end).unwrap_or("")
        } else {
            let base = self.input.len();
            self.extra
                .get(start.saturating_sub(base)..end.saturating_sub(base))
                .unwrap_or("")
        }
    }

    fn element_names(&self, id: NodeId) -> (Option<&str>, &str) {
        match self.nodes.get(id.index()).map(|n| &n.data) {
            Some(NodeData::Element(e)) => (e.prefix.map(|p| self.text(p)), self.text(e.local_name)),
            _ => (None, ""),
        }
    }

    fn has_qualified_name(&self, id: NodeId, name: &str) -> bool {
        match self.element_names(id) {
            (Some(p), local) => {
                name.strip_prefix(p).and_then(|rest| rest.strip_prefix(':')) == Some(local)
            }
            (None, local) => name == local,
        }
    }

    fn qualified_name(&self, id: NodeId) -> String {
        match self.element_names(id) {
            (Some(p), local) => format!("{p}:{local}"),
            (None, local) => local.to_owned(),
        }
    }

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

    /// Closes element `id`, whose children start at `mark` in `pending`.
    fn close(&mut self, id: NodeId, mark: usize) {
        let start = index(self.children.len());
        self.children.extend(self.pending.drain(mark..));
        let end = index(self.children.len());
        if let Some(node) = self.nodes.get_mut(id.index()) {
            node.children = Range { start, end };
        }
    }

    fn push_node(&mut self, data: NodeData) -> NodeId {
        let id = NodeId(index(self.nodes.len()));
        let parent = self.stack.last().map_or(NONE, |(p, _)| p.0);
        self.nodes.push(NodeRecord {
            data,
            parent,
            children: Range::default(),
        });
        if parent != NONE {
            self.pending.push(id);
        }
        id
    }

    /// Appends character data, merging it with a directly preceding text node.
    fn push_text(&mut self, value: Cow<'l, str>) {
        let last = match self.stack.last() {
            Some(&(_, mark)) if self.pending.len() > mark => self.pending.last().copied(),
            _ => None,
        };
        let previous = match last.and_then(|l| self.nodes.get(l.index())) {
            Some(NodeRecord {
                data: NodeData::Text(s),
                ..
            }) => Some(*s),
            _ => None,
        };
        if let (Some(last), Some(previous)) = (last, previous) {
            // The merged text goes at the end of the changed strings: copied there once, then
            // extended in place (linear in the text, however many pieces it has).
            let end = self.input.len() + self.extra.len();
            let start =
                if previous.end as usize == end && previous.start as usize >= self.input.len() {
                    previous.start as usize
                } else {
                    let old = self.text(previous).to_owned();
                    self.extra.push_str(&old);
                    end
                };
            self.extra.push_str(&value);
            let merged = span(start, self.input.len() + self.extra.len());
            if let Some(node) = self.nodes.get_mut(last.index()) {
                node.data = NodeData::Text(merged);
            }
            return;
        }
        if !value.is_empty() {
            let s = self.span(value);
            self.push_node(NodeData::Text(s));
        }
    }

    /// The interned index of a declared namespace URI (not empty), checked for `prefix` (see
    /// [`check_namespace_uri`]); a URI that passed the checks once is not scanned again.
    fn declare(&mut self, prefix: Option<&str>, uri: &str, at: usize) -> Result<u32> {
        if uri.is_empty() {
            check_namespace_uri(prefix, uri, at, false)?;
            return Ok(NONE);
        }
        // Canonical forms repeat one declaration on many siblings: try the last one first.
        let known = match self.namespaces.get(self.last_declared as usize) {
            Some(last) if **last == *uri => Some(self.last_declared),
            _ => self.interned.get(uri).copied(),
        };
        let already = known.is_some_and(|i| self.checked.get(i as usize) == Some(&true));
        let passed = check_namespace_uri(prefix, uri, at, already)?;
        let i = match known {
            Some(i) => i,
            None => {
                let i = index(self.namespaces.len());
                self.namespaces.push(Box::from(uri));
                self.checked.push(false);
                self.interned.insert(Box::from(uri), i);
                i
            }
        };
        if passed {
            if let Some(c) = self.checked.get_mut(i as usize) {
                *c = true;
            }
        }
        self.last_declared = i;
        Ok(i)
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
        let qname = self.slice(name.as_ref(), at)?;
        let (prefix, local_name) = split_qname(qname).ok_or_else(|| {
            malformed(format!(
                "expected an element name (NCName or prefix:NCName), found {qname:?} at byte {at}"
            ))
        })?;

        let mut declarations = std::mem::take(&mut self.new_declarations);
        let mut raw_attributes = std::mem::take(&mut self.raw_attributes);
        // Duplicates are found by sorting (O(a log a) per element), not by quick-xml's check,
        // which compares each attribute with every earlier one.
        let mut qualified_names = std::mem::take(&mut self.qualified_names);
        declarations.clear();
        raw_attributes.clear();
        qualified_names.clear();
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
            // quick-xml borrows names and values from the input (`Reader::from_str`).
            let key = self.slice(attribute.key.as_ref(), at).map_err(|_| {
                malformed(format!(
                    "expected attribute names in the input, near byte {at}"
                ))
            })?;
            qualified_names.push(key);
            let value = normalize_attribute(self.slice(&attribute.value, at)?)
                .map_err(|e| at_byte(e, at))?;
            let declares = key == "xmlns" || key.starts_with("xmlns:");
            if declares && declarations.len() >= self.limits.max_namespace_declarations {
                return Err(too_large(format!(
                    "expected at most {} namespace declarations on <{qname}>, found more",
                    self.limits.max_namespace_declarations
                )));
            }
            if key == "xmlns" {
                let uri = self.declare(None, &value, at)?;
                declarations.push((None, uri));
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                if !is_ncname(prefix) {
                    return Err(malformed(format!(
                        "expected a namespace prefix (NCName), found {prefix:?} at byte {at}"
                    )));
                }
                let uri = self.declare(Some(prefix), &value, at)?;
                declarations.push((Some(prefix), uri));
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
                    prefix,
                    local_name,
                    namespace: NONE,
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
        let declarations_start = index(self.declarations.len());
        for &(prefix, uri) in &declarations {
            self.scopes.bind(prefix.unwrap_or(""), uri);
            let prefix = prefix.map(|p| self.span(Cow::Borrowed(p)));
            self.declarations.push(DeclarationData { prefix, uri });
        }
        let declarations_range = Range {
            start: declarations_start,
            end: index(self.declarations.len()),
        };
        let element_prefix = prefix.map(|p| self.span(Cow::Borrowed(p)));
        let element_local = self.span(Cow::Borrowed(local_name));
        let id = self.push_node(NodeData::Element(ElementData {
            prefix: element_prefix,
            local_name: element_local,
            namespace: NONE,
            attributes: Range::default(),
            declarations: declarations_range,
        }));
        let namespace = self.resolve(prefix, qname, at)?;
        for raw in raw_attributes.iter_mut() {
            if let Some(p) = raw.prefix {
                raw.namespace = self.resolve(Some(p), qname, at)?;
            }
        }
        if raw_attributes.len() > 1 {
            let mut by_name: Vec<(&str, &str)> = raw_attributes
                .iter()
                .map(|raw| (self.uri(raw.namespace), raw.local_name))
                .collect();
            if let Some((ns, local)) = first_duplicate(&mut by_name) {
                return Err(malformed(format!(
                    "expected distinct attributes on <{qname}>, found {{{ns}}}{local} twice at byte {at}"
                )));
            }
        }
        let attributes_start = index(self.attributes.len());
        for raw in raw_attributes.drain(..) {
            let namespace = raw.namespace;
            if namespace == NONE && raw.local_name == "ID" {
                if self.ids.contains_key(&*raw.value) {
                    return Err(Error::new(
                        ErrorKind::DuplicateId,
                        format!(
                            "expected unique ID values, found ID {:?} a second time on <{qname}> at byte {at}",
                            raw.value
                        ),
                    ));
                }
                self.ids.insert(raw.value.to_string(), id);
            }
            let prefix = raw.prefix.map(|p| self.span(Cow::Borrowed(p)));
            let local_name = self.span(Cow::Borrowed(raw.local_name));
            let value = self.span(raw.value);
            self.attributes.push(AttributeData {
                prefix,
                local_name,
                namespace,
                value,
            });
        }
        let attributes_range = Range {
            start: attributes_start,
            end: index(self.attributes.len()),
        };
        if let Some(NodeRecord {
            data: NodeData::Element(element),
            ..
        }) = self.nodes.get_mut(id.index())
        {
            element.namespace = namespace;
            element.attributes = attributes_range;
        }
        if self.stack.is_empty() {
            self.root = id;
        }
        self.new_declarations = declarations;
        self.raw_attributes = raw_attributes;
        self.qualified_names = qualified_names;
        Ok(id)
    }

    /// An interned URI's text (`""` for [`NONE`]).
    fn uri(&self, i: u32) -> &str {
        self.namespaces.get(i as usize).map_or("", |s| &**s)
    }

    /// The namespace of `prefix` in the current scope (interned, [`NONE`] for no namespace);
    /// an unbound prefix is an error. `O(log P)` (see [`Scopes`]), whatever the depth.
    fn resolve(&self, prefix: Option<&str>, qname: &str, at: usize) -> Result<u32> {
        if prefix == Some("xml") {
            return Ok(0);
        }
        let bound = self
            .scopes
            .get(prefix.unwrap_or(""))
            .copied()
            .filter(|uri| *uri != NONE);
        match (prefix, bound) {
            (Some(p), None) => Err(malformed(format!(
                "expected prefix {p:?} of <{qname}> to be bound to a namespace, found no declaration (byte {at})"
            ))),
            (_, ns) => Ok(ns.unwrap_or(NONE)),
        }
    }
}

fn span(start: usize, end: usize) -> Span {
    Span {
        start: index(start),
        end: index(end),
    }
}

/// An offset or index of the arena (inputs are bounded far below `u32::MAX`).
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

/// The smallest value that occurs twice in `items` (sorted in place): `O(a log a)`; a few
/// items are compared pairwise instead (the same answer, without sorting).
fn first_duplicate<T: Ord + Copy>(items: &mut [T]) -> Option<T> {
    if items.len() <= 8 {
        let mut smallest: Option<T> = None;
        for (i, a) in items.iter().enumerate() {
            if items[i + 1..].contains(a) && smallest.map_or(true, |s| *a < s) {
                smallest = Some(*a);
            }
        }
        return smallest;
    }
    items.sort_unstable();
    items.windows(2).find(|w| w[0] == w[1]).map(|w| w[0])
}

/// Checks a declaration; `Ok(true)` when the URI itself passed the checks (they depend on the
/// URI only, and are skipped when `uri_known_good`).
fn check_namespace_uri(
    prefix: Option<&str>,
    uri: &str,
    at: usize,
    uri_known_good: bool,
) -> Result<bool> {
    let bad = |why: &str| {
        let shown = prefix.map_or_else(|| "xmlns".to_owned(), |p| format!("xmlns:{p}"));
        malformed(format!(
            "expected a usable {shown} declaration, found {why} at byte {at}"
        ))
    };
    match prefix {
        Some("xmlns") => return Err(bad("a declaration of the reserved prefix 'xmlns'")),
        Some("xml") if uri != XML_NAMESPACE => {
            return Err(bad("the prefix 'xml' bound to another namespace"))
        }
        Some("xml") => return Ok(false),
        Some(_) if uri.is_empty() => return Err(bad("an empty namespace URI")),
        _ => {}
    }
    if uri_known_good {
        return Ok(true);
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
    Ok(true)
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
