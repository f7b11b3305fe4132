"""One exception hierarchy, rooted at :class:`MaestranoError`, mapped from the core's error kinds.

- :class:`ConfigError`: ``config_missing``, ``config_invalid``;
- :class:`SamlError`: the parsing, signature, protocol and attribute kinds of SSO;
- :class:`ApiError`: ``api_authentication``, ``api_invalid_request``, ``api_error`` and
  ``api_connection`` (the request got no answer: refused, dropped, timed out);
- :class:`DevPlatformError`: ``devplatform_error``;
- :class:`SessionError`: ``session_invalid`` (a stored session value is corrupt).

An operation either returns its whole result or raises one of these: never a partial result.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar

from . import _native

__all__ = [
    "MaestranoError",
    "ConfigError",
    "SamlError",
    "ApiError",
    "DevPlatformError",
    "SessionError",
]


class MaestranoError(Exception):
    """Any failure of the SDK. ``kind`` is the stable error kind (e.g. ``"config_missing"``)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(kind, message)
        #: The stable error kind (docs/spec.md §7).
        self.kind = kind
        #: Why, for people and logs.
        self.message = message

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"

    # Picklable (Celery, RQ, multiprocessing): ``args`` rebuild the exception, the state carries
    # every attribute and the cause (when the cause itself can be pickled).
    def __reduce__(self) -> Tuple[Any, ...]:
        state = dict(self.__dict__)
        cause = self.__cause__
        if cause is not None:
            import pickle

            try:
                pickle.dumps(cause)
            except Exception:  # an unpicklable cause is replaced by its text
                cause = RuntimeError(f"{type(cause).__name__}: {cause}")
            state["__cause__"] = cause
        return (type(self), self.args, state)

    def __setstate__(self, state: Optional[Dict[str, Any]]) -> None:
        state = dict(state or {})
        cause = state.pop("__cause__", None)
        self.__dict__.update(state)
        if cause is not None:
            self.__cause__ = cause


class ConfigError(MaestranoError):
    """A configuration key is missing or invalid (``config_missing``, ``config_invalid``)."""


class SamlError(MaestranoError):
    """A SAML message was refused (parsing, signature, protocol and attribute kinds)."""


class SessionError(MaestranoError):
    """A stored Maestrano session value is corrupt or incomplete (``session_invalid``).

    :func:`maestrano.session.check` catches it and reports the session as not valid.
    """


class _HttpError(MaestranoError):
    """A failure that may carry what the platform answered."""

    def __init__(
        self,
        kind: str,
        message: str,
        status: Optional[int] = None,
        param: Optional[str] = None,
        messages: Optional[List[str]] = None,
        body_excerpt: Optional[str] = None,
    ) -> None:
        super().__init__(kind, message)
        self.args = (kind, message, status, param, list(messages or []), body_excerpt)
        #: The HTTP status the platform answered (``None`` when there was no answer).
        self.status = status
        #: The field (or error code) the platform named first, e.g. ``"price_cents"``.
        self.param = param
        #: The platform's messages, e.g. ``["price_cents can't be blank"]``.
        self.messages = list(messages or [])
        #: The start of the body, when it was not the expected JSON.
        self.body_excerpt = body_excerpt


class ApiError(_HttpError):
    """The platform's API refused or failed a request (``api_*`` kinds).

    ``api_authentication`` (401: wrong ``api.id``/``api.key``), ``api_invalid_request``
    (400/404, or ``success: false``: see ``param`` and ``messages``), ``api_error`` (any other
    status, or a body that is not the expected JSON: see ``status`` and ``body_excerpt``) and
    ``api_connection`` (connection refused or dropped, timeout: no answer at all).
    """


class DevPlatformError(_HttpError):
    """The developer platform's configuration reply is unusable (``devplatform_error``)."""


def _class_for(kind: str, default: type[MaestranoError]) -> type[MaestranoError]:
    if kind.startswith("config_"):
        return ConfigError
    if kind.startswith("api_"):
        return ApiError
    if kind == "devplatform_error":
        return DevPlatformError
    if kind == "session_invalid":
        return SessionError
    return default


def from_native(err: _native.MaestranoError, default: type[MaestranoError] = SamlError) -> MaestranoError:
    """Translate the native error into the matching Python exception.

    Kinds without a family of their own (``unsupported``, ``input_too_large``, ...) become
    ``default``: :class:`SamlError` for SSO, :class:`ApiError` for the platform APIs.
    """
    cls = _class_for(err.kind, default)
    http = getattr(err, "http", None)
    if issubclass(cls, _HttpError):
        if http is None:
            return cls(err.kind, err.message)
        return cls(err.kind, err.message, http.status, http.param, list(http.messages), http.body_excerpt)
    return cls(err.kind, err.message)


F = TypeVar("F", bound=Callable[..., Any])


def translate(fn: F) -> F:
    """Decorator: re-raise native errors as :class:`MaestranoError` subclasses."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except _native.MaestranoError as err:
            raise from_native(err) from None

    return wrapper  # type: ignore[return-value]


def translate_api(fn: F) -> F:
    """Like :func:`translate`, with :class:`ApiError` for kinds of no family."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except _native.MaestranoError as err:
            raise from_native(err, ApiError) from None

    return wrapper  # type: ignore[return-value]
