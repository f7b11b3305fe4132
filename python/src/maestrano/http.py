"""Sending the core's HTTP requests: the :class:`Transport` protocol and its implementations.

The core never opens a socket: it builds an :class:`HttpRequest` (method, absolute URL, headers,
body bytes, ``timeout_ms``) and reads an :class:`HttpResponse` (status, headers, body bytes).
A transport sends the one and returns the other. Every HTTP status, 4xx and 5xx included, is a
response (the core decides what it means); only the absence of an answer (connection refused or
dropped, DNS failure, TLS failure, timeout) raises :class:`~maestrano.ApiError` of kind
``api_connection``. Transports never follow redirects (a redirect would carry the app's
credentials elsewhere): a 3xx is returned as is.

- :class:`UrllibTransport`: the standard library, the default.
- :class:`HttpxTransport` and :class:`AsyncHttpxTransport`: `httpx <https://www.python-httpx.org>`_,
  when installed (``pip install maestrano[httpx]``).
- :class:`AsyncThreadTransport`: any synchronous transport, run in a worker thread.

Any object with a ``send(request) -> response`` method (``async`` for the asynchronous client)
is a transport, e.g. one that adds a proxy, retries or records calls in tests.
"""

from __future__ import annotations

import asyncio
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import IO, TYPE_CHECKING, Callable, Iterable, List, Optional, Tuple, Union

try:  # Python 3.8+: typing.Protocol
    from typing import Protocol, runtime_checkable
except ImportError:  # pragma: no cover
    from typing_extensions import Protocol, runtime_checkable  # type: ignore

from . import _native
from .errors import ApiError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "HttpRequest",
    "HttpResponse",
    "HttpHeader",
    "Transport",
    "AsyncTransport",
    "UrllibTransport",
    "HttpxTransport",
    "AsyncHttpxTransport",
    "AsyncThreadTransport",
    "httpx_available",
    "default_transport",
    "default_async_transport",
    "DEFAULT_TIMEOUT",
    "MAX_BODY_BYTES",
]

#: A request the core built: ``method``, ``url``, ``headers`` (list of :class:`HttpHeader`,
#: names in lower case), ``body`` (bytes or ``None``), ``timeout_ms`` (int or ``None``).
HttpRequest = _native.HttpRequest
#: A response for the core: ``status`` (int), ``headers`` (list of :class:`HttpHeader`), ``body``
#: (bytes). Build one with ``HttpResponse(status=200, headers=[], body=b"...")``.
HttpResponse = _native.HttpResponse
#: One header: ``name``, ``value``.
HttpHeader = _native.HttpHeader

#: Seconds to wait when a request carries no ``timeout_ms``.
DEFAULT_TIMEOUT = 30.0
#: Transports read at most this many body bytes: one more than the core accepts (16 MiB), so an
#: oversized answer is refused by the core (``input_too_large``) without being held in memory.
MAX_BODY_BYTES = 16 * 1024 * 1024 + 1
_CHUNK = 64 * 1024


@runtime_checkable
class Transport(Protocol):
    """Sends one request and returns the response (any status), or raises ``api_connection``."""

    def send(self, request: HttpRequest) -> HttpResponse:  # pragma: no cover - protocol
        """Send ``request`` and return what the server answered."""
        ...


@runtime_checkable
class AsyncTransport(Protocol):
    """The asynchronous form of :class:`Transport`: ``await transport.send(request)``."""

    async def send(self, request: HttpRequest) -> HttpResponse:  # pragma: no cover - protocol
        """Send ``request`` and return what the server answered."""
        ...


def httpx_available() -> bool:
    """Whether the optional ``httpx`` package can be imported."""
    try:
        import httpx  # noqa: F401  # pyright: ignore[reportUnusedImport]
    except ImportError:
        return False
    return True


def default_transport() -> "UrllibTransport":
    """The transport used when none is given: :class:`UrllibTransport`."""
    return UrllibTransport()


def default_async_transport() -> AsyncTransport:
    """:class:`AsyncHttpxTransport` when ``httpx`` is installed, else :class:`AsyncThreadTransport`."""
    if httpx_available():
        return AsyncHttpxTransport()
    return AsyncThreadTransport(UrllibTransport())


def _seconds(request: HttpRequest, cap: Optional[float]) -> float:
    t = request.timeout_ms / 1000 if request.timeout_ms else DEFAULT_TIMEOUT
    return min(t, cap) if cap is not None else t


def _origin(url: str) -> str:
    """``scheme://host[:port]`` only: paths and queries may hold tokens (the session check)."""
    try:
        p = urllib.parse.urlsplit(url)
        host = p.hostname or ""
        port = f":{p.port}" if p.port else ""
        return f"{p.scheme}://{host}{port}" if p.scheme else "(invalid URL)"
    except ValueError:
        return "(invalid URL)"


def connection_error(request: HttpRequest, reason: object, timeout: Optional[float] = None) -> ApiError:
    """The ``api_connection`` error for ``request`` (names the origin only, never the path)."""
    if timeout is not None:
        why = f"no complete answer within {timeout:g} s"
    else:
        why = str(reason) or type(reason).__name__
    return ApiError("api_connection", f"{request.method} {_origin(request.url)}: {why}")


def _is_timeout(err: BaseException) -> bool:
    reason = getattr(err, "reason", None)
    return isinstance(err, (socket.timeout, TimeoutError)) or isinstance(reason, (socket.timeout, TimeoutError))


def _headers(items: Iterable[Tuple[object, object]]) -> List[HttpHeader]:
    return [HttpHeader(name=str(k), value=str(v)) for k, v in items]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(  # noqa: D102
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> Optional[urllib.request.Request]:
        return None  # urllib then raises HTTPError: returned below as the 3xx response


class UrllibTransport:
    """A transport on the standard library's ``urllib`` (no dependency).

    ``timeout`` (seconds), when given, caps each request's own ``timeout_ms``. The timeout
    bounds each network wait, and the whole body read is checked against it between chunks.
    ``ssl_context`` replaces the default certificate verification (e.g. a private CA).
    Proxies from the environment (``HTTPS_PROXY``...) are honoured, as by ``urllib``.
    """

    def __init__(self, timeout: Optional[float] = None, ssl_context: Optional[ssl.SSLContext] = None) -> None:
        self.timeout = timeout
        handlers: List[Union[urllib.request.BaseHandler, Callable[[], urllib.request.BaseHandler]]] = [_NoRedirect]
        if ssl_context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=ssl_context))
        self._opener = urllib.request.build_opener(*handlers)

    def send(self, request: HttpRequest) -> HttpResponse:
        """Send ``request``; any HTTP status is a response, no answer is ``api_connection``."""
        timeout = _seconds(request, self.timeout)
        deadline = time.monotonic() + timeout
        req = urllib.request.Request(request.url, data=request.body, method=request.method)
        for h in request.headers:
            req.add_header(h.name, h.value)
        try:
            resp = self._opener.open(req, timeout=timeout)
            raw = resp
        except urllib.error.HTTPError as e:  # a status urllib calls an error is still an answer
            resp, raw = e, e.fp
        except (OSError, http.client.HTTPException, ValueError) as e:
            raise connection_error(request, getattr(e, "reason", e), timeout if _is_timeout(e) else None) from e
        try:
            with resp:
                status = getattr(resp, "status", None) or resp.code
                headers = _headers(resp.headers.items()) if resp.headers is not None else []
                body = self._read(request, raw, deadline, timeout)
        except (OSError, http.client.HTTPException) as e:
            raise connection_error(request, e, timeout if _is_timeout(e) else None) from e
        return HttpResponse(status=int(status), headers=headers, body=body)

    @staticmethod
    def _read(request: HttpRequest, raw: Optional[IO[bytes]], deadline: float, timeout: float) -> bytes:
        if raw is None:
            return b""
        body = bytearray()
        while len(body) < MAX_BODY_BYTES:
            chunk = raw.read(min(_CHUNK, MAX_BODY_BYTES - len(body)))
            if not chunk:
                # http.client returns b"" (no IncompleteRead) when the peer closes early.
                missing = getattr(raw, "length", None)  # http.client.HTTPResponse: bytes still expected
                if missing:
                    raise connection_error(
                        request, f"connection closed after {len(body)} bytes, {missing} bytes missing"
                    )
                break
            body += chunk
            if time.monotonic() > deadline:
                raise connection_error(request, None, timeout)
        return bytes(body)


class HttpxTransport:
    """A synchronous transport on ``httpx.Client`` (needs ``pip install maestrano[httpx]``).

    Pass your own ``client`` to share its connection pool and settings (redirects are not
    followed even if it would); otherwise one is created and :meth:`close` closes it. ``timeout`` (seconds)
    caps each request's own ``timeout_ms``.
    """

    def __init__(self, client: Optional[httpx.Client] = None, timeout: Optional[float] = None) -> None:
        import httpx

        self._httpx = httpx
        self._own = client is None
        self._client = client if client is not None else httpx.Client(follow_redirects=False)
        self.timeout = timeout

    def send(self, request: HttpRequest) -> HttpResponse:
        """Send ``request``; any HTTP status is a response, no answer is ``api_connection``."""
        httpx = self._httpx
        timeout = _seconds(request, self.timeout)
        deadline = time.monotonic() + timeout
        try:
            with self._client.stream(
                request.method,
                request.url,
                headers=[(h.name, h.value) for h in request.headers],
                content=request.body,
                timeout=timeout,
                follow_redirects=False,
            ) as r:
                body = bytearray()
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) >= MAX_BODY_BYTES:
                        del body[MAX_BODY_BYTES:]
                        break
                    if time.monotonic() > deadline:
                        raise connection_error(request, None, timeout)
                return HttpResponse(status=r.status_code, headers=_headers(r.headers.multi_items()), body=bytes(body))
        except httpx.TimeoutException as e:
            raise connection_error(request, None, timeout) from e
        except (httpx.RequestError, httpx.InvalidURL) as e:
            raise connection_error(request, e) from e

    def close(self) -> None:
        """Close the client this transport created (a client you passed stays open)."""
        if self._own:
            self._client.close()

    def __enter__(self) -> "HttpxTransport":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncHttpxTransport:
    """An asynchronous transport on ``httpx.AsyncClient`` (needs ``pip install maestrano[httpx]``).

    The request's ``timeout_ms`` bounds the whole exchange. Pass your own ``client`` to share
    it; otherwise one is created and :meth:`aclose` closes it. ``timeout`` (seconds) caps each
    request's own ``timeout_ms``.
    """

    def __init__(self, client: Optional[httpx.AsyncClient] = None, timeout: Optional[float] = None) -> None:
        import httpx

        self._httpx = httpx
        self._own = client is None
        self._client = client if client is not None else httpx.AsyncClient(follow_redirects=False)
        self.timeout = timeout

    async def send(self, request: HttpRequest) -> HttpResponse:
        """Send ``request``; any HTTP status is a response, no answer is ``api_connection``."""
        httpx = self._httpx
        timeout = _seconds(request, self.timeout)
        try:
            return await asyncio.wait_for(self._exchange(request, timeout), timeout)
        except (asyncio.TimeoutError, httpx.TimeoutException) as e:
            raise connection_error(request, None, timeout) from e
        except (httpx.RequestError, httpx.InvalidURL) as e:
            raise connection_error(request, e) from e

    async def _exchange(self, request: HttpRequest, timeout: float) -> HttpResponse:
        async with self._client.stream(
            request.method,
            request.url,
            headers=[(h.name, h.value) for h in request.headers],
            content=request.body,
            timeout=timeout,
            follow_redirects=False,
        ) as r:
            body = bytearray()
            async for chunk in r.aiter_bytes():
                body += chunk
                if len(body) >= MAX_BODY_BYTES:
                    del body[MAX_BODY_BYTES:]
                    break
            return HttpResponse(status=r.status_code, headers=_headers(r.headers.multi_items()), body=bytes(body))

    async def aclose(self) -> None:
        """Close the client this transport created (a client you passed stays open)."""
        if self._own:
            await self._client.aclose()

    async def __aenter__(self) -> "AsyncHttpxTransport":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class AsyncThreadTransport:
    """Runs a synchronous transport (default :class:`UrllibTransport`) in a worker thread, for
    the asynchronous API without ``httpx``."""

    def __init__(self, transport: Optional[Transport] = None) -> None:
        self.transport = transport if transport is not None else UrllibTransport()

    async def send(self, request: HttpRequest) -> HttpResponse:
        """Send ``request`` in a worker thread."""
        return await asyncio.get_running_loop().run_in_executor(None, self.transport.send, request)
