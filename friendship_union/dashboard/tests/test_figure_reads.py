"""Each kept figure of the dashboard and the home page is keyed by the versions of the apps it reads
(services.FIGURE_READS, ALERT_READS): a figure that read another app's records would show them as
they were until one of its own apps changed. Every query each figure runs is held to its apps here."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendship_union.dashboard import services

pytestmark = pytest.mark.django_db

TABLES = {model._meta.db_table: model._meta.app_label for model in apps.get_models(include_auto_created=True)}


def apps_read(compute) -> set[str]:
    """The apps whose tables `compute()` queries (the versions table aside: it is what keys them)."""
    with CaptureQueriesContext(connection) as queries:
        compute()
    tables = {t for q in queries.captured_queries for t in re.findall(r'(?:FROM|JOIN)\s+"([a-z_0-9]+)"', q["sql"])}
    return {TABLES[t] for t in tables if t in TABLES and t != "core_dataversion"}


def test_each_figure_reads_only_the_apps_it_is_kept_by(demo):
    period = services.all_time()
    half = services.parse_period({"tu": "2025", "nua": "1"})  # a half year, compared with the one before
    figures = {
        "where records begin": (services._first_dates, services.FIGURE_READS),
        "headline": (lambda: services.headline(period), services.FIGURE_READS),
        "headline, public (home page)": (lambda: services.headline(period, public=True), services.FIGURE_READS),
        "headline, a half year's comparison": (lambda: services.headline(half.previous()), services.FIGURE_READS),
        "trends": (lambda: services.trends(period), services.TREND_READS),
        "breakdowns": (lambda: services.breakdowns(period), services.BREAKDOWN_READS),
        "commune map": (lambda: services.commune_map(period), services.MAP_READS),
    }
    for name, (compute, reads) in figures.items():
        read = apps_read(compute)
        assert read and read <= reads, (name, read - reads)
    read = apps_read(services.alerts)
    assert {"aid", "partners", "dossiers"} <= read <= services.ALERT_READS, read - services.ALERT_READS


def test_a_story_published_leaves_the_home_pages_and_dashboards_figures_kept(demo, client, settings):
    """Editing a story moves neither the dashboard's figures nor the home page's key figures: the next
    home page shows the story's new title and computes none of them; an aid item saved moves them."""
    from friendship_union.aid.models import AidItem
    from friendship_union.news.models import Article

    client.get("/")  # the key figures kept
    article = Article.objects.public().order_by("pk").first()
    article.title = article.title + " (cập nhật)"
    article.save()
    with CaptureQueriesContext(connection) as queries:
        assert "(cập nhật)" in client.get("/").content.decode()
    # The key figures count overseas Vietnamese visits: nothing else on the home page reads them.
    assert not any('"diaspora_' in q["sql"] for q in queries.captured_queries)

    AidItem.objects.order_by("pk").first().save()
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert any('"diaspora_' in q["sql"] for q in queries.captured_queries)


def test_a_delegation_saved_leaves_the_aid_breakdowns_and_the_commune_map_kept(demo, client):
    """The breakdowns (by country, partner, sector, form, commune) and the commune map read aid,
    partners and reference records only: after a delegation's save the dashboard computes its
    headline and trends again, not them; after an aid item's save, them too."""
    from friendship_union.aid.models import AidItem
    from friendship_union.core.tests.factories import UserFactory
    from friendship_union.delegations.models import Delegation

    client.force_login(UserFactory(username="lanhdao-doc", role="leadership"))
    client.get("/bang-dieu-khien/")

    def computed() -> set[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/bang-dieu-khien/").status_code == 200
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        return {name for name, marker in [("breakdowns", "WITH items (id, usd, form)"), ("visits", '"diaspora_')]
                if marker in sql}  # fmt: skip

    Delegation.objects.order_by("pk").first().save()
    assert computed() == {"visits"}  # the headline and trends count visits; no breakdown
    AidItem.objects.order_by("pk").first().save()
    assert computed() == {"visits", "breakdowns"}
