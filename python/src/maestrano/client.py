"""The platform APIs over HTTP: :class:`Client` (synchronous) and :class:`AsyncClient`.

::

    client = maestrano.Client(config)                 # urllib; or transport=HttpxTransport()
    bills = client.bills.list(group_id="cld-1")       # [Record, ...]
    bill = client.bills.create({"group_id": "cld-1", "price_cents": 2300,
                                "description": "Setup", "currency": "AUD"})
    client.bills.cancel(bill.id)
    page = client.connec.list("cld-1", "people", top=100)
    for person in client.connec.iter_all("cld-1", "people"):
        ...

Results are :class:`~maestrano.Record` objects (``dict`` with attribute access) carrying every
field the platform sent under its own name, unknown ones included; times stay the RFC 3339
strings the platform sent. Failures raise :class:`~maestrano.ApiError` (see its ``kind``,
``status``, ``param``, ``messages``, ``body_excerpt``) or :class:`~maestrano.ConfigError`.

To do the HTTP yourself, :func:`account_request` builds the request and
:func:`account_response` reads the answer.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Optional, Union, cast

from . import _native
from ._json import Record, dumps, loads
from .config import Config
from .connec import AsyncConnec, Connec, _config  # pyright: ignore[reportPrivateUsage]
from .errors import translate_api
from .http import HttpRequest, HttpResponse, Transport, UrllibTransport, default_async_transport

__all__ = [
    "Client",
    "AsyncClient",
    "account_request",
    "account_response",
    "Bills",
    "RecurringBills",
    "Users",
    "Groups",
    "Resellers",
]

Params = Optional[Mapping[str, Any]]


@translate_api
def account_request(
    config: Config,
    resource: str,
    action: str,
    id: Optional[str] = None,
    params: Params = None,
) -> HttpRequest:
    """The Account API request for ``action`` (``list``, ``create``, ``retrieve``, ``cancel``,
    ``groups``) on ``resource`` (``bills``, ``recurring_bills``, ``users``, ``groups``,
    ``resellers``). ``params``: list filters or the new object's fields (datetimes are sent as
    RFC 3339 UTC)."""
    return _native.account_request(_config(config), resource, action, id, dumps(params))


@translate_api
def account_response(resource: str, action: str, response: HttpResponse) -> Union[Record, List[Record]]:
    """Read an Account API answer: the ``data`` as a :class:`~maestrano.Record` (or a list of
    them), or raise :class:`~maestrano.ApiError`: ``api_authentication`` (401),
    ``api_invalid_request`` (400, 404, ``success: false``; see ``param`` and ``messages``) or
    ``api_error`` (any other status, a body that is not the platform's envelope)."""
    data: Union[Record, List[Record]] = loads(_native.account_response(resource, action, response))
    return data


def _merge(params: Params, kw: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    merged = {**dict(params or {}), **kw}
    return merged or None


class _Resource:
    _name = ""

    def __init__(self, client: Any) -> None:
        self._client = client

    def _call(self, action: str, id: Optional[str] = None, params: Optional[Dict[str, Any]] = None) -> Any:
        """The result from a :class:`Client`, an awaitable of it from an :class:`AsyncClient`."""
        name = self._name

        def build() -> HttpRequest:
            return account_request(self._client.config, name, action, id, params)

        def read(response: HttpResponse) -> Union[Record, List[Record]]:
            return account_response(name, action, response)

        return self._client._run(build, read)

    def __repr__(self) -> str:
        return f"<maestrano {type(self).__name__} resource>"


class _List(_Resource):
    def list(self, filters: Params = None, **kw: Any) -> List[Record]:
        """All objects, optionally filtered: ``list(group_id="cld-1")`` or ``list({"group_id": ...})``.

        Filter names are the platform's: a field, optionally suffixed ``_after``/``_before``
        and the like (``created_at_after=datetime(...)``)."""
        return cast(List[Record], self._call("list", params=_merge(filters, kw)))

    def retrieve(self, id: str) -> Record:
        """One object by id."""
        return cast(Record, self._call("retrieve", id))


class _Bills(_List):
    def create(self, fields: Params = None, **kw: Any) -> Record:
        """Create one (form-encoded fields; nested mappings as ``k[sub]``, lists as ``k[]``)."""
        return cast(Record, self._call("create", params=_merge(fields, kw)))

    def cancel(self, id: str) -> Record:
        """Cancel one (``DELETE``); returns it with its new ``status``."""
        return cast(Record, self._call("cancel", id))


class Bills(_Bills):
    """``client.bills``: one-off charges to a group (``list``, ``create``, ``retrieve``, ``cancel``).

    Fields: ``id``, ``group_id``, ``price_cents``, ``currency``, ``units``, ``description``,
    ``status``, ``period_started_at``, ``period_ended_at``, ``third_party``, ``created_at``...
    """

    _name = "bills"


class RecurringBills(_Bills):
    """``client.recurring_bills``: charges repeated every period (``list``, ``create``,
    ``retrieve``, ``cancel``). Fields add ``period``, ``frequency``, ``cycles``,
    ``start_date``, ``initial_cents``, ``next_execution_at``, ``remaining_cycles``..."""

    _name = "recurring_bills"


class Users(_List):
    """``client.users``: platform users of the app's groups (``list``, ``retrieve``)."""

    _name = "users"


class Groups(_List):
    """``client.groups``: customer organisations using the app (``list``, ``retrieve``)."""

    _name = "groups"


class Resellers(_List):
    """``client.resellers``: resellers (``list``, ``retrieve``, ``groups``)."""

    _name = "resellers"

    def groups(self, id: str) -> List[Record]:
        """The groups of reseller ``id``."""
        return cast(List[Record], self._call("groups", id))


class _Base:
    def __init__(self, config: Config, transport: Any, own_transport: bool) -> None:
        if not isinstance(config, Config):  # pyright: ignore[reportUnnecessaryIsInstance] (untyped callers)
            raise TypeError(f"expected a maestrano.Config, found {type(config).__name__}")
        #: The marketplace configuration the calls use.
        self.config = config
        #: The transport that sends the requests.
        self.transport = transport
        self._own_transport = own_transport
        #: :class:`Bills`.
        self.bills = Bills(self)
        #: :class:`RecurringBills`.
        self.recurring_bills = RecurringBills(self)
        #: :class:`Users`.
        self.users = Users(self)
        #: :class:`Groups`.
        self.groups = Groups(self)
        #: :class:`Resellers`.
        self.resellers = Resellers(self)

    def __repr__(self) -> str:
        return f"<maestrano.{type(self).__name__} {self.config!r} via {type(self.transport).__name__}>"


class Client(_Base):
    """Synchronous access to the Account API and Connec! for one marketplace ``config``.

    ``transport`` sends the requests: :class:`~maestrano.http.UrllibTransport` by default, or
    :class:`~maestrano.http.HttpxTransport`, or any object with ``send(request) -> response``.
    Attributes: ``bills``, ``recurring_bills``, ``users``, ``groups``, ``resellers``, ``connec``.
    Safe to share between threads when the transport is (both built-in ones are).
    """

    def __init__(self, config: Config, transport: Optional[Transport] = None) -> None:
        own = transport is None
        super().__init__(config, UrllibTransport() if own else transport, own)
        #: :class:`~maestrano.connec.Connec`.
        self.connec = Connec(self)

    def _run(self, build: Callable[[], HttpRequest], read: Callable[[HttpResponse], Any]) -> Any:
        return read(self.transport.send(build()))

    def close(self) -> None:
        """Close the transport this client created (a transport you passed is yours to close)."""
        if not self._own_transport:
            return
        close = getattr(self.transport, "close", None)
        if callable(close):
            close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClient(_Base):
    """Asynchronous access: the same resources and methods as :class:`Client`, as coroutines
    (``await client.bills.list()``), and ``client.connec.iter_all(...)`` as an asynchronous
    iterator.

    ``transport`` defaults to :class:`~maestrano.http.AsyncHttpxTransport` when ``httpx`` is
    installed, else :class:`~maestrano.http.AsyncThreadTransport` (urllib in a worker thread).
    Use ``async with AsyncClient(config) as client:`` or call :meth:`aclose`.
    """

    def __init__(self, config: Config, transport: Any = None) -> None:
        own = transport is None
        super().__init__(config, default_async_transport() if own else transport, own)
        #: :class:`~maestrano.connec.AsyncConnec`.
        self.connec = AsyncConnec(self)

    async def _run(self, build: Callable[[], HttpRequest], read: Callable[[HttpResponse], Any]) -> Any:
        return read(await self.transport.send(build()))

    async def aclose(self) -> None:
        """Close the transport this client created (a transport you passed is yours to close)."""
        if not self._own_transport:
            return
        close = getattr(self.transport, "aclose", None) or getattr(self.transport, "close", None)
        if callable(close):
            result: Any = close()
            if hasattr(result, "__await__"):
                await result

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
