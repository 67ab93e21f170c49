"""A partner's page is its portfolio here: totals, where, and a timeline — over public records only."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from friendship_union.aid.models import AidItem, AidProvider, AidStatus, Disbursement, ProviderRole
from friendship_union.core.versioning import bump_records_version, versions_read_once
from friendship_union.delegations.models import Delegation
from friendship_union.events.models import Event
from friendship_union.partners.models import Partner
from friendship_union.partners.tests.factories import make_partner
from friendship_union.portal import partner_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(records):
    partner = records  # Loreto (LKC-AU), funder of the public item VT-1: 5.000 USD in Đông Thới
    AidItem.objects.filter(code="VT-1").update(beneficiaries=120, status=AidStatus.IMPLEMENTATION)
    Disbursement.objects.create(
        aid_item=AidItem.objects.get(code="VT-1"),
        date=datetime.date(2013, 6, 1),
        amount=Decimal(2000),
        currency_id="USD",
        amount_usd=Decimal(2000),
    )
    # Loreto implements an item another partner funds: counted as an item, not as Loreto's money.
    other = make_partner(code="OTHER", name="Other Fund")
    implemented = AidItem.objects.create(
        code="VT-2", form="project", title="Giếng nước Tân Hưng", is_public=True, status=AidStatus.CLOSED,
        commitment_date=datetime.date(2016, 3, 1), committed_amount=Decimal(9000), currency_id="USD",
        committed_usd=Decimal(9000), beneficiaries=999,
    )  # fmt: skip
    AidProvider.objects.create(aid_item=implemented, partner=other)
    AidProvider.objects.create(aid_item=implemented, partner=partner, role=ProviderRole.IMPLEMENTING)
    # Internal: never counted, placed or listed.
    secret = AidItem.objects.get(code="VT-NOIBO")
    secret.committed_amount, secret.currency_id, secret.committed_usd = Decimal(777777), "USD", Decimal(777777)
    secret.save()
    AidProvider.objects.create(aid_item=secret, partner=partner)
    Delegation.objects.get(code="DV-1").partners.add(partner)
    Delegation.objects.get(code="DV-NOIBO").partners.add(partner)
    Event.objects.get(code="SK-1").partners.add(partner)
    return partner


def test_totals_count_public_items_and_only_the_money_the_partner_gives(client, portfolio):
    response = client.get("/doi-tac/LKC-AU/")
    totals = response.context["totals"]
    assert totals["items"] == 2  # VT-1 funded, VT-2 implemented; VT-NOIBO is internal
    assert (totals["implementing"], totals["closed"]) == (1, 1)
    assert totals["funded"] == 1
    assert totals["committed_usd"] == Decimal(5000)
    assert totals["disbursed_usd"] == Decimal(2000)
    assert totals["beneficiaries"] == 120
    html = response.content.decode()
    figures = html.split('id="h-portfolio"')[1].split("</section>")[0]
    assert "5.000" in figures and "2.000" in figures and "120" in figures
    assert "777.777" not in html and "Dự án nội bộ bí mật" not in html


def test_where_the_partner_works_is_mapped_and_tabled(client, portfolio):
    response = client.get("/doi-tac/LKC-AU/")
    assert [c["unit"].name for c in response.context["communes"]] == ["Xã Cái Nước"]
    html = response.content.decode()
    where = html.split('id="h-where"')[1].split("</section>")[0]
    assert '<figure class="province-map">' in where
    marked = re.findall(r'<path class="band-(\d) marked" d="[^"]+"><title>([^<]+)</title>', where)
    assert [(band, title.split(" — ")[0]) for band, title in marked] == [("1", "Xã Cái Nước")]  # shaded: funded
    assert '<th scope="row">Xã Cái Nước</th>' in where


def test_the_timeline_runs_newest_first_over_public_records(client, portfolio):
    response = client.get("/doi-tac/LKC-AU/")
    timeline = [(kind, record.code) for kind, _day, record in response.context["timeline"]]
    assert timeline == [("aid", "VT-2"), ("delegation", "DV-1"), ("aid", "VT-1"), ("event", "SK-1")]  # DV-1: 02/05/2013
    html = response.content.decode()
    assert html.index("<h3>2016</h3>") < html.index("<h3>2013</h3>") < html.index("<h3>2012</h3>")
    year_2013 = html.split("<h3>2013</h3>")[1].split("<h3>")[0]
    assert "1 khoản viện trợ" in year_2013 and "1 đoàn" in year_2013  # the year's counts above its entries
    assert "Đoàn nội bộ" not in html
    assert "data-print" in html  # a print button (site.js), no inline script


def test_a_partner_with_much_aid_gets_a_page_of_the_same_size(client, portfolio, django_assert_num_queries):
    """Totals, places and years count everything; the page lists only the latest items and activities,
    with a link to all of the partner's items in the aid list, in the same number of queries."""

    def add_items(start, n):
        items = AidItem.objects.bulk_create(
            AidItem(
                code=f"X{i}",
                form="project",
                title=f"Dự án số {i}",
                is_public=True,
                search_text=f"du an so {i}",
                commitment_date=datetime.date(2000 + i % 20, 1, 1),
                committed_amount=Decimal(100),
                currency_id="USD",
                committed_usd=Decimal(100),
            )  # fmt: skip
            for i in range(start, start + n)
        )
        AidProvider.objects.bulk_create(AidProvider(aid_item=item, partner=portfolio) for item in items)
        bump_records_version(AidItem)  # as every bulk write does: the page's figures are computed anew

    client.get("/doi-tac/LKC-AU/")  # what any first request reads once (the site identity…)
    add_items(0, 5)
    with CaptureQueriesContext(connection) as few:
        client.get("/doi-tac/LKC-AU/")
    add_items(5, 55)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/doi-tac/LKC-AU/")
    totals = response.context["totals"]
    assert totals["items"] == 62 and totals["committed_usd"] == Decimal(5000 + 60 * 100)
    html = response.content.decode()
    listed = html.split('id="h-aid"')[1].split("</section>")[0]
    assert listed.count("<li>") == 20  # the newest 20, then a link to all 62
    assert "Xem cả 62 khoản trong danh sách viện trợ (42 khoản nữa)" in listed
    assert 'href="/vien-tro/?doi_tac=LKC-AU"' in listed
    assert len(response.context["timeline"]) == 30
    years = {y["year"]: y["counts"] for y in response.context["timeline_years"]}
    assert years[2000]["aid"] == 3  # X0, X20, X40: counted though too old to be listed
    assert sum(c["aid"] for c in years.values()) == 62
    assert "Liệt kê 30 hoạt động gần nhất" in html


def test_the_kept_figures_follow_every_change_on_the_next_view(client, portfolio, django_assert_max_num_queries):
    """The page's figures are kept between views (the second view reads none of them) and a save
    of what they read — a delegation made internal, an item's amount, a unit renamed — shows on the
    very next view."""
    from friendship_union.reference.models import AdministrativeUnit

    first = client.get("/doi-tac/LKC-AU/")
    assert first.context["totals"]["delegations"] == 1 and "DV-1" in first.content.decode()
    assert "Xã Cái Nước" in client.get("/en/partners/LKC-AU/").content.decode()  # its map kept in English too
    with django_assert_max_num_queries(8) as queries:  # the partner, versions, news, IATI check: no aggregate
        client.get("/doi-tac/LKC-AU/")
    # The site identity is read once (SiteIdentity.of_request): the page's header and its IATI link share it.
    assert sum('FROM "core_siteidentity"' in q["sql"] for q in queries.captured_queries) == 1

    delegation = Delegation.objects.get(code="DV-1")
    delegation.is_public = False
    delegation.save()
    response = client.get("/doi-tac/LKC-AU/")
    assert response.context["totals"]["delegations"] == 0
    assert [kind for kind, _day, _record in response.context["timeline"]].count("delegation") == 0

    item = AidItem.objects.get(code="VT-1")
    item.committed_amount = item.committed_usd = Decimal(6000)
    item.save()
    assert client.get("/doi-tac/LKC-AU/").context["totals"]["committed_usd"] == Decimal(6000)

    unit = AdministrativeUnit.objects.get(name="Xã Cái Nước")
    unit.name = "Xã Cái Nước Mới"
    unit.save()
    assert [c["unit"].name for c in client.get("/doi-tac/LKC-AU/").context["communes"]] == ["Xã Cái Nước Mới"]
    # The map, drawn once per language and kept, is drawn again: the new name and the new amount.
    for url, usd in [("/doi-tac/LKC-AU/", "6.000 USD"), ("/en/partners/LKC-AU/", "6,000 USD")]:
        where = client.get(url).content.decode().split('id="h-where"')[1].split("</section>")[0]
        marked = re.findall(r'<path class="band-\d marked" d="[^"]+"><title>([^<]+)</title>', where)
        assert len(marked) == 1 and marked[0].startswith("Xã Cái Nước Mới — ") and usd in marked[0], (url, marked)


BODY = "partners/includes/partner_body.html"


def body_rendered(response) -> bool:
    return BODY in [template.name for template in response.templates]


def test_the_pages_body_is_kept_by_what_it_shows_and_follows_every_change(client, portfolio):
    """The page's body (all but the header and footer) is kept by the content it shows, not by the
    records version: after a bulk write that computes its figures anew with the same result, or a
    story that does not name the partner, the next reader gets it without rendering it — and every
    change to what it shows is on the very next view, in the language asked."""
    from friendship_union.news.tests.factories import make_article

    url = "/doi-tac/LKC-AU/"
    first = client.get(url)
    assert body_rendered(first)
    bump_records_version()  # a bulk write whose records are not known: every figure computed anew
    again = client.get(url)
    assert not body_rendered(again) and again.content == first.content
    make_article(title="Tin không nhắc đối tác")
    assert not body_rendered(client.get(url))
    english = client.get("/en/partners/LKC-AU/")
    assert body_rendered(english) and "The relationship in figures" in english.content.decode()

    def shown() -> str:
        return client.get(url).content.decode()

    Partner.objects.filter(pk=portfolio.pk).update(website="https://loreto.example/moi")  # no signal, no bump
    assert "https://loreto.example/moi" in shown()
    article = make_article(title="Loreto trao học bổng")
    article.partners.add(portfolio)
    assert "Loreto trao học bổng" in shown()
    article.title = "Loreto trao 50 suất học bổng"
    article.save()
    assert "Loreto trao 50 suất học bổng" in shown()
    delegation = Delegation.objects.get(code="DV-1")
    delegation.title = "Đoàn Loreto thăm Đông Thới"
    delegation.save()
    assert "Đoàn Loreto thăm Đông Thới" in shown()
    delegation.is_public = False  # made internal: gone from the next view
    delegation.save()
    assert "Đoàn Loreto thăm Đông Thới" not in shown()
    AidItem.objects.filter(code="VT-1").update(title="Dụng cụ học tập mới")  # no signal
    bump_records_version(AidItem)  # as every bulk write does
    assert "Dụng cụ học tập mới" in shown()
    assert "The relationship in figures" in client.get("/en/partners/LKC-AU/").content.decode()


def test_a_deployment_that_changes_a_template_keys_the_kept_html_anew(settings):
    """HTML kept by its content is also kept by the templates and translations that render it
    (templates_release): a file changed by a deployment gives a new key."""
    import os

    from friendship_union.core.cache import templates_release

    template = settings.BASE_DIR / "templates" / BODY
    before = os.stat(template)
    templates_release.cache_clear()
    release = templates_release()
    try:
        os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))
        templates_release.cache_clear()
        assert templates_release() != release
    finally:
        os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns))
        templates_release.cache_clear()
    assert templates_release() == release


def test_a_delegation_saved_computes_none_of_the_partners_aid_figures(client, portfolio):
    """The page's figures are kept in parts by what they read: saving a delegation moves the
    delegations' part only — the aid totals, communes and map are not computed again."""
    client.get("/doi-tac/LKC-AU/")
    delegation = Delegation.objects.get(code="DV-1")
    delegation.title = "Đoàn đổi tên"
    delegation.save()
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/doi-tac/LKC-AU/").content.decode()
    assert "Đoàn đổi tên" in html
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "delegations_delegation" in sql
    assert '"aid_aidlocation"' not in sql and '"aid_aidprovider"' not in sql  # no aid part computed


@pytest.fixture
def aid_computed(monkeypatch):
    """The codes of the partners whose aid figures are computed, in order; `.batches`: those computed
    together, one list per computation."""

    class Computed(list):
        batches: list

    computed = Computed()
    computed.batches = []
    compute = partner_views._aid_figures_many

    def counted(partner_ids):
        codes = dict(Partner.objects.values_list("pk", "code"))
        batch = [codes[pk] for pk in sorted(partner_ids)]
        computed.extend(batch)
        computed.batches.append(batch)
        return compute(partner_ids)

    monkeypatch.setattr(partner_views, "_aid_figures_many", counted)
    return computed


def test_saving_another_partners_aid_computes_none_of_this_partners_aid_figures(client, portfolio, aid_computed):
    """A partner's aid figures are kept by a stamp of its own aid rows: an aid item saved for another
    partner moves the aid records' version, and this partner's page finds its figures again; a
    provider moved from this partner to the other one changes both pages on the next view."""
    computed = aid_computed
    client.get("/doi-tac/LKC-AU/"), client.get("/doi-tac/OTHER/")
    assert computed == ["LKC-AU", "OTHER"]

    theirs = AidItem.objects.create(
        code="VT-3", form="project", title="Cầu Tân Hưng", is_public=True, commitment_date=datetime.date(2019, 1, 1),
        committed_amount=Decimal(3000), currency_id="USD", committed_usd=Decimal(3000),
    )  # fmt: skip
    AidProvider.objects.create(aid_item=theirs, partner=Partner.objects.get(code="OTHER"))
    loreto = client.get("/doi-tac/LKC-AU/")
    assert computed == ["LKC-AU", "OTHER"] and loreto.context["totals"]["items"] == 2
    assert client.get("/doi-tac/OTHER/").context["totals"]["items"] == 2  # VT-2 and VT-3
    assert computed == ["LKC-AU", "OTHER", "OTHER"]

    # VT-1's funder recorded wrongly: moved to the other partner.
    other = Partner.objects.get(code="OTHER")
    AidProvider.objects.filter(aid_item__code="VT-1", partner__code="LKC-AU").update(partner=other)
    bump_records_version(AidProvider)
    totals = client.get("/doi-tac/LKC-AU/").context["totals"]
    assert (totals["items"], totals["funded"], totals["committed_usd"]) == (1, 0, Decimal(0))
    totals = client.get("/doi-tac/OTHER/").context["totals"]
    assert (totals["items"], totals["funded"], totals["committed_usd"]) == (3, 3, Decimal(17000))


def test_after_one_aid_items_save_the_refresh_computes_the_figures_of_its_partners_only(portfolio, aid_computed):
    """The task worker's refresh (partner_pages_figures) reads every partner's stamp in one query and
    computes the aid figures of the partners whose rows moved, together (one computation, a fixed
    number of queries however many partners): after a bulk write, all of them."""
    computed = aid_computed
    partner_views.partner_pages_figures()
    everyone = sorted(Partner.objects.values_list("code", flat=True))
    assert computed.batches == [everyone]

    computed.clear()
    item = AidItem.objects.get(code="VT-2")  # Other Fund's, implemented by Loreto
    item.title = "Giếng nước Tân Hưng (giai đoạn 2)"
    item.save()
    partner_views.partner_pages_figures()
    assert sorted(computed) == ["LKC-AU", "OTHER"]
    assert "giai đoạn 2" in partner_views.partner_figures(portfolio)["aid_items"][0].title

    computed.clear()
    AidItem.objects.filter(code="VT-1").update(beneficiaries=121)
    bump_records_version()  # a bulk write, its records not known
    computed.batches.clear()
    partner_views.partner_pages_figures()
    assert computed.batches == [everyone]


def test_the_stamp_covers_every_aid_table_the_partner_figures_read(client, portfolio):
    """What keeps a partner's aid figures — the changes PostgreSQL records to its aid rows
    (aid.models.PartnerAidChange, by triggers on each aid table, for every statement) — watches every
    aid table that computing them reads: a table left out would leave the page showing a change's old
    figures."""
    from friendship_union.portal import partner_views

    with CaptureQueriesContext(connection) as queries:
        partner_views._aid_figures(portfolio)
        client.get("/doi-tac/LKC-AU/")  # the map and the IATI check too
    read = set(re.findall(r'(?:FROM|JOIN) "(aid_[a-z_]+)"', " ".join(q["sql"] for q in queries.captured_queries)))
    read -= {"aid_partneraidchange"}  # the stamp itself
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, array_agg(t.tgname ORDER BY t.tgname) FROM pg_trigger t"
            " JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname LIKE 'aid_partner_change_%%' GROUP BY c.relname"
        )
        watched = dict(cursor.fetchall())
    assert {"aid_aiditem", "aid_aidlocation", "aid_disbursement", "aid_result"} <= read
    assert read <= set(watched), f"read but not watched: {read - set(watched)}"
    events = ["aid_partner_change_delete", "aid_partner_change_insert", "aid_partner_change_update"]
    assert all(names == events for names in watched.values()), watched


def test_every_way_of_writing_a_partners_aid_moves_its_stamp_and_only_its(portfolio):
    """The stamp moves on a service's save, a bulk UPDATE, raw SQL, a provider moved to another partner
    (both partners), its items' program's amount and a deleted item; the other partners' stamps stay;
    a rolled-back write leaves it where it was."""
    from friendship_union.aid.models import partner_stamps

    program = AidItem.objects.create(code="CT-1", form="program", title="Chương trình", currency_id="USD")
    AidProvider.objects.create(aid_item=program, partner=make_partner(code="PROG", name="Program Fund"))
    idle = AidItem.objects.create(code="VT-IDLE", form="project", title="Khác", currency_id="USD")
    AidProvider.objects.create(aid_item=idle, partner=make_partner(code="IDLE", name="Idle Fund"))
    codes = dict(Partner.objects.values_list("code", "pk"))
    at_start = partner_stamps(codes.values())

    def moved(write) -> set[str]:
        before = partner_stamps(codes.values())
        write()
        after = partner_stamps(codes.values())
        return {code for code, pk in codes.items() if before[pk] != after[pk]}

    item = AidItem.objects.get(code="VT-1")
    assert moved(item.save) == {"LKC-AU"}
    assert moved(lambda: AidItem.objects.filter(code="VT-1").update(beneficiaries=7)) == {"LKC-AU"}
    assert moved(lambda: Disbursement.objects.filter(aid_item=item).update(note="x")) == {"LKC-AU"}
    with connection.cursor() as cursor:
        sql = "UPDATE aid_aidsector SET percentage = percentage WHERE aid_item_id = %s"
        assert moved(lambda: cursor.execute(sql, [item.pk])) == {"LKC-AU"}
    assert moved(lambda: AidItem.objects.filter(code="VT-2").update(program=program)) == {"LKC-AU", "OTHER"}
    # The program's amount is read by its items' sums: their partners' figures move with it.
    assert moved(lambda: AidItem.objects.filter(pk=program.pk).update(committed_usd=1)) == {"PROG", "LKC-AU", "OTHER"}
    provider = AidProvider.objects.get(aid_item=item)
    assert moved(lambda: AidProvider.objects.filter(pk=provider.pk).update(partner_id=codes["OTHER"])) == {
        "LKC-AU",
        "OTHER",
    }

    def rolled_back():
        with transaction.atomic():
            AidItem.objects.filter(code="VT-1").update(beneficiaries=8)
            transaction.set_rollback(True)

    assert moved(rolled_back) == set()
    assert moved(lambda: AidItem.objects.filter(code="VT-1").delete()) == {"OTHER"}
    untouched = [pk for code, pk in codes.items() if code not in ("LKC-AU", "OTHER", "PROG")]
    assert untouched and partner_stamps(untouched) == {pk: at_start[pk] for pk in untouched}


def test_the_link_to_the_partners_iati_file_shows_only_while_the_file_holds_an_activity(client, portfolio):
    """Kept with the partner's aid figures, for the day: an item becoming publishable, or the last
    one made internal, shows on the next view."""
    from friendship_union.aid.iati import publishable_items
    from friendship_union.aid.models import AidSector
    from friendship_union.core.models import SiteIdentity
    from friendship_union.core.tests.factories import make_identity

    def linked():
        return "Tệp IATI của đối tác này" in client.get("/doi-tac/LKC-AU/").content.decode()

    SiteIdentity.objects.all().delete()
    make_identity(iati_org_identifier="VN-COA-1234567")
    item = AidItem.objects.get(code="VT-1")
    AidSector.objects.filter(aid_item=item).delete()
    AidSector.objects.filter(aid_item__code="VT-2").delete()
    item.save()  # a write: the kept figures follow
    assert not publishable_items(portfolio).exists() and not linked()  # no sector: IATI holds nothing
    AidSector.objects.create(aid_item=item, sector_id="11220")
    item.planned_start = datetime.date(2013, 1, 1)
    item.save()
    assert publishable_items(portfolio).exists() and linked()
    AidItem.objects.filter(code__in=["VT-1", "VT-2"]).update(is_public=False)
    bump_records_version(AidItem)  # a bulk write
    assert not linked()
    SiteIdentity.objects.update(iati_org_identifier="")
    AidItem.objects.filter(code="VT-1").update(is_public=True)
    bump_records_version(AidItem)
    assert not linked()  # no identifier: no file at all


def test_partners_figures_computed_together_are_each_partners_own(portfolio):
    """The refresh and an import's commit compute many partners' aid figures together, grouped by
    partner (_aid_figures_many): each partner's are those computed for it alone — an item two
    partners share counted for both, an item where a partner has two roles counted once for it."""
    other = Partner.objects.get(code="OTHER")
    # Other Fund funds and also implements VT-2; Loreto funds part of it too.
    AidProvider.objects.create(aid_item=AidItem.objects.get(code="VT-2"), partner=other, role=ProviderRole.IMPLEMENTING)
    AidProvider.objects.create(aid_item=AidItem.objects.get(code="VT-2"), partner=portfolio)
    # A public result of the shared item, with a period: each partner's copy of VT-2 lists it.
    from friendship_union.aid.models import Result, ResultPeriod
    from friendship_union.aid.services import result_save

    shared = AidItem.objects.get(code="VT-2")
    year = {"period_start": datetime.date(2016, 1, 1), "period_end": datetime.date(2016, 12, 31)}
    result_save(
        result=Result(aid_item=shared, title="Giếng", indicator="Hộ có nước", is_public=True),
        periods=[ResultPeriod(**year, actual=80)],
    )
    idle = make_partner(code="IDLE", name="No aid yet")
    ids = [portfolio.pk, other.pk, idle.pk]

    def plain(figures):
        return {
            **figures,
            "digest": None,
            "aid_items": [
                (i.pk, sorted((r.partner_id, r.role) for r in i.roles), i.public_results) for i in figures["aid_items"]
            ],
            "latest": [(kind, date, i.pk) for kind, date, i in figures["latest"]],
        }

    together = partner_views._aid_figures_many(ids)
    alone = {pk: partner_views._aid_figures(Partner.objects.get(pk=pk)) for pk in ids}
    assert {pk: plain(f) for pk, f in together.items()} == {pk: plain(f) for pk, f in alone.items()}
    # Their content alike, to the byte: the page's HTML kept by it (kept_by_content) is found again
    # whichever computation made the figures.
    assert {pk: f["digest"] for pk, f in together.items()} == {pk: f["digest"] for pk, f in alone.items()}
    loreto, fund, none = (together[pk] for pk in ids)
    assert (loreto["totals"]["items"], loreto["totals"]["funded"]) == (2, 2)
    assert loreto["totals"]["committed_usd"] == Decimal(5000 + 9000)  # each item it funds, whole
    assert (fund["totals"]["items"], fund["totals"]["funded"]) == (1, 1)
    assert [sorted(r.role for r in i.roles) for i in fund["aid_items"]] == [
        [ProviderRole.FUNDING, ProviderRole.IMPLEMENTING]
    ]
    assert none["totals"]["items"] == 0 and none["aid_items"] == [] and none["map"] == {}


def test_the_refresh_computes_every_partners_page_with_the_queries_of_one(portfolio):
    """After a bulk write the refresh computes every partner's page — aid, IATI, delegations and
    events — in a fixed number of queries: as many for five partners with aid and delegations as for
    two."""

    def refresh() -> int:
        bump_records_version()  # a bulk write, its records not known: every part is computed
        # As the task worker's refresh runs it: the versions read once (versioning.refresh_figures).
        with versions_read_once(), CaptureQueriesContext(connection) as queries:
            partner_views.partner_pages_figures()
        return len(queries.captured_queries)

    two = refresh()
    for n in range(3):
        partner = make_partner(code=f"MORE-{n}", name=f"More {n}")
        AidProvider.objects.create(aid_item=AidItem.objects.get(code="VT-1"), partner=partner)
        Delegation.objects.get(code="DV-1").partners.add(partner)
        Event.objects.get(code="SK-1").partners.add(partner)
    assert Partner.objects.count() == 5
    assert refresh() == two
    totals = partner_views.partner_figures(Partner.objects.get(code="MORE-2"))["totals"]
    assert (totals["items"], totals["delegations"], totals["events"]) == (1, 1, 1)


def test_the_refresh_computes_the_partners_pages_a_chunk_at_a_time(portfolio, aid_computed, monkeypatch):
    """Partners' figures are held at once while computed together: FIGURE_CHUNK bounds how many, so
    the worker's memory does not grow with the number of partners."""
    monkeypatch.setattr(partner_views, "FIGURE_CHUNK", 2)
    for n in range(3):
        make_partner(code=f"MORE-{n}", name=f"More {n}")
    bump_records_version()
    partner_views.partner_pages_figures()
    codes = list(Partner.objects.order_by("pk").values_list("code", flat=True))
    assert aid_computed.batches == [codes[0:2], codes[2:4], codes[4:]]
