"""End to end: the Django integration (``maestrano.django``) against the local sandbox, with
Django's test client (settings: ``django_settings.py``, URLconf: ``django_urls.py``)."""

from __future__ import annotations

import base64
import json
import os
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Iterator, List, Optional, Tuple
from urllib.parse import urlsplit

import pytest

pytest.importorskip("django")

from django.conf import settings  # noqa: E402

if not settings.configured:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.exceptions import ImproperlyConfigured, PermissionDenied  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

import maestrano  # noqa: E402
from maestrano import web  # noqa: E402
from maestrano.django import signals  # noqa: E402
from maestrano.django.conf import get_options  # noqa: E402
from maestrano.django.stores import CacheReplayStore  # noqa: E402
from sandbox import Sandbox, repost_fields  # noqa: E402


class Hooks:
    """The app's hooks: records the calls, refuses the groups in ``refused``."""

    def __init__(self) -> None:
        self.users: List[Tuple[str, bool]] = []
        self.groups: List[Tuple[str, str]] = []
        self.refused: set[str] = set()

    def user(self, user: Any, signin: web.SignIn, created: bool) -> None:
        self.users.append((user.get_username(), created))

    def group(self, user: Any, signin: web.SignIn) -> None:
        if signin.user["group_uid"] in self.refused:
            raise PermissionDenied("group cancelled")
        self.groups.append((signin.user["group_uid"], signin.user["role"]))


@pytest.fixture(scope="module", autouse=True)
def database() -> None:
    call_command("migrate", verbosity=0, interactive=False)


@pytest.fixture(scope="module")
def config(sandbox: Sandbox) -> maestrano.Config:
    return sandbox.config()


@pytest.fixture
def hooks(config: maestrano.Config) -> Iterator[Hooks]:
    """The sandbox's config with the hooks, a fresh replay cache and no users."""
    recorder = Hooks()
    cache.clear()
    get_user_model().objects.all().delete()
    with override_settings(MAESTRANO={"CONFIG": config, "USER_HOOK": recorder.user, "GROUP_HOOK": recorder.group}):
        yield recorder


def path_of(url: str) -> str:
    return urlsplit(url).path


def basic(config: maestrano.Config, key: Optional[str] = None) -> str:
    api = config.to_dict()["api"]
    return "Basic " + base64.b64encode(f"{api['id']}:{key or api['key']}".encode()).decode()


def start(client: Client, config: maestrano.Config, query: str = "") -> str:
    """The init route's redirect to the IdP."""
    r = client.get(path_of(config.init_url()) + query)
    assert r.status_code == 302, r.content
    return str(r["Location"])


def sign_in(client: Client, box: Sandbox, config: maestrano.Config, query: str = "", user_uid: str = "usr-2") -> Any:
    saml = box.saml_response(start(client, config, query), user_uid=user_uid)
    return client.post(path_of(config.consume_url()), {"SAMLResponse": saml})


def test_sign_in_creates_the_user_and_calls_the_hooks(sandbox: Sandbox, config: maestrano.Config, hooks: Hooks) -> None:
    client = Client(enforce_csrf_checks=True)  # the consume route is exempt from CSRF
    r = sign_in(client, sandbox, config)
    assert r.status_code == 302 and r["Location"] == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert b"<span id='user-uid'>usr-2</span>" in page.content
    assert b"<span id='group-uid'>cld-2</span>" in page.content
    assert b"<span id='role'>Super Admin</span>" in page.content
    user = get_user_model().objects.get(username="usr-2")
    assert user.email and user.get_full_name() in page.content.decode()
    assert not user.has_usable_password()
    assert hooks.users == [("usr-2", True)] and hooks.groups == [("cld-2", "Super Admin")]
    assert web.signed_in_user(client.session)["uid"] == "usr-2"
    assert sign_in(Client(), sandbox, config).status_code == 302  # the same user again: found, not created
    assert hooks.users[-1] == ("usr-2", False)


def test_a_hook_refuses_the_sign_in(sandbox: Sandbox, config: maestrano.Config, hooks: Hooks) -> None:
    hooks.refused.add("cld-3")
    client = Client()
    r = sign_in(client, sandbox, config, user_uid="usr-3")
    assert r.status_code == 403 and b"<h1>Access refused</h1>" in r.content
    assert not get_user_model().objects.filter(username="usr-3").exists()  # rolled back
    assert web.signed_in_user(client.session) is None
    assert hooks.users == [("usr-3", True)]  # called, then undone with the refusal


def test_a_replayed_response_is_refused(
    sandbox: Sandbox, config: maestrano.Config, hooks: Hooks, caplog: pytest.LogCaptureFixture
) -> None:
    first = Client()
    idp = start(first, config)
    request_id = first.session[web.REQUEST_ID_KEY]
    saml = sandbox.saml_response(idp)
    assert first.post(path_of(config.consume_url()), {"SAMLResponse": saml}).status_code == 302
    # Another session expecting that same request gets the captured response: refused as used.
    second = Client()
    session = second.session
    session[web.REQUEST_ID_KEY] = request_id
    session.save()
    r = second.post(path_of(config.consume_url()), {"SAMLResponse": saml})
    assert r.status_code == 403 and b"Sign-in refused (replayed)" in r.content
    assert "replayed" in caplog.text
    assert web.signed_in_user(second.session) is None


def test_a_response_without_a_started_sign_in_is_refused(sandbox: Sandbox, config: maestrano.Config, hooks: Hooks) -> None:
    saml = sandbox.saml_response(start(Client(), config))
    client = Client()
    page = client.post(path_of(config.consume_url()), {"SAMLResponse": saml})
    assert page.status_code == 200  # nothing pending: posted again from the app's origin first
    r = client.post(path_of(config.consume_url()), repost_fields(page.content.decode()))
    assert r.status_code == 403 and b"in_response_to_mismatch" in r.content
    assert web.signed_in_user(client.session) is None
    assert Client().get(path_of(config.consume_url())).status_code == 405


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?return_to=/x", "/x"),
        ("?next=/x%3Fy%3D1", "/x?y=1"),
        ("?return_to=//evil.com", "/"),
        ("?return_to=https://evil.com", "/"),
        ("?next=/%5Cevil.com", "/"),
    ],
)
def test_return_to(sandbox: Sandbox, config: maestrano.Config, hooks: Hooks, query: str, expected: str) -> None:
    r = sign_in(Client(), sandbox, config, query)
    assert r.status_code == 302 and r["Location"] == expected


def test_login_required_pages_start_sso(sandbox: Sandbox, config: maestrano.Config, hooks: Hooks) -> None:
    client = Client()
    r = client.get("/")
    assert r.status_code == 302 and r["Location"] == path_of(config.init_url()) + "?next=/"
    r = sign_in(client, sandbox, config, "?next=/")
    assert r["Location"] == "/" and client.get("/").status_code == 200


def test_single_logout(quick_sandbox: Sandbox) -> None:
    config = quick_sandbox.config()
    events: List[Dict[str, Any]] = []
    signals.group_cancelled.connect(receiver := lambda **kw: events.append(kw), weak=False)
    try:
        with override_settings(MAESTRANO=config):
            client = Client()
            assert sign_in(client, quick_sandbox, config).status_code == 302
            assert client.get("/").status_code == 200
            quick_sandbox.logout_everywhere("usr-2")
            time.sleep(1.2)
            # A webhook call carrying the session cookie is not rechecked: the user stays.
            groups_path = config.to_dict()["webhook"]["account"]["groups_path"].replace(":id", "cld-9")
            assert client.delete(groups_path, HTTP_AUTHORIZATION=basic(config)).status_code == 200
            assert web.signed_in_user(client.session) is not None and len(events) == 1
            # The logout route is not rechecked either: it names the user to the platform.
            assert client.get("/maestrano/logout")["Location"] == config.logout_url("usr-2")
            assert sign_in(client, quick_sandbox, config).status_code == 302
            quick_sandbox.logout_everywhere("usr-2")
            time.sleep(1.2)
            # The next page: the platform says the session ended → signed out, sent to SSO.
            r = client.get("/")
            assert r.status_code == 302 and r["Location"].startswith(path_of(config.init_url()))
            assert web.signed_in_user(client.session) is None
            assert "_auth_user_id" not in client.session
    finally:
        signals.group_cancelled.disconnect(receiver)


def test_metadata(config: maestrano.Config, hooks: Hooks) -> None:
    client = Client()
    r = client.get("/maestrano/metadata", HTTP_AUTHORIZATION=basic(config))
    assert r.status_code == 200 and r.json() == config.metadata()
    for auth in (basic(config, "wrong"), None):
        headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
        r = client.get("/maestrano/metadata", **headers)
        assert r.status_code == 401 and r.content == b'{"error":"Invalid credentials"}'


@pytest.fixture
def received() -> Iterator[List[Tuple[str, Dict[str, Any]]]]:
    """What the webhook signals carried."""
    calls: List[Tuple[str, Dict[str, Any]]] = []
    receivers = {
        name: (lambda name: lambda **kw: calls.append((name, kw)))(name)
        for name in ("group_cancelled", "member_removed", "connec_notification")
    }
    for name, fn in receivers.items():
        getattr(signals, name).connect(fn, weak=False)
    yield calls
    for name, fn in receivers.items():
        getattr(signals, name).disconnect(fn)


def test_account_webhooks(config: maestrano.Config, hooks: Hooks, received: List[Tuple[str, Dict[str, Any]]]) -> None:
    account = config.to_dict()["webhook"]["account"]
    groups_path = account["groups_path"].replace(":id", "cld-1")
    client = Client(enforce_csrf_checks=True)
    r = client.delete(groups_path, HTTP_AUTHORIZATION=basic(config, "forged"))
    assert r.status_code == 401 and r.content == b'{"error":"Invalid credentials"}'
    assert client.delete(groups_path).status_code == 401
    assert received == []
    r = client.delete(groups_path, HTTP_AUTHORIZATION=basic(config))
    assert r.status_code == 200 and r.json() == {"success": True}
    [(name, kw)] = received
    assert name == "group_cancelled" and kw["event"].group_id == "cld-1" and kw["sender"] is get_options().config
    received.clear()
    users_path = account["group_users_path"].replace(":group_id", "cld-1").replace(":id", "usr-1")
    r = client.delete(users_path, HTTP_AUTHORIZATION=basic(config))
    assert r.status_code == 200
    [(name, kw)] = received
    assert name == "member_removed" and (kw["event"].group_id, kw["event"].user_id) == ("cld-1", "usr-1")
    assert kw["event"].local_user_id == config.mask_user("usr-1", "cld-1")
    # A path of the routes' shape that is not a webhook of the config (wrong method): not found.
    assert client.get(groups_path, HTTP_AUTHORIZATION=basic(config)).status_code == 404


def test_connec_notification(config: maestrano.Config, hooks: Hooks, received: List[Tuple[str, Dict[str, Any]]]) -> None:
    path = config.to_dict()["webhook"]["connec"]["notifications_path"]
    client = Client(enforce_csrf_checks=True)
    body = {"people": [{"id": "p-1", "group_id": "cld-2", "first_name": "Ada"}], "organizations": {"id": "o-1"}}
    r = client.post(path, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=basic(config))
    assert r.status_code == 200 and r.json() == {"success": True}
    [(name, kw)] = received
    assert name == "connec_notification"
    assert kw["records"]["people"][0]["first_name"] == "Ada" and kw["records"]["organizations"] == [{"id": "o-1"}]
    r = client.post(path, "[1, 2]", content_type="application/json", HTTP_AUTHORIZATION=basic(config))
    assert r.status_code == 400 and r.json() == {"error": "api_invalid_request"}
    r = client.post(path, "{}", content_type="application/json", HTTP_AUTHORIZATION=basic(config, "forged"))
    assert r.status_code == 401 and len(received) == 1


def test_logout(sandbox: Sandbox, config: maestrano.Config, hooks: Hooks) -> None:
    client = Client()
    sign_in(client, sandbox, config)
    r = client.get("/maestrano/logout")
    assert r.status_code == 302 and r["Location"] == config.logout_url("usr-2")
    assert web.signed_in_user(client.session) is None and "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_cache_replay_store() -> None:
    cache.clear()
    store = CacheReplayStore()
    now = datetime.now(timezone.utc)
    assert store.insert_if_absent("issuer|id-1", now + timedelta(seconds=30), now) is True
    assert store.insert_if_absent("issuer|id-1", now + timedelta(seconds=30), now) is False
    assert store.insert_if_absent("issuer|id-2", now, now) is True
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        with pytest.raises(ImproperlyConfigured):
            CacheReplayStore().insert_if_absent("issuer|id-3", now + timedelta(seconds=30), now)


def test_settings_forms(config: maestrano.Config) -> None:
    with override_settings(MAESTRANO=config.to_dict()):
        assert get_options().config.to_dict() == config.to_dict()
        assert get_options() is get_options()  # cached
    with override_settings(MAESTRANO={"CONFIG": config, "REPLAY_STORE": "maestrano.ReplayCache"}):
        assert isinstance(get_options().replay, maestrano.ReplayCache)
    for bad in (None, {"CONFIG": config, "REPLAY": "x"}, {"CONFIG": config, "USER_HOOK": 3}, {"CONFIG": 3}):
        with override_settings(MAESTRANO=bad):
            with pytest.raises(ImproperlyConfigured):
                get_options()


def test_setup_checks(config: maestrano.Config) -> None:
    from maestrano.django.apps import check_setup

    with override_settings(MAESTRANO=config):
        assert check_setup() == []
        with override_settings(MIDDLEWARE=[], AUTHENTICATION_BACKENDS=["django.contrib.auth.backends.ModelBackend"]):
            assert sorted(m.id for m in check_setup()) == ["maestrano.E002", "maestrano.W001"]
    with override_settings(MAESTRANO=None):
        assert [m.id for m in check_setup()] == ["maestrano.E001"]
