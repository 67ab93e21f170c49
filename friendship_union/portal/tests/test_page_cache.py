"""Public pages from the shared cache (core.pagecache): proven safe — a change is on the next request,
staff and readers with a message never get or leave a cached page, each reader's CSRF token is their
own, a language's page is never served in the other, Set-Cookie is never kept."""

import re
import uuid

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from friendship_union.aid.models import AidItem
from friendship_union.aid.services import aid_item_save
from friendship_union.appeals.models import Appeal
from friendship_union.core.cache import cache_config
from friendship_union.core.tests.factories import UserFactory
from friendship_union.news.models import ArticleStatus
from friendship_union.news.tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def test_second_anonymous_view_is_served_from_the_cache_with_validators_and_one_query(
    client, django_assert_num_queries
):
    make_article(title="Tin về hữu nghị")
    first = client.get("/tin-tuc/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the records' versions, nothing else
        second = client.get("/tin-tuc/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content and "Tin về hữu nghị" in second.content.decode()
    assert second["ETag"] == first["ETag"] and second["Last-Modified"] == first["Last-Modified"]
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in second["Vary"].split(",")}
    assert second["Content-Security-Policy"] and second["Content-Type"].startswith("text/html")
    assert client.get("/tin-tuc/", headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get("/tin-tuc/", headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    # Another query string is another page.
    assert client.get("/tin-tuc/?trang=2")["X-Page-Cache"] == "miss"


def test_a_draft_published_is_on_the_next_request(client):
    article = make_article(title="Tin chờ đăng", status=ArticleStatus.DRAFT)
    assert "Tin chờ đăng" not in client.get("/tin-tuc/").content.decode()
    assert client.get("/tin-tuc/")["X-Page-Cache"] == "hit"
    assert client.get(article.get_absolute_url()).status_code == 404
    article.status = ArticleStatus.PUBLISHED
    article.save()
    listing = client.get("/tin-tuc/")
    assert listing["X-Page-Cache"] == "miss" and "Tin chờ đăng" in listing.content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_approved_comment_is_on_the_next_request(client):
    article = make_article()
    client.get(article.get_absolute_url())
    make_comment(article, body="Ý kiến vừa được duyệt.")
    assert "Ý kiến vừa được duyệt." in client.get(article.get_absolute_url()).content.decode()


def test_a_record_made_private_is_gone_on_the_next_request(client, demo):
    item = AidItem.objects.public().order_by("code").first()
    url = reverse("aid:detail", kwargs={"code": item.code})
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get("/vien-tro/?q=" + item.code)["X-Page-Cache"] == "miss"
    item.is_public = False
    aid_item_save(item=item)
    assert client.get(url).status_code == 404


def test_staff_pages_are_never_cached_nor_served_from_the_cache(client):
    draft = make_article(title="Bản nháp xem trước", status=ArticleStatus.DRAFT)
    published = make_article(title="Tin đã đăng")
    anonymous = Client()
    anonymous.get("/tin-tuc/")  # an anonymous reader's copy is in the cache
    client.force_login(UserFactory(username="bien-tap", role="editor"))
    for url in ("/tin-tuc/", published.get_absolute_url(), draft.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Bản nháp xem trước" in client.get(draft.get_absolute_url()).content.decode()
    # What the staff member saw was not kept: the anonymous reader renders the article afresh.
    assert anonymous.get(published.get_absolute_url())["X-Page-Cache"] == "miss"
    assert anonymous.get(draft.get_absolute_url()).status_code == 404


def test_each_reader_gets_their_own_csrf_token_and_it_works_for_them_only():
    article = make_article(slug="bai-co-form")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get("/tin-tuc/bai-co-form/")
    page_two = second.get("/tin-tuc/bai-co-form/")
    assert (page_one["X-Page-Cache"], page_two["X-Page-Cache"]) == ("miss", "hit")
    assert "ETag" not in page_two and "private" in page_two["Cache-Control"]
    assert b"\x00" not in page_two.content
    token_one = TOKEN.search(page_one.content.decode()).group(1)
    token_two = TOKEN.search(page_two.content.decode()).group(1)
    # Set-Cookie is never kept: each reader got a cookie of their own.
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    form = {"name": "Bạn đọc", "email": "a@example.com", "body": "Bài hay.", "website": ""}
    # The first reader's token is worthless with the second reader's cookie…
    assert second.post("/tin-tuc/bai-co-form/", {**form, "csrfmiddlewaretoken": token_one}).status_code == 403
    # …and the second reader's own token (from the cached page) is accepted.
    response = second.post("/tin-tuc/bai-co-form/", {**form, "csrfmiddlewaretoken": token_two})
    assert response.status_code == 302
    assert article.comments.count() == 1


def test_a_reader_with_a_message_gets_it_alone_and_it_is_not_kept(client):
    article = make_article(slug="bai-thong-bao")
    Client().get("/tin-tuc/bai-thong-bao/")  # cached for anonymous readers
    form = {"name": "Bạn đọc", "email": "a@example.com", "body": "Bài hay.", "website": ""}
    redirect = client.post("/tin-tuc/bai-thong-bao/", form)
    page = client.get(redirect["Location"])
    assert "đang chờ kiểm duyệt" in page.content.decode() and "X-Page-Cache" not in page
    assert "đang chờ kiểm duyệt" not in Client().get(article.get_absolute_url()).content.decode()


def test_a_page_cached_in_vietnamese_is_never_served_in_english(client):
    client.get("/tin-tuc/")
    assert client.get("/tin-tuc/")["X-Page-Cache"] == "hit"
    english = client.get("/en/news/")
    assert english["X-Page-Cache"] == "miss" and '<html lang="en"' in english.content.decode()
    # The Vietnamese URL asked for with an English browser is still the Vietnamese page, from the cache.
    asked = client.get("/tin-tuc/", headers={"accept-language": "en"})
    assert '<html lang="vi"' in asked.content.decode()


def test_the_call_for_aid_form_gets_the_readers_token(demo):
    appeal = Appeal.objects.open().select_related("aid_item").first()
    url = f"/keu-goi-tai-tro/{appeal.aid_item.code}/"
    first, second = Client(), Client()
    first.get(url)
    page = second.get(url)
    assert page["X-Page-Cache"] == "hit"
    token = TOKEN.search(page.content.decode()).group(1)
    assert token != TOKEN.search(first.get(url).content.decode()).group(1)


def test_the_redis_cache_serves_pages_with_a_key_prefix_of_its_own(client, settings):
    """README advises Redis (CACHE_URL=redis://…) with several workers: a page is kept and served there
    (by core.cache's Redis cache, as settings.CACHES takes it)."""
    config = cache_config("redis://127.0.0.1:6379/9")
    config["KEY_PREFIX"] = f"test-page-cache-{uuid.uuid4().hex}"
    settings.CACHES = {"default": config}
    try:
        make_article(title="Tin qua Redis")
        assert client.get("/tin-tuc/")["X-Page-Cache"] == "miss"
        hit = client.get("/tin-tuc/")
        assert hit["X-Page-Cache"] == "hit" and "Tin qua Redis" in hit.content.decode()
    finally:
        redis = caches["default"]._cache.get_client(write=True)
        for key in redis.scan_iter(f"{config['KEY_PREFIX']}*"):
            redis.delete(key)


def test_a_write_to_other_records_leaves_a_page_cached_and_its_own_records_expire_it(client, demo):
    """The aid pages read aid, partners, places and albums (settings.PAGE_CACHE_READS): an article
    saved leaves them cached, while the news pages (which may show anything) are rendered again; an
    aid item saved, or any bulk write, expires them."""
    from friendship_union.core.versioning import bump_records_version

    item = AidItem.objects.public().order_by("code").first()
    pages = ["/vien-tro/", reverse("aid:detail", kwargs={"code": item.code})]
    for url in [*pages, "/tin-tuc/"]:
        client.get(url)
    make_article(title="Tin mới không liên quan")
    assert [client.get(url)["X-Page-Cache"] for url in pages] == ["hit", "hit"]
    news = client.get("/tin-tuc/")
    assert news["X-Page-Cache"] == "miss" and "Tin mới không liên quan" in news.content.decode()
    item.title = "Tên khoản viện trợ vừa sửa"
    aid_item_save(item=item)
    assert [client.get(url)["X-Page-Cache"] for url in pages] == ["miss", "miss"]
    assert "Tên khoản viện trợ vừa sửa" in client.get(pages[1]).content.decode()
    bump_records_version()  # a bulk write (import): which records changed is not known
    assert [client.get(url)["X-Page-Cache"] for url in pages] == ["miss", "miss"]
