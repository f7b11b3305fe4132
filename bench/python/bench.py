#!/usr/bin/env python3
"""Side-by-side benchmark of the maestrano Python package (Rust core, native extension) against
python3-saml (OneLogin; full SAML Response validation) and signxml (XML-DSig only), on the same
signed SAML Responses with the same pinned certificate. Not part of CI: run ``bash bench/run.sh``.

    python bench/python/bench.py [--json out.json]

Environment: BENCH_SECONDS (measured seconds per library and document, default 2.5, split in
BENCH_ROUNDS rounds, default 5; the median round is reported), BENCH_WARMUP_SECONDS (0.5).
"""

import base64
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone

import maestrano
from maestrano import sso, xmldsig

import onelogin.saml2
from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from importlib.metadata import version as dist_version
import signxml
from signxml import XMLVerifier

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SECONDS = float(os.environ.get("BENCH_SECONDS", "2.5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
WARMUP = float(os.environ.get("BENCH_WARMUP_SECONDS", "0.5"))

# ---- the documents and the trust ------------------------------------------------------------
# Fixtures from tests/dsig (xmlsec1, RSA-2048 / SHA-256, Assertion `_assert-1` signed). Their SAML
# facts (tests/dsig/generate.py): Issuer https://idp.maestrano.test, Audience app-1,
# Destination/Recipient http://localhost:3000/maestrano/auth/saml/consume, InResponseTo _req-1,
# valid 2024-05-01T09:55:00Z <= t < 10:05:00Z.
def _read(*parts, mode="r"):
    with open(os.path.join(ROOT, *parts), mode) as f:
        return f.read()


DOCS = []
for label, name in [("7.5 KB", "xmlsec1-bench-7k.xml"), ("109 KB", "xmlsec1-bench-109k.xml")]:
    raw = _read("tests", "dsig", "signed", name, mode="rb")
    DOCS.append({"label": label, "bytes": len(raw), "raw": raw, "xml": raw.decode("utf-8"),
                 "b64": base64.b64encode(raw).decode("ascii")})
CERT = _read("tests", "dsig", "certs", "idp.pem")
ATTACKER_CERT = _read("tests", "dsig", "certs", "attacker.pem")
NOW = datetime(2024, 5, 1, 10, 0, 0, tzinfo=timezone.utc)
ISSUER = "https://idp.maestrano.test"
AUDIENCE = "app-1"
ACS = "http://localhost:3000/maestrano/auth/saml/consume"
ID = "_assert-1"

# ---- the contestants ------------------------------------------------------------------------
def make_config(cert):
    # Default security settings; the pinned certificate replaces the platform's.
    return maestrano.Config.from_dict({
        "environment": "production",
        "app": {"host": "http://localhost:3000"},
        "api": {"id": AUDIENCE, "key": "bench-key"},
        "sso": {"x509_certificate": cert, "idp_entity_id": ISSUER},
    })


CONFIG = make_config(CERT)

# python3-saml reads the wall clock through OneLogin_Saml2_Utils.now(); pin it to NOW (the
# fixtures' window is in 2024). Every time check still runs.
_NOW_TS = int(NOW.timestamp())
OneLogin_Saml2_Utils.now = staticmethod(lambda: _NOW_TS)


def _pem_body(pem):
    return "".join(l for l in pem.strip().splitlines() if "CERTIFICATE" not in l)


def onelogin_settings(cert):
    return OneLogin_Saml2_Settings({
        "strict": True,  # what the docs require in production: every SAML check, XSD validation
        "debug": False,
        "sp": {
            "entityId": AUDIENCE,
            "assertionConsumerService": {"url": ACS,
                                         "binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"},
            "NameIDFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        },
        "idp": {
            "entityId": ISSUER,
            "singleSignOnService": {"url": "https://maestrano.com/api/v1/auth/saml",
                                    "binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"},
            "x509cert": _pem_body(cert),  # pinned: python3-saml never trusts KeyInfo
        },
        "security": {
            "wantAssertionsSigned": True,
            "wantMessagesSigned": False,  # the fixtures sign the Assertion only (as the platform does)
            "wantNameId": True,
            "rejectDeprecatedAlgorithm": True,
        },
    }, sp_validation_only=True)


SETTINGS = onelogin_settings(CERT)
# The POST to the ACS URL, as a framework adapter would describe it (python3-saml checks
# Destination and Recipient against it).
REQUEST = {"https": "off", "http_host": "localhost", "server_port": "3000",
           "script_name": "/maestrano/auth/saml/consume", "get_data": {}, "post_data": {}}


def python3_saml(b64, settings=SETTINGS):
    # What OneLogin_Saml2_Auth.process_response does, minus the session bookkeeping; request-less
    # (no request_id), like ours.
    r = OneLogin_Saml2_Response(settings, b64)
    r.is_valid(REQUEST, raise_exceptions=True)
    return r.get_nameid(), r.get_attributes()


def signxml_verify(raw, cert=CERT):
    # Signature only; parse included (like ours, which takes the document text).
    return XMLVerifier().verify(raw, x509_cert=cert).signed_xml


def ours_sso(b64, config=CONFIG):
    return sso.validate_response(config, b64, now=NOW)


def ours_dsig(xml, cert=CERT):
    return xmldsig.verify(xml, ID, certificates=cert)


OURS = "maestrano %s (native)" % dist_version("maestrano")
CONTESTANTS = [
    ("SAML Response", OURS, True, lambda d: ours_sso(d["b64"])),
    ("SAML Response", "python3-saml %s" % dist_version("python3-saml"), False,
     lambda d: python3_saml(d["b64"])),
    ("XML-DSig only", OURS, True, lambda d: ours_dsig(d["xml"])),
    ("XML-DSig only", "signxml %s" % dist_version("signxml"), False,
     lambda d: signxml_verify(d["raw"])),
]


# ---- sanity: everyone accepts the genuine document and rejects a forged one -----------------
def outcome(f):
    try:
        f()
        return "ok"
    except Exception:  # noqa: BLE001 - any failure is a rejection here
        return "rejected"


def sanity():
    other_config = make_config(ATTACKER_CERT)
    other_settings = onelogin_settings(ATTACKER_CERT)
    for d in DOCS:
        assert b">DoeCorp<" in d["raw"], "fixture changed: cannot forge"
        bad_raw = d["raw"].replace(b">DoeCorp<", b">EvilCorp<")
        bad_b64 = base64.b64encode(bad_raw).decode("ascii")
        checks = [
            ("maestrano sso accepts", lambda: ours_sso(d["b64"]), "ok"),
            ("maestrano sso rejects forged", lambda: ours_sso(bad_b64), "rejected"),
            ("maestrano sso rejects other cert", lambda: ours_sso(d["b64"], other_config), "rejected"),
            ("python3-saml accepts", lambda: python3_saml(d["b64"]), "ok"),
            ("python3-saml rejects forged", lambda: python3_saml(bad_b64), "rejected"),
            ("python3-saml rejects other cert", lambda: python3_saml(d["b64"], other_settings), "rejected"),
            ("maestrano xmldsig accepts", lambda: ours_dsig(d["xml"]), "ok"),
            ("maestrano xmldsig rejects forged", lambda: ours_dsig(bad_raw.decode()), "rejected"),
            ("signxml accepts", lambda: signxml_verify(d["raw"]), "ok"),
            ("signxml rejects forged", lambda: signxml_verify(bad_raw), "rejected"),
            ("signxml rejects other cert", lambda: signxml_verify(d["raw"], ATTACKER_CERT), "rejected"),
        ]
        for what, f, want in checks:
            got = outcome(f)
            if got != want:
                raise SystemExit("sanity check failed on %s: %s -> %s" % (d["label"], what, got))
        name_id, attributes = python3_saml(d["b64"])
        ours = ours_sso(d["b64"])
        assert name_id == ours.name_id, "python3-saml and maestrano disagree on NameID"
        assert len(attributes) == len(ours.attributes), "python3-saml and maestrano disagree on attributes"
    print("sanity checks passed: every library accepts both documents and rejects a forged one / "
          "a wrong certificate", file=sys.stderr)


# ---- timing ---------------------------------------------------------------------------------
def run_for(fn, d, n):
    clock = time.perf_counter_ns
    t0 = clock()
    for _ in range(n):
        fn(d)
    return clock() - t0


def measure(fn, d):
    n, spent, iters = 1, 0, 0
    warm_ns = WARMUP * 1e9
    while spent < warm_ns:  # warm up and calibrate the iterations of one round
        t = run_for(fn, d, n)
        spent += t
        iters += n
        if t < warm_ns / 10:
            n *= 2
    per_iter = spent / iters
    round_n = max(1, round(SECONDS * 1e9 / ROUNDS / per_iter))
    rounds = sorted(run_for(fn, d, round_n) / round_n / 1e3 for _ in range(ROUNDS))
    return {"us": rounds[len(rounds) // 2], "min": rounds[0], "max": rounds[-1],
            "iterations": round_n * ROUNDS}


def table(results):
    def fmt(us):
        return "%.0f" % us if us >= 100 else "%.1f" % us

    docs = list(dict.fromkeys(r["doc"] for r in results))
    lines = ["| runtime | check | library | %s | %s |" % (
                 " | ".join("%s µs" % d for d in docs),
                 " | ".join("ours faster, %s" % d for d in docs)),
             "|---|---|---|%s|%s|" % ("|".join("---:" for _ in docs), "|".join("---:" for _ in docs))]
    for group in dict.fromkeys((r["runtime"], r["kind"]) for r in results):
        rows = [r for r in results if (r["runtime"], r["kind"]) == group]
        for lib in dict.fromkeys(r["lib"] for r in rows):
            cells, ratios = [], []
            for doc in docs:
                theirs = next(r for r in rows if r["lib"] == lib and r["doc"] == doc)
                mine = next(r for r in rows if r["ours"] and r["doc"] == doc)
                cells.append(fmt(theirs["us"]))
                ratios.append("—" if theirs["ours"] else "**%.1f×**" % (theirs["us"] / mine["us"]))
            lines.append("| %s | %s | %s | %s | %s |" % (group[0], group[1], lib, " | ".join(cells),
                                                     " | ".join(ratios)))
    return "\n".join(lines)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main():
    sanity()
    runtime = "Python %s" % platform.python_version()
    results = []
    for kind, lib, ours, fn in CONTESTANTS:
        for d in DOCS:
            m = measure(fn, d)
            results.append(dict(runtime=runtime, kind=kind, lib=lib, ours=ours, doc=d["label"],
                                bytes=d["bytes"], **m))
            print("%-14s %-26s %7s: %9.1f µs  (rounds %.1f–%.1f, %d iterations)" % (
                kind, lib, d["label"], m["us"], m["min"], m["max"], m["iterations"]), file=sys.stderr)
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as f:
            json.dump({"machine": "%s, %d cores" % (cpu_model(), os.cpu_count()), "results": results},
                      f, indent=1)
            f.write("\n")
    print(table(results))


if __name__ == "__main__":
    main()
