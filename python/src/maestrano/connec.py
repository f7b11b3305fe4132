"""Connec!, the platform's data-sharing API: records of a group keyed by entity.

Use it through :attr:`maestrano.Client.connec` (``client.connec.list(group_id, "people")``), or
build and read the HTTP exchanges yourself with :func:`connec_request`,
:func:`connec_next_page_request` and :func:`connec_response`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Callable,
    Dict,
    Iterator,
    List,
    Mapping,
    Optional,
    Set,
    TypeVar,
    Union,
    cast,
)

from . import _native
from ._json import Record, dumps, loads
from .config import Config
from .errors import ApiError, translate_api
from .http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from typing import Awaitable

__all__ = [
    "ConnecResult",
    "Pagination",
    "BatchResult",
    "Connec",
    "AsyncConnec",
    "connec_request",
    "connec_next_page_request",
    "connec_response",
]

_T = TypeVar("_T")


@dataclass(frozen=True)
class Pagination:
    """Paging of a list reply. ``next`` is the absolute URL of the next page (``None`` on the last)."""

    top: Optional[int] = None
    skip: Optional[int] = None
    total: Optional[int] = None
    next: Optional[str] = None


@dataclass(frozen=True)
class ConnecResult:
    """A Connec! reply keyed by entity.

    ``entity`` is the reply's key (``"people"``, ``"company"``...; ``None`` for an empty body),
    ``data`` the records (a list of :class:`~maestrano.Record` for lists, one record for get,
    create and update), ``pagination`` the paging of a list (or ``None``), ``extra`` any other
    top-level keys of the reply.
    """

    entity: Optional[str]
    data: Any
    pagination: Optional[Pagination] = None
    extra: Record = field(default_factory=Record)

    @property
    def records(self) -> List[Record]:
        """The records as a list (one record is a list of one; no data, an empty list)."""
        data: Any = self.data
        if data is None:
            return []
        return list(cast("List[Record]", data)) if isinstance(data, list) else [data]

    def to_dict(self) -> Dict[str, Any]:
        """``{entity, data, pagination}`` as plain JSON-like values."""
        out: Dict[str, Any] = {"entity": self.entity, "data": self.data, "pagination": None}
        if self.pagination is not None:
            p = self.pagination
            out["pagination"] = {"top": p.top, "skip": p.skip, "total": p.total, "next": p.next}
        if self.extra:
            out["extra"] = self.extra
        return out


@dataclass(frozen=True)
class BatchResult:
    """One operation's outcome in a batch: its HTTP ``status`` and ``body`` (records keyed by
    entity, or an error list). A batch succeeds as a whole even when some operations failed:
    check each ``status``."""

    status: int
    body: Any

    @property
    def ok(self) -> bool:
        """Whether this operation's status is 2xx."""
        return 200 <= self.status < 300


def _config(config: Config) -> _native.Config:
    if not isinstance(config, Config):  # pyright: ignore[reportUnnecessaryIsInstance] (untyped callers)
        raise TypeError(f"expected a maestrano.Config, found {type(config).__name__}")
    return config._native  # pyright: ignore[reportPrivateUsage]


@translate_api
def connec_request(
    config: Config,
    action: str,
    group_id: str,
    entity: str,
    id: Optional[str] = None,
    query: Optional[Mapping[str, Any]] = None,
    body: Any = None,
) -> HttpRequest:
    """The Connec! request for ``action`` (``list``, ``get``, ``create``, ``update``, ``batch``).

    ``query``: ``{filter, orderby, top, skip}`` for ``list`` (``None`` values are left out);
    ``body``: the record for ``create``/``update``, the operations for ``batch``.
    """
    q = None
    if query is not None:
        q = {k: v for k, v in dict(query).items() if v is not None}
    return _native.connec_request(_config(config), action, group_id, entity, id, dumps(q), dumps(body))


@translate_api
def connec_next_page_request(config: Config, next: str) -> HttpRequest:
    """The request for a reply's ``pagination.next``; ``api_error`` unless it is on ``connec.host``
    (the request carries the app's credentials)."""
    return _native.connec_next_page_request(_config(config), next)


@translate_api
def connec_response(action: str, response: HttpResponse) -> Union[ConnecResult, List[BatchResult]]:
    """Read a Connec! reply: a :class:`ConnecResult`, or for ``batch`` a list of
    :class:`BatchResult`. Raises :class:`~maestrano.ApiError` (``api_authentication``,
    ``api_invalid_request`` with the platform's ``param``/``messages``, ``api_error``)."""
    reply = loads(_native.connec_response(action, response))
    if "results" in reply and "entity" not in reply:
        return [BatchResult(status=r["status"], body=r.get("body")) for r in reply["results"]]
    p = reply.get("pagination")
    return ConnecResult(
        entity=reply.get("entity"),
        data=reply.get("data"),
        pagination=Pagination(p.get("top"), p.get("skip"), p.get("total"), p.get("next")) if p else None,
        extra=reply.get("extra") or Record(),
    )


def _loop_guard(seen: Set[str], page: ConnecResult) -> Optional[str]:
    nxt = page.pagination.next if page.pagination else None
    if not nxt or not page.records:
        return None
    if nxt in seen:
        raise ApiError("api_error", "Connec! `pagination.next` points back to a page already read; stopping")
    seen.add(nxt)
    return nxt


class Connec:
    """Connec! calls of one :class:`~maestrano.Client` (``client.connec``)."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def _call(self, build: Callable[[], HttpRequest], read: Callable[[HttpResponse], _T]) -> _T:
        # ``_T`` itself from a Client; an awaitable of it from an AsyncClient (see AsyncConnec).
        result: _T = self._client._run(build, read)
        return result

    def list(
        self,
        group_id: str,
        entity: str,
        *,
        filter: Optional[str] = None,
        orderby: Optional[str] = None,
        top: Optional[int] = None,
        skip: Optional[int] = None,
    ) -> ConnecResult:
        """One page of ``entity`` records of ``group_id`` (``$filter``, ``$orderby``, ``$top``,
        ``$skip``). Follow ``result.pagination.next`` with :meth:`next_page`, or use
        :meth:`iter_all`."""
        query = {"filter": filter, "orderby": orderby, "top": top, "skip": skip}
        return self._call(
            lambda: connec_request(self._client.config, "list", group_id, entity, query=query),
            lambda r: cast(ConnecResult, connec_response("list", r)),
        )

    def next_page(self, page: ConnecResult) -> Optional[ConnecResult]:
        """The page after ``page`` (``None`` when it was the last). The next URL must be on
        ``connec.host``."""
        nxt = page.pagination.next if page.pagination else None
        if not nxt:
            return None
        return self._call(
            lambda: connec_next_page_request(self._client.config, nxt),
            lambda r: cast(ConnecResult, connec_response("list", r)),
        )

    def get(self, group_id: str, entity: str, id: str) -> ConnecResult:
        """One record: ``result.data``."""
        return self._call(
            lambda: connec_request(self._client.config, "get", group_id, entity, id=id),
            lambda r: cast(ConnecResult, connec_response("get", r)),
        )

    def create(self, group_id: str, entity: str, record: Mapping[str, Any]) -> ConnecResult:
        """Create a record (sent as ``{"<entity>": record}``); ``result.data`` is the stored record."""
        return self._call(
            lambda: connec_request(self._client.config, "create", group_id, entity, body=record),
            lambda r: cast(ConnecResult, connec_response("create", r)),
        )

    def update(self, group_id: str, entity: str, id: str, record: Mapping[str, Any]) -> ConnecResult:
        """Update a record (``PUT``, sent as ``{"<entity>": record}``); ``result.data`` is the merged record."""
        return self._call(
            lambda: connec_request(self._client.config, "update", group_id, entity, id=id, body=record),
            lambda r: cast(ConnecResult, connec_response("update", r)),
        )

    def batch(self, ops: Any) -> List[BatchResult]:
        """Several operations in one call (``POST connec.host/batch``): a list of
        ``{"method", "url", "params"}`` (sent with ``sequential: true``) or the whole body
        ``{"sequential": ..., "ops": [...]}``. Returns one :class:`BatchResult` per operation."""
        return self._call(
            lambda: connec_request(self._client.config, "batch", "", "", body=ops),
            lambda r: cast(List[BatchResult], connec_response("batch", r)),
        )

    def iter_all(
        self,
        group_id: str,
        entity: str,
        *,
        filter: Optional[str] = None,
        orderby: Optional[str] = None,
        top: Optional[int] = None,
        skip: Optional[int] = None,
    ) -> Iterator[Record]:
        """Every record of every page, following ``pagination.next`` (only on ``connec.host``).

        A generator: records of the pages already read have been yielded when a later page
        fails (the error is then raised). ``list(client.connec.iter_all(...))`` gives all or
        nothing.
        """
        page: Optional[ConnecResult] = self.list(group_id, entity, filter=filter, orderby=orderby, top=top, skip=skip)
        seen: Set[str] = set()
        while page is not None:  # not None: _loop_guard saw a next page
            yield from page.records
            if _loop_guard(seen, page) is None:
                return
            page = self.next_page(page)


class AsyncConnec(Connec):
    """Connec! calls of an :class:`~maestrano.AsyncClient`: the same methods as :class:`Connec`,
    as coroutines, and :meth:`iter_all` as an asynchronous iterator."""

    if TYPE_CHECKING:  # the inherited methods, as an AsyncClient runs them: awaitables

        def list(  # type: ignore[override]
            self,
            group_id: str,
            entity: str,
            *,
            filter: Optional[str] = None,
            orderby: Optional[str] = None,
            top: Optional[int] = None,
            skip: Optional[int] = None,
        ) -> Awaitable[ConnecResult]: ...

        def get(self, group_id: str, entity: str, id: str) -> Awaitable[ConnecResult]: ...  # type: ignore[override]

        def create(  # type: ignore[override]
            self, group_id: str, entity: str, record: Mapping[str, Any]
        ) -> Awaitable[ConnecResult]: ...

        def update(  # type: ignore[override]
            self, group_id: str, entity: str, id: str, record: Mapping[str, Any]
        ) -> Awaitable[ConnecResult]: ...

        def batch(self, ops: Any) -> Awaitable[List[BatchResult]]: ...  # type: ignore[override]

    async def next_page(self, page: ConnecResult) -> Optional[ConnecResult]:  # type: ignore[override]
        """The page after ``page`` (``None`` when it was the last)."""
        if not (page.pagination and page.pagination.next):
            return None
        return await cast("Awaitable[Optional[ConnecResult]]", super().next_page(page))

    async def iter_all(  # type: ignore[override]
        self,
        group_id: str,
        entity: str,
        *,
        filter: Optional[str] = None,
        orderby: Optional[str] = None,
        top: Optional[int] = None,
        skip: Optional[int] = None,
    ) -> AsyncIterator[Record]:
        """Every record of every page: ``async for record in client.connec.iter_all(...)``."""
        page: Optional[ConnecResult] = await self.list(
            group_id, entity, filter=filter, orderby=orderby, top=top, skip=skip
        )
        seen: Set[str] = set()
        while page is not None:  # not None: _loop_guard saw a next page
            for record in page.records:
                yield record
            if _loop_guard(seen, page) is None:
                return
            page = await self.next_page(page)
