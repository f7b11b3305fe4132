"""SSO through the Python package: AuthnRequest, Response validation, replay protection."""

import base64
import json
import zlib
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

import maestrano
from maestrano import sso

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors" / "saml"


def vector(name):
    return json.loads((VECTORS / f"{name}.json").read_text())


def at(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def test_authn_request_defaults_use_host_randomness_and_clock():
    config = maestrano.Config.from_dict({"api": {"id": "app-1"}})
    before = datetime.now(timezone.utc).replace(microsecond=0)
    a, b = sso.authn_request(config), sso.authn_request(config, group_id="cld-1", relay_state="/x")
    assert a.request_id != b.request_id and a.request_id.startswith("_")
    assert a.issue_instant >= before and a.issue_instant.tzinfo is not None
    query = parse_qs(urlparse(b.url).query)
    assert query["group_id"] == ["cld-1"] and query["RelayState"] == ["/x"]
    xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15).decode()
    assert xml == b.xml and f"ID='{b.request_id}'" in xml


def test_validate_response_gives_typed_views():
    v = vector("platform-legacy-valid")
    config = maestrano.Config.from_dict(v["config"])
    r = sso.validate_response(config, v["input"]["saml_response"], now=at(v["input"]["now"]))
    assert r.name_id == "usr-1"
    assert r.user.uid == "usr-1" and r.user.info.email == "john.doe@example.com"
    assert r.user.extra.session.recheck == at("2026-03-01T10:03:00Z")
    assert r.group.info.country == "US" and r.group.info.has_credit_card is False
    assert r.membership.role == "Admin"
    assert r.attributes["group_uid"] == ["cld-1"]
    assert isinstance(r.not_on_or_after, datetime)


def test_failures_raise_saml_error_with_kind():
    v = vector("tampered-signature-value")
    config = maestrano.Config.from_dict(v["config"])
    with pytest.raises(maestrano.SamlError) as info:
        sso.validate_response(config, v["input"]["saml_response"], now=at(v["input"]["now"]))
    assert info.value.kind == "signature_invalid"
    with pytest.raises(maestrano.SamlError) as info:
        sso.validate_response(config, "<samlp:Response/>")
    assert info.value.kind == "malformed_base64"
    with pytest.raises(maestrano.SamlError) as info:
        sso.validate_response(config, b"bytes")
    assert info.value.kind == "malformed_base64"


def test_wrong_request_id_is_refused():
    v = vector("platform-legacy-valid")
    config = maestrano.Config.from_dict(v["config"])
    with pytest.raises(maestrano.SamlError) as info:
        sso.validate_response(config, v["input"]["saml_response"], request_id="_other", now=at(v["input"]["now"]))
    assert info.value.kind == "in_response_to_mismatch"


def test_replay_cache_in_memory_and_over_a_host_store():
    v = vector("platform-legacy-valid")
    config = maestrano.Config.from_dict(v["config"])
    now = at(v["input"]["now"])
    r = sso.validate_response(config, v["input"]["saml_response"], now=now)

    cache = sso.ReplayCache()
    cache.check(config, r, now=now)
    with pytest.raises(maestrano.SamlError) as info:
        cache.check(config, r, now=now)
    assert info.value.kind == "replayed"

    class Store:
        def __init__(self):
            self.seen = {}

        def insert_if_absent(self, key, expires_at, now):
            if key in self.seen and self.seen[key] > now:
                return False
            self.seen[key] = expires_at
            return True

    store = Store()
    shared = sso.ReplayCache(store)
    shared.check(config, r, now=now)
    # Keyed by issuer and ID; remembered until NotOnOrAfter (the bearer's 10:03:00) plus the
    # 60 s skew.
    key = f"{len(r.issuer)}:{r.issuer}{r.assertion_id}"
    assert list(store.seen) == [key]
    assert store.seen[key] == at("2026-03-01T10:04:00Z")
    with pytest.raises(maestrano.SamlError):
        shared.check(config, r, now=now)

    class Broken:
        def insert_if_absent(self, key, expires_at, now):
            raise ConnectionError("redis down")

    with pytest.raises(ConnectionError):
        sso.ReplayCache(Broken()).check(config, r, now=now)
