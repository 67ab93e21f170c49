"""An album page in real Chromium: photos load (WebP), the lightbox opens, no console errors (strict CSP)."""

import pytest

from friendship_union.core.tests.factories import make_identity
from friendship_union.gallery.tests.factories import make_album, make_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_album_page_in_chromium(live_server, page, console_errors, media_served):
    make_identity()
    album = make_album(title="Trao học bổng tại Đất Mũi", description="Ba mươi suất học bổng.")
    make_photo(album, width=1800, height=1200, alt_text="Học sinh nhận học bổng", caption="Trao học bổng")
    make_photo(album, width=900, height=600, alt_text="Toàn cảnh buổi lễ", credit="Ảnh: LHHN Cà Mau")
    page.goto(live_server.url + "/thu-vien-anh/")
    page.get_by_role("link", name="Trao học bổng tại Đất Mũi").click()
    page.wait_for_url(live_server.url + album.get_absolute_url())
    assert page.locator("h1").inner_text() == "Trao học bổng tại Đất Mũi"
    first = page.get_by_role("img", name="Học sinh nhận học bổng")
    first.scroll_into_view_if_needed()
    first.evaluate('img => img.complete && img.naturalWidth > 0 || new Promise(ok => img.addEventListener("load", ok))')
    assert first.evaluate("img => img.naturalWidth") > 0
    assert ".webp" in first.evaluate("img => img.currentSrc")
    first.click()
    dialog = page.locator("dialog.lightbox")
    assert dialog.is_visible()
    assert dialog.locator("figcaption").inner_text() == "Trao học bổng"
    page.keyboard.press("ArrowRight")
    assert dialog.locator("img").get_attribute("alt") == "Toàn cảnh buổi lễ"
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert console_errors == []
