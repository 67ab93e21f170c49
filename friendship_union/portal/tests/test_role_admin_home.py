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


def test_moderator_home_lists_comments_only(client):
    assert listed(client, "kiemduyet1", "moderator") == {"comment"}


def test_moderator_still_opens_the_article_a_comment_is_on(client):
    from friendship_union.news.tests.factories import make_article, make_comment

    article = make_article(title="Bài có bình luận")
    comment = make_comment(article)
    client.force_login(UserFactory(username="kiemduyet1", role="moderator"))
    page = client.get(f"/admin/news/comment/{comment.pk}/change/").content.decode()
    assert f'href="/admin/news/article/{article.pk}/change/"' in page
    assert "Bài có bình luận" in client.get(f"/admin/news/article/{article.pk}/change/").content.decode()


def sections(client) -> list[str]:
    page = client.get("/admin/").content.decode()
    return re.findall(r'<caption>\s*<a href="[^"]+" class="section"[^>]*>([^<]+)</a>', page)


def test_editor_sees_the_about_page_under_its_name(client):
    client.force_login(UserFactory(username="bientap1", role="editor"))
    assert sections(client) == ["Thư viện ảnh", "Tin tức", "Trang giới thiệu"]


def test_sections_a_role_writes_come_first_in_vietnamese_order(client):
    client.force_login(UserFactory(username="nhaplieu1", role="data_entry"))
    found = sections(client)
    assert found[-1] == "Trang giới thiệu"  # read only, after every section data entry writes in
    assert found.index("Đoàn ra – đoàn vào") < found.index("Kêu gọi tài trợ")  # Đ beside D, not after V


def test_data_entry_home_lists_the_records(client):
    models = listed(client, "nhaplieu1", "data_entry")
    assert {"partner", "aiditem", "delegation", "overseasperson", "event", "legaldocument"} <= models
