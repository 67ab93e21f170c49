"""Admin: moderators judge comments in bulk; editors write and publish; translations link both ways."""

import pytest
from django.contrib.auth.models import Group

from friendship_union.core.roles import ROLE_GROUPS
from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.news.models import Article, ArticleStatus, Comment, CommentStatus, Language

from .factories import make_article, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(username="kiemduyet1", role="moderator")


@pytest.fixture
def editor():
    return UserFactory(username="bientap1", role="editor")


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve", CommentStatus.APPROVED), ("reject", CommentStatus.REJECTED), ("mark_spam", CommentStatus.SPAM)],
)
def test_moderator_bulk_actions(client, moderator, action, status):
    make_identity()
    article = make_article()
    chosen = [make_comment(article, status=CommentStatus.PENDING) for _ in range(3)]
    untouched = make_comment(article, status=CommentStatus.PENDING)
    client.force_login(moderator)
    response = client.post(
        "/admin/news/comment/",
        {"action": action, "_selected_action": [c.pk for c in chosen]},
        follow=True,
    )
    assert response.status_code == 200
    for comment in chosen:
        comment.refresh_from_db()
        assert comment.status == status
        assert comment.moderated_by == moderator and comment.moderated_at is not None
        assert comment.history.count() == 2
    untouched.refresh_from_db()
    assert untouched.status == CommentStatus.PENDING
    assert "3 bình luận" in response.content.decode()


def test_approved_comment_then_appears_on_the_article(client, moderator):
    article = make_article(slug="duyet-xong")
    comment = make_comment(article, status=CommentStatus.PENDING, body="Chờ được duyệt")
    assert "Chờ được duyệt" not in client.get("/tin-tuc/duyet-xong/").content.decode()
    client.force_login(moderator)
    client.post("/admin/news/comment/", {"action": "approve", "_selected_action": [comment.pk]})
    client.logout()
    assert "Chờ được duyệt" in client.get("/tin-tuc/duyet-xong/").content.decode()


def test_role_permissions():
    moderator = UserFactory(username="kiemduyet2", role="moderator")
    editor = UserFactory(username="bientap2", role="editor")
    leader = UserFactory(username="lanhdao2", role="leadership")
    assert moderator.has_perm("news.change_comment")
    assert moderator.has_perm("news.view_article")
    assert not moderator.has_perm("news.change_article")
    assert not moderator.has_perm("news.add_article")
    assert editor.has_perm("news.add_article") and editor.has_perm("news.publish_article")
    assert editor.has_perm("news.change_comment")
    assert leader.has_perm("news.view_article") and not leader.has_perm("news.change_article")
    assert not leader.has_perm("news.change_comment")
    assert Group.objects.get(name=ROLE_GROUPS["admin"]).permissions.filter(codename="publish_article").exists()


def test_moderator_cannot_edit_articles_in_the_admin(client, moderator):
    article = make_article()
    client.force_login(moderator)
    assert client.get("/admin/news/comment/").status_code == 200
    assert client.get("/admin/news/article/add/").status_code == 403
    response = client.post(f"/admin/news/article/{article.pk}/change/", {"title": "Sửa"})
    assert response.status_code == 403


def article_form(**overrides):
    data = {
        "title": "Tin mới từ Đông Thới",
        "slug": "",
        "summary": "Tóm tắt.",
        "body": '<h2>Đoạn</h2><p onclick="x()">Nội dung <strong>đậm</strong></p><script>alert(1)</script>',
        "language": "vi",
        "status": "published",
        "publish_at_0": "29/11/2026",
        "publish_at_1": "08:00",
        "byline": "",
        "comments_enabled": "on",
        "meta_description": "",
        "translation": "",
    }
    data.update(overrides)
    return data


def test_editor_creates_an_article_body_is_sanitized_author_set(client, editor):
    make_identity()
    client.force_login(editor)
    response = client.post("/admin/news/article/add/", article_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert article.slug == "tin-moi-tu-dong-thoi"
    assert article.body == "<h2>Đoạn</h2><p>Nội dung <strong>đậm</strong></p>"
    assert article.author == editor
    assert article.history.count() == 1


def test_publishing_needs_the_publish_permission(client):
    writer = UserFactory(username="congtacvien")
    from django.contrib.auth.models import Permission

    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_article", "change_article", "view_article"])
    )
    client.force_login(writer)
    response = client.post("/admin/news/article/add/", article_form())
    assert response.status_code == 200
    assert "Bạn chưa có quyền đăng bài" in response.content.decode()
    response = client.post("/admin/news/article/add/", article_form(status="review"))
    assert response.status_code == 302
    assert Article.objects.get().status == ArticleStatus.REVIEW


def test_admin_links_translation_on_both_sides(client, editor):
    en = make_article(title="English story", language=Language.EN)
    old_partner = make_article(title="Bản cũ")
    from friendship_union.news.services import article_link_translation

    article_link_translation(article=old_partner, translation=en)
    client.force_login(editor)
    response = client.post("/admin/news/article/add/", article_form(translation=str(en.pk)))
    assert response.status_code == 302, response.content.decode()[:3000]
    new = Article.objects.get(title="Tin mới từ Đông Thới")
    en.refresh_from_db()
    old_partner.refresh_from_db()
    assert new.translation == en and en.translation == new
    assert old_partner.translation is None


def test_admin_refuses_a_same_language_translation(client, editor):
    other_vi = make_article(title="Cùng tiếng Việt")
    client.force_login(editor)
    response = client.post("/admin/news/article/add/", article_form(translation=str(other_vi.pk)))
    assert response.status_code == 200
    assert "Bản dịch phải ở ngôn ngữ khác với bài này." in response.content.decode()


def test_admin_lists_load(client, editor):
    article = make_article()
    make_comment(article)
    make_comment(article, status=CommentStatus.PENDING)
    client.force_login(editor)
    for path in [
        "/admin/news/article/",
        "/admin/news/comment/",
        "/admin/news/category/",
        "/admin/news/tag/",
        f"/admin/news/article/{article.pk}/change/",
        "/admin/news/article/?q=dat+mui",
    ]:
        assert client.get(path).status_code == 200, path
    html = client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert 'data-rich-text="quill"' in html
    assert "vendor/quill/quill.js" in html


def test_comment_moderation_by_status_change_records_the_moderator(client, moderator):
    comment = make_comment(make_article(), status=CommentStatus.PENDING)
    client.force_login(moderator)
    response = client.post(f"/admin/news/comment/{comment.pk}/change/", {"status": "approved"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED and comment.moderated_by == moderator
    assert not Comment.objects.filter(status=CommentStatus.PENDING).exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<p>   </p><p>&nbsp;</p>", "Vui lòng nhập nội dung bài viết."),
        ("<p><script>alert(1)</script></p>", "Vui lòng nhập nội dung bài viết."),
        ('<p>Ảnh:</p><p><img src="data:image/png;base64,iVBORw0KGgo="></p>', "không lấy từ thư viện ảnh của trang"),
        ('<p><img src="https://trang-khac.example/a.jpg" alt="x"></p>', "không lấy từ thư viện ảnh của trang"),
    ],
)
def test_a_body_the_sanitizer_would_empty_or_strip_images_from_is_refused(client, editor, body, message):
    make_identity()
    client.force_login(editor)
    response = client.post("/admin/news/article/add/", article_form(body=body))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_publishing_an_old_draft_dates_it_now_and_keeps_a_scheduled_time(client, editor):
    import datetime

    from django.utils import timezone

    from friendship_union.news.admin import publication_time

    now = timezone.now()
    draft = make_article(status=ArticleStatus.DRAFT, publish_at=now - datetime.timedelta(days=40))
    draft.status = ArticleStatus.PUBLISHED
    assert publication_time(draft) >= now  # goes live today, not 40 days ago
    later = now + datetime.timedelta(days=2)
    scheduled = make_article(status=ArticleStatus.REVIEW, publish_at=later)
    scheduled.status = ArticleStatus.PUBLISHED
    assert publication_time(scheduled) == later
    client.force_login(editor)
    old = make_article(status=ArticleStatus.REVIEW, publish_at=now - datetime.timedelta(days=40))
    client.post("/admin/news/article/", {"action": "publish", "_selected_action": [old.pk]})
    old.refresh_from_db()
    assert old.status == ArticleStatus.PUBLISHED and old.publish_at >= now and old.comments_open()


def test_links_typed_without_https_point_to_the_other_site():
    from friendship_union.news.sanitize import sanitize_html

    html = sanitize_html('<p><a href="www.camau.gov.vn">Cổng tỉnh</a> <a href="/tin-tuc/">Tin</a></p>')
    assert 'href="https://www.camau.gov.vn"' in html and 'href="/tin-tuc/"' in html
