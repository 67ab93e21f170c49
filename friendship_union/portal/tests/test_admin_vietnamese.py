"""Every admin page a Vietnamese user opens is in Vietnamese: the list, add, change and history page
of every registered model (the libraries' too: simple-history, axes, import-export) rendered as the
system administrator over the demo data, checked for the English the libraries fall back to."""

import html
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

# What the Vietnamese admin showed in English (or in a misleading Vietnamese) before; a library
# upgrade that brings new strings should add them here when they show up untranslated.
KNOWN_ENGLISH = [
    "Select an option",  # Django 6's empty choice of every drop-down
    "Hoạt động:",  # Django's vi catalog for the actions menu ("Action:") means "activity"
    "Bản ghi nhớ",  # ...and for "History", "memo"
    "Choose a date",  # simple-history
    "revert to a previous version",
    "change history",
    "Changed by",
    "Change reason",
    "Changes",
    "Created",
    "Changed",
    "None",
    "Object",
    "Access attempt",  # axes
    "Access failure",
    "Access log",
    "access attempt",
    "access failure",
    "access log",
    "Attempt Time",
    "Logout Time",
    "IP Address",
    "User Agent",
    "Username",
    "Locked Out",
    "Access lock out",
    "Axes",
    "Sessions",
    "Import",  # import-export
    "Export",
    "File to import",
    "Format",
    "Submit",
]
ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(re.escape(s) for s in KNOWN_ENGLISH) + r")(?![\w-])")
ATTRIBUTES = re.compile(r'(?:placeholder|title|aria-label|alt)="([^"]*)"')


def visible_text(page: str) -> str:
    """What a reader sees or hears: text outside scripts and styles, and labelling attributes."""
    page = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", page, flags=re.S)
    labels = " | ".join(ATTRIBUTES.findall(page))
    text = re.sub(r"<[^>]+>", " | ", page)
    return html.unescape(re.sub(r"\s+", " ", f"{text} | {labels}"))


def admin_pages(user) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = ["/admin/", "/admin/password_change/"]
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{info}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{info}_add"))
        for name in ("import", "export"):
            try:
                urls.append(reverse(f"{info}_{name}"))
            except NoReverseMatch:
                pass
        record = model._default_manager.order_by("pk").first()
        if record is not None:
            urls.append(reverse(f"{info}_change", args=[record.pk]))
            urls.append(reverse(f"{info}_history", args=[record.pk]))
    return urls


def test_every_admin_page_is_in_vietnamese(client, demo):
    user = get_user_model().objects.create_superuser("quantri9", "quantri9@example.com", "Mật-khẩu-thử-2026")
    client.force_login(user)  # also writes an axes access log, so its pages have a record
    english = {}
    for url in admin_pages(user):
        response = client.get(url, follow=True)  # the site identity's list opens its one record
        assert response.status_code == 200, url
        found = sorted(set(ENGLISH.findall(visible_text(response.content.decode()))))
        if found:
            english[url] = found
    assert not english, "\n".join(f"{url}: {', '.join(words)}" for url, words in english.items())
