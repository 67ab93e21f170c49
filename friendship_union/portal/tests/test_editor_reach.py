"""The editor writes news, the about page and photo albums (README, Roles) — and reads none of the
internal records: not partners' contact people, overseas Vietnamese or personnel, in their lists,
change pages, exports or the admin's autocomplete. An editor still picks the partners an article
mentions. (Before, the editor could view and export every records app.)"""

import json

import pytest
from django.contrib.auth.models import Group, Permission

from friendship_union.core.roles import ROLE_GROUPS
from friendship_union.core.tests.factories import UserFactory
from friendship_union.diaspora.models import OverseasPerson
from friendship_union.diaspora.services import overseas_person_save
from friendship_union.organizations.models import Person
from friendship_union.organizations.services import person_save
from friendship_union.partners.tests.factories import make_partner

pytestmark = pytest.mark.django_db

INTERNAL = [
    "/admin/partners/contactperson/",
    "/admin/diaspora/overseasperson/",
    "/admin/organizations/person/",
    "/admin/organizations/position/",
    "/admin/aid/aiditem/",
    "/admin/delegations/delegation/",
    "/admin/diaspora/homelandvisit/",
    "/admin/partners/registrationcertificate/",
    "/admin/partners/partner/export/",
]


@pytest.fixture
def editor(client, reference_data):
    client.force_login(UserFactory(username="bientap-pham-vi", role="editor"))
    return client


@pytest.fixture
def internal_records(reference_data):
    partner = make_partner(code="LKC-AU", name="Loreto Kids Charity")
    partner.contacts.create(name="Người Liên Hệ Riêng", email="rieng@loreto.example", phone="0909 000 111")
    overseas_person_save(person=OverseasPerson(name="Kiều Bào Riêng", country_id="US", email="kb@example.com"))
    person_save(person=Person(name="Cán Bộ Riêng", phone="0912 000 222"))
    return partner


def test_the_editor_reaches_no_internal_record(editor, internal_records):
    for url in INTERNAL:
        assert editor.get(url).status_code == 403, url
    # The pickers that list internal people (overseas Vietnamese, personnel) answer the editor 403.
    for app, model, field, term in (
        ("diaspora", "homelandvisit", "person", "Riêng"),
        ("diaspora", "donation", "donor_person", "Riêng"),
        ("organizations", "position", "person", "Riêng"),
        ("organizations", "award", "person", "Riêng"),
    ):
        query = {"app_label": app, "model_name": model, "field_name": field, "term": term}
        assert editor.get("/admin/autocomplete/", query).status_code == 403, (app, model)


def test_the_editor_sees_a_partner_without_its_contacts_and_picks_it_for_an_article(editor, internal_records):
    page = editor.get(f"/admin/partners/partner/{internal_records.pk}/change/")
    assert page.status_code == 200
    assert "Người Liên Hệ Riêng" not in page.content.decode() and "rieng@loreto.example" not in page.content.decode()
    picker = editor.get(
        "/admin/autocomplete/", {"app_label": "news", "model_name": "article", "field_name": "partners", "term": "lor"}
    )
    assert picker.status_code == 200
    assert [r["text"] for r in json.loads(picker.content)["results"]] == ["Loreto Kids Charity"]
    assert editor.get("/admin/news/article/add/").status_code == 200


def test_the_editor_role_holds_only_its_apps(reference_data):
    editor = Group.objects.get(name=ROLE_GROUPS["editor"])
    apps = set(editor.permissions.values_list("content_type__app_label", flat=True))
    assert apps == {"news", "gallery", "core", "partners"}
    assert set(editor.permissions.filter(content_type__app_label="partners").values_list("codename", flat=True)) == {
        "view_partner",
        "view_historicalpartner",
    }
    assert (
        not Permission.objects.filter(group=editor, codename__startswith="export_")
        .exclude(content_type__app_label__in=["news", "gallery", "core"])
        .exists()
    )
