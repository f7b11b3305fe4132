"""Maestrano marketplace SDK for Python, on a sans-IO Rust core.

Quick start::

    import maestrano
    config = maestrano.Config.from_dict({"environment": "production",
                                         "api": {"id": "app-1", "key": "..."}})
    config.metadata()        # the app's metadata JSON
    config.init_url()        # where users start SSO

Modules: :mod:`maestrano.sso` (SAML), :mod:`maestrano.session` (single logout),
:mod:`maestrano.webhooks` (the platform's calls to the app), :mod:`maestrano.devplatform`
(auto-configuration), :mod:`maestrano.http` (transports), :mod:`maestrano.connec` and
:class:`Client` / :class:`AsyncClient` (Account API and Connec!), :mod:`maestrano.xmldsig`.
"""

from __future__ import annotations

# Not `from typing import TYPE_CHECKING`: typing alone costs more than the rest of the import.
# Type checkers read any `TYPE_CHECKING` as true.
TYPE_CHECKING = False

# Names are imported on first use (PEP 562), so `import maestrano` costs only the native module:
# the HTTP stack, asyncio and dataclasses load when a feature that needs them is used.
_LAZY = {
    "Record": "._json",
    "Client": ".client",
    "AsyncClient": ".client",
    "Config": ".config",
    "Presets": ".config",
    "ConnecResult": ".connec",
    "Pagination": ".connec",
    "BatchResult": ".connec",
    "auto_configure": ".devplatform",
    "async_auto_configure": ".devplatform",
    "MaestranoError": ".errors",
    "ConfigError": ".errors",
    "SamlError": ".errors",
    "ApiError": ".errors",
    "DevPlatformError": ".errors",
    "SessionError": ".errors",
    "Transport": ".http",
    "UrllibTransport": ".http",
    "HttpxTransport": ".http",
    "AsyncHttpxTransport": ".http",
    "AsyncThreadTransport": ".http",
    "ReplayCache": ".sso",
    "SsoResult": ".sso",
    "INVALID_CREDENTIALS_BODY": ".webhooks",
}
_MODULES = (
    "sso", "session", "webhooks", "devplatform", "connec", "http", "xmldsig", "web", "client", "config",
    "errors", "redis", "_native",
)

if TYPE_CHECKING:  # what type checkers and IDEs see: the same names, imported eagerly
    from typing import Any

    __version__: str

    from . import connec, devplatform, http, session, sso, web, webhooks, xmldsig
    from ._json import Record
    from .client import AsyncClient, Client
    from .config import Config, Presets
    from .connec import BatchResult, ConnecResult, Pagination
    from .devplatform import async_auto_configure, auto_configure
    from .errors import ApiError, ConfigError, DevPlatformError, MaestranoError, SamlError, SessionError
    from .http import AsyncHttpxTransport, AsyncThreadTransport, HttpxTransport, Transport, UrllibTransport
    from .sso import ReplayCache, SsoResult
    from .webhooks import INVALID_CREDENTIALS_BODY


def __getattr__(name: str) -> Any:
    import importlib

    if name in _MODULES:
        value: Any = importlib.import_module(f".{name}", __name__)
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    elif name == "__version__":
        from . import _native

        value = _native.version()
    else:
        raise AttributeError(f"module 'maestrano' has no attribute {name!r}")
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "Config",
    "Presets",
    "Client",
    "AsyncClient",
    "Record",
    "ReplayCache",
    "SsoResult",
    "auto_configure",
    "async_auto_configure",
    "ConnecResult",
    "Pagination",
    "BatchResult",
    "Transport",
    "UrllibTransport",
    "HttpxTransport",
    "AsyncHttpxTransport",
    "AsyncThreadTransport",
    "INVALID_CREDENTIALS_BODY",
    "MaestranoError",
    "ConfigError",
    "SamlError",
    "ApiError",
    "DevPlatformError",
    "SessionError",
    "sso",
    "session",
    "webhooks",
    "devplatform",
    "connec",
    "http",
    "xmldsig",
    "web",
    "unmask_user",
    "__version__",
]

def unmask_user(uid: str) -> str:
    """The real platform uid of a possibly masked uid (the part before the first ``.``)."""
    from . import _native

    return _native.unmask_user(uid)
