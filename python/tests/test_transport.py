"""Transports on their own (statuses are responses, failures are api_connection), records, the
sans-IO functions and the error attributes."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone

import pytest

import maestrano
from maestrano import http
from maestrano.client import account_request, account_response
from maestrano.connec import connec_next_page_request, connec_request, connec_response
from conftest import config_for, free_port


def request(url, method="GET", timeout_ms=5000, body=None, headers=()):
    return http.HttpRequest(
        method=method,
        url=url,
        headers=[http.HttpHeader(name=k, value=v) for k, v in headers],
        body=body,
        timeout_ms=timeout_ms,
    )


def sync_transports():
    out = [http.UrllibTransport()]
    if http.httpx_available():
        out.append(http.HttpxTransport())
    return out


def test_transports_satisfy_the_protocols():
    assert isinstance(http.UrllibTransport(), http.Transport)
    assert isinstance(http.AsyncThreadTransport(), http.AsyncTransport)
    assert isinstance(http.default_transport(), http.UrllibTransport)


@pytest.mark.parametrize("status", [200, 404, 500])
def test_every_status_is_a_response(server, status):
    server.route("PUT", "/x", b'{"a":1}', status=status, headers={"X-Thing": "y"})
    for t in sync_transports():
        r = t.send(request(server.url + "/x", "PUT", body=b"hello", headers=[("content-type", "text/plain"), ("x-custom", "1")]))
        assert r.status == status and r.body == b'{"a":1}'
        assert {h.name.lower(): h.value for h in r.headers}["x-thing"] == "y"
    for rec in server.requests:
        assert rec.method == "PUT" and rec.body == b"hello"
        assert rec.headers["content-type"] == "text/plain" and rec.headers["x-custom"] == "1"


def test_async_transports(server):
    server.route("GET", "/x", b"ok", status=418)
    transports = [http.AsyncThreadTransport()]
    if http.httpx_available():
        transports.append(http.AsyncHttpxTransport())

    async def go():
        out = [await t.send(request(server.url + "/x")) for t in transports]
        for t in transports:
            if hasattr(t, "aclose"):
                await t.aclose()
        return out

    assert [(r.status, r.body) for r in asyncio.run(go())] == [(418, b"ok")] * len(transports)


def test_refused_and_bad_urls_are_api_connection():
    for t in sync_transports():
        for url in [f"http://127.0.0.1:{free_port()}/x?session=secret-token", "ftp-ish://nowhere"]:
            with pytest.raises(maestrano.ApiError) as info:
                t.send(request(url))
            assert info.value.kind == "api_connection" and "secret-token" not in info.value.message


def test_transport_timeout_caps_the_request(server):
    server.route("GET", "/slow", action="hang")
    for t in [http.UrllibTransport(timeout=0.3)] + ([http.HttpxTransport(timeout=0.3)] if http.httpx_available() else []):
        with pytest.raises(maestrano.ApiError) as info:
            t.send(request(server.url + "/slow", timeout_ms=60_000))
        assert info.value.kind == "api_connection" and "0.3 s" in info.value.message


def test_oversized_answer_is_refused_without_holding_it(server):
    server.route("GET", "/api/v1/account/users", b"x" * (http.MAX_BODY_BYTES + 100))
    with pytest.raises(maestrano.ApiError) as info:
        maestrano.Client(config_for(server.url)).users.list()
    assert info.value.kind == "input_too_large"


# ----------------------------------------------------------------------------- sans-IO and records


def test_sans_io_account_round_trip():
    config = maestrano.Config.from_dict({"api": {"id": "app-1", "key": "k3y"}})
    req = account_request(config, "bills", "list", params={"created_at_after": datetime(2016, 6, 1, 10, tzinfo=timezone(timedelta(hours=10)))})
    assert req.url == "https://maestrano.com/api/v1/account/bills?created_at_after=2016-06-01T00%3A00%3A00Z"
    req = account_request(config, "bills", "create", params={"day": date(2016, 6, 1), "at": datetime(2016, 6, 1, 0, 0, 0, 250000)})
    assert req.body == b"day=2016-06-01&at=2016-06-01T00%3A00%3A00.250Z"
    data = account_response("bills", "retrieve", http.HttpResponse(status=200, headers=[], body=b'{"success":true,"errors":{},"data":{"id":"b","x":{"y":1}}}'))
    assert isinstance(data, maestrano.Record) and data.id == data["id"] == "b" and data.x.y == 1
    with pytest.raises(AttributeError):
        data.nope
    assert "x" in dir(data)
    with pytest.raises(maestrano.ApiError) as info:
        account_request(config, "users", "create", params={})
    assert info.value.kind == "unsupported"
    with pytest.raises(TypeError):
        account_request({"api": {}}, "bills", "list")


def test_sans_io_connec():
    config = maestrano.Config.from_dict({"api": {"id": "app-1", "key": "k3y"}})
    req = connec_request(config, "list", "cld-1", "people", query={"top": 5, "filter": None})
    assert req.url == "https://api-connec.maestrano.com/api/v2/cld-1/people?%24top=5"
    assert connec_next_page_request(config, "https://api-connec.maestrano.com/api/v2/cld-1/people?%24skip=5").method == "GET"
    with pytest.raises(maestrano.ApiError) as info:
        connec_next_page_request(config, "https://api-connec.maestrano.com.evil.example/x")
    assert info.value.kind == "api_error"
    empty = connec_response("update", http.HttpResponse(status=204, headers=[], body=b""))
    assert (empty.entity, empty.data, empty.records) == (None, None, [])


def test_error_attributes():
    e = maestrano.ApiError("api_error", "boom")
    assert (e.status, e.param, e.messages, e.body_excerpt) == (None, None, [], None)
    assert isinstance(e, maestrano.MaestranoError) and str(e) == "api_error: boom"
    d = maestrano.DevPlatformError("devplatform_error", "x", status=401, body_excerpt="{}")
    assert (d.status, d.body_excerpt) == (401, "{}")
    assert issubclass(maestrano.SessionError, maestrano.MaestranoError)


def test_clients_close_only_their_own_transport():
    config = maestrano.Config.from_dict({"api": {"id": "a", "key": "s3cr3t"}})

    class T:
        closed = False

        def send(self, request):  # pragma: no cover
            raise AssertionError

        def close(self):
            self.closed = True

    t = T()
    with maestrano.Client(config, transport=t) as c:
        assert "Client" in repr(c) and "s3cr3t" not in repr(c)
    assert t.closed is False
    with pytest.raises(TypeError):
        maestrano.Client({"api": {}})


def test_redirects_are_never_followed(server):
    server.route("GET", "/r", "", status=302, headers={"Location": server.url + "/x"})
    server.route("GET", "/x", "followed")
    transports = [http.UrllibTransport()]
    if http.httpx_available():
        import httpx

        transports.append(http.HttpxTransport(client=httpx.Client(follow_redirects=True)))
    for t in transports:
        assert t.send(request(server.url + "/r")).status == 302
    assert [r.path for r in server.requests] == ["/r"] * len(transports)
