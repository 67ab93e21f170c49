"""The system check that keeps import kinds, admin lists and permissions in agreement."""

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.core.cache import caches

from friendship_union.core.admin_mixins import SpreadsheetAdmin
from friendship_union.core.cache import cache_config
from friendship_union.core.checks import check_cache_setting, check_spreadsheet_permissions
from friendship_union.core.models import OfficeUnit
from friendship_union.core.resources import Field, VietnameseResource


def test_the_project_passes():
    assert check_spreadsheet_permissions() == []


class UnitResource(VietnameseResource):
    name = Field(attribute="name", column_name="Tên")

    class Meta(VietnameseResource.Meta):
        model = OfficeUnit
        fields = ("name",)


def test_an_importable_admin_whose_model_lacks_the_permissions_fails():
    """What happened to the people import: its admin asked for permissions no role could have."""
    site = AdminSite(name="probe")
    site.register(OfficeUnit, type("UnitAdmin", (SpreadsheetAdmin,), {"resource_classes": [UnitResource]}))
    errors = [e for e in check_spreadsheet_permissions(site=site) if e.id == "core.E001"]
    assert len(errors) == 1 and errors[0].obj.__name__ == "UnitAdmin"
    assert "export_officeunit, import_officeunit" in errors[0].msg


def test_an_import_kind_without_its_admin_list_fails():
    site = AdminSite(name="probe")
    for model, model_admin in admin.site._registry.items():
        if not getattr(model_admin, "resource_classes", None) or model._meta.model_name != "person":
            site._registry[model] = model_admin
    errors = check_spreadsheet_permissions(site=site)
    assert [e.id for e in errors] == ["core.E002"]
    assert "“people”" in errors[0].msg


def test_a_cache_whose_client_is_missing_fails_at_start(settings):
    """CACHE_URL=memcached://… without its client library: refused by `check`, not a 500 on every page."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.memcached.PyLibMCCache"}}
    assert [e.id for e in check_cache_setting()] == ["core.E010"]


def test_the_redis_cache_settings_take_fails_at_start_without_its_client(settings, monkeypatch):
    """CACHE_URL=redis://… selects core.cache's Redis cache (cache_config): it needs the redis client too."""
    import importlib.util

    settings.CACHES = {"default": cache_config("redis://127.0.0.1:6379/9")}
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "redis" else real(name, *a))
    errors = check_cache_setting()
    assert [e.id for e in errors] == ["core.E010"] and "“redis”" in errors[0].msg


def test_several_workers_with_a_local_cache_fail_at_start(settings, monkeypatch):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert [e.id for e in check_cache_setting()] == ["core.E011"]
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    assert check_cache_setting() == []


@pytest.mark.django_db
def test_the_redis_cache_the_readme_advises_serves_pages(client, settings):
    """CACHE_URL=redis://… (README) works: the client is installed and pages render through it. Uses
    the machine's Redis on 127.0.0.1:6379 (.ci/run starts it when it is not running)."""
    settings.CACHES = {"default": cache_config("redis://127.0.0.1:6379/9")}
    assert settings.CACHES["default"]["BACKEND"] == "friendship_union.core.cache.RedisCache"
    assert check_cache_setting() == []
    caches["default"].set("fu-probe", "có", 10)
    assert caches["default"].get("fu-probe") == "có"
    assert client.get("/healthz").status_code == 200
    assert client.get("/gioi-thieu/").status_code == 200
