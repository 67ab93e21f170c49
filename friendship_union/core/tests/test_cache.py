"""core.cache: Django's Redis cache keeping one client (settings.CACHES takes it for a redis:// URL)."""

import threading
import uuid

import pytest
from django.core.cache import caches

from friendship_union.core.cache import cache_config


@pytest.fixture
def redis_cache(settings):
    config = cache_config("redis://127.0.0.1:6379/9")
    config["KEY_PREFIX"] = f"test-cache-{uuid.uuid4().hex}"
    settings.CACHES = {"default": config}
    cache = caches["default"]
    yield cache
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(f"{config['KEY_PREFIX']}*"):
        client.delete(key)


def test_a_redis_url_takes_the_cache_that_keeps_its_client_and_others_are_left_alone():
    assert cache_config("redis://127.0.0.1:6379/5") == {
        "BACKEND": "friendship_union.core.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/5",
    }
    assert cache_config("locmemcache://")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_reads_and_writes_share_one_client_and_threads_each_get_their_own_values(redis_cache):
    assert redis_cache._cache.get_client() is redis_cache._cache.get_client(write=True)
    redis_cache.set("figure", {"usd": 1_234_567})
    assert redis_cache.get("figure") == {"usd": 1_234_567}
    assert redis_cache.get_many(["figure", "absent"]) == {"figure": {"usd": 1_234_567}}
    redis_cache.delete("figure")
    assert redis_cache.get("figure") is None

    wrong = []

    def worker(n):
        for i in range(50):
            redis_cache.set(f"t{n}", (n, i))
            if redis_cache.get(f"t{n}") != (n, i):
                wrong.append((n, i))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not wrong
    assert redis_cache.get_many([f"t{n}" for n in range(8)]) == {f"t{n}": (n, 49) for n in range(8)}
