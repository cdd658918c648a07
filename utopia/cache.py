"""A Redis cache that degrades instead of failing when Redis is down.

The cache holds allauth's rate-limit counters and sessions (read through to the database). Django's RedisCache
raises on a connection error, which would turn every page into a 500 during a Redis outage; this one logs and
behaves as an empty cache that stores nothing (rate limits are not enforced until Redis is back). After a
failure it does not try Redis again for a few seconds, so a Redis that does not answer costs one timeout now
and then, not one per cache call of every page.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_S = 5


def _degrade(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() >= self._down_until:
                try:
                    return method(self, *args, **kwargs)
                except RedisError as error:
                    logger.warning("cache unavailable (%s): %s", method.__name__, type(error).__name__)
                    self._down_until = time.monotonic() + RETRY_AFTER_S
            return fallback(*args, **kwargs) if callable(fallback) else fallback

        return wrapper

    return decorate


def _default_arg(key, default=None, *args, **kwargs):
    return default


class _ReusedClients(RedisCacheClient):
    """Django makes a new redis.Redis for every cache call, and each one builds a table of some 500 reply
    handlers: a tenth of a millisecond, three or four times per page. One client per connection pool is
    enough; redis-py clients are safe to share."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    _down_until = 0.0  # monotonic time before which Redis is not asked (set on each instance after a failure)

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients

    # `add` answers True: allauth spins on `add` to take a lock, and with no cache there is nothing to lock.
    add = _degrade(True)(RedisCache.add)
    get = _degrade(_default_arg)(RedisCache.get)
    set = _degrade(None)(RedisCache.set)
    touch = _degrade(False)(RedisCache.touch)
    delete = _degrade(False)(RedisCache.delete)
    get_many = _degrade(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _degrade(False)(RedisCache.has_key)
    set_many = _degrade(lambda *args, **kwargs: [])(RedisCache.set_many)
    delete_many = _degrade(None)(RedisCache.delete_many)
    clear = _degrade(False)(RedisCache.clear)

    def delete_or_report(self, key, version=None) -> bool:
        """Delete `key`; False when Redis could not be asked (down, or paused after a failure), so a caller
        that must not leave a stale copy behind (a logout) knows it did."""
        if time.monotonic() < self._down_until:
            return False
        try:
            RedisCache.delete(self, key, version=version)
        except RedisError as error:
            logger.warning("cache unavailable (delete): %s", type(error).__name__)
            self._down_until = time.monotonic() + RETRY_AFTER_S
            return False
        return True
