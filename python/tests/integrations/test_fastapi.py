"""End-to-end tests of :mod:`maestrano.fastapi` against the local sandbox: Starlette's
``TestClient`` for most, and one sign-in through a real uvicorn server."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import datetime
from typing import Any, Dict, Iterator, List, Optional, Set, Tuple
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("itsdangerous")

from fastapi import Depends, FastAPI  # noqa: E402
from fastapi.responses import PlainTextResponse  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sandbox import Sandbox, repost_fields, sandbox_binary  # noqa: E402
from starlette.middleware.sessions import SessionMiddleware  # noqa: E402

import maestrano  # noqa: E402
from maestrano.fastapi import Maestrano  # noqa: E402

INIT = "/maestrano/auth/saml/init"
CONSUME = "/maestrano/auth/saml/consume"


class Recorder:
    """The app's hooks, recording what they were called with."""

    def __init__(self, accept: bool = True) -> None:
        self.accept = accept
        self.sign_ins: List[maestrano.web.SignIn] = []
        self.events: List[Any] = []
        self.notifications: List[Dict[str, Any]] = []

    async def on_sign_in(self, sign_in: maestrano.web.SignIn, request: Any) -> bool:
        self.sign_ins.append(sign_in)
        return self.accept

    async def on_event(self, event: Any) -> None:
        self.events.append(event)

    async def on_connec_notification(self, event: Any, records: Dict[str, Any]) -> None:
        self.events.append(event)
        self.notifications.append(records)


def make_app(config: maestrano.Config, **options: Any) -> Tuple[FastAPI, Maestrano, Recorder]:
    """A small app: ``/`` and ``/x`` need a user, ``/whoami`` shows the user if any."""
    hooks = Recorder(options.pop("accept", True))
    mno = Maestrano(
        config,
        on_sign_in=hooks.on_sign_in,
        on_group_cancelled=hooks.on_event,
        on_member_removed=hooks.on_event,
        on_connec_notification=hooks.on_connec_notification,
        **options,
    )
    app = FastAPI(lifespan=mno.lifespan)
    app.add_middleware(SessionMiddleware, secret_key="test-secret", same_site="lax", https_only=False)
    app.include_router(mno.router)

    @app.get("/")
    @app.get("/x")
    async def page(user: Dict[str, Any] = Depends(mno.current_user)) -> PlainTextResponse:
        return PlainTextResponse(f"Signed in as {user['uid']} ({user['email']}) in {user['group_uid']}")

    @app.post("/x")
    async def post(user: Dict[str, Any] = Depends(mno.current_user)) -> Dict[str, bool]:
        return {"ok": True}

    @app.get("/whoami")
    async def whoami(user: Optional[Dict[str, Any]] = Depends(mno.optional_user)) -> Dict[str, Any]:
        return {"user": user}

    return app, mno, hooks


def start_sign_in(client: Any, sandbox: Sandbox, query: str = "", user: str = "usr-2") -> str:
    """Init, then the browser's IdP step: the SAMLResponse to post."""
    r = client.get(INIT + query, follow_redirects=False)
    assert r.status_code == 302, r.text
    assert r.headers["location"].startswith(sandbox.url)
    return sandbox.saml_response(r.headers["location"], user_uid=user)


def sign_in(client: Any, sandbox: Sandbox, query: str = "", user: str = "usr-2") -> Any:
    """A whole sign-in; the consume route's response."""
    saml = start_sign_in(client, sandbox, query, user)
    return client.post(CONSUME, data={"SAMLResponse": saml}, follow_redirects=False)


def credentials(config: maestrano.Config) -> Tuple[str, str]:
    api = config.to_dict()["api"]
    return api["id"], api["key"]


def webhook_paths(config: maestrano.Config) -> Dict[str, str]:
    hooks = config.to_dict()["webhook"]
    return {
        "group": hooks["account"]["groups_path"].replace(":id", "cld-2"),
        "member": hooks["account"]["group_users_path"].replace(":group_id", "cld-2").replace(":id", "usr-2"),
        "connec": hooks["connec"]["notifications_path"],
    }


@pytest.fixture
def app(sandbox: Sandbox) -> Iterator[Tuple[TestClient, Maestrano, Recorder]]:
    application, mno, hooks = make_app(sandbox.config())
    with TestClient(application, follow_redirects=False) as client:
        yield client, mno, hooks


def test_sign_in_shows_the_user(app: Any, sandbox: Sandbox) -> None:
    client, mno, hooks = app
    assert client.get("/").headers["location"] == f"{INIT}?return_to=%2F"
    r = sign_in(client, sandbox)
    assert r.status_code == 302 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    page = client.get("/")
    assert page.status_code == 200 and page.text.startswith("Signed in as usr-2") and "cld-2" in page.text
    assert client.get("/whoami").json()["user"]["real_uid"] == "usr-2"
    assert [s.user["uid"] for s in hooks.sign_ins] == ["usr-2"]


def test_replayed_response_refused(app: Any, sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    client, mno, hooks = app
    saml = start_sign_in(client, sandbox)
    pending = client.cookies["session"]  # the session as it was before the response was used
    assert client.post(CONSUME, data={"SAMLResponse": saml}).status_code == 302
    client.cookies.clear()
    with caplog.at_level(logging.WARNING, logger="maestrano"):
        r = client.post(CONSUME, data={"SAMLResponse": saml}, headers={"Cookie": f"session={pending}"})
    assert r.status_code == 403
    assert "Sign-in refused (replayed)" in r.text and "already used" not in r.text
    assert any("already used" in rec.getMessage() for rec in caplog.records if rec.name == "maestrano")
    assert len(hooks.sign_ins) == 1


def test_unsolicited_response_refused(app: Any, sandbox: Sandbox) -> None:
    client, mno, hooks = app
    saml = start_sign_in(client, sandbox)
    cookies = dict(client.cookies)
    client.cookies.clear()
    page = client.post(CONSUME, data={"SAMLResponse": saml})
    assert page.status_code == 200  # nothing pending: posted again from the app's origin first
    r = client.post(CONSUME, data=repost_fields(page.text))
    assert r.status_code == 403 and "in_response_to_mismatch" in r.text
    assert client.get("/whoami").json() == {"user": None} and hooks.sign_ins == []
    # With the session cookie (the page's own POST, from the app's origin), it signs in.
    client.cookies.update(cookies)
    r = client.post(CONSUME, data=repost_fields(page.text))
    assert r.status_code == 302 and len(hooks.sign_ins) == 1


def test_missing_response_refused(app: Any, sandbox: Sandbox) -> None:
    client, mno, hooks = app
    start_sign_in(client, sandbox)
    assert client.post(CONSUME, data={"other": "x"}).status_code == 400
    assert client.post(CONSUME, content=b"x" * (maestrano.fastapi.MAX_FORM_BYTES + 1), headers={
        "content-type": "application/x-www-form-urlencoded"}).status_code == 413


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?return_to=/x", "/x"),
        ("?next=/x%3Fa%3D1", "/x?a=1"),
        ("?return_to=//evil.com", "/"),
        ("?return_to=https://evil.com", "/"),
        ("?return_to=/%5Cevil.com", "/"),
    ],
)
def test_return_to(app: Any, sandbox: Sandbox, query: str, expected: str) -> None:
    client, mno, hooks = app
    r = sign_in(client, sandbox, query)
    assert r.status_code == 302 and r.headers["location"] == expected


def test_current_user_sends_back_to_the_page(app: Any, sandbox: Sandbox) -> None:
    client, mno, hooks = app
    r = client.get("/x?a=1")
    assert r.status_code == 302
    location = urlsplit(r.headers["location"])
    assert location.path == INIT and parse_qs(location.query) == {"return_to": ["/x?a=1"]}
    assert client.post("/x").status_code == 401
    assert sign_in(client, sandbox, "?" + location.query).headers["location"] == "/x?a=1"
    assert client.post("/x").json() == {"ok": True}


def test_sign_in_refused_by_the_app(sandbox: Sandbox) -> None:
    application, mno, hooks = make_app(sandbox.config(), accept=False)
    with TestClient(application, follow_redirects=False) as client:
        r = sign_in(client, sandbox)
        assert r.status_code == 403 and "Sign-in refused" in r.text
        assert client.get("/whoami").json() == {"user": None}
    assert len(hooks.sign_ins) == 1


def test_recheck_logout(quick_sandbox: Sandbox) -> None:
    application, mno, hooks = make_app(quick_sandbox.config())
    with TestClient(application, follow_redirects=False) as client:
        assert sign_in(client, quick_sandbox).status_code == 302
        time.sleep(1.2)
        assert client.get("/").status_code == 200  # rechecked with the platform: still signed in
        transport = mno._transport
        assert transport is not None
        quick_sandbox.logout_everywhere("usr-2")
        time.sleep(1.2)
        r = client.get("/")
        assert r.status_code == 302 and urlsplit(r.headers["location"]).path == INIT
        assert client.get("/whoami").json() == {"user": None}
    assert mno._transport is None and transport._client.is_closed  # closed by the lifespan


def test_logout(app: Any, sandbox: Sandbox) -> None:
    client, mno, hooks = app
    sign_in(client, sandbox)
    r = client.get("/maestrano/logout")
    assert r.status_code == 302 and r.headers["location"] == mno.config.logout_url("usr-2")
    assert client.get("/whoami").json() == {"user": None}


def test_metadata(app: Any) -> None:
    client, mno, hooks = app
    good = client.get("/maestrano/metadata", auth=credentials(mno.config))
    assert good.status_code == 200 and good.json() == mno.config.metadata()
    app_id, _ = credentials(mno.config)
    for auth in [(app_id, "wrong"), None]:
        bad = client.get("/maestrano/metadata", auth=auth)
        assert bad.status_code == 401 and bad.text == '{"error":"Invalid credentials"}'


def test_group_cancelled_webhook(app: Any) -> None:
    client, mno, hooks = app
    path = webhook_paths(mno.config)["group"]
    app_id, _ = credentials(mno.config)
    forged = client.delete(path, auth=(app_id, "forged"))
    assert forged.status_code == 401 and forged.json() == {"error": "Invalid credentials"}
    assert client.delete(path).status_code == 401 and hooks.events == []
    r = client.delete(path, auth=credentials(mno.config))
    assert r.status_code == 200 and r.json() == {"success": True}
    [event] = hooks.events
    assert (event.event, event.group_id, event.tenant) == ("group_cancelled", "cld-2", None)
    assert client.delete(path + "/maestrano-uat", auth=credentials(mno.config)).status_code == 200
    assert hooks.events[-1].tenant == "maestrano-uat"


def test_member_removed_webhook(app: Any) -> None:
    client, mno, hooks = app
    r = client.delete(webhook_paths(mno.config)["member"], auth=credentials(mno.config))
    assert r.status_code == 200
    [event] = hooks.events
    assert (event.event, event.group_id, event.user_id) == ("member_removed", "cld-2", "usr-2")
    assert event.local_user_id == mno.config.mask_user("usr-2", "cld-2")


def test_connec_notification(app: Any) -> None:
    client, mno, hooks = app
    path = webhook_paths(mno.config)["connec"]
    people = [{"id": "p-1", "first_name": "Ada"}]
    r = client.post(path, json={"people": people, "organizations": {"id": "o-1"}}, auth=credentials(mno.config))
    assert r.status_code == 200 and r.json() == {"success": True}
    assert hooks.notifications == [{"people": people, "organizations": [{"id": "o-1"}]}]
    bad = client.post(path, content=b"[1, 2]", auth=credentials(mno.config))
    assert bad.status_code == 400 and bad.json() == {"error": "api_invalid_request"}
    forged = client.post(path, json={"people": people}, auth=("x", "y"))
    assert forged.status_code == 401 and len(hooks.notifications) == 1


class AsyncStore:
    """A replay store whose ``insert_if_absent`` is a coroutine."""

    def __init__(self) -> None:
        self.keys: Set[str] = set()
        self.calls = 0

    async def insert_if_absent(self, key: str, expires_at: datetime, now: datetime) -> bool:
        self.calls += 1
        if key in self.keys:
            return False
        self.keys.add(key)
        return True


def check_replay_store(sandbox: Sandbox, replay: maestrano.ReplayCache) -> None:
    """Sign in once through ``replay``, then replay the same response: 403."""
    application, mno, hooks = make_app(sandbox.config(), replay=replay)
    with TestClient(application, follow_redirects=False) as client:
        saml = start_sign_in(client, sandbox)
        pending = client.cookies["session"]
        assert client.post(CONSUME, data={"SAMLResponse": saml}).status_code == 302
        assert client.get("/").status_code == 200
        client.cookies.clear()
        r = client.post(CONSUME, data={"SAMLResponse": saml}, headers={"Cookie": f"session={pending}"})
        assert r.status_code == 403 and "replayed" in r.text


def test_async_replay_store(sandbox: Sandbox) -> None:
    store = AsyncStore()
    check_replay_store(sandbox, maestrano.ReplayCache(store))
    assert store.calls == 2 and len(store.keys) == 1


def test_async_redis_replay_store(sandbox: Sandbox, redis_url: str) -> None:
    """On a real redis-server (the ``redis_url`` fixture), through ``redis.asyncio``."""
    redis_asyncio = pytest.importorskip("redis.asyncio")
    from maestrano.redis import AsyncRedisStore

    prefix = f"maestrano:test:{os.getpid()}:{time.time_ns()}:"
    check_replay_store(sandbox, maestrano.ReplayCache(AsyncRedisStore(redis_asyncio.Redis.from_url(redis_url), prefix)))


def test_sign_in_through_a_real_server() -> None:
    """uvicorn on a free port, a browser-like ``httpx.Client`` with a cookie jar."""
    uvicorn = pytest.importorskip("uvicorn")
    binary = sandbox_binary()
    if binary is None:
        pytest.skip("maestrano-sandbox is not built (cargo build -p maestrano-sandbox)")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    box = Sandbox(binary, app_url=base)
    application, mno, hooks = make_app(box.config())
    server = uvicorn.Server(uvicorn.Config(application, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        with httpx.Client(base_url=base, follow_redirects=False, timeout=10) as browser:
            r = browser.get("/x?a=1")
            assert r.status_code == 302
            r = browser.get(r.headers["location"])
            assert r.status_code == 302
            saml = box.saml_response(r.headers["location"], user_uid="usr-3")
            r = browser.post(CONSUME, data={"SAMLResponse": saml})
            assert r.status_code == 302 and r.headers["location"] == "/x?a=1"
            page = browser.get("/x?a=1")
            assert page.status_code == 200 and page.text.startswith("Signed in as usr-3")
            page = browser.post(CONSUME, data={"SAMLResponse": saml})
            assert page.status_code == 200  # nothing pending any more: the re-post page
            assert browser.post(CONSUME, data=repost_fields(page.text)).status_code == 403  # used up
            r = browser.get("/maestrano/logout")
            assert r.status_code == 302 and browser.get("/whoami").json() == {"user": None}
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        box.close()
    assert not thread.is_alive() and mno._transport is None
