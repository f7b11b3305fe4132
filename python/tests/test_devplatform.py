"""Developer-platform auto-configuration: settings from the environment and files (JSON and the
YAML subset, read by the core; its rules are the shared vectors
tests/vectors/devplatform/settings-file.json), the request and its answer against a real local
server."""

from __future__ import annotations

import asyncio
import base64
import json

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


# ----------------------------------------------------------------------------- settings


def test_settings_from_env_only():
    s = devplatform.settings_from_env(env_for("https://dev.example"))
    assert (s.host, s.api_path, s.env_name, s.env_key, s.env_secret) == ("https://dev.example", "/api/config/v1", "test", "123", "456")
    assert "456" not in repr(s) and "<redacted>" in repr(s)
    assert devplatform.settings_from_env({}) == devplatform.Settings()


def test_settings_from_the_ruby_yaml_file():
    s = devplatform.settings_from_env({}, YML)
    assert s == devplatform.Settings("http://localhost:5000", "/api/config/v1/marketplaces", "test", "123", "123")
    assert devplatform.read_file(YML) == s


def test_environment_wins_over_the_file():
    s = devplatform.settings_from_env({"MNO_DEVPL_ENV_SECRET": "from-env", "MNO_DEVPL_HOST": ""}, str(YML))
    assert s.env_secret == "from-env" and s.host == "http://localhost:5000"


def test_settings_from_a_json_file(tmp_path):
    f = tmp_path / "devpl.json"
    f.write_text(json.dumps({"dev_platform": {"host": "https://dev.example"}, "environment": {"name": "prod", "api_key": 7, "api_secret": "s"}}))
    s = devplatform.settings_from_env({}, f)
    assert (s.host, s.api_path, s.env_name, s.env_key, s.env_secret) == ("https://dev.example", None, "prod", "7", "s")


def test_the_yaml_subset_is_read_by_the_core(tmp_path):
    text = """\
# comment
---
dev_platform:   # trailing comment
  host: "https://dev.example/a\\"b"  # quoted, escaped
  api_path: /api/config/v1 # plain
  empty:
environment:

    name: 'it''s'
    api_key: 0123
    api_secret: "tab\\there"
    extra: ignored
top: plain value with # inside? no: 'x # y'
"""
    expected = devplatform.Settings('https://dev.example/a"b', "/api/config/v1", "it's", "0123", "tab\there")
    assert devplatform.parse_settings_file(text) == expected
    f = tmp_path / "crlf.yml"
    f.write_bytes(("\ufeff" + text).replace("\n", "\r\n").encode())
    assert devplatform.read_file(f) == expected
    assert devplatform.settings_from_env({"MNO_DEVPL_ENV_KEY": "k"}, text=text).env_key == "k"
    assert devplatform.parse_settings_file("") == devplatform.Settings()
    with pytest.raises(TypeError):
        devplatform.settings_from_env({}, file=f, text=text)
    with pytest.raises(TypeError):
        devplatform.parse_settings_file(b"a: 1")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text, why",
    [
        ("a:\n  - x\n", "line 2: lists"),
        ("a: [1, 2]\n", "line 1: flow collections"),
        ("a: |\n  x\n", "line 1: block scalars"),
        ("a: &anchor x\n", "line 1: anchors"),
        ("a:\n\tb: c\n", "line 2: tabs"),
        ("a:\n    b: c\n  d: e\n", "line 3: indentation matches no enclosing mapping"),
        ("a: 1\na: 2\n", "line 2: duplicate key"),
        ("a: 'open\n", "line 1: unterminated single-quoted"),
        ('a: "open\n', "line 1: unterminated double-quoted"),
        ("just text\n", "line 1: expected `key: value`"),
        ("a: 1\n---\nb: 2\n", "line 2: only one YAML document"),
        ("environment: prod\n", "line 1: `environment` must be a mapping"),
        ('{"environment": {"api_key": 1.5}}', "`environment.api_key` must be a string"),
    ],
)
def test_the_rest_is_refused_with_the_file_and_the_line(text, why, tmp_path):
    f = tmp_path / "f.yml"
    f.write_text(text)
    with pytest.raises(maestrano.ConfigError) as info:
        devplatform.read_file(f)
    assert info.value.kind == "config_invalid" and info.value.message.startswith("f.yml: settings file")
    assert why in info.value.message
    with pytest.raises(maestrano.ConfigError) as info:
        devplatform.parse_settings_file(text)
    assert info.value.message.startswith("settings file") and why in info.value.message


def test_limits_and_secrets(tmp_path):
    with pytest.raises(maestrano.ConfigError) as info:
        devplatform.parse_settings_file("a: '" + "x" * 70_000 + "'\n")
    assert info.value.kind == "input_too_large"
    with pytest.raises(maestrano.ConfigError) as info:
        devplatform.parse_settings_file("environment:\n  api_secret: \"s3cret\\q\"\n")
    assert info.value.kind == "config_invalid" and "s3cret" not in str(info.value)
    big = tmp_path / "big.yml"
    big.write_bytes(b"# " + b"x" * (1 << 20))
    with pytest.raises(maestrano.ConfigError) as info:
        devplatform.read_file(big)
    assert info.value.kind == "input_too_large" and info.value.message == "big.yml: the settings file is larger than 65536 bytes"
    latin1 = tmp_path / "latin1.yml"
    latin1.write_bytes(b"environment:\n  name: caf\xe9\n")
    with pytest.raises(maestrano.ConfigError) as info:
        devplatform.read_file(latin1)
    assert info.value.kind == "config_invalid" and "not UTF-8" in info.value.message


def test_unreadable_files(tmp_path):
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


def test_auto_configure_from_a_settings_file_text(server):
    server.route("GET", PATH, fixture("devplatform/dev-platform-marketplaces.json"))
    text = YML.read_text().replace("http://localhost:5000", server.url).replace("api_secret: '123'", "api_secret: '456'")
    assert list(devplatform.auto_configure(env={}, text=text)) == ["maestrano-test"]
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
