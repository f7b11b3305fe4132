"""One exception hierarchy, rooted at :class:`MaestranoError`, mapped from the core's error kinds."""

from __future__ import annotations

import functools
from typing import Callable, TypeVar

from . import _native

__all__ = [
    "MaestranoError",
    "ConfigError",
    "SamlError",
    "ApiError",
    "DevPlatformError",
]


class MaestranoError(Exception):
    """Any failure of the SDK. ``kind`` is the stable error kind (e.g. ``"config_missing"``)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


class ConfigError(MaestranoError):
    """A configuration key is missing or invalid (``config_missing``, ``config_invalid``)."""


class SamlError(MaestranoError):
    """A SAML message was refused (parsing, signature, protocol and attribute kinds)."""


class ApiError(MaestranoError):
    """The platform's API refused or failed a request (``api_*`` kinds)."""


class DevPlatformError(MaestranoError):
    """The developer platform's configuration reply is unusable (``devplatform_error``)."""


def _class_for(kind: str) -> type[MaestranoError]:
    if kind.startswith("config_"):
        return ConfigError
    if kind.startswith("api_"):
        return ApiError
    if kind == "devplatform_error":
        return DevPlatformError
    return SamlError


def from_native(err: _native.MaestranoError) -> MaestranoError:
    """Translate the native error into the matching Python exception."""
    return _class_for(err.kind)(err.kind, err.message)


F = TypeVar("F", bound=Callable)


def translate(fn: F) -> F:
    """Decorator: re-raise native errors as :class:`MaestranoError` subclasses."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except _native.MaestranoError as err:
            raise from_native(err) from None

    return wrapper  # type: ignore[return-value]
