"""Query counts of the news pages, pinned: the same with 10 and with 1,000 articles and comments."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from friendship_union.core.tests.factories import make_identity
from friendship_union.gallery.models import Album, Photo
from friendship_union.news.models import Article, ArticleStatus, Comment, CommentStatus, Language
from friendship_union.partners.tests.factories import make_partner

from .factories import make_article, make_category

pytestmark = pytest.mark.django_db

# What each page asks the database, anonymous reader:
#   list:    site identity, categories, count, the page of articles (comment counts annotated),
#            their categories, + the records version and the albums the public may see (their
#            covers' check: kept per records version, read here as after a write, before the
#            worker's refresh)                                                             = 7
#   article: site identity, the article (+ translation, cover photo, album), its categories, its
#            tags, the partners it mentions, the album's public photos, top-level approved
#            comments, their approved replies, + the records version and the albums the
#            public may see, as above                                                      = 10
#   + the photos inserted in its text, all at once (news/body.py; none asked without any)    = 11
#   rss:     site identity, the 20 articles, their categories                              = 3
#   home:    site identity, latest news, featured aid, coming events, the records version the
#            cached key figures and albums are keyed by (both from the cache)               = 5
QUERIES = {"list": 7, "article": 10, "rss": 3, "home": 5}


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def grow(article_count: int, comment_count: int, target: Article) -> None:
    """Bring the database to `article_count` public articles and `comment_count` comments on `target`
    (half of them replies), with every article in two categories."""
    categories = list(Article._meta.get_field("categories").related_model.objects.all())
    now = timezone.now()
    have = Article.objects.count()
    new = Article.objects.bulk_create(
        [
            Article(
                title=f"Tin số {i} ở Cà Mau",
                slug=f"tin-so-{i}",
                summary="Tóm tắt.",
                body="<p>Nội dung.</p>",
                status=ArticleStatus.PUBLISHED,
                language=Language.EN if i % 5 == 0 else Language.VI,
                publish_at=now - datetime.timedelta(minutes=i + 10),
            )
            for i in range(have, article_count)
        ]
    )
    through = Article.categories.through
    through.objects.bulk_create([through(article=a, category=c) for a in new for c in categories])
    have_comments = Comment.objects.filter(article=target).count()
    tops = Comment.objects.bulk_create(
        [
            Comment(article=target, name=f"Bạn đọc {i}", email=f"b{i}@example.com", body="Hay.", status="approved")
            for i in range(have_comments, have_comments + (comment_count - have_comments) // 2)
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(article=target, parent=top, name="Trả lời", email="t@example.com", body="Đúng.", status="approved")
            for top in tops
        ]
        + [
            Comment(article=a, name="Khác", email="k@example.com", body="Chờ.", status=CommentStatus.PENDING)
            for a in new[:50]
        ]
    )


@pytest.fixture
def site():
    make_identity()
    categories = [make_category("Hoạt động đối ngoại"), make_category("Viện trợ phi chính phủ")]
    target = make_article(slug="bai-nhieu-binh-luan", categories=categories)
    # A cover, an album of photos and two partners mentioned: what a real article carries.
    album = Album.objects.create(title="Ảnh bài viết", is_public=True)
    photos = Photo.objects.bulk_create(
        [Photo(album=album, image=f"gallery/{i}.jpg", alt_text=f"Ảnh {i}", order=i) for i in range(12)]
    )
    target.cover, target.album = photos[0], album
    target.save()
    target.partners.set([make_partner("AU-1", "Aus Fund"), make_partner("KR-1", "Korea Fund", country_id="KR")])
    return target


@pytest.mark.parametrize("size", [10, 1000])
@pytest.mark.parametrize(
    ("view", "path"),
    [
        ("list", "/tin-tuc/"),
        ("list", "/tin-tuc/?chuyen-muc=vien-tro-phi-chinh-phu&trang=3"),
        ("list", "en:news:list"),
        ("article", "/tin-tuc/bai-nhieu-binh-luan/"),
        ("rss", "/tin-tuc/rss/"),
        ("rss", "en:news:rss"),
    ],
)
def test_news_pages_query_count_is_pinned(client, site, django_assert_num_queries, size, view, path):
    grow(size, size, site)
    if path.startswith("en:"):
        path = en(path[3:])
    with django_assert_num_queries(QUERIES[view]):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 1000])
def test_home_query_count_is_pinned(client, site, django_assert_num_queries, size):
    grow(size, size, site)
    client.get("/")  # fills the key-figures cache
    with django_assert_num_queries(QUERIES["home"]):
        html = client.get("/").content.decode()
    assert "Tin số" in html or "bai-nhieu-binh-luan" in html


@pytest.mark.parametrize("inline_photos", [1, 10])
def test_photos_in_the_text_cost_one_query_however_many(client, site, django_assert_num_queries, inline_photos):
    photos = Photo.objects.bulk_create(
        [Photo(image=f"gallery/trong-bai-{i}.jpg", alt_text=f"Ảnh {i}") for i in range(inline_photos)]
    )
    body = "".join(
        f'<p><img src="/media/gallery/trong-bai-{i}.jpg" alt="Ảnh {i}" data-photo="{p.pk}"></p>'
        for i, p in enumerate(photos)
    )
    Article.objects.filter(pk=site.pk).update(body=body)
    grow(10, 10, site)
    with django_assert_num_queries(QUERIES["article"] + 1):
        html = client.get("/tin-tuc/bai-nhieu-binh-luan/").content.decode()
    text = html.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]
    assert text.count("<picture>") == inline_photos


def test_article_page_shows_every_approved_comment_at_1000(client, site):
    grow(10, 1000, site)
    html = client.get("/tin-tuc/bai-nhieu-binh-luan/").content.decode()
    assert "Bình luận (1000)" in html
