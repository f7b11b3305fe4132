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

from . import _native, connec, devplatform, http, session, sso, webhooks, xmldsig
from ._json import Record
from .client import AsyncClient, Client
from .config import Config, Presets
from .connec import BatchResult, ConnecResult, Pagination
from .devplatform import async_auto_configure, auto_configure
from .errors import ApiError, ConfigError, DevPlatformError, MaestranoError, SamlError, SessionError
from .http import AsyncHttpxTransport, AsyncThreadTransport, HttpxTransport, Transport, UrllibTransport
from .sso import ReplayCache
from .webhooks import INVALID_CREDENTIALS_BODY

__all__ = [
    "Config",
    "Presets",
    "Client",
    "AsyncClient",
    "Record",
    "ReplayCache",
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
    "unmask_user",
    "__version__",
]

__version__ = _native.version()


def unmask_user(uid: str) -> str:
    """The real platform uid of a possibly masked uid (the part before the first ``.``)."""
    return _native.unmask_user(uid)
