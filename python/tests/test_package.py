"""The package as a product: a cheap import, picklable exceptions, settings-file errors, the
session check's reason, and the web rules every integration shares."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

import maestrano
from maestrano import session, web
from maestrano.errors import ApiError, ConfigError, SamlError
from maestrano.http import HttpResponse

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"


def _imported_after(code: str) -> set:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; print(repr(sorted(sys.modules)))"],
        check=True, capture_output=True, text=True,
    ).stdout
    return set(eval(out))


def test_import_loads_no_http_stack_asyncio_or_dataclasses():
    loaded = _imported_after("import maestrano")
    for heavy in ("asyncio", "http.client", "email", "dataclasses", "urllib.request", "ssl", "typing"):
        assert heavy not in loaded, heavy
    assert "maestrano._native" not in loaded  # the native module loads on first use


def test_validation_path_loads_no_http_stack():
    loaded = _imported_after("import maestrano; from maestrano import Config, sso, session, webhooks")
    for heavy in ("asyncio", "http.client", "email", "urllib.request", "ssl"):
        assert heavy not in loaded, heavy


def test_lazy_names_resolve():
    assert maestrano.Config is maestrano.config.Config
    assert maestrano.__version__ == maestrano._native.version()
    assert {"Config", "ReplayCache", "web", "SsoResult"} <= set(dir(maestrano))
    with pytest.raises(AttributeError):
        maestrano.not_a_name  # noqa: B018


def test_exceptions_pickle_with_kind_status_param_and_cause():
    try:
        try:
            raise ConnectionRefusedError(111, "refused")
        except OSError as e:
            raise ApiError("api_invalid_request", "bad", 400, "price_cents", ["price_cents can't be blank"], None) from e
    except ApiError as err:
        back = pickle.loads(pickle.dumps(err))
    assert type(back) is ApiError and str(back) == "api_invalid_request: bad"
    assert (back.kind, back.status, back.param, back.messages) == ("api_invalid_request", 400, "price_cents", ["price_cents can't be blank"])
    assert isinstance(back.__cause__, ConnectionRefusedError) and back.__cause__.errno == 111
    saml = pickle.loads(pickle.dumps(SamlError("replayed", "again")))
    assert (type(saml), saml.kind, saml.message, saml.__cause__) == (SamlError, "replayed", "again", None)


def test_unpicklable_cause_becomes_text():
    class Local(Exception):  # a local class cannot be pickled
        pass

    try:
        raise ConfigError("config_invalid", "x") from Local("why")
    except ConfigError as err:
        back = pickle.loads(pickle.dumps(err))
    assert back.kind == "config_invalid" and "Local: why" in str(back.__cause__)


def test_missing_settings_file_is_config_missing(tmp_path):
    with pytest.raises(ConfigError) as info:
        maestrano.devplatform.read_file(tmp_path / "nope.yml")
    assert info.value.kind == "config_missing" and isinstance(info.value.__cause__, FileNotFoundError)


def _session_value():
    v = json.loads((VECTORS / "session" / "session.json").read_text())[0]
    r = maestrano.sso.validate_response(
        maestrano.Config.from_dict(v["config"]), v["input"]["saml_response"],
        now=datetime.fromisoformat(v["input"]["now"].replace("Z", "+00:00")), preset=v["input"].get("preset"),
    )
    return maestrano.Config.from_dict(v["config"]), r.session


def test_session_check_says_why():
    config = maestrano.Config.from_dict({"environment": "production", "api": {"id": "a", "key": "k"}})
    corrupt = session.check(config, "not a value")
    assert (corrupt.valid, corrupt.reason, corrupt.error.kind) == (False, "session_invalid", "session_invalid")
    config, value = _session_value()
    refused = session.check_response(config, value, HttpResponse(status=200, headers=[], body=b'{"valid":false}'))
    assert (refused.valid, refused.value, refused.reason) == (False, None, "platform_refused")

    class Down:
        def send(self, request):
            raise ApiError("api_connection", "refused")

    down = session.check(config, value, now=datetime(2100, 1, 1), transport=Down())
    assert (down.valid, down.reason) == (False, "api_connection")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("/", "/"), ("/a/b?c=d#e", "/a/b?c=d#e"), (None, "/"), ("", "/"), ("//evil.com", "/"),
        ("/\\evil.com", "/"), ("https://evil.com", "/"), ("/a b", "/"), ("/\t/evil", "/"), ("javascript:x", "/"),
    ],
)
def test_return_paths_are_same_origin(value, expected):
    assert web.safe_return_path(value) == expected


def test_error_statuses_come_from_the_core():
    assert web.status_for(SamlError("replayed", "x")) == 403
    assert web.status_for(SamlError("malformed_base64", "x")) == 400
    assert web.status_for(ApiError("api_authentication", "x")) == 401
    assert web.status_for(SamlError("replay_store_full", "x")) == 503
    assert web.status_for(ConfigError("config_invalid", "x")) == 500
    assert web.status_for(RuntimeError("x")) == 500
    assert "replayed" in web.public_message(SamlError("replayed", "assertion _abc was already used"))
    assert "_abc" not in web.public_message(SamlError("replayed", "assertion _abc was already used"))
