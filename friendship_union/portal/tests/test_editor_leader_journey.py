"""Two staff journeys in real Chromium under the site's CSP (issue #15): an editor writes an article,
uploads a photo into the gallery from the editor's dialog, must give its alt text, publishes, and
the reader gets the photo as renditions with srcset; a leader logs in and lands on the dashboard.
Screenshots at 1366 and 1920 px go to the test's tmp_path (pytest --basetemp to keep them)."""

import re

import pytest

from friendship_union.core.tests.factories import PASSWORD, UserFactory, make_identity
from friendship_union.gallery.models import Photo
from friendship_union.gallery.tests.factories import image_bytes
from friendship_union.news.models import Article, ArticleStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 1920)
LOADED = 'img => img.complete && img.naturalWidth > 0 || new Promise(ok => img.addEventListener("load", ok))'


def log_in(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button").filter(has_text="Đăng nhập").click()


def watch(page, errors: list[str]) -> None:
    """Console errors (CSP refusals among them) and failed requests of a pop-up window too."""
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)


def test_editor_uploads_a_photo_from_the_editor_and_readers_get_its_renditions(
    live_server, page, console_errors, media_served, tmp_path
):
    make_identity()
    UserFactory(username="bientap1", role="editor")
    photo_file = tmp_path / "dat-mui.jpg"
    photo_file.write_bytes(image_bytes(2400, 1600))
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server.url, "bientap1")
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(live_server.url + "/admin/news/article/add/")
    page.fill("#id_title", "Mốc tọa độ quốc gia ở Đất Mũi đón khách")
    page.fill("#id_summary", "Đoàn bạn bè quốc tế thăm mũi Cà Mau.")
    page.locator(".ql-editor").click()
    page.keyboard.type("Sáng nay đoàn đến Đất Mũi.")
    page.keyboard.press("Enter")

    # The image button opens the dialog (no browser prompt asking for a /media/… path).
    page.once("dialog", lambda d: pytest.fail(f"a browser prompt appeared: {d.message}"))
    page.get_by_role("button", name="Chèn ảnh từ thư viện").click()
    dialog = page.get_by_role("dialog", name="Chèn ảnh từ thư viện ảnh")
    assert dialog.is_visible()
    page.screenshot(path=str(tmp_path / "1366-dialog.png"))

    # Upload in the gallery's own form, in the admin's pop-up (as the cover photo's "+").
    with page.expect_popup() as opened:
        dialog.get_by_role("link", name="Tải ảnh mới lên").click()
    popup = opened.value
    watch(popup, console_errors)
    popup.wait_for_load_state()
    popup.set_input_files("#id_image", str(photo_file))
    popup.locator("input[name='_save']").click()  # without alt text: the gallery refuses it
    assert "Trường này là bắt buộc." in popup.locator(".field-alt_text").inner_text()
    popup.fill("#id_alt_text", "Mốc tọa độ quốc gia GPS 0001 ở Đất Mũi")
    popup.set_input_files("#id_image", str(photo_file))
    popup.locator("input[name='_save']").click()
    popup.wait_for_event("close", timeout=90_000)  # the renditions are made on save: slow beside a busy worker
    photo = Photo.objects.get()
    assert photo.alt_text == "Mốc tọa độ quốc gia GPS 0001 ở Đất Mũi" and len(photo.renditions) == 3

    # Back in the dialog: the photo, its alt text to confirm — required.
    alt = dialog.get_by_label("Mô tả ảnh (cho người khiếm thị)")
    alt.wait_for()
    assert alt.input_value() == "Mốc tọa độ quốc gia GPS 0001 ở Đất Mũi"
    alt.fill("  ")
    dialog.get_by_role("button", name="Chèn ảnh vào bài").click()
    assert (
        dialog.locator(".photo-dialog-error").inner_text() == "Hãy nhập mô tả ảnh (cho người khiếm thị) trước khi chèn."
    )
    assert alt.get_attribute("aria-invalid") == "true"
    alt.fill("Khách nước ngoài chụp ảnh bên mốc tọa độ quốc gia ở Đất Mũi")
    page.screenshot(path=str(tmp_path / "1366-dialog-alt.png"))
    dialog.get_by_role("button", name="Chèn ảnh vào bài").click()
    assert not dialog.is_visible()
    page.keyboard.type("Đoàn trồng cây đước ven biển.")
    inserted = page.locator(".ql-editor img")
    inserted.evaluate(
        'img => img.complete && img.naturalWidth > 0 || new Promise(ok => img.addEventListener("load", ok))'
    )
    assert inserted.get_attribute("data-photo") == str(photo.pk)
    page.screenshot(path=str(tmp_path / "1366-editor.png"))

    page.select_option("#id_status", ArticleStatus.PUBLISHED)
    page.locator("input[name='_save']").click()
    page.wait_for_url(live_server.url + "/admin/news/article/")
    article = Article.objects.get()
    assert article.status == ArticleStatus.PUBLISHED and article.is_public
    assert f'alt="Khách nước ngoài chụp ảnh bên mốc tọa độ quốc gia ở Đất Mũi" data-photo="{photo.pk}"' in article.body
    assert re.search(r"<p>Đoàn trồng cây đước ven biển\.</p>$", article.body)  # the text goes on below it

    # The reader: the photo as renditions, WebP first, the article's alt text, laid out in the column.
    page.context.clear_cookies()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + article.get_absolute_url())
        shown = page.get_by_role("img", name="Khách nước ngoài chụp ảnh bên mốc tọa độ quốc gia ở Đất Mũi")
        shown.scroll_into_view_if_needed()
        shown.evaluate(
            'img => img.complete && img.naturalWidth > 0 || new Promise(ok => img.addEventListener("load", ok))'
        )
        srcset = shown.get_attribute("srcset")
        assert re.findall(r" (\d+)w", srcset) == ["400", "800", "1600"]
        assert ".webp" in shown.evaluate("img => img.currentSrc")  # the <source> Chromium chose
        assert shown.evaluate("img => img.naturalWidth") >= shown.evaluate("img => img.clientWidth")
        assert shown.evaluate("img => img.getBoundingClientRect().width") <= page.locator(".article-body").evaluate(
            "body => body.getBoundingClientRect().width"
        )
        assert photo.image.url not in page.content()  # never the full-size original
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(tmp_path / f"{width}-article.png"), full_page=True)
    assert console_errors == []


def test_a_leader_logs_in_and_lands_on_the_dashboard(live_server, page, console_errors, demo_transactional, tmp_path):
    UserFactory(username="lanhdao1", role="leadership")
    for width in WIDTHS:
        page.context.clear_cookies()
        page.set_viewport_size({"width": width, "height": 900})
        log_in(page, live_server.url, "lanhdao1")
        page.wait_for_url(live_server.url + "/bang-dieu-khien/")
        assert page.locator("h1").inner_text() == "Bảng điều khiển"
        page.wait_for_function("document.querySelectorAll('canvas').length >= 3")
        page.screenshot(path=str(tmp_path / f"{width}-leader-lands.png"))
        # The admin home: the dashboard first, then the records, read only.
        page.goto(live_server.url + "/admin/")
        first = page.locator("#content .module").first
        assert "Mở bảng điều khiển" in first.inner_text()
        # Read only, but for the reports the leader writes and sends (README's roles table).
        adds = page.locator("#content-main").get_by_role("link", name="Thêm vào")
        assert adds.count() > 0
        assert all(
            href.startswith("/admin/reports/")
            for href in adds.evaluate_all("els => els.map(e => e.getAttribute('href'))")
        )
        page.screenshot(path=str(tmp_path / f"{width}-leader-admin-home.png"), full_page=True)
    assert console_errors == []
