"""Sessions and single logout: reading values, the check against a real local server (sync and
async), failing closed on every doubt."""

from __future__ import annotations

import asyncio
import base64
import json
import platform
from datetime import datetime, timezone
from pathlib import Path

import pytest

import maestrano
from maestrano import session, sso
from maestrano.http import AsyncThreadTransport, UrllibTransport, httpx_available
from conftest import Elapsed, config_for, fixture, free_port

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"
TOKEN = "q3w8e1r5t7y2u9i0o4p6a1s3d5f7g9h2j4k6"
RECHECK = datetime(2026, 3, 1, 10, 3, tzinfo=timezone.utc)
BEFORE = datetime(2026, 3, 1, 10, 2, 59, tzinfo=timezone.utc)
AFTER = datetime(2026, 3, 2, tzinfo=timezone.utc)
CHECK_PATH = "/api/v1/auth/saml/usr-1"


def value(recheck="2026-03-01T10:03:00Z", **extra):
    payload = {"uid": "usr-1", "session": TOKEN, "session_recheck": recheck, "group_uid": "cld-1", "preset": None}
    payload.update(extra)
    return base64.b64encode(json.dumps(payload).encode()).decode()


def at(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


# ----------------------------------------------------------------------------- reading values


def test_read_gives_the_payload_with_a_datetime():
    p = session.read(value())
    assert (p.uid, p.session, p.group_uid, p.preset) == ("usr-1", TOKEN, "cld-1", None)
    assert p.session_recheck == RECHECK


def test_read_accepts_ruby_line_breaks_and_refuses_garbage():
    v = value()
    wrapped = "\n".join(v[i : i + 60] for i in range(0, len(v), 60)) + "\n"
    assert session.read(wrapped).uid == "usr-1"
    for bad in ["", "%%%", "bm90IGpzb24=", "W10=", value(recheck="tomorrow"), None, 42]:
        assert session.read(bad) is None


def test_the_sso_result_carries_the_session_value():
    v = next(x for x in json.loads((VECTORS / "session" / "session.json").read_text()) if x["name"] == "session-from-sso-with-preset")
    config = maestrano.Config.from_dict(v["config"])
    r = sso.validate_response(config, v["input"]["saml_response"], now=at(v["input"]["now"]), preset="maestrano-uat")
    p = session.read(r.session)
    assert (p.uid, p.session, p.group_uid, p.preset) == ("usr-1", TOKEN, "cld-1", "maestrano-uat")
    assert p.session_recheck == r.user.extra.session.recheck == RECHECK


def test_check_request_is_sans_io():
    config = maestrano.Config.from_dict({"environment": "production"})
    assert session.check_request(config, value(), now=BEFORE) is None
    req = session.check_request(config, value(), now=RECHECK)
    assert (req.method, req.url, req.body) == ("GET", f"https://maestrano.com{CHECK_PATH}?session={TOKEN}", None)
    headers = {h.name: h.value for h in req.headers}
    assert "authorization" not in headers and headers["accept"] == "application/json"
    with pytest.raises(maestrano.SessionError) as info:
        session.check_request(config, "%%%", now=AFTER)
    assert info.value.kind == "session_invalid" and isinstance(info.value, maestrano.MaestranoError)
    with pytest.raises(maestrano.SessionError):
        session.check_request(config, None, now=AFTER)


def test_check_response_fails_closed():
    config = maestrano.Config.from_dict({"environment": "production"})
    ok = maestrano.http.HttpResponse(status=200, headers=[], body=fixture("sso/session_check_valid.json"))
    r = session.check_response(config, value(), ok)
    assert r.valid and session.read(r.value).session_recheck == at("2016-06-28T08:03:00Z")
    for status, body in [(200, b'{"valid":false,"recheck":"2016-06-28T08:03:00Z"}'), (500, ok.body), (200, b"<html>"), (0, b"")]:
        r = session.check_response(config, value(), maestrano.http.HttpResponse(status=status, headers=[], body=body))
        assert (r.valid, r.value) == (False, None)


# ----------------------------------------------------------------------------- checks over HTTP


def transports():
    kinds = ["urllib", "async-thread"]
    if httpx_available():
        kinds += ["httpx", "async-httpx"]
    return kinds


def run_check(kind, config, v, now=AFTER, timeout=None):
    """session.check / session.async_check through ``kind``."""
    if kind == "urllib":
        return session.check(config, v, now=now, transport=UrllibTransport(timeout=timeout))
    if kind == "httpx":
        with maestrano.HttpxTransport(timeout=timeout) as t:
            return session.check(config, v, now=now, transport=t)
    if kind == "async-thread":
        return asyncio.run(session.async_check(config, v, now=now, transport=AsyncThreadTransport(UrllibTransport(timeout=timeout))))

    async def go():
        async with maestrano.AsyncHttpxTransport(timeout=timeout) as t:
            return await session.async_check(config, v, now=now, transport=t)

    return asyncio.run(go())


@pytest.fixture(params=transports())
def kind(request):
    return request.param


def test_valid_check_renews_the_value(kind, server):
    server.route("GET", CHECK_PATH, fixture("sso/session_check_valid.json"))
    r = run_check(kind, config_for(server.url), value())
    assert r.valid is True
    renewed = session.read(r.value)
    assert renewed.session_recheck == at("2016-06-28T08:03:00Z") and renewed.session == TOKEN
    rec = server.only()
    assert (rec.method, rec.path, rec.params) == ("GET", CHECK_PATH, {"session": [TOKEN]})
    assert "authorization" not in rec.headers  # the session check is not authenticated
    assert rec.headers["accept"] == "application/json"
    assert f"python/{platform.python_version()}" in rec.headers["user-agent"]


def test_invalid_answer_is_invalid(kind, server):
    server.route("GET", CHECK_PATH, fixture("sso/session_check_invalid.json"))
    r = run_check(kind, config_for(server.url), value())
    assert (r.valid, r.value) == (False, None)
    assert len(server.requests) == 1


def test_no_request_before_the_recheck_time(kind, server):
    r = run_check(kind, config_for(server.url), value(), now=BEFORE)
    assert (r.valid, r.value) == (True, None)
    assert server.requests == []


def test_slo_disabled_needs_no_request(kind, server):
    r = run_check(kind, config_for(server.url, sso={"slo_enabled": False}), value(), now=AFTER)
    assert r.valid is True and server.requests == []


@pytest.mark.parametrize("bad", ["%%%", "", None, value(recheck="later")])
def test_corrupt_value_is_invalid_without_request(kind, server, bad):
    r = run_check(kind, config_for(server.url), bad)
    assert (r.valid, r.value) == (False, None)
    assert server.requests == []


def test_unreachable_platform_is_invalid(kind):
    r = run_check(kind, config_for(f"http://127.0.0.1:{free_port()}"), value())
    assert (r.valid, r.value) == (False, None)


def test_garbage_answer_is_invalid(kind, server):
    server.route("GET", CHECK_PATH, "<html>Maintenance</html>", content_type="text/html")
    assert run_check(kind, config_for(server.url), value()).valid is False


def test_server_error_is_invalid(kind, server):
    server.route("GET", CHECK_PATH, fixture("sso/session_check_valid.json"), status=503)
    assert run_check(kind, config_for(server.url), value()).valid is False


def test_dropped_answer_is_invalid(kind, server):
    server.route("GET", CHECK_PATH, b'{"valid":true,', action="drop")
    assert run_check(kind, config_for(server.url), value()).valid is False


def test_timeout_is_invalid(kind, server):
    server.route("GET", CHECK_PATH, action="hang")
    with Elapsed() as t:
        r = run_check(kind, config_for(server.url), value(), timeout=1)
    assert (r.valid, r.value) == (False, None)
    assert 0.9 <= t.seconds < 5


def test_default_transports(server):
    server.route("GET", CHECK_PATH, fixture("sso/session_check_valid.json"))
    config = config_for(server.url)
    assert session.check(config, value(), now=AFTER).valid
    assert asyncio.run(session.async_check(config, value(), now=AFTER)).valid
    assert len(server.requests) == 2


def test_configuration_errors_still_raise():
    config = maestrano.Config.from_dict({"environment": "custom"})
    with pytest.raises(maestrano.ConfigError):
        session.check(config, value(), now=AFTER)
