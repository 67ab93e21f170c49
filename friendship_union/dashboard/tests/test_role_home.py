"""A leader's first page is the dashboard: after logging in at /admin/, and at the top of the admin's home."""

import pytest

from friendship_union.core.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def log_in(client, username, next_page="/admin/"):
    return client.post(
        "/admin/login/", {"username": username, "password": PASSWORD, "next": next_page}, REMOTE_ADDR="10.0.0.9"
    )


def test_leader_lands_on_the_dashboard_after_login(client):
    UserFactory(username="lanhdao1", role="leadership")
    response = log_in(client, "lanhdao1")
    assert response.status_code == 302
    assert response["Location"] == "/bang-dieu-khien/"


def test_leader_asking_for_a_page_gets_it(client):
    UserFactory(username="lanhdao1", role="leadership")
    assert log_in(client, "lanhdao1", "/admin/aid/aiditem/")["Location"] == "/admin/aid/aiditem/"


def test_other_roles_land_on_the_admin_home(client):
    UserFactory(username="nhaplieu1", role="data_entry")
    UserFactory(username="bientap1", role="editor")
    assert log_in(client, "nhaplieu1")["Location"] == "/admin/"
    client.logout()
    assert log_in(client, "bientap1")["Location"] == "/admin/"


def test_leaders_admin_home_shows_the_dashboard_first(client):
    client.force_login(UserFactory(username="lanhdao1", role="leadership"))
    page = client.get("/admin/").content.decode()
    assert 'href="/bang-dieu-khien/">Mở bảng điều khiển' in page
    assert page.index("Mở bảng điều khiển") < page.index('class="app-')  # before the record lists
    client.force_login(UserFactory(username="bientap1", role="editor"))
    assert "Mở bảng điều khiển" not in client.get("/admin/").content.decode()
