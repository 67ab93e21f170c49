import pytest

from friendship_union.core.tests.factories import make_identity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("path", "heading", "lang"),
    [
        ("/", "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau", "vi"),
        ("/en/", "Ca Mau Union of Friendship Organizations", "en"),
    ],
)
def test_home_page_heading_and_no_console_errors(live_server, page, console_errors, path, heading, lang):
    make_identity()
    page.goto(live_server.url + path)
    assert page.locator("h1").inner_text() == heading
    assert page.locator("html").get_attribute("lang") == lang
    # The vendored font really loaded (no CDN): Vietnamese glyphs come from Be Vietnam Pro.
    loaded = page.evaluate(
        """async () => (await document.fonts.load('16px "Be Vietnam Pro"', 'Đất Mũi'))
            .map(f => f.status + ' ' + f.unicodeRange)"""
    )
    assert loaded and all(face.startswith("loaded") for face in loaded), loaded
    assert any("U+1EA0-1EF9" in face for face in loaded)  # the Vietnamese subset itself
    assert console_errors == []


def test_language_switch_goes_to_the_same_page_in_english(live_server, page, console_errors):
    make_identity()
    page.goto(live_server.url + "/gioi-thieu/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + "/en/about/")
    assert page.locator("h1").inner_text() == "About us"
    page.get_by_role("link", name="Tiếng Việt").click()
    page.wait_for_url(live_server.url + "/gioi-thieu/")
    assert console_errors == []


def test_phone_width_has_a_menu_that_opens(live_server, page, console_errors):
    make_identity()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    menu_link = page.locator(".nav-toggle").get_by_role("link", name="Giới thiệu")
    assert not menu_link.is_visible()
    page.get_by_text("Danh mục", exact=True).click()
    assert menu_link.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert console_errors == []


def test_admin_login_works_under_csp(live_server, page, console_errors):
    from friendship_union.core.tests.factories import PASSWORD, UserFactory

    make_identity()
    UserFactory(username="quantri1", role="admin")
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "quantri1")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button").filter(has_text="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/admin/")
    assert "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau" in page.locator("#site-name").inner_text()
    page.goto(live_server.url + "/admin/core/siteidentity/1/change/")
    assert page.locator("#id_name").input_value() == "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau"
    assert console_errors == []


def test_partner_abroad_reads_the_partner_directory_in_english(live_server, page, console_errors, records):
    """A partner abroad switches to English on the home page, opens the partner directory, narrows it
    to Australia and opens its own page: English labels and paths, no personal contacts."""
    from friendship_union.partners.tests.factories import make_partner

    make_partner(code="KR-GN", name="Good Neighbors", country_id="KR")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + "/en/")
    page.locator(".nav-wide").get_by_role("link", name="Partners").click()
    page.wait_for_url(live_server.url + "/en/partners/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Foreign partners"
    page.get_by_label("Country").select_option("AU")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/en/partners/?*nuoc=AU*")
    listing = page.locator("main").inner_text()
    assert "Loreto Kids Charity" in listing and "Good Neighbors" not in listing
    page.get_by_role("link", name="Loreto Kids Charity").first.click()
    page.wait_for_url(live_server.url + "/en/partners/LKC-AU/")
    text = page.locator("main").inner_text()
    assert "Dụng cụ học tập Đông Thới" in text  # its public aid item (no English title recorded)
    assert "rieng@loreto.example" not in page.content()
    assert console_errors == []
