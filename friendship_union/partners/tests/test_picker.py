"""The partner picker (aid providers, certificates, articles) lists first the partner whose code,
acronym or name is what was typed, then names starting with it, diacritics and case ignored."""

import pytest

from friendship_union.core.tests.factories import UserFactory

from .factories import make_partner

pytestmark = pytest.mark.django_db


def test_partner_picker_lists_what_was_typed_first(client, reference_data):
    make_partner(code="AAA-01", name="Australian Volunteers for Unicef Projects", acronym="AVUP")
    make_partner(code="AAA-02", name="Children of Asia", acronym="COA")
    make_partner(code="LKC-AU", name="Loreto Kids Charity", acronym="LKC")
    make_partner(code="AAA-03", name="Asia Unicef Friends", name_vi="Bạn bè Unicef châu Á")
    make_partner(code="ZZZ-09", name="UNICEF", name_vi="Quỹ Nhi đồng Liên Hợp Quốc", country_id="US")
    client.force_login(UserFactory(username="nhaplieu1", role="data_entry"))

    def first(term):
        response = client.get(
            "/admin/autocomplete/",
            {"term": term, "app_label": "aid", "model_name": "aidprovider", "field_name": "partner"},
        )
        return response.json()["results"][0]["text"]

    assert first("unicef") == "Quỹ Nhi đồng Liên Hợp Quốc"
    assert first("LKC") == "Loreto Kids Charity (LKC)"
    assert first("lkc-au") == "Loreto Kids Charity (LKC)"
    assert first("quy nhi dong") == "Quỹ Nhi đồng Liên Hợp Quốc"
    assert first("ban be") == "Bạn bè Unicef châu Á"
