import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendship_union.core.tests.factories import make_identity

pytestmark = pytest.mark.django_db


def test_home_in_vietnamese_shows_union_name(client):
    make_identity()
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau" in html
    assert 'hreflang="en" href="http://testserver/en/"' in html


@pytest.mark.parametrize(
    "vi, en",
    [("/", "/en/"), ("/tin-tuc/?trang=2", "/en/news/?trang=2"), ("/tim-kiem/?q=dat+mui", "/en/search/?q=dat+mui")],
)
def test_each_page_links_its_other_language_asked_either_way_and_again(client, vi, en):
    """The alternates and the language switcher name the page in the other language (kept once
    worked out: core.templatetags.vn._translated), whichever language is asked first."""
    make_identity()
    for _ in range(2):
        for url, other, code in ((vi, en, "en"), (en, vi, "vi")):
            html = client.get(url).content.decode()
            assert f'hreflang="{code}" href="http://testserver{other}"' in html, (url, other)
            assert f'<a href="{other}" hreflang="{code}"' in html, (url, other)


def test_home_in_english_under_en(client):
    make_identity()
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Ca Mau Union of Friendship Organizations</h1>" in html
    assert "Latest news" in html  # the English catalog is compiled and used


def test_home_without_identity_shows_generic_name(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Liên hiệp các tổ chức hữu nghị" in response.content.decode()


def test_about_page_has_translated_path(client):
    make_identity(phone="0290 123 4567")
    vi = client.get("/gioi-thieu/")
    en = client.get("/en/about/")
    assert vi.status_code == en.status_code == 200
    assert "Chức năng, nhiệm vụ" in vi.content.decode()
    assert "Functions and duties" in en.content.decode()
    assert 'href="tel:02901234567"' in vi.content.decode()


def test_security_headers_on_pages(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_about_page_queries_without_records(client, django_assert_num_queries):
    make_identity()
    with django_assert_num_queries(4):  # site identity, leaders, office units, member associations
        client.get("/gioi-thieu/")


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_home_query_count_does_not_grow(client, path, reference_data):
    import datetime

    from friendship_union.aid.models import AidItem
    from friendship_union.events.models import Event

    make_identity()

    def add(start, n):
        AidItem.objects.bulk_create(
            [
                AidItem(
                    code=f"H{i}",
                    form="project",
                    title=f"Dự án {i}",
                    is_public=True,
                    commitment_date=datetime.date(2014, 1, 1),
                )
                for i in range(start, start + n)
            ]
        )
        Event.objects.bulk_create(
            [
                Event(code=f"E{i}", kind="workshop", title=f"Sự kiện {i}", start_date=datetime.date(2099, 1, 1))
                for i in range(start, start + n)
            ]
        )

    from friendship_union.core.versioning import bump_records_version

    # bulk_create sends no signals: bump the version so both requests compute the figures afresh.
    add(0, 10)
    bump_records_version()
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    add(10, 990)
    bump_records_version()
    with CaptureQueriesContext(connection) as many:
        html = client.get(path).content.decode()
    # identity, news, the key figures (records version twice, where records begin, 7 figures: the
    # dashboard's headline over public records), featured aid items, coming events — cold, as here.
    assert len(many.captured_queries) == len(few.captured_queries) == 14
    assert "Dự án" in html and "Sự kiện" in html


def test_home_key_figures(client, demo):
    html = client.get("/").content.decode()
    assert "Đối tác nước ngoài" in html and ">85<" in html
    # All time: the article's 107 incoming delegations and 507 visitors by 2015, and 3 (15) since.
    assert "110 / 522" in html


def test_home_figures_count_only_public_records(client, demo):
    """Internal delegations and aid items stay internal: not even their counts or amounts reach the
    home page (the dashboard, for staff, counts them)."""
    import datetime
    from decimal import Decimal

    from friendship_union.aid.models import AidItem
    from friendship_union.aid.services import aid_item_save
    from friendship_union.dashboard import services as figures
    from friendship_union.delegations.models import Delegation, Direction
    from friendship_union.delegations.services import delegation_save

    def shown():
        html = client.get("/").content.decode()
        return html.split('id="h-figures"')[1].split("</section>")[0]

    before = shown()
    delegation_save(
        delegation=Delegation(
            code="NOIBO-1",
            direction=Direction.INCOMING,
            start_date=datetime.date(2024, 5, 1),
            participants=2,
            title="Đoàn nội bộ",
            is_public=False,
        )
    )
    aid_item_save(
        item=AidItem(
            code="NOIBO-VT",
            form="project",
            title="Khoản nội bộ",
            commitment_date=datetime.date(2024, 5, 1),
            committed_amount=Decimal(123456789),
            currency_id="USD",
            is_public=False,
        )
    )
    assert shown() == before
    period = figures.all_time()
    staff = figures.headline(period)
    public = figures.headline(period, public=True)
    assert (
        staff["delegations_in"]
        == public["delegations_in"]
        + 1
        + Delegation.objects.filter(is_public=False, direction=Direction.INCOMING).exclude(code="NOIBO-1").count()
    )
    assert staff["committed_usd"] - public["committed_usd"] >= Decimal(123456789)


def test_robots_and_sitemap(client, reference_data):
    make_identity()
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Disallow: /bang-dieu-khien/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    from friendship_union.aid.models import AidItem

    AidItem.objects.create(code="PUB-1", form="project", title="Công khai", is_public=True)
    AidItem.objects.create(code="NOI-BO", form="project", title="Nội bộ", is_public=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/vien-tro/PUB-1/" in xml and "/en/aid/PUB-1/" in xml
    assert "NOI-BO" not in xml
    assert 'hreflang="en"' in xml


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_healthz_503_when_database_is_down(client):
    """Point the real connection at a port where no server listens: the check must say 503."""
    connection.close()
    saved = dict(connection.settings_dict)
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "1", "OPTIONS": {"connect_timeout": 2}})
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    with CaptureQueriesContext(connection):
        assert client.get("/healthz").status_code == 200  # and it recovers


def test_unknown_page_is_404(client):
    assert client.get("/khong-co-trang-nay/").status_code == 404


def test_favicon_redirects_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_sitemap_is_cached_until_records_change(client, reference_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from friendship_union.aid.models import AidItem

    AidItem.objects.create(code="PUB-1", form="project", title="Công khai", is_public=True)
    first = client.get("/sitemap.xml")
    assert first["Content-Type"] == "application/xml" and "/vien-tro/PUB-1/" in first.content.decode()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/sitemap.xml").content == first.content
    assert len(ctx.captured_queries) == 1  # the records version only
    AidItem.objects.create(code="PUB-2", form="project", title="Công khai 2", is_public=True)
    assert "/vien-tro/PUB-2/" in client.get("/sitemap.xml").content.decode()
    assert client.get("/sitemap.xml?p=99").status_code == 404


def test_every_public_page_has_a_link_preview(client, records):
    """A shared link shows a title, a description and the site, on every public page kind."""
    import re
    from html import unescape

    from django.urls import reverse
    from django.utils import translation

    from friendship_union.news.models import Article

    from .test_accessibility import AXE_PAGES

    Article.objects.create(
        slug="khanh-thanh-truong", title="Khánh thành trường Đông Thới", summary="Trường mới.", status="published"
    )
    from friendship_union.gallery.models import Album

    Album.objects.create(title="Lớp học Đông Thới", slug="lop-hoc-dong-thoi", is_public=True)
    missing = []
    for language in ("vi", "en"):
        for name, kwargs, query in AXE_PAGES:
            with translation.override(language):
                url = reverse(name, kwargs=kwargs) + query
            html = client.get(url).content.decode()
            tags = {
                m[0]: unescape(m[1]) for m in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html)
            }
            for tag in ("og:title", "og:description", "og:url", "og:site_name", "og:locale", "twitter:card"):
                if not tags.get(tag):
                    missing.append(f"{url}: {tag}")
            canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
            if tags.get("og:url") != canonical:
                missing.append(f"{url}: og:url {tags.get('og:url')} is not the canonical {canonical}")
    assert not missing, missing
    page = client.get("/vien-tro/VT-1/").content.decode()
    assert '<meta property="og:title" content="Dụng cụ học tập Đông Thới">' in page
    assert page.count('property="og:title"') == 1


def test_the_sitemap_knows_every_public_page():
    """Every public page without parameters is in sitemap.xml, and every kind of record page has a
    sitemap of its own (search results and the dossier look-up are left out: they are noindex)."""
    from django.urls import NoReverseMatch, reverse

    from friendship_union.portal.sitemaps import StaticSitemap, all_sitemaps

    from .test_accessibility import public_page_names

    listed = set(StaticSitemap().items())
    kinds = set(all_sitemaps())
    missing = []
    for name in sorted(public_page_names() - {"portal:search", "dossiers:lookup"}):
        namespace, _ = name.split(":")
        try:
            reverse(name)
        except NoReverseMatch:  # a record page: its app contributes a sitemap
            if namespace not in kinds:
                missing.append(f"{name}: no sitemap for its records")
        else:
            if name not in listed:
                missing.append(f"{name}: not in StaticSitemap")
    assert not missing, missing


def test_home_leads_with_the_photos_of_the_newest_stories(client, media_root):
    """The newest stories with a public cover photo lead the page (at most three), beside the list of
    the next stories; a cover that is not public is never shown."""
    import datetime

    from django.utils import timezone

    from friendship_union.gallery.tests.factories import make_photo
    from friendship_union.news.tests.factories import make_article

    make_identity()
    now = timezone.now()
    public_cover = make_photo(width=800, height=500, alt_text="Trẻ em Đất Mũi nhận sách")
    hidden_cover = make_photo(width=800, height=500, alt_text="Ảnh nội bộ", is_public=False)
    make_article(slug="co-anh", title="Tin có ảnh", cover=public_cover, publish_at=now - datetime.timedelta(days=2))
    make_article(slug="anh-an", title="Tin ảnh ẩn", cover=hidden_cover, publish_at=now - datetime.timedelta(days=1))
    make_article(slug="khong-anh", title="Tin không ảnh", publish_at=now - datetime.timedelta(days=3))
    response = client.get("/")
    assert [a.slug for a in response.context["pictured_news"]] == ["co-anh"]
    assert [a.slug for a in response.context["latest_news"]] == ["anh-an", "khong-anh"]
    html = response.content.decode()
    lead = html.split('id="h-lead"')[1].split("</section>")[0]
    assert 'alt="Trẻ em Đất Mũi nhận sách"' in lead and "Tin có ảnh" in lead
    assert "Ảnh nội bộ" not in html


def test_past_the_split_the_sitemap_is_an_index_of_section_files(client, reference_data, monkeypatch):
    """The protocol caps a sitemap file's URLs: past SITEMAP_SPLIT_AT (10.000) sitemap.xml names one
    file per section and page, and each of those lists its records (here the split is lowered)."""
    from friendship_union.aid.models import AidItem
    from friendship_union.portal import views

    for n in range(3):
        AidItem.objects.create(code=f"PUB-{n}", form="project", title=f"Công khai {n}", is_public=True)
    assert "<urlset" in client.get("/sitemap.xml").content.decode()  # under the split: one file
    monkeypatch.setattr(views, "SITEMAP_SPLIT_AT", 5)
    monkeypatch.setattr("friendship_union.core.sitemaps.I18nSitemap.limit", 4)
    AidItem.objects.create(code="PUB-3", form="project", title="Công khai 3", is_public=True)  # a new version
    with CaptureQueriesContext(connection) as queries:
        index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index and "<urlset" not in index
    # Each section read once, for the split and the index alike (it was counted twice), its count and
    # its latest change in the same query (they were two).
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].split(" WHERE ")[0].endswith('FROM "aid_aiditem"')]
    assert len(reads) == 1 and "COUNT(*)" in reads[0] and 'MAX("aid_aiditem"."updated_at")' in reads[0], reads
    assert "http://testserver/sitemap-aid.xml</loc>" in index
    assert "http://testserver/sitemap-aid.xml?p=2</loc>" in index  # 4 items × 2 languages, 4 URLs a file
    first, second = client.get("/sitemap-aid.xml").content.decode(), client.get("/sitemap-aid.xml?p=2").content.decode()
    assert first.count("<url>") == 4 and second.count("<url>") == 4
    assert all(f"/vien-tro/PUB-{n}/" in first + second for n in range(4)), first + second
    assert client.get("/sitemap-khong-co.xml").status_code == 404
    assert client.get("/sitemap-aid.xml?p=9").status_code == 404


def test_a_section_file_reads_only_its_page_and_is_kept_until_its_own_records_change(
    client, reference_data, monkeypatch, django_assert_max_num_queries
):
    """Past the split, a section's file reads its own page of records (a COUNT and one page, not every
    record of the section), and stays cached until its own app's records change: a new article does
    not make the aid items' files again, a new aid item does."""
    from friendship_union.aid.models import AidItem
    from friendship_union.news.models import Article
    from friendship_union.portal import views

    monkeypatch.setattr(views, "SITEMAP_SPLIT_AT", 5)
    monkeypatch.setattr("friendship_union.core.sitemaps.I18nSitemap.limit", 4)
    for n in range(40):
        AidItem.objects.create(code=f"PUB-{n:02d}", form="project", title=f"Công khai {n}", is_public=True)
    with django_assert_max_num_queries(6) as queries:  # the versions, a COUNT, the page's 2 records
        last = client.get("/sitemap-aid.xml?p=20").content.decode()
    read = [q["sql"] for q in queries.captured_queries if '"aid_aiditem"."code"' in q["sql"]]
    assert len(read) == 1 and "LIMIT 2 OFFSET 38" in read[0], read  # not the 40 records
    assert last.count("<url>") == 4 and "/vien-tro/PUB-39/" in last and "/vien-tro/PUB-37/" not in last
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-aid.xml?p=20</loc>" in index and "sitemap-aid.xml?p=21" not in index
    assert "<lastmod>" in index  # each section's latest change, one MAX

    Article.objects.create(slug="tin-moi", title="Tin mới", status="published")
    with django_assert_max_num_queries(1):  # only the versions: the file comes from the cache
        assert client.get("/sitemap-aid.xml?p=20").content.decode() == last
    AidItem.objects.create(code="PUB-40", form="project", title="Công khai 40", is_public=True)
    assert "/vien-tro/PUB-40/" in client.get("/sitemap-aid.xml?p=21").content.decode()
