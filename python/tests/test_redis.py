"""The Redis replay stores against a real ``redis-server`` (Debian's package; the ``redis_url``
fixture of conftest.py starts it on a free port and stops it after). Skipped when
``redis-server`` or ``redis`` (redis-py) is not installed."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import socket
from datetime import datetime
from pathlib import Path

import pytest

redis = pytest.importorskip("redis")
import redis.asyncio  # noqa: E402

import maestrano  # noqa: E402
from maestrano.redis import AsyncRedisStore, RedisStore  # noqa: E402

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors" / "saml-generated"


def _valid_vector():
    for path in sorted(VECTORS.glob("*.json")):
        for v in json.loads(path.read_text()):
            if v.get("op") == "saml.validate_response" and "error" not in v["expect"]:
                return v
    raise AssertionError("no valid SAML vector")


def _validate():
    v = _valid_vector()
    config = maestrano.Config.from_dict(v["config"])
    now = datetime.fromisoformat(v["input"]["now"].replace("Z", "+00:00"))
    result = maestrano.sso.validate_response(config, v["input"]["saml_response"], request_id=v["input"].get("request_id"), now=now)
    return config, result, now


def test_second_use_is_refused_and_entry_expires(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    config, result, now = _validate()
    replay = maestrano.ReplayCache(RedisStore(client))
    replay.check(config, result, now=now)
    with pytest.raises(maestrano.SamlError) as info:
        maestrano.ReplayCache(RedisStore(redis.Redis.from_url(redis_url))).check(config, result, now=now)
    assert info.value.kind == "replayed"
    (key,) = client.keys("maestrano:replay:*")
    assert 0 < client.pttl(key) <= 24 * 3600 * 1000  # expires on its own


def test_async_store(redis_url):
    redis.Redis.from_url(redis_url).flushdb()
    config, result, now = _validate()

    async def run():
        client = redis.asyncio.Redis.from_url(redis_url)
        try:
            replay = maestrano.ReplayCache(AsyncRedisStore(client))
            await replay.async_check(config, result, now=now)
            with pytest.raises(maestrano.SamlError) as info:
                await replay.async_check(config, result, now=now)
            assert info.value.kind == "replayed"
            with pytest.raises(TypeError, match="async_check"):
                replay.check(config, result, now=now)
        finally:
            await client.aclose()

    asyncio.run(run())


def _consume(url, start, results):
    """One process: validate the response and record its assertion, at the same moment as the
    other process."""
    config, result, now = _validate()
    replay = maestrano.ReplayCache(RedisStore(redis.Redis.from_url(url)))
    start.wait()
    try:
        replay.check(config, result, now=now)
        results.put("ok")
    except maestrano.SamlError as e:
        results.put(e.kind)


def test_two_processes_consume_one_assertion_exactly_one_wins(redis_url):
    ctx = multiprocessing.get_context("spawn")
    for _ in range(5):
        redis.Redis.from_url(redis_url).flushdb()
        start, results = ctx.Barrier(2), ctx.Queue()
        procs = [ctx.Process(target=_consume, args=(redis_url, start, results)) for _ in range(2)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        outcomes = sorted(results.get(timeout=5) for _ in procs)
        assert outcomes == ["ok", "replayed"]


def test_redis_down_fails_the_sign_in():
    config, result, now = _validate()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    replay = maestrano.ReplayCache(RedisStore(redis.Redis(port=closed_port, socket_connect_timeout=1)))
    with pytest.raises(redis.ConnectionError):
        replay.check(config, result, now=now)
