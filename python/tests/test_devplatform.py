"""Developer-platform auto-configuration: settings from the environment and files (JSON, YAML with
and without PyYAML), the request and its answer against a real local server."""

from __future__ import annotations

import asyncio
import base64
import json
import sys

import pytest

import maestrano
from maestrano import devplatform
from maestrano.http import AsyncThreadTransport, UrllibTransport
from conftest import FIXTURES, fixture, free_port

YML = FIXTURES / "devplatform" / "dev_platform.yml"
PATH = "/api/config/v1/marketplaces"


def env_for(url, **extra):
    env = {
        "MNO_DEVPL_HOST": url,
        "MNO_DEVPL_API_PATH": "/api/config/v1",
        "MNO_DEVPL_ENV_NAME": "test",
        "MNO_DEVPL_ENV_KEY": "123",
        "MNO_DEVPL_ENV_SECRET": "456",
    }
    env.update(extra)
    return env


@pytest.fixture
def no_pyyaml(monkeypatch):
    """Hide PyYAML so the built-in reader is used."""
    monkeypatch.setitem(sys.modules, "yaml", None)


# ----------------------------------------------------------------------------- settings


def test_settings_from_env_only():
    s = devplatform.settings_from_env(env_for("https://dev.example"))
    assert (s.host, s.api_path, s.env_name, s.env_key, s.env_secret) == ("https://dev.example", "/api/config/v1", "test", "123", "456")
    assert "456" not in repr(s) and "<redacted>" in repr(s)
    assert devplatform.settings_from_env({}) == devplatform.Settings()


@pytest.mark.parametrize("reader", ["pyyaml", "builtin"])
def test_settings_from_the_ruby_yaml_file(reader, monkeypatch):
    if reader == "builtin":
        monkeypatch.setitem(sys.modules, "yaml", None)
    else:
        pytest.importorskip("yaml")
    s = devplatform.settings_from_env({}, YML)
    assert s == devplatform.Settings("http://localhost:5000", "/api/config/v1/marketplaces", "test", "123", "123")


def test_environment_wins_over_the_file():
    s = devplatform.settings_from_env({"MNO_DEVPL_ENV_SECRET": "from-env", "MNO_DEVPL_HOST": ""}, str(YML))
    assert s.env_secret == "from-env" and s.host == "http://localhost:5000"


def test_settings_from_a_json_file(tmp_path):
    f = tmp_path / "devpl.json"
    f.write_text(json.dumps({"dev_platform": {"host": "https://dev.example"}, "environment": {"name": "prod", "api_key": 7, "api_secret": "s"}}))
    s = devplatform.settings_from_env({}, f)
    assert (s.host, s.api_path, s.env_name, s.env_key, s.env_secret) == ("https://dev.example", None, "prod", "7", "s")


def test_builtin_yaml_reader_subset(no_pyyaml):
    text = """\
# comment
---
dev_platform:   # trailing comment
  host: "https://dev.example/a\\"b"  # quoted, escaped
  api_path: /api/config/v1 # plain
  empty:
  nothing: ~
environment:

    name: 'it''s'
    api_key: 123
    api_secret: "tab\\there"
top: plain value with # inside? no: 'x # y'
"""
    data = devplatform.parse_yaml_subset(text)
    assert data == {
        "dev_platform": {"host": 'https://dev.example/a"b', "api_path": "/api/config/v1", "empty": None, "nothing": None},
        "environment": {"name": "it's", "api_key": "123", "api_secret": "tab\there"},
        "top": "plain value with",
    }


@pytest.mark.parametrize(
    "text, why",
    [
        ("a:\n  - x\n", "not supported"),
        ("a: [1, 2]\n", "not supported"),
        ("a: |\n  x\n", "not supported"),
        ("a: &anchor x\n", "not supported"),
        ("a:\n\tb: c\n", "tabs"),
        ("a:\n    b: c\n  d: e\n", "indentation"),
        ("a: 1\na: 2\n", "duplicate"),
        ("a: 'open\n", "single-quoted"),
        ('a: "open\n', "double-quoted"),
        ("just text\n", "key: value"),
        ("a: 1\n---\nb: 2\n", "one document"),
    ],
)
def test_builtin_yaml_reader_refuses_the_rest_with_the_line(text, why, no_pyyaml):
    with pytest.raises(maestrano.ConfigError) as info:
        devplatform.parse_yaml_subset(text, "f.yml")
    assert info.value.kind == "config_invalid" and why in info.value.message and "f.yml line" in info.value.message


def test_unreadable_files(tmp_path, no_pyyaml):
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    with pytest.raises(maestrano.ConfigError):
        devplatform.settings_from_env({}, bad)
    listy = tmp_path / "list.json"
    listy.write_text("[1]")
    with pytest.raises(maestrano.ConfigError):
        devplatform.settings_from_env({}, listy)
    with pytest.raises(maestrano.ConfigError) as info:  # as in JS: config_missing, not OSError
        devplatform.settings_from_env({}, tmp_path / "missing.yml")
    assert info.value.kind == "config_missing"


# ----------------------------------------------------------------------------- against a server


def assert_request(server):
    rec = server.only()
    assert (rec.method, rec.path, rec.query) == ("GET", PATH, "")
    assert rec.headers["authorization"] == "Basic " + base64.b64encode(b"123:456").decode()
    assert rec.headers["accept"] == "application/json"
    assert rec.headers["user-agent"].startswith("maestrano-sdk/")


def test_auto_configure_from_env(server):
    server.route("GET", PATH, fixture("devplatform/dev-platform-marketplaces.json"))
    presets = devplatform.auto_configure(env=env_for(server.url))
    assert isinstance(presets, maestrano.Presets) and list(presets) == ["maestrano-test"]
    c = presets["maestrano-test"]
    assert c.environment == "maestrano-test"
    meta = c.metadata()
    assert meta["api"]["id"] == "app-fasdfasd" and meta["api"]["lang"] == "python"
    assert meta["webhook"]["account"]["groups_path"] == "/maestrano/account/groups/:id/maestrano-uat"
    assert_request(server)


def test_auto_configure_from_a_yaml_file(server, tmp_path):
    server.route("GET", PATH, fixture("devplatform/developer-platform-answer.json"))
    f = tmp_path / "dev_platform.yml"
    f.write_text(YML.read_text().replace("http://localhost:5000", server.url).replace("api_secret: '123'", "api_secret: '456'"))
    presets = devplatform.auto_configure(env={}, file=f)
    assert list(presets) == ["maestrano-uat"]
    assert_request(server)


def test_auto_configure_from_a_yaml_file_without_pyyaml(server, tmp_path, no_pyyaml):
    server.route("GET", PATH, fixture("devplatform/dev-platform-marketplaces.json"))
    f = tmp_path / "dev_platform.yml"
    f.write_text(YML.read_text().replace("http://localhost:5000", server.url).replace("api_secret: '123'", "api_secret: '456'"))
    assert list(devplatform.auto_configure(env={}, file=f)) == ["maestrano-test"]
    assert_request(server)


def test_auto_configure_from_a_json_file(server, tmp_path):
    server.route("GET", PATH, fixture("devplatform/dev-platform-marketplaces.json"))
    f = tmp_path / "devpl.json"
    settings = {
        "dev_platform": {"host": server.url, "api_path": "/api/config/v1/"},
        "environment": {"name": "test", "api_key": "123", "api_secret": "456"},
    }
    f.write_text(json.dumps(settings))
    assert list(devplatform.auto_configure(env={}, file=f, transport=UrllibTransport())) == ["maestrano-test"]
    assert_request(server)


def test_async_auto_configure(server):
    server.route("GET", PATH, fixture("devplatform/dev-platform-marketplaces.json"))
    presets = asyncio.run(devplatform.async_auto_configure(env=env_for(server.url)))
    assert list(presets) == ["maestrano-test"]
    presets = asyncio.run(devplatform.async_auto_configure(settings=devplatform.settings_from_env(env_for(server.url)), transport=AsyncThreadTransport()))
    assert list(presets) == ["maestrano-test"]
    assert len(server.requests) == 2


def test_missing_settings_raise_before_any_request(server):
    with pytest.raises(maestrano.ConfigError) as info:
        devplatform.auto_configure(env=env_for(server.url, MNO_DEVPL_ENV_SECRET=""))
    assert info.value.kind == "config_missing" and "MNO_DEVPL_ENV_SECRET" in info.value.message
    assert server.requests == []


@pytest.mark.parametrize(
    "status, body",
    [
        (401, '{"error":"Unauthorized"}'),
        (200, '{"error":"Invalid environment credentials"}'),
        (200, '{"environments":[]}'),
        (500, "<html>Internal Server Error</html>"),
        (200, "marketplaces: []"),
    ],
)
def test_platform_refusals_are_devplatform_errors(server, status, body):
    server.route("GET", PATH, body, status=status)
    with pytest.raises(maestrano.DevPlatformError) as info:
        devplatform.auto_configure(env=env_for(server.url))
    e = info.value
    assert e.kind == "devplatform_error" and e.status == status
    assert "456" not in str(e)


def test_unreachable_platform_is_api_connection():
    with pytest.raises(maestrano.ApiError) as info:
        devplatform.auto_configure(env=env_for(f"http://127.0.0.1:{free_port()}"))
    assert info.value.kind == "api_connection"
