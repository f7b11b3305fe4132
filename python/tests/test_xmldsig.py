"""The low-level xmldsig API over the independently signed fixtures of tests/dsig (xmlsec1,
signxml, xml-crypto): each check of tests/dsig/manifest.json, plus tampering."""

import json
from pathlib import Path

import pytest

import maestrano
from maestrano import xmldsig

DSIG = Path(__file__).resolve().parents[2] / "tests" / "dsig"
MANIFEST = json.loads((DSIG / "manifest.json").read_text())
CHECKS = [(f["file"], c) for f in MANIFEST["fixtures"] for c in f["checks"]]


@pytest.mark.parametrize("file,check", CHECKS, ids=[f"{f}:{c['cert']}:{c['expect']}" for f, c in CHECKS])
def test_manifest_check(file, check):
    xml = (DSIG / file).read_text()
    cert = (DSIG / "certs" / check["cert"]).read_text()
    run = lambda: xmldsig.verify(xml, check["id"], certificates=cert, strict_algorithms=check.get("strict", False))
    if check["expect"] == "ok":
        v = run()
        assert v.canonical_xml.startswith("<") and "Signature>" not in v.canonical_xml.split(">", 1)[0]
    else:
        with pytest.raises(maestrano.MaestranoError) as info:
            run()
        assert info.value.kind == check["expect"]


def test_fingerprint_trust_and_tampering():
    xml = (DSIG / "signed/xmlsec1-assertion-rsa-sha256-sha256.xml").read_text()
    fp = MANIFEST["fingerprints"]["idp.pem"]["sha256"].upper()
    assert xmldsig.verify(xml, "_assert-1", fingerprints=[fp]).digest_algorithm.endswith("sha256")
    with pytest.raises(maestrano.MaestranoError) as info:
        xmldsig.verify(xml.replace("usr-1", "usr-2", 1), "_assert-1", fingerprints=fp)
    assert info.value.kind == "digest_mismatch"
    with pytest.raises(maestrano.MaestranoError) as info:
        xmldsig.verify(xml, "_assert-1", fingerprints="00" * 32)
    assert info.value.kind == "untrusted_key"
    with pytest.raises(maestrano.MaestranoError) as info:
        xmldsig.verify("<!DOCTYPE x []>" + xml, "_assert-1", fingerprints=fp)
    assert info.value.kind == "dtd_forbidden"
