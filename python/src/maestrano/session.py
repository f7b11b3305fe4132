"""The Maestrano session and single logout (docs/spec.md §4).

After SSO, keep ``result.session`` (from :func:`maestrano.sso.validate_response`) in your app's
session. On each request, :func:`check` it: until its recheck time it is valid without any
request; after that the platform is asked whether the user is still signed in there, and the
answer renews the value. Every doubt (a corrupt value, an unreachable, slow or confused
platform) ends in "not valid": the check fails closed. ::

    result = session.check(config, request.session.get("mno_session"))
    if not result.valid:
        request.session.pop("mno_session", None)
        return redirect(config.init_url())            # sign in again through Maestrano
    if result.value is not None:
        request.session["mno_session"] = result.value  # renewed recheck time

The value is not signed: your session store must protect its integrity, as it does for the
rest of the session.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional

from . import _native
from .config import Config
from .errors import ApiError, MaestranoError, SessionError, from_native

if TYPE_CHECKING:  # the HTTP stack loads only when a check is sent
    from .http import HttpRequest, HttpResponse, Transport
from .sso import _millis

__all__ = ["SessionPayload", "SessionCheck", "read", "check_request", "check_response", "check", "async_check"]

#: What a stored value holds: ``uid`` (the real platform uid), ``session`` (the platform token),
#: ``session_recheck`` (UTC ``datetime``), ``group_uid`` and ``preset`` (or ``None``).
SessionPayload = _native.SessionPayload



class SessionCheck:
    """The outcome of a check.

    - ``valid``: whether the session is still valid;
    - ``value``: the value to store from now on when the platform renewed it (``None``: keep the
      current value if valid, clear it if not);
    - ``reason`` (``None`` when valid): ``"session_invalid"`` (the stored value is missing,
      corrupt or incomplete), ``"api_connection"`` (the platform did not answer: refused,
      dropped, timed out) or ``"platform_refused"`` (it answered, but not with a valid session:
      the user signed out there, or an error status or garbled reply);
    - ``error``: the :class:`~maestrano.MaestranoError` behind ``session_invalid`` and
      ``api_connection``, for logs.
    """

    __slots__ = ("valid", "value", "reason", "error")

    def __init__(
        self,
        valid: bool,
        value: Optional[str] = None,
        reason: Optional[str] = None,
        error: Optional[MaestranoError] = None,
    ) -> None:
        self.valid = valid
        self.value = value
        self.reason = reason
        self.error = error

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SessionCheck):
            return NotImplemented
        return (self.valid, self.value, self.reason) == (other.valid, other.value, other.reason)

    def __repr__(self) -> str:
        return f"SessionCheck(valid={self.valid!r}, value={self.value!r}, reason={self.reason!r})"


def read(value: Optional[str]) -> Optional[SessionPayload]:
    """The payload of a stored value, or ``None`` when there is none or it is corrupt (never raises
    for a bad value). Reads the Ruby SDK's values too (MIME line breaks, no ``preset``)."""
    if not isinstance(value, str):
        return None
    return _native.session_read(value)


def check_request(config: Config, value: Optional[str], now: Optional[datetime] = None) -> Optional[HttpRequest]:
    """The check request to send at ``now`` (default: the clock), or ``None`` when the session is
    valid without one (the recheck time has not come, or single logout is off).

    Raises :class:`~maestrano.SessionError` (``session_invalid``) for a missing, corrupt or
    incomplete value: treat the session as not valid.
    """
    if not isinstance(value, str):
        value = ""  # no value: the core's answer for an empty one (corrupt), unless SLO is off
    try:
        return _native.session_check_request(config._native, value, _millis(now))
    except _native.MaestranoError as err:
        raise from_native(err, SessionError) from None


def check_response(config: Config, value: Optional[str], response: HttpResponse) -> SessionCheck:
    """Read the platform's answer to the check of ``value``: valid only for a 2xx JSON
    ``{"valid": true, "recheck": <time>}``, with the renewed value; anything else is not valid."""
    r = _native.session_check_response(config._native, value if isinstance(value, str) else "", response)
    return SessionCheck(r.valid, r.value, None if r.valid else "platform_refused")


_INVALID_KINDS = ("session_invalid", "api_connection")


def _invalid(err: MaestranoError) -> bool:
    return isinstance(err, (SessionError, ApiError)) and err.kind in _INVALID_KINDS


def check(
    config: Config,
    value: Optional[str],
    now: Optional[datetime] = None,
    transport: Optional[Transport] = None,
) -> SessionCheck:
    """Check the stored ``value`` at ``now``: no request before its recheck time, else one
    ``GET`` of the session check URL through ``transport`` (default
    :class:`~maestrano.http.UrllibTransport`; the core allows it 10 s).

    Returns a :class:`SessionCheck` (``valid``, ``value``, ``reason``); never raises for a bad value or a failed check: a
    corrupt value, a refused connection, a timeout or an unexpected answer are all
    ``valid=False``. (A configuration error, e.g. no ``api.host`` in a custom environment,
    still raises :class:`~maestrano.ConfigError`.)
    """
    try:
        request = check_request(config, value, now)
        if request is None:
            return SessionCheck(True)
        if transport is None:
            from .http import UrllibTransport

            transport = UrllibTransport()
        response = transport.send(request)
    except MaestranoError as err:
        if _invalid(err):
            return SessionCheck(False, None, err.kind, err)
        raise
    return check_response(config, value, response)


async def async_check(
    config: Config,
    value: Optional[str],
    now: Optional[datetime] = None,
    transport: Any = None,
) -> SessionCheck:
    """:func:`check` for asynchronous apps: ``await session.async_check(config, value)``.

    ``transport`` defaults to a new :class:`~maestrano.http.AsyncHttpxTransport` (closed after
    the call) when ``httpx`` is installed, else urllib in a worker thread; pass one to reuse its
    connections.
    """
    try:
        request = check_request(config, value, now)
        if request is None:
            return SessionCheck(True)
        if transport is not None:
            response = await transport.send(request)
        else:
            from .http import default_async_transport

            own = default_async_transport()
            try:
                response = await own.send(request)
            finally:
                aclose = getattr(own, "aclose", None)
                if aclose is not None:
                    await aclose()
    except MaestranoError as err:
        if _invalid(err):
            return SessionCheck(False, None, err.kind, err)
        raise
    return check_response(config, value, response)
