"""Unit tests of the Python API over the native core."""

import base64

import pytest

import maestrano

CREDS = {"api": {"id": "app-1", "key": "g15354F34f3x5z"}}


def test_config_errors_are_typed_and_name_the_key():
    with pytest.raises(maestrano.ConfigError) as info:
        maestrano.Config.from_dict({"sso": {"creation_mode": "ghost"}})
    assert info.value.kind == "config_invalid"
    assert "`sso.creation_mode`" in info.value.message
    assert isinstance(info.value, maestrano.MaestranoError)


def test_non_mapping_config_is_config_invalid():
    with pytest.raises(maestrano.ConfigError) as info:
        maestrano.Config.from_dict(["api.id"])
    assert info.value.kind == "config_invalid"


def test_missing_host_is_config_missing():
    with pytest.raises(maestrano.ConfigError) as info:
        maestrano.Config.from_dict({"environment": "custom"}).idp_url()
    assert info.value.kind == "config_missing"


def test_metadata_has_no_secret_and_names_python():
    meta = maestrano.Config.from_dict(CREDS).metadata()
    assert meta["api"]["id"] == "app-1"
    assert meta["api"]["lang"] == "python"
    assert meta["api"]["version"] == maestrano.__version__
    assert "g15354F34f3x5z" not in repr(meta)


def test_repr_does_not_leak_the_key():
    assert "g15354F34f3x5z" not in repr(maestrano.Config.from_dict(CREDS))


def test_authenticate_and_header():
    c = maestrano.Config.from_dict(CREDS)
    assert c.authenticate("app-1", "g15354F34f3x5z")
    assert not c.authenticate("app-1", "nope")
    header = "Basic " + base64.b64encode(b"app-1:g15354F34f3x5z").decode()
    assert c.authenticate_header(header)
    assert not c.authenticate_header(None)


def test_presets_mapping():
    p = maestrano.Presets.from_dict({"a": {"api": {"id": "x", "key": "y"}}, "b": {"environment": "uat"}})
    assert list(p) == ["a", "b"] and len(p) == 2
    assert p["b"].environment == "uat"
    assert "c" not in p
    with pytest.raises(KeyError):
        p["c"]
    assert p.find_by_credentials("x", "y") == "a"
    assert p.find_by_credentials("x", "z") is None


def test_masking():
    assert maestrano.Config.from_dict({"sso": {"creation_mode": "virtual"}}).mask_user("usr-1", "cld-1") == "usr-1.cld-1"
    assert maestrano.unmask_user("usr-1.cld-1") == "usr-1"
