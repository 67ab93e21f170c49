"""The records version that cached figures (dashboard) depend on.

Every save or delete of a record the figures read bumps it (signals below, connected in
CoreConfig.ready); bulk writes that send no signals (imports, demo, scale data) call
`bump_records_version()` themselves."""

from django.core.cache import cache
from django.db.models import F

from .models import DataVersion

KEY = "records"
# Apps whose records feed the dashboard figures and the cached public pages (sitemap).
TRACKED_APPS = {
    "aid",
    "partners",
    "delegations",
    "diaspora",
    "events",
    "reference",
    "organizations",
    "documents",
    "gallery",
    "news",
    "dossiers",  # the dashboard's alerts count overdue dossiers
}
# Readers' comments change often and feed no cached figure.
UNTRACKED_MODELS = {"news.comment"}
# What public pages show besides the records above: their changes bump only the pages version, which
# the cached public pages (core.pagecache) are keyed by together with the records version.
PAGES_KEY = "pages"
PAGE_MODELS = {
    "news.comment",
    "appeals.appeal",
    "core.siteidentity",
    "core.officeunit",
    "core.leader",
}


def _bump(key: str) -> None:
    if not DataVersion.objects.filter(key=key).update(version=F("version") + 1):
        DataVersion.objects.get_or_create(key=key, defaults={"version": 1})


def bump_records_version(**_kwargs) -> None:
    _bump(KEY)


def records_version() -> int:

    return DataVersion.objects.filter(key=KEY).values_list("version", flat=True).first() or 0


def page_versions() -> tuple[int, int]:
    """(records version, pages version) in one query: what a cached public page is keyed by."""
    versions = dict(DataVersion.objects.filter(key__in=(KEY, PAGES_KEY)).values_list("key", "version"))
    return versions.get(KEY, 0), versions.get(PAGES_KEY, 0)


def on_change(sender, **kwargs) -> None:
    if sender.__name__.startswith("Historical"):
        return
    label = sender._meta.label_lower
    if sender._meta.app_label in TRACKED_APPS and label not in UNTRACKED_MODELS:
        bump_records_version()
    elif label in PAGE_MODELS:
        _bump(PAGES_KEY)


def cached(name: str, compute, timeout: int = 60 * 60 * 24):
    """`compute()` kept in the shared cache until any tracked record changes (the records version is in
    the key), so every server agrees and nobody sees a figure older than the last save."""
    key = f"v{records_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=timeout)
    return value
