"""The editor writes news, the about page and photo albums (README, Roles) and picks the partners an
article mentions — seeing a partner without its contact people. Which pages, exports and pickers each
role reaches, for every model: test_role_matrix.py (it replaced the hand-listed pages that were here)."""

import json

import pytest

from friendship_union.core.tests.factories import UserFactory
from friendship_union.partners.tests.factories import make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, reference_data):
    client.force_login(UserFactory(username="bientap-pham-vi", role="editor"))
    return client


@pytest.fixture
def partner_with_contact(reference_data):
    partner = make_partner(code="LKC-AU", name="Loreto Kids Charity")
    partner.contacts.create(name="Người Liên Hệ Riêng", email="rieng@loreto.example", phone="0909 000 111")
    return partner


def test_the_editor_sees_a_partner_without_its_contacts_and_picks_it_for_an_article(editor, partner_with_contact):
    page = editor.get(f"/admin/partners/partner/{partner_with_contact.pk}/change/")
    assert page.status_code == 200
    assert "Người Liên Hệ Riêng" not in page.content.decode() and "rieng@loreto.example" not in page.content.decode()
    picker = editor.get(
        "/admin/autocomplete/", {"app_label": "news", "model_name": "article", "field_name": "partners", "term": "lor"}
    )
    assert picker.status_code == 200
    assert [r["text"] for r in json.loads(picker.content)["results"]] == ["Loreto Kids Charity"]
    assert editor.get("/admin/news/article/add/").status_code == 200
