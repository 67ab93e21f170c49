"""Articles: slugs, NFC text, public() and for_reader(), symmetric translation links."""

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from friendship_union.news.models import Article, ArticleStatus, Language
from friendship_union.news.services import article_link_translation

from .factories import make_article, make_category

pytestmark = pytest.mark.django_db


def test_slug_keeps_d_and_is_unique():
    first = make_article(title="Đoàn khách thăm Đất Mũi")
    second = make_article(title="Đoàn khách thăm Đất Mũi")
    assert first.slug == "doan-khach-tham-dat-mui"
    assert second.slug == "doan-khach-tham-dat-mui-2"


def test_text_stored_in_nfc_and_search_text_folded():
    decomposed = unicodedata.normalize("NFD", "Đông Thới, Cái Nước")
    article = make_article(title=f"  Trao quà ở {decomposed} ", body=f"<p>{decomposed}</p>")
    article.refresh_from_db()
    assert article.title == "Trao quà ở Đông Thới, Cái Nước"
    assert unicodedata.is_normalized("NFC", article.body)
    assert "dong thoi" in article.search_text


def test_category_slug_and_names():
    category = make_category("Viện trợ phi chính phủ", name_en="NGO aid")
    assert category.slug == "vien-tro-phi-chinh-phu"
    assert category.display_name("en") == "NGO aid"
    assert category.display_name("vi") == "Viện trợ phi chính phủ"


@pytest.mark.parametrize(
    ("status", "days", "public"),
    [
        (ArticleStatus.DRAFT, -1, False),
        (ArticleStatus.REVIEW, -1, False),
        (ArticleStatus.PUBLISHED, +1, False),  # scheduled
        (ArticleStatus.PUBLISHED, -1, True),
    ],
)
def test_public_needs_published_and_time_reached(status, days, public):
    article = make_article(status=status, publish_at=timezone.now() + datetime.timedelta(days=days))
    assert Article.objects.public().filter(pk=article.pk).exists() is public
    assert article.is_public is public


def test_get_absolute_url_uses_the_articles_language():
    vi = make_article(slug="tin-viet")
    en = make_article(slug="english-news", language=Language.EN)
    assert vi.get_absolute_url() == "/tin-tuc/tin-viet/"
    with translation.override("en"):
        expected = "/en/" + translation.gettext("tin-tuc/") + "english-news/"
    assert en.get_absolute_url() == expected


def test_translation_link_is_symmetric_and_relinking_unlinks_the_old_partner():
    vi = make_article()
    en = make_article(language=Language.EN)
    other_en = make_article(language=Language.EN)
    article_link_translation(article=vi, translation=en)
    vi.refresh_from_db()
    en.refresh_from_db()
    assert vi.translation == en and en.translation == vi

    article_link_translation(article=other_en, translation=vi)
    vi.refresh_from_db()
    en.refresh_from_db()
    other_en.refresh_from_db()
    assert vi.translation == other_en and other_en.translation == vi
    assert en.translation is None

    article_link_translation(article=vi, translation=None)
    other_en.refresh_from_db()
    assert other_en.translation is None
    assert vi.history.count() >= 3  # every link change is in the history


def test_translation_must_be_in_the_other_language():
    vi = make_article()
    other_vi = make_article()
    vi.translation = other_vi
    with pytest.raises(ValidationError) as error:
        vi.full_clean()
    assert "Bản dịch phải ở ngôn ngữ khác với bài này." in error.value.message_dict["translation"]


def test_for_reader_shows_one_entry_per_story():
    vi = make_article(title="Bản tiếng Việt")
    en = make_article(title="English version", language=Language.EN)
    article_link_translation(article=vi, translation=en)
    make_article(title="Only in English", language=Language.EN)
    make_article(title="Chỉ tiếng Việt")
    en_draft = make_article(title="English draft", language=Language.EN, status=ArticleStatus.DRAFT)
    vi_with_draft_translation = make_article(title="Có bản dịch nháp")
    article_link_translation(article=vi_with_draft_translation, translation=en_draft)

    def titles(language):
        return set(Article.objects.public().for_reader(language).values_list("title", flat=True))

    assert titles("vi") == {"Bản tiếng Việt", "Only in English", "Chỉ tiếng Việt", "Có bản dịch nháp"}
    assert titles("en") == {"English version", "Only in English", "Chỉ tiếng Việt", "Có bản dịch nháp"}


def test_comments_close_after_the_configured_days(settings):
    settings.NEWS_COMMENTS_CLOSE_AFTER_DAYS = 30
    fresh = make_article(publish_at=timezone.now() - datetime.timedelta(days=29))
    old = make_article(publish_at=timezone.now() - datetime.timedelta(days=31))
    switched_off = make_article(comments_enabled=False)
    assert fresh.comments_open()
    assert not old.comments_open()
    assert not switched_off.comments_open()
    settings.NEWS_COMMENTS_CLOSE_AFTER_DAYS = 0
    assert old.comments_open()


def test_slug_never_takes_the_feed_path():
    article = make_article(title="RSS")
    assert article.slug == "rss-2"
    article.slug = "rss"
    with pytest.raises(ValidationError):
        article.full_clean()
