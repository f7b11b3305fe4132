//! Exclusive XML Canonicalization 1.0 without comments
//! (`http://www.w3.org/2001/10/xml-exc-c14n#`), with the `InclusiveNamespaces PrefixList`
//! extension, over a subtree of a [`Document`].
//!
//! The node set is the subtree of an apex element minus at most one excluded element (with its
//! descendants): exactly what the enveloped-signature transform followed by exc-c14n produces,
//! and what canonicalising `SignedInfo` needs. The output is byte-identical to libxml2's
//! `xmlC14NExecute` in exclusive mode:
//! - only visibly utilised namespaces (the element's prefix, prefixed attributes) and the
//!   PrefixList ones are rendered, and only where the nearest output ancestor did not already
//!   render the same binding; in-scope bindings come from the whole document, so declarations
//!   above the apex are inherited; `xmlns=""` is rendered only to undo a rendered default;
//! - namespace declarations are sorted by prefix (default first), attributes by (namespace URI,
//!   local name) with unqualified ones first;
//! - comments are dropped, processing instructions kept, empty elements written as start and
//!   end tag, text escaped as `&amp; &lt; &gt; &#xD;` and attribute values as
//!   `&amp; &lt; &quot; &#x9; &#xA; &#xD;`.

use crate::xml::{Document, Element, NodeId, NodeKind, Scopes};
use crate::{Error, ErrorKind, Result};

/// Splits an `InclusiveNamespaces/@PrefixList` value into prefixes; `#default` becomes `""`.
pub fn parse_prefix_list(list: &str) -> Vec<String> {
    list.split([' ', '\t', '\r', '\n'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            if p == "#default" {
                String::new()
            } else {
                p.to_owned()
            }
        })
        .collect()
}

/// Where a canonical form goes: a buffer, a digest, or both.
pub trait Sink {
    /// Appends `bytes` to the canonical form.
    fn write(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn write(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Canonicalises the subtree of `apex` (an element), leaving out `exclude` and its descendants
/// when given. `inclusive_prefixes` is the PrefixList (`""` for the default namespace). The
/// output is capped at [`crate::xml::Limits::max_canonical_bytes`] of the document's limits
/// (`input_too_large` beyond).
///
/// Cost: `O(n + Σ_elements (t + a + d) × log P + Σ_elements a log a)` for an output of `n`
/// bytes, `t` PrefixList tokens, `a` attributes and `d` namespace declarations per element and
/// `P` distinct prefixes: the in-scope and the rendered bindings are scope stacks
/// (`xml::Scopes`), never an ancestor walk. One element's start tag adds at most the
/// length of the declared URIs it renders, so the output cap is checked at least once per
/// `O(input)` bytes written.
pub fn canonicalize(
    doc: &Document,
    apex: NodeId,
    exclude: Option<NodeId>,
    inclusive_prefixes: &[String],
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    canonicalize_into(doc, apex, exclude, inclusive_prefixes, &mut out)?;
    Ok(out)
}

/// [`canonicalize`] written into `sink` (for instance straight into a digest) instead of a
/// buffer; same checks, same cap, same cost.
pub fn canonicalize_into<S: Sink + ?Sized>(
    doc: &Document,
    apex: NodeId,
    exclude: Option<NodeId>,
    inclusive_prefixes: &[String],
    sink: &mut S,
) -> Result<()> {
    if doc.element(apex).is_none() {
        return Err(Error::new(
            ErrorKind::UnexpectedStructure,
            "expected an element to canonicalise, found another kind of node",
        ));
    }
    let max = doc.limits().max_canonical_bytes();
    let mut c = Canonicalizer {
        doc,
        inclusive: inclusive_prefixes,
        out: Counted { sink, written: 0 },
        in_scope: Scopes::default(),
        rendered: Scopes::default(),
        to_render: Vec::new(),
        attributes: Vec::new(),
    };
    // Declarations above the apex are in scope too (only the PrefixList ever needs them: the
    // names of elements and attributes are resolved by the parser).
    if !c.inclusive.is_empty() {
        let mut ancestors = Vec::new();
        let mut current = doc.parent(apex);
        while let Some(a) = current {
            ancestors.push(a);
            current = doc.parent(a);
        }
        for a in ancestors.into_iter().rev() {
            c.enter_scope(a);
        }
    }
    enum Step {
        Enter(NodeId),
        Exit(NodeId),
    }
    let mut work = vec![Step::Enter(apex)];
    while let Some(step) = work.pop() {
        match step {
            Step::Enter(id) if Some(id) == exclude => {}
            Step::Enter(id) => match doc.node(id).map(|n| n.kind()) {
                Some(NodeKind::Element(element)) => {
                    c.enter_scope(id);
                    c.start_tag(element);
                    work.push(Step::Exit(id));
                    work.extend(doc.children(id).iter().rev().map(|c| Step::Enter(*c)));
                }
                Some(NodeKind::Text(text)) => escape_text(&mut c.out, text),
                Some(NodeKind::ProcessingInstruction(pi)) => {
                    c.out.write(b"<?");
                    c.out.write(pi.target.as_bytes());
                    if !pi.data.is_empty() {
                        c.out.write(b" ");
                        escape(&mut c.out, pi.data, &PI_SPECIAL, |b| {
                            (b == b'\r').then_some("&#xD;")
                        });
                    }
                    c.out.write(b"?>");
                }
                Some(NodeKind::Comment(_)) | None => {}
            },
            Step::Exit(id) => {
                if let Some(element) = doc.element(id) {
                    c.out.write(b"</");
                    write_qualified_name(&mut c.out, element);
                    c.out.write(b">");
                }
                c.in_scope.pop_frame();
                c.rendered.pop_frame();
            }
        }
        if c.out.written > max {
            return Err(Error::new(
                ErrorKind::InputTooLarge,
                format!("expected a canonical form of at most {max} bytes, found a larger one"),
            ));
        }
    }
    Ok(())
}

/// A sink that counts what it was given (for the cap).
struct Counted<'s, S: ?Sized> {
    sink: &'s mut S,
    written: usize,
}

impl<S: Sink + ?Sized> Counted<'_, S> {
    fn write(&mut self, bytes: &[u8]) {
        self.written = self.written.saturating_add(bytes.len());
        self.sink.write(bytes);
    }
}

fn write_qualified_name<S: Sink + ?Sized>(out: &mut Counted<'_, S>, element: Element<'_>) {
    if let Some(prefix) = element.prefix() {
        out.write(prefix.as_bytes());
        out.write(b":");
    }
    out.write(element.local_name().as_bytes());
}

struct Canonicalizer<'a, 's, S: ?Sized> {
    doc: &'a Document,
    inclusive: &'a [String],
    out: Counted<'s, S>,
    /// The document's namespace declarations in scope (kept only when there is a PrefixList):
    /// prefix (`""` for the default) → URI (`""` after `xmlns=""`).
    in_scope: Scopes<&'a str>,
    /// The bindings rendered by output ancestors: prefix → URI.
    rendered: Scopes<&'a str>,
    /// Scratch space of one start tag: the declarations to render, the attributes.
    to_render: Vec<(&'a str, &'a str)>,
    attributes: Vec<crate::xml::Attribute<'a>>,
}

impl<'a, S: Sink + ?Sized> Canonicalizer<'a, '_, S> {
    /// Opens the frames of element `id`: its declarations come into scope.
    fn enter_scope(&mut self, id: NodeId) {
        self.in_scope.push_frame();
        self.rendered.push_frame();
        if self.inclusive.is_empty() {
            return;
        }
        if let Some(element) = self.doc.element(id) {
            for d in element.namespace_declarations() {
                self.in_scope.bind(d.prefix.unwrap_or(""), d.uri);
            }
        }
    }

    /// Renders `prefix` → `uri` on the current element unless the nearest output ancestor
    /// already rendered the same binding (an unrendered default namespace is the empty one).
    fn utilise(&mut self, prefix: &'a str, uri: &'a str) {
        if prefix == "xml" {
            return;
        }
        let rendered = self.rendered.get(prefix).copied().unwrap_or("");
        // URIs are interned by the parser: the same URI is usually the same string.
        if !(std::ptr::eq(rendered, uri) || rendered == uri) {
            self.to_render.push((prefix, uri));
            self.rendered.bind(prefix, uri);
        }
    }

    fn start_tag(&mut self, element: Element<'a>) {
        self.to_render.clear();
        for prefix in self.inclusive {
            match self.in_scope.get(prefix).copied() {
                Some(uri) if !uri.is_empty() => self.utilise(prefix, uri),
                _ if prefix.is_empty() => self.utilise("", ""),
                _ => {}
            }
        }
        self.utilise(
            element.prefix().unwrap_or(""),
            element.namespace().unwrap_or(""),
        );
        for attribute in element.attributes() {
            if let (Some(prefix), Some(uri)) = (attribute.prefix, attribute.namespace) {
                self.utilise(prefix, uri);
            }
        }
        // Sorted by prefix (default first); a prefix rendered twice keeps its last binding.
        self.to_render.sort_by(|a, b| a.0.cmp(b.0));
        let mut i = 0;
        while i + 1 < self.to_render.len() {
            if self.to_render[i].0 == self.to_render[i + 1].0 {
                self.to_render.remove(i);
            } else {
                i += 1;
            }
        }

        let out = &mut self.out;
        out.write(b"<");
        write_qualified_name(out, element);
        for &(prefix, uri) in &self.to_render {
            if prefix.is_empty() {
                out.write(b" xmlns=\"");
            } else {
                out.write(b" xmlns:");
                out.write(prefix.as_bytes());
                out.write(b"=\"");
            }
            escape_attribute(out, uri);
            out.write(b"\"");
        }
        self.attributes.clear();
        self.attributes.extend(element.attributes());
        self.attributes.sort_by(|a, b| {
            (a.namespace.unwrap_or(""), a.local_name)
                .cmp(&(b.namespace.unwrap_or(""), b.local_name))
        });
        for attribute in &self.attributes {
            out.write(b" ");
            if let Some(prefix) = attribute.prefix {
                out.write(prefix.as_bytes());
                out.write(b":");
            }
            out.write(attribute.local_name.as_bytes());
            out.write(b"=\"");
            escape_attribute(out, attribute.value);
            out.write(b"\"");
        }
        out.write(b">");
    }
}

/// Writes `text`, replacing the bytes `replace` names (all ASCII, flagged in `special`); the
/// runs between them are written whole.
fn escape<S: Sink + ?Sized>(
    out: &mut Counted<'_, S>,
    text: &str,
    special: &[bool; 128],
    replace: impl Fn(u8) -> Option<&'static str>,
) {
    let bytes = text.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !special.get(usize::from(b)).copied().unwrap_or(false) {
            continue;
        }
        if let Some(with) = replace(b) {
            out.write(&bytes[from..i]);
            out.write(with.as_bytes());
            from = i + 1;
        }
    }
    out.write(&bytes[from..]);
}

/// The ASCII bytes in `bytes`, as a lookup table.
const fn table(bytes: &[u8]) -> [bool; 128] {
    let mut t = [false; 128];
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

static TEXT_SPECIAL: [bool; 128] = table(b"&<>\r");
static ATTRIBUTE_SPECIAL: [bool; 128] = table(b"&<\"\t\n\r");
static PI_SPECIAL: [bool; 128] = table(b"\r");

fn escape_text<S: Sink + ?Sized>(out: &mut Counted<'_, S>, text: &str) {
    escape(out, text, &TEXT_SPECIAL, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'\r' => Some("&#xD;"),
        _ => None,
    });
}

fn escape_attribute<S: Sink + ?Sized>(out: &mut Counted<'_, S>, value: &str) {
    escape(out, value, &ATTRIBUTE_SPECIAL, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'"' => Some("&quot;"),
        b'\t' => Some("&#x9;"),
        b'\n' => Some("&#xA;"),
        b'\r' => Some("&#xD;"),
        _ => None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::Limits;

    fn c14n(xml: &str, id: Option<&str>, prefixes: &str) -> String {
        let doc = Document::parse(xml.as_bytes(), &Limits::default()).unwrap();
        let apex = id.map_or(doc.root(), |id| doc.element_by_id(id).unwrap());
        let out = canonicalize(&doc, apex, None, &parse_prefix_list(prefixes)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn empty_elements_attribute_order_and_escaping() {
        assert_eq!(
            c14n(
                "<?xml version='1.0'?><r b='2' a=\"1&amp;&lt;&gt;&quot;\" xmlns:z='urn:z' z:a='x'><e/>t&gt;&#13;\r\n</r>",
                None,
                ""
            ),
            "<r xmlns:z=\"urn:z\" a=\"1&amp;&lt;>&quot;\" b=\"2\" z:a=\"x\"><e></e>t&gt;&#xD;\n</r>"
        );
    }

    #[test]
    fn inherited_and_unused_namespaces() {
        let xml =
            "<r xmlns='urn:d' xmlns:a='urn:a' xmlns:b='urn:b'><a:x ID='i'><y/><b:z/></a:x></r>";
        assert_eq!(
            c14n(xml, Some("i"), ""),
            "<a:x xmlns:a=\"urn:a\" ID=\"i\"><y xmlns=\"urn:d\"></y><b:z xmlns:b=\"urn:b\"></b:z></a:x>"
        );
        assert_eq!(
            c14n(xml, Some("i"), "#default b"),
            "<a:x xmlns=\"urn:d\" xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" ID=\"i\"><y></y><b:z></b:z></a:x>"
        );
    }

    #[test]
    fn default_undeclaration() {
        assert_eq!(
            c14n("<r xmlns='urn:d'><x xmlns=''><y/></x></r>", None, ""),
            "<r xmlns=\"urn:d\"><x xmlns=\"\"><y></y></x></r>"
        );
        assert_eq!(c14n("<r xmlns=''><x/></r>", None, ""), "<r><x></x></r>");
    }

    #[test]
    fn comments_dropped_pis_kept() {
        assert_eq!(
            c14n("<r><!--c-->a<!--d-->b<?p  d ?><?q?></r>", None, ""),
            "<r>ab<?p d ?><?q?></r>"
        );
    }
}
