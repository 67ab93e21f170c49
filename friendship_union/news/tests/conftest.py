import pytest


@pytest.fixture(autouse=True)
def empty_cache():
    """Comment rate limits live in the cache: every test starts with none counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
