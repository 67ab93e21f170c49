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


def test_content_digest_follows_content_not_which_objects_hold_it():
    """Equal content gives one digest however it was made (equal strings as one object or two, a
    dict's keys in another order, a row reached twice or leading back to itself); any changed value
    gives another."""
    import datetime
    import sys
    from decimal import Decimal

    from friendship_union.core.cache import content_digest
    from friendship_union.core.models import SiteIdentity

    def row(name: str) -> SiteIdentity:
        identity = SiteIdentity(pk=1, name=name, province="Cà Mau")
        identity.amount = Decimal("1.50")
        identity.on = datetime.date(2026, 12, 1)
        identity._state.fields_cache["itself"] = identity  # a row that leads back to itself
        return identity

    key = sys.intern("name")
    made_once = {key: row("Liên hiệp"), "also": [key, key]}
    made_twice = {"also": ["".join(["na", "me"]), "".join(["n", "ame"])], "".join(["na", "me"]): row("Liên hiệp")}
    assert content_digest(made_once) == content_digest(made_twice)
    for changed in (
        {key: row("Liên hiệp khác"), "also": [key, key]},
        {key: row("Liên hiệp"), "also": [key]},
        {key: row("Liên hiệp"), "also": [key, "name "]},
    ):
        assert content_digest(changed) != content_digest(made_once)
    other_day = row("Liên hiệp")
    other_day.on = datetime.date(2026, 12, 2)
    assert content_digest(other_day) != content_digest(row("Liên hiệp"))
