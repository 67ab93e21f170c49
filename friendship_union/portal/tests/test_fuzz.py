"""Odd input never gives a 500: a NUL byte anywhere in a request is a calm 400 that changes nothing."""

import pytest
from axes.models import AccessAttempt
from django.apps import apps

from friendship_union.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def superuser_client(client):
    client.raise_request_exception = False
    client.force_login(UserFactory(username="quantri-fuzz", is_superuser=True))
    return client


ARTICLE = "/tin-tuc/tong-lanh-su-nhat-ban-tham-dat-mui/"
NUL_REQUESTS = {
    "in the path": ("get", "/vien-tro/%00/", {}),
    "in a record code": ("get", "/doi-tac/LKC%00/", {}),
    "in a value": ("get", "/tim-kiem/?q=%00", {}),
    "in a key": ("get", "/van-ban/?%00=1", {}),
    "in a list filter": ("get", "/admin/aid/aiditem/?status__exact=a%00", {}),
    "in the admin's autocomplete": (
        "get",
        "/admin/autocomplete/?term=%00&app_label=aid&model_name=aiditem&field_name=currency",
        {},
    ),
    "in a cookie": ("get", "/", {"HTTP_COOKIE": "sessionid=" + "x" * 16 + "\x00" + "x" * 15}),
    "in a header": ("get", "/", {"HTTP_USER_AGENT": "a\x00b"}),
    "in a comment": ("post", ARTICLE, {"data": {"name": "Bạn đọc", "email": "ban@doc.vn", "body": "Chào\x00"}}),
    "in an admin form": ("post", "/admin/news/tag/add/", {"data": {"name": "Thẻ\x00"}}),
}


@pytest.mark.parametrize("where", NUL_REQUESTS)
def test_a_nul_byte_anywhere_is_a_calm_400_in_vietnamese_and_nothing_changes(superuser_client, demo, where):
    method, url, options = NUL_REQUESTS[where]
    before = row_counts()
    response = getattr(superuser_client, method)(url, **options)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    assert row_counts() == before


def test_the_400_page_speaks_english_under_en(client, demo):
    response = client.get("/en/aid/?year=%00")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode() and 'lang="en"' in response.content.decode()


def test_a_nul_byte_in_the_login_form_is_refused_and_not_recorded(client, demo):
    client.raise_request_exception = False
    response = client.post("/admin/login/", {"username": "quantri\x00", "password": "sai"})
    assert response.status_code == 400
    assert not AccessAttempt.objects.exists()
