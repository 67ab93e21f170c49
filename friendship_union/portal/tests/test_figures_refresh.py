"""Figures kept current on write (core.versioning.refresh_figures): once a write commits, the task
worker computes the figures the write moved — the aid list's filter choices and map, the home page's
key figures, the partner directory's choices and every partner page's figures, the delegations' years,
the dashboard — so the first reader after the change does not wait for them, and still sees them current."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from friendship_union.aid.tests.test_certificate_coverage import item, ngo
from friendship_union.core import versioning
from friendship_union.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# SQL only the figures run: the commune sums (AidItemQuerySet.by_commune), the certificate-coverage
# alert (AidProviderQuerySet.coverage_flags) and the filter's DAC categories (public_sector_categories).
COMMUNE_SUMS = "OVER (PARTITION BY"
COVERAGE = "partners_registrationcertificate_permitted_provinces"
AID_COUNT = 'SELECT COUNT(*) AS "__count" FROM "aid_aiditem"'


def refreshes(callbacks) -> int:
    return sum(1 for callback in callbacks if isinstance(callback, versioning.RefreshOnCommit))


def first_view(client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def write(partner, code: str):
    return item(
        code,
        partner,
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
        is_public=True,
        commitment_date=datetime.date(2024, 1, 15),
    )


@pytest.mark.parametrize("refresh", [True, False])
def test_after_a_write_the_aid_list_and_dashboard_find_their_figures_computed_and_current(
    reference_data, client, settings, django_capture_on_commit_callbacks, refresh
):
    """With the refresh on, the first view of the aid list after a save runs none of its figures'
    queries and shows the new item's commune and category; with it off (the first reader comes before
    the worker) the page computes them itself — the same page either way."""
    settings.FIGURES_REFRESH_ON_WRITE = refresh
    with django_capture_on_commit_callbacks(execute=True):  # committed, as a staff member's save is
        partner = ngo("NGO-FIG")
    page, _sql = first_view(client, "/vien-tro/")
    # No public item yet: no commune on the map (the item's place, Đông Thới, is in Xã Cái Nước today).
    assert "Xã Cái Nước" not in page
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        write(partner, "FIG-1")
    # One save bumps several versions (records, records:aid…): one refresh queued, or none when off.
    assert refreshes(callbacks) == (1 if refresh else 0)

    page, sql = first_view(client, "/vien-tro/")
    assert "Dự án FIG-1" in page and "Xã Cái Nước" in page and 'value="112"' in page
    assert any(COMMUNE_SUMS in q for q in sql) is not refresh
    assert any(q.startswith(AID_COUNT) for q in sql) is not refresh  # the list's number of items too

    # The partner's page: its totals, commune, map and timeline, computed by the refresh or by itself.
    page, sql = first_view(client, "/doi-tac/NGO-FIG/")
    assert "Dự án FIG-1" in page and "Xã Cái Nước" in page
    assert any(COMMUNE_SUMS in q for q in sql) is not refresh

    client.force_login(UserFactory(username="lanhdao-fig", role="leadership"))
    page, sql = first_view(client, "/bang-dieu-khien/")
    assert "Xã Cái Nước" in page
    assert any(COVERAGE in q for q in sql) is not refresh


def test_writes_in_one_transaction_queue_one_refresh_and_a_rolled_back_write_none(
    reference_data, settings, django_capture_on_commit_callbacks
):
    settings.FIGURES_REFRESH_ON_WRITE = True
    with django_capture_on_commit_callbacks(execute=True):
        partner = ngo("NGO-FIG2")
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            write(partner, "FIG-2")
            write(partner, "FIG-3")
    assert refreshes(callbacks) == 1

    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            write(partner, "FIG-4")
            raise RuntimeError("the save fails")
    assert refreshes(callbacks) == 0


def test_the_refresh_task_computes_every_apps_declared_figures(reference_data):
    """The worker's task runs each app's declared figure functions; run twice with no write between,
    the second run computes nothing (every figure is a cache hit)."""
    from friendship_union.core.tasks import refresh_figures

    write(ngo("NGO-FIG3"), "FIG-5")
    spent = refresh_figures.enqueue().return_value
    assert {
        "friendship_union.aid.public_views.refresh_figures",
        "friendship_union.delegations.views.list_years",
        "friendship_union.portal.views.home_figures",
        "friendship_union.portal.partner_views.partner_list_choices",
        "friendship_union.portal.partner_views.partner_pages_figures",
        "friendship_union.dashboard.views.refresh_figures",
    } <= set(spent)
    with CaptureQueriesContext(connection) as queries:
        versioning.refresh_figures()
    assert not any(COMMUNE_SUMS in q["sql"] or COVERAGE in q["sql"] for q in queries.captured_queries)
    # The versions are read once for the whole refresh, as a request reads them: a few queries, not
    # one for each kept figure (three for every partner page).
    versions = [q for q in queries.captured_queries if 'FROM "core_dataversion"' in q["sql"]]
    assert 0 < len(versions) <= 8, len(versions)


def test_the_refresh_runs_the_quickest_figures_first(reference_data, monkeypatch):
    """Ordered by the longest each has taken in the worker: the lists' and the home page's figures are
    ready before every partner page's and the dashboard's are computed."""
    partners = "friendship_union.portal.partner_views.partner_pages_figures"
    dashboard = "friendship_union.dashboard.views.refresh_figures"
    monkeypatch.setattr(versioning, "_longest", {partners: 2800.0, dashboard: 770.0})
    order = list(versioning.refresh_figures())
    assert order[-2:] == [dashboard, partners]
    assert order.index("friendship_union.portal.views.home_figures") < order.index(dashboard)
    # Unmeasured ones keep the apps' order; each run's time is remembered (the longest).
    assert order[0] == "friendship_union.aid.public_views.refresh_figures"
    assert set(versioning._longest) == set(order) and versioning._longest[partners] == 2800.0


def test_a_burst_of_saves_queues_one_refresh_for_the_worker(
    reference_data, settings, django_capture_on_commit_callbacks
):
    """With the real queue and a shared cache (Redis, as in production), saves made while a refresh
    still waits for the worker add none: the one waiting computes the latest versions' figures when
    it runs. With a cache local to each process (the quick start's) nothing is queued: what the worker
    computed, no web process would read."""
    import uuid

    from django.core.cache import caches
    from django_tasks_db.models import DBTaskResult

    from friendship_union.core.cache import cache_config
    from friendship_union.core.tasks import refresh_figures

    settings.FIGURES_REFRESH_ON_WRITE = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    waiting = DBTaskResult.objects.filter(task_path=refresh_figures.module_path, status="READY")
    with django_capture_on_commit_callbacks(execute=True):
        partner = ngo("NGO-FIG4")
    assert waiting.count() == 0  # the tests' local-memory cache

    config = cache_config("redis://127.0.0.1:6379/9")
    config["KEY_PREFIX"] = f"test-figures-{uuid.uuid4().hex}"
    settings.CACHES = {"default": config}
    try:
        with django_capture_on_commit_callbacks(execute=True):
            write(partner, "FIG-5")
        assert waiting.count() == 1
        for code in ("FIG-6", "FIG-7"):
            with django_capture_on_commit_callbacks(execute=True):
                write(partner, code)
        assert waiting.count() == 1
        waiting.update(status="SUCCESSFUL")  # the worker ran it: the next save queues a new one
        with django_capture_on_commit_callbacks(execute=True):
            write(partner, "FIG-8")
        assert waiting.count() == 1
    finally:
        redis = caches["default"]._cache.get_client(write=True)
        for key in redis.scan_iter(f"{config['KEY_PREFIX']}*"):
            redis.delete(key)
