"""Django's Redis cache, keeping its client; HTML kept by the content it shows (kept_by_content).

Django's RedisCacheClient makes a new `redis.Redis` for every operation (`get_client`), and building
one fills its table of ~170 response callbacks: about 0,1 ms of every cache read, which is most of what
a page served from the cache costs beyond the floor. This one keeps a client per connection pool;
redis-py's clients are safe to share between threads (the pool hands each command a connection).
settings.CACHES takes it in place of Django's for a `redis://` CACHE_URL (`cache_config`).
"""

import datetime
import functools
import hashlib
import marshal
from decimal import Decimal
from pathlib import Path

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


@functools.cache
def templates_release() -> str:
    """What HTML kept in the cache by the content of its inputs (not by a records version: a partner
    page's body) also depends on: the templates and translation catalogs, as this process loaded
    them. A digest of every such file's path, size and modification time, read once per process:
    a deployment that changes a template or a translation keys such HTML anew. The project's own
    files only (such HTML includes no library's template), and Django's version for its catalogs."""
    import django
    from django.apps import apps
    from django.conf import settings

    own = Path(settings.BASE_DIR)
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += [Path(config.path) / "templates" for config in apps.get_app_configs()]
    folders += [Path(folder) for folder in settings.LOCALE_PATHS]
    folders = [folder for folder in folders if folder.is_relative_to(own)]
    digest = hashlib.sha256(django.get_version().encode())
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.suffix in (".html", ".txt", ".xml", ".mo"):
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


MARSHALLED = frozenset({str, int, float, bool, type(None)})


def content_digest(value) -> str:
    """A digest of `value`'s content — model instances by their fields, prefetched rows and related
    objects; dicts, lists, sets and plain values —: equal for equal content whichever computation
    made it. (A pickle is not: its bytes follow which equal strings happen to be one object.)"""
    from django.db.models import Model, QuerySet  # this module is read by the settings, before Django

    seen = set()
    plain = MARSHALLED

    def canonical(value):
        if type(value) in plain:
            return value
        if isinstance(value, (Decimal, datetime.date, datetime.time)):
            return type(value).__name__, str(value)
        if isinstance(value, Model):
            if id(value) in seen:  # met before in this walk (a row, and its rows that lead back to it)
                return ("@", value._meta.label, value.pk)
            seen.add(id(value))
            # The fields, annotations and attached rows in the order the query set them.
            fields = [(k, v if type(v) in plain else canonical(v)) for k, v in vars(value).items() if k != "_state"]
            related = sorted(value._state.fields_cache.items())
            return value._meta.label, fields, [(k, canonical(v)) for k, v in related]
        if isinstance(value, QuerySet):  # prefetched rows; one not read yet is its query
            return ("qs", str(value.query)) if value._result_cache is None else canonical(value._result_cache)
        if isinstance(value, dict):
            return "{", sorted((repr(k), canonical(v)) for k, v in value.items())
        if isinstance(value, (list, tuple)):
            return [canonical(v) for v in value]
        if isinstance(value, (set, frozenset)):
            return "set", sorted(repr(canonical(v)) for v in value)
        if isinstance(value, str):  # a subclass (a safe string): marshal takes only str itself
            return value.encode()
        return repr(value)

    # marshal's version 0 writes equal values alike (later versions mark shared and interned ones).
    return hashlib.md5(marshal.dumps(canonical(value), 0), usedforsecurity=False).hexdigest()


def kept_by_content(name: str, inputs, render, timeout: int = 60 * 60 * 24) -> str:
    """`render()` (HTML) kept in the shared cache under the content of its `inputs` (content_digest)
    and the templates that render it (templates_release), not under a records version: after a
    write that leaves the inputs as they were — a bulk write computing a page's figures anew, a
    story that does not name this partner — the first reader finds it rendered. `inputs` must hold
    every value the HTML shows."""
    from django.core.cache import cache

    key = f"html:{templates_release()}:{name}:{content_digest(inputs)}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout=timeout)
    return html
