"""A replay store over Django's cache framework, for :class:`maestrano.ReplayCache`.

:class:`CacheReplayStore` records each assertion with one ``cache.add(key, 1, timeout)``: atomic
on the Redis and Memcached backends (``django.core.cache.backends.redis.RedisCache``,
``…memcached.PyMemcacheCache``), so of several processes consuming the same assertion exactly
one succeeds. ``LocMemCache`` (Django's default cache) is per process: it protects one process
only, e.g. ``runserver``, not several workers. ``FileBasedCache`` is not atomic and
``DatabaseCache`` only nearly; ``DummyCache`` records nothing and is refused.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.exceptions import ImproperlyConfigured

from ..redis import DEFAULT_PREFIX

__all__ = ["CacheReplayStore"]


class CacheReplayStore:
    """Replay store on the cache named ``alias`` (``CACHES``), keys ``<prefix><sha256 of key>``
    (short and safe for Memcached, whatever the assertion's issuer and ID)."""

    def __init__(self, alias: str = DEFAULT_CACHE_ALIAS, prefix: str = DEFAULT_PREFIX) -> None:
        self.alias = alias
        self.prefix = prefix

    def insert_if_absent(self, key: str, expires_at: datetime, now: datetime) -> bool:
        """Record ``key`` until ``expires_at`` (rounded up to the second); ``False`` when it was
        already recorded. Cache errors propagate: the sign-in fails rather than go unchecked."""
        cache = caches[self.alias]
        if isinstance(cache, DummyCache):
            raise ImproperlyConfigured(f"the cache {self.alias!r} is a DummyCache: it cannot record used assertions")
        timeout = max(1, math.ceil((expires_at - now).total_seconds()))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return bool(cache.add(self.prefix + digest, 1, timeout))
