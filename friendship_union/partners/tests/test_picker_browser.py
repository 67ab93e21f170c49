"""Data entry types a country the way staff write it and gets that country, in real Chromium."""

import threading

import pytest
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.test import override_settings
from playwright.sync_api import expect

from friendship_union.core.tests.factories import PASSWORD, UserFactory
from friendship_union.partners.models import Partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = {
    "Úc": "Úc",
    "uc": "Úc",
    "Australia": "Úc",
    "AU": "Úc",
    "Hoa Kỳ": "Hoa Kỳ",
    "My": "Hoa Kỳ",
    "Nhật": "Nhật Bản",
    "Đức": "Đức",
}


def open_country_picker(page):
    page.locator(".field-country .select2-selection").click()
    return page.locator(".select2-container--open .select2-search__field")


@override_settings(DEBUG=False)
def test_country_picker_takes_what_was_typed(live_server, page, console_errors, reference_data, tmp_path, monkeypatch):
    UserFactory(username="nhaplieu1", role="data_entry")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/admin/partners/partner/add/")
    page.fill("#id_username", "nhaplieu1")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button").filter(has_text="Đăng nhập").click()
    page.wait_for_url("**/admin/partners/partner/add/")

    highlighted = page.locator(".select2-results__option--highlighted")
    for typed, country in TYPED.items():
        search = open_country_picker(page)
        search.press_sequentially(typed)
        expect(page.locator(".loading-results")).to_have_count(0)
        expect(highlighted).to_have_text(country, timeout=3000)
        if typed == "Úc":
            page.screenshot(path=str(tmp_path / "country-uc.png"))
        search.press("Enter")
        assert page.locator(".field-country .select2-selection__rendered").inner_text().endswith(country)

    # Enter pressed before the results for the new text arrive neither takes nor keeps a row of the
    # old list: the picker stays open until they are in.
    search = open_country_picker(page)
    expect(page.locator(".loading-results")).to_have_count(0)  # the list before anything is typed
    answer = threading.Event()
    original_get = AutocompleteJsonView.get

    def slow_get(view, request, *args, **kwargs):
        answer.wait(10)
        return original_get(view, request, *args, **kwargs)

    monkeypatch.setattr(AutocompleteJsonView, "get", slow_get)
    search.press_sequentially("Úc")
    search.press("Enter")
    # Select2 sends the search after a short delay: wait for its "searching" row rather than race it.
    expect(page.locator(".select2-container--open .loading-results")).to_have_count(1)
    expect(page.locator(".select2-container--open")).not_to_have_count(0)  # still choosing
    answer.set()
    expect(page.locator(".loading-results")).to_have_count(0)
    expect(highlighted).to_have_text("Úc")
    search.press("Enter")
    expect(page.locator(".field-country .select2-selection__rendered")).to_contain_text("Úc")

    page.fill("#id_code", "ACF-01")
    page.fill("#id_name", "Australian Children Foundation")
    page.select_option("#id_partner_type", index=1)
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/partners/partner/")
    assert Partner.objects.get(code="ACF-01").country_id == "AU"
    assert console_errors == []
