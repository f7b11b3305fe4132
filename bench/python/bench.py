#!/usr/bin/env python3
"""Side-by-side benchmark of the maestrano Python package (Rust core, native extension) against
python3-saml (OneLogin; full SAML Response validation), signxml and python-xmlsec (XML-DSig
only), on the same signed SAML Responses with the same pinned certificate. Not part of CI: run
``bash bench/run.sh``.

    python bench/python/bench.py [--json out.json]
    python bench/python/bench.py --crossing       (only the breakdown of ours: call, parse, objects)
    python bench/python/bench.py --memory LIB     (one child of the peak-memory measurement)

Times are CPU time of this process (``time.process_time_ns``: what a validation costs, steady
when other jobs share the cores); the wall-clock time of the same rounds is recorded too.
Peak memory: for each library a fresh child process imports it, warms it up on the 7.5 KB
response, returns the freed C heap to the OS (``malloc_trim``), then validates the 109 KB
response ``BENCH_MEMORY_RUNS`` times and reports its peak RSS (``VmHWM``, reset before the runs)
above the RSS after the warm-up; and, separately, the peak of the Python heap (``tracemalloc``).

Environment: BENCH_SECONDS (measured seconds per library and document, default 2.5, split in
BENCH_ROUNDS rounds, default 5; the median round is reported), BENCH_WARMUP_SECONDS (0.5),
BENCH_MEMORY_RUNS (20), BENCH_CROSSING_SECONDS (1.0, per part of the crossing breakdown).
"""

import base64
import gc
import json
import os
import platform
import subprocess
import sys
import time
import tracemalloc
from datetime import datetime, timezone
from importlib.metadata import version as dist_version

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SECONDS = float(os.environ.get("BENCH_SECONDS", "2.5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
WARMUP = float(os.environ.get("BENCH_WARMUP_SECONDS", "0.5"))
MEMORY_RUNS = int(os.environ.get("BENCH_MEMORY_RUNS", "20"))
CROSSING_SECONDS = float(os.environ.get("BENCH_CROSSING_SECONDS", "1.0"))

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
# Each library is imported by its loader, so that a memory child imports only the one it measures.
def load_maestrano():
    global maestrano, sso, xmldsig, CONFIG
    import maestrano
    from maestrano import sso, xmldsig
    CONFIG = make_config(CERT)


def make_config(cert):
    # Default security settings; the pinned certificate replaces the platform's.
    return maestrano.Config.from_dict({
        "environment": "production",
        "app": {"host": "http://localhost:3000"},
        "api": {"id": AUDIENCE, "key": "bench-key"},
        "sso": {"x509_certificate": cert, "idp_entity_id": ISSUER},
    })


def ours_sso(b64, config=None):
    return sso.validate_response(CONFIG if config is None else config, b64, now=NOW)


def ours_dsig(xml, cert=CERT):
    return xmldsig.verify(xml, ID, certificates=cert)


def load_python3_saml():
    global OneLogin_Saml2_Response, OneLogin_Saml2_Settings, SETTINGS
    from onelogin.saml2.response import OneLogin_Saml2_Response
    from onelogin.saml2.settings import OneLogin_Saml2_Settings
    from onelogin.saml2.utils import OneLogin_Saml2_Utils

    # python3-saml reads the wall clock through OneLogin_Saml2_Utils.now(); pin it to NOW (the
    # fixtures' window is in 2024). Every time check still runs.
    now_ts = int(NOW.timestamp())
    OneLogin_Saml2_Utils.now = staticmethod(lambda: now_ts)
    SETTINGS = onelogin_settings(CERT)


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


# The POST to the ACS URL, as a framework adapter would describe it (python3-saml checks
# Destination and Recipient against it).
REQUEST = {"https": "off", "http_host": "localhost", "server_port": "3000",
           "script_name": "/maestrano/auth/saml/consume", "get_data": {}, "post_data": {}}


def python3_saml(b64, settings=None):
    # What OneLogin_Saml2_Auth.process_response does, minus the session bookkeeping; request-less
    # (no request_id), like ours.
    r = OneLogin_Saml2_Response(SETTINGS if settings is None else settings, b64)
    r.is_valid(REQUEST, raise_exceptions=True)
    return r.get_nameid(), r.get_attributes()


def load_signxml():
    global XMLVerifier
    from signxml import XMLVerifier


def signxml_verify(raw, cert=CERT):
    # Signature only; parse included (like ours, which takes the document text).
    return XMLVerifier().verify(raw, x509_cert=cert).signed_xml


SAML_NS = "urn:oasis:names:tc:SAML:2.0:assertion"
DSIG_NS = "http://www.w3.org/2000/09/xmldsig#"


def load_xmlsec():
    global xmlsec, etree, LXML_PARSER
    import xmlsec
    from lxml import etree
    # No DTD loading, no entity expansion, no network: a hostile-input parser.
    LXML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def xmlsec_verify(raw, cert=CERT):
    # Signature only, the way python3-saml drives libxmlsec1: parse with lxml, take the
    # Assertion's own ds:Signature, register `ID` as the ID attribute (so `#_assert-1`
    # resolves), verify with the pinned key only (no KeyInfo, no key manager). The key is read
    # from the PEM on every call, as ours reads its `certificates` argument on every call.
    root = etree.fromstring(raw, LXML_PARSER)
    assertion = root.find("{%s}Assertion" % SAML_NS)
    if assertion is None or assertion.get("ID") != ID:
        raise ValueError("no Assertion %s" % ID)
    sig = assertion.find("{%s}Signature" % DSIG_NS)
    if sig is None:
        raise ValueError("the Assertion is not signed")
    refs = sig.findall("{%s}SignedInfo/{%s}Reference" % (DSIG_NS, DSIG_NS))
    if len(refs) != 1 or refs[0].get("URI") != "#" + ID:
        raise ValueError("the signature does not cover the Assertion")
    xmlsec.tree.add_ids(assertion, ["ID"])
    ctx = xmlsec.SignatureContext()
    ctx.key = xmlsec.Key.from_memory(cert, xmlsec.constants.KeyDataFormatCertPem)
    ctx.verify(sig)  # raises xmlsec.Error (VerificationError) unless the signature verifies
    return assertion


def _ours_label():
    return "maestrano %s (native)" % dist_version("maestrano")


# key: (kind, label, ours, loader, function of a document)
CONTESTANTS = {
    "ours-sso": ("SAML Response", _ours_label, True, load_maestrano, lambda d: ours_sso(d["b64"])),
    "python3-saml": ("SAML Response", lambda: "python3-saml %s" % dist_version("python3-saml"), False,
                     load_python3_saml, lambda d: python3_saml(d["b64"])),
    "ours-dsig": ("XML-DSig only", _ours_label, True, load_maestrano, lambda d: ours_dsig(d["xml"])),
    "signxml": ("XML-DSig only", lambda: "signxml %s" % dist_version("signxml"), False,
                load_signxml, lambda d: signxml_verify(d["raw"])),
    "xmlsec": ("XML-DSig only", lambda: "python-xmlsec %s (libxmlsec1 %s)" % (
                   dist_version("xmlsec"), ".".join(map(str, xmlsec.get_libxmlsec_version()))), False,
               load_xmlsec, lambda d: xmlsec_verify(d["raw"])),
}


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
            ("maestrano xmldsig rejects other cert", lambda: ours_dsig(d["xml"], ATTACKER_CERT), "rejected"),
            ("signxml accepts", lambda: signxml_verify(d["raw"]), "ok"),
            ("signxml rejects forged", lambda: signxml_verify(bad_raw), "rejected"),
            ("signxml rejects other cert", lambda: signxml_verify(d["raw"], ATTACKER_CERT), "rejected"),
            ("python-xmlsec accepts", lambda: xmlsec_verify(d["raw"]), "ok"),
            ("python-xmlsec rejects forged", lambda: xmlsec_verify(bad_raw), "rejected"),
            ("python-xmlsec rejects other cert", lambda: xmlsec_verify(d["raw"], ATTACKER_CERT), "rejected"),
        ]
        for what, f, want in checks:
            got = outcome(f)
            if got != want:
                raise SystemExit("sanity check failed on %s: %s -> %s" % (d["label"], what, got))
        # python-xmlsec refuses the forged copy in libxmlsec1 (the digest), not in our checks.
        try:
            xmlsec_verify(bad_raw)
            raise SystemExit("python-xmlsec accepted the forged document")
        except xmlsec.Error:
            pass
        name_id, attributes = python3_saml(d["b64"])
        ours = ours_sso(d["b64"])
        assert name_id == ours.name_id, "python3-saml and maestrano disagree on NameID"
        assert len(attributes) == len(ours.attributes), "python3-saml and maestrano disagree on attributes"
        assert xmlsec_verify(d["raw"]).get("ID") == ID, "python-xmlsec verified another element"
    print("sanity checks passed: every library accepts both documents and rejects a forged one / "
          "a wrong certificate", file=sys.stderr)


# ---- timing ---------------------------------------------------------------------------------
CPU = time.process_time_ns
WALL = time.perf_counter_ns


def run_for(fn, arg, n):
    c0, w0 = CPU(), WALL()
    for _ in range(n):
        fn(arg)
    return CPU() - c0, WALL() - w0


def measure(fn, arg, seconds=SECONDS, rounds=ROUNDS):
    """CPU µs per call: the median of ``rounds`` rounds (and the wall-clock µs of that round)."""
    n, spent, iters = 1, 0, 0
    warm_ns = WARMUP * 1e9
    while spent < warm_ns:  # warm up and calibrate the iterations of one round
        t, _ = run_for(fn, arg, n)
        spent += t
        iters += n
        if t < warm_ns / 10:
            n *= 2
    per_iter = max(spent / iters, 1)
    round_n = max(1, round(seconds * 1e9 / rounds / per_iter))
    rs = sorted((c / round_n / 1e3, w / round_n / 1e3) for c, w in (run_for(fn, arg, round_n)
                                                                   for _ in range(rounds)))
    return {"us": rs[len(rs) // 2][0], "min": rs[0][0], "max": rs[-1][0],
            "wall_us": rs[len(rs) // 2][1], "iterations": round_n * rounds, "clock": "cpu"}


def interleaved(parts, seconds):
    """CPU µs per call of each (fn, arg), measured in alternation (7 rounds, each running every
    part for about seconds/7), so that a change of load hits all parts alike: the median."""
    ns = []
    for fn, arg in parts:
        run_for(fn, arg, 10)  # warm-up
        n = 1
        while True:
            t, _ = run_for(fn, arg, n)
            if t >= 20e6:
                break
            n *= 2
        ns.append(max(1, round(n * seconds * 1e9 / 7 / t)))
    rounds = [[] for _ in parts]
    for _ in range(7):
        for k, (fn, arg) in enumerate(parts):
            rounds[k].append(run_for(fn, arg, ns[k])[0] / ns[k] / 1e3)
    return [sorted(v)[3] for v in rounds]


def crossing():
    """Where ours spends a SAML validation: the native call (the core, plus the UniFFI
    arguments and the returned JSON text), the host's JSON parse, and the wrapper objects."""
    from maestrano import _native
    from maestrano._sso_result import SsoResult
    now_ms = int(NOW.timestamp() * 1000)
    out = []
    for d in DOCS:
        text = _native.validate_response_json(CONFIG._native, d["b64"], now_ms, None, None)
        obj = json.loads(text)
        parts = [
            ("full sso.validate_response", lambda a: ours_sso(a), d["b64"]),
            ("native call (_native.validate_response_json)",
             lambda a: _native.validate_response_json(CONFIG._native, a, now_ms, None, None), d["b64"]),
            ("json.loads of the result text", json.loads, text),
            ("SsoResult(...) from the parsed JSON", SsoResult, obj),
            ("an empty native call (_native.version)", lambda a: _native.version(), None),
        ]
        row = {"doc": d["label"], "json_bytes": len(text.encode()), "parts": []}
        for (what, _fn, _arg), us in zip(parts, interleaved([(f, a) for _w, f, a in parts], CROSSING_SECONDS)):
            row["parts"].append({"part": what, "us": us})
            print("crossing %7s  %-46s %9.1f µs" % (d["label"], what, us), file=sys.stderr)
        rest = row["parts"][0]["us"] - sum(p["us"] for p in row["parts"][1:4])
        row["parts"].append({"part": "the rest (full - native call - json.loads - SsoResult)", "us": rest})
        print("crossing %7s  %-46s %9.1f µs" % (d["label"], "the rest (arguments, datetime, call)", rest),
              file=sys.stderr)
        out.append(row)
    return out


# ---- peak memory ----------------------------------------------------------------------------
def _status_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def _reset_peak_rss():
    """Resets the kernel's peak-RSS mark (VmHWM) of this process; False where unsupported."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _malloc_trim():
    """Returns the C heap's free pages to the OS (glibc), so the baseline RSS is live data only."""
    try:
        import ctypes
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def memory_child(key):
    """One library in a fresh process: its peak memory over MEMORY_RUNS validations of the 109 KB
    response, above what it held after the import and a warm-up. Prints one JSON object."""
    import resource
    kind, label, _ours, load, fn = CONTESTANTS[key]
    load()
    # The warm-up uses the small document, so that the 109 KB working set is not already held
    # (as freed but retained heap) when the baseline is taken; freed heap goes back to the OS.
    for _ in range(3):
        fn(DOCS[0])
    d = DOCS[-1]
    gc.collect()
    _malloc_trim()
    base_kb = _status_kb("VmRSS") if sys.platform == "linux" else None
    reset = sys.platform == "linux" and _reset_peak_rss()
    if not reset:  # no reset: the peak since start, against the RSS after the warm-up
        base_kb = base_kb or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(MEMORY_RUNS):
        fn(d)
    peak_kb = _status_kb("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The Python heap (objects and PyMem buffers) only: tracemalloc does not see the native
    # allocations of Rust, libxml2 or OpenSSL.
    tracemalloc.start()
    fn(d)
    gc.collect()
    _malloc_trim()
    tracemalloc.reset_peak()
    current0 = tracemalloc.get_traced_memory()[0]
    for _ in range(max(1, MEMORY_RUNS // 4)):
        fn(d)
    py_peak = tracemalloc.get_traced_memory()[1] - current0
    tracemalloc.stop()
    print(json.dumps({"key": key, "doc": d["label"], "runs": MEMORY_RUNS, "base_rss_kb": base_kb,
                      "peak_rss_kb": peak_kb, "rss_kb": max(0, peak_kb - base_kb),
                      "py_heap_kb": round(py_peak / 1024), "method": "VmHWM reset" if reset else "ru_maxrss"}))


def memory_all():
    out = {}
    for key in CONTESTANTS:
        p = subprocess.run([sys.executable, os.path.abspath(__file__), "--memory", key],
                           capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise SystemExit("memory child %s failed:\n%s" % (key, p.stderr))
        m = json.loads(p.stdout.strip().splitlines()[-1])
        out[key] = m
        print("memory  %-14s 109 KB x%d: peak RSS +%6d KB (base %d KB), Python heap peak %6d KB" % (
            key, m["runs"], m["rss_kb"], m["base_rss_kb"], m["py_heap_kb"]), file=sys.stderr)
    return out


# ---- report -----------------------------------------------------------------------------------
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
    if "--memory" in sys.argv:
        memory_child(sys.argv[sys.argv.index("--memory") + 1])
        return
    if "--crossing" in sys.argv:
        load_maestrano()
        crossing()
        return
    for _kind, _label, _ours, load, _fn in CONTESTANTS.values():
        load()
    sanity()
    runtime = "Python %s" % platform.python_version()
    results = []
    for key, (kind, label, ours, _load, fn) in CONTESTANTS.items():
        lib = label()
        for d in DOCS:
            m = measure(fn, d)
            results.append(dict(runtime=runtime, kind=kind, lib=lib, key=key, ours=ours, doc=d["label"],
                                bytes=d["bytes"], **m))
            print("%-14s %-38s %7s: %9.1f µs CPU (rounds %.1f–%.1f; wall %.1f; %d iterations)" % (
                kind, lib, d["label"], m["us"], m["min"], m["max"], m["wall_us"], m["iterations"]),
                file=sys.stderr)
    cross = crossing()
    memory = memory_all()
    for r in results:
        if r["doc"] == DOCS[-1]["label"]:
            r["memory"] = memory[r["key"]]
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as f:
            json.dump({"machine": "%s, %d cores" % (cpu_model(), os.cpu_count()),
                       "load_average": os.getloadavg(), "results": results, "crossing": cross},
                      f, indent=1)
            f.write("\n")
    print(table(results))


if __name__ == "__main__":
    main()
