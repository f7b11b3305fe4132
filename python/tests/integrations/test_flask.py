"""End-to-end tests of :mod:`maestrano.flask` with Flask's test client against the sandbox."""

from __future__ import annotations

import base64
import json
import logging
import time
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

import pytest

flask = pytest.importorskip("flask")

import maestrano  # noqa: E402
from maestrano import web  # noqa: E402
from maestrano.flask import Maestrano, current_user, login_required  # noqa: E402
from sandbox import Sandbox, repost_fields  # noqa: E402

Calls = Dict[str, List[Any]]


def make_app(config: Optional[maestrano.Config], **options: Any) -> Tuple[Any, Calls]:
    """A small app on the extension whose hooks record their calls."""
    app = flask.Flask(__name__)
    app.secret_key = "test secret"
    calls: Calls = {"sign_in": [], "group_cancelled": [], "member_removed": [], "connec": []}
    options.setdefault("on_sign_in", lambda signin: calls["sign_in"].append(signin))
    mno = Maestrano(app, config=config, **options)

    @mno.on_group_cancelled
    def group_cancelled(event: Any) -> None:
        calls["group_cancelled"].append(event)

    @mno.on_member_removed
    def member_removed(event: Any) -> None:
        calls["member_removed"].append(event)

    @mno.on_connec_notification
    def connec(event: Any, records: Dict[str, Any]) -> None:
        calls["connec"].append((event, records))

    @app.get("/")
    @login_required
    def home() -> str:
        user = current_user()
        assert user is not None
        return f"signed in as {user['uid']} in {user['group_uid']}"

    @app.get("/x")
    @login_required
    def x() -> str:
        return "page x"

    return app, calls


def path(url: str) -> str:
    return urlsplit(url).path


def start(client: Any, config: maestrano.Config, query: str = "") -> str:
    """GET the init route; returns the IdP redirect."""
    r = client.get(path(config.init_url()) + query)
    assert r.status_code == 302
    return str(r.headers["Location"])


def sign_in(client: Any, box: Sandbox, query: str = "", user: str = "usr-2") -> Tuple[Any, str]:
    """The whole SSO round trip; returns the consume response and the posted SAMLResponse."""
    config = box.config()
    saml = box.saml_response(start(client, config, query), user_uid=user)
    return client.post(path(config.consume_url()), data={"SAMLResponse": saml}), saml


def basic(user: str, password: str) -> Dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def api_auth(config: maestrano.Config, key: Optional[str] = None) -> Dict[str, str]:
    api = config.to_dict()["api"]
    return basic(api["id"], key if key is not None else api["key"])


@pytest.fixture
def app_calls(sandbox: Sandbox) -> Tuple[Any, Calls]:
    return make_app(sandbox.config())


def test_sign_in_shows_the_user(sandbox: Sandbox, app_calls: Tuple[Any, Calls]) -> None:
    app, calls = app_calls
    client = app.test_client()
    r, _ = sign_in(client, sandbox)
    assert r.status_code == 302 and r.headers["Location"] == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert page.get_data(as_text=True) == "signed in as usr-2 in cld-2"
    [signin] = calls["sign_in"]
    assert signin.user["uid"] == "usr-2" and signin.result.group.uid == "cld-2"


def test_session_cookie_is_httponly_and_lax(sandbox: Sandbox, app_calls: Tuple[Any, Calls]) -> None:
    app, _ = app_calls
    r = app.test_client().get(path(sandbox.config().init_url()))
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_replayed_response_is_refused(
    sandbox: Sandbox, app_calls: Tuple[Any, Calls], caplog: pytest.LogCaptureFixture
) -> None:
    app, calls = app_calls
    first, second = app.test_client(), app.test_client()
    config = sandbox.config()
    saml = sandbox.saml_response(start(first, config))
    # The second browser holds the same pending request: only the replay store stops it.
    cookie = first.get_cookie("session")
    second.set_cookie("session", cookie.value, domain=cookie.domain)
    assert first.post(path(config.consume_url()), data={"SAMLResponse": saml}).status_code == 302
    with caplog.at_level(logging.WARNING, logger="maestrano"):
        r = second.post(path(config.consume_url()), data={"SAMLResponse": saml})
    assert r.status_code == 403
    body = r.get_data(as_text=True)
    assert "id='sso-error'" in body and "Sign-in refused (replayed)" in body
    assert "already used" not in body  # details go to the log only
    assert any("already used" in rec.getMessage() for rec in caplog.records)
    assert second.get("/").status_code == 302
    assert len(calls["sign_in"]) == 1


def test_unsolicited_response_is_refused(sandbox: Sandbox, app_calls: Tuple[Any, Calls]) -> None:
    app, calls = app_calls
    config = sandbox.config()
    saml = sandbox.saml_response(start(app.test_client(), config))
    stranger = app.test_client()
    page = stranger.post(path(config.consume_url()), data={"SAMLResponse": saml})
    assert page.status_code == 200  # nothing pending: posted again from the app's origin first
    r = stranger.post(path(config.consume_url()), data=repost_fields(page.get_data(as_text=True)))
    assert r.status_code == 403
    assert "in_response_to_mismatch" in r.get_data(as_text=True)
    assert calls["sign_in"] == []


def test_cross_site_post_without_the_cookie_is_posted_again(sandbox: Sandbox, app_calls: Tuple[Any, Calls]) -> None:
    app, calls = app_calls
    config = sandbox.config()
    browser = app.test_client()
    saml = sandbox.saml_response(start(browser, config))
    # The identity provider's cross-site POST: a SameSite=Lax cookie is not sent with it.
    page = app.test_client().post(path(config.consume_url()), data={"SAMLResponse": saml, "RelayState": "<x>"})
    fields = repost_fields(page.get_data(as_text=True))
    assert fields == {"maestrano_repost": "1", "SAMLResponse": saml, "RelayState": "<x>"}
    assert "<x>" not in page.get_data(as_text=True)  # escaped
    # The page's own POST comes from the app's origin, with the cookie.
    r = browser.post(path(config.consume_url()), data=fields)
    assert r.status_code == 302 and len(calls["sign_in"]) == 1


def test_missing_saml_response_is_refused(sandbox: Sandbox, app_calls: Tuple[Any, Calls]) -> None:
    app, _ = app_calls
    client = app.test_client()
    config = sandbox.config()
    start(client, config)
    assert client.post(path(config.consume_url()), data={}).status_code == 400


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ("?return_to=/x", "/x"),
        ("?next=/x%3Fa%3D1", "/x?a=1"),
        ("?return_to=//evil.com", "/"),
        ("?return_to=https://evil.com", "/"),
        ("?return_to=/%5Cevil.com", "/"),
    ],
)
def test_return_to(sandbox: Sandbox, app_calls: Tuple[Any, Calls], query: str, location: str) -> None:
    app, _ = app_calls
    r, _ = sign_in(app.test_client(), sandbox, query)
    assert r.status_code == 302 and r.headers["Location"] == location


def test_login_required_redirects_to_init_with_return_to(sandbox: Sandbox, app_calls: Tuple[Any, Calls]) -> None:
    app, _ = app_calls
    client = app.test_client()
    r = client.get("/x?a=1")
    assert r.status_code == 302
    location = urlsplit(r.headers["Location"])
    assert location.path == path(sandbox.config().init_url())
    assert parse_qs(location.query) == {"return_to": ["/x?a=1"]}
    # ... and the round trip comes back there.
    saml = sandbox.saml_response(start(client, sandbox.config(), "?" + location.query))
    done = client.post(path(sandbox.config().consume_url()), data={"SAMLResponse": saml})
    assert done.headers["Location"] == "/x?a=1"
    assert client.get("/x?a=1").get_data(as_text=True) == "page x"


def test_sign_in_hook_may_refuse(sandbox: Sandbox) -> None:
    app, _ = make_app(sandbox.config(), on_sign_in=lambda signin: ("refused " + signin.user["group_uid"], 403))
    client = app.test_client()
    r, _ = sign_in(client, sandbox)
    assert r.status_code == 403 and r.get_data(as_text=True) == "refused cld-2"
    assert client.get("/").status_code == 302


def test_sign_in_hook_may_raise(sandbox: Sandbox) -> None:
    def refuse(signin: web.SignIn) -> None:
        flask.abort(403)

    app, _ = make_app(sandbox.config(), on_sign_in=refuse)
    client = app.test_client()
    r, _ = sign_in(client, sandbox)
    assert r.status_code == 403
    assert client.get("/").status_code == 302


def test_logout(sandbox: Sandbox, app_calls: Tuple[Any, Calls]) -> None:
    app, _ = app_calls
    client = app.test_client()
    sign_in(client, sandbox)
    r = client.get("/maestrano/logout")
    assert r.status_code == 302 and r.headers["Location"] == sandbox.config().logout_url("usr-2")
    assert client.get("/").status_code == 302


def test_recheck_signs_out_after_single_logout(quick_sandbox: Sandbox) -> None:
    app, _ = make_app(quick_sandbox.config())
    client = app.test_client()
    sign_in(client, quick_sandbox)
    assert client.get("/").status_code == 200
    quick_sandbox.logout_everywhere("usr-2")
    time.sleep(1.2)
    r = client.get("/")
    assert r.status_code == 302 and path(r.headers["Location"]) == path(quick_sandbox.config().init_url())
    with client.session_transaction() as s:
        assert web.USER_KEY not in s and web.SESSION_KEY not in s


def test_recheck_keeps_a_signed_in_user(quick_sandbox: Sandbox) -> None:
    app, _ = make_app(quick_sandbox.config())
    client = app.test_client()
    sign_in(client, quick_sandbox)
    time.sleep(1.2)
    assert client.get("/").status_code == 200  # asked the platform: still signed in there


def test_metadata(sandbox: Sandbox, app_calls: Tuple[Any, Calls]) -> None:
    app, _ = app_calls
    config = sandbox.config()
    client = app.test_client()
    ok = client.get("/maestrano/metadata", headers=api_auth(config))
    assert ok.status_code == 200 and ok.get_json() == config.metadata()
    for headers in (api_auth(config, "wrong"), {}):
        r = client.get("/maestrano/metadata", headers=headers)
        assert r.status_code == 401 and r.get_data(as_text=True) == '{"error":"Invalid credentials"}'


def test_config_from_app_config(sandbox: Sandbox) -> None:
    app = flask.Flask(__name__)
    app.config["MAESTRANO"] = sandbox.config().to_dict()
    Maestrano().init_app(app)
    r = app.test_client().get("/maestrano/metadata", headers=api_auth(sandbox.config()))
    assert r.status_code == 200


def test_missing_config_is_refused() -> None:
    with pytest.raises(maestrano.ConfigError):
        Maestrano(flask.Flask(__name__))


def test_webhook_group_cancelled(sandbox: Sandbox, app_calls: Tuple[Any, Calls]) -> None:
    app, calls = app_calls
    config = sandbox.config()
    route = config.to_dict()["webhook"]["account"]["groups_path"].replace(":id", "cld-2")
    client = app.test_client()
    forged = client.delete(route, headers=api_auth(config, "wrong"))
    assert forged.status_code == 401 and forged.get_json() == {"error": "Invalid credentials"}
    assert client.delete(route).status_code == 401
    assert calls["group_cancelled"] == []
    r = client.delete(route, headers=api_auth(config))
    assert r.status_code == 200 and r.get_json() == {"success": True}
    [event] = calls["group_cancelled"]
    assert event.event == "group_cancelled" and event.group_id == "cld-2"


def test_webhook_member_removed(sandbox: Sandbox, app_calls: Tuple[Any, Calls]) -> None:
    app, calls = app_calls
    config = sandbox.config()
    template = config.to_dict()["webhook"]["account"]["group_users_path"]
    route = template.replace(":group_id", "cld-2").replace(":id", "usr-2")
    r = app.test_client().delete(route, headers=api_auth(config))
    assert r.status_code == 200
    [event] = calls["member_removed"]
    assert (event.group_id, event.user_id) == ("cld-2", "usr-2")
    assert event.local_user_id == config.mask_user("usr-2", "cld-2")


def test_webhook_is_not_rechecked_nor_signed_in(sandbox: Sandbox, app_calls: Tuple[Any, Calls]) -> None:
    app, calls = app_calls
    config = sandbox.config()
    client = app.test_client()
    sign_in(client, sandbox)
    route = config.to_dict()["webhook"]["account"]["groups_path"].replace(":id", "cld-3")
    assert client.delete(route, headers=api_auth(config)).status_code == 200
    assert client.get("/").status_code == 200  # the user's session is untouched


def test_connec_notification(sandbox: Sandbox, app_calls: Tuple[Any, Calls]) -> None:
    app, calls = app_calls
    config = sandbox.config()
    route = config.to_dict()["webhook"]["connec"]["notifications_path"]
    client = app.test_client()
    body = json.dumps({"people": [{"id": "p-1", "first_name": "Ada"}], "invoices": {"id": "i-1"}})
    r = client.post(route, data=body, content_type="application/json", headers=api_auth(config))
    assert r.status_code == 200 and r.get_json() == {"success": True}
    [(event, records)] = calls["connec"]
    assert event.event == "connec_notification"
    assert records["people"][0]["first_name"] == "Ada" and records["invoices"][0]["id"] == "i-1"
    bad = client.post(route, data="[1, 2]", content_type="application/json", headers=api_auth(config))
    assert bad.status_code == 400 and "error" in bad.get_json()
    forged = client.post(route, data=body, content_type="application/json", headers=api_auth(config, "x"))
    assert forged.status_code == 401
    assert len(calls["connec"]) == 1
