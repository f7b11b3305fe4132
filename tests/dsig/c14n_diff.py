#!/usr/bin/env python3
"""Differential test of our exclusive C14N against libxml2 (through lxml).

For every XML file under the optional peer-fixture folder (--reference; by default
../shared/reference/fixtures/ beside the repository, skipped when absent; the .base64 ones
decoded), every signed fixture under tests/dsig/signed/ and a generated corpus of namespace /
escaping / line-end edge cases, canonicalise the document element and every element carrying an
ID (with and without the element's own ds:Signature, with and without PrefixLists) with
  etree.tostring(el, method="c14n", exclusive=True, with_comments=False, inclusive_ns_prefixes=...)
and with our `c14n` example binary, and compare the bytes.

It also writes the generated corpus with libxml2's outputs to tests/dsig/c14n/corpus.json, which
core/tests/c14n_corpus.rs replays without Python.

Usage: python3 tests/dsig/c14n_diff.py [--binary PATH] [--reference DIR]
(needs lxml; the binary defaults to $CARGO_TARGET_DIR/debug/examples/c14n, built with
`cargo build -p maestrano-core --example c14n`).
"""

import argparse
import base64
import copy
import json
import os
import subprocess
import sys
import tempfile

from lxml import etree

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DS = "http://www.w3.org/2000/09/xmldsig#"
ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion"

# (name, xml, [(apex ID or None, prefix list, exclude signature)])
CORPUS = [
    ("ns-declared-high", '<r xmlns:a="urn:a" xmlns:b="urn:b" xmlns="urn:d"><m><a:x ID="i" b:attr="1"><y/><a:z/></a:x></m></r>',
     [(None, "", False), ("i", "", False), ("i", "#default", False), ("i", "b", False)]),
    ("default-ns-apex", '<r xmlns="urn:d"><x ID="i"><y/></x></r>', [("i", "", False)]),
    ("default-undeclared", '<r xmlns="urn:d"><x xmlns=""><y ID="i"/><z xmlns="urn:d"/></x></r>',
     [(None, "", False), ("i", "", False), ("i", "#default", False)]),
    ("default-undeclared-prefixed-apex", '<p:r xmlns:p="urn:p" xmlns="urn:d"><p:x ID="i" xmlns=""><y/></p:x></p:r>',
     [("i", "", False), ("i", "#default", False), (None, "#default", False)]),
    ("empty-default-at-root", '<r xmlns=""><x/></r>', [(None, "", False), (None, "#default", False)]),
    ("prefix-rebinding", '<a:r xmlns:a="urn:1"><a:x xmlns:a="urn:2" ID="i"><a:y/><a:z xmlns:a="urn:1"/></a:x></a:r>',
     [(None, "", False), ("i", "", False), (None, "a", False)]),
    ("same-redeclaration", '<a:r xmlns:a="urn:1" xmlns="urn:d"><a:x xmlns:a="urn:1" xmlns="urn:d"><y/></a:x></a:r>',
     [(None, "", False), (None, "#default a", False)]),
    ("attribute-order", '<r xmlns:b="urn:b" xmlns:a="urn:a" xmlns:c="urn:a" z="1" b:z="2" a:y="3" c:b="4" y="5" xml:lang="en" xml:space="preserve" a:a="6"/>',
     [(None, "", False)]),
    ("two-prefixes-one-uri", '<r xmlns:p="urn:x" xmlns:q="urn:x"><p:a q:b="1" p:c="2"/></r>', [(None, "", False)]),
    ("escapes-text", '<r>a &amp; b &lt; c &gt; d " \' &#13; &#xD; &#10; &#9;\ttab</r>', [(None, "", False)]),
    ("escapes-attr", '<r a="&amp;&lt;&gt;&quot;&apos;" b=\'"\' c="&#9;&#10;&#13;" d="x\ty\nz\r\nw\rv" e="  spaced  "/>',
     [(None, "", False)]),
    ("crlf-text", '<r>\r\nline1\r\nline2\rline3\n\r</r>', [(None, "", False)]),
    ("cr-in-attr", '<r a="1\r\n2\r3"/>', [(None, "", False)]),
    ("cdata", '<r><![CDATA[<&>]]]]><![CDATA[>"\r\n]]>x<![CDATA[]]></r>', [(None, "", False)]),
    ("utf8", '<r\u00e9 a\u00ef="\u6771\u4eac \U0001F600"><x>\u00e9\u00e8 \u2603 \U0001F600</x></r\u00e9>',
     [(None, "", False)]),
    ("comments-pis", '<?pi-before x?><!--c0--><r><!--c1-->a<!--c2-->b<?p data ?><?q?><x><!--c3--></x></r><!--c4--><?pi-after?>',
     [(None, "", False)]),
    ("whitespace", '<r>\n  <a>  </a>\n\t<b/>\n</r>', [(None, "", False)]),
    ("unused-ns-dropped", '<r xmlns:u="urn:u" xmlns:v="urn:v"><x xmlns:w="urn:w"/></r>',
     [(None, "", False), (None, "u w", False), (None, "#default", False)]),
    ("attr-only-prefix", '<r xmlns:p="urn:p"><x><y p:a="1"/><z p:b="2"/></x></r>', [(None, "", False)]),
    ("inclusive-rebound", '<r xmlns:p="urn:1"><x><y xmlns:p="urn:2"><z/></y></x></r>',
     [(None, "p", False), (None, "", False)]),
    ("inclusive-not-in-scope", '<r><x/></r>', [(None, "nope #default", False)]),
    ("signature-excluded", '<a:r xmlns:a="urn:a" ID="i">\n  <i:Issuer xmlns:i="%s">x</i:Issuer>\n  <ds:Signature xmlns:ds="%s"><ds:SignedInfo/></ds:Signature>\n  <a:b/>\n</a:r>' % (ASSERTION, DS),
     [("i", "", True), ("i", "", False)]),
    ("signature-first", '<r ID="i"><Signature xmlns="%s"><SignedInfo/></Signature>tail<x/></r>' % DS,
     [("i", "", True)]),
    ("saml-xsi-type", '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="%s" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="r"><saml:Assertion ID="a"><saml:AttributeValue xsi:type="xs:string">v</saml:AttributeValue></saml:Assertion></samlp:Response>' % ASSERTION,
     [("a", "", False), ("a", "xs", False), ("a", "xs xsi saml #default", False), ("r", "", False)]),
    ("deep-default-switch", '<r xmlns="urn:1"><a xmlns="urn:2"><b xmlns="urn:1"><c xmlns=""/></b></a></r>',
     [(None, "", False), (None, "#default", False)]),
    ("xml-attrs", '<r xml:lang="en"><x xml:space="preserve" xml:id="q"/></r>', [(None, "", False), (None, "xml", False)]),
    ("gt-in-attr-and-text", '<r a=">">]></r>', [(None, "", False)]),
    ("long-nesting-ns", "".join('<p%d:e xmlns:p%d="urn:%d">' % (i, i, i) for i in range(20)) +
     "".join("</p%d:e>" % i for i in reversed(range(20))), [(None, "", False), (None, "p3 p7", False)]),
]


def lxml_c14n(data, apex_id, prefixes, exclude):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(data, parser)
    root = copy.deepcopy(root)
    if apex_id is None:
        el = root
    else:
        found = [e for e in root.iter() if isinstance(e.tag, str) and e.get("ID") == apex_id]
        if len(found) != 1:
            return None
        el = found[0]
    if exclude:
        kids = [k for k in el if isinstance(k.tag, str)]
        pos = 1 if kids and kids[0].tag == "{%s}Issuer" % ASSERTION else 0
        if len(kids) > pos and kids[pos].tag == "{%s}Signature" % DS:
            sig = kids[pos]
            tail = sig.tail or ""
            prev = sig.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                el.text = (el.text or "") + tail
            el.remove(sig)
    incl = [p for p in prefixes.split() if p]
    return etree.tostring(el, method="c14n", exclusive=True, with_comments=False,
                          inclusive_ns_prefixes=incl or None)


def build_ref(tmp):
    """Compiles c14n_ref.c against the system libxml2 (the one xmlsec1 uses), if possible."""
    out = os.path.join(tmp, "c14n_ref")
    try:
        flags = subprocess.run(["xml2-config", "--cflags", "--libs"], capture_output=True,
                               check=True).stdout.decode().split()
        subprocess.run(["cc", "-O1", "-o", out, os.path.join(HERE, "c14n_ref.c")] + flags,
                       check=True, capture_output=True)
        return out
    except (OSError, subprocess.CalledProcessError) as e:
        print("no C oracle (%s): comparing with lxml only" % e)
        return None


def ref_c14n(binary, path, apex_id, prefixes, exclude):
    args = [binary, path, apex_id or "-", prefixes or "-"] + (["exclude"] if exclude else [])
    p = subprocess.run(args, capture_output=True)
    return p.stdout if p.returncode == 0 else None


def ours(binary, path, apex_id, prefixes, exclude):
    args = [binary, path]
    if apex_id is not None:
        args += ["--id", apex_id]
    if prefixes:
        args += ["--prefixes", prefixes]
    if exclude:
        args.append("--exclude-signature")
    p = subprocess.run(args, capture_output=True)
    if p.returncode != 0:
        return None, p.stderr.decode(errors="replace").strip()
    return p.stdout, None


def fixture_files(reference):
    out = []
    for base, _, files in os.walk(reference):
        for f in sorted(files):
            path = os.path.join(base, f)
            if f.endswith(".xml"):
                out.append((os.path.relpath(path, reference), open(path, "rb").read()))
            elif f.endswith(".xml.base64") or f.endswith(".b64"):
                try:
                    raw = base64.b64decode(b"".join(open(path, "rb").read().split()))
                except Exception:
                    continue
                out.append((os.path.relpath(path, reference), raw))
    return out


def jobs_for(data):
    """Apexes: the root and every element with an ID; each with and without its signature."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except Exception:
        return []
    ids = [None] + [e.get("ID") for e in root.iter() if isinstance(e.tag, str) and e.get("ID")]
    jobs = []
    for i in ids:
        for prefixes in ["", "#default saml ds xs xsi"]:
            jobs.append((i, prefixes, False))
        if i is not None:
            jobs.append((i, "", True))
    return jobs


def main():
    ap = argparse.ArgumentParser()
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    ap.add_argument("--binary", default=os.path.join(target, "debug", "examples", "c14n"))
    ap.add_argument("--reference", default=os.path.join(ROOT, "..", "shared", "reference", "fixtures"))
    args = ap.parse_args()

    stats = {"match": 0, "mismatch": 0, "ours_rejects": 0, "lxml_rejects": 0,
             "lxml_match": 0, "ref_match": 0}
    mismatches = []
    corpus_out = []
    with tempfile.TemporaryDirectory() as tmp:
        ref_binary = build_ref(tmp)

        def compare(label, data, jobs, record=None):
            path = os.path.join(tmp, "in.xml")
            with open(path, "wb") as f:
                f.write(data)
            for apex_id, prefixes, exclude in jobs:
                tag = "%s [id=%s prefixes=%r exclude=%s]" % (label, apex_id, prefixes, exclude)
                oracles = []
                # lxml passes only prefixes that occur in the document: it cannot express
                # "#default", so those cases go to the C oracle alone.
                if "#default" not in prefixes.split():
                    try:
                        expected = lxml_c14n(data, apex_id, prefixes, exclude)
                    except Exception as e:
                        stats["lxml_rejects"] += 1
                        print("lxml rejects %s: %s" % (tag, e))
                        continue
                    if expected is None:
                        continue
                    oracles.append(("lxml", expected))
                if ref_binary:
                    ref = ref_c14n(ref_binary, path, apex_id, prefixes, exclude)
                    if ref is not None:
                        oracles.append(("libxml2-xmlsec-style", ref))
                if not oracles:
                    continue
                got, err = ours(args.binary, path, apex_id, prefixes, exclude)
                if got is None:
                    stats["ours_rejects"] += 1
                    print("ours rejects %s: %s" % (tag, err))
                    continue
                bad = [(who, exp) for who, exp in oracles if exp != got]
                for who, _ in oracles:
                    if who == "lxml" and not any(w == who for w, _ in bad):
                        stats["lxml_match"] += 1
                    if who != "lxml" and not any(w == who for w, _ in bad):
                        stats["ref_match"] += 1
                expected = oracles[-1][1]
                if not bad:
                    stats["match"] += 1
                else:
                    stats["mismatch"] += 1
                    for who, exp in bad:
                        mismatches.append((tag + " vs " + who, exp, got))
                if record is not None:
                    record.append({"name": label, "xml": data.decode("utf-8"), "id": apex_id,
                                   "prefixes": prefixes, "exclude_signature": exclude,
                                   "expected": expected.decode("utf-8")})

        for name, xml, jobs in CORPUS:
            compare("corpus/" + name, xml.encode("utf-8"), jobs, corpus_out)
        if os.path.isdir(args.reference):
            for rel, data in fixture_files(args.reference):
                compare("reference/" + rel, data, jobs_for(data))
        signed = os.path.join(HERE, "signed")
        for f in sorted(os.listdir(signed)):
            data = open(os.path.join(signed, f), "rb").read()
            compare("signed/" + f, data, jobs_for(data))

    os.makedirs(os.path.join(HERE, "c14n"), exist_ok=True)
    with open(os.path.join(HERE, "c14n", "corpus.json"), "w", encoding="utf-8") as f:
        json.dump(corpus_out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    for tag, expected, got in mismatches:
        print("MISMATCH %s\n  libxml2: %r\n  ours:    %r" % (tag, expected[:400], got[:400]))
    print("c14n differential: %(match)d cases match every oracle, %(mismatch)d mismatch "
          "(%(lxml_match)d identical to lxml, %(ref_match)d identical to libxml2 driven like "
          "xmlsec); %(ours_rejects)d rejected by our parser, %(lxml_rejects)d rejected by lxml"
          % stats)
    print("c14n: %d passed, %d failed" % (stats["match"], stats["mismatch"]))
    return 1 if stats["mismatch"] else 0


if __name__ == "__main__":
    sys.exit(main())
