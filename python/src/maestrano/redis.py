"""Replay stores on Redis, shared by every process and host of an app (``pip install
maestrano[redis]``): :class:`RedisStore` over ``redis.Redis`` and :class:`AsyncRedisStore` over
``redis.asyncio.Redis``. ::

    import redis, maestrano
    from maestrano.redis import RedisStore

    replay = maestrano.ReplayCache(RedisStore(redis.Redis.from_url("redis://localhost:6379/0")))

Each assertion is recorded with one atomic ``SET <prefix><key> 1 NX PX <ms>``: of several
processes consuming the same assertion at once, exactly one gets ``OK``; the entry expires on
its own when the assertion could no longer be accepted anyway. Redis errors (connection
refused, timeout) propagate: the sign-in fails rather than go unchecked.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

__all__ = ["RedisStore", "AsyncRedisStore", "DEFAULT_PREFIX"]

#: Prefix of every key the stores write.
DEFAULT_PREFIX = "maestrano:replay:"


def _ttl_ms(expires_at: datetime, now: datetime) -> int:
    # At least 1 ms: PX refuses 0, and an entry that expires at once still must be refused now.
    return max(1, int((expires_at - now).total_seconds() * 1000))


class RedisStore:
    """A replay store on a ``redis.Redis`` client (or a cluster client: one key per call)."""

    def __init__(self, client: Any, prefix: str = DEFAULT_PREFIX) -> None:
        self.client = client
        self.prefix = prefix

    def insert_if_absent(self, key: str, expires_at: datetime, now: datetime) -> bool:
        """Record ``key`` until ``expires_at``; ``False`` when it was already recorded."""
        return bool(self.client.set(self.prefix + key, b"1", nx=True, px=_ttl_ms(expires_at, now)))


class AsyncRedisStore:
    """A replay store on a ``redis.asyncio.Redis`` client, for
    :meth:`maestrano.ReplayCache.async_check`."""

    def __init__(self, client: Any, prefix: str = DEFAULT_PREFIX) -> None:
        self.client = client
        self.prefix = prefix

    async def insert_if_absent(self, key: str, expires_at: datetime, now: datetime) -> bool:
        """Record ``key`` until ``expires_at``; ``False`` when it was already recorded."""
        return bool(await self.client.set(self.prefix + key, b"1", nx=True, px=_ttl_ms(expires_at, now)))
