"""Small factories for news tests."""

import datetime
import itertools

from django.utils import timezone

from friendship_union.news.models import Article, ArticleStatus, Category, Comment, CommentStatus

_n = itertools.count(1)


def make_article(**overrides) -> Article:
    n = next(_n)
    values = {
        "title": f"Bài viết số {n} về Đất Mũi",
        "summary": f"Tóm tắt bài {n}.",
        "body": f"<p>Nội dung bài {n} ở Cà Mau.</p>",
        "status": ArticleStatus.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(days=1),
    }
    categories = overrides.pop("categories", [])
    values.update(overrides)
    article = Article(**values)
    article.save()
    if categories:
        article.categories.set(categories)
    return article


def make_category(name="Hoạt động đối ngoại", **overrides) -> Category:
    category = Category(name=name, **overrides)
    category.save()
    return category


def make_comment(article, **overrides) -> Comment:
    n = next(_n)
    values = {
        "name": f"Bạn đọc {n}",
        "email": f"bandoc{n}@example.com",
        "body": f"Ý kiến số {n}.",
        "status": CommentStatus.APPROVED,
    }
    values.update(overrides)
    comment = Comment(article=article, **values)
    comment.save()
    return comment
