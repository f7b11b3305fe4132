#!/usr/bin/env python3
"""Generates the SAML Response vectors under tests/vectors/saml-generated/ (docs/spec.md §8
format).

Every vector covers one rule of docs/spec.md §3 "Response validation" / "SSO views" or one attack
class of docs/security.md (A–F) and names it in its extra "rule" field. The hostile-input
hardening rules are `H1`–`H5` (hardening.json: the ds:Signature shape checked before any
canonicalisation, bearer Recipient/NotOnOrAfter, the replay horizon, InResponseTo, encrypted
identifiers) and `H6` (replay.json: `saml.replay_sequence` vectors for the replay cache).

How a vector is made (tests/saml-gen/README.md):
  1. render a Response template shaped like the platform's (docs/platform.md §1.3) or a modern IdP's,
     with empty ds:Signature templates and no KeyInfo;
  2. sign it with Debian's xmlsec1 CLI (the Assertion first, then the Response when both are
     signed), and splice the computed DigestValue/SignatureValue back into the template text, so
     the signed bytes are exactly the template's (e.g. the platform's `<x></x>` forms);
  3. add KeyInfo (not covered by its own signature) and, for attacks, post-process the signed
     text (string edits or xml.dom.minidom for the SAML Raider XSW1-8 recipes). Never re-sign
     unless the recipe says so.

Only the standard library, xmlsec1 and openssl are used. Keys and certificates are committed
under keys/ and created (openssl) only when missing, so re-running gives the same bytes, except
for the DSA and ECDSA vectors, whose signatures are randomised by nature.

Usage: python3 tests/saml-gen/generate.py     (rewrites tests/vectors/saml-generated/*.json and
tests/saml-gen/disputed.json)
"""

import base64
import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from xml.dom import minidom

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
KEYS = os.path.join(HERE, "keys")
OUT = os.path.join(ROOT, "tests", "vectors", "saml-generated")
DISPUTED = os.path.join(HERE, "disputed.json")

# --------------------------------------------------------------------------------------------
# Namespaces and algorithm URIs
# --------------------------------------------------------------------------------------------
DS = "http://www.w3.org/2000/09/xmldsig#"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
EXC = "http://www.w3.org/2001/10/xml-exc-c14n#"
EXC_WC = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
INC = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
INC_WC = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"
ENV = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"
B64T = "http://www.w3.org/2000/09/xmldsig#base64"
SIG = {
    "rsa-sha1": "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
    "rsa-sha256": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    "rsa-sha384": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
    "rsa-sha512": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
    "rsa-md5": "http://www.w3.org/2001/04/xmldsig-more#rsa-md5",
    "hmac-sha1": "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
    "hmac-sha256": "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
    "dsa-sha256": "http://www.w3.org/2009/xmldsig11#dsa-sha256",
    "ecdsa-sha256": "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
}
DIG = {
    "sha1": "http://www.w3.org/2000/09/xmldsig#sha1",
    "sha256": "http://www.w3.org/2001/04/xmlenc#sha256",
    "sha384": "http://www.w3.org/2001/04/xmldsig-more#sha384",
    "sha512": "http://www.w3.org/2001/04/xmlenc#sha512",
    "md5": "http://www.w3.org/2001/04/xmldsig-more#md5",
}
BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
ST = "urn:oasis:names:tc:SAML:2.0:status:"

# --------------------------------------------------------------------------------------------
# The scenario: one SP, one IdP, one login at 2026-03-01T10:00:00Z (docs/platform.md §1.3)
# --------------------------------------------------------------------------------------------
SP_HOST = "https://sp.example.com"
CONSUME = SP_HOST + "/maestrano/auth/saml/consume"
AUDIENCE = SP_HOST + "/"
IDP_ISSUER = "https://hub.example.com/api/v1/auth/saml?SAMLRequest=fZJNT8MwDIbvk%2Fg"
REQ_ID = "_f8a1c3e0-1d2b-4134-9f0a-0242ac110002"
RID = "_r22e9bb6e1f875efd90c9177e7ddfb3"
AID = "_ae9bb6e1f875efd90c9177e7ddfb31b"
EVIL_AID = "_evil_assertion_ID"
EVIL_RID = "_evil_response_ID"
ISSUE = "2026-03-01T10:00:00Z"
NOW = "2026-03-01T10:01:00Z"
COND_NB = "2026-03-01T09:59:55Z"
COND_NOA = "2026-03-01T11:00:00Z"
BEARER_NOA = "2026-03-01T10:03:00Z"

# docs/platform.md §1.4, in emitted order (sandbox values; group and company names differ on purpose
# so that the views cannot swap them unnoticed).
PLATFORM_ATTRIBUTES = [
    ("mno_uid", "usr-1"),
    ("mno_session", "q3w8e1r5t7y2u9i0o4p6a1s3d5f7g9h2j4k6"),
    ("mno_session_recheck", "2026-03-01T10:03:00Z"),
    ("group_uid", "cld-1"),
    ("group_name", "Doe Group"),
    ("group_end_free_trial", "2026-04-01T10:00:00Z"),
    ("group_role", "Admin"),
    ("group_has_credit_card", "false"),
    ("group_email", "cld-1@example.com"),
    ("group_currency", "USD"),
    ("group_timezone", "America/Los_Angeles"),
    ("group_country", "US"),
    ("group_city", "Los Angeles"),
    ("group_reseller_id", "rsl-449s8fsd"),
    ("uid", "usr-1"),
    ("virtual_uid", "usr-1.cld-1"),
    ("email", "john.doe@example.com"),
    ("virtual_email", "usr-1.cld-1@mno-api-sandbox-mail.maestrano.com"),
    ("name", "John"),
    ("surname", "Doe"),
    ("country", "AU"),
    ("company_name", "Doe Corp"),
    ("app_owner", "true"),
    ("organizations", "{}"),
]

EXPECT_USER = {
    "provider": "maestrano",
    "uid": "usr-1",
    "info": {"email": "john.doe@example.com", "first_name": "John", "last_name": "Doe",
             "country": "AU", "company_name": "Doe Corp"},
    "extra": {
        "uid": "usr-1", "virtual_uid": "usr-1.cld-1", "real_email": "john.doe@example.com",
        "virtual_email": "usr-1.cld-1@mno-api-sandbox-mail.maestrano.com",
        "group": {"uid": "cld-1", "name": "Doe Group", "role": "Admin"},
        "session": {"uid": "usr-1", "token": "q3w8e1r5t7y2u9i0o4p6a1s3d5f7g9h2j4k6",
                    "recheck": "2026-03-01T10:03:00Z", "group_uid": "cld-1"},
    },
}
EXPECT_GROUP = {
    "provider": "maestrano",
    "uid": "cld-1",
    "info": {"free_trial_end_at": "2026-04-01T10:00:00Z", "company_name": "Doe Corp",
             "has_credit_card": False, "name": "Doe Group", "org_uid": None,
             "email": "cld-1@example.com", "city": "Los Angeles", "country": "US",
             "timezone": "America/Los_Angeles", "currency": "USD"},
}
EXPECT_MEMBERSHIP = {"provider": "maestrano", "group_uid": "cld-1", "user_uid": "usr-1",
                     "role": "Admin"}
EXPECT_FULL = {
    "name_id": "usr-1",
    "assertion_id": AID,
    "session_index": AID,
    "not_on_or_after": BEARER_NOA,
    "attributes": {k: [v] for k, v in PLATFORM_ATTRIBUTES},
    "user": EXPECT_USER,
    "group": EXPECT_GROUP,
    "membership": EXPECT_MEMBERSHIP,
}
OK_MIN = {"name_id": "usr-1", "user": {"uid": "usr-1"}, "membership": {"group_uid": "cld-1"}}


# --------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------
KEY_SPECS = {
    # name: (openssl genpkey arguments, subject CN)
    "legacy": (["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"], "legacy.idp.example.com"),
    "idp": (["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], "idp.example.com"),
    "idp-old": (["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], "old.idp.example.com"),
    "attacker": (["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], "idp.example.com"),
    "ec": (["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], "ec.idp.example.com"),
    "dsa": (None, "dsa.idp.example.com"),
}


def run(args, **kw):
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if r.returncode != 0:
        sys.exit("command failed: %s\n%s" % (" ".join(args), r.stderr.decode(errors="replace")))
    return r.stdout


def ensure_keys():
    os.makedirs(KEYS, exist_ok=True)
    for name, (gen, cn) in KEY_SPECS.items():
        key = os.path.join(KEYS, name + ".key")
        cert = os.path.join(KEYS, name + ".pem")
        if os.path.exists(key) and os.path.exists(cert):
            continue
        if name == "dsa":
            params = os.path.join(KEYS, "dsa-params.tmp")
            run(["openssl", "genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt", "pbits:2048",
                 "-pkeyopt", "qbits:256", "-out", params])
            run(["openssl", "genpkey", "-paramfile", params, "-out", key])
            os.remove(params)
        else:
            run(["openssl", "genpkey"] + gen + ["-out", key])
        run(["openssl", "req", "-x509", "-new", "-key", key, "-sha256", "-days", "36500",
             "-set_serial", "1", "-subj", "/C=AU/O=Vector Test IdP/CN=" + cn, "-out", cert])
    hmac = os.path.join(KEYS, "hmac-legacy-cert.bin")
    # Key confusion (docs/security.md C40): the HMAC key is the pinned certificate's PEM text.
    with open(os.path.join(KEYS, "legacy.pem"), "rb") as f, open(hmac, "wb") as g:
        g.write(f.read())


def key_path(name):
    return os.path.join(KEYS, name + ".key")


def cert_pem(name):
    with open(os.path.join(KEYS, name + ".pem")) as f:
        return f.read()


def cert_body(name):
    """The PEM body (inner newlines kept, as the platform puts it in X509Certificate)."""
    lines = cert_pem(name).strip().splitlines()
    return "\n".join(lines[1:-1]) + "\n"


def cert_der(name):
    return base64.b64decode("".join(cert_body(name).split()))


def fingerprint(name, algo, upper=False, colons=True):
    h = hashlib.new(algo, cert_der(name)).hexdigest()
    if upper:
        h = h.upper()
    if colons:
        h = ":".join(h[i:i + 2] for i in range(0, len(h), 2))
    return h


# --------------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------------
def signature_template(tag, ref_id, sig="rsa-sha1", dig="sha1", c14n=EXC, transforms=(ENV, EXC),
                       prefix_list=None, platform=True, declare_ds=True, c14n_prefix_list=None,
                       incl_body="", method_body=""):
    """An empty ds:Signature with placeholders @@DV_tag@@, @@SV_tag@@, @@KI_tag@@.

    `prefix_list` / `c14n_prefix_list`: an ec:InclusiveNamespaces in the exc-c14n Transform / in
    the SignedInfo CanonicalizationMethod, holding `incl_body`; `method_body` is the content of
    SignatureMethod, DigestMethod and the enveloped-signature Transform (white space)."""
    def alg(u):
        return SIG.get(u, u)

    def inclusive(pl):
        return ('<ec:InclusiveNamespaces xmlns:ec="%s" PrefixList="%s">%s</ec:InclusiveNamespaces>'
                % (EXC, pl, incl_body))

    def transform(t):
        if t == EXC and prefix_list is not None:
            return '<ds:Transform Algorithm="%s">%s</ds:Transform>' % (t, inclusive(prefix_list))
        if t == XPATH:
            return ('<ds:Transform Algorithm="%s"><ds:XPath>not(ancestor-or-self::ds:Signature)'
                    '</ds:XPath></ds:Transform>' % t)
        if t == ENV:
            return '<ds:Transform Algorithm="%s">%s</ds:Transform>' % (t, method_body)
        return '<ds:Transform Algorithm="%s"></ds:Transform>' % t

    si_ns = ' xmlns:ds="%s"' % DS if platform else ""
    tr = ""
    if transforms is not None:
        tr = "<ds:Transforms>%s</ds:Transforms>" % "".join(transform(t) for t in transforms)
    sig_ns = ' xmlns:ds="%s"' % DS if declare_ds else ""
    c14n_body = inclusive(c14n_prefix_list) if c14n_prefix_list is not None else ""
    return (
        '<ds:Signature%s><ds:SignedInfo%s>'
        '<ds:CanonicalizationMethod Algorithm="%s">%s</ds:CanonicalizationMethod>'
        '<ds:SignatureMethod Algorithm="%s">%s</ds:SignatureMethod>'
        '<ds:Reference URI="#%s">%s<ds:DigestMethod Algorithm="%s">%s</ds:DigestMethod>'
        '<ds:DigestValue>@@DV_%s@@</ds:DigestValue></ds:Reference></ds:SignedInfo>'
        '<ds:SignatureValue>@@SV_%s@@</ds:SignatureValue>@@KI_%s@@</ds:Signature>'
        % (sig_ns, si_ns, c14n, c14n_body, alg(sig), method_body, ref_id, tr, DIG.get(dig, dig),
           method_body, tag, tag, tag)
    )


def key_info(certs):
    """The platform's KeyInfo: default-namespace KeyInfo, ds-prefixed X509Data."""
    if certs is None:
        return ""
    if isinstance(certs, str) and certs.startswith("<"):
        return certs
    if isinstance(certs, str):
        certs = [certs]
    inner = "".join("<ds:X509Certificate>%s</ds:X509Certificate>" % cert_body(c) for c in certs)
    return '<KeyInfo xmlns="%s"><ds:X509Data>%s</ds:X509Data></KeyInfo>' % (DS, inner)


def subject_confirmation(irt=REQ_ID, noa=BEARER_NOA, recipient=CONSUME, nb=None, method=BEARER):
    attrs = ""
    if irt is not None:
        attrs += ' InResponseTo="%s"' % irt
    if nb is not None:
        attrs += ' NotBefore="%s"' % nb
    if noa is not None:
        attrs += ' NotOnOrAfter="%s"' % noa
    if recipient is not None:
        attrs += ' Recipient="%s"' % recipient
    return ('<SubjectConfirmation Method="%s"><SubjectConfirmationData%s>'
            '</SubjectConfirmationData></SubjectConfirmation>' % (method, attrs))


def conditions(nb=COND_NB, noa=COND_NOA, audiences=((AUDIENCE,),)):
    attrs = ""
    if nb is not None:
        attrs += ' NotBefore="%s"' % nb
    if noa is not None:
        attrs += ' NotOnOrAfter="%s"' % noa
    body = ""
    for restriction in audiences:
        body += "<AudienceRestriction>%s</AudienceRestriction>" % "".join(
            "<Audience>%s</Audience>" % a for a in restriction)
    return "<Conditions%s>%s</Conditions>" % (attrs, body)


def attribute_statement(attributes, value_attrs="", extra=""):
    return "<AttributeStatement>%s%s</AttributeStatement>" % ("".join(
        '<Attribute Name="%s"><AttributeValue%s>%s</AttributeValue></Attribute>' % (n, value_attrs, v)
        for n, v in attributes), extra)


STATUS_SUCCESS = ('<samlp:Status><samlp:StatusCode Value="%sSuccess" /></samlp:Status>' % ST)


class T:
    """A Response template (platform shape by default). Fields are raw XML fragments."""

    def __init__(self, **kw):
        self.rid = RID
        self.aid = AID
        self.destination = CONSUME
        self.irt = REQ_ID
        self.resp_issuer = IDP_ISSUER
        self.status = STATUS_SUCCESS
        self.resp_extra = ""            # after Status, before the Assertion
        self.resp_tail = ""             # after the Assertion
        self.a_issuer = IDP_ISSUER
        self.name_id = "usr-1"
        self.confirmations = [subject_confirmation()]
        self.conditions = conditions()
        self.attributes = list(PLATFORM_ATTRIBUTES)
        self.authn = True
        self.a_extra = ""               # at the end of the Assertion
        self.a_sig = None               # dict(signature_template kwargs + key, keyinfo)
        self.r_sig = None
        self.r_sig_first = False        # Response signature as first child (no Issuer)
        self.resp_ns_extra = ""         # extra declarations on the Response start tag
        self.value_attrs = ""           # attributes of every AttributeValue
        self.statement_extra = ""       # raw XML at the end of the AttributeStatement
        self.prefixed = False           # saml2p:/saml2: prefixes instead of samlp:/default
        for k, v in kw.items():
            if not hasattr(self, k):
                raise KeyError(k)
            setattr(self, k, v)

    def assertion(self):
        sig = signature_template("A", self.aid, **sig_tmpl_args(self.a_sig)) if self.a_sig else ""
        issuer = "<Issuer>%s</Issuer>" % self.a_issuer if self.a_issuer is not None else ""
        name_id = ('<NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">%s</NameID>'
                   % self.name_id) if self.name_id is not None else ""
        subject = "<Subject>%s%s</Subject>" % (name_id, "".join(self.confirmations))
        attrs = (attribute_statement(self.attributes, self.value_attrs, self.statement_extra)
                 if self.attributes is not None else "")
        authn = ('<AuthnStatement AuthnInstant="%s" SessionIndex="%s"><AuthnContext>'
                 '<AuthnContextClassRef>urn:federation:authentication:windows</AuthnContextClassRef>'
                 '</AuthnContext></AuthnStatement>' % (ISSUE, self.aid)) if self.authn else ""
        return ('<Assertion xmlns="%s" ID="%s" IssueInstant="%s" Version="2.0">%s%s%s%s%s%s%s'
                '</Assertion>' % (SAML, self.aid, ISSUE, issuer, sig, subject, self.conditions,
                                  attrs, authn, self.a_extra))

    def render(self):
        attrs = ' ID="%s" Version="2.0" IssueInstant="%s"' % (self.rid, ISSUE)
        if self.destination is not None:
            attrs += ' Destination="%s"' % self.destination
        attrs += ' Consent="urn:oasis:names:tc:SAML:2.0:consent:unspecified"'
        if self.irt is not None:
            attrs += ' InResponseTo="%s"' % self.irt
        issuer = ('<Issuer xmlns="%s">%s</Issuer>' % (SAML, self.resp_issuer)
                  if self.resp_issuer is not None else "")
        rsig = "@@RSIG@@" if self.r_sig else ""
        head = rsig + issuer if self.r_sig_first else issuer + rsig
        xml = ('<samlp:Response%s xmlns:samlp="%s"%s>%s%s%s%s%s</samlp:Response>'
               % (attrs, SAMLP, self.resp_ns_extra, head, self.status or "", self.resp_extra, self.assertion(),
                   self.resp_tail))
        return prefix_names(xml) if self.prefixed else xml


def prefix_names(xml):
    """saml2p:/saml2: prefixes everywhere (modern IdPs), instead of samlp: and default namespaces.
    Placeholders and ds: names are untouched."""
    xml = xml.replace("samlp:", "saml2p:").replace("xmlns:samlp=", "xmlns:saml2p=")
    xml = xml.replace('xmlns="%s"' % SAML, 'xmlns:saml2="%s"' % SAML)
    return re.sub(r"<(/?)([A-Za-z]+)(?=[ >/])", r"<\1saml2:\2", xml)


def sig_tmpl_args(spec):
    return {k: v for k, v in spec.items() if k not in ("key", "keyinfo", "hmac", "tamper_sv")}


LEGACY_SIG = dict(key="legacy", keyinfo="legacy", sig="rsa-sha1", dig="sha1")
MODERN_SIG = dict(key="idp", keyinfo="idp", sig="rsa-sha256", dig="sha256")


# --------------------------------------------------------------------------------------------
# Signing with xmlsec1
# --------------------------------------------------------------------------------------------
TMP = tempfile.mkdtemp(prefix="saml-gen-")


RANDOMIZED = os.path.join(HERE, "randomized")


def xmlsec_sign(xml, spec):
    """Signs with xmlsec1. DSA and ECDSA signatures are randomised, so their output is kept in
    randomized/ (keyed by a hash of template and key) and reused, to keep the vectors stable."""
    cache = None
    if spec.get("key") in ("dsa", "ec"):
        with open(key_path(spec["key"]), "rb") as f:
            h = hashlib.sha256(xml.encode("utf-8") + f.read()).hexdigest()[:20]
        cache = os.path.join(RANDOMIZED, "%s-%s.xml" % (spec["key"], h))
        if os.path.exists(cache):
            with open(cache, encoding="utf-8") as f:
                return f.read()
    signed = xmlsec_sign_now(xml, spec)
    if cache:
        os.makedirs(RANDOMIZED, exist_ok=True)
        with open(cache, "w", encoding="utf-8") as f:
            f.write(signed)
    return signed


def xmlsec_sign_now(xml, spec):
    src = os.path.join(TMP, "tmpl.xml")
    dst = os.path.join(TMP, "signed.xml")
    with open(src, "w", encoding="utf-8") as f:
        f.write(xml)
    if os.path.exists(dst):
        os.remove(dst)
    args = ["xmlsec1", "--sign"]
    if spec.get("hmac"):
        args += ["--hmackey", os.path.join(KEYS, spec["hmac"])]
    else:
        args += ["--privkey-pem", key_path(spec["key"])]
    args += ["--id-attr:ID", SAML + ":Assertion", "--id-attr:ID", SAMLP + ":Response",
             "--output", dst, src]
    run(args)
    with open(dst, encoding="utf-8") as f:
        return f.read()


def extract_values(signed, ref_id):
    m = re.search(r'<(?:\w+:)?Reference URI="#%s".*?<(?:\w+:)?DigestValue>(.*?)</(?:\w+:)?DigestValue>'
                  r'.*?<(?:\w+:)?SignatureValue>(.*?)</(?:\w+:)?SignatureValue>'
                  % re.escape(ref_id), signed, re.S)
    if not m:
        sys.exit("no signature values for #%s in xmlsec1 output" % ref_id)
    return m.group(1).strip(), m.group(2).strip()


def blank(xml, tag):
    for p in ("DV", "SV", "KI"):
        xml = xml.replace("@@%s_%s@@" % (p, tag), "")
    return xml


def fill(xml, tag, ref_id, spec):
    signed = xmlsec_sign(blank(xml, tag), spec)
    dv, sv = extract_values(signed, ref_id)
    if spec.get("tamper_sv"):
        sv = flip_b64(sv)
    xml = xml.replace("@@DV_%s@@" % tag, dv).replace("@@SV_%s@@" % tag, sv)
    return xml.replace("@@KI_%s@@" % tag, key_info(spec.get("keyinfo")))


def sign(t):
    """Renders and signs template `t`: the Assertion first, then the Response (xmlsec1 signs the
    first empty signature template, so the Response's slot is held by a comment meanwhile)."""
    xml = t.render()
    if t.a_sig:
        xml = fill(xml.replace("@@RSIG@@", "<!--RSIG-->"), "A", t.aid, t.a_sig)
        xml = xml.replace("<!--RSIG-->", "@@RSIG@@")
    if t.r_sig:
        rsig = signature_template("R", t.rid, **sig_tmpl_args(t.r_sig))
        xml = fill(xml.replace("@@RSIG@@", rsig), "R", t.rid, t.r_sig)
    return xml


def flip_b64(value):
    """A different, still valid base64 value of the same length (first character changed)."""
    c = value[0]
    return ("B" if c != "B" else "C") + value[1:]


def b64(xml, wrap=None):
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    s = base64.b64encode(data).decode("ascii")
    if wrap:
        s = "\n".join(s[i:i + wrap] for i in range(0, len(s), wrap)) + "\n"
    return s


# --------------------------------------------------------------------------------------------
# Configurations
# --------------------------------------------------------------------------------------------
def config(certs=("legacy",), fingerprints=None, **sso):
    c = {
        "environment": "custom",
        "app": {"host": SP_HOST},
        "api": {"id": "app-1", "key": "k3y", "host": "https://hub.example.com", "base": "/api/v1/"},
        "sso": {"idm": SP_HOST, "consume_path": "/maestrano/auth/saml/consume",
                "creation_mode": "real"},
    }
    if certs:
        pems = [cert_pem(n) for n in certs]
        c["sso"]["x509_certificate"] = pems[0] if len(pems) == 1 else pems
    if fingerprints is not None:
        c["sso"]["x509_fingerprint"] = fingerprints
    for k, v in sso.items():
        if k in ("app_host",):
            c["app"]["host"] = v
        else:
            c["sso"][k] = v
    return c


# --------------------------------------------------------------------------------------------
# Vector collection
# --------------------------------------------------------------------------------------------
FAMILIES = {}
NAMES = set()


def vec(family, name, rule, response, expect, cfg=None, now=NOW, request_id=None, raw=False,
        disputed=None):
    if name in NAMES:
        sys.exit("duplicate vector name " + name)
    NAMES.add(name)
    if raw:
        encoded = response
    else:
        encoded = b64(response)
    v = {"name": "gen-" + name, "rule": rule, "op": "saml.validate_response",
         "config": cfg if cfg is not None else config(),
         "input": {"saml_response": encoded, "now": now}}
    if request_id is not None:
        v["input"]["request_id"] = request_id
    v["expect"] = {"error": expect} if isinstance(expect, str) else {"ok": expect}
    if disputed:
        v["disputed"] = disputed
        FAMILIES.setdefault("__disputed__", []).append(v)
    else:
        FAMILIES.setdefault(family, []).append(v)


# --------------------------------------------------------------------------------------------
# Bases
# --------------------------------------------------------------------------------------------
def platform(**kw):
    """Assertion-signed, RSA-1024, RSA-SHA1/SHA-1: exactly what the platform sends."""
    kw.setdefault("a_sig", dict(LEGACY_SIG))
    return T(**kw)


def modern(**kw):
    """Assertion-signed, RSA-2048, RSA-SHA256/SHA-256."""
    kw.setdefault("a_sig", dict(MODERN_SIG))
    return T(**kw)


def response_signed(**kw):
    """Response-signed only (RSA-2048, SHA-256); the Assertion carries no signature."""
    kw.setdefault("r_sig", dict(MODERN_SIG))
    kw.setdefault("a_sig", None)
    return T(**kw)


def both_signed(**kw):
    kw.setdefault("r_sig", dict(MODERN_SIG))
    kw.setdefault("a_sig", dict(MODERN_SIG))
    return T(**kw)


MODERN_CFG = lambda **kw: config(certs=("idp",), **kw)  # noqa: E731


# --------------------------------------------------------------------------------------------
# DOM helpers for the XSW recipes (SAML Raider XSWHelpers, CompassSecurity/SAMLRaider)
# --------------------------------------------------------------------------------------------
def dom(xml):
    return minidom.parseString(xml.encode("utf-8"))


def ser(d):
    return d.documentElement.toxml()


def first(node, local):
    return node.getElementsByTagNameNS("*", local)[0]


def evilize(el):
    """applyMatchAndReplaceValues: the attacker's identity everywhere in `el`."""
    for n in walk(el):
        if n.nodeType == n.TEXT_NODE and "usr-1" in n.data:
            n.data = n.data.replace("usr-1", "usr-666")


def walk(n):
    yield n
    for c in n.childNodes:
        yield from walk(c)


def xsw(kind, xml):
    d = dom(xml)
    response = d.documentElement
    if kind in (1, 2):
        cloned = response.cloneNode(True)
        evilize(response)
        cs = first(cloned, "Signature")
        cs.parentNode.removeChild(cs)
        s = first(response, "Signature")
        if kind == 1:
            s.appendChild(cloned)
        else:
            s.parentNode.insertBefore(cloned, s)
        response.setAttribute("ID", EVIL_RID)
    elif kind in (3, 4):
        assertion = first(d, "Assertion")
        evil = assertion.cloneNode(True)
        evilize(evil)
        sigs = evil.getElementsByTagNameNS(DS, "Signature")
        evil.setAttribute("ID", EVIL_AID)
        if sigs.length:
            evil.removeChild(sigs[0])
        if kind == 3:
            response.insertBefore(evil, assertion)
        else:
            response.appendChild(evil)
            evil.appendChild(assertion)
    elif kind in (5, 6, 8):
        evil = first(d, "Assertion")
        original_sig = evil.getElementsByTagNameNS(DS, "Signature")
        assertion = evil.cloneNode(True)
        evilize(evil)
        copied = assertion.getElementsByTagNameNS(DS, "Signature")
        if copied.length:
            assertion.removeChild(copied[0])
        if kind == 5:
            response.appendChild(assertion)
            evil.setAttribute("ID", EVIL_AID)
        elif kind == 6:
            target = original_sig[0] if original_sig.length else first(d, "Signature")
            target.appendChild(assertion)
            evil.setAttribute("ID", EVIL_AID)
        else:
            target = original_sig[0] if original_sig.length else first(d, "Signature")
            obj = d.createElement("Object")
            target.appendChild(obj)
            obj.appendChild(assertion)
    elif kind == 7:
        assertion = first(d, "Assertion")
        ext = d.createElement("Extensions")
        response.insertBefore(ext, assertion)
        evil = assertion.cloneNode(True)
        evilize(evil)
        sigs = evil.getElementsByTagNameNS(DS, "Signature")
        if sigs.length:
            evil.removeChild(sigs[0])
        ext.appendChild(evil)
    return ser(d)


# --------------------------------------------------------------------------------------------
# The vectors
# --------------------------------------------------------------------------------------------
def gen_bases():
    f = "bases"
    x = sign(platform())
    vec(f, "platform-legacy-valid", "base platform shape (Assertion-signed, RSA-1024, RSA-SHA1/SHA-1, D5)",
        x, EXPECT_FULL)
    vec(f, "platform-legacy-valid-base64-60-columns", "1 base64 with line breaks (Ruby Base64.encode64)",
        b64(x, 60), EXPECT_FULL, raw=True)
    vec(f, "platform-legacy-valid-base64-crlf-76", "1 base64 with CRLF line breaks every 76",
        b64(x, 76).replace("\n", "\r\n"), OK_MIN, raw=True)
    vec(f, "platform-legacy-valid-utf8-bom", "1 UTF-8 BOM allowed",
        b"\xef\xbb\xbf" + x.encode(), OK_MIN)
    vec(f, "platform-legacy-valid-xml-declaration", "2 XML declaration with UTF-8",
        '<?xml version="1.0" encoding="UTF-8"?>\n' + x, OK_MIN)
    m = sign(modern())
    vec(f, "modern-valid", "base modern (Assertion-signed, RSA-2048, RSA-SHA256/SHA-256)",
        m, dict(EXPECT_FULL), cfg=MODERN_CFG())
    vec(f, "modern-valid-strict", "5 strict_algorithms accepts RSA-2048 RSA-SHA256/SHA-256",
        m, OK_MIN, cfg=MODERN_CFG(strict_algorithms=True))
    for s, d in (("rsa-sha384", "sha384"), ("rsa-sha512", "sha512")):
        vec(f, "modern-valid-%s-%s" % (s, d), "5 allowed algorithms %s + %s" % (s, d),
            sign(modern(a_sig=dict(MODERN_SIG, sig=s, dig=d))), OK_MIN,
            cfg=MODERN_CFG(strict_algorithms=True))
    vec(f, "modern-valid-inclusive-namespaces", "5 exc-c14n with InclusiveNamespaces PrefixList",
        sign(modern(a_sig=dict(MODERN_SIG, prefix_list="xs"))), OK_MIN, cfg=MODERN_CFG())
    r = sign(response_signed())
    exp = dict(EXPECT_FULL)
    vec(f, "response-signed-valid", "D6 Response-signed, Assertion unsigned (covered by the Response signature)",
        r, exp, cfg=MODERN_CFG())
    vec(f, "response-signed-valid-legacy-algorithms", "D6 Response-signed with RSA-1024 RSA-SHA1",
        sign(response_signed(r_sig=dict(LEGACY_SIG))), OK_MIN)
    b = sign(both_signed())
    vec(f, "both-signed-valid", "D6 both Response and Assertion signed", b, EXPECT_FULL,
        cfg=MODERN_CFG())
    vec(f, "both-signed-valid-request-id", "7 InResponseTo matches (both signed)", b, OK_MIN,
        cfg=MODERN_CFG(), request_id=REQ_ID)
    nr = sign(response_signed(resp_issuer=None, r_sig_first=True))
    vec(f, "response-signed-no-issuer-signature-first", "3 Response without Issuer: signature first",
        nr, OK_MIN, cfg=MODERN_CFG())
    vec(f, "modern-prefixed-saml2", "2/D43 saml2p:/saml2: prefixes (elements matched by namespace URI)",
        sign(modern(prefixed=True)), {"name_id": "usr-1", "assertion_id": AID, "user": EXPECT_USER,
                                      "group": EXPECT_GROUP}, cfg=MODERN_CFG())
    vec(f, "response-signed-prefixed-saml2", "D6/D43 Response-signed with saml2p:/saml2: prefixes",
        sign(response_signed(prefixed=True)), OK_MIN, cfg=MODERN_CFG())
    xs_ns = (' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
             ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
    xs = sign(modern(resp_ns_extra=xs_ns, value_attrs=' xsi:type="xs:string"',
                     a_sig=dict(MODERN_SIG, prefix_list="xs")))
    vec(f, "modern-xsi-type-prefixlist", "D43 xs/xsi declared on the unsigned Response; xs pulled in by PrefixList",
        xs, {"name_id": "usr-1", "user": EXPECT_USER}, cfg=MODERN_CFG())
    vec(f, "modern-prefixlist-ancestor-namespace-changed", "D43/A25 ancestor xmlns:xs (signed through PrefixList) changed",
        xs.replace('xmlns:xs="http://www.w3.org/2001/XMLSchema"', 'xmlns:xs="urn:evil"'), "digest_mismatch",
        cfg=MODERN_CFG())
    vec(f, "modern-signedinfo-inherits-ds", "5 SignedInfo without its own xmlns:ds (inherited from ds:Signature)",
        sign(modern(a_sig=dict(MODERN_SIG, platform=False))), OK_MIN, cfg=MODERN_CFG())
    vec(f, "modern-ds-declared-at-root", "5/D43 xmlns:ds declared only on the unsigned Response root",
        sign(modern(resp_ns_extra=' xmlns:ds="%s"' % DS, a_sig=dict(MODERN_SIG, platform=False, declare_ds=False))),
        OK_MIN, cfg=MODERN_CFG())
    vec(f, "reseller-attributes", "views with reseller attributes and group_org_uid",
        sign(platform(attributes=PLATFORM_ATTRIBUTES + [
            ("reseller_id", "rsl-449s8fsd"), ("reseller_name", "Blue Consulting"),
            ("reseller_country", "AU"), ("group_org_uid", "org-48")])),
        {"group": {"info": {"org_uid": "org-48"}},
         "attributes": {"reseller_name": ["Blue Consulting"]}})
    multi = [(n, v) for n, v in PLATFORM_ATTRIBUTES] + [("group_role", "Owner")]
    vec(f, "repeated-attribute-values", "8 attributes: name -> all values in document order",
        sign(platform(attributes=multi)),
        {"attributes": {"group_role": ["Admin", "Owner"]}, "membership": {"role": "Admin"}})
    return x, m, r, b


def gen_xsw(bases):
    x, m, r, b = bases
    f = "xsw"
    # What each recipe yields, decided from docs/spec.md §3's order (2 parse/ID table, then 3 shape).
    # Assertion-signed base (platform shape).
    a_expect = {
        1: "duplicate_id",   # the clone keeps the Assertion ID
        2: "duplicate_id",
        3: "unexpected_structure",  # two Assertions
        4: "unexpected_structure",  # nested Assertion
        5: "unexpected_structure",  # two Assertions
        6: "unexpected_structure",  # Assertion inside ds:Signature
        7: "duplicate_id",   # the evil clone in Extensions keeps the Assertion ID
        8: "duplicate_id",   # the Object copy keeps the ID of the evil (former signed) Assertion
    }
    for k in range(1, 9):
        vec(f, "xsw%d-assertion-signed" % k, "A%d XSW%d (SAML Raider recipe, Assertion-signed platform base)"
            % (k, k), xsw(k, x), a_expect[k])
    r_expect = {
        1: "duplicate_id",   # the Response clone keeps the Assertion ID
        2: "duplicate_id",
        3: "unexpected_structure",  # two Assertions
        4: "unexpected_structure",  # nested Assertion
        5: "unexpected_structure",  # two Assertions
        6: "unexpected_structure",  # Assertion inside the Response's ds:Signature
        7: "duplicate_id",   # the evil clone keeps the Assertion ID
        8: "duplicate_id",   # the ds:Signature/Object copy keeps the Assertion ID
    }
    for k in range(1, 9):
        vec(f, "xsw%d-response-signed" % k, "A%d XSW%d (SAML Raider recipe, Response-signed base)" % (k, k),
            xsw(k, r), r_expect[k], cfg=MODERN_CFG())
    for k in (1, 2, 5, 8):  # the Response-signature and same-ID recipes (size budget)
        vec(f, "xsw%d-both-signed" % k, "A%d XSW%d (SAML Raider recipe, both signed)" % (k, k),
            xsw(k, b), a_expect[k], cfg=MODERN_CFG())

    # Variants with unique IDs, so the shape rules (not the ID table) must catch them.
    d = dom(r)
    resp = d.documentElement
    clone = resp.cloneNode(True)
    cs = first(clone, "Signature")
    clone.removeChild(cs)
    first(clone, "Assertion").setAttribute("ID", "_copy_assertion")
    evilize(resp)
    resp.setAttribute("ID", EVIL_RID)
    sig = first(resp, "Signature")
    sig.appendChild(clone)
    vec(f, "response-signed-assertion-resigned-by-attacker", "C34/D6 valid Response signature, Assertion re-signed by the attacker",
        sign(both_signed(a_sig=dict(MODERN_SIG, key="attacker", keyinfo="attacker"))), "untrusted_key",
        cfg=MODERN_CFG())
    vec(f, "xsw1-response-signed-unique-ids", "A1 XSW1 with unique IDs: Reference is not the root's ID",
        ser(d), "unexpected_structure", cfg=MODERN_CFG())
    d = dom(r)
    resp = d.documentElement
    clone = resp.cloneNode(True)
    clone.removeChild(first(clone, "Signature"))
    first(clone, "Assertion").setAttribute("ID", "_copy_assertion")
    evilize(resp)
    resp.setAttribute("ID", EVIL_RID)
    wrapper = d.createElementNS(SAMLP, "samlp:Extensions")
    wrapper.appendChild(clone)
    resp.insertBefore(wrapper, first(resp, "Status"))
    vec(f, "xsw2-response-signed-extensions-unique-ids",
        "A2 XSW2 signed original detached in samlp:Extensions, unique IDs", ser(d),
        "unexpected_structure", cfg=MODERN_CFG())
    # Response signature moved to the evil Response while its Reference still points at the
    # original ID, which no longer exists anywhere.
    y = r.replace('ID="%s"' % RID, 'ID="%s"' % EVIL_RID, 1).replace(">usr-1<", ">usr-666<")
    vec(f, "reference-to-missing-id", "A20 Reference URI names no element", y, "unexpected_structure",
        cfg=MODERN_CFG())
    # XSW3 on the platform base with the evil Assertion after the signed one.
    d = dom(x)
    a = first(d, "Assertion")
    evil = a.cloneNode(True)
    evil.removeChild(evil.getElementsByTagNameNS(DS, "Signature")[0])
    evil.setAttribute("ID", EVIL_AID)
    evilize(evil)
    d.documentElement.appendChild(evil)
    vec(f, "xsw3-evil-assertion-after", "A3/B30 second unsigned Assertion after the signed one",
        ser(d), "unexpected_structure")
    # Two Assertions, both validly signed (the second one signed on its own).
    other = sign(platform(aid="_second_assertion"))
    second = re.search(r"<Assertion .*</Assertion>", other, re.S).group(0)
    vec(f, "two-signed-assertions", "B30 two Assertions, both validly signed",
        x.replace("</samlp:Response>", second + "</samlp:Response>"), "unexpected_structure")
    # Same-ID wrapping (A9): the evil clone keeps the signed Assertion's ID.
    d = dom(x)
    a = first(d, "Assertion")
    evil = a.cloneNode(True)
    evil.removeChild(evil.getElementsByTagNameNS(DS, "Signature")[0])
    evilize(evil)
    d.documentElement.insertBefore(evil, a)
    vec(f, "duplicate-id-assertion-clone", "A9 duplicate IDs: evil clone keeps the Assertion ID",
        ser(d), "duplicate_id")
    vec(f, "duplicate-id-response-equals-assertion", "A9/R4 Response ID equal to the Assertion ID",
        x.replace('ID="%s"' % RID, 'ID="%s"' % AID, 1), "duplicate_id")
    vec(f, "duplicate-id-in-extensions", "A9/R4 any element carrying the signed ID again (R4: anywhere)",
        x.replace(STATUS_SUCCESS, '<samlp:Extensions><x ID="%s"></x></samlp:Extensions>%s'
                  % (AID, STATUS_SUCCESS)), "duplicate_id")
    # A13: a signed Assertion hidden in samlp:Extensions, a forged one with the same ID.
    d = dom(x)
    a = first(d, "Assertion")
    evil = a.cloneNode(True)
    evil.removeChild(evil.getElementsByTagNameNS(DS, "Signature")[0])
    evilize(evil)
    ext = d.createElementNS(SAMLP, "samlp:Extensions")
    d.documentElement.insertBefore(ext, a)
    ext.appendChild(a)
    d.documentElement.appendChild(evil)
    vec(f, "signed-assertion-in-extensions-forged-same-id", "A13 signed Assertion in Extensions, forged same-ID one",
        ser(d), "duplicate_id")
    d = dom(x)
    a = first(d, "Assertion")
    evil = a.cloneNode(True)
    evil.removeChild(evil.getElementsByTagNameNS(DS, "Signature")[0])
    evil.setAttribute("ID", EVIL_AID)
    evilize(evil)
    ext = d.createElementNS(SAMLP, "samlp:Extensions")
    d.documentElement.insertBefore(ext, a)
    ext.appendChild(a)
    d.documentElement.appendChild(evil)
    vec(f, "signed-assertion-in-extensions-unique-ids", "A13/B14 signed Assertion hidden in Extensions, unsigned evil one as the child",
        ser(d), "unexpected_structure")
    # Response-signed base plus a second, unsigned evil Assertion appended.
    ev = re.search(r"<Assertion .*</Assertion>", sign(T(a_sig=None, aid=EVIL_AID, name_id="usr-666")),
                   re.S).group(0)
    vec(f, "response-signed-evil-assertion-appended", "D6/B30 Response-signed plus an unsigned evil Assertion appended",
        r.replace("</samlp:Response>", ev + "</samlp:Response>"), "unexpected_structure",
        cfg=MODERN_CFG())
    # B14: an unsigned Response carrying the attacker Assertion next to... only one Assertion
    # allowed, so the only variant is replacing the signed Assertion: signature_missing.
    vec(f, "assertion-replaced-by-unsigned", "B14/B26 signed Assertion swapped for an unsigned one",
        re.sub(r"<Assertion .*</Assertion>", ev.replace(EVIL_AID, AID), x, flags=re.S),
        "signature_missing")
    # B31: a signed Assertion carrying another Assertion in Advice.
    adv = ('<Advice><Assertion ID="_advice" IssueInstant="%s" Version="2.0"><Issuer>%s</Issuer>'
           '<Subject><NameID>usr-666</NameID></Subject></Assertion></Advice>' % (ISSUE, IDP_ISSUER))
    vec(f, "advice-assertion-signed", "B31/R2 signed Assertion containing an Advice Assertion",
        sign(platform(a_extra=adv)), "unexpected_structure")
    # EncryptedAssertion (B32).
    enc = ('<EncryptedAssertion xmlns="%s"><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" '
           'Type="http://www.w3.org/2001/04/xmlenc#Element"><xenc:CipherData><xenc:CipherValue>AAAA'
           '</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></EncryptedAssertion>' % SAML)
    vec(f, "encrypted-assertion", "B32 EncryptedAssertion instead of an Assertion: unsupported",
        re.sub(r"<Assertion .*</Assertion>", enc, x, flags=re.S), "unsupported")
    vec(f, "encrypted-assertion-beside-signed", "B32 EncryptedAssertion beside a signed Assertion: unsupported",
        x.replace("</samlp:Response>", enc + "</samlp:Response>"), "unsupported")
    vec(f, "no-assertion", "3 Response without an Assertion",
        re.sub(r"<Assertion .*</Assertion>", "", x, flags=re.S), "unexpected_structure")
    vec(f, "root-is-assertion", "3 document element is an Assertion, not a Response",
        re.search(r"<Assertion .*</Assertion>", x, re.S).group(0), "unexpected_structure")
    vec(f, "root-wrong-namespace", "3 Response in another namespace (match by namespace URI, not prefix)",
        x.replace('xmlns:samlp="%s"' % SAMLP, 'xmlns:samlp="urn:evil"', 1), "unexpected_structure")
    vec(f, "assertion-prefix-rebound", "3 saml prefix rebound: the Assertion in another namespace is not an Assertion",
        x.replace('<Assertion xmlns="%s"' % SAML, '<Assertion xmlns="urn:evil"', 1), "unexpected_structure")


def gen_signature_placement(bases):
    x, m, r, b = bases
    f = "signature-structure"
    sig = re.search(r"<ds:Signature .*?</ds:Signature>", x, re.S).group(0)
    no_sig = x.replace(sig, "")
    vec(f, "signature-stripped", "B26 every ds:Signature removed", no_sig, "signature_missing")
    rs = re.search(r"<ds:Signature .*?</ds:Signature>", r, re.S).group(0)
    vec(f, "response-signature-stripped", "B26 Response-signed base with its signature removed",
        r.replace(rs, ""), "signature_missing", cfg=MODERN_CFG())
    brs = re.search(r"<ds:Signature .*?</ds:Signature>", b, re.S).group(0)
    vec(f, "both-signed-response-signature-stripped", "B28 both signed, Response signature removed: Assertion still covers",
        b.replace(brs, ""), OK_MIN, cfg=MODERN_CFG())
    vec(f, "both-signed-assertion-signature-stripped", "B29 both signed, Assertion signature removed: Response digest breaks",
        re.sub(r"(<Assertion [^>]*><Issuer>[^<]*</Issuer>)<ds:Signature .*?</ds:Signature>", r"\1", b,
               flags=re.S), "digest_mismatch", cfg=MODERN_CFG())
    vec(f, "both-signed-inner-signature-invalid", "B29 valid Response signature over an invalidly signed Assertion",
        sign(both_signed(a_sig=dict(MODERN_SIG, tamper_sv=True))), "signature_invalid", cfg=MODERN_CFG())
    vec(f, "response-signed-inner-signature-invalid-legacy",
        "B29 valid Response signature, Assertion signature invalid (platform algorithms)",
        sign(both_signed(a_sig=dict(LEGACY_SIG, tamper_sv=True), r_sig=dict(LEGACY_SIG))),
        "signature_invalid")
    # Misplaced signatures (R2, docs/spec.md §3 step 3: unexpected_structure).
    moved_end = no_sig.replace("</Assertion>", sig + "</Assertion>")
    vec(f, "signature-last-in-assertion", "R2 Assertion signature as the last child (crypto still valid)",
        moved_end, "unexpected_structure")
    vec(f, "signature-before-issuer", "R2 Assertion signature before its Issuer",
        no_sig.replace('Version="2.0"><Issuer>', 'Version="2.0">' + sig + "<Issuer>", 1),
        "unexpected_structure")
    vec(f, "signature-in-subject", "A12 extra ds:Signature inside Subject",
        x.replace("<Subject>", "<Subject>" + sig, 1), "unexpected_structure")
    vec(f, "signature-in-response-extensions", "A12 forged ds:Signature in samlp:Extensions (CVE-2024-45409)",
        x.replace(STATUS_SUCCESS, "<samlp:Extensions>%s</samlp:Extensions>%s" % (sig, STATUS_SUCCESS)),
        "unexpected_structure")
    vec(f, "signature-in-attribute-value", "A12 ds:Signature inside an AttributeValue",
        x.replace("<AttributeValue>usr-1</AttributeValue>", "<AttributeValue>%s</AttributeValue>" % sig, 1),
        "unexpected_structure")
    vec(f, "two-signatures-in-assertion", "R2 two ds:Signature children in the Assertion",
        x.replace(sig, sig + sig), "unexpected_structure")
    vec(f, "response-signature-after-status", "R2 Response signature after Status",
        r.replace(rs, "").replace(STATUS_SUCCESS, STATUS_SUCCESS + rs), "unexpected_structure",
        cfg=MODERN_CFG())
    vec(f, "assertion-signature-copied-to-response", "R2 the Assertion's signature copied under the Response",
        x.replace("</Issuer><samlp:Status>", "</Issuer>" + sig + "<samlp:Status>", 1),
        "unexpected_structure")
    # Signature internals (A16–A24).
    si = re.search(r"<ds:SignedInfo .*?</ds:SignedInfo>", x, re.S).group(0)
    vec(f, "two-signedinfo", "A16 two SignedInfo children", x.replace(si, si + si), "unexpected_structure")
    vec(f, "signedinfo-in-keyinfo", "A17/H1 an extra SignedInfo inside KeyInfo: KeyInfo holds only X509Data,"
        " KeyName and KeyValue, checked before any canonicalisation",
        x.replace('<KeyInfo xmlns="%s">' % DS, '<KeyInfo xmlns="%s">%s' % (DS, si.replace("URI=\"#", "URI=\"#x"))),
        "unexpected_structure")
    ref = re.search(r"<ds:Reference .*?</ds:Reference>", x, re.S).group(0)
    vec(f, "two-references", "A19 two References in SignedInfo", x.replace(ref, ref + ref),
        "unexpected_structure")
    vec(f, "reference-uri-to-response", "A20 Reference URI names the Response, signature in the Assertion",
        x.replace('URI="#%s"' % AID, 'URI="#%s"' % RID), "unexpected_structure")
    vec(f, "reference-uri-empty", "A21 empty Reference URI", x.replace('URI="#%s"' % AID, 'URI=""'),
        "unexpected_structure")
    vec(f, "reference-uri-absent", "A21 no Reference URI", x.replace(' URI="#%s"' % AID, ""),
        "unexpected_structure")
    vec(f, "reference-uri-xpointer", "A22 XPointer Reference URI",
        x.replace('URI="#%s"' % AID, "URI=\"#xpointer(id('%s'))\"" % AID), "unexpected_structure")
    vec(f, "reference-uri-external", "A22 external Reference URI",
        x.replace('URI="#%s"' % AID, 'URI="https://evil.example.com/a.xml"'), "unexpected_structure")
    vec(f, "reference-uri-quotes", "A23 quotes in the Reference URI",
        x.replace('URI="#%s"' % AID, "URI=\"#x' or '1'='1\""), "unexpected_structure")
    obj = '<ds:Object><ds:Manifest><ds:Reference URI="#%s"></ds:Reference></ds:Manifest></ds:Object>' % AID
    vec(f, "signature-with-object", "A24 ds:Object/Manifest in the signature",
        x.replace("</KeyInfo></ds:Signature>", "</KeyInfo>" + obj + "</ds:Signature>"),
        "unexpected_structure")
    vec(f, "digest-value-comment-before", "A18 comment before the DigestValue text",
        x.replace("<ds:DigestValue>", "<ds:DigestValue><!--x-->"), "unexpected_structure")
    vec(f, "digest-value-comment-after", "A18 comment after the DigestValue text",
        x.replace("</ds:DigestValue>", "<!--x--></ds:DigestValue>"), "unexpected_structure")
    vec(f, "signature-value-comment", "A18 comment inside SignatureValue",
        x.replace("<ds:SignatureValue>", "<ds:SignatureValue><!---->"), "unexpected_structure")
    vec(f, "digest-value-child-element", "A18 child element inside DigestValue",
        x.replace("</ds:DigestValue>", "<ds:X></ds:X></ds:DigestValue>"), "unexpected_structure")
    vec(f, "tampered-signature-value", "B signature value altered (same length)",
        re.sub(r"<ds:SignatureValue>(.)", lambda mm: "<ds:SignatureValue>" + ("B" if mm.group(1) != "B" else "C"), x),
        "signature_invalid")
    vec(f, "tampered-digest-value", "B DigestValue altered: SignedInfo no longer verifies",
        re.sub(r"<ds:DigestValue>(.)", lambda mm: "<ds:DigestValue>" + ("B" if mm.group(1) != "B" else "C"), x),
        "signature_invalid")
    vec(f, "tampered-nameid", "B signed NameID altered", x.replace(">usr-1</NameID>", ">usr-666</NameID>"),
        "digest_mismatch")
    vec(f, "tampered-attribute", "B signed attribute value altered",
        x.replace("<AttributeValue>Admin</AttributeValue>", "<AttributeValue>Super Admin</AttributeValue>"),
        "digest_mismatch")
    vec(f, "tampered-response-signed-status", "B28 Response-signed: Destination altered",
        r.replace('Destination="%s"' % CONSUME, 'Destination="%s"' % CONSUME.replace("consume", "consume2")),
        "digest_mismatch", cfg=MODERN_CFG())
    vec(f, "signature-value-not-base64", "A18 SignatureValue not base64 (kind not fixed by docs/spec.md)",
        re.sub(r"<ds:SignatureValue>.*?</ds:SignatureValue>", "<ds:SignatureValue>!!notbase64!!</ds:SignatureValue>",
               x, flags=re.S), "*")
    vec(f, "both-signed-response-signature-invalid", "B29/D6 every signature present must verify: Response signature invalid",
        sign(both_signed(r_sig=dict(MODERN_SIG, tamper_sv=True))), "signature_invalid", cfg=MODERN_CFG())
    vec(f, "both-signed-response-resigned-by-attacker", "C34/D6 valid Assertion signature, Response re-signed by the attacker",
        sign(both_signed(r_sig=dict(MODERN_SIG, key="attacker", keyinfo="attacker"))), "untrusted_key",
        cfg=MODERN_CFG())
    vec(f, "response-signature-before-issuer", "R2 Response signature before the Response Issuer",
        sign(response_signed(r_sig_first=True)), "unexpected_structure", cfg=MODERN_CFG())


def gen_trust(bases):
    x, m, r, b = bases
    f = "trust"
    attacker = sign(platform(a_sig=dict(key="attacker", keyinfo="attacker", sig="rsa-sha1", dig="sha1")))
    # docs/spec.md §3 step 4 / keys.rs: the KeyInfo cert is not configured, so only the pinned key is
    # tried; it does not verify → untrusted_key (the KeyInfo named an unpinned key).
    vec(f, "attacker-keyinfo-cert", "C34 re-signed by the attacker, attacker cert in KeyInfo, real cert pinned",
        attacker, "untrusted_key")
    vec(f, "attacker-keyinfo-cert-modern", "C34 re-signed by the attacker (RSA-SHA256), attacker cert in KeyInfo",
        sign(modern(a_sig=dict(MODERN_SIG, key="attacker", keyinfo="attacker"))), "untrusted_key",
        cfg=MODERN_CFG())
    vec(f, "attacker-signature-real-keyinfo", "C34 attacker signature, the real cert copied into KeyInfo",
        sign(platform(a_sig=dict(key="attacker", keyinfo="legacy", sig="rsa-sha1", dig="sha1"))),
        "signature_invalid")
    vec(f, "attacker-signature-no-keyinfo", "C34 attacker signature without KeyInfo",
        sign(platform(a_sig=dict(key="attacker", keyinfo=None, sig="rsa-sha1", dig="sha1"))),
        "signature_invalid")
    vec(f, "attacker-keyinfo-response-signed", "C34 Response re-signed by the attacker with its cert in KeyInfo",
        sign(response_signed(r_sig=dict(MODERN_SIG, key="attacker", keyinfo="attacker"))),
        "untrusted_key", cfg=MODERN_CFG())
    vec(f, "keyinfo-unconfigured-cert-pinned-signature", "C34/R3 KeyInfo names another cert but the pinned key signed: KeyInfo is only a hint",
        sign(platform(a_sig=dict(LEGACY_SIG, keyinfo="attacker"))), OK_MIN)
    vec(f, "no-keyinfo-pinned-cert", "C pinned certificate, no KeyInfo at all", sign(platform(a_sig=dict(LEGACY_SIG, keyinfo=None))),
        OK_MIN)
    vec(f, "keyinfo-junk", "3/H1 KeyInfo holds only X509Data, KeyName and KeyValue: a foreign element (x:Junk)"
        " beside KeyName and an undecodable X509Certificate",
        sign(platform(a_sig=dict(LEGACY_SIG, keyinfo='<KeyInfo xmlns="%s"><KeyName>idp</KeyName><x:Junk xmlns:x="urn:x">'
                                  '<x:a>b</x:a></x:Junk><X509Data><X509Certificate>!!!</X509Certificate>'
                                  '</X509Data></KeyInfo>' % DS))), "unexpected_structure")
    # Fingerprint-only trust (C35–C37).
    sha1 = [("sha1-lower-colons", fingerprint("legacy", "sha1")),
            ("sha1-upper-colons", fingerprint("legacy", "sha1", upper=True)),
            ("sha1-lower-bare", fingerprint("legacy", "sha1", colons=False)),
            ("sha1-upper-bare", fingerprint("legacy", "sha1", upper=True, colons=False))]
    sha256 = [("sha256-lower-colons", fingerprint("legacy", "sha256")),
              ("sha256-upper-colons", fingerprint("legacy", "sha256", upper=True)),
              ("sha256-lower-bare", fingerprint("legacy", "sha256", colons=False)),
              ("sha256-upper-bare", fingerprint("legacy", "sha256", upper=True, colons=False))]
    for label, fp in sha1 + sha256:
        vec(f, "fingerprint-" + label, "C35/C37 fingerprint-only trust (%s)" % label, x, OK_MIN,
            cfg=config(certs=None, fingerprints=fp))
    vec(f, "fingerprint-list", "C35 fingerprint list: one matches",
        x, OK_MIN, cfg=config(certs=None, fingerprints=[fingerprint("attacker", "sha256"), fingerprint("legacy", "sha1")]))
    vec(f, "fingerprint-mismatch", "C35 fingerprint-only, KeyInfo cert not matching",
        x, "untrusted_key", cfg=config(certs=None, fingerprints=fingerprint("idp", "sha1")))
    vec(f, "fingerprint-attacker-keyinfo", "C34/C35 fingerprint-only, attacker re-signed with its cert in KeyInfo",
        attacker, "untrusted_key", cfg=config(certs=None, fingerprints=fingerprint("legacy", "sha1")))
    vec(f, "fingerprint-attacker-signature-real-keyinfo", "C35 fingerprint-only, attacker signature over the real cert in KeyInfo",
        sign(platform(a_sig=dict(key="attacker", keyinfo="legacy", sig="rsa-sha1", dig="sha1"))),
        "signature_invalid", cfg=config(certs=None, fingerprints=fingerprint("legacy", "sha1")))
    vec(f, "fingerprint-no-keyinfo", "C35 fingerprint-only without KeyInfo",
        sign(platform(a_sig=dict(LEGACY_SIG, keyinfo=None))), "untrusted_key",
        cfg=config(certs=None, fingerprints=fingerprint("legacy", "sha1")))
    vec(f, "fingerprint-keyinfo-attacker-then-real", "C35 KeyInfo lists an attacker cert then the real one",
        sign(platform(a_sig=dict(LEGACY_SIG, keyinfo=["attacker", "legacy"]))), OK_MIN,
        cfg=config(certs=None, fingerprints=fingerprint("legacy", "sha256")))
    vec(f, "fingerprint-empty", "C37 empty fingerprint is a configuration error",
        x, "config_invalid", cfg=config(certs=None, fingerprints=""))
    vec(f, "fingerprint-wrong-length", "C37 fingerprint of a wrong length is a configuration error",
        x, "config_invalid", cfg=config(certs=None, fingerprints=fingerprint("legacy", "sha1")[:-3]))
    vec(f, "no-trusted-key", "R6 no certificate and no fingerprint configured",
        x, "config_missing", cfg=config(certs=None))
    # Rotation (C39).
    rot = config(certs=("idp-old", "idp"))
    vec(f, "rotation-new-cert", "C39 certificate list (old, new): signed by the new key", m, OK_MIN, cfg=rot)
    vec(f, "rotation-old-cert", "C39 certificate list (old, new): signed by the old key",
        sign(modern(a_sig=dict(MODERN_SIG, key="idp-old", keyinfo="idp-old"))), OK_MIN, cfg=rot)
    vec(f, "rotation-old-cert-no-keyinfo", "C39 certificate list, no KeyInfo: every pinned key tried",
        sign(modern(a_sig=dict(MODERN_SIG, key="idp-old", keyinfo=None))), OK_MIN, cfg=rot)
    vec(f, "rotation-only-old-configured", "C39 only the old cert pinned, response from the new key (KeyInfo new)",
        m, "untrusted_key", cfg=config(certs=("idp-old",)))
    vec(f, "rotation-only-old-configured-no-keyinfo", "C39 only the old cert pinned, new key, no KeyInfo",
        sign(modern(a_sig=dict(MODERN_SIG, keyinfo=None))), "signature_invalid", cfg=config(certs=("idp-old",)))
    vec(f, "fingerprint-list-rotation", "C39 fingerprint list (old, new)",
        m, OK_MIN, cfg=config(certs=None, fingerprints=[fingerprint("idp-old", "sha256"), fingerprint("idp", "sha256")]))


def gen_algorithms(bases):
    x, m, r, b = bases
    f = "algorithms"
    vec(f, "strict-platform-shape", "D5/D41 strict_algorithms on the platform shape (RSA-SHA1, 1024)",
        x, "algorithm_forbidden", cfg=config(strict_algorithms=True))
    vec(f, "strict-sha1-digest", "D41 strict: RSA-SHA256 with a SHA-1 digest (2048)",
        sign(modern(a_sig=dict(MODERN_SIG, dig="sha1"))), "algorithm_forbidden",
        cfg=MODERN_CFG(strict_algorithms=True))
    vec(f, "strict-rsa-sha1-signature", "D41 strict: RSA-SHA1 with a SHA-256 digest (2048)",
        sign(modern(a_sig=dict(MODERN_SIG, sig="rsa-sha1"))), "algorithm_forbidden",
        cfg=MODERN_CFG(strict_algorithms=True))
    vec(f, "strict-1024-bit-key", "D41 strict: RSA-SHA256/SHA-256 with a 1024-bit key",
        sign(platform(a_sig=dict(LEGACY_SIG, sig="rsa-sha256", dig="sha256"))), "algorithm_forbidden",
        cfg=config(strict_algorithms=True))
    vec(f, "lenient-1024-bit-sha256", "D5 default: RSA-SHA256 with a 1024-bit key accepted",
        sign(platform(a_sig=dict(LEGACY_SIG, sig="rsa-sha256", dig="sha256"))), OK_MIN)
    vec(f, "strict-response-signed-sha1", "D41 strict on a Response-signed RSA-SHA1 document",
        sign(response_signed(r_sig=dict(MODERN_SIG, sig="rsa-sha1", dig="sha1"))), "algorithm_forbidden",
        cfg=MODERN_CFG(strict_algorithms=True))
    # Properly signed documents with forbidden algorithms: the refusal is independent of the
    # order of checks.
    vec(f, "hmac-sha1-key-confusion", "C40 HMAC-SHA1 keyed with the pinned certificate's PEM",
        sign(platform(a_sig=dict(hmac="hmac-legacy-cert.bin", keyinfo="legacy", sig="hmac-sha1", dig="sha1"))),
        "algorithm_forbidden")
    vec(f, "hmac-sha256-key-confusion", "C40 HMAC-SHA256 keyed with the pinned certificate's PEM",
        sign(platform(a_sig=dict(hmac="hmac-legacy-cert.bin", keyinfo=None, sig="hmac-sha256", dig="sha256"))),
        "algorithm_forbidden")
    vec(f, "dsa-sha256", "C40 DSA signature (key of another type than the pinned RSA)",
        sign(platform(a_sig=dict(key="dsa", keyinfo="dsa", sig="dsa-sha256", dig="sha256"))),
        "algorithm_forbidden", cfg=config(certs=("legacy",)))
    vec(f, "ecdsa-sha256", "C40 ECDSA signature", sign(platform(a_sig=dict(key="ec", keyinfo="ec", sig="ecdsa-sha256",
                                                                            dig="sha256"))),
        "algorithm_forbidden")
    vec(f, "rsa-md5", "D41 RSA-MD5 signature", sign(platform(a_sig=dict(LEGACY_SIG, sig="rsa-md5"))),
        "algorithm_forbidden")
    vec(f, "md5-digest", "D41 MD5 digest", sign(platform(a_sig=dict(LEGACY_SIG, dig="md5"))),
        "algorithm_forbidden")
    vec(f, "unknown-signature-uri", "D unknown SignatureMethod URI",
        x.replace(SIG["rsa-sha1"], "http://example.com/unknown#rsa"), "algorithm_forbidden")
    vec(f, "unknown-digest-uri", "D unknown DigestMethod URI",
        x.replace(DIG["sha1"], "http://example.com/unknown#sha1"), "algorithm_forbidden")
    vec(f, "inclusive-c14n-method", "D42 inclusive C14N as CanonicalizationMethod",
        sign(platform(a_sig=dict(LEGACY_SIG, c14n=INC))), "algorithm_forbidden")
    vec(f, "inclusive-c14n-transform", "D42 inclusive C14N as the second transform",
        sign(platform(a_sig=dict(LEGACY_SIG, transforms=(ENV, INC)))), "algorithm_forbidden")
    vec(f, "exc-c14n-with-comments-method", "D42 exc-c14n#WithComments as CanonicalizationMethod",
        sign(platform(a_sig=dict(LEGACY_SIG, c14n=EXC_WC))), "algorithm_forbidden")
    vec(f, "exc-c14n-with-comments-transform", "D42 exc-c14n#WithComments as the transform",
        sign(platform(a_sig=dict(LEGACY_SIG, transforms=(ENV, EXC_WC)))), "algorithm_forbidden")
    vec(f, "inclusive-c14n-with-comments", "D42 inclusive C14N #WithComments transform",
        sign(platform(a_sig=dict(LEGACY_SIG, transforms=(ENV, INC_WC)))), "algorithm_forbidden")
    vec(f, "enveloped-only-transform", "D42 only enveloped-signature: the implicit final C14N is inclusive",
        sign(platform(a_sig=dict(LEGACY_SIG, transforms=(ENV,)))), "algorithm_forbidden")
    vec(f, "no-transforms", "D42 no Transforms (default inclusive C14N over the element)",
        x.replace(re.search(r"<ds:Transforms>.*?</ds:Transforms>", x).group(0), ""), "algorithm_forbidden")
    vec(f, "three-transforms", "D42 an extra (third) transform",
        sign(platform(a_sig=dict(LEGACY_SIG, transforms=(ENV, EXC, EXC)))), "algorithm_forbidden")
    vec(f, "xpath-transform", "D42 XPath transform",
        sign(platform(a_sig=dict(LEGACY_SIG, transforms=(ENV, XPATH, EXC)))), "algorithm_forbidden")
    vec(f, "xpath-transform-two", "D42 XPath transform replacing exc-c14n (two transforms)",
        sign(platform(a_sig=dict(LEGACY_SIG, transforms=(XPATH, EXC)))), "algorithm_forbidden")
    vec(f, "base64-transform-uri", "D42 unknown transform URI in place of exc-c14n",
        x.replace('<ds:Transform Algorithm="%s"></ds:Transform></ds:Transforms>' % EXC,
                  '<ds:Transform Algorithm="%s"></ds:Transform></ds:Transforms>' % B64T),
        "algorithm_forbidden")


def gen_text(bases):
    f = "text"
    vec(f, "comment-in-nameid-signed", "E44 comment inside NameID (signed that way): value concatenated, signature valid",
        sign(platform(name_id="usr-1<!-- comment -->.evil.com")),
        {"name_id": "usr-1.evil.com"})
    x = bases[0]
    vec(f, "comment-in-nameid-added", "E44 comment added inside a signed NameID: still valid, same value",
        x.replace(">usr-1</NameID>", ">usr<!---->-1</NameID>"), {"name_id": "usr-1"})
    vec(f, "cdata-in-nameid-signed", "E45 CDATA inside NameID (signed that way): value concatenated, signature valid",
        sign(platform(name_id="usr-1<![CDATA[.cdata]]>")), {"name_id": "usr-1.cdata"})
    vec(f, "cdata-appended-after-signing", "E45 CDATA appended to a signed NameID breaks the digest",
        x.replace(">usr-1</NameID>", ">usr-1<![CDATA[.evil.com]]></NameID>"), "digest_mismatch")
    vec(f, "cdata-same-text-after-signing", "E45 NameID text rewritten as CDATA (same characters): still valid",
        x.replace(">usr-1</NameID>", "><![CDATA[usr-1]]></NameID>"), {"name_id": "usr-1"})
    vec(f, "char-ref-in-nameid", "E45 character reference in NameID after signing: same text, valid",
        x.replace(">usr-1</NameID>", ">usr&#45;1</NameID>"), {"name_id": "usr-1"})
    attrs = [(n, "usr-1<!--x-->.evil" if n == "uid" else v) for n, v in PLATFORM_ATTRIBUTES]
    vec(f, "comment-in-attribute-signed", "E44 comment inside the uid AttributeValue: value concatenated",
        sign(platform(attributes=attrs)), {"user": {"uid": "usr-1.evil"},
                                           "attributes": {"uid": ["usr-1.evil"]}})
    vec(f, "comment-in-attribute-added", "E44 comment added inside a signed AttributeValue",
        x.replace("<AttributeValue>cld-1</AttributeValue>", "<AttributeValue>cld<!--x-->-1</AttributeValue>"),
        {"membership": {"group_uid": "cld-1"}})
    vec(f, "whitespace-kept", "3 NameID and attribute values are not trimmed",
        sign(platform(name_id=" usr-1 ", attributes=[(n, " Doe Corp " if n == "company_name" else v)
                                                      for n, v in PLATFORM_ATTRIBUTES])),
        {"name_id": " usr-1 ", "user": {"info": {"company_name": " Doe Corp "}}})
    vec(f, "escaped-characters", "E escaped & < > in values are unescaped once",
        sign(platform(attributes=[(n, "Doe &amp; Sons &lt;Pty&gt;" if n == "group_name" else v)
                                  for n, v in PLATFORM_ATTRIBUTES])),
        {"group": {"info": {"name": "Doe & Sons <Pty>"}}})
    vec(f, "multibyte-utf8", "E/D43 multi-byte UTF-8 values",
        sign(platform(attributes=[(n, "Jöhn 東京" if n == "name" else v) for n, v in PLATFORM_ATTRIBUTES])),
        {"user": {"info": {"first_name": "Jöhn 東京"}}})
    vec(f, "child-element-in-nameid", "E NameID holding an element (signed): not a text value",
        sign(platform(name_id="usr-1<b>x</b>")), "*")


def gen_line_ends():
    f = "text"
    crlf = sign(platform(attributes=[(n, "Doe\nCorp" if n == "company_name" else v)
                                     for n, v in PLATFORM_ATTRIBUTES]))
    vec(f, "crlf-line-ends-after-signing", "D43 LF turned into CRLF after signing: parsers normalise, still valid",
        crlf.replace("\n", "\r\n"), {"user": {"info": {"company_name": "Doe\nCorp"}}})
    vec(f, "cr-line-end-after-signing", "D43 LF turned into a lone CR after signing: normalised to LF, still valid",
        crlf.replace("\n", "\r"), {"user": {"info": {"company_name": "Doe\nCorp"}}})
    vec(f, "cr-char-ref-signed", "D43 &#13; character reference kept as CR (c14n &#xD;)",
        sign(platform(attributes=[(n, "Doe&#13;\nCorp" if n == "company_name" else v)
                                  for n, v in PLATFORM_ATTRIBUTES])),
        {"user": {"info": {"company_name": "Doe\r\nCorp"}}})
    vec(f, "unsigned-response-issuer-not-exposed", "R1 result Issuer comes from the signed Assertion, not the Response",
        sign(platform(resp_issuer="https://evil.example.com/")), {"issuer": IDP_ISSUER})


def gen_parse(bases):
    x = bases[0]
    f = "input"
    vec(f, "doctype-prepended", "E46 DOCTYPE before a validly signed Response",
        "<!DOCTYPE samlp:Response>" + x, "dtd_forbidden")
    vec(f, "doctype-entity", "E46 internal entity used in the NameID",
        '<!DOCTYPE r [<!ENTITY e "usr-666">]>' + x.replace(">usr-1</NameID>", ">&e;</NameID>"),
        "dtd_forbidden")
    vec(f, "doctype-external-entity", "E46 external entity (XXE)",
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + x.replace(">usr-1</NameID>", ">&xxe;</NameID>"), "dtd_forbidden")
    vec(f, "billion-laughs", "E46 billion laughs",
        '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>' + x.replace(">usr-1</NameID>", ">&c;</NameID>"),
        "dtd_forbidden")
    vec(f, "unknown-entity", "2 unknown entity reference without a DTD",
        x.replace(">usr-1</NameID>", ">&evil;</NameID>"), "malformed_xml")
    vec(f, "truncated", "2 truncated document", x[: len(x) // 2], "malformed_xml")
    vec(f, "mismatched-end-tag", "2 mismatched end tag",
        x.replace("</Subject>", "</Subjekt>"), "malformed_xml")
    vec(f, "duplicate-attribute-by-namespace", "2 two prefixes bound to one URI carrying the same attribute",
        x.replace(' Version="2.0"', ' xmlns:a="urn:x" xmlns:b="urn:x" a:foo="1" b:foo="2" Version="2.0"', 1),
        "malformed_xml")
    vec(f, "duplicate-attribute", "2 duplicate attribute on the Response",
        x.replace(' Version="2.0"', ' Version="2.0" Version="2.0"', 1), "malformed_xml")
    vec(f, "second-root", "B33 a second root element", x + x.replace(RID, "_r2").replace(AID, "_a2"),
        "malformed_xml")
    vec(f, "trailing-garbage", "B33 trailing text after the root", x + "garbage", "malformed_xml")
    vec(f, "undeclared-prefix", "2 undeclared namespace prefix", x.replace("<samlp:Status>", "<evil:Status>", 1)
        .replace("</samlp:Status>", "</evil:Status>", 1), "malformed_xml")
    vec(f, "not-xml", "2 base64 of text that is not XML", "this is not XML at all", "malformed_xml")
    vec(f, "double-base64", "E49 base64 of base64", b64(x), "malformed_xml")
    latin = x.replace(IDP_ISSUER + "</Issuer><samlp:Status>", IDP_ISSUER + "é</Issuer><samlp:Status>", 1)
    vec(f, "latin1-bytes", "2 non-UTF-8 bytes (ISO-8859-1 é in the unsigned Response Issuer)",
        latin.encode("latin-1"), "malformed_xml")
    vec(f, "declared-latin1", "2/E47 XML declaration with encoding ISO-8859-1",
        '<?xml version="1.0" encoding="ISO-8859-1"?>' + x, "malformed_xml")
    vec(f, "utf16", "2/E47 document encoded as UTF-16 with BOM", x.encode("utf-16"), "malformed_xml")
    vec(f, "raw-xml", "E49 raw XML posted instead of base64", x, "malformed_base64", raw=True)
    vec(f, "raw-xml-with-bom", "E49 raw XML with a BOM posted instead of base64", "\ufeff" + x,
        "malformed_base64", raw=True)
    vec(f, "raw-xml-leading-space", "E49 raw XML with leading white space", "\n  " + x, "malformed_base64", raw=True)
    enc = b64(x)
    vec(f, "base64-invalid-chars", "E49 characters outside the base64 alphabet", "!" + enc[1:],
        "malformed_base64", raw=True)
    padded = next(b64(x + " " * i) for i in range(3) if b64(x + " " * i).endswith("="))
    vec(f, "base64-missing-padding", "E49 missing padding", padded.rstrip("="), "malformed_base64", raw=True)
    vec(f, "base64-url-safe", "E49 URL-safe alphabet",
        enc.replace("+", "-").replace("/", "_") if ("+" in enc or "/" in enc) else "-" + enc[1:],
        "malformed_base64", raw=True)
    vec(f, "base64-empty", "E49 empty value", "", "malformed_base64", raw=True)
    vec(f, "base64-whitespace-only", "E49 white space only", " \r\n\t", "malformed_base64", raw=True)
    vec(f, "base64-truncated", "E49 truncated base64 (length not a multiple of 4)", enc[:-1],
        "malformed_base64", raw=True)


def doc_stats(xml):
    d = minidom.parseString(xml.encode("utf-8"))
    depth = max_attrs = count = 0

    def rec(n, level):
        nonlocal depth, max_attrs, count
        count += 1
        depth = max(depth, level)
        max_attrs = max(max_attrs, n.attributes.length)
        for c in n.childNodes:
            if c.nodeType == c.ELEMENT_NODE:
                rec(c, level + 1)
    rec(d.documentElement, 1)
    return depth, max_attrs, count


def node_count(xml):
    """Nodes under and including the document element, as the core counts them: elements,
    text runs (adjacent text merged), comments and processing instructions."""
    def walk(n):
        count, prev_text = 0, False
        for c in n.childNodes:
            is_text = c.nodeType in (c.TEXT_NODE, c.CDATA_SECTION_NODE)
            if not (is_text and prev_text):
                count += 1
            prev_text = is_text
            if c.nodeType == c.ELEMENT_NODE:
                count += walk(c)
        return count
    return 1 + walk(minidom.parseString(xml).documentElement)


def gen_limits(bases):
    x = bases[0]
    f = "limits"
    enc = b64(x)
    n = len(enc)
    vec(f, "size-at-limit", "1 encoded size equal to sso.max_response_size passes", enc, OK_MIN,
        cfg=config(max_response_size=n), raw=True)
    vec(f, "size-over-limit", "E48 encoded size one byte over sso.max_response_size", enc,
        "input_too_large", cfg=config(max_response_size=n - 1), raw=True)
    vec(f, "size-small-limit", "E48 small sso.max_response_size", enc, "input_too_large",
        cfg=config(max_response_size=1024), raw=True)
    depth, max_attrs, count = doc_stats(x)
    vec(f, "depth-at-limit", "1 element depth equal to sso.max_depth passes", x, OK_MIN,
        cfg=config(max_depth=depth))
    vec(f, "depth-over-limit", "E48 element depth over sso.max_depth", x, "input_too_large",
        cfg=config(max_depth=depth - 1))
    deep = "<x>" * 70 + "</x>" * 70
    vec(f, "deep-nesting-default", "E48 70 nested elements in samlp:Extensions (default depth 64)",
        x.replace(STATUS_SUCCESS, "<samlp:Extensions>%s</samlp:Extensions>%s" % (deep, STATUS_SUCCESS)),
        "input_too_large")
    vec(f, "attributes-at-limit", "1 attributes per element equal to sso.max_attributes passes", x, OK_MIN,
        cfg=config(max_attributes=max_attrs))
    vec(f, "attributes-over-limit", "E48 attributes per element over sso.max_attributes (xmlns counted)", x,
        "input_too_large", cfg=config(max_attributes=max_attrs - 1))
    many = "<x %s></x>" % " ".join('a%d="v"' % i for i in range(129))
    vec(f, "attributes-default", "E48 129 attributes on one element (default 128)",
        x.replace(STATUS_SUCCESS, "<samlp:Extensions>%s</samlp:Extensions>%s" % (many, STATUS_SUCCESS)),
        "input_too_large")
    vec(f, "elements-at-limit", "1 total elements equal to sso.max_elements passes", x, OK_MIN,
        cfg=config(max_elements=count))
    vec(f, "elements-over-limit", "E48 total elements over sso.max_elements", x, "input_too_large",
        cfg=config(max_elements=count - 1))
    # (A default-limit flood of 20,001 elements would weigh ~115 KB; the small limit above
    # exercises the same check.)
    nodes = node_count(x)
    vec(f, "nodes-at-limit", "H1 total nodes (elements, text, comments, PIs) equal to sso.max_nodes passes",
        x, OK_MIN, cfg=config(max_nodes=nodes))
    vec(f, "nodes-over-limit", "H1 total nodes over sso.max_nodes", x, "input_too_large",
        cfg=config(max_nodes=nodes - 1))
    flood = "a<!--c-->" * 40
    vec(f, "nodes-comment-flood", "H1 comments splitting text count as nodes (sso.max_nodes)",
        x.replace(STATUS_SUCCESS, "<samlp:Extensions><x>%s</x></samlp:Extensions>%s" % (flood, STATUS_SUCCESS)),
        "input_too_large", cfg=config(max_nodes=nodes + 40))


def gen_time():
    f = "time"
    # Conditions NotBefore lower bound: NotBefore - skew <= now (skew 60 s by default).
    t = sign(platform())  # Conditions NotBefore 09:59:55 → lower bound 09:58:55
    vec(f, "conditions-notbefore-at-skew", "D7 now = Conditions NotBefore - skew (inclusive) passes", t, OK_MIN,
        now="2026-03-01T09:58:55Z")
    vec(f, "conditions-notbefore-1s-before-skew", "D7 now = NotBefore - skew - 1 s: not_yet_valid", t,
        "not_yet_valid", now="2026-03-01T09:58:54Z")
    vec(f, "conditions-notbefore-1ms-before-skew", "D7 now = NotBefore - skew - 1 ms: not_yet_valid", t,
        "not_yet_valid", now="2026-03-01T09:58:54.999Z")
    # Conditions NotOnOrAfter upper bound: now < NotOnOrAfter + skew (exclusive).
    c = sign(platform(conditions=conditions(noa="2026-03-01T10:02:00Z"),
                      confirmations=[subject_confirmation(noa="2026-03-01T11:00:00Z")]))
    vec(f, "conditions-notonorafter-just-inside", "D7 now = Conditions NotOnOrAfter + skew - 1 ms passes", c, OK_MIN,
        now="2026-03-01T10:02:59.999Z")
    vec(f, "conditions-notonorafter-at-skew", "D7 now = Conditions NotOnOrAfter + skew: expired (exclusive)", c,
        "expired", now="2026-03-01T10:03:00Z")
    vec(f, "conditions-notonorafter-1s-after", "D7 now = Conditions NotOnOrAfter + skew + 1 s: expired", c,
        "expired", now="2026-03-01T10:03:01Z")
    # Bearer SubjectConfirmationData NotOnOrAfter (10:03:00): now < 10:04:00.
    base = sign(platform())
    vec(f, "bearer-notonorafter-just-inside-ms", "D7 now = bearer NotOnOrAfter + skew - 1 ms passes", base, OK_MIN,
        now="2026-03-01T10:03:59.999Z")
    vec(f, "bearer-notonorafter-at-skew", "D7 now = bearer NotOnOrAfter + skew: expired (exclusive)", base,
        "expired", now="2026-03-01T10:04:00Z")
    vec(f, "bearer-notonorafter-after", "D7 bearer expired", base, "expired", now="2026-03-01T10:30:00Z")
    bnb = sign(platform(confirmations=[subject_confirmation(nb="2026-03-01T10:00:30Z")]))
    vec(f, "bearer-notbefore-at-skew", "D7 now = bearer NotBefore - skew passes", bnb, OK_MIN,
        now="2026-03-01T09:59:30Z")
    vec(f, "bearer-notbefore-before-skew", "D7 now = bearer NotBefore - skew - 1 s: not_yet_valid", bnb,
        "not_yet_valid", now="2026-03-01T09:59:29Z")
    # Clock skew 0: exact bounds.
    vec(f, "skew-0-notbefore-exact", "D7 clock_skew 0: now = NotBefore passes", t, OK_MIN,
        now=COND_NB, cfg=config(clock_skew=0))
    vec(f, "skew-0-notbefore-1ms-early", "D7 clock_skew 0: now = NotBefore - 1 ms: not_yet_valid", t,
        "not_yet_valid", now="2026-03-01T09:59:54.999Z", cfg=config(clock_skew=0))
    vec(f, "skew-0-bearer-just-inside", "D7 clock_skew 0: now = bearer NotOnOrAfter - 1 ms passes", base, OK_MIN,
        now="2026-03-01T10:02:59.999Z", cfg=config(clock_skew=0))
    vec(f, "skew-0-bearer-at-notonorafter", "D7 clock_skew 0: now = bearer NotOnOrAfter: expired", base,
        "expired", now=BEARER_NOA, cfg=config(clock_skew=0))
    vec(f, "skew-0-conditions-at-notonorafter", "D7 clock_skew 0: now = Conditions NotOnOrAfter: expired", c,
        "expired", now="2026-03-01T10:02:00Z", cfg=config(clock_skew=0))
    # Large skew: clamped to 600 s.
    big = config(clock_skew=3600)
    vec(f, "skew-clamped-upper-inside", "D7 clock_skew 3600 clamped to 600: bearer NotOnOrAfter + 599 s passes",
        base, OK_MIN, now="2026-03-01T10:12:59Z", cfg=big)
    vec(f, "skew-clamped-upper-outside", "D7 clock_skew 3600 clamped to 600: bearer NotOnOrAfter + 600 s expired",
        base, "expired", now="2026-03-01T10:13:00Z", cfg=big)
    vec(f, "skew-clamped-lower-inside", "D7 clock_skew 3600 clamped to 600: NotBefore - 600 s passes",
        t, OK_MIN, now="2026-03-01T09:49:55Z", cfg=big)
    vec(f, "skew-clamped-lower-outside", "D7 clock_skew 3600 clamped to 600: NotBefore - 601 s not_yet_valid",
        t, "not_yet_valid", now="2026-03-01T09:49:54Z", cfg=big)
    # Time syntax (docs/spec.md D7).
    frac = sign(platform(conditions=conditions(nb="2026-03-01T11:59:55.250+02:00", noa="2026-03-01T11:00:00.000Z"),
                         confirmations=[subject_confirmation(noa="2026-03-01T10:03:00.5Z")]))
    vec(f, "time-offset-and-fraction", "F52 times with fractional seconds and a +02:00 offset", frac, OK_MIN)
    vec(f, "time-offset-not-yet-valid", "F52 +02:00 offset honoured (NotBefore 09:59:55.25Z)",
        frac, "not_yet_valid", now="2026-03-01T09:58:55.249Z")
    vec(f, "time-unparseable", "F52 unparseable Conditions NotBefore (kind not fixed by docs/spec.md)",
        sign(platform(conditions=conditions(nb="yesterday"))), "*")
    vec(f, "no-conditions", "F52 no Conditions (checks apply only when present)",
        sign(platform(conditions="")), OK_MIN)
    vec(f, "conditions-without-times", "F52 Conditions without NotBefore/NotOnOrAfter",
        sign(platform(conditions=conditions(nb=None, noa=None))), OK_MIN)
    vec(f, "two-conditions", "F52 two Conditions elements (kind not fixed by docs/spec.md)",
        sign(platform(conditions=conditions() + conditions())), "*")
    # Response expired but missing attributes: the time check wins (missing_attribute last).
    vec(f, "expired-and-missing-uid", "8 missing_attribute decided last: expired first",
        sign(platform(attributes=[a for a in PLATFORM_ATTRIBUTES if a[0] != "uid"])), "expired",
        now="2026-03-01T12:00:00Z")


def gen_protocol():
    f = "protocol"
    # Audience (F51, docs/spec.md §3 step 7 and "Precise rules").
    aud = lambda *rs: sign(platform(conditions=conditions(audiences=rs)))  # noqa: E731
    vec(f, "audience-restriction-missing", "F audience: no AudienceRestriction passes", aud(), OK_MIN)
    vec(f, "audience-empty", "F audience: an empty Audience never matches", aud(("",)), "audience_mismatch")
    vec(f, "audience-empty-restriction", "F audience: an AudienceRestriction without Audience",
        aud(()), "audience_mismatch")
    vec(f, "audience-empty-plus-valid", "F audience: empty Audience beside an allowed one passes",
        aud(("", AUDIENCE)), OK_MIN)
    vec(f, "audience-wrong", "F audience: a foreign Audience", aud(("https://other.example.com/",)),
        "audience_mismatch")
    vec(f, "audience-one-restriction-fails", "F audience: every AudienceRestriction must match (second fails)",
        aud((AUDIENCE,), ("https://other.example.com/",)), "audience_mismatch")
    vec(f, "audience-two-restrictions-pass", "F audience: two restrictions, each with an allowed Audience",
        aud((AUDIENCE,), ("urn:other", "app-1")), OK_MIN)
    vec(f, "audience-api-id", "F audience: api.id", aud(("app-1",)), OK_MIN)
    vec(f, "audience-consume-url", "F audience: the consume URL", aud((CONSUME,)), OK_MIN)
    sep = config(app_host="https://app.example.com")
    vec(f, "audience-idm-origin", "F audience: origin of sso.idm with '/' (app.host differs)",
        aud(("https://sp.example.com/",)), OK_MIN, cfg=sep)
    vec(f, "audience-app-host-origin", "F audience: origin of app.host with '/' (sso.idm differs)",
        aud(("https://app.example.com/",)), OK_MIN, cfg=sep)
    vec(f, "audience-sso-audiences-entry", "F audience: an entry of sso.audiences",
        aud(("urn:example:sp",)), OK_MIN, cfg=config(audiences=["urn:other", "urn:example:sp"]))
    vec(f, "audience-origin-without-slash", "F audience: origin without the trailing '/' is not allowed",
        aud(("https://sp.example.com",)), "audience_mismatch")
    vec(f, "audience-case-differs", "F audience: exact comparison (case differs)",
        aud(("HTTPS://SP.EXAMPLE.COM/",)), "audience_mismatch")
    vec(f, "audience-prefix", "F audience: a prefix of an allowed value is not allowed", aud(("app-",)),
        "audience_mismatch")
    vec(f, "audience-port-origin", "F audience: origin keeps the port of sso.idm",
        sign(platform(destination="https://sp.example.com:8443/maestrano/auth/saml/consume",
                      confirmations=[subject_confirmation(recipient="https://sp.example.com:8443/maestrano/auth/saml/consume")],
                      conditions=conditions(audiences=(("https://sp.example.com:8443/",),)))),
        OK_MIN, cfg=config(idm="https://sp.example.com:8443"))
    # Destination (Response) and Recipient (bearer).
    vec(f, "destination-mismatch", "F Destination differs from the consume URL",
        sign(platform(destination="https://evil.example.com/maestrano/auth/saml/consume")), "destination_mismatch")
    vec(f, "destination-path-case", "F Destination path compared case-sensitively",
        sign(platform(destination=SP_HOST + "/Maestrano/auth/saml/consume")), "destination_mismatch")
    vec(f, "destination-empty", "F empty Destination", sign(platform(destination="")), "destination_mismatch")
    vec(f, "destination-case-insensitive-host", "F Destination: scheme and host compared case-insensitively",
        sign(platform(destination="HTTPS://SP.Example.COM/maestrano/auth/saml/consume")), OK_MIN)
    vec(f, "destination-absent", "F Destination absent passes", sign(platform(destination=None)), OK_MIN)
    vec(f, "destination-tampered-unsigned-response", "B28 Destination of the unsigned Response altered after signing",
        sign(platform()).replace('Destination="%s"' % CONSUME, 'Destination="https://evil.example.com/acs"'),
        "destination_mismatch")
    rec = lambda r: sign(platform(confirmations=[subject_confirmation(recipient=r)]))  # noqa: E731
    vec(f, "recipient-mismatch", "F bearer Recipient differs", rec("https://evil.example.com/maestrano/auth/saml/consume"),
        "recipient_mismatch")
    vec(f, "recipient-path-differs", "F bearer Recipient path differs", rec(SP_HOST + "/other"), "recipient_mismatch")
    vec(f, "recipient-host-suffix", "F bearer Recipient on a look-alike host",
        rec("https://sp.example.com.evil.com/maestrano/auth/saml/consume"), "recipient_mismatch")
    vec(f, "recipient-case-insensitive-scheme-host", "F Recipient: scheme and host compared case-insensitively",
        rec("Https://SP.EXAMPLE.com/maestrano/auth/saml/consume"), OK_MIN)
    vec(f, "recipient-absent", "F/H2 bearer without Recipient: a bearer SubjectConfirmationData must carry one"
        " (SAML Profiles §4.1.4.2), found none", rec(None), "recipient_mismatch")
    vec(f, "bearer-second-passes", "F at least one bearer confirmation must pass (first fails, second passes)",
        sign(platform(confirmations=[subject_confirmation(recipient="https://evil.example.com/"),
                                     subject_confirmation()])), OK_MIN)
    vec(f, "bearer-all-fail", "F every bearer confirmation fails",
        sign(platform(confirmations=[subject_confirmation(recipient="https://evil.example.com/"),
                                     subject_confirmation(recipient=SP_HOST + "/other")])), "recipient_mismatch")
    vec(f, "non-bearer-ignored", "F a holder-of-key confirmation is not checked; the bearer one passes",
        sign(platform(confirmations=[subject_confirmation(method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key",
                                                          recipient="https://evil.example.com/"),
                                     subject_confirmation()])), OK_MIN)
    # InResponseTo.
    x = sign(platform())
    vec(f, "in-response-to-match", "F InResponseTo equals request_id", x, OK_MIN, request_id=REQ_ID)
    vec(f, "in-response-to-mismatch", "F InResponseTo differs from request_id", x, "in_response_to_mismatch",
        request_id="_other-request")
    vec(f, "in-response-to-absent-with-request-id", "F/H4 Response without InResponseTo while request_id is given:"
        " accepted, the signed bearer's InResponseTo carries the binding (real IdPs omit the Response's)",
        sign(platform(irt=None)), OK_MIN, request_id=REQ_ID)
    vec(f, "in-response-to-bearer-mismatch", "F bearer InResponseTo differs from request_id (Response matches)",
        sign(platform(confirmations=[subject_confirmation(irt="_other-request")])), "in_response_to_mismatch",
        request_id=REQ_ID)
    vec(f, "require-in-response-to-without-request-id", "F sso.require_in_response_to without request_id",
        x, "in_response_to_mismatch", cfg=config(require_in_response_to=True))
    vec(f, "require-in-response-to-with-request-id", "F sso.require_in_response_to with the matching request_id",
        x, OK_MIN, cfg=config(require_in_response_to=True), request_id=REQ_ID)
    vec(f, "in-response-to-tampered-unsigned-response", "B28 InResponseTo of the unsigned Response altered",
        x.replace('InResponseTo="%s" xmlns:samlp' % REQ_ID, 'InResponseTo="_evil" xmlns:samlp'),
        "in_response_to_mismatch", request_id=REQ_ID)
    # Issuer.
    vec(f, "issuer-match", "F sso.idp_entity_id equals both Issuers", x, OK_MIN,
        cfg=config(idp_entity_id=IDP_ISSUER))
    vec(f, "issuer-mismatch", "F sso.idp_entity_id differs from the Assertion Issuer", x, "issuer_mismatch",
        cfg=config(idp_entity_id="https://idp.example.com/"))
    vec(f, "issuer-response-differs", "F Response Issuer differs (Assertion Issuer matches)",
        sign(platform(resp_issuer="https://evil.example.com/")), "issuer_mismatch",
        cfg=config(idp_entity_id=IDP_ISSUER))
    vec(f, "issuer-response-absent", "F Response without Issuer: only the Assertion's is compared",
        sign(platform(resp_issuer=None)), OK_MIN, cfg=config(idp_entity_id=IDP_ISSUER))
    vec(f, "issuer-assertion-absent", "F Assertion without Issuer while sso.idp_entity_id is set (the Assertion"
        " must start with its Issuer: unexpected_structure)",
        sign(platform(a_issuer=None)), "unexpected_structure", cfg=config(idp_entity_id=IDP_ISSUER))
    vec(f, "assertion-without-issuer-signature-first", "R2/3 Assertion without Issuer, signature as its first child",
        sign(platform(a_issuer=None)), "unexpected_structure")
    vec(f, "issuer-unchecked-by-default", "F Issuer not compared without sso.idp_entity_id",
        sign(platform(resp_issuer="https://other.example.com/", a_issuer="https://other.example.com/")), OK_MIN)
    # Status (F50).
    st = lambda s: sign(platform(status=s))  # noqa: E731
    vec(f, "status-requester-second-level", "F50 Requester with a second-level code",
        st('<samlp:Status><samlp:StatusCode Value="%sRequester"><samlp:StatusCode Value="%sUnsupportedBinding" />'
           '</samlp:StatusCode><samlp:StatusMessage>nope</samlp:StatusMessage></samlp:Status>' % (ST, ST)),
        "status_not_success")
    vec(f, "status-responder-second-level", "F50 Responder with a second-level code",
        st('<samlp:Status><samlp:StatusCode Value="%sResponder"><samlp:StatusCode Value="%sAuthnFailed" />'
           '</samlp:StatusCode></samlp:Status>' % (ST, ST)), "status_not_success")
    vec(f, "status-success-nested-in-requester", "F50 top-level Requester, Success only as second level",
        st('<samlp:Status><samlp:StatusCode Value="%sRequester"><samlp:StatusCode Value="%sSuccess" />'
           '</samlp:StatusCode></samlp:Status>' % (ST, ST)), "status_not_success")
    vec(f, "status-missing", "F50 missing Status: unexpected_structure", st(""), "unexpected_structure")
    vec(f, "status-without-code", "F50 Status without StatusCode",
        st("<samlp:Status></samlp:Status>"), "status_not_success")
    vec(f, "status-tampered-unsigned-response", "B28 Status of the unsigned Response changed after signing",
        x.replace("status:Success", "status:Responder"), "status_not_success")
    vec(f, "status-before-missing-attribute", "F50 status checked before the attributes",
        sign(platform(status=STATUS_SUCCESS.replace("Success", "Requester"),
                      attributes=[a for a in PLATFORM_ATTRIBUTES if a[0] != "uid"])), "status_not_success")
    vec(f, "status-responder-without-assertion", "F50 error Response without an Assertion: its status is reported",
        re.sub(r"<Assertion .*</Assertion>", "",
               st('<samlp:Status><samlp:StatusCode Value="%sResponder" /></samlp:Status>' % ST), flags=re.S),
        "status_not_success")
    vec(f, "no-bearer-confirmation", "F52 no bearer SubjectConfirmation",
        sign(platform(confirmations=[])), "*")
    vec(f, "no-nameid", "8 no NameID in the Subject (kind not fixed by docs/spec.md)", sign(platform(name_id=None)), "*")


def gen_views():
    f = "views"
    virt = config(creation_mode="virtual")
    vec(f, "virtual-mode", "views: virtual creation mode", sign(platform()), {
        "name_id": "usr-1",
        "user": {"uid": "usr-1.cld-1",
                 "info": {"email": "usr-1.cld-1@mno-api-sandbox-mail.maestrano.com"},
                 "extra": {"uid": "usr-1", "virtual_uid": "usr-1.cld-1", "real_email": "john.doe@example.com",
                           "virtual_email": "usr-1.cld-1@mno-api-sandbox-mail.maestrano.com",
                           "session": {"uid": "usr-1", "group_uid": "cld-1"}}},
        "membership": {"user_uid": "usr-1", "group_uid": "cld-1", "role": "Admin"}}, cfg=virt)
    vec(f, "virtual-mode-missing-virtual-uid", "views: virtual mode without virtual_uid",
        sign(platform(attributes=[a for a in PLATFORM_ATTRIBUTES if a[0] != "virtual_uid"])),
        "missing_attribute", cfg=virt)
    vec(f, "virtual-mode-without-uid", "views: virtual mode without uid: membership uses the unmasked uid",
        sign(platform(attributes=[a for a in PLATFORM_ATTRIBUTES if a[0] != "uid"])),
        {"user": {"uid": "usr-1.cld-1"}, "membership": {"user_uid": "usr-1"}}, cfg=virt)
    vec(f, "real-mode-without-virtual-uid", "views: real mode needs only uid",
        sign(platform(attributes=[a for a in PLATFORM_ATTRIBUTES if a[0] != "virtual_uid"])),
        {"user": {"uid": "usr-1", "extra": {"virtual_uid": None}}})
    vec(f, "group-country-present", "D8 group country = group_country when present", sign(platform()),
        {"group": {"info": {"country": "US"}}, "user": {"info": {"country": "AU"}}})
    vec(f, "group-country-absent", "D8 group country falls back to the user's country",
        sign(platform(attributes=[a for a in PLATFORM_ATTRIBUTES if a[0] != "group_country"])),
        {"group": {"info": {"country": "AU"}}})
    vec(f, "group-country-and-country-absent", "D8 neither group_country nor country: null",
        sign(platform(attributes=[a for a in PLATFORM_ATTRIBUTES if a[0] not in ("group_country", "country")])),
        {"group": {"info": {"country": None}}, "user": {"info": {"country": None}}})
    vec(f, "has-credit-card-true", "views: group_has_credit_card 'true'",
        sign(platform(attributes=[(n, "true" if n == "group_has_credit_card" else v) for n, v in PLATFORM_ATTRIBUTES])),
        {"group": {"info": {"has_credit_card": True}}})
    vec(f, "has-credit-card-other", "views: group_has_credit_card other than 'true' is false",
        sign(platform(attributes=[(n, "TRUE" if n == "group_has_credit_card" else v) for n, v in PLATFORM_ATTRIBUTES])),
        {"group": {"info": {"has_credit_card": False}}})
    vec(f, "optional-attributes-absent", "views: optional attributes absent are null",
        sign(platform(attributes=[a for a in PLATFORM_ATTRIBUTES if a[0] in ("uid", "group_uid")])),
        {"user": {"uid": "usr-1", "info": {"email": None, "first_name": None, "last_name": None,
                                             "country": None, "company_name": None},
                  "extra": {"session": {"token": None, "recheck": None}}},
         "group": {"uid": "cld-1", "info": {"free_trial_end_at": None, "has_credit_card": False, "name": None}},
         "membership": {"role": None}})
    vec(f, "missing-uid", "views: missing uid (real mode)",
        sign(platform(attributes=[a for a in PLATFORM_ATTRIBUTES if a[0] != "uid"])), "missing_attribute")
    vec(f, "empty-uid", "views: empty uid (real mode)",
        sign(platform(attributes=[(n, "" if n == "uid" else v) for n, v in PLATFORM_ATTRIBUTES])),
        "missing_attribute")
    vec(f, "missing-group-uid", "views: missing group_uid",
        sign(platform(attributes=[a for a in PLATFORM_ATTRIBUTES if a[0] != "group_uid"])), "missing_attribute")
    vec(f, "no-attribute-statement", "views: no AttributeStatement at all",
        sign(platform(attributes=None)), "missing_attribute")
    unsigned_missing = T(a_sig=None, attributes=[a for a in PLATFORM_ATTRIBUTES if a[0] not in ("uid", "group_uid")])
    vec(f, "unsigned-and-missing-attributes", "8 unsigned and missing uid/group_uid: signature_missing first",
        sign(unsigned_missing), "signature_missing")
    vec(f, "tampered-and-missing-attributes", "8 missing attributes removed after signing: digest_mismatch first",
        sign(platform()).replace('<Attribute Name="uid"><AttributeValue>usr-1</AttributeValue></Attribute>', ""),
        "digest_mismatch")
    vec(f, "wrong-audience-and-missing-attributes", "8 audience_mismatch before missing_attribute",
        sign(platform(conditions=conditions(audiences=(("https://other.example.com/",),)),
                      attributes=[a for a in PLATFORM_ATTRIBUTES if a[0] != "group_uid"])), "audience_mismatch")
    vec(f, "invalid-session-recheck", "views: mno_session_recheck not a time: invalid_attribute",
        sign(platform(attributes=[(n, "soon" if n == "mno_session_recheck" else v) for n, v in PLATFORM_ATTRIBUTES])),
        "invalid_attribute")
    vec(f, "invalid-session-recheck-no-zone", "views: mno_session_recheck without a time zone: invalid_attribute",
        sign(platform(attributes=[(n, "2026-03-01T10:03:00" if n == "mno_session_recheck" else v)
                                  for n, v in PLATFORM_ATTRIBUTES])), "invalid_attribute")
    vec(f, "invalid-free-trial", "views: group_end_free_trial not a time: invalid_attribute",
        sign(platform(attributes=[(n, "2026-13-01T00:00:00Z" if n == "group_end_free_trial" else v)
                                  for n, v in PLATFORM_ATTRIBUTES])), "invalid_attribute")
    vec(f, "session-recheck-offset", "views: mno_session_recheck with an offset is normalised to UTC",
        sign(platform(attributes=[(n, "2026-03-01T12:03:00+02:00" if n == "mno_session_recheck" else v)
                                  for n, v in PLATFORM_ATTRIBUTES])),
        {"user": {"extra": {"session": {"recheck": "2026-03-01T10:03:00Z"}}}})
    vec(f, "missing-attributes-response-signed", "views: missing uid on the Response-signed base",
        sign(response_signed(attributes=[a for a in PLATFORM_ATTRIBUTES if a[0] != "uid"])), "missing_attribute",
        cfg=MODERN_CFG())


# --------------------------------------------------------------------------------------------
# Hostile-input hardening (H1–H5) and the replay cache (H6)
# --------------------------------------------------------------------------------------------
XENC = "http://www.w3.org/2001/04/xmlenc#"
ENCRYPTED_DATA = ('<xenc:EncryptedData xmlns:xenc="%s" Type="%sElement"><xenc:CipherData>'
                  '<xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>'
                  % (XENC, XENC))
ENCRYPTED_ID = "<EncryptedID>%s</EncryptedID>" % ENCRYPTED_DATA
ENCRYPTED_ATTRIBUTE = "<EncryptedAttribute>%s</EncryptedAttribute>" % ENCRYPTED_DATA
HOLDER_OF_KEY = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"


def edit(xml, old, new, count=1):
    """`xml` with `old` replaced by `new`; `old` must occur exactly `count` times (a
    post-processing step that silently matched nothing would make a vector test nothing)."""
    n = xml.count(old)
    if n != count:
        sys.exit("post-processing: %r occurs %d times, expected %d" % (old[:80], n, count))
    return xml.replace(old, new)


def inclusive_namespaces(prefix_list, body=""):
    return ('<ec:InclusiveNamespaces xmlns:ec="%s" PrefixList="%s">%s</ec:InclusiveNamespaces>'
            % (EXC, prefix_list, body))


def gen_hardening():
    f = "hardening"
    # H1: the ds:Signature shape, checked before anything is canonicalised or hashed.
    xs_ns = ' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
    vec(f, "h1-prefixlist-duplicates-transform-signed",
        "H1 exc-c14n Transform PrefixList repeating tokens ('xs xs #default #default', signed that way by xmlsec1):"
        " duplicates dropped, valid", sign(platform(resp_ns_extra=xs_ns,
                                                    a_sig=dict(LEGACY_SIG, prefix_list="xs xs #default #default"))),
        OK_MIN)
    vec(f, "h1-prefixlist-duplicates-c14n-method-signed",
        "H1 CanonicalizationMethod PrefixList repeating tokens ('ds #default ds #default', signed): valid",
        sign(platform(a_sig=dict(LEGACY_SIG, c14n_prefix_list="ds #default ds #default"))), OK_MIN)
    vec(f, "h1-prefixlist-both-places-signed",
        "H1 InclusiveNamespaces in the CanonicalizationMethod and the exc-c14n Transform (signed): valid",
        sign(modern(resp_ns_extra=xs_ns, a_sig=dict(MODERN_SIG, prefix_list="xs #default",
                                                    c14n_prefix_list="#default xs"))), OK_MIN,
        cfg=MODERN_CFG())
    p32 = " ".join("p%d" % i for i in range(32))
    t32 = sign(platform(a_sig=dict(LEGACY_SIG, prefix_list=p32)))
    vec(f, "h1-prefixlist-32-tokens-signed", "H1 PrefixList of exactly 32 tokens (the default limit; signed): valid",
        t32, OK_MIN)
    vec(f, "h1-prefixlist-max-prefix-list-below", "H1 sso.max_prefix_list 31 with 32 tokens (signed): input_too_large",
        t32, "input_too_large", cfg=config(max_prefix_list=31))
    vec(f, "h1-prefixlist-max-prefix-list-raised", "H1 sso.max_prefix_list 40 with 33 tokens (signed): valid",
        sign(platform(a_sig=dict(LEGACY_SIG, prefix_list=" ".join("p%d" % i for i in range(33))))), OK_MIN,
        cfg=config(max_prefix_list=40))
    vec(f, "h1-inclusive-namespaces-white-space-signed",
        "H1 white space inside ec:InclusiveNamespaces (both places, signed that way): valid",
        sign(platform(a_sig=dict(LEGACY_SIG, prefix_list="xs", c14n_prefix_list="ds", incl_body="\n  \t"))),
        OK_MIN)
    vec(f, "h1-method-elements-white-space-signed",
        "H1 white space inside SignatureMethod, DigestMethod and the enveloped-signature Transform (signed): valid",
        sign(platform(a_sig=dict(LEGACY_SIG, method_body="\n   "))), OK_MIN)

    # Post-processed after signing (the shape is refused before any digest is computed).
    t = sign(platform(a_sig=dict(LEGACY_SIG, prefix_list="xs")))
    incl = inclusive_namespaces("xs")
    pl = lambda v: edit(t, 'PrefixList="xs"', 'PrefixList="%s"' % v)  # noqa: E731
    body = lambda b: edit(t, incl, inclusive_namespaces("xs", b))  # noqa: E731
    vec(f, "h1-inclusive-namespaces-child-element", "H1 ec:InclusiveNamespaces holding a child element",
        body("<ec:Child></ec:Child>"), "unexpected_structure")
    vec(f, "h1-inclusive-namespaces-50-empty-children",
        "H1 attack shape (scaled down): ec:InclusiveNamespaces with 50 empty children",
        body('<ec:InclusiveNamespaces PrefixList="xs"></ec:InclusiveNamespaces>' * 50), "unexpected_structure")
    vec(f, "h1-inclusive-namespaces-comment", "H1 ec:InclusiveNamespaces holding a comment",
        body("<!--xs-->"), "unexpected_structure")
    vec(f, "h1-inclusive-namespaces-text", "H1 ec:InclusiveNamespaces holding non-blank text",
        body(" xs "), "unexpected_structure")
    vec(f, "h1-inclusive-namespaces-no-prefixlist", "H1 ec:InclusiveNamespaces without PrefixList",
        edit(t, ' PrefixList="xs"', ""), "unexpected_structure")
    vec(f, "h1-inclusive-namespaces-extra-attribute", "H1 ec:InclusiveNamespaces with PrefixList and another attribute",
        edit(t, 'PrefixList="xs"', 'PrefixList="xs" Extra="1"'), "unexpected_structure")
    vec(f, "h1-inclusive-namespaces-other-attribute", "H1 ec:InclusiveNamespaces with only another attribute (prefixlist)",
        edit(t, 'PrefixList="xs"', 'prefixlist="xs"'), "unexpected_structure")
    vec(f, "h1-inclusive-namespaces-namespaced-prefixlist", "H1 a namespaced ec:PrefixList is not the PrefixList attribute",
        edit(t, 'PrefixList="xs"', 'ec:PrefixList="xs"'), "unexpected_structure")
    vec(f, "h1-prefixlist-qname-token", "H1 PrefixList token that is not an NCName (a:b)", pl("xs a:b"),
        "unexpected_structure")
    vec(f, "h1-prefixlist-digit-token", "H1 PrefixList token that is not an NCName (1xs)", pl("1xs"),
        "unexpected_structure")
    vec(f, "h1-prefixlist-hash-token", "H1 PrefixList token '#all' (only #default is allowed)", pl("#all"),
        "unexpected_structure")
    vec(f, "h1-prefixlist-33-tokens", "H1 PrefixList of 33 tokens (limit 32): input_too_large",
        pl(" ".join("p%d" % i for i in range(33))), "input_too_large")
    vec(f, "h1-prefixlist-33-duplicate-tokens", "H1 33 tokens as written, all the same (counted before dropping duplicates)",
        pl(" ".join(["xs"] * 33)), "input_too_large")
    vec(f, "h1-prefixlist-40-tokens", "H1 attack shape (scaled down): PrefixList of 40 tokens",
        pl(" ".join("p%d" % i for i in range(40))), "input_too_large")
    vec(f, "h1-prefixlist-1000-tokens", "H1 attack shape (scaled down): PrefixList of 1000 tokens",
        pl(" ".join("p%d" % i for i in range(1000))), "input_too_large")
    vec(f, "h1-prefixlist-1000-tokens-invalid-after-32", "H1 1000 tokens, invalid ones past the 32nd: too large first",
        pl(" ".join(["p%d" % i for i in range(32)] + ["a:b"] * 968)), "input_too_large")
    # The same in the SignedInfo CanonicalizationMethod.
    c = sign(platform(a_sig=dict(LEGACY_SIG, c14n_prefix_list="ds")))
    cincl = inclusive_namespaces("ds")
    vec(f, "h1-c14n-method-inclusive-namespaces-child-element",
        "H1 ec:InclusiveNamespaces of the CanonicalizationMethod holding a child element",
        edit(c, cincl, inclusive_namespaces("ds", "<ec:Child></ec:Child>")), "unexpected_structure")
    vec(f, "h1-c14n-method-inclusive-namespaces-50-empty-children",
        "H1 attack shape (scaled down) in the CanonicalizationMethod: 50 empty children",
        edit(c, cincl, inclusive_namespaces("ds", "<ec:InclusiveNamespaces></ec:InclusiveNamespaces>" * 50)),
        "unexpected_structure")
    vec(f, "h1-c14n-method-prefixlist-1000-tokens", "H1 CanonicalizationMethod PrefixList of 1000 tokens",
        edit(c, 'PrefixList="ds"', 'PrefixList="%s"' % " ".join("p%d" % i for i in range(1000))), "input_too_large")
    vec(f, "h1-c14n-method-prefixlist-33-tokens", "H1 CanonicalizationMethod PrefixList of 33 tokens",
        edit(c, 'PrefixList="ds"', 'PrefixList="%s"' % " ".join("p%d" % i for i in range(33))), "input_too_large")
    vec(f, "h1-c14n-method-prefixlist-bad-token", "H1 CanonicalizationMethod PrefixList token not an NCName",
        edit(c, 'PrefixList="ds"', 'PrefixList="ds x:y"'), "unexpected_structure")
    vec(f, "h1-c14n-method-inclusive-namespaces-no-prefixlist", "H1 CanonicalizationMethod ec:InclusiveNamespaces without PrefixList",
        edit(c, ' PrefixList="ds"', ""), "unexpected_structure")
    x = sign(platform())
    vec(f, "h1-c14n-method-inclusive-namespaces-added", "H1 ec:InclusiveNamespaces with 1000 tokens added to a signed"
        " CanonicalizationMethod that had none",
        edit(x, '<ds:CanonicalizationMethod Algorithm="%s"></ds:CanonicalizationMethod>' % EXC,
             '<ds:CanonicalizationMethod Algorithm="%s">%s</ds:CanonicalizationMethod>'
             % (EXC, inclusive_namespaces(" ".join("p%d" % i for i in range(1000))))), "input_too_large")
    # Method elements must be empty (white space only).
    sm = '<ds:SignatureMethod Algorithm="%s"></ds:SignatureMethod>' % SIG["rsa-sha1"]
    dm = '<ds:DigestMethod Algorithm="%s"></ds:DigestMethod>' % DIG["sha1"]
    et = '<ds:Transform Algorithm="%s"></ds:Transform>' % ENV
    for label, el in (("signature-method", sm), ("digest-method", dm), ("enveloped-transform", et)):
        for what, inner in (("text", "x"), ("comment", "<!--x-->"), ("child-element", "<ds:X></ds:X>")):
            vec(f, "h1-%s-%s" % (label, what), "H1 %s holding %s (must be empty: white space only)"
                % ({"signature-method": "ds:SignatureMethod", "digest-method": "ds:DigestMethod",
                    "enveloped-transform": "the enveloped-signature ds:Transform"}[label],
                   {"text": "non-blank text", "comment": "a comment", "child-element": "a child element"}[what]),
                edit(x, el, el.replace("></", ">%s</" % inner)), "unexpected_structure")
    vec(f, "h1-signature-method-hmac-output-length", "H1 ds:HMACOutputLength inside an RSA SignatureMethod",
        edit(x, sm, sm.replace("></", "><ds:HMACOutputLength>80</ds:HMACOutputLength></")), "unexpected_structure")

    # KeyInfo: only X509Data, KeyName, KeyValue (outside SignedInfo: edits keep the signature valid).
    ki = '<KeyInfo xmlns="%s">' % DS
    kin = lambda xml: edit(x, ki, ki + xml)  # noqa: E731
    si = re.search(r"<ds:SignedInfo .*?</ds:SignedInfo>", x, re.S).group(0)
    sig = re.search(r"<ds:Signature .*?</ds:Signature>", x, re.S).group(0)
    ref = re.search(r"<ds:Reference .*?</ds:Reference>", x, re.S).group(0)
    vec(f, "h1-keyinfo-nested-signature", "H1 a whole ds:Signature nested in KeyInfo (also a misplaced signature)", kin(sig), "unexpected_structure")
    vec(f, "h1-keyinfo-nested-signedinfo-same-reference", "H1 a copy of the SignedInfo (same Reference) in KeyInfo",
        kin(si), "unexpected_structure")
    vec(f, "h1-keyinfo-reference", "H1 a ds:Reference in KeyInfo", kin(ref), "unexpected_structure")
    vec(f, "h1-keyinfo-retrieval-method", "H1 ds:RetrievalMethod in KeyInfo (fetch a key from a URI)",
        kin('<RetrievalMethod URI="https://evil.example.com/key.cer" Type="%sX509Data"></RetrievalMethod>' % DS),
        "unexpected_structure")
    vec(f, "h1-keyinfo-foreign-element", "H1 a foreign element in KeyInfo",
        kin('<x:Junk xmlns:x="urn:x"></x:Junk>'), "unexpected_structure")
    vec(f, "h1-keyinfo-text", "H1 non-blank text directly in KeyInfo", kin("junk"), "unexpected_structure")
    vec(f, "h1-keyinfo-x509data-foreign-child", "H1 a foreign element in X509Data",
        edit(x, "<ds:X509Data>", '<ds:X509Data><x:Junk xmlns:x="urn:x"></x:Junk>'), "unexpected_structure")
    vec(f, "h1-keyinfo-x509data-signedinfo", "H1 a SignedInfo nested in X509Data",
        edit(x, "<ds:X509Data>", "<ds:X509Data>" + si), "unexpected_structure")
    vec(f, "h1-keyinfo-x509certificate-child-element", "H1 X509Certificate holding an element (text only)",
        edit(x, "<ds:X509Certificate>", "<ds:X509Certificate><ds:X509Certificate></ds:X509Certificate>"),
        "unexpected_structure")
    vec(f, "h1-keyinfo-x509certificate-comment", "H1 X509Certificate holding a comment (text only)",
        edit(x, "<ds:X509Certificate>", "<ds:X509Certificate><!--x-->"), "unexpected_structure")
    vec(f, "h1-keyinfo-x509issuerserial-nested", "H1 X509IssuerSerial field holding an element",
        edit(x, "</ds:X509Data>", "<ds:X509IssuerSerial><ds:X509IssuerName><ds:SignedInfo></ds:SignedInfo>"
             "</ds:X509IssuerName><ds:X509SerialNumber>1</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data>"),
        "unexpected_structure")
    vec(f, "h1-keyinfo-keyname-child-element", "H1 KeyName holding an element (text only)",
        kin("<KeyName><KeyName>idp</KeyName></KeyName>"), "unexpected_structure")
    vec(f, "h1-keyinfo-keyvalue-two-children", "H1 KeyValue with two key values",
        kin("<KeyValue><RSAKeyValue><Modulus>AQAB</Modulus><Exponent>AQAB</Exponent></RSAKeyValue>"
            "<RSAKeyValue><Modulus>AQAB</Modulus><Exponent>AQAB</Exponent></RSAKeyValue></KeyValue>"),
        "unexpected_structure")
    vec(f, "h1-keyinfo-keyvalue-empty", "H1 KeyValue without a key value", kin("<KeyValue></KeyValue>"),
        "unexpected_structure")
    vec(f, "h1-keyinfo-keyvalue-nested-field", "H1 KeyValue field holding an element",
        kin("<KeyValue><RSAKeyValue><Modulus><Reference URI=\"#%s\"></Reference></Modulus>"
            "<Exponent>AQAB</Exponent></RSAKeyValue></KeyValue>" % AID), "unexpected_structure")
    allowed = ("<KeyName>idp</KeyName><KeyValue><RSAKeyValue><Modulus>AQAB</Modulus><Exponent>AQAB</Exponent>"
               "</RSAKeyValue></KeyValue><X509Data><X509SubjectName>CN=legacy.idp.example.com</X509SubjectName>"
               "<X509IssuerSerial><X509IssuerName>CN=legacy.idp.example.com</X509IssuerName>"
               "<X509SerialNumber>1</X509SerialNumber></X509IssuerSerial><X509SKI>AAAA</X509SKI>"
               "<X509CRL>AAAA</X509CRL></X509Data>")
    vec(f, "h1-keyinfo-every-allowed-child", "H1 KeyInfo with KeyName, KeyValue and every X509Data child: valid",
        kin(allowed), OK_MIN)
    vec(f, "h1-keyinfo-keyname-undecodable-certificate", "H1 KeyName and an undecodable X509Certificate: valid"
        " (KeyInfo only picks pinned keys)",
        sign(platform(a_sig=dict(LEGACY_SIG, keyinfo='<KeyInfo xmlns="%s"><KeyName>idp</KeyName><X509Data>'
                                 '<X509Certificate>!!!</X509Certificate></X509Data></KeyInfo>' % DS))), OK_MIN)
    r = sign(response_signed())
    rsi = re.search(r"<ds:SignedInfo>.*?</ds:SignedInfo>|<ds:SignedInfo .*?</ds:SignedInfo>", r, re.S).group(0)
    vec(f, "h1-keyinfo-response-signature-nested-signedinfo", "H1 Response signature: a SignedInfo nested in KeyInfo",
        edit(r, ki, ki + rsi), "unexpected_structure", cfg=MODERN_CFG())

    # H2: a bearer confirmation must carry Recipient and NotOnOrAfter (SAML Profiles §4.1.4.2).
    vec(f, "h2-bearer-recipient-absent-response-signed", "H2 bearer without Recipient (Response-signed base)",
        sign(response_signed(confirmations=[subject_confirmation(recipient=None)])), "recipient_mismatch",
        cfg=MODERN_CFG())
    vec(f, "h2-bearer-notonorafter-absent", "H2 bearer without NotOnOrAfter, Conditions has one: refused",
        sign(platform(confirmations=[subject_confirmation(noa=None)])), "unexpected_structure")
    vec(f, "h2-bearer-notonorafter-absent-no-conditions", "H2 bearer without NotOnOrAfter and no Conditions:"
        " an assertion with no time limit at all", sign(platform(confirmations=[subject_confirmation(noa=None)],
                                                                  conditions="")), "unexpected_structure")
    bare = '<SubjectConfirmation Method="%s"></SubjectConfirmation>' % BEARER
    vec(f, "h2-bare-bearer-no-conditions", "H2 bare bearer SubjectConfirmation (no SubjectConfirmationData) and"
        " no Conditions: refused (no Recipient is reported first)",
        sign(platform(confirmations=[bare], conditions="")), "recipient_mismatch")
    vec(f, "h2-bare-bearer-with-conditions", "H2 bare bearer SubjectConfirmation with Conditions: refused",
        sign(platform(confirmations=[bare])), "recipient_mismatch")
    vec(f, "h2-incomplete-bearer-beside-complete", "H2 a bearer without NotOnOrAfter beside a complete one:"
        " the complete one is accepted and alone sets the horizon",
        sign(platform(confirmations=[subject_confirmation(noa=None), subject_confirmation()])),
        {"name_id": "usr-1", "not_on_or_after": BEARER_NOA})
    vec(f, "h2-bearer-without-recipient-beside-complete", "H2 a bearer without Recipient (NotOnOrAfter 10:30)"
        " beside a complete one: accepted, the incomplete one does not extend the horizon",
        sign(platform(confirmations=[subject_confirmation(recipient=None, noa="2026-03-01T10:30:00Z"),
                                     subject_confirmation()])),
        {"name_id": "usr-1", "not_on_or_after": BEARER_NOA})

    # H3: the replay horizon: latest NotOnOrAfter of the bearers whose binding holds, capped by
    # the Conditions' NotOnOrAfter.
    two = lambda second, **kw: sign(platform(confirmations=[subject_confirmation(), second], **kw))  # noqa: E731
    vec(f, "h3-horizon-latest-bearer", "H3 bearers 10:03 and 10:30, Conditions 11:00: horizon 10:30",
        two(subject_confirmation(noa="2026-03-01T10:30:00Z")), {"not_on_or_after": "2026-03-01T10:30:00Z"})
    vec(f, "h3-horizon-capped-by-conditions", "H3 bearers 10:03 and 11:30, Conditions 11:00: capped at 11:00",
        two(subject_confirmation(noa="2026-03-01T11:30:00Z")), {"not_on_or_after": COND_NOA})
    vec(f, "h3-horizon-no-conditions", "H3 bearers 10:03 and 11:30, no Conditions: 11:30",
        two(subject_confirmation(noa="2026-03-01T11:30:00Z"), conditions=""),
        {"not_on_or_after": "2026-03-01T11:30:00Z"})
    vec(f, "h3-horizon-wrong-recipient-ignored", "H3 second bearer with a wrong Recipient and NotOnOrAfter 10:30"
        " does not extend the horizon (10:03)",
        two(subject_confirmation(noa="2026-03-01T10:30:00Z", recipient="https://evil.example.com/acs")),
        {"not_on_or_after": BEARER_NOA})
    vec(f, "h3-horizon-wrong-in-response-to-ignored", "H3 with request_id: a second bearer with another"
        " InResponseTo (10:30) does not extend the horizon",
        two(subject_confirmation(noa="2026-03-01T10:30:00Z", irt="_other-request")),
        {"not_on_or_after": BEARER_NOA}, request_id=REQ_ID)
    vec(f, "h3-horizon-in-response-to-without-request-id", "H3 without request_id, InResponseTo is not checked:"
        " the second bearer (10:30) counts",
        two(subject_confirmation(noa="2026-03-01T10:30:00Z", irt="_other-request")),
        {"not_on_or_after": "2026-03-01T10:30:00Z"})
    vec(f, "h3-horizon-first-bearer-expired", "H3 at 10:20 the first bearer (10:03) has expired, the second"
        " (10:30) is accepted: horizon 10:30",
        two(subject_confirmation(noa="2026-03-01T10:30:00Z")), {"not_on_or_after": "2026-03-01T10:30:00Z"},
        now="2026-03-01T10:20:00Z")
    vec(f, "h3-horizon-not-yet-valid-bearer-counts", "H3 a bearer whose window has not opened yet still counts"
        " (whatever its time window): horizon 10:45",
        two(subject_confirmation(nb="2026-03-01T10:30:00Z", noa="2026-03-01T10:45:00Z")),
        {"not_on_or_after": "2026-03-01T10:45:00Z"})
    vec(f, "h3-horizon-conditions-earlier", "H3 Conditions NotOnOrAfter 10:02 before the bearer's 11:00: horizon 10:02",
        sign(platform(conditions=conditions(noa="2026-03-01T10:02:00Z"),
                      confirmations=[subject_confirmation(noa="2026-03-01T11:00:00Z")])),
        {"not_on_or_after": "2026-03-01T10:02:00Z"})

    # H4: InResponseTo bound by the signed bearer when the host passes its request ID.
    vec(f, "h4-bearer-in-response-to-absent", "H4 request_id given, only the Assertion signed, its bearer without"
        " InResponseTo, the unsigned Response carrying it (unsigned-binding attack)",
        sign(platform(confirmations=[subject_confirmation(irt=None)])), "in_response_to_mismatch",
        request_id=REQ_ID)
    vec(f, "h4-bearer-and-response-in-response-to-absent", "H4 request_id given, no InResponseTo anywhere",
        sign(platform(irt=None, confirmations=[subject_confirmation(irt=None)])), "in_response_to_mismatch",
        request_id=REQ_ID)
    vec(f, "h4-bearer-in-response-to-absent-without-request-id", "H4 no request_id: InResponseTo not required",
        sign(platform(irt=None, confirmations=[subject_confirmation(irt=None)])), OK_MIN)
    vec(f, "h4-response-in-response-to-absent-response-signed", "H4 Response-signed, Response without InResponseTo,"
        " bearer carries the request_id: accepted",
        sign(response_signed(irt=None)), OK_MIN, cfg=MODERN_CFG(), request_id=REQ_ID)
    vec(f, "h4-response-in-response-to-differs-signed", "H4 signed Response InResponseTo differs, bearer matches",
        sign(response_signed(irt="_other-request")), "in_response_to_mismatch", cfg=MODERN_CFG(),
        request_id=REQ_ID)
    vec(f, "h4-second-bearer-carries-in-response-to", "H4 first bearer without InResponseTo, second with it:"
        " the second is accepted", sign(platform(confirmations=[subject_confirmation(irt=None),
                                                                 subject_confirmation()])),
        OK_MIN, request_id=REQ_ID)

    # H5: encrypted identifiers and attributes are refused by the SAML reader (signatures valid).
    sc = subject_confirmation()
    vec(f, "h5-encrypted-id-in-subject", "H5 saml:EncryptedID instead of NameID in the Subject (signed): unsupported",
        sign(platform(name_id=None, confirmations=[ENCRYPTED_ID, sc])), "unsupported")
    vec(f, "h5-encrypted-id-beside-nameid", "H5 saml:EncryptedID after the NameID (signed): unsupported",
        sign(platform(confirmations=[ENCRYPTED_ID, sc])), "unsupported")
    vec(f, "h5-encrypted-id-in-bearer-confirmation", "H5 saml:EncryptedID in the bearer SubjectConfirmation (signed)",
        sign(platform(confirmations=[sc.replace("<SubjectConfirmationData", ENCRYPTED_ID + "<SubjectConfirmationData", 1)])),
        "unsupported")
    hok = subject_confirmation(method=HOLDER_OF_KEY)
    vec(f, "h5-encrypted-id-in-holder-of-key-confirmation", "H5 saml:EncryptedID in a holder-of-key"
        " SubjectConfirmation beside a valid bearer (signed)",
        sign(platform(confirmations=[hok.replace("<SubjectConfirmationData", ENCRYPTED_ID + "<SubjectConfirmationData", 1),
                                     sc])), "unsupported")
    vec(f, "h5-encrypted-attribute", "H5 saml:EncryptedAttribute in the AttributeStatement (signed): unsupported",
        sign(platform(statement_extra=ENCRYPTED_ATTRIBUTE)), "unsupported")
    vec(f, "h5-encrypted-attribute-only", "H5 AttributeStatement holding only an EncryptedAttribute: unsupported,"
        " not missing_attribute", sign(platform(attributes=[], statement_extra=ENCRYPTED_ATTRIBUTE)), "unsupported")
    vec(f, "h5-encrypted-id-response-signed", "H5 saml:EncryptedID in the Subject, Response-signed base",
        sign(response_signed(name_id=None, confirmations=[ENCRYPTED_ID, sc])), "unsupported", cfg=MODERN_CFG())


def replay_vec(family, name, rule, steps, expect, cfg=None, capacity=100000):
    """A `saml.replay_sequence` vector: each step is (xml, now[, request_id])."""
    if name in NAMES:
        sys.exit("duplicate vector name " + name)
    NAMES.add(name)
    out = []
    for step in steps:
        s = {"saml_response": b64(step[0]), "now": step[1]}
        if len(step) > 2:
            s["request_id"] = step[2]
        out.append(s)
    FAMILIES.setdefault(family, []).append({
        "name": "gen-" + name, "rule": rule, "op": "saml.replay_sequence",
        "config": cfg if cfg is not None else config(),
        "input": {"capacity": capacity, "steps": out},
        "expect": {"ok": expect}})


def gen_replay():
    f = "replay"
    x = sign(platform())  # bearer 10:03, remembered until 10:04 (skew 60 s)
    replay_vec(f, "replay-same-response-twice", "H6 the same response twice", [(x, NOW), (x, "2026-03-01T10:02:00Z")],
               ["ok", "replayed"])
    replay_vec(f, "replay-rewrapped-assertion", "H6 the same signed Assertion in a new unsigned Response (other"
               " Response ID): keyed by the assertion", [(x, NOW), (edit(x, 'ID="%s"' % RID, 'ID="_r_other"'), NOW)],
               ["ok", "replayed"])
    two = sign(platform(confirmations=[subject_confirmation(), subject_confirmation(noa="2026-03-01T10:30:00Z")]))
    replay_vec(f, "replay-second-bearer-extends-window", "H6/H3 bearers 10:03 and 10:30 validated at 10:01, 10:05"
               " and 10:20: remembered until 10:31, so every reuse is replayed",
               [(two, NOW), (two, "2026-03-01T10:05:00Z"), (two, "2026-03-01T10:20:00Z")],
               ["ok", "replayed", "replayed"])
    other = "https://other-idp.example.com/"
    replay_vec(f, "replay-same-id-other-issuer", "H6 the same Assertion ID from two issuers (no sso.idp_entity_id):"
               " keyed by (issuer, ID)", [(x, NOW), (sign(platform(resp_issuer=other, a_issuer=other)), NOW)],
               ["ok", "ok"])
    y = sign(platform(aid="_second_assertion"))
    replay_vec(f, "replay-store-full", "H6 capacity 1, two different assertions: the second is refused"
               " (replay_store_full), never accepted unrecorded", [(x, NOW), (y, NOW)],
               ["ok", "replay_store_full"], capacity=1)
    replay_vec(f, "replay-store-full-same-assertion", "H6 capacity 1, the same assertion again: replayed",
               [(x, NOW), (x, NOW)], ["ok", "replayed"], capacity=1)
    later = sign(platform(aid="_later_assertion", conditions=conditions(nb="2026-03-01T10:03:00Z"),
                          confirmations=[subject_confirmation(noa="2026-03-01T10:10:00Z")]))
    replay_vec(f, "replay-store-expired-entry-freed", "H6 capacity 1: the first assertion expired from the store"
               " (10:03 + skew) by 10:05, a second one is accepted", [(x, NOW), (later, "2026-03-01T10:05:00Z")],
               ["ok", "ok"], capacity=1)
    replay_vec(f, "replay-store-freed-at-expiry", "H6 capacity 1: the entry is dropped at exactly NotOnOrAfter + skew",
               [(x, NOW), (later, "2026-03-01T10:04:00Z")], ["ok", "ok"], capacity=1)
    replay_vec(f, "replay-store-full-1ms-before-expiry", "H6 capacity 1: 1 ms before NotOnOrAfter + skew the entry"
               " still holds the room", [(x, NOW), (later, "2026-03-01T10:03:59.999Z")],
               ["ok", "replay_store_full"], capacity=1)
    replay_vec(f, "replay-store-skew-0", "H6 capacity 1, clock_skew 0: the entry expires at NotOnOrAfter itself",
               [(x, NOW), (later, "2026-03-01T10:03:00Z")], ["ok", "ok"], capacity=1, cfg=config(clock_skew=0))
    replay_vec(f, "replay-failed-validation-not-recorded", "H6 a response refused by validation is not recorded"
               " (capacity 1)", [(x, NOW, "_other-request"), (x, NOW, REQ_ID), (x, NOW, REQ_ID)],
               ["in_response_to_mismatch", "ok", "replayed"], capacity=1)
    replay_vec(f, "replay-then-expired", "H6 after its window a reused response is refused by validation (expired)",
               [(x, NOW), (x, "2026-03-01T10:04:00Z")], ["ok", "expired"])


# --------------------------------------------------------------------------------------------
def dump_lines(vectors):
    """A JSON array with one vector per line (compact; diffs stay per vector)."""
    if not vectors:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(v, ensure_ascii=False, separators=(",", ":"))
                               for v in vectors) + "\n]\n"


def main():
    if not shutil.which("xmlsec1") or not shutil.which("openssl"):
        sys.exit("xmlsec1 and openssl are required")
    ensure_keys()
    bases = gen_bases()
    gen_xsw(bases)
    gen_signature_placement(bases)
    gen_trust(bases)
    gen_algorithms(bases)
    gen_text(bases)
    gen_line_ends()
    gen_parse(bases)
    gen_limits(bases)
    gen_time()
    gen_protocol()
    gen_views()
    gen_hardening()
    gen_replay()
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".json"):
            os.remove(os.path.join(OUT, old))
    disputed = FAMILIES.pop("__disputed__", [])
    total = 0
    for family, vectors in sorted(FAMILIES.items()):
        with open(os.path.join(OUT, family + ".json"), "w", encoding="utf-8") as fh:
            fh.write(dump_lines(vectors))
        total += len(vectors)
        print("%-22s %3d" % (family, len(vectors)))
    with open(DISPUTED, "w", encoding="utf-8") as fh:
        fh.write(dump_lines(disputed))
    print("total %d vectors (+%d disputed in %s)" % (total, len(disputed), os.path.relpath(DISPUTED, ROOT)))
    shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
