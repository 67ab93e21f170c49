"""The comment form: bad input never saves and says why in Vietnamese; good input waits for moderation."""

import datetime
import unicodedata

import pytest
from django.utils import timezone

from friendship_union.core.net import address_hash as ip_hash
from friendship_union.news.models import Comment, CommentStatus

from .factories import make_article, make_comment

pytestmark = pytest.mark.django_db

GOOD = {"name": "Nguyễn Văn An", "email": "an@example.com", "body": "Bài viết hay về Đất Mũi.", "website": ""}


@pytest.fixture
def article():
    return make_article(slug="bai-co-binh-luan", title="Bài có bình luận")


def post(client, article, **changes):
    data = {**GOOD, **changes}
    return client.post(f"/tin-tuc/{article.slug}/", {k: v for k, v in data.items() if v is not None})


def test_good_comment_waits_for_moderation_and_the_reader_is_told_after_a_redirect(client, article):
    response = post(client, article)
    assert response.status_code == 302
    assert response["Location"] == "/tin-tuc/bai-co-binh-luan/#binh-luan"
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert comment.name == "Nguyễn Văn An"
    assert comment.ip_hash == ip_hash("127.0.0.1") and "127.0.0.1" not in comment.ip_hash
    page = client.get(response["Location"]).content.decode()
    assert "đang chờ kiểm duyệt" in page
    assert "Bài viết hay về Đất Mũi." not in page  # pending: not shown
    # The notice is shown once.
    assert "đang chờ kiểm duyệt" not in client.get("/tin-tuc/bai-co-binh-luan/").content.decode()


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"name": ""}, "Vui lòng nhập họ tên."),
        ({"name": "   "}, "Vui lòng nhập họ tên."),
        ({"email": ""}, "Vui lòng nhập địa chỉ thư điện tử."),
        ({"email": "an@"}, "Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.com."),
        ({"email": "khong-phai-email"}, "Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.com."),
        ({"body": ""}, "Vui lòng nhập nội dung bình luận."),
        ({"body": "x" * 3001}, "Bình luận dài tối đa 3000 ký tự (hiện có 3001)."),
        ({"name": "A" * 81}, "Họ tên dài tối đa 80 ký tự (hiện có 81)."),
        (
            {"body": "Xem https://a.example, http://b.example và www.c.example"},
            "Bình luận chỉ được chứa tối đa 2 đường liên kết.",
        ),
        ({"website": "http://spam.example"}, "phải để trống"),
        ({"email": "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "vn"}, "Địa chỉ thư điện tử dài tối đa 254 ký tự."),
        ({"body": "Mua rẻ tại spam.vn, spam2.com.vn và spam3.vn"}, "Bình luận chỉ được chứa tối đa 2 đường liên kết."),
    ],
)
def test_bad_input_saves_nothing_and_keeps_what_was_typed(client, article, changes, field_message):
    response = post(client, article, **changes)
    assert response.status_code == 200
    html = response.content.decode()
    assert field_message in html
    assert 'class="field-error"' in html
    assert not Comment.objects.exists()
    # Nothing typed is lost: the other fields come back filled in.
    for name, value in {**GOOD, **changes}.items():
        if name != "website" and value and len(value) < 200 and name not in changes:
            assert f'value="{value}"' in html or f"{value}</textarea>" in html, name
    if "body" not in changes:
        assert "Bài viết hay về Đất Mũi.</textarea>" in html


def test_missing_fields_all_reported_at_once(client, article):
    html = client.post("/tin-tuc/bai-co-binh-luan/", {}).content.decode()
    for message in ["Vui lòng nhập họ tên.", "Vui lòng nhập địa chỉ thư điện tử.", "Vui lòng nhập nội dung bình luận."]:
        assert message in html
    assert not Comment.objects.exists()


def test_required_fields_are_marked_with_a_star(client, article):
    html = client.get("/tin-tuc/bai-co-binh-luan/").content.decode()
    assert html.count('<span class="required-mark" aria-hidden="true">*</span><span class="visually-hidden">') == 3
    assert "Các trường bắt buộc được đánh dấu" in html
    assert "Thư điện tử của bạn sẽ không được hiển thị" in html


def test_rate_limit_per_address(client, article, settings):
    settings.NEWS_COMMENT_RATE_LIMIT = 2
    assert post(client, article, body="Một").status_code == 302
    assert post(client, article, body="Hai").status_code == 302
    response = post(client, article, body="Ba")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bạn đã gửi nhiều bình luận trong thời gian ngắn" in html
    assert "Ba</textarea>" in html
    assert Comment.objects.count() == 2
    # Another address is not limited.
    other = client.post(f"/tin-tuc/{article.slug}/", {**GOOD, "body": "Bốn"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    assert Comment.objects.count() == 3


def test_closed_article_refuses_comments(client, settings):
    settings.NEWS_COMMENTS_CLOSE_AFTER_DAYS = 30
    old = make_article(slug="bai-cu", publish_at=timezone.now() - datetime.timedelta(days=31))
    page = client.get("/tin-tuc/bai-cu/").content.decode()
    assert "Bài viết này đã đóng bình luận." in page
    assert 'class="comment-form"' not in page
    response = post(client, old)
    assert response.status_code == 302
    assert not Comment.objects.exists()
    assert "Bài viết này đã đóng bình luận." in client.get(response["Location"]).content.decode()


def test_comments_switched_off_on_an_article(client):
    article = make_article(slug="tat-binh-luan", comments_enabled=False)
    post(client, article)
    assert not Comment.objects.exists()


def test_one_level_of_replies(client, article):
    top = make_comment(article, body="Bình luận gốc")
    reply_page = client.get(f"/tin-tuc/{article.slug}/?tra-loi={top.pk}").content.decode()
    assert f'name="parent" value="{top.pk}"' in reply_page
    assert f"Trả lời {top.name}" in reply_page

    assert post(client, article, parent=str(top.pk), body="Trả lời gốc").status_code == 302
    reply = Comment.objects.get(body="Trả lời gốc")
    assert reply.parent == top

    reply.status = CommentStatus.APPROVED
    reply.save()
    response = post(client, article, parent=str(reply.pk), body="Trả lời của trả lời")
    assert response.status_code == 200
    assert "Chỉ có thể trả lời bình luận gốc, không trả lời một câu trả lời." in response.content.decode()
    assert not Comment.objects.filter(body="Trả lời của trả lời").exists()


@pytest.mark.parametrize("parent", ["999999", "abc"])
def test_reply_to_a_missing_comment(client, article, parent):
    response = post(client, article, parent=parent)
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_reply_to_a_pending_or_other_articles_comment_is_refused(client, article):
    pending = make_comment(article, status=CommentStatus.PENDING)
    elsewhere = make_comment(make_article())
    for parent in (pending, elsewhere):
        html = post(client, article, parent=str(parent.pk)).content.decode()
        assert "Không tìm thấy bình luận bạn muốn trả lời." in html
    assert Comment.objects.count() == 2


def test_only_approved_comments_shown_and_emails_never(client, article):
    approved = make_comment(article, body="Đã duyệt hiện ra", email="hien@example.com")
    make_comment(article, parent=approved, body="Trả lời đã duyệt", email="traloi@example.com")
    for status in (CommentStatus.PENDING, CommentStatus.REJECTED, CommentStatus.SPAM):
        make_comment(article, body=f"Ẩn {status}", status=status, email=f"{status}@example.com")
    for path in [f"/tin-tuc/{article.slug}/", "/tin-tuc/", "/tin-tuc/rss/", "/"]:
        html = client.get(path).content.decode()
        assert "@example.com" not in html, path
        assert "Ẩn " not in html, path
    html = client.get(f"/tin-tuc/{article.slug}/").content.decode()
    assert "Đã duyệt hiện ra" in html and "Trả lời đã duyệt" in html
    assert "Bình luận (2)" in html
    assert "2 bình luận" in client.get("/tin-tuc/").content.decode()


def test_comment_text_is_escaped(client, article):
    make_comment(article, name="<b>Tên</b>", body='<script>alert("x")</script>\nDòng hai')
    html = client.get(f"/tin-tuc/{article.slug}/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;Tên&lt;/b&gt;" in html


def test_what_counts_as_a_link():
    from friendship_union.news.services import count_links

    assert count_links("https://camau.gov.vn") == 1  # one link, not its scheme and its domain twice
    assert count_links("Xem https://a.com và https://b.org") == 2
    assert count_links("www.camau.gov.vn") == 1
    assert count_links("Liên hệ ten@gmail.com hoặc lienhe@camau.gov.vn") == 0  # emails are not links
    assert count_links("spam.vn spam2.com.vn spam3.vn") == 3


@pytest.mark.parametrize(
    "disguised",
    [
        "casino.bet",  # a TLD outside the old list
        "banthuoc.de",  # any country code
        "hxxp://spam.example",  # a defanged scheme
        "spam . com",  # spaces around the dot
        "spam. com",
        "spam[.]com",
        "spam(dot)vn",
        "spam．com",  # full-width dot
        "ｓｐａｍ．ｃｏｍ",  # full-width letters
        "spam。vn",  # ideographic full stop
        "spam\u200b.com",  # split by a zero-width space
        "www\u200b.spam\u200d.vn",
    ],
)
def test_disguised_links_count(disguised):
    from friendship_union.news.services import count_links

    assert count_links(f"Xem {disguised} nhé") == 1, disguised


def test_ordinary_vietnamese_is_not_a_link():
    from friendship_union.news.services import count_links

    text = (
        "Cảm ơn TP.HCM và ThS.BS Nguyễn Văn An. Com-pa, v.v. Đoàn đến Q.1 lúc 8.30. "
        "Tôi ở Cà Mau. Ca Mau đẹp. Đồng ý . Anh ấy nói. To lớn."
    )
    assert count_links(text) == 0


def test_three_disguised_links_are_refused_and_nothing_is_saved(client, article):
    response = post(client, article, body="Mua tại spam . com, hxxp://x.example và casino．bet")
    assert response.status_code == 200
    assert "tối đa 2 đường liên kết" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("field", ["body", "name"])
def test_a_field_of_only_invisible_characters_is_empty(client, article, field):
    response = post(client, article, **{field: "\u200b\u200c\ufeff \u2060"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vui lòng nhập" in html
    assert not Comment.objects.exists()


def test_decomposed_vietnamese_is_measured_as_the_reader_sees_it(client, article):
    """A name pasted in NFD is longer in code points; the limit counts the letters (NFC)."""
    name = "Nguyễn Thị Ánh Tuyết, Đặng Hoàng Quỳnh Như, Trần Thị Ngọc Ẩn, Lê Hữu Đức"  # 72 letters in NFC
    decomposed = unicodedata.normalize("NFD", name.strip())
    assert len(decomposed) > 80 >= len(unicodedata.normalize("NFC", decomposed))
    post(client, article, name=decomposed)
    assert Comment.objects.get().name == unicodedata.normalize("NFC", name.strip())
