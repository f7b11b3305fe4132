"""A local platform for the tests: a real HTTP server on 127.0.0.1 serving the recorded payloads of
``tests/fixtures/platform`` and recording every request; and the ``api`` fixture that runs the
same test through each client (urllib, httpx, asynchronous httpx, asynchronous urllib thread)."""

from __future__ import annotations

import asyncio
import inspect
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import maestrano
from maestrano.http import AsyncThreadTransport, UrllibTransport, httpx_available

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "platform"


def fixture(name: str) -> bytes:
    """The bytes of ``tests/fixtures/platform/<name>``."""
    return (FIXTURES / name).read_bytes()


def envelope(data) -> bytes:
    """An Account API success envelope around ``data``."""
    return json.dumps({"success": True, "errors": {}, "data": data}).encode()


class Recorded:
    """One request the server received."""

    def __init__(self, method, target, headers, body):
        self.method = method
        parts = urlsplit(target)
        self.path = parts.path
        self.query = parts.query
        self.params = parse_qs(parts.query, keep_blank_values=True)
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"<{self.method} {self.path}?{self.query}>"


class PlatformServer:
    """``route()`` what to answer; ``requests`` lists what was asked."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                rec = Recorded(self.command, self.path, self.headers, body)
                server.requests.append(rec)
                spec = server.routes.get((rec.method, rec.path, rec.query)) or server.routes.get((rec.method, rec.path))
                if spec is None:
                    spec = {"status": 599, "body": b"no route", "action": None, "headers": {}}
                action = spec["action"]
                if action == "hang":
                    server.release.wait(10)
                    return
                if action == "close":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response(spec["status"])
                for k, v in spec["headers"].items():
                    self.send_header(k, v)
                if action == "drop":
                    self.send_header("Content-Length", str(len(spec["body"]) + 1000))
                    self.end_headers()
                    self.wfile.write(spec["body"])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_header("Content-Length", str(len(spec["body"])))
                self.end_headers()
                self.wfile.write(spec["body"])

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def route(self, method, path, body=b"", status=200, query=None, action=None, content_type="application/json", headers=None):
        """Answer ``method path`` (and exactly ``query`` when given) with ``status`` and ``body``;
        ``action``: ``hang`` (never answer), ``drop`` (close mid-body), ``close`` (no answer)."""
        if isinstance(body, str):
            body = body.encode()
        h = {"Content-Type": content_type} if content_type else {}
        h.update(headers or {})
        key = (method, path, query) if query is not None else (method, path)
        self.routes[key] = {"status": status, "body": body, "action": action, "headers": h}

    def only(self):
        """The one request received (fails otherwise)."""
        assert len(self.requests) == 1, self.requests
        return self.requests[0]

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = PlatformServer()
    yield s
    s.close()


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config_for(url: str, **sections) -> maestrano.Config:
    """A production config whose API, Connec! and IdP hosts are ``url``."""
    data = {
        "environment": "production",
        "api": {"id": "app-1", "key": "k3y", "host": url},
        "connec": {"host": url},
        "sso": {"idp": url},
    }
    for section, values in sections.items():
        data.setdefault(section, {}).update(values)
    return maestrano.Config.from_dict(data)


KINDS = ["urllib", "httpx", "async-httpx", "async-thread"]


class Api:
    """One client kind; ``run(lambda c: c.bills.list())`` works for sync and async clients."""

    def __init__(self, kind: str, server: PlatformServer):
        self.kind = kind
        self.server = server
        self.loop = asyncio.new_event_loop() if kind.startswith("async") else None
        self._clients = []

    @property
    def is_async(self) -> bool:
        return self.loop is not None

    def client(self, config=None, **sections):
        config = config if config is not None else config_for(self.server.url, **sections)
        if self.kind == "urllib":
            c = maestrano.Client(config, transport=UrllibTransport())
        elif self.kind == "httpx":
            c = maestrano.Client(config, transport=maestrano.HttpxTransport())
        elif self.kind == "async-httpx":
            c = maestrano.AsyncClient(config, transport=maestrano.AsyncHttpxTransport())
        else:
            c = maestrano.AsyncClient(config, transport=AsyncThreadTransport(UrllibTransport()))
        self._clients.append(c)
        return c

    def run(self, fn, config=None, **sections):
        """``fn(client)``, awaited when the client is asynchronous."""
        result = fn(self.client(config, **sections))
        if inspect.isawaitable(result):
            result = self.loop.run_until_complete(result)
        return result

    def all(self, group_id, entity, config=None, **kw):
        """Every record of ``client.connec.iter_all(group_id, entity, **kw)`` as a list."""
        c = self.client(config)
        if not self.is_async:
            return list(c.connec.iter_all(group_id, entity, **kw))

        async def collect():
            return [r async for r in c.connec.iter_all(group_id, entity, **kw)]

        return self.loop.run_until_complete(collect())

    def close(self):
        for c in self._clients:
            t = c.transport
            if self.is_async:
                close = getattr(t, "aclose", None)
                if close is not None:
                    self.loop.run_until_complete(close())
            else:
                close = getattr(t, "close", None)
                if close is not None:
                    close()
        if self.loop is not None:
            self.loop.close()


@pytest.fixture(params=KINDS)
def api(request, server):
    if request.param in ("httpx", "async-httpx") and not httpx_available():
        pytest.skip("httpx is not installed")
    a = Api(request.param, server)
    yield a
    a.close()


class Elapsed:
    """``with Elapsed() as t: ...; t.seconds``."""

    def __enter__(self):
        self.start = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self.start


# ----------------------------------------------------------------------------- redis-server


@pytest.fixture(scope="session")
def redis_url():
    """A real ``redis-server`` (Debian's package) on a free port, for the whole run; its URL.
    Skips when ``redis-server`` or redis-py is not installed."""
    import shutil
    import subprocess
    import tempfile

    redis = pytest.importorskip("redis")
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    data = tempfile.mkdtemp(prefix="mno-redis-")
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", data],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("redis-server did not start")
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(data, ignore_errors=True)
