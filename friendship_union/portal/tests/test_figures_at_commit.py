"""Figures computed inside the writing transaction, just before it commits (core.versioning.
compute_at_commit, core.postgresql): the first reader after a staff member's save finds the home
page's key figures, the aid list's choices, map and count, the partner directory's choices and the
page of the partner whose aid was saved already kept under the new versions, and they show the save;
a figure that fails there does not lose the write; and a transaction that fails at its commit, after
they were computed, leaves nothing a reader will see, because its versions are never drawn again."""

import contextlib
import datetime
import logging

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from friendship_union.aid.models import AidItem, AidSector
from friendship_union.aid.tests.test_certificate_coverage import item, ngo
from friendship_union.core import versioning
from friendship_union.reference.models import Sector

PAGES = ["/", "/vien-tro/", "/doi-tac/", "/en/aid/", "/doi-tac/NGO-AC/", "/en/partners/NGO-AC/"]


def view(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries.captured_queries)


def kept_counts(client) -> dict[str, int]:
    """Each page's queries once its figures are kept: what a reader who computes nothing runs."""
    for url in PAGES:
        view(client, url)
    return {url: view(client, url)[1] for url in PAGES}


def write(partner, code: str, *, public: bool = True):
    """A project committed in its own transaction, as a staff member's save in the admin."""
    start, end, committed = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), datetime.date(2024, 1, 15)
    return item(code, partner, start, end, is_public=public, commitment_date=committed)


def projects(client) -> int:
    return view(client, "/")[0].context["figures"]["aid_projects"]


@pytest.fixture
def readers(reference_data, settings):
    settings.FIGURES_REFRESH_ON_WRITE = False  # no task worker: only the commit computes
    settings.PAGE_CACHE_SECONDS = 0  # every view renders: its queries are the figures' alone


@pytest.mark.parametrize("at_commit", [True, False])
@pytest.mark.django_db(transaction=True)
def test_the_first_view_after_a_committed_save_computes_no_figure_and_shows_the_save(
    client, readers, settings, at_commit
):
    """With FIGURES_AT_COMMIT off, the first reader computes the figures, as before it existed."""
    settings.FIGURES_AT_COMMIT = at_commit
    partner = ngo("NGO-AC")
    write(partner, "AC-1")
    kept = kept_counts(client)
    before = projects(client)

    write(partner, "AC-2")

    counts = {url: view(client, url)[1] for url in PAGES}
    if at_commit:
        assert counts == kept, f"queries {counts}, with the figures kept {kept}"
    else:  # the first reader computes them (the English aid list then finds the choices it shares)
        assert all(counts[url] > kept[url] for url in ("/", "/vien-tro/", "/doi-tac/NGO-AC/"))
    assert projects(client) == before + 1
    page = view(client, "/vien-tro/")[0].content.decode()
    assert "Dự án AC-2" in page and "Xã Cái Nước" in page  # the list and its map's commune
    partner_page = view(client, "/doi-tac/NGO-AC/")[0]
    assert partner_page.context["totals"]["items"] == 2 and "Dự án AC-2" in partner_page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_figure_failing_at_commit_loses_no_write_and_its_page_computes_it(client, readers, caplog, monkeypatch):
    partner = ngo("NGO-AC")
    write(partner, "AC-2")
    kept = kept_counts(client)
    portal = apps.get_app_config("portal")
    # One of the home page's declared figures fails with a database error, which aborts the
    # transaction unless compute_at_commit keeps it in a savepoint.
    failing = [__name__ + ".failing_figure", *portal.figures_at_commit[1:]]
    monkeypatch.setattr(portal, "figures_at_commit", failing)

    with caplog.at_level(logging.ERROR, logger="friendship_union.core.versioning"):
        write(partner, "AC-3")

    assert AidItem.objects.filter(code="AC-3").exists()  # committed
    assert "failing_figure" in caplog.text
    response, queries = view(client, "/")
    assert queries > kept["/"]  # the home page computes its figures itself
    assert response.context["figures"]["aid_projects"] == 2
    assert view(client, "/vien-tro/")[1] == kept["/vien-tro/"]  # the others were computed at commit


def failing_figure():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 / 0")


@pytest.mark.django_db(transaction=True)
def test_a_commit_that_fails_after_its_figures_leaves_them_unseen(client, readers):
    partner = ngo("NGO-AC")
    write(partner, "AC-4")
    assert projects(client) == 1
    versions = versioning.page_versions(frozenset({"aid"}))

    # The item's rows and a sector row naming an item that does not exist (written by SQL: it moves
    # no version): PostgreSQL checks the deferred foreign key at COMMIT, after the figures were
    # computed with the new item counted.
    with pytest.raises(IntegrityError), transaction.atomic():
        write(partner, "AC-5")
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {AidSector._meta.db_table} (aid_item_id, sector_id, percentage) VALUES (%s, %s, 100)",
                [10**9, Sector.objects.get(code="11220").pk],
            )

    assert not AidItem.objects.filter(code="AC-5").exists()
    assert versioning.page_versions(frozenset({"aid"})) == versions
    assert projects(client) == 1

    # The next write makes the same rows, but kept internal: given the failed write's versions, it
    # would find the figures computed then (two public projects); given its own, it computes one.
    write(partner, "AC-6", public=False)
    assert projects(client) == 1
    page = view(client, "/vien-tro/")[0].content.decode()
    assert "Dự án AC-4" in page and "Dự án AC-5" not in page and "Dự án AC-6" not in page


@pytest.mark.django_db
def test_a_version_drawn_by_a_rolled_back_write_is_never_drawn_again():
    versions = versioning.page_versions()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        versioning.bump_records_version()
        drawn = versioning.page_versions()
        assert drawn != versions
        1 / 0  # noqa: B018 (the write fails)
    assert versioning.page_versions() == versions
    versioning.bump_records_version()
    after = versioning.page_versions()
    assert after[1] not in (versions[1], drawn[1])  # the records version: neither the old nor the undone


@pytest.mark.parametrize("background", [False, True], ids=["in-a-request", "in-an-import-job"])
@pytest.mark.django_db(transaction=True)
def test_a_write_changing_many_partners_computes_their_pages_at_commit_only_in_the_worker(
    client, readers, monkeypatch, background
):
    """More partners than AT_COMMIT_PARTNERS changed in one transaction: in a request (an import in
    the admin) their pages are left to the task worker; in an import job (versioning.background_write),
    which nobody waits for, every one is computed before the commit."""
    from friendship_union.portal import partner_views

    monkeypatch.setattr(partner_views, "AT_COMMIT_PARTNERS", 2)
    partners = [ngo(f"NGO-M{n}") for n in range(3)]
    for n, partner in enumerate(partners):
        write(partner, f"M-{n}")
    urls = [f"/doi-tac/NGO-M{n}/" for n in range(3)]
    kept = {url: view(client, url)[1] for url in urls} | {url: view(client, url)[1] for url in urls}

    with versioning.background_write() if background else contextlib.nullcontext(), transaction.atomic():
        for n, partner in enumerate(partners):
            write(partner, f"M-{n}-2")

    for url in urls:
        response, queries = view(client, url)
        assert (queries == kept[url]) is background, f"{url}: {queries} queries, {kept[url]} kept"
        assert response.context["totals"]["items"] == 2


@pytest.mark.django_db(transaction=True)
def test_a_write_changing_many_partners_computes_their_pages_together_with_the_queries_of_one(client, readers):
    """An import in the admin's request that changes several partners' aid: every page is computed
    before the commit, in one computation whose queries do not grow with the partners (at ×100 the 85
    partners' aid figures take 0,74 s together, 2,8 s one at a time), and each reader finds it kept."""
    partners = [ngo(f"NGO-M{n}") for n in range(5)]
    for n, partner in enumerate(partners):
        write(partner, f"M-{n}")
    urls = [f"/doi-tac/NGO-M{n}/" for n in range(5)]
    kept = {url: view(client, url)[1] for url in urls} | {url: view(client, url)[1] for url in urls}

    def commit_queries(chosen) -> int:
        """The queries of the aid figures computed at the commit of a write changing `chosen`."""
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            for partner in chosen:
                AidItem.objects.filter(providers__partner=partner).update(beneficiaries=F("pk") + len(chosen))
            versioning.on_change(AidItem)
        return sum('"aid_aidlocation"' in q["sql"] for q in queries.captured_queries)

    one, five = commit_queries(partners[:1]), commit_queries(partners)
    assert one == five > 0, f"aid place queries: {one} for one partner, {five} for five"
    for url in urls:
        response, queries = view(client, url)
        assert queries == kept[url], f"{url}: {queries} queries, {kept[url]} kept"
        assert response.context["totals"]["items"] == 1
        assert response.context["totals"]["beneficiaries"] == response.context["aid_items"][0].pk + 5


@pytest.mark.django_db(transaction=True)
def test_a_bulk_write_of_unknown_records_computes_every_partners_page_at_its_bumps_commit(client, readers):
    """The demo load or a restore writes rows with no signal, then bumps every version (records:all):
    that bump's commit computes every partner's page, so no reader computes one after it."""
    partners = [ngo(f"NGO-B{n}") for n in range(3)]
    for n, partner in enumerate(partners):
        write(partner, f"B-{n}")
    urls = [f"/doi-tac/NGO-B{n}/" for n in range(3)]
    kept = {url: view(client, url)[1] for url in urls} | {url: view(client, url)[1] for url in urls}

    AidItem.objects.filter(code__startswith="B-").update(beneficiaries=77)  # no signal, no version moved
    versioning.bump_records_version()  # what load_demo and restore do once their rows are written

    for url in urls:
        response, queries = view(client, url)
        assert queries == kept[url], f"{url}: {queries} queries, {kept[url]} kept"
        assert response.context["totals"]["beneficiaries"] == 77


@pytest.mark.django_db(transaction=True)
def test_a_partners_stamp_moves_when_a_write_that_drew_earlier_commits_later(readers):
    """Two writers of one partner's aid: the first draws its change's number, the second draws a
    later one and commits first. When the first commits, the partner's stamp must still move, or a
    reader would find the figures computed between the two commits (without the first's change):
    the numbers are drawn again at commit, in the order of the commits (restamp_partner_changes)."""
    import threading

    from friendship_union.aid.models import partner_stamps

    partner = ngo("NGO-RACE")
    first = write(partner, "RACE-1")
    seen = {}

    def second_writer():
        try:
            write(partner, "RACE-2")  # drawn after the first's statement, committed before it
            seen["after second"] = partner_stamps([partner.pk])[partner.pk]
        finally:
            connection.close()

    with transaction.atomic():
        AidItem.objects.filter(pk=first.pk).update(beneficiaries=50)  # the trigger draws a number now
        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join()
        versioning.bump_records_version(AidItem)  # a bulk write says what it wrote
    assert partner_stamps([partner.pk])[partner.pk] != seen["after second"]
