"""The admin's pickers (Select2 autocomplete) list first what was typed: the code, a whole name or an
alias, then names starting with it — diacritics and case ignored — so the row Enter takes is the one
the user meant ("Úc" gave Campuchia, Nam Cực and St. Lucia before Úc)."""

import pytest

from friendship_union.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, reference_data):
    client.force_login(UserFactory(username="nhaplieu1", role="data_entry"))
    return client


def picked(client, term, app_label, model_name, field_name) -> list[str]:
    response = client.get(
        "/admin/autocomplete/",
        {"term": term, "app_label": app_label, "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


COUNTRIES = [
    ("Úc", "Úc"),
    ("uc", "Úc"),
    ("UC", "Úc"),
    ("Australia", "Úc"),
    ("AU", "Úc"),
    ("Hoa Kỳ", "Hoa Kỳ"),
    ("hoa ky", "Hoa Kỳ"),
    ("My", "Hoa Kỳ"),
    ("Mỹ", "Hoa Kỳ"),
    ("Nhật", "Nhật Bản"),
    ("nhat", "Nhật Bản"),
    ("Đức", "Đức"),
    ("duc", "Đức"),
    ("Germany", "Đức"),
]


def test_country_picker_lists_what_was_typed_first(staff_client):
    first = {typed: picked(staff_client, typed, "partners", "partner", "country")[0] for typed, _ in COUNTRIES}
    assert first == dict(COUNTRIES)


def test_country_picker_still_lists_names_containing_the_text(staff_client):
    names = picked(staff_client, "uc", "partners", "partner", "country")
    assert names[0] == "Úc"
    assert "Campuchia" in names  # contained, listed after


CURRENCIES = [
    ("USD", "USD – Đô la Mỹ"),
    ("usd", "USD – Đô la Mỹ"),
    ("AUD", "AUD – Đô la Australia"),
    ("vnd", "VND – Đồng Việt Nam"),
    ("đồng việt", "VND – Đồng Việt Nam"),
    ("dong viet", "VND – Đồng Việt Nam"),
    ("yen nhat", "JPY – Yên Nhật"),
    ("Euro", "EUR – Euro"),
]


def test_currency_picker_lists_what_was_typed_first(staff_client):
    first = {typed: picked(staff_client, typed, "aid", "aiditem", "currency")[0] for typed, _ in CURRENCIES}
    assert first == dict(CURRENCIES)


def test_sector_picker_lists_what_was_typed_first(staff_client):
    cases = {"12220": "12220", "122": "122", "giáo dục cơ bản": "112", "Basic education": "112"}
    first = {typed: picked(staff_client, typed, "aid", "aidsector", "sector")[0].split(" – ")[0] for typed in cases}
    assert first == cases


def test_place_picker_lists_what_was_typed_first(staff_client):
    cases = {"Cà Mau": "Tỉnh Cà Mau", "ca mau": "Tỉnh Cà Mau", "An Giang": "Tỉnh An Giang"}
    first = {typed: picked(staff_client, typed, "diaspora", "overseasperson", "hometown")[0] for typed in cases}
    assert first == cases
