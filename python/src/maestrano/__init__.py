"""Maestrano marketplace SDK for Python, on a sans-IO Rust core.

Quick start::

    import maestrano
    config = maestrano.Config.from_dict({"environment": "production",
                                         "api": {"id": "app-1", "key": "..."}})
    config.metadata()        # the app's metadata JSON
    config.init_url()        # where users start SSO
"""

from . import _native, sso, xmldsig
from .config import Config, Presets
from .errors import ApiError, ConfigError, DevPlatformError, MaestranoError, SamlError

__all__ = [
    "Config",
    "Presets",
    "MaestranoError",
    "ConfigError",
    "SamlError",
    "ApiError",
    "DevPlatformError",
    "sso",
    "xmldsig",
    "unmask_user",
    "__version__",
]

__version__ = _native.version()


def unmask_user(uid: str) -> str:
    """The real platform uid of a possibly masked uid (the part before the first ``.``)."""
    return _native.unmask_user(uid)
