"""Public pages: who sees what (drafts, review, scheduled), page metadata, feeds, sitemap, home."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.news.models import ArticleStatus, Language
from friendship_union.news.services import article_link_translation

from .factories import make_article, make_category

pytestmark = pytest.mark.django_db


def en_url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture
def hidden_articles():
    """One article in each state a reader must not see."""
    soon = timezone.now() + datetime.timedelta(hours=2)
    return [
        make_article(title="Bài nháp bí mật", slug="nhap", status=ArticleStatus.DRAFT),
        make_article(title="Bài chờ duyệt bí mật", slug="cho-duyet", status=ArticleStatus.REVIEW),
        make_article(title="Bài hẹn giờ bí mật", slug="hen-gio", publish_at=soon),
    ]


def test_hidden_articles_are_404_for_anonymous_readers(client, hidden_articles):
    for article in hidden_articles:
        assert client.get(f"/tin-tuc/{article.slug}/").status_code == 404
        assert client.post(f"/tin-tuc/{article.slug}/", {"name": "A"}).status_code == 404


def test_hidden_articles_absent_from_list_rss_sitemap_and_home(client, hidden_articles):
    make_identity()
    make_article(title="Bài công khai")
    for path in ["/tin-tuc/", "/tin-tuc/rss/", "/sitemap.xml", "/", en_url("news:list"), en_url("news:rss")]:
        html = client.get(path).content.decode()
        assert "bí mật" not in html, path
        assert "/nhap/" not in html and "/cho-duyet/" not in html and "/hen-gio/" not in html, path
    assert "Bài công khai" in client.get("/tin-tuc/").content.decode()
    assert "Bài công khai" in client.get("/").content.decode()


def test_staff_who_may_view_articles_get_a_preview(client, hidden_articles):
    client.force_login(UserFactory(username="bientap1", role="editor"))
    response = client.get("/tin-tuc/nhap/")
    assert response.status_code == 200
    assert "Bản xem trước" in response.content.decode()
    client.force_login(UserFactory(username="nhaplieu1", role="data_entry"))
    assert client.get("/tin-tuc/nhap/").status_code == 404


def test_scheduled_article_appears_once_its_time_comes(client):
    article = make_article(slug="sap-dang", publish_at=timezone.now() + datetime.timedelta(minutes=5))
    assert client.get("/tin-tuc/sap-dang/").status_code == 404
    article.publish_at = timezone.now() - datetime.timedelta(seconds=1)
    article.save()
    assert client.get("/tin-tuc/sap-dang/").status_code == 200


def test_article_page_metadata_and_translation_link(client):
    make_identity()
    vi = make_article(
        title="Tổng Lãnh sự thăm Đất Mũi",
        slug="tham-dat-mui",
        summary="Tóm tắt <b>có</b> dấu.",
        meta_description="Mô tả ngắn cho công cụ tìm kiếm",
    )
    en = make_article(title="Consul General visits Đất Mũi", slug="visit-dat-mui", language=Language.EN)
    article_link_translation(article=vi, translation=en)
    html = client.get("/tin-tuc/tham-dat-mui/").content.decode()
    assert '<meta name="description" content="Mô tả ngắn cho công cụ tìm kiếm">' in html
    assert '<link rel="canonical" href="http://testserver/tin-tuc/tham-dat-mui/">' in html
    assert '<link rel="alternate" hreflang="vi" href="http://testserver/tin-tuc/tham-dat-mui/">' in html
    en_path = en.get_absolute_url()
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{en_path}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Tổng Lãnh sự thăm Đất Mũi">' in html
    assert '<meta property="og:url" content="http://testserver/tin-tuc/tham-dat-mui/">' in html
    assert '<meta property="og:locale" content="vi_VN">' in html
    assert f'href="{en_path}" hreflang="en" lang="en">Read this article in English</a>' in html
    assert "Tóm tắt &lt;b&gt;có&lt;/b&gt; dấu." in html  # the summary is plain text
    # The English page points back.
    en_html = client.get(en_path).content.decode()
    assert 'hreflang="vi" href="http://testserver/tin-tuc/tham-dat-mui/"' in en_html
    assert "Đọc bài này bằng tiếng Việt" in en_html
    # The header's language switch leads to the other version, not to this article in other chrome.
    assert f'<a href="{en_path}" hreflang="en" lang="en"' in html
    assert '<a href="/tin-tuc/tham-dat-mui/" hreflang="vi" lang="vi"' in en_html


def test_translation_link_hidden_while_the_translation_is_a_draft(client):
    vi = make_article(slug="co-ban-dich")
    en = make_article(slug="draft-en", language=Language.EN, status=ArticleStatus.DRAFT)
    article_link_translation(article=vi, translation=en)
    html = client.get("/tin-tuc/co-ban-dich/").content.decode()
    assert "draft-en" not in html
    assert '<link rel="alternate" hreflang="en"' not in html


def test_meta_description_falls_back_to_the_summary(client):
    make_article(slug="khong-mo-ta", summary="Tóm tắt làm mô tả.")
    html = client.get("/tin-tuc/khong-mo-ta/").content.decode()
    assert '<meta name="description" content="Tóm tắt làm mô tả.">' in html


def test_list_filters_by_category_and_ignores_unknown_values(client):
    aid = make_category("Viện trợ phi chính phủ")
    diaspora = make_category("Kiều bào")
    make_article(title="Tin viện trợ", categories=[aid])
    make_article(title="Tin kiều bào", categories=[diaspora])
    html = client.get("/tin-tuc/?chuyen-muc=vien-tro-phi-chinh-phu").content.decode()
    assert "Tin viện trợ" in html and "Tin kiều bào" not in html
    for bad in ["khong-co", "'; DROP TABLE news_article; --", "%00"]:
        response = client.get("/tin-tuc/", {"chuyen-muc": bad, "trang": "abc"})
        assert response.status_code == 200
        assert "Tin viện trợ" in response.content.decode() and "Tin kiều bào" in response.content.decode()


def test_list_paginates(client):
    for i in range(12):
        make_article(title=f"Tin thứ {i:02d}", publish_at=timezone.now() - datetime.timedelta(hours=i + 1))
    first = client.get("/tin-tuc/").content.decode()
    second = client.get("/tin-tuc/?trang=2").content.decode()
    assert "Tin thứ 00" in first and "Tin thứ 11" not in first
    assert "Tin thứ 11" in second and "Trang 2/2" in second
    assert client.get("/tin-tuc/?trang=999").status_code == 200


def test_english_list_prefers_english_and_labels_vietnamese_only_stories(client):
    vi = make_article(title="Bản tiếng Việt của tin")
    en = make_article(title="English version of the story", language=Language.EN)
    article_link_translation(article=vi, translation=en)
    make_article(title="Tin chỉ có tiếng Việt")
    html = client.get(en_url("news:list")).content.decode()
    assert "English version of the story" in html
    assert "Bản tiếng Việt của tin" not in html
    assert '<h2 lang="vi"><a href="' in html and "Tin chỉ có tiếng Việt" in html
    vi_html = client.get("/tin-tuc/").content.decode()
    assert "Bản tiếng Việt của tin" in vi_html and "English version of the story" not in vi_html


def test_rss_feed_lists_public_articles_with_links_and_dates(client):
    make_identity()
    cat = make_category("Hoạt động đối ngoại")
    make_article(title="Tin RSS Đông Thới", slug="tin-rss", summary="Tóm tắt RSS", categories=[cat])
    response = client.get("/tin-tuc/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    xml = response.content.decode()
    assert "<title>Tin RSS Đông Thới</title>" in xml
    assert "<link>http://testserver/tin-tuc/tin-rss/</link>" in xml
    assert "<description>Tóm tắt RSS</description>" in xml
    assert "<category>Hoạt động đối ngoại</category>" in xml
    assert "<language>vi</language>" in xml
    assert "<pubDate>" in xml


def test_rss_summary_reaches_a_feed_reader_as_text(client):
    """A summary is plain text: what a feed reader shows must be that text, never markup it runs."""
    import html

    import feedparser

    summary = 'Giá <b>rẻ</b> & "tốt" <img src=x onerror=alert(1)> Đất Mũi'
    make_article(title="Tin có ký tự đặc biệt", slug="tin-ky-tu", summary=summary)
    feed = feedparser.parse(client.get("/tin-tuc/rss/").content)
    assert not feed.bozo, feed.get("bozo_exception")
    entry = feed.entries[0]
    assert "<b>" not in entry.summary and "<img" not in entry.summary
    assert html.unescape(entry.summary) == summary
    assert entry.title == "Tin có ký tự đặc biệt"


def test_sitemap_lists_each_article_once_at_its_own_language(client):
    make_article(slug="tin-sitemap")
    en = make_article(slug="sitemap-news", language=Language.EN)
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/tin-tuc/tin-sitemap/</loc>" in xml
    assert f"<loc>http://testserver{en.get_absolute_url()}</loc>" in xml
    assert xml.count("tin-sitemap/") == 1
    assert "<loc>http://testserver/tin-tuc/</loc>" in xml


def test_home_shows_latest_news_newest_first(client):
    make_identity()
    for i in range(7):
        make_article(title=f"Tin trang chủ {i}", publish_at=timezone.now() - datetime.timedelta(hours=i + 1))
    html = client.get("/").content.decode()
    assert "Tin trang chủ 0" in html and "Tin trang chủ 4" in html
    assert "Tin trang chủ 5" not in html
    assert html.index("Tin trang chủ 0") < html.index("Tin trang chủ 1")
    assert 'href="/tin-tuc/"' in html


def test_print_view_button_and_print_stylesheet(client):
    make_article(slug="in-bai")
    html = client.get("/tin-tuc/in-bai/").content.decode()
    assert "data-print" in html
    assert 'href="/static/css/print.css" media="print"' in html
    assert "/static/css/news.css" in html


def test_search_engines_are_told_the_truth_about_languages(client):
    """An article and its translation name each other in sitemap.xml, with the Vietnamese one as
    x-default; every page has x-default; search results are not indexed; /kieu-bao/ is listed."""
    from xml.etree import ElementTree

    vi = make_article(title="Bản tiếng Việt", slug="ban-tieng-viet")
    en = make_article(title="English version", slug="english-version", language=Language.EN)
    article_link_translation(article=vi, translation=en)
    make_article(title="Chỉ tiếng Việt", slug="chi-tieng-viet")
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = {u.findtext("s:loc", namespaces=ns): u for u in root.findall("s:url", ns)}
    vi_url, en_url_ = "http://testserver/tin-tuc/ban-tieng-viet/", f"http://testserver{en.get_absolute_url()}"
    for loc in (vi_url, en_url_):
        links = {a.get("hreflang"): a.get("href") for a in entries[loc].findall("x:link", ns)}
        assert links == {"vi": vi_url, "en": en_url_, "x-default": vi_url}, loc
    assert entries["http://testserver/tin-tuc/chi-tieng-viet/"].findall("x:link", ns) == []
    assert "http://testserver/kieu-bao/" in entries
    article_html = client.get("/tin-tuc/ban-tieng-viet/").content.decode()
    assert f'hreflang="x-default" href="{vi_url}"' in article_html
    assert 'hreflang="x-default" href="http://testserver/doi-tac/"' in client.get("/en/partners/").content.decode()
    search = client.get("/tim-kiem/?q=dong").content.decode()
    assert '<meta name="robots" content="noindex, follow">' in search
    assert 'role="search" aria-label=' in search and search.count('role="search"') == 2


def test_comment_form_and_times_are_valid_html(client):
    import re

    article = make_article(slug="tin-co-binh-luan")
    article.comments.create(name="Bạn đọc", email="b@example.com", body="Rất vui.", status="approved")
    html = client.get("/tin-tuc/tin-co-binh-luan/").content.decode()
    described = re.search(r'name="email"[^>]*aria-describedby="([^"]+)"', html).group(1)
    assert f'id="{described}"' in html
    stamps = re.findall(r'<time[^>]*datetime="([^"]+)"', html)
    assert stamps and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", s) for s in stamps), stamps
