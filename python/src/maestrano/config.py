"""Configuration of one marketplace (:class:`Config`) and named collections (:class:`Presets`)."""

from __future__ import annotations

import json
import platform
from typing import Any, Dict, Iterator, Mapping, Optional

from . import _native
from .errors import ConfigError, translate

__all__ = ["Config", "Presets"]

_HOST = {"api.lang": "python", "api.lang_version": platform.python_version()}


def _sets_lang(data: Mapping[str, Any]) -> bool:
    api = data.get("api")
    return "api.lang" in data or "apiLang" in data or (isinstance(api, Mapping) and "lang" in api)


def _with_host(data: Mapping[str, Any]) -> Dict[str, Any]:
    if not isinstance(data, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance] (untyped callers)
        raise ConfigError("config_invalid", f"configuration must be a mapping, found {type(data).__name__}")
    # Host defaults first, so any value the caller gives (in any spelling) wins. A caller that
    # names another language does not get Python's version with it.
    host = _HOST if not _sets_lang(data) else {}
    return {**host, **data}


def _object(text: str) -> Dict[str, Any]:
    """A JSON object the core wrote."""
    value: Dict[str, Any] = json.loads(text)
    return value


class Config:
    """One marketplace's resolved configuration: user values, environment defaults, defaults."""

    __slots__ = ("_native",)

    def __init__(self, native: _native.Config) -> None:
        self._native = native

    @classmethod
    @translate
    def from_dict(cls, data: Mapping[str, Any]) -> "Config":
        """Load from a dict: nested (``{"api": {"id": ...}}``), dotted or legacy flat keys."""
        return cls(_native.Config.from_json(json.dumps(_with_host(data))))

    @classmethod
    def from_json(cls, text: str) -> "Config":
        """Load from JSON text."""
        return cls.from_dict(json.loads(text))

    def to_dict(self) -> Dict[str, Any]:
        """The effective configuration (includes ``api.key``: keep it private)."""
        return _object(self._native.to_json())

    @property
    def environment(self) -> str:
        """The environment name."""
        return self._native.environment()

    def metadata(self) -> Dict[str, Any]:
        """The app's metadata JSON object (never contains secrets)."""
        return _object(self._native.metadata_json())

    def authenticate(self, app_id: str, api_key: str) -> bool:
        """Whether these are this config's credentials (constant-time comparison)."""
        return self._native.authenticate(app_id, api_key)

    def authenticate_header(self, authorization: Optional[str]) -> bool:
        """Whether an ``Authorization: Basic ...`` header value carries this config's credentials."""
        return authorization is not None and self._native.authenticate_header(authorization)

    def mask_user(self, user_uid: str, group_uid: str) -> str:
        """The local uid of a user in a group (``"usr.cld"`` in virtual mode, else the real uid)."""
        return self._native.mask_user(user_uid, group_uid)

    @translate
    def idp_url(self) -> str:
        """The identity provider's SAML endpoint."""
        return self._native.idp_url()

    def init_url(self) -> str:
        """The app's SSO init URL."""
        return self._native.init_url()

    def consume_url(self) -> str:
        """The app's SAML consume (ACS) URL."""
        return self._native.consume_url()

    @translate
    def logout_url(self, user_uid: Optional[str] = None) -> str:
        """The platform logout URL, optionally for one user."""
        return self._native.logout_url(user_uid)

    @translate
    def unauthorized_url(self) -> str:
        """The platform's "access unauthorized" page."""
        return self._native.unauthorized_url()

    @translate
    def session_check_url(self, user_uid: str, session_token: str) -> str:
        """The single-logout session check URL."""
        return self._native.session_check_url(user_uid, session_token)

    def __repr__(self) -> str:
        return f"<maestrano.Config environment={self.environment!r}>"


class Presets(Mapping[str, Config]):
    """Named configurations, one per marketplace. A read-only mapping of name to :class:`Config`."""

    __slots__ = ("_native", "_names")

    def __init__(self, native: _native.Presets) -> None:
        self._native = native
        self._names = native.names()

    @classmethod
    @translate
    def from_dict(cls, data: Mapping[str, Mapping[str, Any]]) -> "Presets":
        """Load ``{"<name>": {config}, ...}``."""
        if not isinstance(data, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance] (untyped callers)
            raise ConfigError("config_invalid", f"presets must be a mapping, found {type(data).__name__}")
        return cls(_native.Presets.from_json(json.dumps({k: _with_host(v) for k, v in data.items()})))

    @translate
    def __getitem__(self, name: str) -> Config:
        if name not in self._names:
            raise KeyError(name)
        return Config(self._native.get(name))

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def find_by_credentials(self, app_id: str, api_key: str) -> Optional[str]:
        """The name of the preset whose credentials these are, or ``None``."""
        return self._native.find_by_credentials(app_id, api_key)

    def to_dict(self) -> Dict[str, Dict[str, Any]]:
        """All presets as ``{name: effective config}``."""
        presets: Dict[str, Dict[str, Any]] = json.loads(self._native.to_json())
        return presets
