"""Public gallery pages: published albums only, fixed query counts, both languages, the sitemap, and
albums on record pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from friendship_union.aid.models import AidItem
from friendship_union.core.tests.factories import make_identity
from friendship_union.delegations.models import Delegation
from friendship_union.events.models import Event
from friendship_union.gallery.models import Album, Photo
from friendship_union.gallery.tests.factories import fake_photo, make_album, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return make_identity()


def albums_with_photos(count: int, photos_each: int = 2) -> list[Album]:
    albums = Album.objects.bulk_create(
        Album(title=f"Album {n}", slug=f"album-{n}", date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
        for n in range(count)
    )
    Photo.objects.bulk_create(
        fake_photo(album, n * 10 + i) for n, album in enumerate(albums) for i in range(photos_each)
    )
    return albums


def test_album_list_and_page(client, site):
    album = make_album(title="Trao học bổng tại Đất Mũi", date=datetime.date(2024, 5, 4), description="Mô tả")
    make_photo(album, alt_text="Học sinh nhận học bổng", caption="Chú thích một", credit="Ảnh: LHHN")
    make_photo(album, alt_text="Ảnh riêng tư", is_public=False)
    assert album.slug == "trao-hoc-bong-tai-dat-mui"
    html = client.get("/thu-vien-anh/").content.decode()
    assert 'href="/thu-vien-anh/trao-hoc-bong-tai-dat-mui/"' in html
    assert "Trao học bổng tại Đất Mũi" in html and "04/05/2024" in html and "1 ảnh" in html
    assert 'type="image/webp"' in html  # the cover
    response = client.get(album.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Trao học bổng tại Đất Mũi</h1>" in html and "Chú thích một" in html and "Ảnh: LHHN" in html
    assert 'alt="Học sinh nhận học bổng"' in html and 'loading="lazy"' in html and 'decoding="async"' in html
    assert "Ảnh riêng tư" not in html
    assert '<meta property="og:image" content="http://testserver/media/gallery/renditions/' in html
    assert "<style" not in html and "style=" not in html  # CSP: no inline styles


def test_album_list_hides_unpublished_empty_and_private_record_albums(client, site):
    shown = make_album(title="Album công khai")
    make_photo(shown)
    hidden = make_album(title="Album chưa công khai", is_public=False)
    make_photo(hidden)
    empty = make_album(title="Album trống")
    only_private = make_album(title="Album toàn ảnh riêng")
    make_photo(only_private, is_public=False)
    of_private_aid = make_album(title="Album của dự án nội bộ")
    make_photo(of_private_aid)
    AidItem.objects.create(code="VT-NB", form="project", title="Dự án nội bộ", is_public=False, album=of_private_aid)
    of_private_delegation = make_album(title="Album của đoàn nội bộ")
    make_photo(of_private_delegation)
    Delegation.objects.create(
        code="DV-NB",
        direction="in",
        title="Đoàn nội bộ",
        participants=2,
        start_date=datetime.date(2020, 1, 1),
        is_public=False,
        album=of_private_delegation,
    )
    of_private_event = make_album(title="Album của sự kiện nội bộ")
    make_photo(of_private_event)
    Event.objects.create(
        code="SK-NB",
        kind="workshop",
        title="Sự kiện nội bộ",
        start_date=datetime.date(2020, 1, 1),
        is_public=False,
        album=of_private_event,
    )
    html = client.get("/thu-vien-anh/").content.decode()
    assert "Album công khai" in html and "1 album" in html
    for album in (hidden, empty, only_private, of_private_aid, of_private_delegation, of_private_event):
        assert album.title not in html
    assert client.get(shown.get_absolute_url()).status_code == 200
    for album in (hidden, of_private_aid, of_private_delegation, of_private_event):
        assert client.get(album.get_absolute_url()).status_code == 404, album.title
    assert client.get("/thu-vien-anh/khong-co/").status_code == 404
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/thu-vien-anh/{shown.slug}/" in sitemap
    for album in (hidden, empty, only_private, of_private_aid, of_private_delegation, of_private_event):
        assert f"/{album.slug}/" not in sitemap


def test_album_of_a_public_record_is_published():
    album = make_album()
    AidItem.objects.create(code="VT-CK", form="project", title="Dự án công khai", is_public=True, album=album)
    assert list(Album.objects.published()) == [album]


@pytest.mark.parametrize("count", [10, 1000])
def test_album_list_query_count_does_not_grow(client, site, django_assert_num_queries, count):
    albums_with_photos(count)
    client.get("/thu-vien-anh/")  # warm up: site identity cached per request only, so nothing carries over
    # site identity, the records version (the albums the public may see are kept under it), count,
    # page of albums, their covers
    with django_assert_num_queries(5):
        response = client.get("/thu-vien-anh/?trang=2" if count > 24 else "/thu-vien-anh/")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 24)


@pytest.mark.parametrize("count", [10, 1000])
def test_album_page_query_count_does_not_grow(client, site, django_assert_num_queries, count):
    album = make_album(slug="nhieu-anh")
    Photo.objects.bulk_create(fake_photo(album, n) for n in range(count))
    # site identity, the records version and the albums the public may see (kept under it; read
    # here as after a write, before the worker's refresh), album, count, page of photos
    with django_assert_num_queries(6):
        response = client.get("/thu-vien-anh/nhieu-anh/")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 60)


def test_pagination_keeps_out_of_range_pages_safe(client, site):
    albums_with_photos(30, photos_each=1)
    assert client.get("/thu-vien-anh/?trang=99").status_code == 200
    assert client.get("/thu-vien-anh/?trang=abc").status_code == 200
    assert 'rel="next"' in client.get("/thu-vien-anh/").content.decode()


def test_english_pages(client, site):
    album = make_album(title="Đoàn Loreto thăm Cà Mau", slug="doan-loreto")
    make_photo(album)
    with translation.override("en"):
        assert reverse("gallery:list") == "/en/gallery/"
        assert reverse("gallery:detail", args=["doan-loreto"]) == "/en/gallery/doan-loreto/"
    html = client.get("/en/gallery/").content.decode()
    assert "<h1>Photos</h1>" in html and 'href="/en/gallery/doan-loreto/"' in html
    html = client.get("/en/gallery/doan-loreto/").content.decode()
    assert "Đoàn Loreto thăm Cà Mau" in html and "1 photo" in html


def test_navigation_links_to_the_gallery(client, site):
    html = client.get("/").content.decode()
    assert 'href="/thu-vien-anh/"' in html


@pytest.mark.parametrize(
    ("make_record", "url"),
    [
        (
            lambda album: AidItem.objects.create(
                code="VT-1", form="project", title="Dự án", is_public=True, album=album
            ),
            "/vien-tro/VT-1/",
        ),
        (
            lambda album: Delegation.objects.create(
                code="DV-1",
                direction="in",
                title="Đoàn",
                participants=2,
                start_date=datetime.date(2020, 1, 1),
                album=album,
            ),
            "/doan-ra-doan-vao/DV-1/",
        ),
        (
            lambda album: Event.objects.create(
                code="SK-1", kind="workshop", title="Hội thảo", start_date=datetime.date(2020, 1, 1), album=album
            ),
            "/su-kien/SK-1/",
        ),
    ],
)
def test_record_pages_show_their_album_with_fixed_queries(
    client, site, django_assert_max_num_queries, make_record, url
):
    album = make_album(title="Ảnh của hồ sơ")
    make_photo(album, alt_text="Ảnh công khai của hồ sơ", caption="Bàn giao")
    make_photo(album, alt_text="Ảnh nội bộ của hồ sơ", is_public=False)
    make_record(album)
    html = client.get(url).content.decode()
    assert 'alt="Ảnh công khai của hồ sơ"' in html and "Bàn giao" in html and 'type="image/webp"' in html
    assert "Ảnh nội bộ của hồ sơ" not in html
    assert f'href="{album.get_absolute_url()}"' in html
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    Photo.objects.bulk_create(fake_photo(album, n) for n in range(100, 150))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("<picture>") == 51
    album.is_public = False
    album.save()
    assert "Ảnh công khai của hồ sơ" not in client.get(url).content.decode()


def test_newest_albums_first_and_undated_last(client, site):
    for title, day in [("Cũ", datetime.date(2010, 1, 1)), ("Không ngày", None), ("Mới", datetime.date(2024, 1, 1))]:
        make_photo(make_album(title=title, date=day))
    titles = [album.title for album in client.get("/thu-vien-anh/").context["page"]]
    assert titles == ["Mới", "Cũ", "Không ngày"]


def test_a_scheduled_articles_album_is_public_within_a_minute_of_its_publication(monkeypatch):
    """No write marks a scheduled article's publication time passing: the albums the public may see
    are kept per records version for at most ALBUMS_KEPT_SECONDS, as the cached pages are."""
    import time

    from django.utils import timezone

    from friendship_union.gallery.models import ALBUMS_KEPT_SECONDS
    from friendship_union.news.models import Article
    from friendship_union.news.tests.factories import make_article

    album = make_album(slug="anh-bai-hen-gio")
    article = make_article(album=album, publish_at=timezone.now() + datetime.timedelta(minutes=5))
    assert album not in Album.objects.published()
    # The publication time passes (no save: nothing bumps the records version).
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - datetime.timedelta(seconds=1))
    assert album not in Album.objects.published()  # still the kept list
    later = time.time() + ALBUMS_KEPT_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert album in Album.objects.published()
