"""SAML single sign-on: the AuthnRequest redirect and validation of the posted Response."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, List, Mapping, Optional, Tuple, Union, cast

from . import _native
from .config import Config
from ._sso_result import SsoResult
from .errors import SamlError, translate

__all__ = ["AuthnRequest", "ReplayCache", "SsoResult", "authn_request", "validate_response"]


Params = Union[Mapping[str, object], Iterable[Tuple[str, object]], None]


@dataclass(frozen=True)
class AuthnRequest:
    """A built AuthnRequest. Keep ``request_id`` to check ``InResponseTo`` later."""

    url: str
    request_id: str
    issue_instant: datetime
    xml: str


def _millis(now: Optional[datetime]) -> int:
    if now is None:
        now = datetime.now(timezone.utc)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)  # naive datetimes are taken as UTC
    return int(now.timestamp() * 1000)


def _pairs(params: Params) -> List[_native.QueryParam]:
    if params is None:
        return []
    items = cast(Iterable[Tuple[object, object]], params.items() if isinstance(params, Mapping) else params)
    return [_native.QueryParam(name=str(k), value="" if v is None else str(v)) for k, v in items]


@translate
def authn_request(
    config: Config,
    params: Params = None,
    group_id: Optional[str] = None,
    relay_state: Optional[str] = None,
    id: Optional[str] = None,
    now: Optional[datetime] = None,
) -> AuthnRequest:
    """Build the AuthnRequest redirect (HTTP-Redirect binding) for ``config``."""
    r = _native.authn_request(
        config._native, id or f"_{uuid.uuid4()}", _millis(now), _pairs(params), group_id, relay_state
    )
    return AuthnRequest(
        url=r.url,
        request_id=r.request_id,
        issue_instant=_datetime(r.issue_instant_ms),
        xml=r.xml,
    )


@translate
def validate_response(
    config: Config,
    saml_response: str,
    request_id: Optional[str] = None,
    now: Optional[datetime] = None,
    preset: Optional[str] = None,
) -> SsoResult:
    """Validate the posted ``SAMLResponse`` form value (base64) and return who signed in.

    The result's ``session`` is the value to keep in the app's session for single logout (see
    :mod:`maestrano.session`); ``preset`` names the marketplace it belongs to, for multi-tenant
    apps. Raises :class:`maestrano.SamlError` (or another :class:`maestrano.MaestranoError`)
    with a precise ``kind`` on any failure.
    """
    if not isinstance(saml_response, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise SamlError("malformed_base64", f"expected the SAMLResponse form value as str, found {type(saml_response).__name__}")
    return SsoResult(json.loads(_native.validate_response_json(config._native, saml_response, _millis(now), request_id, preset)))


class ReplayCache:
    """Accepts each assertion once; a second use raises :class:`maestrano.SamlError` (``replayed``).

    In memory (one process) by default; when it is full of unexpired entries it raises
    :class:`maestrano.SamlError` (``replay_store_full``) rather than accept unrecorded. To protect
    several processes, pass a ``store`` with an atomic ``insert_if_absent(key, expires_at, now)
    -> bool`` (e.g. :class:`maestrano.redis.RedisStore`: Redis ``SET NX PX``; a unique key in a
    database); ``key`` identifies the assertion by its issuer and ID. An asynchronous store (whose
    method is a coroutine, e.g. :class:`maestrano.redis.AsyncRedisStore`) is used through
    :meth:`async_check`. The store's own exceptions propagate unchanged.
    """

    def __init__(self, store: Any = None, capacity: int = 100_000) -> None:
        if store is not None and not callable(getattr(store, "insert_if_absent", None)):
            raise TypeError("a replay store needs an insert_if_absent(key, expires_at, now) method")
        self._store: Any = store
        self._memory = None if store is not None else _native.ReplayCache.in_memory(capacity)

    def _entry(self, config: Config, result: SsoResult, now_ms: int) -> Tuple[str, datetime, datetime]:
        expires_at = _native.replay_expiry_ms(config._native, result._not_on_or_after_ms, now_ms)
        return _native.replay_key_of(result.issuer, result.assertion_id), _datetime(expires_at), _datetime(now_ms)

    @staticmethod
    def _replayed(result: SsoResult, expires_at: datetime) -> SamlError:
        return SamlError(
            "replayed",
            f"assertion {result.assertion_id!r} was already used (remembered until {expires_at.isoformat()})",
        )

    @translate
    def check(self, config: Config, result: SsoResult, now: Optional[datetime] = None) -> None:
        """Accept ``result``'s assertion once."""
        now_ms = _millis(now)
        if self._memory is not None:
            self._memory.check_assertion(
                config._native, result.issuer, result.assertion_id, result._not_on_or_after_ms, now_ms
            )
            return
        key, expires_at, at = self._entry(config, result, now_ms)
        inserted = self._store.insert_if_absent(key, expires_at, at)
        if hasattr(inserted, "__await__"):
            close = getattr(inserted, "close", None)
            if close is not None:
                close()  # never awaited: no "coroutine was never awaited" warning
            raise TypeError("this replay store is asynchronous: use `await replay.async_check(...)`")
        if not inserted:
            raise self._replayed(result, expires_at)

    async def async_check(self, config: Config, result: SsoResult, now: Optional[datetime] = None) -> None:
        """:meth:`check` for asynchronous apps; the store's method may be a coroutine or not."""
        now_ms = _millis(now)
        if self._memory is not None:
            self.check(config, result, now)
            return
        key, expires_at, at = self._entry(config, result, now_ms)
        inserted = self._store.insert_if_absent(key, expires_at, at)
        if hasattr(inserted, "__await__"):
            inserted = await inserted
        if not inserted:
            raise self._replayed(result, expires_at)


def _datetime(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
