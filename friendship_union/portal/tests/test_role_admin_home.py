"""Each role's admin home and menu list what its job needs (README, Roles)."""

import re

import pytest

from friendship_union.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def listed(client, username, role) -> set[str]:
    client.force_login(UserFactory(username=username, role=role))
    page = client.get("/admin/").content.decode()
    return set(re.findall(r'<tr class="model-(\w+)', page))


def test_editor_home_lists_news_about_page_and_albums_only(client):
    models = listed(client, "bientap1", "editor")
    assert {"article", "category", "tag", "leader", "officeunit", "album", "photo"} <= models
    assert models.isdisjoint({"partner", "contactperson", "overseasperson", "person", "aiditem"})


def test_editor_still_picks_partners_for_an_article(client, reference_data):
    from friendship_union.partners.tests.factories import make_partner

    make_partner(code="LKC-AU", name="Loreto Kids Charity", acronym="LKC")
    client.force_login(UserFactory(username="bientap1", role="editor"))
    response = client.get(
        "/admin/autocomplete/",
        {"term": "loreto", "app_label": "news", "model_name": "article", "field_name": "partners"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Loreto Kids Charity (LKC)"]


def test_moderator_home_lists_comments(client):
    models = listed(client, "kiemduyet1", "moderator")
    assert "comment" in models
    assert models.isdisjoint({"partner", "contactperson", "overseasperson", "person", "aiditem"})


def test_data_entry_home_lists_the_records(client):
    models = listed(client, "nhaplieu1", "data_entry")
    assert {"partner", "aiditem", "delegation", "overseasperson", "event", "legaldocument"} <= models
