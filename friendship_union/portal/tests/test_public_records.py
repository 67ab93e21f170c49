"""Public record pages: what the public may see, and nothing more; fixed query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendship_union.aid.models import AidItem, AidProvider
from friendship_union.delegations.models import Delegation
from friendship_union.documents.models import LegalDocument
from friendship_union.events.models import Event

pytestmark = pytest.mark.django_db


def test_aid_item_page_shows_place_history_and_money(client, records):
    html = client.get("/vien-tro/VT-1/").content.decode()
    assert "Đông Thới, Cái Nước" in html and "nay là Xã Cái Nước" in html
    assert "5.000 USD" in html and "Tổ chức Loreto" in html


def test_an_amount_in_usd_is_not_converted_to_itself(client, records):
    def money() -> str:
        html = client.get("/vien-tro/VT-1/").content.decode()
        return " ".join(html.split("Giá trị cam kết</dt>", 1)[1].split("</dd>", 1)[0].split())

    AidItem.objects.filter(code="VT-1").update(committed_vnd=Decimal("115000000"))
    assert money() == "<dd>5.000 USD (01/05/2013) ≈ 115.000.000 ₫"  # not "5.000 USD ≈ 5.000 USD"
    AidItem.objects.filter(code="VT-1").update(currency_id="AUD", committed_amount=Decimal("7000"))
    assert money() == "<dd>7.000 AUD (01/05/2013) ≈ 5.000 USD · 115.000.000 ₫"


@pytest.mark.parametrize("query", ["dong thoi", "ĐÔNG THỚI", "loreto", "lkc"])
def test_search_without_diacritics(client, records, query):
    response = client.get("/tim-kiem/", {"q": query})
    groups = {g["kind"]: g for g in response.context["groups"]}
    assert groups, query
    assert "Dự án nội bộ bí mật" not in response.content.decode()


@pytest.mark.parametrize("query", ["", "   ", "x" * 600, "<script>alert(1)</script>", "'; DROP TABLE x; --"])
def test_search_handles_odd_queries_calmly(client, records, query):
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_aid_item_page_draws_its_communes_on_the_province_map(client, records):
    from friendship_union.reference.models import AdministrativeUnit

    html = client.get("/vien-tro/VT-1/").content.decode()
    assert '<figure class="province-map">' in html
    province = AdministrativeUnit.objects.current().get(level=1, name__contains="Cà Mau")
    communes = AdministrativeUnit.objects.current().communes().filter(province=province, latitude__isnull=False)
    assert html.count('<path class="band-') == communes.count() > 50  # every commune of today's province
    marked = re.findall(r'<path class="band-0 marked" d="([^"]+)"><title>([^<]+)</title>', html)
    assert [title for _d, title in marked] == ["Xã Cái Nước"]  # Đông Thới, Cái Nước is in today's Cái Nước
    point = r"-?\d+(\.\d)?,-?\d+(\.\d)?"  # 12.5,40 — never the Vietnamese decimal comma (12,5)
    assert re.fullmatch(rf"(M{point}(L{point})*Z)+", marked[0][0]), marked[0][0]


def test_the_aid_list_map_shades_communes_by_money_and_links_the_filter(client, records):
    from friendship_union.reference.models import AdministrativeUnit

    cai_nuoc = AdministrativeUnit.objects.current().communes().get(name="Xã Cái Nước")
    response = client.get("/vien-tro/")
    rows = response.context["map"]["rows"]
    assert [(row["name"], row["items"], row["usd"]) for row in rows] == [("Xã Cái Nước", 1, 5000)]
    html = response.content.decode()
    assert f'href="?xa={cai_nuoc.pk}"' in html
    assert "5.000 USD" in html.split('class="map-legend"')[1]
    assert "Sơ đồ ước lượng" in html  # the map says what it is
    filtered = client.get(f"/vien-tro/?xa={cai_nuoc.pk}").content.decode()
    assert 'aria-current="true">Xã Cái Nước</a>' in filtered


def test_partner_directory_filters_by_sector_of_public_aid(client, records):
    from friendship_union.partners.tests.factories import make_partner

    make_partner(code="KR-GN", name="Good Neighbors", country_id="KR")  # funds nothing public
    response = client.get("/doi-tac/", {"linh_vuc": "112"})  # basic education: VT-1 is 11220
    assert [p.code for p in response.context["page"]] == ["LKC-AU"]
    assert "112" in [s.code for s in response.context["sectors"]]
    assert client.get("/doi-tac/", {"linh_vuc": "999"}).context["page"].paginator.count == 2  # unknown: ignored


def test_bad_filters_and_pages_are_calm(client, records):
    for url in [
        "/vien-tro/?nam=abc&trang=999&linh_vuc=xyz&xa=1%27",
        "/doi-tac/?nuoc=ZZ&loai=x&chu=%C4%90",
        "/doan-ra-doan-vao/?huong=sideways&nam=99999",
        "/su-kien/?loai=party",
        "/van-ban/?loai=x&trang=-1",
        "/van-ban/?q=" + "x" * 600,
        "/van-ban/?q=%27%3B+DROP+TABLE+x%3B+--",
        "/doi-tac/?linh_vuc=%3Cscript%3E",
        "/kieu-bao/?nam=abc",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "url",
    [
        "/doi-tac/",
        "/vien-tro/",
        "/doan-ra-doan-vao/",
        "/su-kien/",
        "/van-ban/",
        "/doi-tac/LKC-AU/",
        "/vien-tro/VT-1/",
        "/doan-ra-doan-vao/DV-1/",
        "/su-kien/SK-1/",
        "/tim-kiem/?q=du+an",
        "/tim-kiem/?q=khong+khop+gi",  # nothing matches: the close-name pass too
    ],
)
def test_public_page_queries_do_not_grow(client, records, url):
    def count():
        cache.clear()  # the cold path each time: maps and figures are cached per records version
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add(start, n):
        AidItem.objects.bulk_create(
            [
                AidItem(
                    code=f"X{i}",
                    form="project",
                    title=f"Dự án {i}",
                    is_public=True,
                    search_text=f"du an {i}",
                    commitment_date=datetime.date(2014, 1, 1),
                )
                for i in range(start, start + n)
            ]
        )
        AidProvider.objects.bulk_create(
            AidProvider(aid_item=item, partner=records)
            for item in AidItem.objects.filter(code__startswith="X", providers__isnull=True)[:n]
        )
        Delegation.objects.bulk_create(
            [
                Delegation(
                    code=f"D{i}",
                    direction="out",
                    title=f"Đoàn {i}",
                    participants=2,
                    start_date=datetime.date(2014, 1, 1),
                )
                for i in range(start, start + n)
            ]
        )
        Event.objects.bulk_create(
            [
                Event(code=f"E{i}", kind="workshop", title=f"Sự kiện {i}", start_date=datetime.date(2014, 1, 1))
                for i in range(start, start + n)
            ]
        )
        LegalDocument.objects.bulk_create(
            [
                LegalDocument(
                    number=f"{i}/QĐ", doc_type="decision", title="x", issuer="y", issue_date=datetime.date(2014, 1, 1)
                )
                for i in range(start, start + n)
            ]
        )

    add(0, 10)
    few = count()
    add(10, 990)
    assert count() == few


def test_a_deep_page_reads_its_rows_by_kept_keys_and_follows_every_change(client, records, settings, monkeypatch):
    """Past the first pages (here: past the first, KEPT_PAGES = 1), the aid list reads a page's rows by
    the keys kept for its block: no COUNT and no OFFSET over the rows before it, on the second view.
    An item made private, a new item and a filter all show on the next request, counted right."""
    monkeypatch.setattr("friendship_union.core.public.KEPT_PAGES", 1)
    settings.PAGE_CACHE_SECONDS = 0  # the page itself rendered on every request
    for n in range(45):
        AidItem.objects.create(
            code=f"P{n:02d}",
            form="project",
            title=f"Dự án sâu {n}",
            is_public=True,
            status="2" if n % 9 == 0 else "1",
            commitment_date=datetime.date(2001, 1, 1) + datetime.timedelta(days=n),
        )

    def listed():
        return list(AidItem.objects.public().order_by("-commitment_date", "code").values_list("code", flat=True))

    def page(url):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        shown = response.context["page"]
        return [item.code for item in shown], shown.paginator.count, [q["sql"] for q in ctx.captured_queries]

    expected = listed()
    assert len(expected) > 40
    assert page("/vien-tro/?trang=3")[:2] == (expected[40:60], len(expected))
    codes, count, sql = page("/vien-tro/?trang=3")
    assert (codes, count) == (expected[40:60], len(expected))
    assert not [q for q in sql if "COUNT(" in q or "OFFSET" in q], sql  # kept: the count and the keys

    hidden = AidItem.objects.get(code=expected[41])
    hidden.is_public = False
    hidden.save()
    AidItem.objects.create(
        code="P-NEW", form="project", title="Dự án mới", is_public=True, commitment_date=datetime.date(2030, 1, 1)
    )
    expected = listed()
    assert hidden.code not in expected and expected.index("P-NEW") < 20
    assert page("/vien-tro/?trang=3")[:2] == (expected[40:60], len(expected))
    assert page("/vien-tro/?trang=2")[:2] == (expected[20:40], len(expected))

    implementing = AidItem.objects.public().filter(status="2").count()
    assert page("/vien-tro/?trang_thai=2")[1] == implementing == 5


def test_the_delegation_lists_kept_count_follows_a_delegation_made_internal_or_public(client, records, settings):
    """The delegation list keeps its number of rows too (page_of reads={"delegations"}): the second
    view counts nothing, and a delegation made internal, or public, changes the count on the next view."""
    settings.PAGE_CACHE_SECONDS = 0

    def shown():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/doan-ra-doan-vao/")
        counts = [
            q["sql"] for q in ctx.captured_queries if 'COUNT(*) AS "__count" FROM "delegations_delegation"' in q["sql"]
        ]
        return response.context["page"].paginator.count, counts

    public = Delegation.objects.public().count()
    assert shown()[0] == public
    assert shown() == (public, [])  # kept
    internal = Delegation.objects.get(code="DV-NOIBO")
    internal.is_public = True
    internal.save()
    assert shown()[0] == public + 1
    internal.is_public = False
    internal.save()
    assert shown()[0] == public


def test_partner_page_lists_a_translated_story_once_in_the_readers_language(client, records):
    from friendship_union.news.models import Article
    from friendship_union.news.services import article_link_translation

    vi = Article.objects.create(
        slug="loreto-vi", title="Loreto trao quà", summary=".", body="<p>.</p>", status="published"
    )
    en = Article.objects.create(
        slug="loreto-en", title="Loreto gives gifts", summary=".", body="<p>.</p>", status="published", language="en"
    )
    article_link_translation(article=vi, translation=en)
    for article in (vi, en):
        article.partners.set([records])
    assert [a.slug for a in client.get("/doi-tac/LKC-AU/").context["articles"]] == ["loreto-vi"]
    assert [a.slug for a in client.get("/en/partners/LKC-AU/").context["articles"]] == ["loreto-en"]


def test_a_lists_count_is_written_with_grouped_thousands(client, reference_data):
    """1.234 khoản in Vietnamese, 1,234 items in English: the list's count as every other number."""
    AidItem.objects.bulk_create(
        AidItem(code=f"NHOM-{n:04d}", form="project", title=f"Dự án {n}", is_public=True) for n in range(1234)
    )
    assert '<p class="count">1.234 khoản</p>' in client.get("/vien-tro/").content.decode()
    assert '<p class="count">1,234 items</p>' in client.get("/en/aid/").content.decode()
