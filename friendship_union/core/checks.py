"""System checks (`manage.py check`, run before tests and at every start): the spreadsheet import
kinds the apps declare and the admin lists that serve them agree with the permissions roles get."""

import importlib.util
import ipaddress
import os

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.core import checks
from django.utils.module_loading import import_string

from .imports import import_kinds


def _codenames(opts) -> set[str]:
    return {codename for codename, _name in opts.permissions}


@checks.register(checks.Tags.admin)
def check_spreadsheet_permissions(app_configs=None, site=None, **kwargs) -> list[checks.CheckMessage]:
    """Every import kind is served by exactly one admin list, and every admin list that imports or
    exports declares the `import_<model>` and `export_<model>` permissions of its own model
    (core.roles.spreadsheet_permissions) — the permissions django-import-export asks for and roles
    are granted. An admin whose resource writes another model (people: positions) still asks for
    the permissions of the admin's own model."""

    site = site or admin.site
    errors = []
    serving: dict[type, list] = {}
    for model, model_admin in site._registry.items():
        resources = getattr(model_admin, "resource_classes", None)
        if not resources:
            continue
        for resource in resources:
            serving.setdefault(resource, []).append(model_admin)
        wanted = {get_permission_codename(action, model._meta) for action in ("import", "export")}
        missing = sorted(wanted - _codenames(model._meta))
        if missing:
            errors.append(
                checks.Error(
                    f"{type(model_admin).__name__} imports or exports {model._meta.label} but the model does not "
                    f"declare the permissions {', '.join(missing)}: nobody but a superuser could use it.",
                    hint="Add `permissions = spreadsheet_permissions(...)` (core.roles) to the model's Meta.",
                    obj=type(model_admin),
                    id="core.E001",
                )
            )
    for kind, path in import_kinds().items():
        resource = import_string(path)
        admins = serving.get(resource, [])
        if len(admins) != 1:
            errors.append(
                checks.Error(
                    f"Import kind “{kind}” ({path}) is served by {len(admins)} admin lists; it needs exactly one, "
                    "so staff find its template, import and export in one place.",
                    obj=path,
                    id="core.E002",
                )
            )
    return errors


# The client library each cache backend needs (CACHE_URL picks the backend).
CACHE_CLIENTS = {
    "django.core.cache.backends.redis.RedisCache": "redis",
    "friendship_union.core.cache.RedisCache": "redis",  # what settings take for a redis:// CACHE_URL
    "django.core.cache.backends.memcached.PyMemcacheCache": "pymemcache",
    "django.core.cache.backends.memcached.PyLibMCCache": "pylibmc",
}
LOCAL_CACHES = {"django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache"}


@checks.register(checks.Tags.caches)
def check_cache_setting(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A cache that would fail on every page is refused at start: CACHE_URL naming a backend whose
    client library is not installed, or several workers (WEB_CONCURRENCY, which gunicorn reads) each
    with a cache of its own — comment rate limits, cached figures and sitemaps would disagree."""
    errors = []
    for alias, config in settings.CACHES.items():
        backend = config.get("BACKEND", "")
        client = CACHE_CLIENTS.get(backend)
        if client and importlib.util.find_spec(client) is None:
            errors.append(
                checks.Error(
                    f"The cache “{alias}” uses {backend}, whose client library “{client}” is not installed: "
                    "every page would fail.",
                    hint=f"pip install {client} (requirements.txt pins redis), or change CACHE_URL.",
                    id="core.E010",
                )
            )
        workers = os.environ.get("WEB_CONCURRENCY", "1")
        if backend in LOCAL_CACHES and workers.isascii() and workers.isdigit() and int(workers) > 1:
            errors.append(
                checks.Error(
                    f"{workers} workers (WEB_CONCURRENCY) would each keep their own “{alias}” cache ({backend}).",
                    hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1.",
                    id="core.E011",
                )
            )
    return errors


@checks.register(checks.Tags.security, deploy=False)
def check_proxy_setting(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Behind a proxy, client addresses (login throttling, comment limits) come from X-Forwarded-For,
    believed only from the proxy's own addresses: without them every request would share the proxy's
    address, and five wrong passwords from anyone would lock a colleague out."""
    errors = []
    proxies = list(getattr(settings, "TRUSTED_PROXIES", []) or [])
    if getattr(settings, "BEHIND_PROXY", False) and not proxies:
        errors.append(
            checks.Error(
                "DJANGO_BEHIND_PROXY is on but DJANGO_TRUSTED_PROXIES is empty: every client would share the "
                "proxy's address, so login lockouts and comment limits would hit everyone at once.",
                hint="Set DJANGO_TRUSTED_PROXIES to the proxy's addresses, e.g. 127.0.0.1 or 10.0.0.0/24.",
                id="core.E012",
            )
        )
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy.strip(), strict=False)
        except ValueError:
            errors.append(
                checks.Error(
                    f"DJANGO_TRUSTED_PROXIES holds “{proxy}”, which is not an IP address or network.",
                    hint="Use addresses or networks separated by commas, e.g. 127.0.0.1,10.0.0.0/24.",
                    id="core.E013",
                )
            )
    return errors
