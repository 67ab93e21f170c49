"""Django's Redis cache, keeping its client.

Django's RedisCacheClient makes a new `redis.Redis` for every operation (`get_client`), and building
one fills its table of ~170 response callbacks: about 0,1 ms of every cache read, which is most of what
a page served from the cache costs beyond the floor. This one keeps a client per connection pool;
redis-py's clients are safe to share between threads (the pool hands each command a connection).
settings.CACHES takes it in place of Django's for a `redis://` CACHE_URL (`cache_config`).
"""

import environ
from django.core.cache.backends import redis

DJANGOS = "django.core.cache.backends.redis.RedisCache"


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


def cache_config(url: str) -> dict:
    """The CACHES entry for a cache URL (django-environ's reading of it), with this module's Redis
    cache in place of Django's."""
    config = environ.Env.cache_url_config(url)
    if config["BACKEND"] == DJANGOS:
        config["BACKEND"] = f"{__name__}.RedisCache"
    return config
