"""Real Chromium: a reader searches "dong thoi", opens the article, comments and is told it awaits
moderation; a moderator approves it in the admin; it appears. The admin editor loads under the CSP
and saves formatted text."""

import pytest

from friendship_union.core.tests.factories import PASSWORD, UserFactory, make_identity
from friendship_union.news.models import Article, Comment, CommentStatus

from .factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button").filter(has_text="Đăng nhập").click()
    page.wait_for_url(base_url + "/admin/")


def test_reader_searches_comments_moderator_approves_comment_appears(live_server, page, console_errors):
    make_identity()
    make_article(slug="tham-dat-mui", title="Tổng Lãnh sự Nhật Bản thăm Đất Mũi và Đông Thới")
    make_article(slug="tin-khac", title="Tin khác về Cà Mau")
    UserFactory(username="kiemduyet1", role="moderator")
    article_url = live_server.url + "/tin-tuc/tham-dat-mui/"

    # The reader types without diacritics in the search box of the site header.
    page.goto(live_server.url + "/")
    page.locator("header input[type=search], header input[name=q]").first.fill("dong thoi")
    page.locator("header input[type=search], header input[name=q]").first.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=dong+thoi")
    news = page.locator("section.search-group", has_text="Tin tức")
    assert news.locator("mark").first.inner_text() == "Đông"
    news.get_by_role("link", name="Tổng Lãnh sự Nhật Bản thăm Đất Mũi và Đông Thới").click()
    page.wait_for_url(article_url)
    assert page.locator("h1").inner_text() == "Tổng Lãnh sự Nhật Bản thăm Đất Mũi và Đông Thới"
    page.get_by_label("Họ tên").fill("Trần Thị Mai")
    page.get_by_label("Thư điện tử").fill("mai@example.com")
    page.get_by_label("Nội dung bình luận").fill("Đất Mũi rất đẹp, mong có thêm nhiều đoàn khách.")
    # The honeypot is out of sight for people.
    assert not page.locator("#id_website").is_visible()
    page.get_by_role("button", name="Gửi bình luận").click()
    page.wait_for_url(article_url + "#binh-luan")
    notice = page.locator(".notice-success")
    assert "đang chờ kiểm duyệt" in notice.inner_text()
    assert "Đất Mũi rất đẹp" not in page.locator(".comments").inner_text()
    assert page.get_by_label("Họ tên").input_value() == ""  # a fresh form after the redirect
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING

    log_in(page, live_server.url, "kiemduyet1")
    page.goto(live_server.url + "/admin/news/comment/?status__exact=pending")
    page.locator(f"input[name='_selected_action'][value='{comment.pk}']").check()
    page.select_option("select[name='action']", "approve")
    page.locator("button[name='index']").click()
    assert "Đã duyệt 1 bình luận." in page.locator(".messagelist").inner_text()

    page.goto(article_url)
    comments = page.locator(".comments")
    assert "Đất Mũi rất đẹp, mong có thêm nhiều đoàn khách." in comments.inner_text()
    assert "Trần Thị Mai" in comments.inner_text()
    assert "mai@example.com" not in page.content()
    assert console_errors == []


def test_comment_errors_shown_next_to_fields_and_input_kept(live_server, page, console_errors):
    make_identity()
    make_article(slug="loi-nhap")
    page.goto(live_server.url + "/tin-tuc/loi-nhap/")
    page.get_by_label("Họ tên").fill("Lê Văn Hùng")
    page.get_by_label("Thư điện tử").fill("hung@")
    page.get_by_label("Nội dung bình luận").fill("Nội dung vẫn còn")
    page.get_by_role("button", name="Gửi bình luận").click()
    error = page.locator("#id_email_error")
    assert error.inner_text() == "Địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.com."
    assert page.get_by_label("Họ tên").input_value() == "Lê Văn Hùng"
    assert page.get_by_label("Nội dung bình luận").input_value() == "Nội dung vẫn còn"
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert not Comment.objects.exists()
    assert console_errors == []


def test_admin_editor_loads_under_csp_and_saves_formatted_text(live_server, page, console_errors):
    make_identity()
    UserFactory(username="bientap1", role="editor")
    log_in(page, live_server.url, "bientap1")
    page.goto(live_server.url + "/admin/news/article/add/")
    editor = page.locator(".ql-editor")
    editor.wait_for()
    assert not page.locator("#id_body").is_visible()  # the textarea is the form field behind Quill

    page.fill("#id_title", "Trao quà cho học sinh Đông Thới")
    page.fill("#id_summary", "Tóm tắt bài.")
    editor.click()
    page.keyboard.type("Tiêu đề phụ")
    page.locator(".ql-header .ql-picker-label").click()
    page.locator(".ql-header .ql-picker-item[data-value='2']").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Chữ thường ")
    page.locator("button.ql-bold").click()
    page.keyboard.type("chữ đậm")
    page.locator("button.ql-bold").click()
    page.keyboard.press("Enter")
    page.locator("button.ql-list[value='bullet']").click()
    page.keyboard.type("Ý một")
    assert page.locator("button.ql-bold").get_attribute("aria-label") == "Chữ đậm"

    page.locator("input[name='_save']").click()
    page.wait_for_url(live_server.url + "/admin/news/article/")
    article = Article.objects.get()
    assert article.title == "Trao quà cho học sinh Đông Thới"
    assert "<h2>Tiêu đề phụ</h2>" in article.body
    assert "<p>Chữ thường <strong>chữ đậm</strong></p>" in article.body
    assert "<ul><li>Ý một</li></ul>" in article.body
    assert "&nbsp;" not in article.body
    assert article.author.username == "bientap1"

    # Opening it again shows the same formatting in the editor.
    page.goto(live_server.url + f"/admin/news/article/{article.pk}/change/")
    assert page.locator(".ql-editor h2").inner_text() == "Tiêu đề phụ"
    assert page.locator(".ql-editor strong").inner_text() == "chữ đậm"
    # The heading looks as readers will see it, not as the admin's blue section bar (`.module h2`).
    background, transform, color = page.locator(".ql-editor h2").evaluate(
        "h => { const s = getComputedStyle(h); return [s.backgroundColor, s.textTransform, s.color]; }"
    )
    assert (background, transform) == ("rgba(0, 0, 0, 0)", "none")
    assert color != "rgb(255, 255, 255)"
    assert console_errors == []
