#!/usr/bin/env python3
"""Regenerates the XML-Signature fixtures under tests/dsig/ with independent signers.

Signers: xmlsec1 (libxmlsec1/libxml2, required), Python signxml (optional: used when importable,
e.g. from a venv with `pip install signxml`), npm xml-crypto (optional: used when
XML_CRYPTO_DIR points at a directory whose node_modules holds xml-crypto).

Keys and certificates are made fresh with openssl each run; only the public certificates and the
signed documents are written (certs/, signed/), plus manifest.json, which lists every fixture
with the element ID that is signed, the certificate that must verify it and the expected verdict.
The Rust tests (core/tests/xmldsig_fixtures.rs) read manifest.json; they do not need the signers.

Usage: python3 tests/dsig/generate.py
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CERTS = os.path.join(HERE, "certs")
SIGNED = os.path.join(HERE, "signed")

DS = "http://www.w3.org/2000/09/xmldsig#"
EXC = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENV = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
SIG = {
    "rsa-sha1": "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
    "rsa-sha256": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    "rsa-sha384": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
    "rsa-sha512": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
}
DIG = {
    "sha1": "http://www.w3.org/2000/09/xmldsig#sha1",
    "sha256": "http://www.w3.org/2001/04/xmlenc#sha256",
    "sha384": "http://www.w3.org/2001/04/xmldsig-more#sha384",
    "sha512": "http://www.w3.org/2001/04/xmlenc#sha512",
}
ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion"
PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol"

ATTRIBUTES = [
    ("mno_session", "f54sd54fd64fs5df4s3d48gf2"),
    ("mno_session_recheck", "2017-11-22T10:00:00Z"),
    ("group_uid", "cld-1"),
    ("group_name", "Some Group &amp; Sons &lt;Pty&gt;"),
    ("group_role", "Admin"),
    ("uid", "usr-1"),
    ("virtual_uid", "usr-1.cld-1"),
    ("email", "j.doe@doecorp.com"),
    ("virtual_email", "usr-1.cld-1@mail.maestrano.com"),
    ("name", "Jöhn \u6771\u4eac"),
    ("surname", "Doe&#13;"),
    ("country", "AU"),
    ("company_name", "DoeCorp"),
]


def run(*args, **kw):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def make_key(tmp, name, bits):
    key = os.path.join(tmp, name + ".key")
    cert = os.path.join(CERTS, name + ".pem")
    run("openssl", "req", "-x509", "-newkey", "rsa:%d" % bits, "-nodes", "-sha256",
        "-days", "36500", "-subj", "/CN=%s.maestrano.test" % name, "-keyout", key, "-out", cert)
    return key, cert


def signature_template(ref_id, sig="rsa-sha256", dig="sha256", prefix_list=None,
                       c14n_prefix_list=None, ds_prefix="ds", declare_ds=True):
    p = ds_prefix + ":" if ds_prefix else ""
    if not declare_ds:
        decl = ""
    elif ds_prefix:
        decl = ' xmlns:%s="%s"' % (ds_prefix, DS)
    else:
        decl = ' xmlns="%s"' % DS
    incl = ""
    if prefix_list is not None:
        incl = '<ec:InclusiveNamespaces xmlns:ec="%s" PrefixList="%s"/>' % (EXC, prefix_list)
    c14n_incl = ""
    if c14n_prefix_list is not None:
        c14n_incl = '<ec:InclusiveNamespaces xmlns:ec="%s" PrefixList="%s"/>' % (EXC, c14n_prefix_list)
    return (
        '<{p}Signature{decl}>\n'
        '      <{p}SignedInfo>\n'
        '        <{p}CanonicalizationMethod Algorithm="{exc}">{c14n_incl}</{p}CanonicalizationMethod>\n'
        '        <{p}SignatureMethod Algorithm="{sig}"/>\n'
        '        <{p}Reference URI="#{ref}">\n'
        '          <{p}Transforms>\n'
        '            <{p}Transform Algorithm="{env}"/>\n'
        '            <{p}Transform Algorithm="{exc}">{incl}</{p}Transform>\n'
        '          </{p}Transforms>\n'
        '          <{p}DigestMethod Algorithm="{dig}"/>\n'
        '          <{p}DigestValue></{p}DigestValue>\n'
        '        </{p}Reference>\n'
        '      </{p}SignedInfo>\n'
        '      <{p}SignatureValue/>\n'
        '      <{p}KeyInfo><{p}X509Data/></{p}KeyInfo>\n'
        '    </{p}Signature>'
    ).format(p=p, decl=decl, exc=EXC, env=ENV, sig=SIG[sig], dig=DIG[dig], ref=ref_id,
             incl=incl, c14n_incl=c14n_incl)


def response(assertion_sig="", response_sig="", extra_attributes=0, root_ns_extra="",
             name_id="usr-1@maestrano.test"):
    attrs = list(ATTRIBUTES) + [("extra_%04d" % i, "value %d with some padding text" % i)
                                for i in range(extra_attributes)]
    statements = "\n".join(
        '      <saml:Attribute Name="%s" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">'
        '<saml:AttributeValue xsi:type="xs:string">%s</saml:AttributeValue></saml:Attribute>' % (n, v)
        for n, v in attrs)
    return """<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="{protocol}" xmlns:saml="{assertion}"{root_ns_extra} ID="_resp-1" Version="2.0" IssueInstant="2024-05-01T10:00:00Z" Destination="http://localhost:3000/maestrano/auth/saml/consume" InResponseTo="_req-1">
  <saml:Issuer>https://idp.maestrano.test</saml:Issuer>
  {response_sig}
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <saml:Assertion xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_assert-1" Version="2.0" IssueInstant="2024-05-01T10:00:00Z">
    <saml:Issuer>https://idp.maestrano.test</saml:Issuer>
    {assertion_sig}
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{name_id}</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData NotOnOrAfter="2024-05-01T10:05:00Z" Recipient="http://localhost:3000/maestrano/auth/saml/consume" InResponseTo="_req-1"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="2024-05-01T09:55:00Z" NotOnOrAfter="2024-05-01T10:05:00Z">
      <saml:AudienceRestriction><saml:Audience>app-1</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AuthnStatement AuthnInstant="2024-05-01T10:00:00Z" SessionIndex="_session-1">
      <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext>
    </saml:AuthnStatement>
    <saml:AttributeStatement>
{statements}
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>
""".format(protocol=PROTOCOL_NS, assertion=ASSERTION_NS, response_sig=response_sig,
           assertion_sig=assertion_sig, statements=statements, root_ns_extra=root_ns_extra,
           name_id=name_id)


def xmlsec_sign(tmp, xml, key, cert, element):
    """Signs the first ds:Signature template in `xml` whose parent is `element`."""
    src = os.path.join(tmp, "tmpl.xml")
    out = os.path.join(tmp, "out.xml")
    with open(src, "w", encoding="utf-8") as f:
        f.write(xml)
    id_attr = {"Assertion": ASSERTION_NS + ":Assertion", "Response": PROTOCOL_NS + ":Response"}
    run("xmlsec1", "--sign", "--privkey-pem", key + "," + cert,
        "--id-attr:ID", id_attr["Assertion"], "--id-attr:ID", id_attr["Response"],
        "--output", out, src)
    with open(out, encoding="utf-8") as f:
        return f.read()


def xmlsec_verify(tmp, xml, cert):
    src = os.path.join(tmp, "verify.xml")
    with open(src, "w", encoding="utf-8") as f:
        f.write(xml)
    run("xmlsec1", "--verify", "--pubkey-cert-pem", cert,
        "--id-attr:ID", ASSERTION_NS + ":Assertion", "--id-attr:ID", PROTOCOL_NS + ":Response",
        src)


MANIFEST = []


def emit(name, xml, signer, checks, note=""):
    """checks: list of {"id", "cert" (file name in certs/ or list), "expect", ["strict"]}."""
    path = os.path.join(SIGNED, name + ".xml")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(xml)
    MANIFEST.append({"file": "signed/%s.xml" % name, "signer": signer, "note": note,
                     "checks": checks})


def xmlsec_fixtures(tmp, keys):
    idp_key, idp_cert = keys["idp"]
    weak_key, weak_cert = keys["idp-1024"]
    evil_key, evil_cert = keys["attacker"]

    def sign_assertion(sig="rsa-sha256", dig="sha256", key=idp_key, cert=idp_cert, name_id=None,
                       **kw):
        extra = {"name_id": name_id} if name_id else {}
        return xmlsec_sign(tmp, response(assertion_sig=signature_template("_assert-1", sig, dig, **kw),
                                         **extra), key, cert, "Assertion")

    for sig, dig in [("rsa-sha256", "sha256"), ("rsa-sha1", "sha1"), ("rsa-sha384", "sha384"),
                     ("rsa-sha512", "sha512"), ("rsa-sha256", "sha1"), ("rsa-sha1", "sha256")]:
        xml = sign_assertion(sig, dig)
        xmlsec_verify(tmp, xml, idp_cert)
        weak = "sha1" in (sig + dig)
        emit("xmlsec1-assertion-%s-%s" % (sig, dig), xml, "xmlsec1", [
            {"id": "_assert-1", "cert": "idp.pem", "expect": "ok"},
            {"id": "_assert-1", "cert": "idp.pem", "strict": True,
             "expect": "algorithm_forbidden" if weak else "ok"},
            {"id": "_assert-1", "cert": "attacker.pem", "expect": "untrusted_key"},
        ])

    xml = sign_assertion(prefix_list="xs xsi saml #default", c14n_prefix_list="ds xs")
    xmlsec_verify(tmp, xml, idp_cert)
    emit("xmlsec1-assertion-inclusive-namespaces", xml, "xmlsec1",
         [{"id": "_assert-1", "cert": "idp.pem", "expect": "ok"}],
         "InclusiveNamespaces PrefixList on the transform and on CanonicalizationMethod")

    xml = sign_assertion(ds_prefix="")
    xmlsec_verify(tmp, xml, idp_cert)
    emit("xmlsec1-assertion-default-ds-namespace", xml, "xmlsec1",
         [{"id": "_assert-1", "cert": "idp.pem", "expect": "ok"}],
         "Signature elements unprefixed in the default namespace")

    root_ds = ' xmlns:ds="%s"' % DS
    xml = xmlsec_sign(tmp, response(assertion_sig=signature_template("_assert-1", declare_ds=False),
                                    root_ns_extra=root_ds), idp_key, idp_cert, "Assertion")
    xmlsec_verify(tmp, xml, idp_cert)
    emit("xmlsec1-assertion-ds-declared-at-root", xml, "xmlsec1",
         [{"id": "_assert-1", "cert": "idp.pem", "expect": "ok"}],
         "xmlns:ds declared on the Response only: SignedInfo inherits it")

    xml = sign_assertion(name_id="usr-1@maestrano.test<!---->.evil.test")
    xmlsec_verify(tmp, xml, idp_cert)
    emit("xmlsec1-assertion-comment-in-nameid", xml, "xmlsec1",
         [{"id": "_assert-1", "cert": "idp.pem", "expect": "ok"}],
         "class 44: the comment is outside the canonical form; the signed view's NameID text is the full value")

    xml = sign_assertion("rsa-sha1", "sha1", key=weak_key, cert=weak_cert)
    xmlsec_verify(tmp, xml, weak_cert)
    emit("xmlsec1-assertion-rsa1024-sha1", xml, "xmlsec1", [
        {"id": "_assert-1", "cert": "idp-1024.pem", "expect": "ok"},
        {"id": "_assert-1", "cert": "idp-1024.pem", "strict": True, "expect": "algorithm_forbidden"},
    ], "platform style: RSA-SHA1 with a 1024-bit key")

    xml = sign_assertion(key=evil_key, cert=evil_cert)
    emit("xmlsec1-assertion-resigned-by-attacker", xml, "xmlsec1", [
        {"id": "_assert-1", "cert": "idp.pem", "expect": "untrusted_key"},
        {"id": "_assert-1", "cert": "attacker.pem", "expect": "ok"},
    ], "class 34: attacker key, attacker certificate in KeyInfo")

    xml = xmlsec_sign(tmp, response(response_sig=signature_template("_resp-1")), idp_key, idp_cert,
                      "Response")
    xmlsec_verify(tmp, xml, idp_cert)
    emit("xmlsec1-response-rsa-sha256", xml, "xmlsec1",
         [{"id": "_resp-1", "cert": "idp.pem", "expect": "ok"},
          {"id": "_assert-1", "cert": "idp.pem", "expect": "signature_missing"}])

    inner = sign_assertion()
    outer_tmpl = inner.replace("<saml:Issuer>https://idp.maestrano.test</saml:Issuer>",
                               "<saml:Issuer>https://idp.maestrano.test</saml:Issuer>\n  "
                               + signature_template("_resp-1", "rsa-sha1", "sha1"), 1)
    xml = xmlsec_sign(tmp, outer_tmpl, idp_key, idp_cert, "Response")
    xmlsec_verify(tmp, xml, idp_cert)
    emit("xmlsec1-both-signed", xml, "xmlsec1",
         [{"id": "_resp-1", "cert": "idp.pem", "expect": "ok"},
          {"id": "_assert-1", "cert": "idp.pem", "expect": "ok"}],
         "Assertion signed (RSA-SHA256), then Response signed (RSA-SHA1) over it")

    for name, extra in [("bench-7k", 4), ("bench-109k", 490)]:
        xml = xmlsec_sign(tmp, response(assertion_sig=signature_template("_assert-1"),
                                        extra_attributes=extra), idp_key, idp_cert, "Assertion")
        xmlsec_verify(tmp, xml, idp_cert)
        emit("xmlsec1-" + name, xml, "xmlsec1",
             [{"id": "_assert-1", "cert": "idp.pem", "expect": "ok"}],
             "benchmark input (%d bytes)" % len(xml.encode()))


def signxml_fixtures(keys):
    try:
        from lxml import etree
        from signxml import XMLSigner, methods
    except ImportError:
        print("signxml not importable: skipping signxml fixtures", file=sys.stderr)
        return

    class LegacySigner(XMLSigner):
        def check_deprecated_methods(self):  # RSA-SHA1 is what the platform sends (docs/spec.md D5)
            pass

    idp_key, idp_cert = keys["idp"]
    key = open(idp_key, "rb").read()
    cert = open(idp_cert, "rb").read()
    for sig, dig in [("rsa-sha256", "sha256"), ("rsa-sha1", "sha1")]:
        for target in ["Assertion", "Response"]:
            placeholder = '<ds:Signature xmlns:ds="%s" Id="placeholder"/>' % DS
            if target == "Assertion":
                xml = response(assertion_sig=placeholder)
            else:
                xml = response(response_sig=placeholder)
            root = etree.fromstring(xml.encode())
            el = root if target == "Response" else root.find("{%s}Assertion" % ASSERTION_NS)
            signer = LegacySigner(method=methods.enveloped, signature_algorithm=sig,
                                  digest_algorithm=dig,
                                  c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#")
            signed = signer.sign(el, key=key, cert=cert, reference_uri=el.get("ID"))
            if target == "Assertion":
                signed_root = root
                parent = root.find("{%s}Assertion" % ASSERTION_NS)
                parent.getparent().replace(parent, signed)
                out = etree.tostring(signed_root, xml_declaration=True, encoding="UTF-8")
            else:
                out = etree.tostring(signed, xml_declaration=True, encoding="UTF-8")
            ident = "_assert-1" if target == "Assertion" else "_resp-1"
            emit("signxml-%s-%s-%s" % (target.lower(), sig, dig), out.decode(), "signxml",
                 [{"id": ident, "cert": "idp.pem", "expect": "ok"}])


XML_CRYPTO_JS = r"""
const { SignedXml } = require('xml-crypto');
const fs = require('fs');
const [key, cert, tmplPath, xpath, sigAlg, digAlg, outPath] = process.argv.slice(2);
const sig = new SignedXml({
  privateKey: fs.readFileSync(key), publicCert: fs.readFileSync(cert),
  canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  signatureAlgorithm: sigAlg,
});
sig.addReference({ xpath, digestAlgorithm: digAlg,
  transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'] });
sig.computeSignature(fs.readFileSync(tmplPath, 'utf8'), { prefix: 'ds',
  location: { reference: xpath + "/*[local-name()='Issuer']", action: 'after' } });
fs.writeFileSync(outPath, sig.getSignedXml());
"""


def xml_crypto_fixtures(tmp, keys):
    base = os.environ.get("XML_CRYPTO_DIR")
    if not base or not os.path.isdir(os.path.join(base, "node_modules", "xml-crypto")):
        print("XML_CRYPTO_DIR with xml-crypto not given: skipping xml-crypto fixtures", file=sys.stderr)
        return
    idp_key, idp_cert = keys["idp"]
    script = os.path.join(base, "sign.js")
    with open(script, "w") as f:
        f.write(XML_CRYPTO_JS)
    for sig, dig in [("rsa-sha256", "sha256"), ("rsa-sha1", "sha1")]:
        for target in ["Assertion", "Response"]:
            src = os.path.join(tmp, "xc-tmpl.xml")
            out = os.path.join(tmp, "xc-out.xml")
            with open(src, "w", encoding="utf-8") as f:
                f.write(response())
            xpath = "/*[local-name()='Response']"
            if target == "Assertion":
                xpath += "/*[local-name()='Assertion']"
            run("node", script, idp_key, idp_cert, src, xpath, SIG[sig], DIG[dig], out, cwd=base)
            with open(out, encoding="utf-8") as f:
                xml = f.read()
            ident = "_assert-1" if target == "Assertion" else "_resp-1"
            xmlsec_verify(tmp, xml, idp_cert)
            emit("xml-crypto-%s-%s-%s" % (target.lower(), sig, dig), xml, "xml-crypto",
                 [{"id": ident, "cert": "idp.pem", "expect": "ok"}])


def main():
    for d in (CERTS, SIGNED):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    with tempfile.TemporaryDirectory() as tmp:
        keys = {
            "idp": make_key(tmp, "idp", 2048),
            "idp-1024": make_key(tmp, "idp-1024", 1024),
            "attacker": make_key(tmp, "attacker", 2048),
        }
        xmlsec_fixtures(tmp, keys)
        signxml_fixtures(keys)
        xml_crypto_fixtures(tmp, keys)
    fps = {}
    for name in sorted(os.listdir(CERTS)):
        der = subprocess.run(["openssl", "x509", "-in", os.path.join(CERTS, name), "-outform", "DER"],
                             check=True, capture_output=True).stdout
        import hashlib
        fps[name] = {"sha1": hashlib.sha1(der).hexdigest(), "sha256": hashlib.sha256(der).hexdigest()}
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump({"fingerprints": fps, "fixtures": MANIFEST}, f, indent=1)
        f.write("\n")
    print("wrote %d fixtures" % len(MANIFEST))


if __name__ == "__main__":
    main()
